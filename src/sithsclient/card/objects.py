"""What the card's objects and the module's answers mean, for the card and its sessions alike."""

from __future__ import annotations

from typing import Any

import pkcs11
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import Attribute, KeyType
from pkcs11.util.ec import encode_ec_public_key

# The card answered in a way that means it is gone (pulled, reader unplugged, service restarted).
REMOVED = (
    pkcs11.DeviceRemoved,
    pkcs11.TokenNotPresent,
    pkcs11.SessionHandleInvalid,
    pkcs11.SessionClosed,
    pkcs11.DeviceError,
    pkcs11.SlotIDInvalid,
    pkcs11.TokenNotRecognised,
)


def public_key_of(obj: Any) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
    """The public key of a PKCS#11 key object."""
    if obj.key_type == KeyType.RSA:
        modulus = int.from_bytes(obj[Attribute.MODULUS], "big")
        exponent = int.from_bytes(obj[Attribute.PUBLIC_EXPONENT], "big")
        return rsa.RSAPublicNumbers(exponent, modulus).public_key()
    key = serialization.load_der_public_key(encode_ec_public_key(obj))
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key


def public_der(key: Any) -> bytes:
    der: bytes = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return der
