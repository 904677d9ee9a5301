"""The gate every card command passes: closed while the card is out of the reader (docs/design.md, invariant 5).

The watcher closes it the moment PC/SC reports the removal; only the same card (serial) opens it again.
"""

from __future__ import annotations

import threading

from sithsclient.card.errors import CardRemovedError


class CardGate:
    def __init__(self) -> None:
        self._present = threading.Event()
        self._present.set()
        self._absent = threading.Event()

    def close(self) -> None:
        self._present.clear()
        self._absent.set()

    def open(self) -> None:
        self._absent.clear()
        self._present.set()

    @property
    def is_open(self) -> bool:
        return self._present.is_set()

    def check(self) -> None:
        """Raise instead of sending a command to a card that is not there."""
        if not self._present.is_set():
            raise CardRemovedError()

    def wait(self, timeout: float | None = None) -> bool:
        return self._present.wait(timeout)

    def wait_closed(self, timeout: float) -> bool:
        """Wait up to `timeout` for the watcher to report the card gone; True if it did."""
        return self._absent.wait(timeout)
