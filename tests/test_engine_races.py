"""Two races between the engine's run and the threads that tell it things, each driven into its bad order.

The interleaving is forced with events, not sleeps: a lock that tells when a second thread waits for it lets a
test hold one thread at the racy point and go on exactly when the other thread has either passed it (the race
happened) or been made to wait (the race is closed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import pytest

from sithsclient.card.layouts import PinRole
from sithsclient.card.watcher import WatchEvent, WatchKind
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer

PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}
WAIT_S = 20  # only a broken test waits this long: every wait below is ended by the other thread


class TellingLock:
    """A lock that sets `waited` when a thread has to wait for it."""

    def __init__(self, waited: threading.Event) -> None:
        self._lock = threading.Lock()
        self.waited = waited

    def __enter__(self) -> bool:
        if not self._lock.acquire(blocking=False):
            self.waited.set()
            self._lock.acquire()
        return True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._lock.release()


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def legacy_card(hierarchy: PracticeHierarchy) -> ScriptedCard:
    card = ScriptedCard(pins=dict(PINS))
    for key_id, purpose in zip((b"\x01", b"\x02"), UPGRADED, strict=True):
        key = card.put_key(key_id, purpose, label="old")
        card.certs[key_id] = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key.public_key(), purpose)
    return card


def engine_on(
    card: ScriptedCard, hierarchy: PracticeHierarchy, journals: Path, listener: Callable[[ev.Event], None]
) -> tuple[Engine, CardPresence]:
    presence = CardPresence(watch=False)
    engine = Engine(
        card,
        UpgradePlan(),
        ScriptedIssuer(hierarchy),
        ScriptedUser([dict(PINS)]),
        journal_store=JournalStore(journals),
        presence=presence,
        listener=listener,
        wait_for_card_s=WAIT_S,
    )
    return engine, presence


def test_paused_never_reaches_a_view_after_the_resumed_that_ends_it(
    hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """The watcher says the card left while the run's own thread finds it back at once: the view must see
    Paused, then Resumed, never the other way round (a lock dialog that never goes away)."""
    seen: list[str] = []
    watcher_telling = threading.Event()  # the watcher thread is inside the listener with its Paused
    go_on = threading.Event()  # the run thread waits for the pause lock, or has said Resumed
    watcher: list[threading.Thread] = []

    def listener(event: ev.Event) -> None:
        if isinstance(event, ev.Paused) and threading.current_thread() in watcher:
            watcher_telling.set()
            assert go_on.wait(WAIT_S)  # hold the watcher's Paused until the run thread has moved on
        seen.append(type(event).__name__)
        if isinstance(event, ev.Resumed):
            go_on.set()

    card = legacy_card(hierarchy)
    engine, presence = engine_on(card, hierarchy, tmp_path, listener)
    engine.control.lock = TellingLock(go_on)

    def pulled() -> None:  # on the run thread, inside the card write that finds the card gone next
        removed = WatchEvent(WatchKind.CARD_REMOVED, card.reader)
        thread = threading.Thread(target=engine._on_removed, args=(removed,), name="watcher")
        watcher.append(thread)
        thread.start()
        assert watcher_telling.wait(WAIT_S)
        presence.inserted.set()  # the card is back as soon as the run looks

    card.pull_after_writes = 1
    card.on_pull = pulled
    outcome = engine.run()
    watcher[0].join(WAIT_S)

    assert outcome.ok, outcome
    assert seen.count("Paused") == 1 and seen.count("Resumed") == 1
    assert seen.index("Paused") < seen.index("Resumed"), seen


def test_a_cancel_answered_yes_stops_the_run_before_the_old_certificates_go(
    hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """The person cancels just as the new certificates are installed: either the cancel is refused (the clean-up
    began) or the run stops with the old certificates still on the card, never 'yes' and then deleted."""
    in_cancel = threading.Event()  # the cancelling thread has checked the clean-up flag and sets its own
    go_on = threading.Event()  # the run thread waits for the lock, or has begun deleting
    answers: list[bool] = []

    card = legacy_card(hierarchy)

    def listener(event: ev.Event) -> None:
        if isinstance(event, ev.StepDone) and event.step is ev.Step.FETCH_INSTALL:
            canceller = threading.Thread(target=lambda: answers.append(engine.cancel()), name="gui")
            canceller.start()
            assert in_cancel.wait(WAIT_S)
        if isinstance(event, ev.StepStarted) and event.step is ev.Step.DELETE_OLD:
            go_on.set()

    engine, _presence = engine_on(card, hierarchy, tmp_path, listener)
    engine.control.lock = TellingLock(go_on)
    asked = engine.control._cancel

    class HeldCancel(threading.Event):
        def set(self) -> None:
            in_cancel.set()
            assert go_on.wait(WAIT_S)
            asked.set()

        def is_set(self) -> bool:
            return asked.is_set()

    engine.control._cancel = HeldCancel()
    outcome: Outcome = engine.run()

    assert len(answers) == 1
    if answers[0]:
        assert (outcome.ok, outcome.code) == (False, "cancelled")
        assert {b"\x01", b"\x02"} <= set(card.certs), "the old certificates were deleted after a cancel said yes"
    else:
        assert outcome.ok
    assert not card.breaches
