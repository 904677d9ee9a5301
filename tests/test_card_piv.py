"""The card layer on the real PC/SC stack: pcscd + vpcd + our virtual PIV card + Yubico's ykcs11."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from sithsclient.card import module as card_module
from sithsclient.card.card import Card, KeyType_
from sithsclient.card.discovery import discover
from sithsclient.card.errors import (
    CardRemovedError,
    PinBlockedError,
    PinFinalTryError,
    PinIncorrectError,
    PinState,
    PukIncorrectError,
)
from sithsclient.card.layouts import LayoutKind, PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from tests.fixtures.pcsc import PivCard

pytestmark = pytest.mark.pcsc
AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE


def the_card(piv_card: PivCard) -> Card:
    card_module.load_module(YKCS11_PATH)
    card_module.reinitialize(YKCS11_PATH)  # a fresh look, as after any re-insert
    _path, cards = discover(YKCS11_PATH)
    [card] = [c for c in cards if c.serial == str(piv_card.serial)]
    return card


def test_one_token_one_shared_pin_in_its_reader(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    assert card.layout.kind is LayoutKind.PIV
    assert card.pin_roles == [AUTH]  # one PIN serves legitimering and underskrift
    assert card.reader == piv_card.reader


def test_inventory_and_verdict(piv_card: PivCard) -> None:
    certs = {c.info.purpose: c for c in the_card(piv_card).certificates()}
    assert certs[Purpose.AUTHENTICATION].key_id == b"\x01"  # slot 9a
    assert certs[Purpose.SIGNATURE].key_id == b"\x02"  # slot 9c
    assert certs[Purpose.AUTHENTICATION].info.cert == piv_card.certificates[0x9A]
    assert all(c.info.generation is Generation.LEGACY for c in certs.values())
    assert all(c.info.hsa_id == PRACTICE_HOLDER.hsa_id for c in certs.values())
    assert assess([c.info for c in certs.values()]).verdict is Verdict.MUST_UPGRADE


def test_tries_left_and_the_final_try_is_never_spent_unasked(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    assert card.pin_status(AUTH).state is PinState.OK
    with pytest.raises(PinIncorrectError) as first:
        card.open(AUTH, "000000")
    assert first.value.status.state is PinState.COUNT_LOW
    with pytest.raises(PinIncorrectError) as second:
        card.open(AUTH, "000001")
    assert second.value.status.state is PinState.FINAL_TRY and second.value.status.tries_left == 1
    # The third try is refused before anything reaches the card ...
    with pytest.raises(PinFinalTryError):
        card.open(AUTH, piv_card.pin)
    assert card.pin_status(AUTH).state is PinState.FINAL_TRY  # ... so the counter is where it was
    # ... and with the user's yes, the right PIN opens and resets the counter.
    card.open(AUTH, piv_card.pin, confirm_final_try=True).close()
    assert card.pin_status(AUTH).state is PinState.OK


def test_blocked_pin_is_unblocked_with_the_puk(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    for wrong in ("000000", "000001"):
        with pytest.raises(PinIncorrectError):
            card.open(AUTH, wrong)
    with pytest.raises(PinBlockedError):
        card.open(AUTH, "000002", confirm_final_try=True)
    with pytest.raises(PinBlockedError):
        card.open(AUTH, piv_card.pin)  # blocked means blocked, even for the right PIN
    with pytest.raises(PukIncorrectError):
        card.unblock_pin(AUTH, "99999999", "135790")
    card = the_card(piv_card)
    card.unblock_pin(AUTH, piv_card.puk, "135790")
    card = the_card(piv_card)
    assert card.pin_status(AUTH).state is PinState.OK
    card.open(AUTH, "135790").close()


def test_change_pin(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    card.change_pin(AUTH, piv_card.pin, "975310")
    with pytest.raises(PinIncorrectError):
        card.open(AUTH, piv_card.pin)
    card.open(AUTH, "975310").close()


def test_new_key_in_a_retired_slot_csr_install_sign_delete(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    with card.open(AUTH, piv_card.pin) as session:
        new = session.generate_key(Purpose.SIGNATURE, KeyType_.RSA_2048)
        assert new.key_id == b"\x05"  # the first retired slot, 82: 9a and 9c keep the old pair
        assert card.describe_slot(new.key_id) == "82"
        csr = x509.CertificateSigningRequestBuilder().subject_name(PRACTICE_HOLDER.subject())
        request = csr.sign(session.signer(new.key_id), hashes.SHA256())
        assert request.is_signature_valid and request.public_key() == new.public_key

        cert = piv_card.hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new.public_key, Purpose.SIGNATURE)
        session.install_certificate(cert, new.key_id)
        session.test_signature(new.key_id)
        assert {c.key_id for c in card.certificates()} == {b"\x01", b"\x02", b"\x05"}

        session.delete_key_pair(new.key_id)
        assert session.read_certificate(new.key_id) is None
    assert {c.key_id for c in card.certificates()} == {b"\x01", b"\x02"}


def test_ec_key_on_piv(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    with card.open(AUTH, piv_card.pin) as session:
        new = session.generate_key(Purpose.AUTHENTICATION, KeyType_.EC_P256)
        cert = piv_card.hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new.public_key, Purpose.AUTHENTICATION)
        session.install_certificate(cert, new.key_id)
        session.test_signature(new.key_id)


def test_old_signature_key_signs(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    with card.open(AUTH, piv_card.pin) as session:
        signature = session.signer(b"\x02").sign(b"hello", padding.PKCS1v15(), hashes.SHA256())
    public = piv_card.certificates[0x9C].public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, b"hello", padding.PKCS1v15(), hashes.SHA256())


def test_pulled_card_closes_the_gate(piv_card: PivCard) -> None:
    card = the_card(piv_card)
    with card.open(AUTH, piv_card.pin) as session:
        piv_card.rig.pull()
        with pytest.raises(CardRemovedError):
            session.signer(b"\x01").sign(b"x", padding.PKCS1v15(), hashes.SHA256())
        assert not card.gate.is_open
        with pytest.raises(CardRemovedError):
            card.certificates()  # nothing more is sent to a card that is not there
    piv_card.rig.insert(piv_card.state_path)
    card = the_card(piv_card)
    assert len(card.certificates()) == 2  # the same card, as it was


def test_status_json_on_the_piv_card(piv_card: PivCard) -> None:
    import json
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "sithsclient", "status", "--json", "--module", YKCS11_PATH],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert any(r["name"] == piv_card.reader and r["card_present"] and r["atr"] for r in data["readers"])
    [card] = data["cards"]
    assert card["serial"] == str(piv_card.serial)
    assert card["layout"] == "piv" and card["verdict"] == "must_upgrade"
    assert card["tokens"][0]["pin"] == "shared" and card["tokens"][0]["pin_state"] == "ok"
    assert {c["slot"] for c in card["certificates"]} == {"9a", "9c"}
