"""A private key that never leaves the card, behind `cryptography`'s private-key interface.

`cryptography`'s own builders (CSRs, certificates) and our CMP code call `sign()`; we turn that into one C_Sign
on the card. Everything that would need the private key's bytes raises: the key is not extractable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, NoReturn

import pkcs11
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.asymmetric.padding import AsymmetricPadding
from cryptography.utils import Buffer

from sithsclient.card.errors import NotSupportedError

# Called with the raw message (or None for a prehashed one) and the mechanism; returns the card's signature.
SignFunction = Callable[[bytes, pkcs11.Mechanism, Any], bytes]

_RSA_PKCS1 = {
    "sha256": pkcs11.Mechanism.SHA256_RSA_PKCS,
    "sha384": pkcs11.Mechanism.SHA384_RSA_PKCS,
    "sha512": pkcs11.Mechanism.SHA512_RSA_PKCS,
}
_ECDSA = {
    "sha256": pkcs11.Mechanism.ECDSA_SHA256,
    "sha384": pkcs11.Mechanism.ECDSA_SHA384,
    "sha512": pkcs11.Mechanism.ECDSA_SHA512,
}
# DER DigestInfo prefixes (RFC 8017 9.2 note 1), for modules that only do raw CKM_RSA_PKCS.
_DIGEST_INFO = {
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


def _not_extractable() -> NoReturn:
    raise NotSupportedError("The private key stays on the card and cannot be exported.")


def _digest(algorithm: hashes.HashAlgorithm | utils.Prehashed, data: bytes) -> tuple[str, bytes]:
    if isinstance(algorithm, utils.Prehashed):
        return algorithm._algorithm.name, data
    return algorithm.name, hashlib.new(algorithm.name, data).digest()


class CardRsaPrivateKey(rsa.RSAPrivateKey):
    """An RSA key on the card. `mechanisms` is what the token says it supports."""

    def __init__(
        self,
        sign: SignFunction,
        public: rsa.RSAPublicKey,
        mechanisms: frozenset[pkcs11.Mechanism],
    ) -> None:
        self._sign = sign
        self._public = public
        self._mechanisms = mechanisms

    def sign(
        self,
        data: bytes,
        padding: AsymmetricPadding,
        algorithm: hashes.HashAlgorithm | utils.Prehashed | utils.NoDigestInfo,
    ) -> bytes:
        if isinstance(algorithm, utils.NoDigestInfo):
            if not isinstance(padding, _PKCS1v15):
                raise NotSupportedError("Raw RSA signatures need PKCS#1 v1.5 padding")
            return self._sign(bytes(data), pkcs11.Mechanism.RSA_PKCS, None)
        name, digest = _digest(algorithm, data)
        if isinstance(padding, _PKCS1v15):
            combined = _RSA_PKCS1.get(name)
            if combined in self._mechanisms and not isinstance(algorithm, utils.Prehashed):
                return self._sign(data, combined, None)
            if name not in _DIGEST_INFO:
                raise NotSupportedError(f"RSA signatures with {name} are not supported")
            return self._sign(_DIGEST_INFO[name] + digest, pkcs11.Mechanism.RSA_PKCS, None)
        raise NotSupportedError(f"RSA padding {padding.name} is not supported on the card")

    def public_key(self) -> rsa.RSAPublicKey:
        return self._public

    @property
    def key_size(self) -> int:
        return self._public.key_size

    def decrypt(self, ciphertext: bytes, padding: AsymmetricPadding) -> bytes:
        raise NotSupportedError("Decryption with the card's key is not used by this program.")

    def private_numbers(self) -> rsa.RSAPrivateNumbers:
        _not_extractable()

    def private_bytes(
        self,
        encoding: serialization.Encoding,
        format: serialization.PrivateFormat,
        encryption_algorithm: serialization.KeySerializationEncryption,
    ) -> bytes:
        _not_extractable()

    def __copy__(self) -> CardRsaPrivateKey:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> CardRsaPrivateKey:
        return self


_PKCS1v15 = padding.PKCS1v15


class CardEcPrivateKey(ec.EllipticCurvePrivateKey):
    """An EC key on the card. The card returns r||s; `cryptography` wants DER."""

    def __init__(
        self,
        sign: SignFunction,
        public: ec.EllipticCurvePublicKey,
        mechanisms: frozenset[pkcs11.Mechanism],
    ) -> None:
        self._sign = sign
        self._public = public
        self._mechanisms = mechanisms

    def sign(self, data: Buffer, signature_algorithm: ec.EllipticCurveSignatureAlgorithm) -> bytes:
        data = bytes(data)
        if not isinstance(signature_algorithm, ec.ECDSA):
            raise NotSupportedError("Only ECDSA signatures are supported on the card")
        algorithm = signature_algorithm.algorithm
        name, digest = _digest(algorithm, data)
        combined = _ECDSA.get(name)
        # SoftHSM2 and several cards lack CKM_ECDSA_SHA256: hash here and let the card sign the digest.
        if combined in self._mechanisms and not isinstance(algorithm, utils.Prehashed):
            raw = self._sign(data, combined, None)
        else:
            raw = self._sign(digest, pkcs11.Mechanism.ECDSA, None)
        half = len(raw) // 2
        return utils.encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))

    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self._public

    @property
    def curve(self) -> ec.EllipticCurve:
        return self._public.curve

    @property
    def key_size(self) -> int:
        return self._public.key_size

    def exchange(self, algorithm: ec.ECDH, peer_public_key: ec.EllipticCurvePublicKey) -> bytes:
        raise NotSupportedError("Key agreement with the card's key is not used by this program.")

    def private_numbers(self) -> ec.EllipticCurvePrivateNumbers:
        _not_extractable()

    def private_bytes(
        self,
        encoding: serialization.Encoding,
        format: serialization.PrivateFormat,
        encryption_algorithm: serialization.KeySerializationEncryption,
    ) -> bytes:
        _not_extractable()

    def __copy__(self) -> CardEcPrivateKey:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> CardEcPrivateKey:
        return self


CardPrivateKey = CardRsaPrivateKey | CardEcPrivateKey
