"""The engine's reconcile step, fast: every journal state × every card state, on the scripted stand-ins.

Each pair of states is what a pull, a crash or a lost journal can leave (the journal is written before and after
each card action, so it is at most one action behind or ahead of the card), or one that cannot arise that way
(the card changed behind the journal's back). For every one: invariant 1 (docs/design.md) holds after every
write to the card; a state that can arise completes, leaves exactly the new pair on the card with no key of ours
left over, and asks the issuing service only for certificates it has not issued yet; one that cannot arise either
completes the same way or stops with a code, the card still whole.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from sithsclient.card.interface import SmartCard
from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade.engine import Engine, Outcome, fingerprint
from sithsclient.upgrade.journal import Journal, JournalStore, PairRecord, PairState, Phase
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer

OLD_IDS = {Purpose.AUTHENTICATION: b"\x01", Purpose.SIGNATURE: b"\x02"}
NEW_IDS = {Purpose.AUTHENTICATION: b"\xa1", Purpose.SIGNATURE: b"\xa2"}
PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}


class CardState(Enum):
    LEGACY = "legacy pairs only"
    NEW_KEYS = "legacy pairs and new keys"
    NEW_CERTS = "legacy pairs and new pairs"
    UPGRADED = "new pairs only"


class JournalState(Enum):
    ABSENT = "no journal"
    CORRUPT = "a journal that cannot be read"
    PLANNED = "planned"
    PLANNED_WITH_ID = "planned, key ids chosen"
    KEY_READY = PairState.KEY_READY.value
    FETCHED = PairState.FETCHED.value
    INSTALLED = PairState.INSTALLED.value
    OLD_DELETED = PairState.OLD_DELETED.value
    DONE = "done"


# What a pull, a crash or a lost journal can leave: the card decides when the journal is lost or done.
ARISES = {
    JournalState.ABSENT: set(CardState),
    JournalState.CORRUPT: set(CardState),
    JournalState.DONE: set(CardState),
    JournalState.PLANNED: {CardState.LEGACY},
    JournalState.PLANNED_WITH_ID: {CardState.LEGACY, CardState.NEW_KEYS},
    JournalState.KEY_READY: {CardState.NEW_KEYS},
    JournalState.FETCHED: {CardState.NEW_KEYS, CardState.NEW_CERTS},
    JournalState.INSTALLED: {CardState.NEW_CERTS, CardState.UPGRADED},
    JournalState.OLD_DELETED: {CardState.UPGRADED},
}


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


class Scenario:
    def __init__(
        self, hierarchy: PracticeHierarchy, card_state: CardState, journal_state: JournalState, *, shared_pin: bool
    ) -> None:
        pins = {PinRole.AUTHENTICATION: PINS[PinRole.AUTHENTICATION]} if shared_pin else dict(PINS)
        self.card = ScriptedCard(pins=pins, shared_pin=shared_pin)
        self.old: dict[Purpose, x509.Certificate] = {}
        self.new: dict[Purpose, x509.Certificate] = {}
        for purpose in UPGRADED:
            key = self.card.put_key(OLD_IDS[purpose], purpose, label="old")
            self.old[purpose] = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key.public_key(), purpose)
            self.card.certs[OLD_IDS[purpose]] = self.old[purpose]
            if card_state is CardState.LEGACY:
                # A certificate the journal may hold for a key the card does not have.
                stray = ec.generate_private_key(ec.SECP256R1()).public_key()
                self.new[purpose] = hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), stray, purpose)
                continue
            new_key = self.card.put_key(NEW_IDS[purpose], purpose)
            self.new[purpose] = hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), new_key.public_key(), purpose)
            if card_state in (CardState.NEW_CERTS, CardState.UPGRADED):
                self.card.certs[NEW_IDS[purpose]] = self.new[purpose]
            if card_state is CardState.UPGRADED:
                del self.card.certs[OLD_IDS[purpose]], self.card.keys[OLD_IDS[purpose]]
        self.journal_state = journal_state

    def write_journal(self, store: JournalStore) -> None:
        state = self.journal_state
        if state is JournalState.ABSENT:
            return
        if state is JournalState.CORRUPT:
            store.directory.mkdir(parents=True, exist_ok=True)
            store.path(self.card.serial).write_text("{ not json", encoding="utf-8")
            return
        pairs = []
        for purpose in UPGRADED:
            record = PairRecord(purpose, OLD_IDS[purpose].hex(), fingerprint(self.old[purpose]))
            if state is not JournalState.PLANNED:
                record.new_key_id = NEW_IDS[purpose].hex()
            if state in (JournalState.FETCHED, JournalState.INSTALLED, JournalState.OLD_DELETED, JournalState.DONE):
                record.set_issued(self.new[purpose])
            record.state = {
                JournalState.PLANNED: PairState.PLANNED,
                JournalState.PLANNED_WITH_ID: PairState.PLANNED,
                JournalState.KEY_READY: PairState.KEY_READY,
                JournalState.FETCHED: PairState.FETCHED,
                JournalState.INSTALLED: PairState.INSTALLED,
            }.get(state, PairState.OLD_DELETED)
            pairs.append(record)
        journal = Journal(card_serial=self.card.serial, hsa_id=PRACTICE_HOLDER.hsa_id, pairs=pairs)
        journal.terms_accepted_at = journal.updated_at
        if state is JournalState.DONE:
            journal.phase = Phase.DONE
        store.save(journal)


def run(scenario: Scenario, issuer: ScriptedIssuer, journals: Path) -> tuple[Outcome, ScriptedUser]:
    store = JournalStore(journals)
    scenario.write_journal(store)
    user = ScriptedUser([dict(PINS)] * 2)
    presence = CardPresence(watch=False)
    scenario.card.on_pull = presence.inserted.set  # the card is back as soon as the engine looks
    card: SmartCard = scenario.card
    engine = Engine(card, UpgradePlan(), issuer, user, journal_store=store, presence=presence, wait_for_card_s=5)
    return engine.run(), user


def assert_only_new_pairs(card: ScriptedCard) -> None:
    infos = {key_id: CertificateInfo.of(cert) for key_id, cert in card.certs.items()}
    assert sorted(i.purpose for i in infos.values()) == sorted(UPGRADED)
    assert all(i.generation is Generation.CURRENT for i in infos.values())
    assert set(card.keys) == set(card.certs), "a key without a certificate was left on the card"


def needs_issuing(journal_state: JournalState, card_state: CardState) -> int:
    if journal_state in (JournalState.FETCHED, JournalState.INSTALLED, JournalState.OLD_DELETED):
        return 0
    return 0 if card_state in (CardState.NEW_CERTS, CardState.UPGRADED) else len(UPGRADED)


MATRIX = [(j, c) for j in JournalState for c in CardState]


@pytest.mark.parametrize(("journal_state", "card_state"), MATRIX, ids=[f"{j.name}-{c.name}" for j, c in MATRIX])
@pytest.mark.parametrize("pulled", [False, True], ids=["in-place", "pulled-after-first-write"])
@pytest.mark.parametrize("shared_pin", [False, True], ids=["two-pins", "one-pin"])
def test_reconcile(
    hierarchy: PracticeHierarchy,
    tmp_path: Path,
    journal_state: JournalState,
    card_state: CardState,
    pulled: bool,
    shared_pin: bool,
) -> None:
    scenario = Scenario(hierarchy, card_state, journal_state, shared_pin=shared_pin)
    if pulled:
        scenario.card.pull_after_writes = 1
    issuer = ScriptedIssuer(hierarchy)
    outcome, _user = run(scenario, issuer, tmp_path / "journal")

    assert scenario.card.breaches == []
    assert scenario.card.complete_set()
    if pulled and scenario.card.pull_after_writes is None:  # it was pulled: the run waited for it and went on
        assert "back" in scenario.card.log
    if card_state in ARISES[journal_state]:
        assert outcome.ok, outcome
        assert_only_new_pairs(scenario.card)
        assert len(issuer.asked) == needs_issuing(journal_state, card_state), issuer.asked
        if card_state is CardState.UPGRADED and journal_state in (JournalState.ABSENT, JournalState.CORRUPT):
            assert outcome.already_current
    elif outcome.ok:  # the new pairs are there; pairs the journal knew nothing of may be there too
        assert any(CertificateInfo.of(c).generation is Generation.CURRENT for c in scenario.card.certs.values())
    else:
        assert outcome.code, outcome
