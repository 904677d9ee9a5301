"""The verdict a user sees for each kind of card, from certificates made by the practice hierarchy."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sithsclient.demo.hierarchy import CA, PRACTICE_HOLDER, PracticeHierarchy, make_ca
from sithsclient.pki.inventory import CertificateInfo, assess, purpose_of
from sithsclient.pki.model import Generation, Purpose, Verdict


def _cert(ca: CA, purpose: Purpose, **kw: object) -> CertificateInfo:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return CertificateInfo.of(ca.issue(PRACTICE_HOLDER.subject(), key, purpose, **kw))  # type: ignore[arg-type]


def _pair(ca: CA) -> list[CertificateInfo]:
    return [_cert(ca, Purpose.AUTHENTICATION), _cert(ca, Purpose.SIGNATURE)]


def test_legacy_card_must_be_upgraded(hierarchy: PracticeHierarchy) -> None:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    info = CertificateInfo.of(hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key, Purpose.AUTHENTICATION))
    assert info.generation is Generation.LEGACY and info.loa == 3
    assert assess([info]).verdict is Verdict.MUST_UPGRADE


def test_current_card_needs_nothing(hierarchy: PracticeHierarchy) -> None:
    result = assess(_pair(hierarchy.person_ca))
    assert result.verdict is Verdict.CURRENT


def test_half_upgraded_card_with_new_pair_is_current(hierarchy: PracticeHierarchy) -> None:
    assert assess(_pair(hierarchy.legacy_ca) + _pair(hierarchy.person_ca)).verdict is Verdict.CURRENT


def test_spare_card_is_not_upgraded(hierarchy: PracticeHierarchy) -> None:
    result = assess(_pair(hierarchy.spare_ca))
    assert result.verdict is Verdict.SPARE_CARD
    assert "reservkort" in result.reason


def test_telia_card_with_a_siths_certificate_cannot_be_upgraded(hierarchy: PracticeHierarchy) -> None:
    result = assess([_cert(hierarchy.foreign_ca, Purpose.AUTHENTICATION), *_pair(hierarchy.legacy_ca)])
    assert result.verdict is Verdict.FOREIGN_CARD
    assert "biträdande utgivare" in result.reason


def test_non_siths_certificate_is_unknown() -> None:
    other = make_ca("Some Company Issuing CA")
    assert assess(_pair(other)).verdict is Verdict.UNKNOWN
    assert assess([]).verdict is Verdict.UNKNOWN


def test_expired_leftovers_do_not_decide(hierarchy: PracticeHierarchy) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=800)
    expired_foreign = _cert(hierarchy.foreign_ca, Purpose.AUTHENTICATION, not_before=old, days=30)
    assert assess([expired_foreign, *_pair(hierarchy.legacy_ca)]).verdict is Verdict.MUST_UPGRADE


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [(p, p) for p in (Purpose.AUTHENTICATION, Purpose.SIGNATURE, Purpose.ENCRYPTION)],
)
def test_purpose_from_key_usage(hierarchy: PracticeHierarchy, purpose: Purpose, expected: Purpose) -> None:
    assert _cert(hierarchy.person_ca, purpose).purpose is expected


def test_hsa_id_and_holder(hierarchy: PracticeHierarchy) -> None:
    info = _cert(hierarchy.person_ca, Purpose.SIGNATURE)
    assert info.hsa_id == "SE2321000131-S000000012345"
    assert info.holder_name == "Anna Andersson"
    assert info.issuer == "SITHS e-id Person HSA-id 3 CA v1 (övning)"
    assert info.cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == info.hsa_id
    assert purpose_of(info.cert) is Purpose.SIGNATURE
    assert isinstance(info.cert, x509.Certificate)
