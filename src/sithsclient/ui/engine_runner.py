"""The upgrade engine on a QThread of its own, its events and its end relayed as Qt signals.

`Engine.run()` blocks for the whole upgrade (and while it waits for a pulled card), so it runs in a
worker QObject moved to a QThread. The engine calls its listener on that thread; the listener emits
`engine_event`, which Qt queues to the GUI thread for the pages, in the order the engine sent them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal, Slot

from sithsclient.card.errors import CardError
from sithsclient.card.interface import SmartCard
from sithsclient.upgrade.engine import Engine, Outcome

log = logging.getLogger(__name__)


class _EngineWorker(QObject):
    finished = Signal(object)

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    @Slot()
    def run(self) -> None:
        try:
            outcome = self.engine.run()
        except CardError as exc:  # raised past the engine's own handling: still a card problem with a code
            outcome = Outcome(False, exc.code, exc.message, retry_safe=True)
        except Exception as exc:  # a bug: the journal keeps the progress, the page says so and shows the code
            log.exception("the upgrade engine failed")
            outcome = Outcome(False, "internal.error", f"{type(exc).__name__}: {exc}", retry_safe=True)
        self.finished.emit(outcome)


class EngineRunner(QObject):
    """One run at a time. `engine_event(ev.Event)` during the run, `finished(Outcome)` at its end."""

    engine_event = Signal(object)
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine: Engine | None = None
        self._thread: QThread | None = None
        self._worker: _EngineWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def card(self) -> SmartCard | None:
        return self.engine.card if self.engine is not None else None

    def listener(self, event: object) -> None:
        """Give this to the engine: called on the engine's thread."""
        self.engine_event.emit(event)

    def start(self, engine: Engine) -> None:
        if self.running:
            raise RuntimeError("an upgrade is already running")
        self.engine = engine
        thread = QThread()
        thread.setObjectName("upgrade-engine")
        worker = _EngineWorker(engine)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(self._finished)
        self._thread, self._worker = thread, worker
        thread.start()

    def cancel(self) -> bool:
        """False once the engine deletes the old certificates: that must finish on this card."""
        return self.engine.cancel() if self.engine is not None else True

    def _finished(self, outcome: Outcome) -> None:
        self._stop_thread()
        self.finished.emit(outcome)

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._thread, self._worker = None, None

    def wait(self) -> None:
        """Block until the run has ended (at shutdown, after `cancel()` and the prompter's close)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
