"""Protection by a shared secret (a MAC), for a first certificate fetched with a one-time code (RFC 9483 4.1.5).

Two algorithms, made and checked the same way by the client and the practice service:
- PasswordBasedMac (RFC 4210 5.1.3.1, RFC 9481 6.1.1): the key is the secret and a salt hashed `iterationCount`
  times, then HMAC. The only one OpenSSL 3.0's `openssl cmp` speaks, client and mock server alike, so it is
  what the client sends by default.
- PBMAC1 (RFC 8018, RFC 9481 6.1.2): PBKDF2 with HMAC-SHA256, then HMAC-SHA256. What the lightweight profile
  prefers; the client sends it when configured to, and both sides accept it.

The secret is a one-time code, like a PIN: it is only ever an argument here, never part of an exception's text.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field
from enum import StrEnum

from asn1crypto import algos, core
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from sithsclient.enroll import asn1

PASSWORD_BASED_MAC = "1.2.840.113533.7.66.13"
PBMAC1 = "1.2.840.113549.1.5.14"
PBKDF2 = "1.2.840.113549.1.5.12"

# One-way functions for PasswordBasedMac. SHA-1 is refused: it would be the whole key derivation.
_OWF = {
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
_OWF_OID = {name: oid for oid, name in _OWF.items()}
# HMACs. HMAC-SHA1 is accepted (never sent): it is OpenSSL 3.0's default in PasswordBasedMac and its mock server
# protects every answer with it; as a MAC keyed with a derived key it is still sound.
_HMAC = {
    "1.3.6.1.5.5.8.1.2": "sha1",  # hMAC-SHA1 (RFC 4210)
    "1.2.840.113549.2.7": "sha1",  # hmacWithSHA1
    "1.2.840.113549.2.8": "sha224",
    "1.2.840.113549.2.9": "sha256",
    "1.2.840.113549.2.10": "sha384",
    "1.2.840.113549.2.11": "sha512",
}
_HMAC_OID = {"sha256": "1.2.840.113549.2.9"}
_PBKDF2_PRF: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}

SALT_BYTES = 16
# What we send. PasswordBasedMac: 10000 hashes (OpenSSL sends 500 and accepts up to 100000). PBMAC1: PBKDF2
# rounds as for a stored password.
PBM_ITERATIONS = 10_000
PBMAC1_ITERATIONS = 100_000
# What we accept: enough to mean something, and a bound so that a message cannot make us hash for minutes.
_PBM_ITERATION_RANGE = (100, 100_000)
_PBMAC1_ITERATION_RANGE = (1_000, 1_000_000)
_SALT_RANGE = (8, 64)


class MacKind(StrEnum):
    PASSWORD_BASED_MAC = "pbm"
    PBMAC1 = "pbmac1"


class MacError(ValueError):
    """Base of the MAC failures; its text names the algorithm or the parameter, never the secret."""


class InvalidMac(MacError):
    """The MAC does not match: another secret, or an altered message."""


class UnsupportedMac(MacError):
    """An algorithm or a parameter we do not accept, or parameters that cannot be read."""


@dataclass(frozen=True)
class SharedSecret:
    """A reference (senderKID) and its one-time secret. The secret stays out of repr()."""

    reference: bytes
    secret: bytes = field(repr=False)
    kind: MacKind = MacKind.PASSWORD_BASED_MAC


def is_mac_algorithm(algorithm: algos.SignedDigestAlgorithm) -> bool:
    return str(algorithm["algorithm"].dotted) in (PASSWORD_BASED_MAC, PBMAC1)


def _algorithm(oid: str, parameters: core.Asn1Value) -> algos.SignedDigestAlgorithm:
    # protectionAlg is typed as a signature algorithm in asn1.PKIHeader; an unknown OID with its parameters as
    # Any encodes the same AlgorithmIdentifier, so MAC and signature share one header type.
    return algos.SignedDigestAlgorithm({"algorithm": oid, "parameters": parameters})


def _pbm_key(secret: bytes, salt: bytes, owf: str, iterations: int) -> bytes:
    """RFC 4210 5.1.3.1: OWF(secret || salt), then OWF of the result, `iterations` applications in all."""
    key = hashlib.new(owf, secret + salt).digest()
    for _ in range(iterations - 1):
        key = hashlib.new(owf, key).digest()
    return key


def _pbkdf2_key(secret: bytes, salt: bytes, prf: str, iterations: int, length: int) -> bytes:
    return PBKDF2HMAC(_PBKDF2_PRF[prf](), length, salt, iterations).derive(secret)


def new_algorithm(kind: MacKind) -> algos.SignedDigestAlgorithm:
    """The protectionAlg for one message, with a fresh salt. It goes into the header before the MAC is computed,
    since the MAC covers the header."""
    salt = os.urandom(SALT_BYTES)
    if kind is MacKind.PASSWORD_BASED_MAC:
        parameters: core.Asn1Value = asn1.PBMParameter(
            {
                "salt": salt,
                "owf": {"algorithm": _OWF_OID["sha256"]},
                "iteration_count": PBM_ITERATIONS,
                "mac": {"algorithm": _HMAC_OID["sha256"]},
            }
        )
        return _algorithm(PASSWORD_BASED_MAC, parameters)
    parameters = algos.Pbmac1Params(
        {
            "key_derivation_func": {
                "algorithm": "pbkdf2",
                "parameters": {
                    "salt": algos.Pbkdf2Salt(name="specified", value=salt),
                    "iteration_count": PBMAC1_ITERATIONS,
                    "key_length": 32,
                    "prf": {"algorithm": "sha256", "parameters": core.Null()},
                },
            },
            "message_auth_scheme": {"algorithm": "sha256", "parameters": core.Null()},
        }
    )
    return _algorithm(PBMAC1, parameters)


def _within(value: int, bounds: tuple[int, int], what: str) -> int:
    if not bounds[0] <= value <= bounds[1]:
        raise UnsupportedMac(f"{what} {value} is outside {bounds[0]}..{bounds[1]}")
    return value


def _pbm(parameters: core.Asn1Value, data: bytes, secret: bytes) -> bytes:
    params = parameters.parse(asn1.PBMParameter) if isinstance(parameters, core.Any) else parameters
    salt = bytes(params["salt"].native)
    _within(len(salt), _SALT_RANGE, "salt length")
    owf = _OWF.get(params["owf"]["algorithm"].dotted)
    if owf is None:
        raise UnsupportedMac(f"one-way function {params['owf']['algorithm'].dotted}")
    mac = _HMAC.get(params["mac"]["algorithm"].dotted)
    if mac is None:
        raise UnsupportedMac(f"MAC {params['mac']['algorithm'].dotted}")
    iterations = _within(int(params["iteration_count"].native), _PBM_ITERATION_RANGE, "iterationCount")
    return hmac.digest(_pbm_key(secret, salt, owf, iterations), data, mac)


def _pbmac1(parameters: core.Asn1Value, data: bytes, secret: bytes) -> bytes:
    params = parameters.parse(algos.Pbmac1Params) if isinstance(parameters, core.Any) else parameters
    kdf = params["key_derivation_func"]
    if kdf["algorithm"].dotted != PBKDF2:
        raise UnsupportedMac(f"key derivation {kdf['algorithm'].dotted}")
    pbkdf2 = kdf["parameters"]
    if pbkdf2["salt"].name != "specified":
        raise UnsupportedMac("PBKDF2 salt from another source")
    salt = bytes(pbkdf2["salt"].chosen.native)
    _within(len(salt), _SALT_RANGE, "salt length")
    iterations = _within(int(pbkdf2["iteration_count"].native), _PBMAC1_ITERATION_RANGE, "iterationCount")
    prf = _HMAC.get(pbkdf2["prf"]["algorithm"].dotted)
    if prf not in _PBKDF2_PRF:
        raise UnsupportedMac(f"PBKDF2 PRF {pbkdf2['prf']['algorithm'].dotted}")
    mac = _HMAC.get(params["message_auth_scheme"]["algorithm"].dotted)
    if mac is None or mac == "sha1":
        raise UnsupportedMac(f"MAC {params['message_auth_scheme']['algorithm'].dotted}")
    key_length = pbkdf2["key_length"].native
    length = _within(int(key_length) if key_length is not None else hashlib.new(mac).digest_size, (16, 64), "key")
    assert prf is not None
    return hmac.digest(_pbkdf2_key(secret, salt, prf, iterations, length), data, mac)


def compute(algorithm: algos.SignedDigestAlgorithm, data: bytes, secret: bytes) -> bytes:
    """The MAC of `data` under `secret` by `algorithm` and its parameters; UnsupportedMac for anything we refuse."""
    oid = str(algorithm["algorithm"].dotted)
    try:
        if oid == PASSWORD_BASED_MAC:
            return _pbm(algorithm["parameters"], data, secret)
        if oid == PBMAC1:
            return _pbmac1(algorithm["parameters"], data, secret)
    except MacError:
        raise
    except Exception as exc:  # asn1crypto raises many types for parameters it cannot read
        raise UnsupportedMac(f"the {oid} parameters cannot be read ({type(exc).__name__})") from None
    raise UnsupportedMac(f"protection algorithm {oid} is not a MAC")


def verify(algorithm: algos.SignedDigestAlgorithm, data: bytes, mac: bytes, secret: bytes) -> None:
    """Raises InvalidMac if `mac` is not the MAC of `data` under `secret`, UnsupportedMac for anything we refuse."""
    expected = compute(algorithm, data, secret)
    if not hmac.compare_digest(expected, mac):
        raise InvalidMac("the MAC does not verify with this secret")


__all__ = [
    "PASSWORD_BASED_MAC",
    "PBMAC1",
    "InvalidMac",
    "MacError",
    "MacKind",
    "SharedSecret",
    "UnsupportedMac",
    "compute",
    "is_mac_algorithm",
    "new_algorithm",
    "verify",
]
