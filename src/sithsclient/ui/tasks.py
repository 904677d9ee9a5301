"""Work off the GUI thread: a queue that runs one call at a time on a QThread of its own.

All card access of the wizard outside the engine (reading the card for the first page, changing a PIN,
the diagnostics report) goes through one queue, so two PKCS#11 conversations never interleave and the
window stays responsive while a card answers slowly.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class _Executor(QObject):
    result = Signal(int, bool, object)

    @Slot(int, object)
    def execute(self, ident: int, call: Callable[[], object]) -> None:
        try:
            value: object = call()
        except Exception as exc:  # handed to the caller's `failed`, which decides what the user sees
            self.result.emit(ident, False, exc)
        else:
            self.result.emit(ident, True, value)


class TaskQueue(QObject):
    """`run(call, done, failed)`: `call` runs on the queue's thread, `done`/`failed` on the GUI thread."""

    _submit = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._executor = _Executor()
        self._executor.moveToThread(self._thread)
        self._submit.connect(self._executor.execute)
        self._executor.result.connect(self._finished)
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}
        self._ids = itertools.count(1)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(self, call: Callable[[], object], done: Done | None = None, failed: Failed | None = None) -> None:
        if not self._thread.isRunning():
            return
        ident = next(self._ids)
        was_busy = self.busy
        self._pending[ident] = (done, failed)
        self._submit.emit(ident, call)
        if not was_busy:
            self.busy_changed.emit(True)

    def _finished(self, ident: int, ok: bool, value: object) -> None:
        done, failed = self._pending.pop(ident, (None, None))
        try:
            if ok and done is not None:
                done(value)
            elif not ok:
                assert isinstance(value, Exception)
                if failed is not None:
                    failed(value)
                else:
                    log.error("background task failed", exc_info=value)
        finally:
            if not self.busy:
                self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Let the running call finish, drop the rest, stop the thread."""
        self._pending.clear()
        self._thread.quit()
        self._thread.wait()
