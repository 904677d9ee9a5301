"""The engine's questions (upgrade/prompts.py), asked on the GUI thread while the engine's thread waits.

The engine calls `pins()`, `confirm_final_try()`, `unblock()` and `accept_terms()` on its own thread and
needs an answer before it may go on. Each call becomes a `Question` sent to the GUI thread by a queued
signal; the engine's thread blocks until a page or dialog answers it, or until the window closes (which
answers "no": the engine then stops at a safe point, and the card keeps a working set).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from sithsclient.card.layouts import PinRole
from sithsclient.upgrade.prompts import PinRequest, Terms, UnblockRequest


class Ask(StrEnum):
    PINS = "pins"
    FINAL_TRY = "final_try"
    UNBLOCK = "unblock"
    TERMS = "terms"


@dataclass(eq=False)
class Question:
    kind: Ask
    request: PinRequest | None = None
    role: PinRole | None = None
    terms: Terms | None = None
    unblock: UnblockRequest | None = None
    puk: bool = False  # FINAL_TRY: of the PUK, not the PIN
    _answered: threading.Event = field(default_factory=threading.Event, repr=False)
    _value: object = field(default=None, repr=False)

    @property
    def answered(self) -> bool:
        return self._answered.is_set()

    def answer(self, value: object) -> None:
        """From the GUI thread. A second answer is ignored: the first one may already be in use."""
        if not self._answered.is_set():
            self._value = value
            self._answered.set()

    def take(self) -> object:
        """On the engine's thread: wait for the answer and drop our reference to it (it may hold PINs)."""
        self._answered.wait()
        value, self._value = self._value, None
        return value


class GuiPrompter(QObject):
    """A `Prompter` whose questions arrive as `asked(Question)` on the GUI thread."""

    asked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: Question | None = None
        self._closed = False

    @property
    def pending(self) -> Question | None:
        with self._lock:
            return self._pending

    def _ask(self, question: Question) -> object:
        with self._lock:
            if self._closed:
                return None
            self._pending = question
        self.asked.emit(question)
        try:
            return question.take()
        finally:
            with self._lock:
                self._pending = None

    def close(self) -> None:
        """No more questions: the one waiting now is answered "no" so the engine can stop."""
        with self._lock:
            self._closed = True
            pending = self._pending
        if pending is not None:
            pending.answer(None)

    # -- the Prompter protocol ------------------------------------------------------------------------

    def pins(self, request: PinRequest) -> dict[PinRole, str] | None:
        value = self._ask(Question(Ask.PINS, request=request))
        return value if isinstance(value, dict) else None

    def confirm_final_try(self, role: PinRole, *, puk: bool = False) -> bool:
        return self._ask(Question(Ask.FINAL_TRY, role=role, puk=puk)) is True

    def unblock(self, request: UnblockRequest) -> tuple[str, str] | None:
        value = self._ask(Question(Ask.UNBLOCK, role=request.role, unblock=request))
        if isinstance(value, tuple) and len(value) == 2:
            return str(value[0]), str(value[1])
        return None

    def accept_terms(self, terms: Terms) -> bool:
        return self._ask(Question(Ask.TERMS, terms=terms)) is True
