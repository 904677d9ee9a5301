"""The card watcher as part of the engine's world (docs/design.md, invariant 5).

The moment PC/SC reports that the card's reader lost its card, the card's gate closes: no further card
command is sent. Insertions are signalled so the engine can check, by serial, whether the same card is back.
Without PC/SC (SoftHSM2) nothing is watched, and a module error is the only sign of a missing card. The
events come from the card source: PC/SC's watcher, or practice mode's in-process reader.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sithsclient.card.interface import SmartCard
from sithsclient.card.source import CardSource, Pkcs11Source, Watcher
from sithsclient.card.watcher import WatchEvent, WatchKind

_GONE = (WatchKind.CARD_REMOVED, WatchKind.READER_REMOVED, WatchKind.SERVICE_LOST)


class CardPresence:
    def __init__(
        self,
        on_removed: Callable[[WatchEvent], None] | None = None,
        *,
        watch: bool = True,
        source: CardSource | None = None,
    ) -> None:
        self._card: SmartCard | None = None
        self._on_removed = on_removed
        self.inserted = threading.Event()
        self._watcher: Watcher | None = (source or Pkcs11Source()).watcher(self._on_event) if watch else None

    @property
    def watching(self) -> bool:
        return self._watcher is not None

    def attach(self, card: SmartCard) -> None:
        self._card = card

    def start(self) -> None:
        if self._watcher is not None:
            self._watcher.start()
            self._watcher.ready.wait(5)

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()

    def _on_event(self, event: WatchEvent) -> None:
        card = self._card
        if event.kind is WatchKind.CARD_INSERTED:
            self.inserted.set()
            return
        if event.kind in _GONE and card is not None and (not event.reader or event.reader == card.reader):
            self.inserted.clear()  # an insertion before this removal is no news of the card coming back
            card.gate.close()
            if self._on_removed is not None:
                self._on_removed(event)

    def wait_for_insertion(self, timeout: float) -> bool:
        """True when a card went in since the last call. Without a watcher, time passing is the only signal."""
        if self._watcher is None:
            self.inserted.wait(timeout)
            self.inserted.clear()
            return True
        seen = self.inserted.wait(timeout)
        self.inserted.clear()
        return seen
