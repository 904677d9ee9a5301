"""The card's private-key operations, done with `cryptography` the way a PIV applet does them.

A PIV card signs with RSA as a raw private-key operation on a block the host has already padded (PKCS#1 v1.5
or PSS is the host's business), and with ECDSA on a hash the host has already computed.
"""

from __future__ import annotations

import functools
import secrets

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from sithsclient.demo.vcard.constants import EC_CURVES, RSA_BITS, Algorithm
from sithsclient.demo.vcard.tlv import tlv

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

_CURVES: dict[str, ec.EllipticCurve] = {"secp256r1": ec.SECP256R1(), "secp384r1": ec.SECP384R1()}
_EC_HASH: dict[int, hashes.HashAlgorithm] = {32: hashes.SHA256(), 48: hashes.SHA384()}


class KeyUseError(ValueError):
    """The request does not fit the key (wrong algorithm, wrong length); the card answers 6A80."""


def generate(algorithm: Algorithm) -> PrivateKey:
    if algorithm in RSA_BITS:
        return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS[algorithm])
    if algorithm in EC_CURVES:
        return ec.generate_private_key(_CURVES[EC_CURVES[algorithm]])
    raise KeyUseError(f"cannot generate algorithm {algorithm:#x}")


def algorithm_of(key: PrivateKey) -> Algorithm:
    if isinstance(key, rsa.RSAPrivateKey):
        for algorithm, bits in RSA_BITS.items():
            if bits == key.key_size:
                return algorithm
        raise KeyUseError(f"RSA-{key.key_size} is not a PIV key size")
    for algorithm, curve in EC_CURVES.items():
        if curve == key.curve.name:
            return algorithm
    raise KeyUseError(f"curve {key.curve.name} is not a PIV curve")


def to_pem(key: PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


@functools.lru_cache(maxsize=64)
def from_pem(pem: str) -> PrivateKey:
    """The key of a slot. Cached: loading checks an RSA key (~30 ms here), and a card uses a key many times
    (every GET METADATA and signature); a key object never changes, and a new key has a new PEM."""
    return _load_pem(pem)


def _load_pem(pem: str) -> PrivateKey:
    # The card's own EEPROM: it wrote these keys itself, so OpenSSL's RSA key check (~90 ms here) proves nothing.
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyUseError("the card holds only RSA and EC keys")
    return key


def _int_bytes(value: int, length: int | None = None) -> bytes:
    size = length if length is not None else max(1, (value.bit_length() + 7) // 8)
    return value.to_bytes(size, "big")


def public_key_tlvs(key: PrivateKey) -> bytes:
    """The public key as GENERATE and GET METADATA return it: 81 modulus 82 exponent, or 86 the EC point."""
    if isinstance(key, rsa.RSAPrivateKey):
        numbers = key.public_key().public_numbers()
        return tlv(0x81, _int_bytes(numbers.n)) + tlv(0x82, _int_bytes(numbers.e))
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return tlv(0x86, point)


# DER DigestInfo prefixes (RFC 8017 9.2 note 1) of the hashes a host signs with.
_DIGEST_INFO: dict[bytes, hashes.HashAlgorithm] = {
    bytes.fromhex("3031300d060960864801650304020105000420"): hashes.SHA256(),
    bytes.fromhex("3041300d060960864801650304020205000430"): hashes.SHA384(),
    bytes.fromhex("3051300d060960864801650304020305000440"): hashes.SHA512(),
}


def _pkcs1_digest(block: bytes) -> tuple[hashes.HashAlgorithm, bytes] | None:
    """(hash, digest) when the block is a PKCS#1 v1.5 signature block (00 01 FF.. 00 DigestInfo digest)."""
    if block[:2] != b"\x00\x01":
        return None
    end = block.find(b"\x00", 2)
    if end < 10 or block[2:end] != b"\xff" * (end - 2):
        return None
    info = block[end + 1 :]
    for prefix, algorithm in _DIGEST_INFO.items():
        if info.startswith(prefix) and len(info) == len(prefix) + algorithm.digest_size:
            return algorithm, info[len(prefix) :]
    return None


def raw_rsa(key: rsa.RSAPrivateKey, block: bytes) -> bytes:
    """m^d mod n over a block as long as the modulus, with the CRT speed-up a card uses. A PKCS#1 v1.5 block is
    handed to OpenSSL (the same deterministic result, ~15 times faster than Python's pow); anything else is
    computed here."""
    size = key.key_size // 8
    if len(block) != size:
        raise KeyUseError(f"RSA input must be {size} bytes, got {len(block)}")
    padded = _pkcs1_digest(block)
    if padded is not None:
        return key.sign(padded[1], padding.PKCS1v15(), Prehashed(padded[0]))
    numbers = key.private_numbers()
    value = int.from_bytes(block, "big")
    if value >= numbers.public_numbers.n:
        raise KeyUseError("RSA input not below the modulus")
    m1 = pow(value, numbers.dmp1, numbers.p)
    m2 = pow(value, numbers.dmq1, numbers.q)
    h = (numbers.iqmp * (m1 - m2)) % numbers.p
    return _int_bytes(m2 + h * numbers.q, size)


def ecdsa(key: ec.EllipticCurvePrivateKey, digest: bytes) -> bytes:
    """A DER ECDSA signature over a hash; a shorter hash is the same integer left-padded with zeros."""
    size = (key.curve.key_size + 7) // 8
    if not digest or len(digest) > size:
        raise KeyUseError(f"ECDSA input must be 1..{size} bytes")
    padded = digest.rjust(size, b"\0")
    return key.sign(padded, ec.ECDSA(Prehashed(_EC_HASH[size])))


def ecdh(key: ec.EllipticCurvePrivateKey, peer_point: bytes) -> bytes:
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, peer_point)
    except ValueError as exc:
        raise KeyUseError("bad EC point") from exc
    return key.exchange(ec.ECDH(), peer)


def rsa_from_crt(p: bytes, q: bytes, dp: bytes, dq: bytes, qinv: bytes) -> rsa.RSAPrivateKey:
    """An imported RSA key: the card gets only the CRT parts and assumes the exponent 65537, as a YubiKey does."""
    pi, qi = int.from_bytes(p, "big"), int.from_bytes(q, "big")
    e = 65537
    try:
        d = pow(e, -1, (pi - 1) * (qi - 1))
        numbers = rsa.RSAPrivateNumbers(
            p=pi,
            q=qi,
            d=d,
            dmp1=int.from_bytes(dp, "big"),
            dmq1=int.from_bytes(dq, "big"),
            iqmp=int.from_bytes(qinv, "big"),
            public_numbers=rsa.RSAPublicNumbers(e, pi * qi),
        )
        return numbers.private_key()
    except ValueError as exc:
        raise KeyUseError("inconsistent RSA key parts") from exc


def ec_from_scalar(algorithm: Algorithm, scalar: bytes) -> ec.EllipticCurvePrivateKey:
    if algorithm not in EC_CURVES:
        raise KeyUseError(f"algorithm {algorithm:#x} is not EC")
    try:
        return ec.derive_private_key(int.from_bytes(scalar, "big"), _CURVES[EC_CURVES[algorithm]])
    except ValueError as exc:
        raise KeyUseError("bad EC private scalar") from exc


def random_bytes(count: int) -> bytes:
    return secrets.token_bytes(count)
