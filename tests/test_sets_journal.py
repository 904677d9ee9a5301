"""The journal laid out for the service's set (upgrade/card_sets.py), from a fresh journal and from one rebuilt
from the card after it was lost half-way through a set of four: what is on the card already is kept."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.layouts import PinRole
from sithsclient.card.model import CardCertificate
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.issuer.sets import subject_in
from sithsclient.pki.card_set import FOUR, ONE, PNR_AUTH, Source, named_set
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose
from sithsclient.upgrade.card_sets import apply_set, retired
from sithsclient.upgrade.engine import fingerprint
from sithsclient.upgrade.journal import Journal, PairRecord, PairState


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def on_card(cert: object, key_id: int) -> CardCertificate:
    info = CertificateInfo.of(cert)  # type: ignore[arg-type]
    return CardCertificate(info, bytes([key_id]), "", PinRole.AUTHENTICATION)


def key() -> rsa.RSAPublicKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()


def old_journal(hierarchy: PracticeHierarchy) -> tuple[Journal, list[CardCertificate]]:
    certs = [
        on_card(hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key(), purpose), index)
        for index, purpose in ((1, Purpose.AUTHENTICATION), (2, Purpose.SIGNATURE))
    ]
    pairs = [PairRecord(c.info.purpose, c.key_id_hex, fingerprint(c.info.cert)) for c in certs]
    return Journal("1", PRACTICE_HOLDER.hsa_id, pairs), certs


def test_a_set_of_one_retires_the_old_signature_pair(hierarchy: PracticeHierarchy) -> None:
    journal, certs = old_journal(hierarchy)
    apply_set(journal, named_set(ONE, source=Source.SERVICE), certs)
    assert [(p.purpose, p.old_key_id) for p in journal.pairs] == [(Purpose.AUTHENTICATION, "01")]
    assert retired(journal) == [(Purpose.SIGNATURE, b"\x02")]


def test_a_lost_journal_of_a_set_of_four_keeps_the_personnummer_certificate_found(
    hierarchy: PracticeHierarchy,
) -> None:
    journal, certs = old_journal(hierarchy)
    journal.pairs[0].new_key_id, journal.pairs[0].state = "05", PairState.FETCHED  # as rebuilt from the card
    spec = named_set(FOUR).of(PNR_AUTH)
    assert spec is not None
    pnr = hierarchy.id_ca.issue(subject_in(spec, PRACTICE_HOLDER.subject()), key(), Purpose.AUTHENTICATION)
    apply_set(journal, named_set(FOUR, source=Source.SERVICE), [*certs, on_card(pnr, 7)])
    assert len(journal.pairs) == 4 and not journal.retired_key_ids
    hsa_auth, _hsa_sign, pnr_auth, pnr_sign = journal.pairs
    assert (hsa_auth.new_key_id, hsa_auth.state) == ("05", PairState.FETCHED)  # kept as it was
    assert (pnr_auth.new_key_id, pnr_auth.state) == ("07", PairState.FETCHED)  # found on the card: not asked again
    assert pnr_sign.state is PairState.PLANNED and pnr_sign.old_key_id == "02"
