"""An unexpected error shows a calm dialog with the log's location and the details behind a button, never a
bare traceback; and the Qt runtime does not corrupt reference counts as signals flow (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sithsclient import logs
from sithsclient.ui import i18n
from sithsclient.ui.dialogs.exception import ExceptionDialog, install_excepthook, show_exception
from tests.ui.driver import click, visible_text


def test_unexpected_error_dialog_shows_what_to_do_and_the_details_on_request(qtbot: QtBot, qapp: object) -> None:
    i18n.install("sv")
    try:
        raise ValueError("a bug the user should never see as a traceback")
    except ValueError:
        dialog = show_exception(*sys.exc_info())
    assert isinstance(dialog, ExceptionDialog)
    qtbot.addWidget(dialog)
    shown = visible_text(dialog)
    assert "Programmet stötte på ett fel det inte räknade med" in shown
    assert "Ditt kort är inte skadat" in shown
    assert str(logs.log_file()) in shown
    assert "Traceback" not in shown  # the details stay behind a button
    click(qtbot, dialog.toggle)
    details = dialog.details.toPlainText()
    assert dialog.details.isVisible() and "Traceback" in details and "ValueError" in details
    assert "sithsclient:" in details and "PySide6-Essentials:" in details  # versions, for the ticket
    click(qtbot, dialog.copy)
    assert QApplication.clipboard().text() == details


def test_the_installed_hook_opens_the_dialog(qtbot: QtBot, qapp: object) -> None:
    saved = sys.excepthook
    try:
        install_excepthook()
        try:
            raise RuntimeError("escaped from a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = saved
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ExceptionDialog) and w.isVisible()]
    assert len(dialogs) == 1
    assert "RuntimeError: escaped from a slot" in dialogs[0].details.toPlainText()
    dialogs[0].close()


def test_signals_keep_reference_counts(qapp: object) -> None:
    class Emitter(QObject):
        ticked = Signal(int)
        carried = Signal(object)

    emitter = Emitter()
    seen: list[object] = []
    emitter.ticked.connect(seen.append)
    emitter.carried.connect(seen.append)
    before = (sys.getrefcount(True), sys.getrefcount(None))
    for n in range(2000):
        emitter.ticked.emit(n)
        emitter.carried.emit(None)
    seen.clear()
    assert (sys.getrefcount(True), sys.getrefcount(None)) == before
