"""The first page's reading of readers and cards: on the card queue, never beside a run, again after a card event.

A pull-and-insert is several PC/SC events: the card is read once, shortly after them. A card that has just gone
in can read as absent or empty for a moment and no further event comes to correct that, so it is looked at again
a few times (card/settle.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from sithsclient.app.context import AppContext
from sithsclient.app.snapshot import ReadersSnapshot, read
from sithsclient.card import settle
from sithsclient.card.errors import CardError
from sithsclient.ui.pages.card import CardPage
from sithsclient.ui.tasks import TaskQueue

log = logging.getLogger(__name__)

_EVENT_MS = 150  # a pull-and-insert is several events: read the card once, after them
_SETTLE_MS = round(settle.FRESH_CARD_LOOK_AGAIN_S * 1000)


class CardReading(QObject):
    """Reads on `queue` and shows each snapshot on `page`; `read` follows with the snapshot shown."""

    read = Signal(object)  # ReadersSnapshot

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
        self._settle_reads = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        queue.busy_changed.connect(self._queue_busy)

    def refresh(self) -> None:
        """Read readers and cards again, unless the engine is using the card; after the read under way."""
        if not self._may_read():
            return
        if self._queue.busy:
            self._again = True
            return
        self._page.show_reading()
        context = self._context
        self._queue.run(
            lambda: read(context.config, context.journal_store, context.card_source), self._shown, self._failed
        )

    def card_event(self) -> None:
        """A reader or card changed while no run is on: read once the events of one pull-and-insert are in."""
        self._settle_reads = 0
        self._timer.start(_EVENT_MS)

    def stop(self) -> None:
        self._timer.stop()

    def _shown(self, value: object) -> None:
        assert isinstance(value, ReadersSnapshot)
        self.snapshot = value
        self._page.show_snapshot(value)
        settling = value.card_in_a_reader and (not value.cards or any(not c.certificates for c in value.cards))
        if settling and self._settle_reads < settle.FRESH_CARD_LOOKS:
            self._settle_reads += 1
            self._timer.start(_SETTLE_MS)
        elif not settling:
            self._settle_reads = 0
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
