"""The ledger counted against the card after a pull or a kill at every moment of the fetch-and-install step.

The practice card in-process (its APDUs real, demo/inprocess.py), the practice issuing service over HTTP, the real
engine and CMP client, for the upgrade, an extra pair and the renewal of a pair due in 20 days. A moment is each
APDU the card answers and each CMP message, before it leaves and after the service acted on it. A pull: the card
leaves right after its k-th answer of the step and is put back at once; the same run goes on. A kill: the process
dies at the k-th moment (the answer it was waiting for is lost with it); the card is reset and a new process runs
the command again. Either way the run must finish, and then, once the service has settled what was never
confirmed, exactly the certificates on the card are valid in its ledger (tests/fixtures/ledger.py), besides those
a renewal replaced: a key update leaves the old certificate valid until it expires (docs/design.md, invariant 6).

`make check` tries the moments around each CMP message (a pull just after the card signed it, a kill before it
leaves and after the service acted on it) and every SLICE-th other; `make test` the rest too (the `slow` part).
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.model import KeyType_
from sithsclient.card.piv_client import LinkLost
from sithsclient.card.watcher import WatchEvent, WatchKind
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.inprocess import PracticeReader, PracticeSource
from sithsclient.demo.issuer import Ledger
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.standing import issue_for_card
from sithsclient.demo.vcard.provision import provision_practice_card
from sithsclient.enroll import transport
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.extra import ExtraOrder, ExtraPairPlan
from sithsclient.upgrade.journal import JournalStore, Kind
from sithsclient.upgrade.plan import Plan
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.renew_plan import RenewPlan
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.inprocess import PracticeCard
from tests.fixtures.ledger import assert_ledger_matches_card, certificates_on

SLICE = 25
OTHER_HSA_ID = "SE2120001234-S000000000777"
BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


class Killed(BaseException):
    """The process dies here: no handler of the program's catches it, as none runs after a SIGKILL."""


@dataclass
class Moments:
    """The moments of the fetch-and-install step, counted; the process killed at the `kill_at`-th."""

    active: bool = False
    seen: list[str] = field(default_factory=list)
    kill_at: int | None = None
    dead: bool = False

    def moment(self, what: str) -> None:
        if self.dead:
            raise Killed(what)
        if not self.active:
            return
        self.seen.append(what)
        if len(self.seen) == self.kill_at:
            self.dead = True
            raise Killed(what)

    def hear(self, event: ev.Event) -> None:
        if isinstance(event, ev.StepStarted | ev.StepDone) and event.step is Step.FETCH_INSTALL:
            self.active = isinstance(event, ev.StepStarted)


class Reader(PracticeReader):
    """The practice reader, each answer a moment; a killed process reaches the card no more."""

    moments = Moments()

    def transmit(self, insertion: int, apdu: bytes) -> bytes:
        if self.moments.dead:
            raise LinkLost()
        answer = super().transmit(insertion, apdu)
        self.moments.moment("apdu")
        return answer


@pytest.fixture
def moments(monkeypatch: pytest.MonkeyPatch) -> Iterator[Moments]:
    counted = Moments()
    real = transport.HttpTransfer.post

    def post(self: transport.HttpTransfer, message: bytes) -> bytes:
        counted.moment("cmp out")
        answer = real(self, message)
        counted.moment("cmp back")  # the service has acted on it
        return answer

    monkeypatch.setattr(transport.HttpTransfer, "post", post)
    monkeypatch.setattr(Reader, "moments", counted)
    yield counted


@dataclass
class Case:
    hierarchy: PracticeHierarchy
    template: Path
    serial: str
    work: Path
    operation: str
    moments: Moments

    def run(self, practice: PracticeCard, issuer: IssuerServer, journal: Path, order: ExtraOrder | None) -> Outcome:
        """The command, as a user runs it: again when the card left before the engine's first look at it."""
        while True:
            try:
                card = practice.card()
            except AssertionError:  # pulled while the command looked for the card
                time.sleep(0.01)
                continue
            plan: Plan = ExtraPairPlan(order) if order is not None else UpgradePlan()
            if self.operation == "renewal":
                plan = RenewPlan(renewal_days=60)
            engine = Engine(
                card,
                plan,
                CmpEnroller(issuer.client_settings()),
                ScriptedUser([practice.pins] * 3),
                journal_store=JournalStore(journal),
                listener=self.listener,
                presence=CardPresence(watch=True, source=practice.source),
                wait_for_card_s=20,
                key_type=KeyType_.EC_P256,
            )
            outcome = engine.run()
            if not outcome.ok and outcome.code == "card.removed":
                continue
            return outcome

    pull_after: int | None = None
    reader: Reader | None = None
    ledger: Path | None = None  # the service's ledger the card's pair was recorded in (a renewal)
    confirmed_later: int = 0  # cases where a certificate received before the fault was confirmed after it

    def listener(self, event: ev.Event) -> None:
        self.moments.hear(event)
        if self.pull_after is not None and isinstance(event, ev.StepStarted) and event.step is Step.FETCH_INSTALL:
            assert self.reader is not None
            self.reader.die_after = self.reader.apdu_count + self.pull_after
            self.pull_after = None

    def one(self, name: str, *, pull_after: int | None = None, kill_at: int | None = None) -> list[str]:
        """One case; returns the moments seen in the step of the first run."""
        state = self.work / f"card-{name}.json"
        shutil.copy(self.template, state)
        reader = Reader(state)
        practice = PracticeCard(reader, PracticeSource(reader), self.hierarchy, self.serial, False)

        def put_back(event: WatchEvent) -> None:
            if event.kind is WatchKind.CARD_REMOVED and not self.moments.dead:
                threading.Timer(0.02, reader.insert).start()  # a hand putting the same card back

        reader.listen(put_back)
        reader.insert()
        self.reader, self.pull_after = reader, pull_after
        self.moments.seen, self.moments.kill_at, self.moments.dead = [], kill_at, False
        journal = self.work / f"journal-{name}"
        if self.ledger is not None:  # the service that issued the card's current pair, as it left it
            (self.work / f"issuer-{name}").mkdir()
            shutil.copy(self.ledger, self.work / f"issuer-{name}" / Ledger.FILE_NAME)
        with IssuerServer.for_hierarchy(self.hierarchy, self.work / f"issuer-{name}") as issuer:
            order = None
            if self.operation == "extra":
                made = issuer.add_order(OTHER_HSA_ID)
                assert made.secret is not None
                order = ExtraOrder(made.reference, made.secret)
            try:
                outcome = self.run(practice, issuer, journal, order)
            except Killed:
                outcome = None
            seen = list(self.moments.seen)
            if kill_at is not None:
                assert self.moments.dead and outcome is None, f"{name}: not killed ({len(seen)} moments)"
                self.moments.kill_at, self.moments.dead, self.moments.active = None, False, False
                reader.pull()
                reader.insert()  # a new process finds the card reset
                outcome = self.run(practice, issuer, journal, order)
            assert outcome is not None and outcome.ok, f"{name}: {outcome}"
            kind = Kind.EXTRA if order is not None else Kind.RENEWAL if self.operation == "renewal" else Kind.UPGRADE
            kept = JournalStore(journal).load(self.serial, kind)
            assert kept is not None
            self.confirmed_later += any("certificate confirmed" in n["what"] for n in kept.history)
            on_card = certificates_on(state)
            self.check_card(name, on_card)
            assert_ledger_matches_card(issuer.service, on_card)
        return seen

    def check_card(self, name: str, on_card: list) -> None:  # type: ignore[type-arg]
        infos = [CertificateInfo.of(c) for c in on_card]
        current = [i for i in infos if i.generation is Generation.CURRENT]
        if self.operation == "upgrade":
            assert {i.purpose for i in current} == BOTH and len(current) == 2, f"{name}: {infos}"
            assert not [i for i in infos if i.generation is Generation.LEGACY], f"{name}: old pairs left"
        elif self.operation == "renewal":
            renewed = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
            assert {i.purpose for i in current} == BOTH and len(current) == 2, f"{name}: {infos}"
            assert all(i.not_after > renewed for i in current), f"{name}: the old pair left: {infos}"
        else:
            extra = [i for i in current if i.hsa_id == OTHER_HSA_ID]
            assert {i.purpose for i in extra} == BOTH and len(extra) == 2, f"{name}: {infos}"


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("part", ["slice", pytest.param("the-rest", marks=pytest.mark.slow)])
@pytest.mark.parametrize("fault", ["pull", "kill"])
@pytest.mark.parametrize("operation", ["upgrade", "extra", "renewal"])
def test_the_ledger_matches_the_card_after_a_fault_at_every_moment_of_the_fetch(
    operation: str, fault: str, part: str, tmp_path: Path, hierarchy: PracticeHierarchy, moments: Moments
) -> None:
    template = tmp_path / "template.json"
    case = Case(hierarchy, template, "", tmp_path, operation, moments)
    issue = None
    if operation == "renewal":  # an upgraded card whose pair the service issued ends in 20 days
        ledger = Ledger(tmp_path / "template-issuer")
        case.ledger = ledger.path

        def issue(subject: x509.Name, public: rsa.RSAPublicKey, purpose: Purpose) -> x509.Certificate:
            return issue_for_card(ledger, hierarchy.person_ca, subject, public, purpose, days=20)

    made, _certs = provision_practice_card(template, hierarchy, two_pins=False, issue=issue)
    case.serial = str(made.serial)
    seen = case.one("twin")
    total = seen.count("apdu") if fault == "pull" else len(seen)
    assert total > 10, seen
    telling = around_cmp(seen, fault)
    chosen = [k for k in range(1, total + 1) if (k in telling or (k - 1) % SLICE == 0) == (part == "slice")]
    for k in chosen:
        if fault == "pull":
            case.one(f"pull-{k}", pull_after=k)
        else:
            case.one(f"kill-{k}", kill_at=k)
    print(
        f"\n{operation}, {fault}: {len(chosen)} of {total} moments ({seen.count('apdu')} APDUs); "
        f"{case.confirmed_later} confirmed a certificate received before the fault"
    )
    # An extra pair's certConf is MAC-protected with the order's code: no pull can come between it and its certificate.
    if part == "slice" and (operation, fault) != ("extra", "pull"):
        assert case.confirmed_later > 0, "no case reached a certificate received and not yet confirmed"


def around_cmp(seen: list[str], fault: str) -> set[int]:
    """The telling moments: a kill at each CMP message; a pull right after the card's last answer before one
    leaves (its signature: the next APDU, the certConf's, finds no card)."""
    if fault == "kill":
        return {i + 1 for i, what in enumerate(seen) if what != "apdu"}
    telling, apdus = set(), 0
    for what in seen:
        if what == "apdu":
            apdus += 1
        elif what == "cmp out":
            telling.add(apdus)
    return telling
