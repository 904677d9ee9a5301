"""What the upgrade engine asks of an issuing service, independent of the protocol that carries it.

The real SITHS issuing service's protocol is not public, so the engine sees only `Enroller`; CMP
(`CmpEnroller`) is the one adapter built so far. Keys are `cryptography` private-key objects; on a real card
they are the card layer's signers, so every signature is one C_Sign and no key leaves the card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cryptography import x509

from sithsclient.enroll.protection import SigningKey
from sithsclient.pki.model import Purpose


@dataclass(frozen=True)
class CardCredential:
    """The card's current authentication key and certificate: they prove to the service who is asking.

    `chain` is the certificate's CA chain where the card or the configuration has it (it may be empty): it is
    sent along so that the service can verify the certificate without knowing the intermediate CA.
    """

    key: SigningKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()


@dataclass(frozen=True)
class KeyUpdateRequest:
    """One new certificate for one new key pair on the card, replacing one old certificate.

    For the authentication certificate `replaces` is `authentication.certificate`; for the signature
    certificate it is the old signature certificate, while the request is still proven by the authentication key.
    """

    purpose: Purpose
    authentication: CardCredential
    replaces: x509.Certificate
    new_key: SigningKey


@dataclass(frozen=True)
class KeyUpdateResult:
    """A checked certificate, safe to install: it holds the new key and names the same person and HSA-ID."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # issuing CA upward, as far as a trust anchor (the anchor included)
    transaction_id: str  # hex; for the journal and for IT support to find the exchange in the service's log


class Enroller(Protocol):
    def key_update(self, request: KeyUpdateRequest) -> KeyUpdateResult:
        """Obtains and checks a new certificate; raises an `EnrollmentError` subclass on any failure."""
        ...
