"""The card office: makes a fresh virtual card with keys generated in Python and their certificates.

Keys made here count as imported (origin 2), as on a card whose keys a card office loaded. Each certificate
goes into its slot's data object in the form ykcs11 writes and reads: 70 certificate, 71 00 (not compressed),
FE 00 (no error-detection code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, Holder, PracticeHierarchy
from sithsclient.demo.vcard import keys, state
from sithsclient.demo.vcard.constants import (
    CCC_OBJECT,
    CHUID_OBJECT,
    DEFAULT_FIRMWARE,
    DEFAULT_MANAGEMENT_KEY,
    KEY_SLOTS,
    Algorithm,
    Origin,
    PinPolicy,
    certificate_object,
)
from sithsclient.demo.vcard.state import CardState, KeyRecord
from sithsclient.demo.vcard.tlv import tlv
from sithsclient.pki.model import Purpose

PRACTICE_PIN = "123456"
PRACTICE_PUK = "12345678"

# The FASC-N that SP 800-73-4 prescribes for cards of issuers outside the US federal government
# (agency code 9999, all other fields 9s), BCD-encoded with parity as the standard lays out.
_NON_FEDERAL_FASCN = bytes.fromhex("d4e739da739ced39ce739d836858210842108421c84210c3eb")


def certificate_object_value(certificate: x509.Certificate) -> bytes:
    der = certificate.public_bytes(serialization.Encoding.DER)
    return tlv(0x70, der) + tlv(0x71, b"\x00") + tlv(0xFE, b"")


def chuid(expires: dt.date) -> bytes:
    """A Card Holder Unique Identifier with a random GUID, as a card office writes one."""
    return (
        tlv(0x30, _NON_FEDERAL_FASCN)
        + tlv(0x34, keys.random_bytes(16))
        + tlv(0x35, expires.strftime("%Y%m%d").encode("ascii"))
        + tlv(0x3E, b"")
        + tlv(0xFE, b"")
    )


def ccc() -> bytes:
    """A Card Capability Container: a random card identifier under the GSC-IS RID, version 2.1 fields."""
    card_id = bytes.fromhex("a000000116ff02") + keys.random_bytes(14)
    fields = [
        tlv(0xF0, card_id),
        tlv(0xF1, b"\x21"),
        tlv(0xF2, b"\x21"),
        tlv(0xF3, b""),
        tlv(0xF4, b"\x00"),
        tlv(0xF5, b"\x10"),
        *(tlv(tag, b"") for tag in (0xF6, 0xF7, 0xFA, 0xFB, 0xFC, 0xFD)),
        tlv(0xFE, b""),
    ]
    return b"".join(fields)


def provision_card(
    state_path: Path,
    *,
    serial: int,
    pin: str,
    puk: str,
    management_key: bytes | None = None,
    objects: Sequence[tuple[int, keys.PrivateKey, x509.Certificate]],
    pin_policy_always: Collection[int] = (),
    firmware: tuple[int, int, int] = DEFAULT_FIRMWARE,
    sig_pin: str | None = None,
    sig_puk: str | None = None,
) -> CardState:
    """Write a fresh card to `state_path` (replacing any) and return its state.

    `objects` are (slot, private key, certificate): 0x9a authentication, 0x9c signature, 0x82..0x95 retired.
    Keys in `pin_policy_always` slots demand the PIN before every use, as slot 9c does on a real YubiKey;
    by default every key wants the PIN once per session (see rig.py on why).
    With `sig_pin`, a two-PIN card (pins.py): the key in 9c wants that signature PIN, unblocked by `sig_puk`.
    """
    if not 0 <= serial <= 0xFFFFFFFF:
        raise ValueError("a YubiKey serial is a 32-bit number")
    for secret, name in ((pin, "PIN"), (puk, "PUK")):
        if not 6 <= len(secret.encode("ascii")) <= 8:
            raise ValueError(f"a PIV {name} is 6 to 8 characters")
    card = CardState(
        serial=serial,
        pin=pin,
        puk=puk,
        management_key=management_key if management_key is not None else DEFAULT_MANAGEMENT_KEY,
        management_algorithm=Algorithm.TDES,
        firmware=firmware,
        pin_always_slots=sorted(set(pin_policy_always)),
        sig_pin=sig_pin,
        sig_puk=sig_puk or puk,
        signature_slots=[0x9C] if sig_pin is not None else [],
    )
    expires = dt.date.today() + dt.timedelta(days=5 * 365)
    card.objects[CHUID_OBJECT] = chuid(expires)
    card.objects[CCC_OBJECT] = ccc()
    for slot, private_key, certificate in objects:
        if slot not in KEY_SLOTS:
            raise ValueError(f"slot {slot:#x} is not a PIV key slot")
        if certificate.public_key() != private_key.public_key():
            raise ValueError(f"the certificate for slot {slot:#x} is not for its key")
        policy = PinPolicy.ALWAYS if slot in card.pin_always_slots else PinPolicy.ONCE
        card.keys[slot] = KeyRecord(
            algorithm=keys.algorithm_of(private_key),
            pem=keys.to_pem(private_key),
            pin_policy=policy,
            origin=Origin.IMPORTED,
        )
        card.objects[certificate_object(slot)] = certificate_object_value(certificate)
    state.save(card, state_path)
    return card


def provision_practice_card(
    state_path: Path,
    hierarchy: PracticeHierarchy,
    *,
    serial: int | None = None,
    holder: Holder = PRACTICE_HOLDER,
    pin: str = PRACTICE_PIN,
    puk: str = PRACTICE_PUK,
    pin_policy_always: Collection[int] = (),
    two_pins: bool = False,
    upgraded: bool = False,
    issue: Callable[[x509.Name, rsa.RSAPublicKey, Purpose], x509.Certificate] | None = None,
) -> tuple[CardState, dict[int, x509.Certificate]]:
    """A card that must be upgraded: legacy authentication (9a) and signature (9c) certificates, RSA-2048.

    Returns the card's state and its certificates by slot. Without `serial`, a random 8-digit one. With
    `two_pins`, the signature PIN (and its PUK) are the practice values too: one set of codes to remember. With
    `upgraded`, a card that needs nothing instead: both certificates from the current practice CA. `issue`, where
    given, makes the certificates instead (a current pair from the issuing service, due soon).
    """
    if serial is None:
        serial = 10_000_000 + int.from_bytes(keys.random_bytes(4), "big") % 80_000_000
    objects: list[tuple[int, keys.PrivateKey, x509.Certificate]] = []
    for slot, purpose in ((0x9A, Purpose.AUTHENTICATION), (0x9C, Purpose.SIGNATURE)):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if issue is not None:
            certificate = issue(holder.subject(), key.public_key(), purpose)
        elif upgraded:
            certificate = hierarchy.person_ca.issue(holder.subject(), key.public_key(), purpose)
        else:
            certificate = hierarchy.legacy_card_certificate(holder, key.public_key(), purpose)
        objects.append((slot, key, certificate))
    card = provision_card(
        state_path,
        serial=serial,
        pin=pin,
        puk=puk,
        objects=objects,
        pin_policy_always=pin_policy_always,
        sig_pin=pin if two_pins else None,
    )
    return card, {slot: cert for slot, _key, cert in objects}
