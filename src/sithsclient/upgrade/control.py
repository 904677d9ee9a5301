"""What other threads change in a running engine: a cancel, and the card leaving and coming back.

A cancel comes from the GUI thread, the card's removal from the watcher's thread, and the run's own thread
begins the clean-up, finds the card gone and finds it back. Each check-then-change here is one step under
`lock`, and the event that tells it is emitted under the same lock: the views see Paused and Resumed in the order
they happened, and a cancel answered yes is never run past into the clean-up.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager

from sithsclient.upgrade import events as ev


class RunControl:
    def __init__(self, emit: ev.Listener) -> None:
        self.lock: AbstractContextManager[object] = threading.Lock()
        self._emit = emit  # the engine's: a view's failure is caught there
        self._cancel = threading.Event()
        self._cleaning_up = False
        self._paused = False

    def cancel(self) -> bool:
        """Ask the run to stop at the next safe point. Refused (False) once the clean-up began."""
        with self.lock:
            if self._cleaning_up:
                return False
            self._cancel.set()
            return True

    @property
    def cancelled(self) -> bool:
        """A cancel was asked (and so the clean-up has not begun, nor will)."""
        return self._cancel.is_set()

    def begin_clean_up(self) -> bool:
        """From here on the run is not stopped: the new set is complete and proven. False: a cancel came first."""
        with self.lock:
            if self._cancel.is_set():
                return False
            self._cleaning_up = True
            return True

    def card_removed(self) -> None:
        """Said once per absence, by whichever notices first: the watcher or a card command that found it gone."""
        with self.lock:
            if self._paused:
                return
            self._paused = True
            self._emit(ev.Paused("card.removed", "The card was removed. Put the same card back to continue."))

    def wrong_card(self, message: str, other_serial: str) -> None:
        with self.lock:
            self._paused = True
            self._emit(ev.Paused("card.wrong_card", message, other_serial=other_serial))

    def card_back(self) -> None:
        with self.lock:
            self._paused = False
            self._emit(ev.Resumed())
