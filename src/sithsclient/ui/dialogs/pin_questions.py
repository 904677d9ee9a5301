"""The engine's two PIN questions that need a dialog: the hard stop before a final try (of a PIN or of the PUK),
and the PUK.

Both are window-modal and non-blocking (`open()`), and answer through `answered`, so the GUI thread never
waits and a test can press their buttons like a user.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sithsclient import texts
from sithsclient.card.errors import CardError, PinState, PinStatus
from sithsclient.ui.widgets.common import ChoiceBox, Notice, Tone, heading, text_label
from sithsclient.ui.widgets.pin_edit import PIN_LENGTH, PUK_LENGTH, PinEdit


class FinalTryDialog(QDialog):
    """A stop, not a formality: the safe answer is the default one, and Esc gives it too."""

    answered = Signal(bool)

    def __init__(self, role_name: str, parent: QWidget, *, puk: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("One try left"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if puk:  # the PUK that unblocks `role_name`: a blocked PUK is a matter for the card office
            self.title = heading(self.tr("The PUK code has one try left"))
            self.message = text_label(
                self.tr(
                    "If this PUK code is wrong too, the PUK code is blocked as well, and only your local card office "
                    "can help. Nothing has been sent to the card yet.\n\nOnly go on if you are sure the PUK code is "
                    "right, for example because you have it from your code envelope."
                )
            )
        else:
            self.title = heading(self.tr("{name} has one try left").format(name=role_name))
            self.message = text_label(
                self.tr(
                    "If this PIN code is wrong too, it is blocked. Unblocking needs your PUK code, and a new PUK code "
                    "costs 150 kr. Nothing has been sent to the card yet.\n\nOnly go on if you are sure the PIN "
                    "code is right, for example because you have it from your code envelope."
                )
            )
        self.help = text_label(texts.tr(texts.CONTACT_PUK))
        self.stop = QPushButton(self.tr("&Cancel"))
        self.go_on = QPushButton(self.tr("&Try this PUK code anyway") if puk else self.tr("&Try this PIN code anyway"))
        self.stop.setDefault(True)
        self.stop.clicked.connect(lambda: self._answer(False))
        self.go_on.clicked.connect(lambda: self._answer(True))
        box = QDialogButtonBox()
        box.addButton(self.stop, QDialogButtonBox.ButtonRole.RejectRole)
        box.addButton(self.go_on, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.help)
        layout.addWidget(box)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._done = False

    def _answer(self, go_on: bool) -> None:
        if not self._done:
            self._done = True
            self.answered.emit(go_on)
        self.done(QDialog.DialogCode.Accepted if go_on else QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        self._answer(False)


class UnblockDialog(QDialog):
    """PUK and a new PIN twice. Answers (puk, new_pin), or None when the user stops. Shown again after a wrong
    PUK with `problem`; `puk` is the PUK's tries left as the card tells them."""

    answered = Signal(object)

    def __init__(
        self,
        role_name: str,
        parent: QWidget,
        *,
        blocked: bool = True,
        puk: PinStatus | None = None,
        problem: CardError | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unblock the PIN code"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.title = heading(
            self.tr("{name} is blocked").format(name=role_name)
            if blocked
            else self.tr("Unblock {name}").format(name=role_name)
        )
        self.message = text_label(
            self.tr(
                "You can unblock it with the PUK code from your code envelope and choose a new PIN code. "
                "The PUK code has {puk} digits, the PIN code {pin}."
            ).format(puk=PUK_LENGTH, pin=PIN_LENGTH)
        )
        self.puk = PinEdit(PUK_LENGTH)
        self.new_pin = PinEdit(PIN_LENGTH)
        self.again = PinEdit(PIN_LENGTH)
        for field, name in (
            (self.puk, self.tr("PUK code")),
            (self.new_pin, self.tr("New PIN code")),
            (self.again, self.tr("New PIN code again")),
        ):
            field.setAccessibleName(name)
            field.textChanged.connect(self._update)
            field.hint_changed.connect(self._hint)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field, text in (
            (self.puk, self.tr("&PUK code:")),
            (self.new_pin, self.tr("&New PIN code:")),
            (self.again, self.tr("New PIN code &again:")),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.problem = Notice(Tone.ERROR)
        self.problem.setVisible(False)
        # Why it is asked again (a wrong PUK), and the PUK's tries left where the card tells them.
        self.wrong = Notice(Tone.ERROR, texts.pin_problem_text(problem) if problem is not None else "")
        self.wrong.setAccessibleName(self.tr("Problem with the PUK code"))
        self.wrong.setVisible(problem is not None)
        told = puk is not None and puk.state is not PinState.UNKNOWN
        self.tries = text_label(
            self.tr("PUK code: {tries}").format(tries=texts.puk_status_text(puk))
            if puk is not None and told and problem is None
            else ""
        )
        self.tries.setVisible(bool(self.tries.text()))
        final = puk is not None and puk.state is PinState.FINAL_TRY
        self.final_warning = Notice(
            Tone.WARNING,
            self.tr(
                "The PUK code has one try left. If it is wrong, the PUK code is blocked as well and only your local "
                "card office can help. Type it only if you are sure of it."
            )
            if final
            else "",
        )
        self.final_warning.setVisible(final)
        self.help = text_label(texts.tr(texts.CONTACT_PUK))
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(self.tr("&Unblock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(self.tr("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self._accept)
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.wrong)
        layout.addWidget(self.final_warning)
        layout.addLayout(form)
        layout.addWidget(self.tries)
        layout.addWidget(self.problem)
        layout.addWidget(self.help)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._done = False
        self._update()
        self.puk.setFocus()

    def _hint(self, hint: str) -> None:
        self.problem.set_text(hint, Tone.WARNING)

    def _update(self) -> None:
        complete = self.puk.is_complete() and self.new_pin.is_complete() and self.again.is_complete()
        differ = self.again.is_complete() and self.new_pin.text() != self.again.text()
        if differ:
            self.problem.set_text(self.tr("The two new PIN codes differ."), Tone.ERROR)
        elif not self.puk.hint and not self.new_pin.hint and not self.again.hint:
            self.problem.set_text("")
        self.ok.setEnabled(complete and not differ)

    def _accept(self) -> None:
        if not self.ok.isEnabled() or self._done:
            return
        self._done = True
        answer = (self.puk.text(), self.new_pin.text())
        for field in (self.puk, self.new_pin, self.again):
            field.wipe()
        self.answered.emit(answer)
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        for field in (self.puk, self.new_pin, self.again):
            field.wipe()
        if not self._done:
            self._done = True
            self.answered.emit(None)
        super().reject()


class ChangePinDialog(QDialog):
    """Old PIN, new PIN twice, for one of the card's PINs. Answers (role index, old, new) or None."""

    answered = Signal(object)

    def __init__(self, role_names: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change PIN code"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.title = heading(self.tr("Change PIN code"))
        self.role = ChoiceBox()
        self.role.addItems(role_names)
        self.role.setAccessibleName(self.tr("Which PIN code"))
        self.role.setVisible(len(role_names) > 1)
        self.old = PinEdit(PIN_LENGTH)
        self.new_pin = PinEdit(PIN_LENGTH)
        self.again = PinEdit(PIN_LENGTH)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if len(role_names) > 1:
            label = QLabel(self.tr("&Which PIN code:"))
            label.setBuddy(self.role)
            form.addRow(label, self.role)
        for field, text, name in (
            (self.old, self.tr("&Current PIN code:"), self.tr("Current PIN code")),
            (self.new_pin, self.tr("&New PIN code:"), self.tr("New PIN code")),
            (self.again, self.tr("New PIN code &again:"), self.tr("New PIN code again")),
        ):
            field.setAccessibleName(name)
            field.textChanged.connect(self._update)
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.problem = Notice(Tone.ERROR)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(self.tr("C&hange"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self._accept)
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        self._update()

    def _update(self) -> None:
        differ = self.again.is_complete() and self.new_pin.text() != self.again.text()
        self.problem.set_text(self.tr("The two new PIN codes differ.") if differ else "", Tone.ERROR)
        self.ok.setEnabled(
            self.old.is_complete() and self.new_pin.is_complete() and self.again.is_complete() and not differ
        )

    def _accept(self) -> None:
        if not self.ok.isEnabled():
            return
        answer = (self.role.currentIndex(), self.old.text(), self.new_pin.text())
        for field in (self.old, self.new_pin, self.again):
            field.wipe()
        self.answered.emit(answer)
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        for field in (self.old, self.new_pin, self.again):
            field.wipe()
        super().reject()
