"""The card watcher as Qt signals: reader and card events from the watcher's thread, delivered on the GUI thread.

The watcher is the card source's (card/source.py): PC/SC's `CardWatcher`, or practice mode's in-process reader.
It calls its listener on its own thread; emitting a signal of a QObject that lives in the GUI
thread queues the call there, so pages react to a pulled card without touching widgets from another thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from sithsclient.card.source import CardSource, Pkcs11Source, Watcher
from sithsclient.card.watcher import WatchEvent, WatchKind


class WatcherBridge(QObject):
    """`changed(WatchEvent)` for every reader, card and service event; `present` says what is in each reader."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, source: CardSource | None = None) -> None:
        super().__init__(parent)
        self._source = source or Pkcs11Source()
        self._watcher: Watcher | None = None
        self._stopped = False
        self.present: dict[str, bool] = {}  # reader name -> a card is in it (as last reported)
        self.service_up = True
        self.changed.connect(self._remember)

    def start(self) -> None:
        if self._watcher is None:
            self._stopped = False
            self._watcher = self._source.watcher(self._listen)
            self._watcher.start()

    def stop(self) -> None:
        """Stop watching. Waits at most a second: pcsc-lite can miss the SCardCancel that wakes the watcher
        (when it lands just before the thread's next SCardGetStatusChange), and the watcher thread then stays
        until the next reader event, harmlessly, since nothing is emitted any more."""
        self._stopped = True
        if self._watcher is not None:
            self._watcher.stop(timeout=1.0)
            self._watcher = None

    def _listen(self, event: WatchEvent) -> None:
        if not self._stopped:
            self.changed.emit(event)

    def card_in(self, reader: str) -> bool | None:
        """True/False when the watcher knows the reader; None when it does not (no PC/SC, SoftHSM2)."""
        return self.present.get(reader)

    def _remember(self, event: WatchEvent) -> None:
        if event.kind is WatchKind.CARD_INSERTED:
            self.present[event.reader] = True
        elif event.kind is WatchKind.CARD_REMOVED:
            self.present[event.reader] = False
        elif event.kind is WatchKind.READER_ADDED:
            self.present.setdefault(event.reader, False)
        elif event.kind is WatchKind.READER_REMOVED:
            self.present.pop(event.reader, None)
        elif event.kind is WatchKind.SERVICE_LOST:
            self.service_up = False
            self.present.clear()
        elif event.kind is WatchKind.SERVICE_BACK:
            self.service_up = True
