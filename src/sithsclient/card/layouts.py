"""Every module quirk in one place: how tokens map to a card, its PINs and where new keys go.

Three layouts exist in the field:
- Net iD style (and SoftHSM2 in our tests): one PKCS#11 token per PIN, labelled "... (Legitimering)" and
  "... (Underskrift)", or with the generic PKCS#11 2.11 Appendix A names "... (PIN1)" / "... (PIN2)" (then the
  PIN's purpose comes from the Key Usage of the certificates under it); keys have free CKA_IDs.
- Thales SAC / IDPrime (eTPKCS11, IDPrimePKCS11): the user PIN's token, and a virtual slot for the signature
  PIN whose 32-byte token label has " (Digital Signature PIN)" written over its END (the card's label is cut);
  both carry the card's serial. A key belongs to the PIN of the token it was made in; a certificate binds to its
  key by public key (default CKA_ID: SHA-1 of the modulus), so certificates are matched by public key.
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
# Net iD's generic PIN names: which is which is read from the certificates' Key Usage (see `purpose_role`).
_NETID_GENERIC_LABEL = re.compile(r"^(?P<prefix>.*?)\s*\((?P<pin>PIN[12])\)\s*$")
GENERIC_PIN_DEFAULT = {"PIN1": PinRole.AUTHENTICATION, "PIN2": PinRole.SIGNATURE}

# Thales IDPrime: the virtual slot of PIN#3 (the "Digital Signature PIN"). A token label is 32 bytes, blank padded;
# the middleware copies this suffix over its last 24 bytes, so "SITHS e-id kort" becomes
# "SITHS e- (Digital Signature PIN)" (ThalesGroup/iot-safe-middleware-pkcs11, se-pkcs11-lib/Slot.cpp).
SAC_SIGNATURE_SUFFIX = " (Digital Signature PIN)"
TOKEN_LABEL_BYTES = 32
# An IDPrime card has at most 15 key containers (Thales' minidriver; CKR_DEVICE_MEMORY when none is free).
SAC_KEY_CONTAINERS = 15

# The factory management key of PIV cards (YubiKey, our virtual card). Organisations that changed it set
# `management_key` in the configuration.
DEFAULT_MANAGEMENT_KEY = "010203040506070801020304050607080102030405060708"

PIV_SLOT_NAMES = {1: "9a", 2: "9c", 3: "9d", 4: "9e", **{i: f"{0x82 + i - 5:02x}" for i in range(5, 25)}}
PIV_RETIRED_IDS = tuple(range(5, 25))


class LayoutKind(StrEnum):
    NETID = "netid"  # one token per PIN
    PIV = "piv"  # one token, fixed slots, SO login to write
    SINGLE = "single"  # one token, one PIN, free key ids (e.g. a plain SoftHSM token)
    SAC = "sac"  # Thales SAC / IDPrime: a token per PIN, certificates bound to keys by public key


@dataclass(frozen=True)
class Layout:
    kind: LayoutKind
    shared_pin: bool  # one PIN serves both roles
    writes_need_so: bool
    fixed_key_slots: bool
    private_template_allows_extractable: bool  # ykcs11 refuses CKA_EXTRACTABLE in a private-key template
    pin_tries_in_flags: bool  # the token flags tell COUNT_LOW / FINAL_TRY / LOCKED
    # Certificates are found by their key's public key (modulus / EC point); the key's CKA_ID is SHA-1 of the
    # modulus (Thales IDPrime). A module may give a new certificate a CKA_ID of its own: never rely on it alone.
    binds_by_public_key: bool = False


NETID = Layout(LayoutKind.NETID, False, False, False, True, True)
# SoftHSM2 has no retry counter: it never sets FINAL_TRY or LOCKED, so the tries left are unknown.
NETID_SOFTHSM = Layout(LayoutKind.NETID, False, False, False, True, False)
PIV = Layout(LayoutKind.PIV, True, True, True, False, True)
SINGLE = Layout(LayoutKind.SINGLE, True, False, False, True, True)
SINGLE_SOFTHSM = Layout(LayoutKind.SINGLE, True, False, False, True, False)
SAC = Layout(LayoutKind.SAC, False, False, False, True, True, binds_by_public_key=True)
# Our SoftHSM2 model of a SAC card (demo/softhsm.py): the same, without a retry counter.
SAC_SOFTHSM = Layout(LayoutKind.SAC, False, False, False, True, False, binds_by_public_key=True)


def netid_role(label: str) -> tuple[str, PinRole] | None:
    """('SITHS e-id kort', PinRole.SIGNATURE) for 'SITHS e-id kort (Underskrift)'."""
    match = _NETID_LABEL.match(label.strip())
    if not match:
        return None
    role = PinRole.AUTHENTICATION if match["role"] == "Legitimering" else PinRole.SIGNATURE
    return match["prefix"], role


def netid_generic_pin(label: str) -> tuple[str, str] | None:
    """('SITHS e-id kort', 'PIN2') for 'SITHS e-id kort (PIN2)'."""
    match = _NETID_GENERIC_LABEL.match(label.strip())
    return (match["prefix"], match["pin"]) if match else None


def sac_signature_prefix(label: str) -> str | None:
    """What is left of the card's label on a SAC signature-PIN token ('SITHS e' for 'SITHS e (Digital
    Signature PIN)'), or None for any other token."""
    stripped = label.rstrip()
    if not stripped.endswith(SAC_SIGNATURE_SUFFIX.strip()):
        return None
    return stripped[: -len(SAC_SIGNATURE_SUFFIX.strip())].rstrip()


def sac_signature_label(card_label: str) -> str:
    """The label Thales' middleware gives the signature PIN's token of a card labelled `card_label`: the 32-byte
    blank-padded label with the suffix copied over its last 24 bytes (Slot.cpp, GetTokenInfo), so only the first
    8 bytes of the card's label are left."""
    raw = card_label.encode("utf-8").ljust(TOKEN_LABEL_BYTES)[:TOKEN_LABEL_BYTES]
    suffix = SAC_SIGNATURE_SUFFIX.encode("ascii")
    return (raw[: TOKEN_LABEL_BYTES - len(suffix)] + suffix).decode("utf-8", "ignore").strip()


def same_sac_card(user_label: str, signature_label: str) -> bool:
    """A user-PIN token and a signature-PIN token of one card: the signature label's kept part begins the user
    label. (Used where serials differ: SoftHSM2 refuses two tokens with one serial.)"""
    prefix = sac_signature_prefix(signature_label)
    return prefix is not None and bool(prefix) and user_label.strip().startswith(prefix)


def purpose_role(purposes: set[Purpose]) -> PinRole | None:
    """The PIN a token's certificates say it is: signature (nonRepudiation) or authentication."""
    if Purpose.SIGNATURE in purposes:
        return PinRole.SIGNATURE
    if purposes & {Purpose.AUTHENTICATION, Purpose.ENCRYPTION}:
        return PinRole.AUTHENTICATION
    return None


def is_piv_token(token: pkcs11.Token) -> bool:
    manufacturer = (token.manufacturer_id or "").lower()
    model = (token.model or "").lower()
    return "yubico" in manufacturer or "yubikey" in model or token.label.strip() == "PIV_II"


def is_softhsm(token: pkcs11.Token) -> bool:
    return "softhsm" in (token.model or "").lower()


def layout_for(tokens: list[pkcs11.Token]) -> Layout:
    if len(tokens) == 1 and is_piv_token(tokens[0]):
        return PIV
    if any(sac_signature_prefix(t.label) is not None for t in tokens):
        return SAC_SOFTHSM if any(is_softhsm(t) for t in tokens) else SAC
    if any(netid_role(t.label) or netid_generic_pin(t.label) for t in tokens):
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
