"""The checks on an issued certificate, one problem at a time, as a person would check it by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, Holder, PracticeHierarchy, make_ca
from sithsclient.pki.issued import IssuedProblem, check_issued
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import rsa_key


@pytest.fixture(scope="module")
def keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    return rsa_key(), rsa_key()


def problems(
    hierarchy: PracticeHierarchy,
    issued: x509.Certificate,
    new_key: rsa.RSAPrivateKey,
    old: x509.Certificate,
    purpose: Purpose = Purpose.AUTHENTICATION,
    **kwargs: object,
) -> list[IssuedProblem]:
    return check_issued(
        issued,
        new_public_key=new_key.public_key(),
        replaces=old,
        purpose=purpose,
        trust_anchors=hierarchy.trust_anchors(),
        intermediates=[hierarchy.person_ca.cert],
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_good_certificate_has_no_problem(
    cmp_hierarchy: PracticeHierarchy, keys: tuple[rsa.RSAPrivateKey, ...]
) -> None:
    old_key, new_key = keys
    old = cmp_hierarchy.legacy_card_certificate(PRACTICE_HOLDER, old_key.public_key(), Purpose.SIGNATURE)
    issued = cmp_hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new_key.public_key(), Purpose.SIGNATURE)
    assert problems(cmp_hierarchy, issued, new_key, old, Purpose.SIGNATURE) == []


def test_each_problem_is_found(cmp_hierarchy: PracticeHierarchy, keys: tuple[rsa.RSAPrivateKey, ...]) -> None:
    old_key, new_key = keys
    h = cmp_hierarchy
    old = h.legacy_card_certificate(PRACTICE_HOLDER, old_key.public_key(), Purpose.AUTHENTICATION)
    subject = PRACTICE_HOLDER.subject()
    other_person = Holder("Bertil", "Berg", "SE2321000131-S000000054321").subject()
    same_hsa_other_name = Holder("Anna", "Andersson-Berg", PRACTICE_HOLDER.hsa_id).subject()
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=1000)

    cases = {
        IssuedProblem.WRONG_PUBLIC_KEY: h.person_ca.issue(subject, old_key.public_key(), Purpose.AUTHENTICATION),
        IssuedProblem.WRONG_SUBJECT: h.person_ca.issue(
            same_hsa_other_name, new_key.public_key(), Purpose.AUTHENTICATION
        ),
        IssuedProblem.UNTRUSTED_ISSUER: h.foreign_ca.issue(subject, new_key.public_key(), Purpose.AUTHENTICATION),
        IssuedProblem.WRONG_KEY_USAGE: h.person_ca.issue(subject, new_key.public_key(), Purpose.SIGNATURE),
        IssuedProblem.NOT_VALID_NOW: h.person_ca.issue(
            subject, new_key.public_key(), Purpose.AUTHENTICATION, days=30, not_before=long_ago
        ),
    }
    for expected, issued in cases.items():
        assert problems(h, issued, new_key, old) == [expected], expected

    another = h.person_ca.issue(other_person, new_key.public_key(), Purpose.AUTHENTICATION)
    assert problems(h, another, new_key, old) == [IssuedProblem.WRONG_HSA_ID, IssuedProblem.WRONG_SUBJECT]


def test_a_ca_certificate_for_the_new_key_is_refused(cmp_hierarchy: PracticeHierarchy) -> None:
    rogue = make_ca("Anna Andersson", cmp_hierarchy.root)
    new_key = rogue.key
    assert isinstance(new_key, rsa.RSAPrivateKey)
    old = cmp_hierarchy.legacy_card_certificate(PRACTICE_HOLDER, rsa_key().public_key(), Purpose.AUTHENTICATION)
    found = problems(cmp_hierarchy, rogue.cert, new_key, old)
    assert IssuedProblem.IS_CA in found


def test_a_chain_through_an_expired_intermediate_is_untrusted(
    cmp_hierarchy: PracticeHierarchy, keys: tuple[rsa.RSAPrivateKey, ...]
) -> None:
    old_key, new_key = keys
    old = cmp_hierarchy.legacy_card_certificate(PRACTICE_HOLDER, old_key.public_key(), Purpose.AUTHENTICATION)
    issued = cmp_hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new_key.public_key(), Purpose.AUTHENTICATION)
    later = cmp_hierarchy.person_ca.cert.not_valid_after_utc + dt.timedelta(days=1)
    assert IssuedProblem.UNTRUSTED_ISSUER in problems(cmp_hierarchy, issued, new_key, old, at=later)


def test_a_name_encoded_differently_is_still_the_same_name(
    cmp_hierarchy: PracticeHierarchy, keys: tuple[rsa.RSAPrivateKey, ...]
) -> None:
    """A CA may write the HSA-ID as PrintableString where the old certificate had UTF8String: same person."""
    old_key, new_key = keys
    old = cmp_hierarchy.legacy_card_certificate(PRACTICE_HOLDER, old_key.public_key(), Purpose.AUTHENTICATION)
    reencoded = x509.Name(
        [
            x509.NameAttribute(a.oid, str(a.value), _ASN1Type.UTF8String) if a.oid == NameOID.SERIAL_NUMBER else a
            for a in old.subject
        ]
    )
    assert reencoded.public_bytes() != old.subject.public_bytes()
    issued = cmp_hierarchy.person_ca.issue(reencoded, new_key.public_key(), Purpose.AUTHENTICATION)
    assert problems(cmp_hierarchy, issued, new_key, old) == []
