"""The first page's PIN tools as a view: change a PIN, unblock it with the PUK, outside an upgrade.

What is done to the card is `app.pin_tools`; here are the dialogs, the card queue it runs on, and the note on
the card page afterwards. The dialogs belong to the wizard (their parent), as the engine's own questions do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from sithsclient import texts
from sithsclient.app import pin_tools
from sithsclient.card.errors import (
    CardError,
    PinFinalTryError,
    PinFormatError,
    PinState,
    PinStatus,
    PukFinalTryError,
    PukIncorrectError,
)
from sithsclient.card.interface import SmartCard
from sithsclient.card.layouts import PinRole
from sithsclient.ui.dialogs.pin_questions import ChangePinDialog, FinalTryDialog, UnblockDialog
from sithsclient.ui.pages.card import CardPage
from sithsclient.ui.tasks import TaskQueue
from sithsclient.ui.widgets.common import Tone

log = logging.getLogger(__name__)


class PinToolsView:
    def __init__(self, parent: QWidget, card_page: CardPage, card_queue: TaskQueue, refresh: Callable[[], None]):
        self.parent = parent
        self.card_page = card_page
        self.card_queue = card_queue
        self.refresh = refresh
        self.change_pin_dialog: ChangePinDialog | None = None
        self.final_try_dialog: FinalTryDialog | None = None
        self.unblock_dialog: UnblockDialog | None = None

    def _selected_card(self) -> SmartCard | None:
        snapshot = self.card_page.selected()
        return snapshot.card if snapshot is not None else None

    def change_pin(self, *, busy: bool) -> None:
        card = self._selected_card()
        if card is None or busy:
            return
        roles = pin_tools.changeable_roles(card, self.card_page.selected())
        if not roles:
            return
        names = [texts.role_name(r, shared=card.shared_pin) for r in roles]
        self.change_pin_dialog = ChangePinDialog(names, self.parent)

        def changed(answer: object) -> None:
            assert isinstance(answer, tuple)
            index, old, new = answer
            self._run_change(card, roles[index], old, new, confirmed=False)

        self.change_pin_dialog.answered.connect(changed)
        self.change_pin_dialog.open()

    def _run_change(self, card: SmartCard, role: PinRole, old: str, new: str, *, confirmed: bool) -> None:
        self.card_page.set_busy(True)

        def failed(exc: Exception) -> None:
            self.card_page.set_busy(False)
            if isinstance(exc, PinFinalTryError) and not confirmed:
                dialog = FinalTryDialog(texts.role_subject(role, shared=card.shared_pin), self.parent)
                self.final_try_dialog = dialog
                dialog.answered.connect(
                    lambda go_on: self._run_change(card, role, old, new, confirmed=True) if go_on else self.refresh()
                )
                dialog.open()
                return
            self._failed(exc)

        self.card_queue.run(
            lambda: pin_tools.change_pin(card, role, old, new, final_try_confirmed=confirmed),
            # In the wizard's translation context ("UpgradeWizard" in sithsclient_sv.ts), where they were first.
            lambda _none: self._done(QCoreApplication.translate("UpgradeWizard", "The PIN code was changed.")),
            failed,
        )

    def unblock(self, *, busy: bool) -> None:
        card = self._selected_card()
        if card is None or busy:
            return
        self._ask_puk(card, pin_tools.role_to_unblock(card, self.card_page.selected()), None)

    def _ask_puk(self, card: SmartCard, role: PinRole, problem: CardError | None) -> None:
        """The PUK dialog with the PUK's tries left (read first: no try is spent), again after a wrong PUK."""
        self.card_page.set_busy(True)

        def read(status: object) -> None:
            assert isinstance(status, PinStatus)
            self._show_unblock(card, role, status, problem)

        self.card_queue.run(lambda: pin_tools.puk_status(card, role), read, self._failed)

    def _show_unblock(self, card: SmartCard, role: PinRole, status: PinStatus, problem: CardError | None) -> None:
        self.card_page.set_busy(False)
        if status.state is PinState.LOCKED:
            self._failed(PukIncorrectError(status))
            return
        subject = texts.role_subject(role, shared=card.shared_pin)
        self.unblock_dialog = UnblockDialog(subject, self.parent, puk=status, problem=problem)

        def given(answer: object) -> None:
            if isinstance(answer, tuple):
                puk, new = answer
                self._run_unblock(card, role, puk, new, confirmed=False)

        self.unblock_dialog.answered.connect(given)
        self.unblock_dialog.open()

    def _run_unblock(self, card: SmartCard, role: PinRole, puk: str, new: str, *, confirmed: bool) -> None:
        self.card_page.set_busy(True)

        def failed(exc: Exception) -> None:
            self.card_page.set_busy(False)
            if isinstance(exc, PukFinalTryError) and not confirmed:
                dialog = FinalTryDialog(texts.role_subject(role, shared=card.shared_pin), self.parent, puk=True)
                self.final_try_dialog = dialog
                dialog.answered.connect(
                    lambda go_on: self._run_unblock(card, role, puk, new, confirmed=True) if go_on else self.refresh()
                )
                dialog.open()
                return
            wrong = isinstance(exc, PukIncorrectError) and exc.status.state is not PinState.LOCKED
            if wrong or isinstance(exc, PinFormatError):
                assert isinstance(exc, CardError)
                self._ask_puk(card, role, exc)  # typed again, with the tries it has left
                return
            self._failed(exc)

        self.card_queue.run(
            lambda: pin_tools.unblock_pin(card, role, puk, new, final_try_confirmed=confirmed),
            lambda _none: self._done(
                QCoreApplication.translate("UpgradeWizard", "The PIN code is unblocked and has the new value.")
            ),
            failed,
        )

    def _done(self, message: str) -> None:
        self.card_page.set_busy(False)
        self.card_page.show_note(message, Tone.SUCCESS)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self.card_page.set_busy(False)
        if isinstance(exc, CardError):
            text = (
                texts.pin_problem_text(exc) if exc.code == "pin.incorrect" else texts.error_text(exc.code, exc.message)
            )
            self.card_page.show_note(f"{text}\n{texts.code_line(exc.code)}", Tone.ERROR)
        else:
            log.error("PIN tool failed", exc_info=exc)
            self.card_page.show_note(texts.error_text("internal.error"), Tone.ERROR)
        self.refresh()
