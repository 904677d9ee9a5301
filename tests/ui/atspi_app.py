"""Practice mode on a real display, driven by keyboard alone, that stops at each checkpoint until told to go on:
the other side of tests/ui/test_accessibility_atspi.py, which reads this process over AT-SPI meanwhile.

    python tests/ui/atspi_app.py DIRECTORY     # prints "at NAME" at each checkpoint, reads one line to go on

Its Qt event loop keeps running while it waits, so the screen reader's side gets its answers.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from sithsclient.app.context import AppContext
from sithsclient.demo.practice import PracticeSession
from sithsclient.ui import i18n
from sithsclient.ui.app import Session, application
from sithsclient.ui.dialogs.lock import LockDialog
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade.journal import JournalStore

Check = Callable[[], bool]


def flow(session: Session, pin: str) -> Iterator[tuple[str, Check]]:
    """Yields (checkpoint, until): the next keys are sent once `until` holds and the reader said go."""
    wizard, panel = session.wizard, session.panel
    assert panel is not None
    yield "card", lambda: wizard.currentId() == PageId.CARD and wizard.card_page.isComplete()
    key(wizard, Qt.Key.Key_Return)  # "Uppgradera kortet", the default button
    yield "pins", lambda: wizard.currentId() == PageId.PINS and bool(wizard.pin_page.fields)
    typed(wizard, pin[::-1])
    key(wizard, Qt.Key.Key_Return)
    yield "wrong pin", lambda: wizard.pin_page.problem.isVisible() and focus_enabled(wizard)
    typed(wizard, pin)
    key(wizard, Qt.Key.Key_Return)
    yield "terms", lambda: wizard.currentId() == PageId.TERMS
    panel.fault.setCurrentIndex(panel.fault.findData("delay=5"))  # time to pull the card during a step
    key(wizard, Qt.Key.Key_Space)  # the box has the focus
    key(wizard, Qt.Key.Key_Return)
    yield "progress", lambda: wizard.currentId() == PageId.PROGRESS
    panel.pull.click()
    yield "lock", lambda: any(isinstance(w, LockDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    panel.fault.setCurrentIndex(panel.fault.findData("none"))
    panel.insert.click()
    yield "done", lambda: wizard.currentId() == PageId.DONE


def focus_enabled(window: QWidget) -> bool:
    widget = window.focusWidget()
    return widget is not None and widget.isEnabled()


def key(window: QWidget, which: Qt.Key) -> None:
    """To the widget with the window's focus, as the keyboard would (no window manager gives it here)."""
    QTest.keyClick(window.focusWidget() or window, which)


def typed(window: QWidget, text: str) -> None:
    target = window.focusWidget()
    assert target is not None
    QTest.keyClicks(target, text)


def main(directory: Path) -> int:
    app = application()
    i18n.install("sv")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in sys.stdin], daemon=True).start()
    with PracticeSession(directory) as practice:
        session = Session(AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice))
        session.show()
        steps = flow(session, practice.info.pin)
        current: list[tuple[str, Check] | None] = [next(steps)]
        told: list[bool] = [False]

        def tick() -> None:
            point = current[0]
            if point is None:
                return
            name, until = point
            if not told[0]:
                if until():
                    print(f"at {name}", flush=True)
                    told[0] = True
                return
            try:
                lines.get_nowait()
            except queue.Empty:
                return
            told[0] = False
            current[0] = next(steps, None)
            if current[0] is None:
                app.quit()

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(50)
        app.exec()
        session.close()
    print("at end", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
