"""What each certificate on a card is, and what the upgrade can do for the card (the verdict)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

from sithsclient.pki.card_set import Identity, identity_of_issuer
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.pki.profiles import ROOTS, is_foreign_issuer, issuer_profile, strip_practice


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def purpose_of(cert: x509.Certificate) -> Purpose:
    """Signature certificates carry nonRepudiation; authentication ones digitalSignature (docs/design.md)."""
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return Purpose.UNKNOWN
    if ku.content_commitment:
        return Purpose.SIGNATURE
    if ku.digital_signature:
        return Purpose.AUTHENTICATION
    if ku.key_encipherment or ku.data_encipherment or ku.key_agreement:
        return Purpose.ENCRYPTION
    return Purpose.UNKNOWN


def generation_of(cert: x509.Certificate) -> tuple[Generation, int | None, bool]:
    """(generation, level of assurance, issued to a spare card) from the issuer's name."""
    issuer_cn = _attr(cert.issuer, NameOID.COMMON_NAME)
    issuer_o = _attr(cert.issuer, NameOID.ORGANIZATION_NAME)
    if is_foreign_issuer(issuer_cn, issuer_o):
        return Generation.FOREIGN, None, False
    profile = issuer_profile(issuer_cn)
    if profile is not None:
        return profile.generation, profile.loa, profile.spare
    if strip_practice(issuer_cn) in ROOTS:
        return ROOTS[strip_practice(issuer_cn)], None, False
    return Generation.OTHER, None, False


@dataclass(frozen=True)
class CertificateInfo:
    """One certificate as a user and IT support see it."""

    cert: x509.Certificate
    purpose: Purpose
    issuer: str
    subject: str
    holder_name: str
    hsa_id: str
    not_before: dt.datetime
    not_after: dt.datetime
    generation: Generation
    loa: int | None
    spare: bool
    organisation: str = ""  # tells an extra pair from another organisation apart from the card's own

    def days_left(self, now: dt.datetime | None = None) -> int:
        moment = now or dt.datetime.now(dt.UTC)
        return (self.not_after - moment).days

    def expired(self, now: dt.datetime | None = None) -> bool:
        return (now or dt.datetime.now(dt.UTC)) > self.not_after

    @classmethod
    def of(cls, cert: x509.Certificate) -> CertificateInfo:
        generation, loa, spare = generation_of(cert)
        return cls(
            cert=cert,
            purpose=purpose_of(cert),
            issuer=_attr(cert.issuer, NameOID.COMMON_NAME) or cert.issuer.rfc4514_string(),
            subject=cert.subject.rfc4514_string(),
            holder_name=_attr(cert.subject, NameOID.COMMON_NAME),
            hsa_id=_attr(cert.subject, NameOID.SERIAL_NUMBER),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            generation=generation,
            loa=loa,
            spare=spare,
            organisation=_attr(cert.subject, NameOID.ORGANIZATION_NAME),
        )


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reason: str  # English; the UI translates by verdict


def assess(certificates: Iterable[CertificateInfo], now: dt.datetime | None = None) -> Assessment:
    """The card's verdict. Order matters: a foreign card is never upgraded even if it carries SITHS certs."""
    certs = [c for c in certificates if not c.expired(now)] or list(certificates)
    if not certs:
        return Assessment(Verdict.UNKNOWN, "The card holds no certificates.")
    if any(c.generation is Generation.FOREIGN for c in certs):
        return Assessment(
            Verdict.FOREIGN_CARD,
            "This card was issued by Telia or Skatteverket. It cannot be upgraded: order a SITHS card "
            "from your local card office (biträdande utgivare).",
        )
    siths = [c for c in certs if c.generation in (Generation.LEGACY, Generation.CURRENT)]
    if not siths:
        return Assessment(Verdict.UNKNOWN, "The card holds no SITHS certificates.")
    if any(c.spare for c in siths):
        return Assessment(Verdict.SPARE_CARD, "This is a spare card (reservkort). Spare cards are not upgraded.")
    personal = [c for c in siths if c.purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE)]
    # Judged per HSA-ID: an extra pair from another organisation (always current) must not make a card whose
    # own certificates are old look upgraded. A half-upgraded card (old and new pair of one HSA-ID) is current.
    pair = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
    current = {
        hsa_id: {c.purpose for c in personal if c.hsa_id == hsa_id and c.generation is Generation.CURRENT}
        for hsa_id in {c.hsa_id for c in personal}
    }
    old_ids = {c.hsa_id for c in personal if c.generation is Generation.LEGACY}
    # Upgraded: a current pair, or the authentication certificate alone where the set is one (pki/card_set.py)
    upgraded = [hsa_id for hsa_id, purposes in current.items() if Purpose.AUTHENTICATION in purposes]
    if upgraded and all(pair <= current[hsa_id] for hsa_id in old_ids):
        return Assessment(Verdict.CURRENT, "The card already has current SITHS eID certificates.")
    if old_ids:
        return Assessment(
            Verdict.MUST_UPGRADE,
            "The card has certificates from the old SITHS hierarchy (ordered before 2020-02-11). "
            "They must be replaced by new ones.",
        )
    return Assessment(Verdict.UNKNOWN, "The card's certificates do not form a set this program recognises.")


def holders(certificates: Iterable[CertificateInfo], now: dt.datetime | None = None, own: str = "") -> list[str]:
    """The HSA-IDs of the valid SITHS personal certificates on a card, the card's own first: two mean it holds an
    extra pair from another organisation, and a card may hold only one. The own one is `own` where the journals
    know it (a renewal makes the own pair the newest), else the one of the card's oldest certificate."""
    personal = sorted(
        (
            c
            for c in certificates
            if not c.expired(now)
            and c.generation in (Generation.LEGACY, Generation.CURRENT)
            and c.purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
            and c.hsa_id
            and identity_of_issuer(c.issuer) is not Identity.PERSONNUMMER  # the holder's own, in a set of four
        ),
        key=lambda c: c.not_before,
    )
    found = list(dict.fromkeys(c.hsa_id for c in personal))
    return sorted(found, key=lambda hsa_id: hsa_id != own)  # stable: the rest keep their order
