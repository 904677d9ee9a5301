"""The first page's reading of readers and cards: on the card queue, never beside a run, again after a card event.

A pull-and-insert is several PC/SC events: the card is read once, shortly after them. A card that has just gone
in can read as absent or empty for a moment and no further event comes to correct that: card/settle.py looks
again, on the card queue, and this view shows each look and waits for its answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from sithsclient.app.context import AppContext
from sithsclient.app.snapshot import ReadersSnapshot, read
from sithsclient.card import settle
from sithsclient.card.errors import CardError
from sithsclient.ui.pages.card import CardPage
from sithsclient.ui.tasks import TaskQueue

log = logging.getLogger(__name__)

_EVENT_MS = 150  # a pull-and-insert is several events: read the card once, after them


def _settled(snapshot: ReadersSnapshot) -> bool:
    empty = sum(1 for card in snapshot.cards if not card.certificates)
    return settle.settled(snapshot.card_in_a_reader, len(snapshot.cards), empty)


class CardReading(QObject):
    """Reads on `queue` and shows each snapshot on `page`; `read` follows with the snapshot shown."""

    read = Signal(object)  # ReadersSnapshot
    _looked = Signal(object)  # a snapshot card/settle.py looks at again: shown meanwhile (from the queue's thread)

    def __init__(
        self,
        context: AppContext,
        queue: TaskQueue,
        page: CardPage,
        may_read: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._queue = queue
        self._page = page
        self._may_read = may_read  # not while a run uses the card, nor after the window shut down
        self.snapshot: ReadersSnapshot | None = None
        self._again = False
        self._looking = threading.Event()  # set: the looks under way end (a card event, the window closing)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        queue.busy_changed.connect(self._queue_busy)
        self._looked.connect(self._show)

    def refresh(self) -> None:
        """Read readers and cards again, unless the engine is using the card; after the read under way."""
        if not self._may_read():
            return
        if self._queue.busy:
            self._again = True
            return
        self._page.show_reading()
        context = self._context
        stop = self._looking = threading.Event()

        def look() -> ReadersSnapshot:
            return settle.look_until_settled(
                lambda: read(context.config, context.journal_store, context.card_source),  # it starts over itself
                _settled,
                unsettled=self._looked.emit,
                stop=stop,
            )

        self._queue.run(look, self._show, self._failed)

    def card_event(self) -> None:
        """A reader or card changed while no run is on: read once the events of one pull-and-insert are in."""
        self._looking.set()
        self._timer.start(_EVENT_MS)

    def stop(self) -> None:
        self._timer.stop()
        self._looking.set()

    @Slot(object)
    def _show(self, value: object) -> None:
        assert isinstance(value, ReadersSnapshot)
        self.snapshot = value
        self._page.show_snapshot(value)
        self.read.emit(value)

    def _failed(self, exc: Exception) -> None:
        log.warning("reading the readers failed: %s", exc)
        problem = exc if isinstance(exc, CardError) else CardError(str(exc))
        self.snapshot = ReadersSnapshot(False, (), (), problem=problem)
        self._page.show_snapshot(self.snapshot)

    def _queue_busy(self, busy: bool) -> None:
        if not busy and self._again:
            self._again = False
            self.refresh()
