"""The practice PIV card through the real stack: pcscd + vpcd + Yubico's ykcs11 + python-pkcs11 0.10.

Each test gets a freshly provisioned card (legacy SITHS certificates in 9a and 9c, PIN 123456, PUK 12345678)
in the rig's first reader, and checks what a user of the card would: login, tries, signatures that verify
against the card's certificates, keys and certificates written and read back, pulls and re-insertions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pkcs11 import Attribute, CertificateType, KeyType, Mechanism, ObjectClass, TokenFlag
from pkcs11.exceptions import PinIncorrect, PinLocked, PKCS11Error, UserNotLoggedIn

from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.pki.model import Purpose
from tests.fixtures.pcsc import PivCard, make_practice_card

pytestmark = pytest.mark.pcsc

PIN_FLAGS = TokenFlag.USER_PIN_COUNT_LOW | TokenFlag.USER_PIN_FINAL_TRY | TokenFlag.USER_PIN_LOCKED


def _token(lib: Any, card: PivCard) -> Any:
    """A fresh Token: python-pkcs11 reads the token flags when the Token object is made."""
    return lib.get_token(token_serial=card.token_serial)


def _card_state(card: PivCard) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(card.state_path.read_text())
    return state


def _verify_rsa(cert: x509.Certificate, signature: bytes, data: bytes) -> None:
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())


def test_token_is_present_with_the_card_serial(piv_card: PivCard, ykcs11: Any) -> None:
    slots = ykcs11.get_slots(token_present=True)
    assert [slot.slot_description for slot in slots] == [piv_card.reader]
    token = slots[0].get_token()
    assert token.serial == piv_card.token_serial
    assert token.label == f"YubiKey PIV #{piv_card.serial}"
    assert token.flags & TokenFlag.LOGIN_REQUIRED
    assert not token.flags & PIN_FLAGS
    all_slots = [slot.slot_description for slot in ykcs11.get_slots()]
    assert piv_card.rig.reader_name(1) in all_slots, "the empty second reader is a slot without a token"


def test_wrong_pins_count_down_in_token_flags_until_locked(piv_card: PivCard, ykcs11: Any) -> None:
    expected = [TokenFlag.USER_PIN_COUNT_LOW, TokenFlag.USER_PIN_FINAL_TRY]
    for flag in expected:
        with pytest.raises(PinIncorrect):
            _token(ykcs11, piv_card).open(user_pin="000000")
        ykcs11.reinitialize()  # python-pkcs11 leaks the session of a failed login
        assert _token(ykcs11, piv_card).flags & PIN_FLAGS == flag
    with pytest.raises(PinIncorrect):  # the try that blocks still answers "wrong PIN" (63C0)
        _token(ykcs11, piv_card).open(user_pin="000000")
    ykcs11.reinitialize()
    assert _token(ykcs11, piv_card).flags & PIN_FLAGS == TokenFlag.USER_PIN_LOCKED
    with pytest.raises(PinLocked):
        _token(ykcs11, piv_card).open(user_pin=piv_card.pin)
    assert _card_state(piv_card)["pin_tries_left"] == 0


def test_right_pin_after_a_wrong_one_restores_the_tries(piv_card: PivCard, ykcs11: Any) -> None:
    with pytest.raises(PinIncorrect):
        _token(ykcs11, piv_card).open(user_pin="000000")
    ykcs11.reinitialize()
    with _token(ykcs11, piv_card).open(user_pin=piv_card.pin):
        pass
    assert not _token(ykcs11, piv_card).flags & PIN_FLAGS
    assert _card_state(piv_card)["pin_tries_left"] == 3


def test_authentication_and_signature_keys_sign_for_their_certificates(piv_card: PivCard, ykcs11: Any) -> None:
    with _token(ykcs11, piv_card).open(user_pin=piv_card.pin) as session:
        for key_id, slot in ((b"\x01", 0x9A), (b"\x02", 0x9C)):
            stored = next(
                session.get_objects(
                    {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: key_id},
                )
            )
            cert = x509.load_der_x509_certificate(stored[Attribute.VALUE])
            assert cert == piv_card.certificates[slot]
            key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=key_id)
            # ykcs11 2.2 reports this from a fixed table (9c: true) whatever the card's PIN policy; the
            # practice card's policy is "once", so two signatures after one login both work.
            assert key[Attribute.ALWAYS_AUTHENTICATE] is (slot == 0x9C)
            data = f"test signature with slot {slot:x}".encode()
            _verify_rsa(cert, key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS), data)
            _verify_rsa(cert, key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS), data)


def test_yubikey_like_signature_key_needs_the_pin_for_every_signature(
    piv_card: PivCard, ykcs11: Any, tmp_path: Path
) -> None:
    rig = piv_card.rig
    rig.pull()
    state_path = tmp_path / "yubikey-like.json"
    serial, certs = make_practice_card(state_path, piv_card.hierarchy, pin_policy_always=(0x9C,))
    rig.insert(state_path)
    ykcs11.reinitialize()
    token = ykcs11.get_token(token_serial=str(serial).encode())
    with token.open(user_pin=piv_card.pin) as session:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=b"\x02")
        assert key[Attribute.ALWAYS_AUTHENTICATE] is True
        key.sign(b"first", mechanism=Mechanism.SHA256_RSA_PKCS)  # the login's VERIFY still counts
        with pytest.raises(UserNotLoggedIn):
            key.sign(b"second", mechanism=Mechanism.SHA256_RSA_PKCS)
        signature = key.sign(b"second", mechanism=Mechanism.SHA256_RSA_PKCS, pin=piv_card.pin)
        _verify_rsa(certs[0x9C], signature, b"second")


def test_so_generates_a_key_in_a_retired_slot_imports_its_certificate_and_deletes_it(
    piv_card: PivCard, ykcs11: Any
) -> None:
    token = _token(ykcs11, piv_card)
    with token.open(rw=True, so_pin=piv_card.management_key_hex) as session:
        public, _private = session.generate_keypair(KeyType.RSA, 2048, id=b"\x05", label="new", store=True)
        modulus = int.from_bytes(public[Attribute.MODULUS], "big")
        card_key = _card_state(piv_card)["keys"]["82"]
        assert card_key["origin"] == 1, "CKA_ID 5 is retired slot 82, generated on the card"
        public_key = rsa.RSAPublicNumbers(65537, modulus).public_key()
        cert = piv_card.hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), public_key, Purpose.AUTHENTICATION)
        der = cert.public_bytes(serialization.Encoding.DER)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.ID: b"\x05",
                Attribute.VALUE: der,
                Attribute.TOKEN: True,
            }
        )
    # read back in a new session, and prove the new key signs for the new certificate
    with _token(ykcs11, piv_card).open(user_pin=piv_card.pin) as session:
        stored = next(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: b"\x05"}))
        assert stored[Attribute.VALUE] == der
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=b"\x05")
        _verify_rsa(cert, key.sign(b"proof", mechanism=Mechanism.SHA256_RSA_PKCS), b"proof")
    with _token(ykcs11, piv_card).open(rw=True, so_pin=piv_card.management_key_hex) as session:
        for obj in list(session.get_objects({Attribute.ID: b"\x05"})):
            obj.destroy()
        assert list(session.get_objects({Attribute.ID: b"\x05"})) == []
    assert "5fc10d" not in _card_state(piv_card)["objects"], "the certificate object is gone from the card"
    with _token(ykcs11, piv_card).open() as session:
        classes = {obj[Attribute.CLASS] for obj in session.get_objects({Attribute.ID: b"\x05"})}
    # PIV has no command to delete a key: ykcs11 2.2 finds it again through GET METADATA.
    assert classes == {ObjectClass.PUBLIC_KEY}
    assert "82" in _card_state(piv_card)["keys"]


def test_puk_unblocks_the_pin_through_set_pin(piv_card: PivCard, ykcs11: Any) -> None:
    for _ in range(3):
        with pytest.raises(PinIncorrect):
            _token(ykcs11, piv_card).open(user_pin="000000")
        ykcs11.reinitialize()
    with pytest.raises(PinLocked):
        _token(ykcs11, piv_card).open(user_pin=piv_card.pin)
    ykcs11.reinitialize()
    with _token(ykcs11, piv_card).open(rw=True) as session:
        with pytest.raises(pkcs11.exceptions.FunctionNotSupported):
            session.init_pin("222222")
        with pytest.raises(PinIncorrect):
            session.set_pin("puk:00000000", "pin:222222")
        session.set_pin(f"puk:{piv_card.puk}", "pin:222222")
    assert _card_state(piv_card)["puk_tries_left"] == 3, "the right PUK restores its own count too"
    with _token(ykcs11, piv_card).open(user_pin="222222") as session:
        assert session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=b"\x01")
    assert not _token(ykcs11, piv_card).flags & PIN_FLAGS, "a successful login refreshes ykcs11's tries"


def _login_and_sign(lib: Any, card: PivCard) -> bytes:
    with _token(lib, card).open(user_pin=card.pin) as session:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=b"\x01")
        signature: bytes = key.sign(b"pulled", mechanism=Mechanism.SHA256_RSA_PKCS)
        return signature


def test_card_pulled_mid_signature_fails_the_call_and_works_after_reinsert(piv_card: PivCard, ykcs11: Any) -> None:
    rig = piv_card.rig
    inserted = rig.card()
    assert inserted is not None
    _token(ykcs11, piv_card).open(user_pin=piv_card.pin).close()
    rig.pull()
    ykcs11.reinitialize()
    # Count the APDUs up to the signature, then let the card die on the first part of the chained signature.
    counted = rig.insert(piv_card.state_path)
    with _token(ykcs11, piv_card).open(user_pin=piv_card.pin) as session:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=b"\x01")
        before_sign = counted.apdu_count()
        key.sign(b"x", mechanism=Mechanism.SHA256_RSA_PKCS)
    rig.pull()
    ykcs11.reinitialize()
    rig.insert(piv_card.state_path, die_after=before_sign + 1)
    session = _token(ykcs11, piv_card).open(user_pin=piv_card.pin)
    key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=b"\x01")
    with pytest.raises(PKCS11Error) as failure:
        key.sign(b"x", mechanism=Mechanism.SHA256_RSA_PKCS)
    print(f"signing on a pulled card: {type(failure.value).__name__}")
    rig.wait_for_card(present=False)
    rig.pull()
    rig.insert(piv_card.state_path)
    ykcs11.reinitialize()
    _verify_rsa(piv_card.certificates[0x9A], _login_and_sign(ykcs11, piv_card), b"pulled")


def test_state_survives_pull_and_reinsert(piv_card: PivCard, ykcs11: Any) -> None:
    with pytest.raises(PinIncorrect):
        _token(ykcs11, piv_card).open(user_pin="000000")
    piv_card.rig.pull()
    piv_card.rig.insert(piv_card.state_path)
    ykcs11.reinitialize()
    assert _token(ykcs11, piv_card).flags & PIN_FLAGS == TokenFlag.USER_PIN_COUNT_LOW


def test_two_readers_show_two_tokens_and_a_pull_leaves_the_other(
    piv_card: PivCard, ykcs11: Any, tmp_path: Path
) -> None:
    rig = piv_card.rig
    second_path = tmp_path / "second.json"
    second_serial, _ = make_practice_card(second_path, piv_card.hierarchy)
    rig.insert(second_path, reader=1)
    ykcs11.reinitialize()
    serials = {slot.get_token().serial for slot in ykcs11.get_slots(token_present=True)}
    assert serials == {piv_card.token_serial, str(second_serial).encode()}
    rig.pull(0)
    remaining = [slot.get_token().serial for slot in ykcs11.get_slots(token_present=True)]
    assert remaining == [str(second_serial).encode()]
