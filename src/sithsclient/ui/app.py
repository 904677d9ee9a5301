"""Starting the GUI: the application, its language, the error dialog, the wizard (and the practice panel).

`sithsclient` with no arguments, `sithsclient gui`, `sithsclient demo` and a click on the logon reminder
all come through `run()`.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sithsclient import __version__
from sithsclient.config import Config
from sithsclient.ui import i18n, single_instance
from sithsclient.ui.dialogs.exception import install_excepthook
from sithsclient.ui.first_window import FirstWindow

# The wizard, the engine and the card's code are imported only after the first window is drawn (run()).
if TYPE_CHECKING:
    from sithsclient.app.context import AppContext, PracticeControls
    from sithsclient.ui.practice_panel import PracticePanel
    from sithsclient.upgrade.journal import JournalStore

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


def prepare(language: str | None, configured_language: str | None = None, *, log_versions: bool = True) -> QApplication:
    app = application()
    i18n.install(i18n.choose(language, configured_language))
    install_excepthook()
    if log_versions:
        log_start()
    return app


def log_start() -> None:
    from sithsclient import diagnostics  # the versions of the card's libraries: it imports them

    log.info("GUI starting: %s", ", ".join(f"{k} {v}" for k, v in diagnostics.versions().items()))


class Session:
    """The windows of one run: the wizard, and in practice mode the panel beside it."""

    def __init__(self, context: AppContext, *, watch: bool = True) -> None:
        from sithsclient.ui import style
        from sithsclient.ui.practice_panel import PracticePanel
        from sithsclient.ui.wizard import UpgradeWizard

        style.show_focus()  # Tab's way seen in every window (Fusion draws none on buttons)
        self.wizard = UpgradeWizard(context, watch=watch)
        self.panel: PracticePanel | None = None
        if context.practice is not None:
            self.panel = PracticePanel(context.practice)
            panel, wizard = self.panel, self.wizard
            wizard.done_page.offer_practice_again(lambda: panel.practise_again(wizard.restart))
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


def close_on_signals(window: Callable[[], QWidget]) -> QTimer:
    """Ctrl-C and SIGTERM close the window the way its close button does: refused while the card is being
    written (the run goes on and the message says why), otherwise a clean stop of everything started.
    Qt's event loop runs no Python code by itself, so a timer gives Python a moment to see the signal.
    `window` says which window that is at the moment of the signal: the first window, then the wizard."""

    def close(_signum: int, _frame: object) -> None:
        window().close()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, close)
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def run(
    config: Config,
    *,
    language: str | None = None,
    journal_store: JournalStore | None = None,
    practice: PracticeControls | None = None,
) -> int:
    """Show the wizard and run until it is closed; returns the process exit code.

    The first window comes before the wizard's imports (see ui/first_window.py); Ctrl-C or its close button
    in that moment ends the program instead of showing the wizard."""
    if single_instance.bring_running_forward(practice=practice is not None):
        log.info("the wizard is open already: brought it forward")  # one wizard per user session
        return 0
    app = prepare(language, config.language, log_versions=False)
    first = FirstWindow(practice=practice is not None)
    current: list[QWidget] = [first]
    keep = close_on_signals(lambda: current[0])
    first.draw(app)  # painted before the imports below
    from sithsclient.app.context import AppContext
    from sithsclient.upgrade.journal import JournalStore

    log_start()
    context = AppContext(config=config, journal_store=journal_store or JournalStore(), practice=practice)
    session = Session(context)
    app.processEvents()  # a close or Ctrl-C meanwhile
    if first.closed_by_user:
        keep.stop()
        session.close()
        return 0
    if session.panel is None:  # the wizard where the first window was, which goes as the wizard comes
        session.wizard.setGeometry(first.geometry())
    session.show()
    # Only a shown wizard takes a signal's close: one closed while hidden would be shown again, shut down.
    current[0] = session.wizard
    if first.closed_by_user:  # Ctrl-C or SIGTERM came while the wizard was being shown
        keep.stop()
        session.close()
        return 0
    first.hand_over()
    opened = single_instance.OpenWizard(practice=practice is not None)
    opened.show_requested.connect(lambda: single_instance.bring_forward(session.wizard))
    opened.listen()
    app.setQuitOnLastWindowClosed(True)
    code = app.exec()
    opened.close()
    keep.stop()
    session.close()
    return code
