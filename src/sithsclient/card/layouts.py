"""Every module quirk in one place: how tokens map to a card, its PINs and where new keys go.

Two layouts exist in the field:
- Net iD style (and SoftHSM2 in our tests): one PKCS#11 token per PIN, labelled "... (Legitimering)" and
  "... (Underskrift)"; keys have free CKA_IDs; the user PIN may write.
- PIV style (Yubico ykcs11; OpenSC's PIV driver read-only): one token and one PIN for the whole card, fixed
  key slots by CKA_ID (1=9a authentication, 2=9c signature, 3=9d key management, 4=9e card authentication,
  5-24 the retired slots), and writing (key generation, certificate import, deletion) needs the SO login with
  the management key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sithsclient.pki.model import Purpose

if TYPE_CHECKING:  # only named in annotations: PinRole is imported by code that never talks PKCS#11
    import pkcs11


class PinRole(StrEnum):
    AUTHENTICATION = "authentication"  # PIN för legitimering
    SIGNATURE = "signature"  # PIN för underskrift


# Which PIN protects the keys of each purpose.
ROLE_OF_PURPOSE = {
    Purpose.AUTHENTICATION: PinRole.AUTHENTICATION,
    Purpose.ENCRYPTION: PinRole.AUTHENTICATION,
    Purpose.SIGNATURE: PinRole.SIGNATURE,
    Purpose.UNKNOWN: PinRole.AUTHENTICATION,
}

NETID_SUFFIX = {PinRole.AUTHENTICATION: "(Legitimering)", PinRole.SIGNATURE: "(Underskrift)"}
_NETID_LABEL = re.compile(r"^(?P<prefix>.*?)\s*\((?P<role>Legitimering|Underskrift)\)\s*$")

# The factory management key of PIV cards (YubiKey, our virtual card). Organisations that changed it set
# `management_key` in the configuration.
DEFAULT_MANAGEMENT_KEY = "010203040506070801020304050607080102030405060708"

PIV_SLOT_NAMES = {1: "9a", 2: "9c", 3: "9d", 4: "9e", **{i: f"{0x82 + i - 5:02x}" for i in range(5, 25)}}
PIV_RETIRED_IDS = tuple(range(5, 25))


class LayoutKind(StrEnum):
    NETID = "netid"  # one token per PIN
    PIV = "piv"  # one token, fixed slots, SO login to write
    SINGLE = "single"  # one token, one PIN, free key ids (e.g. a plain SoftHSM token)


@dataclass(frozen=True)
class Layout:
    kind: LayoutKind
    shared_pin: bool  # one PIN serves both roles
    writes_need_so: bool
    fixed_key_slots: bool
    private_template_allows_extractable: bool  # ykcs11 refuses CKA_EXTRACTABLE in a private-key template
    pin_tries_in_flags: bool  # the token flags tell COUNT_LOW / FINAL_TRY / LOCKED


NETID = Layout(LayoutKind.NETID, False, False, False, True, True)
# SoftHSM2 has no retry counter: it never sets FINAL_TRY or LOCKED, so the tries left are unknown.
NETID_SOFTHSM = Layout(LayoutKind.NETID, False, False, False, True, False)
PIV = Layout(LayoutKind.PIV, True, True, True, False, True)
SINGLE = Layout(LayoutKind.SINGLE, True, False, False, True, True)
SINGLE_SOFTHSM = Layout(LayoutKind.SINGLE, True, False, False, True, False)


def netid_role(label: str) -> tuple[str, PinRole] | None:
    """('SITHS e-id kort', PinRole.SIGNATURE) for 'SITHS e-id kort (Underskrift)'."""
    match = _NETID_LABEL.match(label.strip())
    if not match:
        return None
    role = PinRole.AUTHENTICATION if match["role"] == "Legitimering" else PinRole.SIGNATURE
    return match["prefix"], role


def is_piv_token(token: pkcs11.Token) -> bool:
    manufacturer = (token.manufacturer_id or "").lower()
    model = (token.model or "").lower()
    return "yubico" in manufacturer or "yubikey" in model or token.label.strip() == "PIV_II"


def is_softhsm(token: pkcs11.Token) -> bool:
    return "softhsm" in (token.model or "").lower()


def layout_for(tokens: list[pkcs11.Token]) -> Layout:
    if len(tokens) == 1 and is_piv_token(tokens[0]):
        return PIV
    if any(netid_role(t.label) for t in tokens):
        return NETID_SOFTHSM if any(is_softhsm(t) for t in tokens) else NETID
    return SINGLE_SOFTHSM if any(is_softhsm(t) for t in tokens) else SINGLE


def management_key(configured: str | None = None) -> str:
    """Hex management key for PIV SO login: configuration, then the environment, then the factory default."""
    return configured or os.environ.get("SITHSCLIENT_PIV_MANAGEMENT_KEY") or DEFAULT_MANAGEMENT_KEY


def is_placeholder_certificate(subject_cn: str, self_signed: bool) -> bool:
    """ykcs11 stores a self-signed "YubiKey PIV Slot 82" certificate right after generating a key, so that the
    public key can be read back later. It is not a certificate of the holder's: never show or count it."""
    return self_signed and subject_cn.startswith("YubiKey PIV Slot ")


def piv_purpose_of_slot(key_id: int) -> Purpose | None:
    return {1: Purpose.AUTHENTICATION, 2: Purpose.SIGNATURE, 3: Purpose.ENCRYPTION}.get(key_id)
