"""The order of an extra certificate pair: the reference and the one-time code the other organisation gave.

Window-modal and non-blocking like the PIN dialogs; answers (reference, code) through `answered`, or None. The
code is shown while it is typed (it is copied from paper, where a hidden typo would cost one of its few tries)
and hidden once the field is left; it goes to the engine and is cleared from the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from sithsclient.app.snapshot import CardSnapshot
from sithsclient.ui.widgets.common import Notice, Tone, heading, text_label
from sithsclient.upgrade.extra import EXTRA_PAIR, ExtraOrder

_REFERENCE = re.compile(r"ORD-[A-Z0-9]{4,}")


class ExtraOrderDialog(QDialog):
    answered = Signal(object)

    def __init__(self, parent: QWidget, *, reference: str = "", holder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Certificates from another organisation"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.title = heading(self.tr("Add certificates from another organisation"))
        self.message = text_label(
            self.tr(
                "If you also work for another organisation, you can use this card there too. That organisation's "
                "card office orders a certificate pair for you (for logging in and for signing) and gives you a "
                "reference and a one-time code. The pair is added to the card; your own certificates are not "
                "changed. A card can hold only one extra certificate pair."
            )
        )
        self.reference = QLineEdit(reference)
        self.reference.setPlaceholderText("ORD-XXXXXXXX")
        self.reference.setAccessibleName(self.tr("Reference"))
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.code.setAccessibleName(self.tr("One-time code"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field, text in ((self.reference, self.tr("&Reference:")), (self.code, self.tr("One-time &code:"))):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
            field.textChanged.connect(self._update)
        self.resuming = Notice(Tone.INFO)
        self.resuming.set_text(
            self.tr("The pair of this order was begun on this card; it goes on where it stopped.") if reference else ""
        )
        self.help = text_label(
            self.tr(
                "A code typed wrongly too many times stops working; then ask that organisation's card office for a "
                "new order. Your PIN codes are asked next, as for the upgrade."
            )
        )
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(self.tr("&Add the certificates"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._accept)
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        if holder:
            layout.addWidget(text_label(self.tr("Card of {holder}.").format(holder=holder)))
        layout.addLayout(form)
        layout.addWidget(self.resuming)
        layout.addWidget(self.help)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        (self.code if reference else self.reference).setFocus()
        self._done = False
        self._update()

    def typed(self) -> tuple[str, str]:
        """(reference, code) as the engine takes them: spaces and letter case forgiven."""
        return self.reference.text().strip().upper(), "".join(self.code.text().split()).upper()

    def _update(self) -> None:
        reference, code = self.typed()
        self.ok.setEnabled(_REFERENCE.fullmatch(reference) is not None and len(code.replace("-", "")) >= 8)

    def _accept(self) -> None:
        if not self.ok.isEnabled() or self._done:
            return
        self._done = True
        answer = self.typed()
        self.code.clear()  # it lives on in the engine for the run only
        self.answered.emit(answer)
        self.accept()

    def reject(self) -> None:
        if not self._done:
            self._done = True
            self.code.clear()
            self.answered.emit(None)
        super().reject()


def ask_for_order(
    parent: QWidget, snapshot: CardSnapshot, reference: str, given: Callable[[ExtraOrder], None]
) -> ExtraOrderDialog:
    """Open the order dialog for the card of `snapshot`: its reference is `reference`, else the card's unfinished
    extra-pair order's (so a second try needs only the code); `given` gets the order typed."""
    if not reference:
        unfinished = snapshot.unfinished_run(EXTRA_PAIR.kind)
        reference = unfinished.reference if unfinished is not None else ""
    dialog = ExtraOrderDialog(parent, reference=reference, holder=snapshot.holder)

    def answered(answer: object) -> None:
        if isinstance(answer, tuple):
            typed_reference, code = answer
            given(ExtraOrder(typed_reference, code))

    dialog.answered.connect(answered)
    dialog.open()
    return dialog
