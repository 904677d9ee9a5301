"""The host side of a PIV card over APDUs: a small protocol layer under `piv_card.PivCard`.

In the spirit of yubikey-manager's `yubikit.piv` under its host layer: it knows command APDUs, status words and
PIV's TLVs, nothing of PKCS#11 or of how the APDUs travel. The link is anything that sends one APDU and returns
the response with its status word (`ApduLink`): the in-process practice card of `demo/` is one. A link whose
card has left raises `LinkLost` on the next APDU, as a PC/SC handle does after a removal.

Numbers from NIST SP 800-73-4 and Yubico's extensions; the two-PIN references A0/A1 and the key-PIN tag 83
are our practice card's extension (demo/vcard/pins.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, modes

PIV_AID = bytes.fromhex("a000000308")
PIN_REF, PUK_REF, SIG_PIN_REF, SIG_PUK_REF = 0x80, 0x81, 0xA0, 0xA1
MANAGEMENT_SLOT = 0x9B
PIN_OF_KEY_TAG = 0x83
# Key slots in ykcs11's CKA_ID order (1=9a, 2=9c, 3=9d, 4=9e, 5..24 = retired 82..95), so key ids match.
KEY_SLOTS: tuple[int, ...] = (0x9A, 0x9C, 0x9D, 0x9E, *range(0x82, 0x96))
ALG_RSA2048, ALG_RSA3072, ALG_ECCP256 = 0x07, 0x05, 0x11

# Status words (ISO 7816-4; SP 800-73-4 part 2 for their meaning to PIV).
SW_OK = 0x9000
SW_MORE_DATA = 0x61  # first byte: 61xx, xx more bytes to fetch with GET RESPONSE
SW_TRIES_LEFT = 0x63C0  # 63Cx: a wrong PIN or PUK, x tries left
SW_SECURITY_NOT_SATISFIED = 0x6982  # also: the card did not prove it knows the management key
SW_AUTH_BLOCKED = 0x6983  # the PIN or PUK is blocked
SW_WRONG_DATA = 0x6A80  # a PIN of a form the card does not take
SW_NOT_FOUND = 0x6A82
SW_NOT_ENOUGH_MEMORY = 0x6A84  # no room for the key or object
SW_WRONG_P1P2 = 0x6A86
SW_REF_NOT_FOUND = 0x6A88
SW_NO_DIAGNOSIS = 0x6F00  # also: an answer that does not parse, taken as a card fault

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


class LinkLost(Exception):
    """The card is no longer in the reader: nothing more reaches it on this link."""


class ApduLink(Protocol):
    def transmit(self, apdu: bytes) -> bytes:
        """One command APDU; the response APDU (data and two status bytes). Raises LinkLost."""
        ...


class StatusError(Exception):
    """The card answered a status word other than 9000."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"SW {sw:04X}")
        self.sw = sw

    @property
    def tries_left(self) -> int | None:
        """A wrong PIN or PUK's 63Cx: x tries left (0 when this try blocked it)."""
        return self.sw & 0x0F if self.sw & 0xFFF0 == SW_TRIES_LEFT else None


def tlv(tag: int, value: bytes) -> bytes:
    tag_bytes = tag.to_bytes(2, "big") if tag > 0xFF else bytes([tag])
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n <= 0xFF else bytes([0x82, n >> 8, n & 0xFF])
    return tag_bytes + length + value


def parse_tlvs(data: bytes) -> dict[int, bytes]:
    """One level of BER-TLV by tag (the first of a repeated tag wins); a malformed answer is a StatusError."""
    found: dict[int, bytes] = {}
    pos = 0
    try:
        while pos < len(data):
            tag = data[pos]
            pos += 1
            if tag & 0x1F == 0x1F:
                tag = (tag << 8) | data[pos]
                pos += 1
            length = data[pos]
            pos += 1
            if length & 0x80:
                count = length & 0x7F
                length = int.from_bytes(data[pos : pos + count], "big")
                pos += count
            if pos + length > len(data):
                raise IndexError
            found.setdefault(tag, data[pos : pos + length])
            pos += length
    except IndexError:
        raise StatusError(SW_NO_DIAGNOSIS) from None  # the card's answer does not parse: treat as a card fault
    return found


def certificate_object(slot: int) -> int:
    fixed = {0x9A: 0x5FC105, 0x9C: 0x5FC10A, 0x9D: 0x5FC10B, 0x9E: 0x5FC101}
    return fixed[slot] if slot in fixed else 0x5FC10D + (slot - 0x82)


@dataclass(frozen=True)
class KeyMetadata:
    algorithm: int
    public_key: PublicKey
    pin_ref: int  # the PIN that guards the key (A0 on a two-PIN card's signature keys)


class PivClient:
    """PIV commands over one link. Every method sends APDUs; errors are StatusError and LinkLost."""

    def __init__(self, link: ApduLink) -> None:
        self.link = link

    def send(self, ins: int, p1: int, p2: int, data: bytes = b"") -> bytes:
        """One command, chained when longer than 255 bytes; an answer in parts is fetched with GET RESPONSE."""
        while len(data) > 255:
            self._check(self.link.transmit(bytes([0x10, ins, p1, p2, 255]) + data[:255]))
            data = data[255:]
        apdu = bytes([0x00, ins, p1, p2]) + (bytes([len(data)]) + data if data else b"")
        answer = b""
        response = self.link.transmit(apdu)
        while response[-2] == SW_MORE_DATA:
            answer += response[:-2]
            response = self.link.transmit(bytes([0x00, 0xC0, 0x00, 0x00]))
        self._check(response)
        return answer + response[:-2]

    @staticmethod
    def _check(response: bytes) -> None:
        if len(response) < 2:
            raise StatusError(SW_NO_DIAGNOSIS)
        sw = int.from_bytes(response[-2:], "big")
        if sw != SW_OK and response[-2] != SW_MORE_DATA:
            raise StatusError(sw)

    # -- the applet -------------------------------------------------------------------------------------

    def select(self) -> None:
        self.send(0xA4, 0x04, 0x00, PIV_AID)

    def serial(self) -> int:
        return int.from_bytes(self.send(0xF8, 0x00, 0x00), "big")

    def version(self) -> bytes:
        return self.send(0xFD, 0x00, 0x00)

    # -- PINs -------------------------------------------------------------------------------------------

    def tries(self, reference: int) -> tuple[int, int]:
        """(total, left) of a PIN or PUK, from GET METADATA: nothing is verified, no try is spent."""
        retries = parse_tlvs(self.send(0xF7, 0x00, reference)).get(0x06, b"")
        if len(retries) != 2:
            raise StatusError(SW_NO_DIAGNOSIS)
        return retries[0], retries[1]

    def has_reference(self, reference: int) -> bool:
        try:
            self.tries(reference)
        except StatusError as exc:
            if exc.sw in (SW_REF_NOT_FOUND, SW_WRONG_P1P2):
                return False
            raise
        return True

    def verify(self, reference: int, pin: str) -> None:
        self.send(0x20, 0x00, reference, _pad(pin))

    def change_reference(self, reference: int, old: str, new: str) -> None:
        self.send(0x24, 0x00, reference, _pad(old) + _pad(new))

    def reset_retry(self, pin_reference: int, puk: str, new_pin: str) -> None:
        self.send(0x2C, 0x00, pin_reference, _pad(puk) + _pad(new_pin))

    # -- data objects -----------------------------------------------------------------------------------

    def get_object(self, object_id: int) -> bytes | None:
        try:
            answer = self.send(0xCB, 0x3F, 0xFF, tlv(0x5C, object_id.to_bytes(3, "big")))
        except StatusError as exc:
            if exc.sw == SW_NOT_FOUND:
                return None
            raise
        return parse_tlvs(answer).get(0x53)

    def put_object(self, object_id: int, value: bytes) -> None:
        self.send(0xDB, 0x3F, 0xFF, tlv(0x5C, object_id.to_bytes(3, "big")) + tlv(0x53, value))

    # -- keys -------------------------------------------------------------------------------------------

    def authenticate_management(self, key: bytes) -> None:
        """Mutual authentication with the 3DES management key (SP 800-73-4 part 2 appendix A.1)."""
        step1 = parse_tlvs(parse_tlvs(self.send(0x87, 0x03, MANAGEMENT_SLOT, tlv(0x7C, tlv(0x80, b"")))).get(0x7C, b""))
        witness = _tdes(key, step1.get(0x80, b""), decrypt=True)
        challenge = os.urandom(8)
        body = tlv(0x7C, tlv(0x80, witness) + tlv(0x81, challenge))
        step2 = parse_tlvs(parse_tlvs(self.send(0x87, 0x03, MANAGEMENT_SLOT, body)).get(0x7C, b""))
        if step2.get(0x82) != _tdes(key, challenge, decrypt=False):
            raise StatusError(SW_SECURITY_NOT_SATISFIED)  # the card did not prove it knows the key: not our card's key

    def generate(self, slot: int, algorithm: int, pin_ref: int | None = None) -> PublicKey:
        template = tlv(0x80, bytes([algorithm])) + (tlv(PIN_OF_KEY_TAG, bytes([pin_ref])) if pin_ref else b"")
        answer = parse_tlvs(self.send(0x47, 0x00, slot, tlv(0xAC, template)))
        return _public_key(parse_tlvs(answer.get(0x7F49, b"")), algorithm)

    def metadata(self, slot: int) -> KeyMetadata | None:
        try:
            fields = parse_tlvs(self.send(0xF7, 0x00, slot))
        except StatusError as exc:
            if exc.sw == SW_REF_NOT_FOUND:
                return None
            raise
        algorithm = fields.get(0x01, b"\x00")[0]
        pin_ref = fields.get(PIN_OF_KEY_TAG, bytes([PIN_REF]))[0]
        return KeyMetadata(algorithm, _public_key(parse_tlvs(fields.get(0x04, b"")), algorithm), pin_ref)

    def sign(self, slot: int, algorithm: int, block: bytes) -> bytes:
        """Raw RSA over a padded block, or ECDSA over a hash (DER); the padding and hashing are the host's."""
        body = tlv(0x7C, tlv(0x82, b"") + tlv(0x81, block))
        return parse_tlvs(parse_tlvs(self.send(0x87, algorithm, slot, body)).get(0x7C, b"")).get(0x82, b"")


def _pad(secret: str) -> bytes:
    return secret.encode("ascii").ljust(8, b"\xff")


def _tdes(key: bytes, block: bytes, *, decrypt: bool) -> bytes:
    cipher = Cipher(TripleDES(key), modes.ECB())
    op = cipher.decryptor() if decrypt else cipher.encryptor()
    return op.update(block) + op.finalize()


def _public_key(fields: dict[int, bytes], algorithm: int) -> PublicKey:
    if algorithm == ALG_ECCP256:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), fields.get(0x86, b""))
    modulus, exponent = fields.get(0x81, b""), fields.get(0x82, b"")
    if not modulus or not exponent:
        raise StatusError(SW_NO_DIAGNOSIS)
    return rsa.RSAPublicNumbers(int.from_bytes(exponent, "big"), int.from_bytes(modulus, "big")).public_key()
