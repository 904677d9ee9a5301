"""What the upgrade engine asks of an issuing service, independent of the protocol that carries it.

The real SITHS issuing service's protocol is not public, so the engine sees only `Enroller`; CMP
(`CmpEnroller`) is the one adapter built so far. Keys are `cryptography` private-key objects; on a real card
they are the card layer's signers, so every signature is one C_Sign and no key leaves the card.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from cryptography import x509

from sithsclient.enroll.protection import SigningKey
from sithsclient.pki.card_set import CertificateSpec
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
    profile: str | None = None  # the certProfile asked for (RFC 9480), where the service issues several
    subject: x509.Name | None = None  # the subject that profile's template named; None: that of `replaces`


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


@dataclass(frozen=True)
class Receipt:
    """A certificate received and checked but not yet confirmed (certConf, RFC 9483 4.1.1): what the engine
    journals before anything else, so that a run stopped now goes on with this transaction instead of asking the
    service again. Public data only: the transaction id and the service's last nonce, which certConf answers."""

    certificate: x509.Certificate
    transaction_id: str  # hex
    server_nonce: str  # hex; empty when the service sent none


@dataclass(frozen=True)
class Carry:
    """What the engine carries into one call of a plan's request: `received` hears of the certificate before it
    is confirmed; with `resume`, the call confirms that journalled certificate in its own transaction instead of
    asking for a new one (a plan's request stays the same call either way)."""

    received: Callable[[Receipt], None]
    resume: Receipt | None = None


@runtime_checkable
class Settling(Protocol):
    """An enroller that lets the engine journal a certificate before it is confirmed, confirm it after a pull or
    a kill, and ask for the revocation of one that will never be installed (RFC 9483 4.2)."""

    def carrying(self, carry: Carry) -> AbstractContextManager[None]: ...

    def revoke(self, certificate: x509.Certificate, key: SigningKey) -> None:
        """Asks the service to revoke `certificate`, the request signed by its own `key` (RFC 9483 4.2). Returns
        when it is revoked (or was already); raises an `EnrollmentError` otherwise."""
        ...


@dataclass(frozen=True)
class CertificationRequest:
    """One more certificate for a new key pair, beside the card's current ones (RFC 9483 4.1.2, cr): the one a set
    lacks, as the signature certificate the 2024 platform leaves off. Proven by the card's current authentication
    certificate, in whose name (`authentication.certificate.subject`) it is issued; nothing is replaced."""

    purpose: Purpose
    authentication: CardCredential
    new_key: SigningKey
    profile: str | None = None  # the certProfile asked for (RFC 9480)


@runtime_checkable
class KnowsSets(Protocol):
    """An issuing service that can say which certificates it issues to a card (CmpEnroller)."""

    def certificate_set(self, credential: CardCredential, key_type: str) -> list[CertificateSpec]: ...

    def certification_request(self, request: CertificationRequest) -> KeyUpdateResult:
        """A certificate the card lacks, asked with a cr; raises an EnrollmentError as key_update does."""
        ...


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
