"""The card watcher on the real PC/SC stack: insert, pull, re-insert, two readers, PC/SC going away."""

from __future__ import annotations

import queue
import time
from pathlib import Path

import pytest

from sithsclient.card.watcher import CardWatcher, WatchEvent, WatchKind
from sithsclient.demo.rig import PcscRig
from tests.fixtures.pcsc import PivCard, make_practice_card

pytestmark = pytest.mark.pcsc


class Events:
    def __init__(self) -> None:
        self.q: queue.Queue[WatchEvent] = queue.Queue()

    def __call__(self, event: WatchEvent) -> None:
        self.q.put(event)

    def next(self, kind: WatchKind, reader: str | None = None, timeout: float = 5.0) -> WatchEvent:
        return self.until(kind, reader, timeout)[-1]

    def until(self, kind: WatchKind, reader: str | None = None, timeout: float = 5.0) -> list[WatchEvent]:
        """The events up to and with the first of `kind` (for `reader`)."""
        seen: list[WatchEvent] = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind} for {reader!r} within {timeout} s")
            seen.append(self.q.get(timeout=left))
            if seen[-1].kind is kind and (reader is None or seen[-1].reader == reader):
                return seen


def test_pull_and_reinsert_are_reported_with_reader_and_atr(piv_card: PivCard) -> None:
    events = Events()
    with CardWatcher(events) as watcher:
        first = events.next(WatchKind.CARD_INSERTED, piv_card.reader)  # the card already in the reader
        assert first.atr.startswith(b"\x3b")
        assert any(r.name == piv_card.reader and r.card_present for r in watcher.readers())
        piv_card.rig.pull()
        removed = events.next(WatchKind.CARD_REMOVED, piv_card.reader)
        assert removed.at > first.at
        piv_card.rig.insert(piv_card.state_path)
        again = events.next(WatchKind.CARD_INSERTED, piv_card.reader)
        assert again.atr == first.atr


def test_two_readers_are_told_apart(piv_card: PivCard, tmp_path: Path) -> None:
    rig: PcscRig = piv_card.rig
    second_state = tmp_path / "second.json"
    make_practice_card(second_state, piv_card.hierarchy)
    events = Events()
    with CardWatcher(events):
        events.next(WatchKind.CARD_INSERTED, rig.reader_name(0))
        rig.insert(second_state, reader=1)
        events.next(WatchKind.CARD_INSERTED, rig.reader_name(1))
        rig.pull(1)
        events.next(WatchKind.CARD_REMOVED, rig.reader_name(1))
        assert rig.card_present(0)  # the first card never moved
        # Nothing said of the first reader meanwhile: the second card goes in again as a fence (the watcher
        # reports in order), and no event before it names the first reader.
        rig.insert(second_state, reader=1)
        before = events.until(WatchKind.CARD_INSERTED, rig.reader_name(1))
        assert [e for e in before if e.reader == rig.reader_name(0)] == []


def test_a_listener_that_fails_does_not_stop_the_watcher(piv_card: PivCard) -> None:
    seen: list[WatchEvent] = []

    def clumsy(event: WatchEvent) -> None:
        seen.append(event)
        raise RuntimeError("a view with a bug")

    with CardWatcher(clumsy):
        deadline = time.monotonic() + 5
        while not any(e.kind is WatchKind.CARD_INSERTED for e in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        piv_card.rig.pull()
        deadline = time.monotonic() + 5
        while not any(e.kind is WatchKind.CARD_REMOVED for e in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert any(e.kind is WatchKind.CARD_REMOVED for e in seen)


def test_survives_the_smart_card_service_going_away_and_coming_back(piv_card: PivCard) -> None:
    """Windows stops its smart card service when the last reader goes (SCARD_E_NO_SERVICE): re-establish."""
    rig = piv_card.rig
    events = Events()
    with CardWatcher(events):
        events.next(WatchKind.CARD_INSERTED, piv_card.reader)
        rig.stop()
        events.next(WatchKind.CARD_REMOVED, piv_card.reader, timeout=10)
        events.next(WatchKind.SERVICE_LOST, timeout=10)
        rig.start()
        events.next(WatchKind.SERVICE_BACK, timeout=15)
        events.next(WatchKind.READER_ADDED, rig.reader_name(0), timeout=10)
        rig.insert(piv_card.state_path)
        events.next(WatchKind.CARD_INSERTED, rig.reader_name(0), timeout=10)
