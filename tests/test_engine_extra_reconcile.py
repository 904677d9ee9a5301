"""The extra pair's reconcile, fast: every journal state of its own journal × every card state, on the stand-ins.

The card is an upgraded card of its holder; the order is for the holder's HSA-ID at another organisation. For
every combination the card's own pairs are untouched and invariant 1 (docs/design.md) holds after every write;
a combination a pull, a crash or a lost journal can leave completes with exactly one extra pair on the card, no
key of ours left over, and the one-time code spent only on certificates not fetched yet.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pytest
from cryptography import x509

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, Holder, PracticeHierarchy
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.extra import ExtraOrder, ExtraPairPlan
from sithsclient.upgrade.journal import Journal, JournalStore, Kind, PairRecord, PairState, Phase
from sithsclient.upgrade.presence import CardPresence
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer

OWN_IDS = {Purpose.AUTHENTICATION: b"\x11", Purpose.SIGNATURE: b"\x12"}
EXTRA_IDS = {Purpose.AUTHENTICATION: b"\xe1", Purpose.SIGNATURE: b"\xe2"}
PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}
OTHER = Holder("Anna", "Andersson", "SE2120001234-S000000000777", organisation="Kommun Övning")
ORDER = ExtraOrder("ORD-7K3M9Q2X", "K7QM-3XRT-9PLA")


class CardState(Enum):
    OWN_ONLY = "the card's own pairs only"
    EXTRA_KEYS = "own pairs and the extra pair's keys"
    EXTRA_CERTS = "own pairs and the extra pair"


class JournalState(Enum):
    ABSENT = "no journal"
    PLANNED_WITH_ID = "planned, key ids chosen"
    KEY_READY = PairState.KEY_READY.value
    FETCHED = PairState.FETCHED.value
    INSTALLED = PairState.INSTALLED.value
    DONE = "done"


ARISES = {
    JournalState.ABSENT: {CardState.OWN_ONLY, CardState.EXTRA_KEYS},
    JournalState.DONE: {CardState.OWN_ONLY, CardState.EXTRA_KEYS},
    JournalState.PLANNED_WITH_ID: {CardState.OWN_ONLY, CardState.EXTRA_KEYS},
    JournalState.KEY_READY: {CardState.EXTRA_KEYS},
    JournalState.FETCHED: {CardState.EXTRA_KEYS, CardState.EXTRA_CERTS},
    JournalState.INSTALLED: {CardState.EXTRA_CERTS},
}


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def build(hierarchy: PracticeHierarchy, card_state: CardState) -> tuple[ScriptedCard, dict[Purpose, x509.Certificate]]:
    card = ScriptedCard(pins=dict(PINS))
    extra: dict[Purpose, x509.Certificate] = {}
    for purpose in UPGRADED:
        key = card.put_key(OWN_IDS[purpose], purpose)
        card.certs[OWN_IDS[purpose]] = hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), key.public_key(), purpose)
        if card_state is not CardState.OWN_ONLY:
            new = card.put_key(EXTRA_IDS[purpose], purpose)
            extra[purpose] = hierarchy.person_ca.issue(OTHER.subject(), new.public_key(), purpose)
            if card_state is CardState.EXTRA_CERTS:
                card.certs[EXTRA_IDS[purpose]] = extra[purpose]
    return card, extra


def write_journal(
    store: JournalStore, card: ScriptedCard, state: JournalState, extra: dict[Purpose, x509.Certificate]
) -> None:
    if state is JournalState.ABSENT:
        return
    pairs = []
    for purpose in UPGRADED:
        record = PairRecord(purpose, "", "", new_key_id=EXTRA_IDS[purpose].hex())
        if state in (JournalState.FETCHED, JournalState.INSTALLED, JournalState.DONE) and purpose in extra:
            record.set_issued(extra[purpose])
        record.state = {
            JournalState.PLANNED_WITH_ID: PairState.PLANNED,
            JournalState.KEY_READY: PairState.KEY_READY,
            JournalState.FETCHED: PairState.FETCHED if purpose in extra else PairState.KEY_READY,
        }.get(state, PairState.INSTALLED)
        pairs.append(record)
    journal = Journal(card.serial, OTHER.hsa_id, pairs, kind=Kind.EXTRA, reference=ORDER.reference)
    journal.terms_accepted_at = journal.updated_at
    if state is JournalState.DONE:
        journal.phase = Phase.DONE
    store.save(journal)


MATRIX = [(j, c) for j in JournalState for c in CardState]


@pytest.mark.parametrize(("journal_state", "card_state"), MATRIX, ids=[f"{j.name}-{c.name}" for j, c in MATRIX])
@pytest.mark.parametrize("pulled", [False, True], ids=["in-place", "pulled-after-first-write"])
def test_extra_reconcile(
    hierarchy: PracticeHierarchy, tmp_path: Path, journal_state: JournalState, card_state: CardState, pulled: bool
) -> None:
    card, extra = build(hierarchy, card_state)
    own_before = {k: (card.certs[k], card.keys[k].key) for k in OWN_IDS.values()}
    if pulled:
        card.pull_after_writes = 1
    store = JournalStore(tmp_path / "journal")
    write_journal(store, card, journal_state, extra)
    issuer = ScriptedIssuer(hierarchy, orders={ORDER.reference: (ORDER.code, OTHER.subject())})
    presence = CardPresence(watch=False)
    card.on_pull = presence.inserted.set
    engine = Engine(
        card, ExtraPairPlan(ORDER), issuer, ScriptedUser([dict(PINS)] * 2), journal_store=store, presence=presence
    )
    outcome = engine.run()

    assert card.breaches == []
    assert {k: (card.certs[k], card.keys[k].key) for k in OWN_IDS.values()} == own_before, "own pairs touched"
    if card_state in ARISES[journal_state]:
        assert outcome.ok, outcome
        others = {k: CertificateInfo.of(c) for k, c in card.certs.items() if k not in OWN_IDS.values()}
        assert sorted(i.purpose for i in others.values()) == sorted(UPGRADED)
        assert {i.hsa_id for i in others.values()} == {OTHER.hsa_id}
        assert set(card.keys) == set(card.certs), "a key without a certificate was left on the card"
        fetched = journal_state in (JournalState.FETCHED, JournalState.INSTALLED)
        assert len(issuer.asked) == (0 if fetched else len(UPGRADED)), issuer.asked
    elif not outcome.ok:
        assert outcome.code, outcome
