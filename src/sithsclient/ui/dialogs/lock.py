"""The card lock: covers the wizard the moment the card leaves the reader during the upgrade.

It cannot be closed by the user (Esc, the window's close button): only the same card coming back closes it
(the engine's `Resumed`), or stopping the upgrade, which the engine refuses once old certificates are being
deleted. Another card in the reader is refused, and the lock says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sithsclient import texts
from sithsclient.ui.widgets.common import Notice, Tone, announce, code_label, heading, text_label


class LockDialog(QDialog):
    stop_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Put the card back"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAccessibleName(self.tr("Put the card back"))
        self._releasing = False
        self._said = ""  # what a screen reader was told last: the watcher and the engine both report a pull
        self.title = heading(self.tr("Put the card back"))
        self.message = text_label()
        self.wrong = Notice(Tone.ERROR)
        self.wrong.setVisible(False)
        self.code = code_label()
        self.stop_note = text_label()
        self.stop = QPushButton(self.tr("&Stop the upgrade"))
        self.stop.setAutoDefault(False)
        self.stop.clicked.connect(self.stop_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.wrong)
        layout.addWidget(self.code)
        layout.addWidget(self.stop_note)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def show_removed(self, serial: str, reader: str) -> None:
        self.message.setText(
            self.tr(
                "The card was taken out of the reader. Put the same card (number {serial}) back in the reader "
                "\u201c{reader}\u201d: the upgrade goes on by itself. Nothing is sent to the card while it is out."
            ).format(serial=serial, reader=reader or "–")
        )
        self.wrong.set_text("")
        self.wrong.setVisible(False)
        self.code.setText(texts.code_line("card.removed"))
        self.stop_note.setText("")
        self.stop.setEnabled(True)
        self._open()

    def show_wrong_card(self, serial: str) -> None:
        self.wrong.set_text(
            self.tr(
                "The card in the reader is another card, so it was not used. Take it out and put back your own "
                "card (number {serial})."
            ).format(serial=serial),
            Tone.ERROR,
        )
        self.code.setText(texts.code_line("card.wrong_card"))
        self._open()

    def refuse_stop(self) -> None:
        """The engine is deleting the old certificates: it must finish on this card."""
        self.stop_note.setText(
            self.tr("The upgrade cannot be stopped now: the old certificates are being deleted. Put the card back.")
        )
        self.stop.setEnabled(False)

    def _open(self) -> None:
        if not self.isVisible():
            self.open()
        self.adjustSize()  # the wrong-card box came or went: fit the words, never clip them
        self.raise_()
        said = f"{self.title.text()}\n{self.wrong.text() if self.wrong.isVisible() else self.message.text()}"
        if said != self._said:
            announce(self, said, assertive=True)
            self._said = said

    def release(self) -> None:
        """The card is back (or the run ended): close the lock."""
        self._releasing = True
        self._said = ""
        try:
            self.done(QDialog.DialogCode.Accepted)
        finally:
            self._releasing = False

    def reject(self) -> None:
        if self._releasing:
            super().reject()
        # Esc does nothing: only the card coming back closes the lock

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._releasing:
            event.accept()
        else:
            event.ignore()
