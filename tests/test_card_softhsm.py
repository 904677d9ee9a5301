"""Every card operation on a real PKCS#11 module (SoftHSM2) laid out like a Net iD card."""

from __future__ import annotations

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from sithsclient.card.card import KeyType_
from sithsclient.card.errors import (
    CardOperationError,
    NotSupportedError,
    PinFormatError,
    PinIncorrectError,
    PinState,
    PukIncorrectError,
)
from sithsclient.card.layouts import LayoutKind, PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from tests.fixtures.softhsm import SoftHsmCard

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE


def test_two_tokens_make_one_card_with_two_pins(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    assert card.layout.kind is LayoutKind.NETID
    assert card.pin_roles == [AUTH, SIGN]
    assert card.label == "SITHS e-id kort"
    assert card.token(AUTH).label.strip() == "SITHS e-id kort (Legitimering)"
    assert card.token(SIGN).label.strip() == "SITHS e-id kort (Underskrift)"


def test_inventory_reads_purpose_holder_and_generation(softhsm_card: SoftHsmCard) -> None:
    certs = {c.info.purpose: c for c in softhsm_card.card.certificates()}
    assert set(certs) == {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
    auth = certs[Purpose.AUTHENTICATION]
    assert auth.role is AUTH and certs[Purpose.SIGNATURE].role is SIGN
    assert auth.info.hsa_id == PRACTICE_HOLDER.hsa_id
    assert auth.info.holder_name == "Anna Andersson"
    assert auth.info.issuer == "SITHS Type 1 CA v1 (övning)"
    assert auth.info.generation is Generation.LEGACY
    assert 0 < auth.info.days_left() < 1460
    assert auth.der == softhsm_card.soft.certificates[Purpose.AUTHENTICATION].public_bytes(serialization.Encoding.DER)
    assert assess([c.info for c in certs.values()]).verdict is Verdict.MUST_UPGRADE


def test_right_pin_opens_and_wrong_pin_says_tries_unknown(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    with card.open(AUTH, "123456") as session:
        assert [k.key_id for k in session.private_keys()] == [bytes([0x11])]
    with pytest.raises(PinIncorrectError) as wrong:
        card.open(SIGN, "123456")  # the authentication PIN is not the signature PIN
    assert wrong.value.status.tries_left is None
    assert wrong.value.status.state is PinState.UNKNOWN  # SoftHSM2 keeps no retry counter
    assert "underskrift" in wrong.value.message
    with card.open(SIGN, "654321"):
        pass


@pytest.mark.parametrize("pin", ["", "12a456", "123", "123456789", "１２３４５６"])
def test_malformed_pin_is_refused_before_the_card_sees_it(softhsm_card: SoftHsmCard, pin: str) -> None:
    with pytest.raises(PinFormatError):
        softhsm_card.card.open(AUTH, pin)


def test_change_pin(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    card.change_pin(AUTH, "123456", "246810")
    with pytest.raises(PinIncorrectError):
        card.open(AUTH, "123456")
    card.open(AUTH, "246810").close()


def test_unblock_with_puk_sets_a_new_pin(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    with pytest.raises(PukIncorrectError):
        card.unblock_pin(SIGN, "87654321", "111222")
    card.unblock_pin(SIGN, "12345678", "111222")
    card.open(SIGN, "111222").close()


@pytest.mark.parametrize("key_type", [KeyType_.RSA_2048, KeyType_.EC_P256])
def test_new_key_pair_csr_install_test_signature_delete(softhsm_card: SoftHsmCard, key_type: KeyType_) -> None:
    card = softhsm_card.card
    with card.open(SIGN, "654321") as session:
        new = session.generate_key(Purpose.SIGNATURE, key_type)
        assert new.key_id != bytes([0x12])

        # The private key is sensitive and can never leave the card.
        key = session.raw.get_key(object_class=pkcs11.ObjectClass.PRIVATE_KEY, id=new.key_id)
        assert key[pkcs11.Attribute.SENSITIVE] is True
        assert key[pkcs11.Attribute.EXTRACTABLE] is False

        signer = session.signer(new.key_id)
        with pytest.raises(NotSupportedError):
            signer.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        # cryptography's own CSR builder, signed on the card
        csr = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(PRACTICE_HOLDER.subject())
            .sign(signer, hashes.SHA256())
        )
        assert csr.is_signature_valid
        assert csr.public_key() == new.public_key

        cert = softhsm_card.hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new.public_key, Purpose.SIGNATURE)
        session.install_certificate(cert, new.key_id)
        assert session.read_certificate(new.key_id) == cert
        session.test_signature(new.key_id)
        on_card = {c.key_id for c in card.certificates()}
        assert on_card == {bytes([0x11]), bytes([0x12]), new.key_id}  # old and new side by side

        assert session.delete_key_pair(new.key_id) == 3  # certificate, private key, public key
        assert session.read_certificate(new.key_id) is None
        assert [k.key_id for k in session.private_keys()] == [bytes([0x12])]
    assert {c.key_id for c in card.certificates()} == {bytes([0x11]), bytes([0x12])}


def test_rsa_3072(softhsm_card: SoftHsmCard) -> None:
    with softhsm_card.card.open(AUTH, "123456") as session:
        new = session.generate_key(Purpose.AUTHENTICATION, KeyType_.RSA_3072)
        assert isinstance(new.public_key, rsa.RSAPublicKey) and new.public_key.key_size == 3072
        signature = session.signer(new.key_id).sign(b"x", padding.PKCS1v15(), hashes.SHA256())
        new.public_key.verify(signature, b"x", padding.PKCS1v15(), hashes.SHA256())


def test_test_signature_catches_a_certificate_for_another_key(softhsm_card: SoftHsmCard) -> None:
    with softhsm_card.card.open(AUTH, "123456") as session:
        new = session.generate_key(Purpose.AUTHENTICATION, KeyType_.EC_P256)
        stranger = ec.generate_private_key(ec.SECP256R1()).public_key()
        cert = softhsm_card.hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), stranger, Purpose.AUTHENTICATION)
        session.install_certificate(cert, new.key_id)
        with pytest.raises(CardOperationError):
            session.test_signature(new.key_id)


def test_old_keys_sign_through_the_signer(softhsm_card: SoftHsmCard) -> None:
    """The current authentication key protects CMP requests: it must sign like any cryptography key."""
    old = softhsm_card.soft.certificates[Purpose.AUTHENTICATION]
    with softhsm_card.card.open(AUTH, "123456") as session:
        signer = session.signer(bytes([0x11]))
        signature = signer.sign(b"message", padding.PKCS1v15(), hashes.SHA256())
        public = old.public_key()
        assert isinstance(public, rsa.RSAPublicKey)
        public.verify(signature, b"message", padding.PKCS1v15(), hashes.SHA256())


def test_an_unreadable_certificate_on_the_card_is_passed_over(softhsm_card: SoftHsmCard) -> None:
    """A certificate object cryptography cannot read (here: an X.509 version that does not exist, which
    cryptography raises as InvalidVersion, not ValueError) does not stop `status` or the card page."""
    from sithsclient import status
    from sithsclient.card.module import load_module
    from sithsclient.demo.softhsm import SOFTHSM_MODULE

    original = softhsm_card.card.certificates()[0].info.cert
    good = original.public_bytes(serialization.Encoding.DER)
    version = good.index(b"\xa0\x03\x02\x01\x02")  # [0] EXPLICIT INTEGER 2: v3
    broken = good[:version] + b"\xa0\x03\x02\x01\x6a" + good[version + 5 :]
    tokens = load_module(SOFTHSM_MODULE)[1].get_tokens()
    [token] = [t for t in tokens if t.label.strip().endswith("(Legitimering)")]
    with token.open(rw=True, user_pin=softhsm_card.soft.pins[PinRole.AUTHENTICATION]) as session:
        session.create_object({
            pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
            pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
            pkcs11.Attribute.TOKEN: True,
            pkcs11.Attribute.LABEL: "damaged",
            pkcs11.Attribute.ID: b"\x77",
            pkcs11.Attribute.SUBJECT: original.subject.public_bytes(),
            pkcs11.Attribute.VALUE: broken,
        })  # fmt: skip
    [report] = status.gather(SOFTHSM_MODULE).cards
    assert sorted(c.info.purpose.value for c in report.certificates) == ["authentication", "signature"]
