"""The engine's questions, each on the page or dialog that answers it (PINs, terms, a final try, the PUK).

The engine asks on its own thread (ui/prompter.py); here a question is shown, and the person's answer handed
back. The wizard decides nothing about the flow from an answer: the engine's next question or step moves it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from sithsclient import texts
from sithsclient.card.layouts import PinRole
from sithsclient.ui.bridge import WatcherBridge
from sithsclient.ui.dialogs.lock import LockDialog
from sithsclient.ui.dialogs.pin_questions import FinalTryDialog, UnblockDialog
from sithsclient.ui.engine_runner import EngineRunner
from sithsclient.ui.pages.pins import PinPage
from sithsclient.ui.pages.terms import TermsPage
from sithsclient.ui.prompter import Ask, Question


class QuestionsView:
    def __init__(
        self,
        parent: QWidget,
        runner: EngineRunner,
        bridge: WatcherBridge,
        lock: LockDialog,
        pin_page: PinPage,
        terms_page: TermsPage,
        show_page: Callable[[Ask], None],
    ) -> None:
        self._parent = parent
        self._runner = runner
        self._bridge = bridge
        self._lock = lock
        self._pin_page = pin_page
        self._terms_page = terms_page
        self._show_page = show_page  # the wizard moves to the page of a PINS or TERMS question
        self.question: Question | None = None
        self.final_try_dialog: FinalTryDialog | None = None
        self.unblock_dialog: UnblockDialog | None = None
        self.organisation = ""  # named by the run's terms (an extra pair's orderer): the done page says it again
        pin_page.submitted.connect(self.answer)
        terms_page.accepted.connect(lambda: self.answer(True))

    def ask(self, question: Question) -> None:
        if question.answered:
            return
        self.question = question
        if question.kind is Ask.PINS and question.request is not None:
            self._pin_page.show_request(question.request, shared=self._shared_pin())
            self._pin_page.set_card_out(self.card_is_out())
            self._show_page(Ask.PINS)
        elif question.kind is Ask.TERMS and question.terms is not None:
            self.organisation = question.terms.organisation
            self._terms_page.show_terms(question.terms)
            self._terms_page.set_card_out(self.card_is_out())
            self._show_page(Ask.TERMS)
        elif question.kind is Ask.FINAL_TRY and question.role is not None:
            self.final_try_dialog = FinalTryDialog(self.role_subject(question.role), self._parent, puk=question.puk)
            self.final_try_dialog.answered.connect(self.answer)
            self.final_try_dialog.open()
        elif question.kind is Ask.UNBLOCK and question.unblock is not None:
            request = question.unblock
            self.unblock_dialog = UnblockDialog(
                self.role_subject(request.role), self._parent, puk=request.puk, problem=request.problem
            )
            self.unblock_dialog.answered.connect(self.answer)
            self.unblock_dialog.open()

    def answer(self, value: object) -> None:
        question, self.question = self.question, None
        if question is None:
            return
        question.answer(value)
        card = self._runner.card
        if card is not None and self.card_is_out() and value:
            # The engine will find the card gone and wait: say so now, not after its first failed command.
            self._lock.show_removed(card.serial, card.reader)

    def forget(self) -> None:
        """The run ended, or the person stopped at a question: no answer is wanted any more."""
        self.question = None
        for dialog in (self.final_try_dialog, self.unblock_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.done(0)

    def card_is_out(self) -> bool:
        card = self._runner.card
        return card is not None and self._bridge.card_in(card.reader) is False

    def pin_name(self, role: PinRole) -> str:
        return texts.role_name(role, shared=self._shared_pin())

    def role_subject(self, role: PinRole) -> str:
        return texts.role_subject(role, shared=self._shared_pin())

    def _shared_pin(self) -> bool:
        card = self._runner.card
        return card is not None and card.shared_pin
