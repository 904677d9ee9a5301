"""Whether a read response may be believed: its protection, its transaction and its nonces (RFC 9483 3.5).

Protection first: until the signature is proven to come from a configured CA (or, in an initial enrollment, the
MAC to be keyed by the one-time secret), nothing else in the message means anything, not even an error text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sithsclient.enroll.errors import (
    MacMismatch,
    NonceMismatch,
    ProtectionError,
    SignerNotValidNow,
    TransactionMismatch,
    UnexpectedMessage,
)
from sithsclient.enroll.mac import InvalidMac, UnsupportedMac, is_mac_algorithm
from sithsclient.enroll.mac import verify as verify_mac
from sithsclient.enroll.message import subject_key_id
from sithsclient.enroll.protection import InvalidSignature, UnsupportedSignature, verify
from sithsclient.enroll.response import Response
from sithsclient.pki.chain import build_path, may_sign, valid_at

SUPPORTED_PVNO = (2, 3)


def _named(cert: x509.Certificate, response: Response) -> bool:
    """Is `cert` the one the header names as signer (senderKID if given, else the sender's name)?"""
    if response.sender_kid is not None:
        return subject_key_id(cert) == response.sender_kid
    if response.sender is None:
        return False
    try:
        return bool(asn1_x509.Name.load(cert.subject.public_bytes(serialization.Encoding.DER)) == response.sender)
    except ValueError:  # X.520 comparison prepares the strings and refuses e.g. unassigned code points
        return False


def _what_it_said(response: Response) -> str:
    if response.error is not None:
        return f" (it was an error message: {response.error.status.text or response.error.details!r})"
    return f" (body {response.body_type})"


def check_protection(
    response: Response, trusted: Sequence[x509.Certificate], *, at: dt.datetime | None = None
) -> x509.Certificate:
    """The certificate whose key protected `response`, after proving it is one we trust; else ProtectionError.

    `trusted` holds the certificates that may sign responses, or their issuers: the signer must be one of them
    or chain to one of them through the message's extraCerts.
    """
    moment = at or dt.datetime.now(dt.UTC)
    if response.protection is None or response.protection_alg is None:
        raise ProtectionError("the response is not protected" + _what_it_said(response))
    if is_mac_algorithm(response.protection_alg):
        # Anyone holding a shared secret can make a MAC; only a signature shows it is the CA.
        raise ProtectionError("the response is protected by a MAC, not by a signature" + _what_it_said(response))
    candidates = list(dict.fromkeys(c for c in (*response.extra_certs, *trusted) if _named(c, response)))
    if not candidates:
        raise ProtectionError("no certificate matches the response's senderKID or sender" + _what_it_said(response))
    failures = []
    for signer in candidates:
        try:
            verify(signer.public_key(), response.protection_alg, response.protected_part, response.protection)
        except (InvalidSignature, UnsupportedSignature) as exc:
            failures.append(f"{signer.subject.rfc4514_string()}: {type(exc).__name__} {exc}".strip())
            continue
        if not valid_at(signer, moment):
            raise SignerNotValidNow(
                f"the signer's certificate ({signer.subject.rfc4514_string()}) is valid from "
                f"{signer.not_valid_before_utc:%Y-%m-%d} to {signer.not_valid_after_utc:%Y-%m-%d}; this computer's "
                f"time is {moment:%Y-%m-%d %H:%M} UTC"
            )
        if not may_sign(signer):
            raise ProtectionError("the signer's certificate lacks Key Usage digitalSignature")
        if build_path(signer, trusted, response.extra_certs, at=moment) is None:
            raise ProtectionError(
                f"the signer is not trusted for CMP: {signer.subject.rfc4514_string()}" + _what_it_said(response)
            )
        return signer
    raise ProtectionError("the protection signature does not verify: " + "; ".join(failures))


def check_mac_protection(response: Response, secret: bytes) -> None:
    """The response's MAC verifies with the one-time `secret` (RFC 4210 5.1.3.1, RFC 9481 6.1); else MacMismatch,
    or ProtectionError for a MAC algorithm or parameters we do not accept. The secret never reaches an error."""
    if response.protection is None or response.protection_alg is None:
        raise ProtectionError("the response is not protected" + _what_it_said(response))
    try:
        verify_mac(response.protection_alg, response.protected_part, response.protection, secret)
    except UnsupportedMac as exc:
        raise ProtectionError(f"the response's MAC is not accepted: {exc}" + _what_it_said(response)) from None
    except InvalidMac:
        raise MacMismatch(
            "the response's MAC does not verify with the one-time secret" + _what_it_said(response)
        ) from None


def check_envelope(response: Response, *, transaction_id: bytes, sent_nonce: bytes) -> None:
    """The response belongs to our transaction and answers our last message (RFC 4210 5.1.1)."""
    if response.pvno not in SUPPORTED_PVNO:
        raise UnexpectedMessage(f"pvno {response.pvno}")
    if response.transaction_id != transaction_id:
        raise TransactionMismatch(
            f"transactionID {(response.transaction_id or b'').hex()} instead of {transaction_id.hex()}"
        )
    if response.recip_nonce != sent_nonce:
        raise NonceMismatch("recipNonce does not repeat our senderNonce")
    if not response.sender_nonce:
        raise NonceMismatch("the response has no senderNonce")
