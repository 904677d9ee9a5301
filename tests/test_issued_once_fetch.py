"""`sithsclient fetch` in the issued-once matrix: a pull after every APDU of its fetch-and-install step and a kill at
every moment of it, then the ledger counted against the card.

The card: the practice card (in-process, its APDUs real) upgraded by the service with the set of one (the 2024
platform: an authentication certificate, no signature one); the service's state after that upgrade is the start of
each case, so its ledger already holds the authentication certificate. The moments are counted as in
tests/test_issued_once_matrix.py; `make check` tries a few around the CMP messages (a fetch has 50-odd moments), the
`slow` part every one.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from sithsclient.card.model import KeyType_
from sithsclient.card.watcher import WatchEvent, WatchKind
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.inprocess import PracticeSource
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.fetch_plan import FetchPlan
from sithsclient.upgrade.journal import JournalStore, Kind
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.inprocess import PracticeCard, make_inprocess_card
from tests.fixtures.ledger import assert_ledger_matches_card, certificates_on
from tests.test_issued_once_matrix import Killed, Moments, Reader, around_cmp, moments

__all__ = ["moments"]  # the fixture, counting the CMP messages too

BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
SET = "one"


class FetchCase:
    """Each case starts from the card and the service's state right after the upgrade with the set of one."""

    def __init__(self, hierarchy: PracticeHierarchy, work: Path, moments: Moments) -> None:
        self.hierarchy, self.work, self.moments = hierarchy, work, moments
        self.template = work / "template.json"
        self.service_state = work / "issuer-upgraded"
        made = make_inprocess_card(self.template, hierarchy, two_pins=False)
        self.serial = made.serial
        with IssuerServer.for_hierarchy(hierarchy, self.service_state, card_set=SET) as issuer:
            outcome = self.engine(made, issuer, UpgradePlan(), work / "journal-upgrade").run()
        assert outcome.ok, outcome
        made.reader.pull()
        infos = [CertificateInfo.of(c) for c in certificates_on(self.template)]
        assert [i.purpose for i in infos if i.generation is Generation.CURRENT] == [Purpose.AUTHENTICATION], infos
        self.pull_after: int | None = None
        self.reader: Reader | None = None
        self.confirmed_later = 0

    def engine(self, practice: PracticeCard, issuer: IssuerServer, plan: object, journal: Path) -> Engine:
        return Engine(
            practice.card(),
            plan,  # type: ignore[arg-type]
            CmpEnroller(issuer.client_settings()),
            ScriptedUser([practice.pins] * 3),
            journal_store=JournalStore(journal),
            listener=self.listener,
            presence=CardPresence(watch=True, source=practice.source),
            wait_for_card_s=20,
            key_type=KeyType_.EC_P256,
        )

    def listener(self, event: ev.Event) -> None:
        self.moments.hear(event)
        if self.pull_after is not None and isinstance(event, ev.StepStarted) and event.step is Step.FETCH_INSTALL:
            assert self.reader is not None
            self.reader.die_after = self.reader.apdu_count + self.pull_after
            self.pull_after = None

    def run(self, practice: PracticeCard, issuer: IssuerServer, journal: Path) -> Outcome:
        """`sithsclient fetch` as a user runs it: again when the card left before the engine's first look at it."""
        while True:
            try:
                engine = self.engine(practice, issuer, FetchPlan(), journal)
            except AssertionError:  # pulled while the command looked for the card
                time.sleep(0.01)
                continue
            outcome = engine.run()
            if not outcome.ok and outcome.code == "card.removed":
                continue
            return outcome

    def one(self, name: str, *, pull_after: int | None = None, kill_at: int | None = None) -> list[str]:
        state = self.work / f"card-{name}.json"
        shutil.copy(self.template, state)
        service_state = self.work / f"issuer-{name}"
        shutil.copytree(self.service_state, service_state)
        reader = Reader(state)
        practice = PracticeCard(reader, PracticeSource(reader), self.hierarchy, self.serial, False)

        def put_back(event: WatchEvent) -> None:
            if event.kind is WatchKind.CARD_REMOVED and not self.moments.dead:
                threading.Timer(0.02, reader.insert).start()

        reader.listen(put_back)
        reader.insert()
        self.reader, self.pull_after = reader, pull_after
        self.moments.seen, self.moments.kill_at, self.moments.dead = [], kill_at, False
        journal = self.work / f"journal-{name}"
        with IssuerServer.for_hierarchy(self.hierarchy, service_state, card_set=SET) as issuer:
            try:
                outcome: Outcome | None = self.run(practice, issuer, journal)
            except Killed:
                outcome = None
            seen = list(self.moments.seen)
            if kill_at is not None:
                assert self.moments.dead and outcome is None, f"{name}: not killed ({len(seen)} moments)"
                self.moments.kill_at, self.moments.dead, self.moments.active = None, False, False
                reader.pull()
                reader.insert()  # a new process finds the card reset
                outcome = self.run(practice, issuer, journal)
            assert outcome is not None and outcome.ok, f"{name}: {outcome}"
            kept = JournalStore(journal).load(self.serial, Kind.FETCH)
            assert kept is not None
            self.confirmed_later += any("certificate confirmed" in n["what"] for n in kept.history)
            on_card = certificates_on(state)
            infos = [CertificateInfo.of(c) for c in on_card]
            current = [i for i in infos if i.generation is Generation.CURRENT]
            assert sorted(i.purpose.value for i in current) == sorted(p.value for p in BOTH), f"{name}: {infos}"
            assert_ledger_matches_card(issuer.service, on_card)
        return seen


def chosen_moments(case: FetchCase, fault: str, part: str) -> tuple[list[int], int]:
    seen = case.one("twin")
    total = seen.count("apdu") if fault == "pull" else len(seen)
    assert total > 10, seen
    telling = around_cmp(seen, fault)
    if part == "few":
        return sorted(telling)[:3], total
    return [k for k in range(1, total + 1) if k not in telling or part == "all"], total


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("part", ["few", pytest.param("all", marks=pytest.mark.slow)])
@pytest.mark.parametrize("fault", ["pull", "kill"])
def test_the_ledger_matches_the_card_after_a_fault_at_every_moment_of_a_fetch(
    fault: str, part: str, tmp_path: Path, hierarchy: PracticeHierarchy, moments: Moments
) -> None:
    case = FetchCase(hierarchy, tmp_path, moments)
    chosen, total = chosen_moments(case, fault, part)
    started = time.monotonic()
    for k in chosen:
        if fault == "pull":
            case.one(f"pull-{k}", pull_after=k)
        else:
            case.one(f"kill-{k}", kill_at=k)
    print(
        f"\nfetch, {fault}: {len(chosen)} of {total} moments in {time.monotonic() - started:.1f} s; "
        f"{case.confirmed_later} confirmed a certificate received before the fault"
    )
    if fault == "kill":
        assert case.confirmed_later > 0, "no case reached a certificate received and not yet confirmed"
