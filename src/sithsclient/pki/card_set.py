"""The set: which certificates a card should hold after an operation, as the issuing service decides it.

The real service has changed its mind over the years (docs/design.md, "A card's life after the upgrade"): after
the SITHS e-id distance upgrade a card held four certificates (an HSA-id pair and a personnummer pair), on the
2024 platform only the authentication certificate, and this program assumed two. So the set is data: per
certificate its profile (an RFC 9480 certProfile name, how the service and the requests name it), what it is for,
which PIN guards its key, its key type, and whose identity its subject carries (HSA-id or personnummer).

The service says which set it issues (enroll/, a genm for id-it-certReqTemplate with id-it-certProfile); where it
cannot say, the configuration's `card_set` names one of `SETS` below, and the run records that it fell back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sithsclient.pki.model import Purpose
from sithsclient.pki.profiles import issuer_profile


class Identity(StrEnum):
    """Whose number the subject's serialNumber (2.5.4.5) carries."""

    HSA_ID = "hsa-id"  # SE2321000131-S000000012345, from "SITHS e-id Person HSA-id 3 CA v1"
    PERSONNUMMER = "personnummer"  # 12 digits, from "SITHS e-id Person ID 3 CA v1"


class Source(StrEnum):
    """Where the run learnt its set: IT support needs to know when it was not the service."""

    SERVICE = "service"
    CONFIGURATION = "configuration"


@dataclass(frozen=True)
class CertificateSpec:
    """One certificate of the set."""

    profile: str  # the certProfile name (RFC 9480), as sent in the request's generalInfo
    purpose: Purpose
    identity: Identity = Identity.HSA_ID
    key_type: str = "rsa2048"  # card/model.py KeyType_ values
    # The number the service's template puts in the subject's serialNumber; "": that of the certificate replaced
    serial_number: str = ""

    @property
    def pin(self) -> Purpose:
        """Which PIN guards the key: the signature PIN for a signature certificate, else the authentication PIN."""
        return Purpose.SIGNATURE if self.purpose is Purpose.SIGNATURE else Purpose.AUTHENTICATION


@dataclass(frozen=True)
class CardSet:
    name: str  # one of SETS' keys, or "service" for a set the service described that matches none
    certificates: tuple[CertificateSpec, ...]
    source: Source = Source.CONFIGURATION

    @property
    def purposes(self) -> set[Purpose]:
        return {c.purpose for c in self.certificates}

    def profiles(self) -> tuple[str, ...]:
        return tuple(c.profile for c in self.certificates)

    def of(self, profile: str) -> CertificateSpec | None:
        return next((c for c in self.certificates if c.profile == profile), None)


# Profile names: the practice service's and this program's own; a real service's names are read from it.
HSA_AUTH = "siths-hsa-id-authentication"
HSA_SIGN = "siths-hsa-id-signature"
PNR_AUTH = "siths-personnummer-authentication"
PNR_SIGN = "siths-personnummer-signature"

_SPECS = {
    HSA_AUTH: CertificateSpec(HSA_AUTH, Purpose.AUTHENTICATION, Identity.HSA_ID),
    HSA_SIGN: CertificateSpec(HSA_SIGN, Purpose.SIGNATURE, Identity.HSA_ID),
    PNR_AUTH: CertificateSpec(PNR_AUTH, Purpose.AUTHENTICATION, Identity.PERSONNUMMER),
    PNR_SIGN: CertificateSpec(PNR_SIGN, Purpose.SIGNATURE, Identity.PERSONNUMMER),
}

TWO = "two"  # today's: a new pair for the old pair
FOUR = "four"  # the distance upgrade's: an HSA-id pair and a personnummer pair
ONE = "one"  # the 2024 platform's: authentication only (the signature certificate is fetched later)

SETS: dict[str, tuple[str, ...]] = {
    TWO: (HSA_AUTH, HSA_SIGN),
    FOUR: (HSA_AUTH, HSA_SIGN, PNR_AUTH, PNR_SIGN),
    ONE: (HSA_AUTH,),
}
DEFAULT_SET = TWO


def named_set(name: str, key_type: str = "rsa2048", source: Source = Source.CONFIGURATION) -> CardSet:
    """One of SETS, each key of `key_type`; KeyError for a name not in SETS."""
    return CardSet(name, tuple(_with_key(_SPECS[p], key_type) for p in SETS[name]), source)


def _with_key(spec: CertificateSpec, key_type: str) -> CertificateSpec:
    return CertificateSpec(spec.profile, spec.purpose, spec.identity, key_type, spec.serial_number)


def from_service(specs: list[CertificateSpec]) -> CardSet:
    """The set a service described, named after the known set it equals (for the words), else "service"."""
    profiles = tuple(s.profile for s in specs)
    name = next((n for n, known in SETS.items() if known == profiles), "service")
    return CardSet(name, tuple(specs), Source.SERVICE)


# A Swedish personnummer or samordningsnummer, with or without century, as a serialNumber carries it.
_PERSONNUMMER = re.compile(r"^(\d{2})?\d{6}[-+]?\d{4}$")


def identity_of_serial(serial_number: str) -> Identity:
    return Identity.PERSONNUMMER if _PERSONNUMMER.match(serial_number.strip()) else Identity.HSA_ID


def identity_of_issuer(issuer_cn: str) -> Identity | None:
    """What a current certificate's issuing CA tells: "... Person ID ..." issues on personnummer."""
    profile = issuer_profile(issuer_cn)
    if profile is None:
        return None
    return Identity.PERSONNUMMER if " Person ID " in profile.name else Identity.HSA_ID


def profile_for(purpose: Purpose, identity: Identity) -> str | None:
    """The profile name of a certificate found on a card (a run rebuilt from the card)."""
    return next((s.profile for s in _SPECS.values() if s.purpose is purpose and s.identity is identity), None)
