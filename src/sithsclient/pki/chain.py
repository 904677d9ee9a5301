"""Certificate path building: does this certificate chain, by valid signatures, to one we trust?

Deliberately small (RFC 5280's core, not its policy machinery): each step must be named by and signed by its
issuer, the issuer must be a CA allowed to sign certificates, and every certificate on the path must be valid at
the given moment. cryptography's own verifier enforces the Web PKI profile, which real SITHS and practice
certificates (no SAN, nonRepudiation-only signature certificates) need not follow, hence this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

MAX_DEPTH = 8


def valid_at(cert: x509.Certificate, moment: dt.datetime) -> bool:
    return cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc


def may_issue(cert: x509.Certificate) -> bool:
    """A CA certificate whose key may sign certificates (Basic Constraints cA, Key Usage keyCertSign if present)."""
    try:
        if not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return False
    except x509.ExtensionNotFound:
        return False
    try:
        return cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    except x509.ExtensionNotFound:
        return True


def may_sign(cert: x509.Certificate) -> bool:
    """May this certificate's key sign messages (Key Usage digitalSignature, if Key Usage is present)?"""
    try:
        return cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    except x509.ExtensionNotFound:
        return True


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def build_path(
    leaf: x509.Certificate,
    anchors: Sequence[x509.Certificate],
    intermediates: Iterable[x509.Certificate] = (),
    *,
    at: dt.datetime | None = None,
) -> list[x509.Certificate] | None:
    """The path from `leaf` up to and including a trust anchor, or None when there is none.

    A leaf that is itself an anchor is trusted directly (a pinned certificate). Anchors are not checked for
    signatures (they are trusted by configuration) but must be valid at `at`, as must every issuer on the way.
    The leaf's own validity is left to the caller: to a user, "expired" is another error than "untrusted".
    """
    moment = at or dt.datetime.now(dt.UTC)
    pool = [*anchors, *intermediates]

    def walk(cert: x509.Certificate, path: list[x509.Certificate]) -> list[x509.Certificate] | None:
        if cert is not leaf and not valid_at(cert, moment):
            return None
        if cert in anchors:
            return path
        if len(path) > MAX_DEPTH:
            return None
        for candidate in pool:
            if candidate in path or candidate.subject != cert.issuer:
                continue
            if may_issue(candidate) and _signed_by(cert, candidate):
                found = walk(candidate, [*path, candidate])
                if found is not None:
                    return found
        return None

    return walk(leaf, [leaf])
