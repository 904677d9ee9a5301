"""Starting the GUI: the application, its language, the error dialog, the wizard (and the practice panel).

`sithsclient` with no arguments, `sithsclient gui`, `sithsclient demo` and a click on the logon reminder
all come through `run()`.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtWidgets import QApplication

from sithsclient import __version__, diagnostics
from sithsclient.ui import i18n
from sithsclient.ui.context import AppContext
from sithsclient.ui.dialogs.exception import install_excepthook
from sithsclient.ui.practice_panel import PracticePanel
from sithsclient.ui.wizard import UpgradeWizard

log = logging.getLogger(__name__)

APP_NAME = "sithsclient"


def has_display() -> bool:
    """Whether a window can be shown: a desktop session, or a Qt platform chosen explicitly (offscreen)."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


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
        self.wizard.show()
        if self.panel is not None:
            geometry = self.wizard.frameGeometry()
            self.panel.move(geometry.right() + 12, geometry.top())
            self.panel.show()

    def close(self) -> None:
        self.wizard.shutdown()
        self.wizard.close()
        if self.panel is not None:
            self.panel.shutdown()
            self.panel.close()


def run(context: AppContext, *, language: str | None = None) -> int:
    """Show the wizard and run until it is closed; returns the process exit code."""
    app = prepare(language, context.config.language)
    session = Session(context)
    session.show()
    app.setQuitOnLastWindowClosed(True)
    code = app.exec()
    session.close()
    return code
