"""The virtual PIV card's APDU processor on its own: what a host sees when it talks PIV to it.

The host side here is written independently of the card's code (its own TLV, 3DES and padding) so that a
mistake shared by both sides cannot pass unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.x509.oid import NameOID

from sithsclient.demo.vcard.piv import VirtualPivCard
from sithsclient.demo.vcard.provision import provision_card

PIN, PUK = "654321", "87654321"
DEFAULT_MGM = bytes.fromhex("010203040506070801020304050607080102030405060708")
SELECT_PIV = bytes.fromhex("00a4040005a000000308")


def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def _tlv(tag: int, value: bytes) -> bytes:
    return (tag.to_bytes(2, "big") if tag > 0xFF else bytes([tag])) + _len(len(value)) + value


def _pad(secret: str) -> bytes:
    return secret.encode().ljust(8, b"\xff")


class Host:
    """A minimal PIV host: short APDUs, command chaining above 255 bytes, GET RESPONSE for long answers."""

    def __init__(self, card: VirtualPivCard) -> None:
        self.card = card

    def send(self, ins: int, p1: int = 0, p2: int = 0, data: bytes = b"") -> tuple[bytes, int]:
        while len(data) > 255:
            part, data = data[:255], data[255:]
            answer = self.card.process(bytes([0x10, ins, p1, p2, len(part)]) + part)
            assert answer == b"\x90\x00", answer.hex()
        answer = self.card.process(bytes([0x00, ins, p1, p2, len(data)]) + data)
        body, sw = answer[:-2], int.from_bytes(answer[-2:], "big")
        while sw >> 8 == 0x61:
            answer = self.card.process(bytes.fromhex("00c0000000"))
            body += answer[:-2]
            sw = int.from_bytes(answer[-2:], "big")
        return body, sw

    def select(self) -> None:
        assert self.send(0xA4, 0x04, 0x00, bytes.fromhex("a000000308"))[1] == 0x9000

    def verify(self, pin: str | None) -> int:
        return self.send(0x20, 0x00, 0x80, _pad(pin) if pin is not None else b"")[1]

    def authenticate(self, key: bytes = DEFAULT_MGM) -> int:
        """Mutual authentication with the 3DES management key (SP 800-73-4 part 2, A.1)."""
        body, sw = self.send(0x87, 0x03, 0x9B, _tlv(0x7C, _tlv(0x80, b"")))
        assert sw == 0x9000
        witness = body[4:12]  # 7C 0A 80 08 <8 bytes>
        des = Cipher(TripleDES(key), modes.ECB())
        decryptor = des.decryptor()
        plain = decryptor.update(witness) + decryptor.finalize()
        challenge = bytes(range(8))
        body, sw = self.send(0x87, 0x03, 0x9B, _tlv(0x7C, _tlv(0x80, plain) + _tlv(0x81, challenge)))
        if sw != 0x9000:
            return sw
        encryptor = des.encryptor()
        assert body[4:12] == encryptor.update(challenge) + encryptor.finalize(), "card did not prove the key"
        return sw

    def sign(self, algorithm: int, slot: int, block: bytes) -> tuple[bytes, int]:
        body, sw = self.send(0x87, algorithm, slot, _tlv(0x7C, _tlv(0x82, b"") + _tlv(0x81, block)))
        if sw != 0x9000:
            return b"", sw
        assert body[0] == 0x7C
        # 7C len 82 len signature: skip the two headers
        pos = 1 + (1 if body[1] < 0x80 else 1 + (body[1] & 0x7F))
        assert body[pos] == 0x82
        pos += 1
        length = body[pos] if body[pos] < 0x80 else int.from_bytes(body[pos + 1 : pos + 1 + (body[pos] & 0x7F)])
        pos += 1 if body[pos] < 0x80 else 1 + (body[pos] & 0x7F)
        return body[pos : pos + length], sw


def _self_signed(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, cn: str) -> x509.Certificate:
    import datetime as dt

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def rsa_keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


@pytest.fixture
def state_path(tmp_path: Path, rsa_keys: tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]) -> Path:
    path = tmp_path / "card.json"
    auth, sign = rsa_keys
    provision_card(
        path,
        serial=20240001,
        pin=PIN,
        puk=PUK,
        objects=[(0x9A, auth, _self_signed(auth, "auth")), (0x9C, sign, _self_signed(sign, "sign"))],
    )
    return path


@pytest.fixture
def host(state_path: Path) -> Host:
    host = Host(VirtualPivCard.from_file(state_path))
    host.select()
    return host


def _pkcs1_block(message: bytes, key_bytes: int) -> bytes:
    """EMSA-PKCS1-v1_5 for SHA-256, built by hand as the PKCS#11 module does on the host."""
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + _sha256(message)
    return b"\x00\x01" + b"\xff" * (key_bytes - len(digest_info) - 3) + b"\x00" + digest_info


def _sha256(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SHA256())
    h.update(data)
    return h.finalize()


def test_select_answers_the_application_property_template(state_path: Path) -> None:
    card = VirtualPivCard.from_file(state_path)
    assert card.process(bytes.fromhex("00fd000000"))[-2:] == b"\x6d\x00", "nothing works before SELECT"
    answer = card.process(SELECT_PIV)
    assert answer[-2:] == b"\x90\x00"
    assert answer[0] == 0x61 and bytes.fromhex("4f05a000000308") in answer
    assert card.process(bytes.fromhex("00a4040008a000000527471117"))[-2:] == b"\x6a\x82"


def test_version_serial_and_apdu_counter(host: Host) -> None:
    version, sw = host.send(0xFD)
    assert sw == 0x9000 and version[0] == 5 and tuple(version) >= (5, 3, 0)
    serial, sw = host.send(0xF8)
    assert sw == 0x9000 and int.from_bytes(serial, "big") == 20240001
    assert host.card.apdu_count == 3


def test_pin_tries_go_down_block_at_zero_and_survive_a_restart(host: Host, state_path: Path) -> None:
    assert host.verify(None) == 0x63C3
    assert host.verify("000000") == 0x63C2
    assert host.verify("000000") == 0x63C1
    # the card is pulled and put back: the counter is on the card, not in the session
    again = Host(VirtualPivCard.from_file(state_path))
    again.select()
    assert again.verify(None) == 0x63C1
    assert again.verify("000000") == 0x63C0
    assert again.verify(PIN) == 0x6983, "a blocked PIN stays blocked even when right"
    assert again.verify(None) == 0x6983


def test_right_pin_restores_the_count_and_verify_then_reports_verified(host: Host) -> None:
    assert host.verify("111111") == 0x63C2
    assert host.verify(PIN) == 0x9000
    assert host.verify(None) == 0x9000, "an empty VERIFY after login answers 'verified'"
    host.select()
    assert host.verify(None) == 0x63C3, "re-SELECT clears the login; tries are full again"


def test_change_pin_and_unblock_with_puk(host: Host, state_path: Path) -> None:
    assert host.send(0x24, 0x00, 0x80, _pad("999999") + _pad("111111"))[1] == 0x63C2
    assert host.send(0x24, 0x00, 0x80, _pad(PIN) + _pad("222222"))[1] == 0x9000
    for _ in range(3):
        host.verify("000000")
    assert host.verify("222222") == 0x6983
    assert host.send(0x2C, 0x00, 0x80, _pad("00000000") + _pad("333333"))[1] == 0x63C2, "wrong PUK costs a try"
    assert host.send(0x2C, 0x00, 0x80, _pad(PUK) + _pad("333333"))[1] == 0x9000
    assert host.verify(None) == 0x63C3
    assert host.verify("333333") == 0x9000
    fresh = Host(VirtualPivCard.from_file(state_path))
    fresh.select()
    assert fresh.verify("333333") == 0x9000, "the new PIN is kept on the card"


def test_management_key_guards_writes(host: Host) -> None:
    put = _tlv(0x5C, bytes.fromhex("5fc10d")) + _tlv(0x53, b"\x70\x00")
    assert host.send(0xDB, 0x3F, 0xFF, put)[1] == 0x6982
    assert host.authenticate(bytes(24)) == 0x6982, "a wrong management key is refused"
    assert host.authenticate() == 0x9000
    assert host.send(0xDB, 0x3F, 0xFF, put)[1] == 0x9000


def test_rsa_signature_in_9a_verifies_against_its_certificate(host: Host, state_path: Path) -> None:
    block = _pkcs1_block(b"hello", 256)
    assert host.sign(0x07, 0x9A, block)[1] == 0x6982, "signing needs the PIN"
    assert host.verify(PIN) == 0x9000
    signature, sw = host.sign(0x07, 0x9A, block)
    assert sw == 0x9000
    cert = _certificate(host, "5fc105")
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, b"hello", padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(InvalidSignature):
        public.verify(signature, b"other", padding.PKCS1v15(), hashes.SHA256())
    assert host.sign(0x11, 0x9A, block)[1] == 0x6A80, "algorithm must match the key"


def _certificate(host: Host, object_id: str) -> x509.Certificate:
    body, sw = host.send(0xCB, 0x3F, 0xFF, _tlv(0x5C, bytes.fromhex(object_id)))
    assert sw == 0x9000 and body[0] == 0x53
    der_start = body.index(b"\x70") + 1
    length_byte = body[der_start]
    length_size = 1 if length_byte < 0x80 else 1 + (length_byte & 0x7F)
    length = length_byte if length_byte < 0x80 else int.from_bytes(body[der_start + 1 : der_start + length_size])
    return x509.load_der_x509_certificate(body[der_start + length_size : der_start + length_size + length])


def test_generated_ec_key_signs_and_metadata_shows_its_public_key(host: Host) -> None:
    assert host.authenticate() == 0x9000
    body, sw = host.send(0x47, 0x00, 0x9D, _tlv(0xAC, _tlv(0x80, b"\x11")))
    assert sw == 0x9000 and body[:2] == b"\x7f\x49"
    point = body[body.index(b"\x86") + 2 :]
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    meta, sw = host.send(0xF7, 0x00, 0x9D)
    assert sw == 0x9000 and point in meta
    assert meta[:3] == b"\x01\x01\x11", "metadata starts with the algorithm"
    assert host.verify(PIN) == 0x9000
    digest = _sha256(b"message")
    signature, sw = host.sign(0x11, 0x9D, digest)
    assert sw == 0x9000
    public.verify(signature, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))


def test_rsa_3072_generation_and_long_answers(host: Host) -> None:
    assert host.authenticate() == 0x9000
    body, sw = host.send(0x47, 0x00, 0x82, _tlv(0xAC, _tlv(0x80, b"\x05")))
    assert sw == 0x9000
    modulus = body[body.index(b"\x81\x82\x01\x80") + 4 : body.index(b"\x81\x82\x01\x80") + 4 + 384]
    public = rsa.RSAPublicNumbers(65537, int.from_bytes(modulus, "big")).public_key()
    assert public.key_size == 3072
    assert host.verify(PIN) == 0x9000
    signature, sw = host.sign(0x05, 0x82, _pkcs1_block(b"long", 384))
    assert sw == 0x9000 and len(signature) == 384
    public.verify(signature, b"long", padding.PKCS1v15(), hashes.SHA256())


def test_pin_policy_always_wants_the_pin_before_every_signature(
    tmp_path: Path, rsa_keys: tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]
) -> None:
    key = rsa_keys[1]
    path = tmp_path / "yk.json"
    provision_card(
        path, serial=1, pin=PIN, puk=PUK, objects=[(0x9C, key, _self_signed(key, "s"))], pin_policy_always={0x9C}
    )
    host = Host(VirtualPivCard.from_file(path))
    host.select()
    block = _pkcs1_block(b"x", 256)
    assert host.verify(PIN) == 0x9000
    assert host.sign(0x07, 0x9C, block)[1] == 0x9000
    assert host.sign(0x07, 0x9C, block)[1] == 0x6982, "second signature without a fresh VERIFY"
    assert host.verify(PIN) == 0x9000
    assert host.sign(0x07, 0x9C, block)[1] == 0x9000
    meta, _ = host.send(0xF7, 0x00, 0x9C)
    assert b"\x02\x02\x03" in meta, "metadata reports PIN policy always"


def test_certificate_object_written_read_and_deleted(host: Host, state_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    der = _self_signed(key, "retired").public_bytes(serialization.Encoding.DER)
    value = _tlv(0x70, der) + _tlv(0x71, b"\x00") + _tlv(0xFE, b"")
    assert host.authenticate() == 0x9000
    assert host.send(0xDB, 0x3F, 0xFF, _tlv(0x5C, bytes.fromhex("5fc10d")) + _tlv(0x53, value))[1] == 0x9000
    reread = Host(VirtualPivCard.from_file(state_path))
    reread.select()
    assert _certificate(reread, "5fc10d").public_bytes(serialization.Encoding.DER) == der
    assert host.send(0xDB, 0x3F, 0xFF, _tlv(0x5C, bytes.fromhex("5fc10d")) + _tlv(0x53, b""))[1] == 0x9000
    assert host.send(0xCB, 0x3F, 0xFF, _tlv(0x5C, bytes.fromhex("5fc10d")))[1] == 0x6A82


def test_reset_of_the_card_forgets_the_login(host: Host) -> None:
    assert host.verify(PIN) == 0x9000
    host.card.reset()
    host.select()
    assert host.sign(0x07, 0x9A, _pkcs1_block(b"x", 256))[1] == 0x6982


def test_pin_metadata_reports_tries(host: Host) -> None:
    host.verify("000000")
    meta, sw = host.send(0xF7, 0x00, 0x80)
    assert sw == 0x9000 and meta.endswith(b"\x06\x02\x03\x02"), meta.hex()
