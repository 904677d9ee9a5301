"""The card watcher: a thread blocked in SCardGetStatusChange, reporting readers and cards as they come and go.

No polling with sleeps: the thread waits on PC/SC and is woken by SCardCancel on stop. It watches the PnP
pseudo-reader so that new readers are seen at once, never assumes the first reader is the right one, and when
the PC/SC service goes away (Windows stops it when the last reader is unplugged: SCARD_E_NO_SERVICE) it
re-establishes its context, waiting between attempts, and reports the service back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from smartcard import scard

from sithsclient.card import pcsc

log = logging.getLogger(__name__)


class WatchKind(StrEnum):
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"
    SERVICE_LOST = "service_lost"
    SERVICE_BACK = "service_back"


@dataclass(frozen=True)
class WatchEvent:
    kind: WatchKind
    reader: str = ""
    atr: bytes = b""
    at: float = 0.0  # time.monotonic() when the watcher saw it

    def __str__(self) -> str:
        return f"{self.kind.value} {self.reader} {self.atr.hex()}".strip()


Listener = Callable[[WatchEvent], None]

_SERVICE_RETRY_S = 1.0  # how long to wait before re-establishing a context the service dropped


class CardWatcher:
    """Start it, get events on `listener` from the watcher thread, stop it. Safe to stop from any thread."""

    def __init__(self, listener: Listener) -> None:
        self._listener = listener
        self._stop = threading.Event()
        self._context: Any = None
        self._context_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._known: dict[str, pcsc.ReaderState] = {}
        self._service_up: bool | None = None
        self._last_failure = ""  # logged once, not at every retry: a wizard left open would fill its log
        self.ready = threading.Event()  # set once the first full picture has been reported

    # -- public --------------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        deadline = time.monotonic() + timeout
        # SCardCancel can land between the loop's stop check and its next SCardGetStatusChange and be lost, so
        # cancel again until the thread has gone (a finite wait inside the loop instead upset pcscd with vpcd).
        while self._thread is not None and self._thread.is_alive() and time.monotonic() < deadline:
            with self._context_lock:
                if self._context is not None:
                    scard.SCardCancel(self._context)
            self._thread.join(0.05)

    def readers(self) -> list[pcsc.ReaderState]:
        return list(self._known.values())

    def __enter__(self) -> CardWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the thread ----------------------------------------------------------------------------------

    def _emit(self, kind: WatchKind, reader: str = "", atr: bytes = b"") -> None:
        event = WatchEvent(kind, reader, atr, time.monotonic())
        log.debug("watcher: %s", event)
        try:
            self._listener(event)
        except Exception:  # a listener's bug must not kill the watcher (yubikey-manager #559)
            log.exception("card watcher listener failed on %s", event)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch_with_context()
            except pcsc.PcscError as exc:
                if exc.no_service:
                    self._service_lost()
                elif str(exc) != self._last_failure:
                    self._last_failure = str(exc)
                    log.warning("card watcher: %s (trying again every %s s)", exc, _SERVICE_RETRY_S)
                self.ready.set()
                self._stop.wait(_SERVICE_RETRY_S)
            except Exception:
                log.exception("card watcher failed; restarting it")
                self._stop.wait(_SERVICE_RETRY_S)

    def _service_lost(self) -> None:
        if self._service_up is not False:
            self._service_up = False
            for name in list(self._known):
                self._forget(name)
            self._emit(WatchKind.SERVICE_LOST)

    def _forget(self, name: str) -> None:
        state = self._known.pop(name)
        if state.card_present:
            self._emit(WatchKind.CARD_REMOVED, name)
        self._emit(WatchKind.READER_REMOVED, name)

    def _watch_with_context(self) -> None:
        context = pcsc.establish()
        with self._context_lock:
            self._context = context
        try:
            if self._service_up is False:
                self._emit(WatchKind.SERVICE_BACK)
            self._service_up = True
            self._last_failure = ""
            self._loop(context)
        finally:
            with self._context_lock:
                self._context = None
            pcsc.release(context)

    def _sync_readers(self, context: Any) -> None:
        names = pcsc.list_reader_names(context)
        for gone in [n for n in self._known if n not in names]:
            self._forget(gone)
        for name in names:
            if name not in self._known:
                self._known[name] = pcsc.ReaderState(name, False, b"")
                self._emit(WatchKind.READER_ADDED, name)

    def _loop(self, context: Any) -> None:
        self._sync_readers(context)
        # The PnP pseudo-reader's count (high 16 bits of its state) changes when a reader comes or goes.
        states: dict[str, int] = {pcsc.PNP_NOTIFICATION: scard.SCARD_STATE_UNAWARE}
        states.update({name: scard.SCARD_STATE_UNAWARE for name in self._known})
        while not self._stop.is_set():
            hresult, changed = scard.SCardGetStatusChange(context, scard.INFINITE, list(states.items()))
            code = pcsc._code(hresult)
            if code == pcsc.CANCELLED or self._stop.is_set():
                return
            if code in pcsc.NO_SERVICE:
                raise pcsc.PcscError("SCardGetStatusChange", hresult)
            if code in pcsc.READER_GONE or code in pcsc.NO_READERS:
                self._sync_readers(context)
                states = {pcsc.PNP_NOTIFICATION: states[pcsc.PNP_NOTIFICATION]}
                states.update({name: scard.SCARD_STATE_UNAWARE for name in self._known})
                continue
            if code == pcsc.TIMEOUT:
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                raise pcsc.PcscError("SCardGetStatusChange", hresult)
            readers_changed = False
            for name, event_state, atr in changed:
                states[name] = event_state & ~scard.SCARD_STATE_CHANGED
                if name == pcsc.PNP_NOTIFICATION:
                    readers_changed = readers_changed or bool(event_state & scard.SCARD_STATE_CHANGED)
                    continue
                if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    readers_changed = True
                    continue
                self._update_card(name, pcsc.state_of(name, event_state, atr))
            if readers_changed:
                self._sync_readers(context)
                keep = {pcsc.PNP_NOTIFICATION: states[pcsc.PNP_NOTIFICATION]}
                keep.update({name: states.get(name, scard.SCARD_STATE_UNAWARE) for name in self._known})
                states = keep
            self.ready.set()

    def _update_card(self, name: str, new: pcsc.ReaderState) -> None:
        old = self._known.get(name)
        self._known[name] = new
        was_present = bool(old and old.card_present)
        if was_present and not new.card_present:
            self._emit(WatchKind.CARD_REMOVED, name)
        elif new.card_present and (not was_present or (old is not None and old.atr != new.atr)):
            if was_present:  # swapped between two looks: report both
                self._emit(WatchKind.CARD_REMOVED, name)
            self._emit(WatchKind.CARD_INSERTED, name, new.atr)
