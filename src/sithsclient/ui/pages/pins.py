"""The PIN page: one field per PIN the card has (one on a PIV card, two on a Net iD card).

Each field is masked, takes digits only and must hold exactly six before Next is possible, so a mistyped
PIN never costs a try. The tries left are shown when the card tells them, and a wrong PIN brings the user
back here with the count. The PINs leave the fields the moment they are handed to the engine.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from sithsclient import advice, texts
from sithsclient.card.errors import PinState
from sithsclient.card.layouts import PinRole
from sithsclient.ui.widgets.common import Notice, Tone, announce, navigating, scrolling, text_label
from sithsclient.ui.widgets.pin_edit import PIN_LENGTH, PinEdit
from sithsclient.upgrade.prompts import PinRequest


class PinPage(QWizardPage):
    submitted = Signal(object)  # dict[PinRole, str]

    def __init__(self, contacts: dict[advice.Helper, advice.Contact] | None = None) -> None:
        super().__init__()
        self.setTitle(self.tr("PIN codes"))
        self.setSubTitle(self.tr("The upgrade needs the PIN codes of your card to make new keys on it."))
        self.fields: dict[PinRole, PinEdit] = {}
        self.statuses: dict[PinRole, QLabel] = {}
        self._checking = False
        self._shared = False

        self.intro = text_label()
        self.problem = Notice(Tone.ERROR)
        self.problem.setAccessibleName(self.tr("Problem with the PIN code"))
        self.final_warning = Notice(Tone.WARNING)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Every style alike (Fusion grows fields, others keep them at their size hint): the column under a
        # field gets the form's whole width.
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.keyboard_hint = Notice(Tone.WARNING)
        self.keyboard_hint.setAccessibleName(self.tr("Keyboard hint"))
        self.where = text_label(texts.contact_for("pin.incorrect", contacts))
        self.card_out = Notice(Tone.ERROR)
        self.checking = text_label()
        # Once the placeholder "6 digits" is gone, a grey button alone does not say why: say how far it is.
        self.typed = text_label()
        self.typed.setAccessibleDescription(self.tr("Digits typed"))

        layout = scrolling(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addWidget(self.final_warning)
        layout.addWidget(self.form_host)
        layout.addWidget(self.typed)
        layout.addWidget(self.keyboard_hint)
        layout.addWidget(self.card_out)
        layout.addWidget(self.checking)
        layout.addStretch(1)
        layout.addWidget(self.where)
        for notice in (self.problem, self.final_warning, self.keyboard_hint, self.card_out):
            notice.setVisible(False)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Continue"))

    # -- what the wizard tells the page ------------------------------------------------------------------

    def show_request(self, request: PinRequest, *, shared: bool) -> None:
        """Ask for the PINs of `request.roles`, saying why if this is a second time. `shared`: the card has one
        PIN for both uses (PIV); otherwise a request for one role is a Net iD card asking again for that one."""
        self._checking = False
        self.checking.setText("")
        if set(request.roles) != set(self.fields) or shared != self._shared:
            self._build_fields(request.roles, shared)
        if shared:
            intro = self.tr("Type the PIN code of your card. It is the same PIN code for logging in and for signing.")
        elif len(request.roles) > 1:
            intro = self.tr("Type both PIN codes of your card: the one for logging in and the one for signing.")
        elif request.problem is not None:
            intro = self.tr("Type the {name} again.").format(name=texts.role_name(request.roles[0]))
        else:  # the other PIN is given already (unblocked with the PUK just now): this one was never typed
            intro = self.tr("Type the {name}.").format(name=texts.role_name(request.roles[0]))
        self.intro.setText(intro)
        final = []
        for role in request.roles:
            status = request.statuses.get(role)
            wrong = request.problem is not None and getattr(request.problem, "role", None) in (role, None)
            self.statuses[role].setText(texts.pin_status_text(status, after_wrong=wrong) if status is not None else "")
            if status is not None and status.state is PinState.FINAL_TRY:
                final.append(texts.role_subject(role, shared=shared))
        self.final_warning.set_text(
            self.tr(
                "{names}: one try left. A wrong PIN code now blocks it, and a new PUK code costs 150 kr. "
                "Only go on if you are sure of the PIN code."
            ).format(names=", ".join(final))
            if final
            else "",
            Tone.WARNING,
        )
        self.problem.set_text(
            texts.pin_problem_text(request.problem, shared=shared) if request.problem else "", Tone.ERROR
        )
        announce(
            self.problem, "\n".join(n.text() for n in (self.problem, self.final_warning) if n.text()), assertive=True
        )
        for field in self.fields.values():
            field.wipe()
            field.setEnabled(True)
        self._show_typed()  # the fields may be new ones: no count left over from the ones before
        self._focus_first()
        # Once the wizard shows this page and a dialog before it (the PUK's) has given the window back.
        QTimer.singleShot(0, self._focus_first)
        self.completeChanged.emit()

    def _focus_first(self) -> None:
        first = next(iter(self.fields.values()), None)
        if first is None or not first.isEnabled():
            return
        if self.isVisible() and QApplication.activeWindow() is None:
            # The PUK's dialog closed and gave the window back to no one: the person goes on typing here.
            self.window().activateWindow()
        first.setFocus()

    def set_card_out(self, out: bool) -> None:
        self.card_out.set_text(
            self.tr("The card is not in the reader. Put it back before you continue.") if out else "", Tone.ERROR
        )

    def pins(self) -> dict[PinRole, str]:
        return {role: field.text() for role, field in self.fields.items()}

    def wipe(self) -> None:
        for field in self.fields.values():
            field.wipe()

    # -- building ----------------------------------------------------------------------------------------

    def _build_fields(self, roles: list[PinRole], shared: bool) -> None:
        self._shared = shared
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        self.statuses.clear()
        for role in roles:
            field = PinEdit(PIN_LENGTH)
            name = texts.role_name(role, shared=shared)
            field.setAccessibleName(name)
            field.setAccessibleDescription(self.tr("{n} digits").format(n=PIN_LENGTH))
            field.textChanged.connect(self.completeChanged)
            field.textChanged.connect(self._show_typed)
            field.hint_changed.connect(self._show_hint)
            field.returnPressed.connect(self._enter)
            label = QLabel(f"&{name}:" if len(roles) == 1 else f"{name}:")
            label.setBuddy(field)
            label.setWordWrap(True)
            status = text_label()
            status.setAccessibleDescription(self.tr("Tries left"))
            # The tries left on one line under the field, as wide as the form's field column: wrapped inside a
            # nested layout, "A wrong PIN was entered before" got the height of one line and was cut off.
            status.setWordWrap(False)
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(field)
            column.addWidget(status)
            self.form.addRow(label, column)
            self.fields[role] = field
            self.statuses[role] = status
        previous: QWidget | None = None
        for field in self.fields.values():
            if previous is not None:
                QWidget.setTabOrder(previous, field)
            previous = field

    def _show_typed(self) -> None:
        partial = [
            (texts.role_name(role, shared=self._shared), len(field.text()))
            for role, field in self.fields.items()
            if 0 < len(field.text()) < PIN_LENGTH
        ]
        if not partial:
            self.typed.setText("")
        elif len(self.fields) == 1:
            self.typed.setText(
                self.tr("A PIN code has {n} digits: {typed} typed so far.").format(n=PIN_LENGTH, typed=partial[0][1])
            )
        else:
            self.typed.setText(
                "\n".join(
                    self.tr("{name}: {typed} of {n} digits typed.").format(name=name, typed=typed, n=PIN_LENGTH)
                    for name, typed in partial
                )
            )

    def _show_hint(self, hint: str) -> None:
        self.keyboard_hint.set_text(hint, Tone.WARNING)

    def _enter(self) -> None:
        """Enter in the last field is Next; in another field it moves on, as people expect on a form."""
        fields = list(self.fields.values())
        sender = self.focusWidget()
        if sender in fields and sender is not fields[-1]:
            fields[fields.index(sender) + 1].setFocus()

    # -- QWizardPage -------------------------------------------------------------------------------------

    def isComplete(self) -> bool:
        return bool(self.fields) and not self._checking and all(f.is_complete() for f in self.fields.values())

    def validatePage(self) -> bool:
        if navigating(self):
            return True
        if self.isComplete():
            pins = self.pins()
            self.wipe()  # the PINs now live only in the engine, for the run
            self._checking = True
            for field in self.fields.values():
                field.setEnabled(False)
            self.problem.set_text("")
            self.checking.setText(self.tr("Checking the PIN code with the card…"))
            self.completeChanged.emit()
            self.submitted.emit(pins)
        return False
