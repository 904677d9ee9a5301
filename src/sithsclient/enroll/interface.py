"""What the upgrade engine asks of an issuing service, independent of the protocol that carries it.

The real SITHS issuing service's protocol is not public, so the engine sees only `Enroller`; CMP
(`CmpEnroller`) is the one adapter built so far. Keys are `cryptography` private-key objects; on a real card
they are the card layer's signers, so every signature is one C_Sign and no key leaves the card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
class InitialRequest:
    """A first certificate from another organisation, for a new key pair on a card that keeps its own ones.

    The organisation's card office ordered it and gave the holder `reference` and a one-time `secret`; they, not
    the card's certificates, prove who is asking (RFC 9483 4.1.5). `subject` is the name the organisation
    ordered, with the HSA-ID it gave the holder, which is not the card's own. The secret is like a PIN: it is
    kept out of repr() and is never logged, written or put in an error.
    """

    purpose: Purpose
    reference: str
    secret: str = field(repr=False)
    subject: x509.Name
    new_key: SigningKey


@dataclass(frozen=True)
class KeyUpdateResult:
    """A checked certificate, safe to install: it holds the new key and names the expected person and HSA-ID
    (those of the replaced certificate in a key update, those ordered in an initial enrollment)."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # issuing CA upward, as far as a trust anchor (the anchor included)
    transaction_id: str  # hex; for the journal and for IT support to find the exchange in the service's log


class Enroller(Protocol):
    def key_update(self, request: KeyUpdateRequest) -> KeyUpdateResult:
        """Obtains and checks a new certificate; raises an `EnrollmentError` subclass on any failure."""
        ...

    def initial_enroll(self, request: InitialRequest) -> KeyUpdateResult:
        """Obtains and checks a first certificate with a one-time code; nothing on the card is replaced.

        Raises an `EnrollmentError` subclass on any failure; `OneTimeCodeRefused` (and its `OneTimeCodeUsed`) and
        `MacMismatch` mean the reference or the code is wrong, used or blocked.
        """
        ...

    def ordered_subject(self, reference: str, secret: str) -> x509.Name:
        """The name an order's certificates are to be issued in, asked with its one-time code before any key is
        made; raises as `initial_enroll` does for a wrong, used or blocked code."""
        ...
