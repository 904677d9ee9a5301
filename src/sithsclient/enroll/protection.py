"""Signatures in CMP: message protection and proof of possession, made and checked the same way.

Signing goes only through `cryptography`'s private-key interface (`sign` and `public_key`), because on a real
card the key is the card layer's signer and every call is one C_Sign. PKCS#1 v1.5 for RSA (what the card
layer's signer and every SITHS card support) and ECDSA with the hash that matches the curve.
"""

from __future__ import annotations

from asn1crypto import algos
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class UnsupportedSignature(ValueError):
    """An algorithm (or key and algorithm pair) we do not accept."""


def _ec_hash(curve: ec.EllipticCurve) -> str:
    return {384: "sha384", 521: "sha512"}.get(curve.key_size, "sha256")


def algorithm_for(key: SigningKey) -> algos.SignedDigestAlgorithm:
    """The signature algorithm this key signs with, as it goes into protectionAlg and the POP."""
    if isinstance(key, rsa.RSAPrivateKey):
        # RFC 4055: the parameters of sha*WithRSAEncryption are NULL.
        return algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa", "parameters": None})
    name = _ec_hash(key.curve)
    return algos.SignedDigestAlgorithm({"algorithm": f"{name}_ecdsa"})


def sign(key: SigningKey, data: bytes) -> tuple[algos.SignedDigestAlgorithm, bytes]:
    algorithm = algorithm_for(key)
    digest = _HASHES[algorithm.hash_algo]()
    if isinstance(key, rsa.RSAPrivateKey):
        return algorithm, key.sign(data, padding.PKCS1v15(), digest)
    return algorithm, key.sign(data, ec.ECDSA(digest))


def verify(public_key: PublicKeyTypes, algorithm: algos.SignedDigestAlgorithm, data: bytes, signature: bytes) -> None:
    """Raises InvalidSignature, or UnsupportedSignature for an algorithm we do not accept or a key mismatch."""
    try:
        signature_algo = algorithm.signature_algo
        hash_name = algorithm.hash_algo
        # RSASSA-PSS keeps hash and salt in parameters, which asn1crypto reads without checking they are there
        # (TypeError on an absent one).
        salt = int(algorithm["parameters"]["salt_length"].native) if signature_algo == "rsassa_pss" else 0
    except (ValueError, KeyError, TypeError) as exc:
        raise UnsupportedSignature(f"signature algorithm {algorithm['algorithm'].dotted}") from exc
    if hash_name not in _HASHES:
        raise UnsupportedSignature(f"hash {hash_name} is not accepted")
    digest = _HASHES[hash_name]()
    if signature_algo == "rsassa_pkcs1v15" and isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), digest)
    elif signature_algo == "rsassa_pss" and isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PSS(padding.MGF1(digest), salt), digest)
    elif signature_algo == "ecdsa" and isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(digest))
    else:
        raise UnsupportedSignature(f"{signature_algo} with a {type(public_key).__name__}")


__all__ = ["InvalidSignature", "SigningKey", "UnsupportedSignature", "algorithm_for", "sign", "verify"]
