"""Never a certificate issued twice and left valid: the user's story, in practice mode.

A slow practice issuing service; the card pulled while the signature certificate is being fetched, put back after
the answer came. The run must finish with exactly the card's certificates valid in the service's ledger, and the
signature certificate issued once: received, journalled, confirmed when the card was back, installed.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sithsclient.card.watcher import WatchEvent, WatchKind
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.model import Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.inprocess import make_inprocess_card
from tests.fixtures.ledger import assert_ledger_matches_card, certificates_on, ledger_story


def test_a_card_pulled_while_a_slow_service_issues_gets_that_certificate_once(
    tmp_path: Path, hierarchy: PracticeHierarchy
) -> None:
    practice = make_inprocess_card(tmp_path / "card.json", hierarchy, two_pins=False)
    reader = practice.reader

    def back(event: WatchEvent) -> None:
        if event.kind is WatchKind.CARD_REMOVED:
            threading.Timer(1.2, reader.insert).start()  # after the service's answer has come

    reader.listen(back)
    pulled: list[float] = []

    def hear(event: ev.Event) -> None:
        fetching = isinstance(event, ev.Progress) and event.step is Step.FETCH_INSTALL
        if fetching and event.purpose is Purpose.SIGNATURE and "fetching" in event.message and not pulled:
            pulled.append(event.at)
            threading.Timer(0.3, reader.pull).start()  # while the service takes its time

    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer") as issuer:
        issuer.set_fault("delay=0.8")
        engine = Engine(
            practice.card(),
            UpgradePlan(),
            CmpEnroller(issuer.client_settings()),
            ScriptedUser([practice.pins] * 2),
            journal_store=JournalStore(tmp_path / "journal"),
            listener=hear,
            presence=CardPresence(watch=True, source=practice.source),
            wait_for_card_s=20,
        )
        outcome = engine.run()
        assert outcome.ok, outcome
        assert pulled and reader.insertions == 2, "the card was not pulled during the fetch"
        story = ledger_story(issuer.service)
        assert list(story.values()) == [["issued", "confirmed"]] * 2, story
        assert_ledger_matches_card(issuer.service, certificates_on(practice.state_path), after_timeout=False)
