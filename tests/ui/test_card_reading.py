"""The first page only waits for card/'s answer when a card is in a reader but the card software shows none yet:
the looking again runs on the card queue (card/settle.py), each look is shown as it comes, the window stays
responsive meanwhile, and a card event ends the looks under way for a fresh read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.app.snapshot import ReadersSnapshot
from sithsclient.card import pcsc, settle
from sithsclient.config import Config
from sithsclient.ui.card_reading import CardReading
from sithsclient.ui.tasks import TaskQueue
from sithsclient.upgrade.journal import JournalStore


class CardSoftwareStandIn:
    """PC/SC has a card in its reader; the card software never shows it (a card it cannot read yet)."""

    name = "card software stand-in"
    reason = "a test"

    def __init__(self) -> None:
        self.looks = 0

    def readers(self) -> list[pcsc.ReaderState]:
        return [pcsc.ReaderState("Reader 0", True, b"\x3b\x00")]

    def cards(self, *, atrs: Sequence[bytes] | None = None) -> list[object]:
        self.looks += 1
        return []

    def start_over(self) -> None:
        pass


class PageStandIn:
    def __init__(self) -> None:
        self.shown: list[ReadersSnapshot] = []

    def show_reading(self) -> None:
        pass

    def show_snapshot(self, snapshot: ReadersSnapshot) -> None:
        self.shown.append(snapshot)


Reading = tuple[CardReading, CardSoftwareStandIn, PageStandIn, TaskQueue]


@pytest.fixture
def reading(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Reading]:
    monkeypatch.setattr(settle, "FRESH_CARD_LOOK_AGAIN_S", 0.2)
    software = CardSoftwareStandIn()
    context = AppContext(Config(), JournalStore(tmp_path), card_source=software)  # type: ignore[arg-type]
    queue = TaskQueue("card")
    page = PageStandIn()
    view = CardReading(context, queue, page, lambda: True)  # type: ignore[arg-type]
    yield view, software, page, queue
    view.stop()
    queue.shutdown()


def test_a_card_that_does_not_show_is_looked_at_again_off_the_gui_thread(qtbot: QtBot, reading: Reading) -> None:
    view, software, page, _queue = reading
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with qtbot.waitSignals([view.read] * (1 + settle.FRESH_CARD_LOOKS), timeout=10_000):
        view.refresh()  # each look is shown, and told, as it comes
    timer.stop()
    assert software.looks == 1 + settle.FRESH_CARD_LOOKS
    assert len(page.shown) == 1 + settle.FRESH_CARD_LOOKS
    assert view.snapshot is page.shown[-1] and not view.snapshot.cards and view.snapshot.card_in_a_reader
    assert len(ticks) >= 10  # the window went on with its work through about a second of looks


def test_a_card_event_ends_the_looks_for_a_fresh_read(
    qtbot: QtBot, reading: Reading, monkeypatch: pytest.MonkeyPatch
) -> None:
    view, software, _page, queue = reading
    monkeypatch.setattr(settle, "FRESH_CARD_LOOK_AGAIN_S", 0.5)
    view.refresh()
    qtbot.waitUntil(lambda: software.looks == 2, timeout=10_000)
    view.card_event()  # ends these looks; the fresh read after it looks again from the start, all its looks
    qtbot.waitUntil(lambda: software.looks >= 2 + 1 + settle.FRESH_CARD_LOOKS and not queue.busy, timeout=20_000)
    assert software.looks == 2 + 1 + settle.FRESH_CARD_LOOKS  # not the first read's remaining looks too
