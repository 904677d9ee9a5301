"""What a card holds, as the engine sees it: certificates with the keys they belong to, keys, key types.

Plain values, no module behind them: `card.card` fills them from PKCS#11, a scripted card from its script.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sithsclient.card.layouts import ROLE_OF_PURPOSE, PinRole
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose


class KeyType_(StrEnum):
    RSA_2048 = "rsa2048"
    RSA_3072 = "rsa3072"
    EC_P256 = "ecp256"


@dataclass(frozen=True)
class CardCertificate:
    """A certificate on the card, with the key it belongs to."""

    info: CertificateInfo
    key_id: bytes
    label: str
    role: PinRole  # the token (PIN) it lives under

    @property
    def der(self) -> bytes:
        return self.info.cert.public_bytes(serialization.Encoding.DER)

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()


@dataclass(frozen=True)
class CardKey:
    """A private key object on the card (a key without a certificate is an orphan or a new key)."""

    key_id: bytes
    label: str
    role: PinRole
    key_type: str


@dataclass(frozen=True)
class GeneratedKey:
    key_id: bytes
    purpose: Purpose
    public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def role_for_purpose(purpose: Purpose) -> PinRole:
    return ROLE_OF_PURPOSE[purpose]
