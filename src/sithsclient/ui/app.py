"""Starting the GUI: the application, its language, the error dialog, the wizard (and the practice panel).

`sithsclient` with no arguments, `sithsclient gui`, `sithsclient demo` and a click on the logon reminder
all come through `run()`.
"""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sithsclient import __version__, diagnostics
from sithsclient.app.context import AppContext
from sithsclient.ui import i18n
from sithsclient.ui.dialogs.exception import install_excepthook
from sithsclient.ui.practice_panel import PracticePanel
from sithsclient.ui.wizard import UpgradeWizard

log = logging.getLogger(__name__)

APP_NAME = "sithsclient"


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("sithsclient")
    return app


def prepare(language: str | None, configured_language: str | None = None) -> QApplication:
    app = application()
    i18n.install(i18n.choose(language, configured_language))
    install_excepthook()
    log.info("GUI starting: %s", ", ".join(f"{k} {v}" for k, v in diagnostics.versions().items()))
    return app


class Session:
    """The windows of one run: the wizard, and in practice mode the panel beside it."""

    def __init__(self, context: AppContext, *, watch: bool = True) -> None:
        self.wizard = UpgradeWizard(context, watch=watch)
        self.panel: PracticePanel | None = None
        if context.practice is not None:
            self.panel = PracticePanel(context.practice)
            self.wizard.finished.connect(self.panel.close)
            self.wizard.destroyed.connect(self.panel.close)

    def show(self) -> None:
        if self.panel is None:
            self.wizard.show()
            return
        # Side by side, the pair centred on the screen: the panel must stay reachable while the lock is up.
        self.panel.adjustSize()
        gap = 12
        width = self.wizard.width() + gap + self.panel.width()
        screen = self.wizard.screen()
        area = screen.availableGeometry() if screen is not None else None
        if area is not None:
            left = area.left() + max(0, (area.width() - width) // 2)
            top = area.top() + max(0, (area.height() - self.wizard.height()) // 2)
            self.wizard.move(left, top)
            self.panel.move(left + self.wizard.width() + gap, top)
        self.wizard.show()
        self.panel.show()

    def close(self) -> None:
        self.wizard.shutdown()
        self.wizard.close()
        if self.panel is not None:
            self.panel.shutdown()
            self.panel.close()


def close_on_signals(session: Session) -> QTimer:
    """Ctrl-C and SIGTERM close the window the way its close button does: refused while the card is being
    written (the run goes on and the message says why), otherwise a clean stop of everything started.
    Qt's event loop runs no Python code by itself, so a timer gives Python a moment to see the signal."""

    def close(_signum: int, _frame: object) -> None:
        session.wizard.close()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, close)
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def run(context: AppContext, *, language: str | None = None) -> int:
    """Show the wizard and run until it is closed; returns the process exit code."""
    app = prepare(language, context.config.language)
    session = Session(context)
    session.show()
    app.setQuitOnLastWindowClosed(True)
    keep = close_on_signals(session)
    code = app.exec()
    keep.stop()
    session.close()
    return code
