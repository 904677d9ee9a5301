"""When something unexpected happens: a calm dialog with what to do, the log's location, and the details
(versions and traceback) behind a button, with a copy button for the ticket. Never a bare traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from sithsclient import logs
from sithsclient.ui.widgets.common import heading, text_label

log = logging.getLogger(__name__)


def details_of(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    from sithsclient import diagnostics  # the card's code: not loaded before the first window for this

    versions = "\n".join(f"{k}: {v}" for k, v in diagnostics.versions().items())
    trace = "".join(traceback.format_exception(kind, value, tb))
    return f"{versions}\n\n{trace}"


class ExceptionDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.title = heading(self.tr("The program met an error it did not expect"))
        self.message = text_label(
            self.tr(
                "Your card is safe: the upgrade never deletes the old certificates before the new ones work, and "
                "it saves its progress, so you can start the program again and go on. Please send the details "
                "below to your local IT support."
            )
        )
        self.log = text_label(self.tr("The log is in {path}").format(path=logs.log_file()), selectable=True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName(self.tr("Details"))
        self.details.setVisible(False)
        buttons = QDialogButtonBox()
        self.toggle = buttons.addButton(self.tr("Show &details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy = buttons.addButton(self.tr("&Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(self.tr("C&lose"), QDialogButtonBox.ButtonRole.RejectRole)
        self.toggle.clicked.connect(self._toggle)
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.log)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _toggle(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self.toggle.setText(self.tr("Hide &details") if self.details.isVisible() else self.tr("Show &details"))
        self.adjustSize()


_open_dialogs: list[ExceptionDialog] = []


def show_exception(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> ExceptionDialog | None:
    """Log it, then show the dialog if there is a GUI; returns the dialog (tests look at it)."""
    log.error("unexpected error", exc_info=(kind, value, tb))
    if QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return None
    dialog = ExceptionDialog(details_of(kind, value, tb))
    _open_dialogs.append(dialog)
    dialog.finished.connect(lambda _result: _open_dialogs.remove(dialog))
    dialog.open()
    return dialog


def install_excepthook() -> None:
    """Errors that escape a slot or event handler reach sys.excepthook: show them instead of a console dump."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        show_exception(kind, value, tb)

    sys.excepthook = hook
