"""Checks on a certificate the issuing service sent back, before it goes anywhere near the card.

A person cannot tell a good certificate from a bad one, so the program does, for every issued certificate:
it must hold the new key (not someone else's), name the same person with the same HSA-ID as the certificate
it replaces, have the Key Usage of its purpose (logging in or signing), not be a CA certificate, be valid now,
and chain to the configured SITHS trust anchors. The result is a list of problems with stable codes; an empty
list means the certificate may be installed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.x509.oid import NameOID

from sithsclient.pki.chain import build_path, valid_at
from sithsclient.pki.model import Purpose


class IssuedProblem(StrEnum):
    """Ordered from the most to the least telling: the first one found names the error a user sees."""

    WRONG_PUBLIC_KEY = "wrong_public_key"
    WRONG_HSA_ID = "wrong_hsa_id"
    WRONG_SUBJECT = "wrong_subject"
    UNTRUSTED_ISSUER = "untrusted_issuer"
    WRONG_KEY_USAGE = "wrong_key_usage"
    IS_CA = "is_ca"
    NOT_VALID_NOW = "not_valid_now"


def _spki(key: PublicKeyTypes) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def hsa_id_of(name: x509.Name) -> str | None:
    values = name.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return str(values[0].value) if values else None


def key_usage_fits(cert: x509.Certificate, purpose: Purpose) -> bool:
    """Authentication signs (digitalSignature), signature is nonRepudiation (docs/design.md)."""
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    if purpose is Purpose.AUTHENTICATION:
        return ku.digital_signature and not ku.content_commitment
    if purpose is Purpose.SIGNATURE:
        return ku.content_commitment
    if purpose is Purpose.ENCRYPTION:
        encrypts = ku.key_encipherment or ku.data_encipherment or ku.key_agreement
        return encrypts and not (ku.digital_signature or ku.content_commitment)
    return False


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def check_issued(
    issued: x509.Certificate,
    *,
    new_public_key: PublicKeyTypes,
    replaces: x509.Certificate | None = None,
    subject: x509.Name | None = None,
    purpose: Purpose,
    trust_anchors: Sequence[x509.Certificate],
    intermediates: Iterable[x509.Certificate] = (),
    at: dt.datetime | None = None,
) -> list[IssuedProblem]:
    """Every problem with `issued`, a certificate meant to replace `replaces` for `purpose`; [] when none.

    `subject` is the name the certificate must carry; it defaults to that of `replaces`, and is what is checked
    when nothing is replaced (a first certificate ordered by another organisation, with its own HSA-ID).
    """
    expected = subject if subject is not None else replaces.subject if replaces is not None else None
    if expected is None:
        raise TypeError("check_issued needs the certificate replaced or the expected subject")
    moment = at or dt.datetime.now(dt.UTC)
    problems: list[IssuedProblem] = []
    if _spki(issued.public_key()) != _spki(new_public_key):
        problems.append(IssuedProblem.WRONG_PUBLIC_KEY)
    if hsa_id_of(issued.subject) != hsa_id_of(expected):
        problems.append(IssuedProblem.WRONG_HSA_ID)
    # Name equality compares attribute types and values, not string encodings, so a CA that re-encodes
    # PrintableString as UTF8String is not refused for it.
    if issued.subject != expected:
        problems.append(IssuedProblem.WRONG_SUBJECT)
    if build_path(issued, trust_anchors, intermediates, at=moment) is None:
        problems.append(IssuedProblem.UNTRUSTED_ISSUER)
    if not key_usage_fits(issued, purpose):
        problems.append(IssuedProblem.WRONG_KEY_USAGE)
    if _is_ca(issued):
        problems.append(IssuedProblem.IS_CA)
    if not valid_at(issued, moment):
        problems.append(IssuedProblem.NOT_VALID_NOW)
    return problems
