"""The wizard's side of the bench, in a process of its own (bench/run.py starts it; run it as root, inside
scripts/isolated.sh, with QT_QPA_PLATFORM=offscreen):

    python bench/wizard_upgrade.py upgrade --pulls 24 --directory DIR   # practice mode, a whole upgrade
    python bench/wizard_upgrade.py field < SPEC.json                     # a user's upgrade (bench/run.py)
    python bench/wizard_upgrade.py idle --seconds 2                      # the wizard shown, no card, no rig

`upgrade` is what `sithsclient demo` does (ui/app.py's Session on a PracticeSession: the rig, the practice
card, the practice issuing service in this process, the wizard and the practice panel), driven as a user
would: Next, the practice PIN, the terms, Next. With --pulls N it pulls the card N times during the run:
the first time as the key generation step starts, then each time the engine has resumed on the card put back
and the lock has gone (on the engine's thread, so the card is out before the engine sends its next command).
A driver thread puts the card back 0.2 s after the lock showed.

For each pull it records, on CLOCK_MONOTONIC (one clock for every process of the machine):
- `killed`: the card process killed (the rig's pull);
- `pcsc`: when a plain SCardGetStatusChange watcher (bench/pcsc_watch.py, its own process) saw the removal;
- `locked`: when the wizard's lock dialog got its Show event.
It prints one JSON object: those, the outcome, the rig's replugs and the process's peak RSS (VmHWM, KiB).
`idle` prints the peak RSS of the wizard shown on its card page for a few seconds (a quick, rig-free figure).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bare_wizard import peak_rss_kib  # bench/ is on sys.path when run
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QWizard

# As in the program, where importing the GUI package is what brings Qt: its first act (ui/__init__.py) stops
# PySide6 reading the source of every module imported after Qt. Without it here, this worker, which imports
# PySide6 before the program's modules, would measure that reading (about 8 MiB of sources kept in linecache).
import sithsclient.ui  # noqa: F401  isort: skip

HERE = Path(__file__).resolve().parent


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Run Qt's event loop (events are handled the moment they come) until predicate() holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()


class ShowWatch(QObject):
    """Notes when a widget is shown (its Show event: the moment it becomes visible) and hidden."""

    def __init__(self, target: QObject) -> None:
        super().__init__(target)
        self.shown: list[float] = []
        self.hidden = threading.Event()
        self.hidden.set()
        self.shown_event = threading.Condition()
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            at = time.monotonic()
            self.hidden.clear()
            with self.shown_event:
                self.shown.append(at)
                self.shown_event.notify_all()
        elif event.type() == QEvent.Type.Hide:
            self.hidden.set()
        return False

    def wait_shown(self, count: int, timeout: float) -> bool:
        with self.shown_event:
            return self.shown_event.wait_for(lambda: len(self.shown) >= count, timeout)


class PlainWatcher:
    """bench/pcsc_watch.py in its own process; `removed` are the times it saw the card go."""

    def __init__(self, reader: str) -> None:
        self.removed: list[float] = []
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "pcsc_watch.py"), reader], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the plain PC/SC watcher did not start")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            kind, _, at = line.partition(" ")
            if kind == "removed":
                self.removed.append(float(at))

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def drive_upgrade(wizard: Any, pin: str) -> str:
    """What a user does in the wizard on a card that needs upgrading: Next, the PIN, the terms, Next; then
    waits for the end. Returns "done" or "failure: " and the outcome."""
    from sithsclient.ui.wizard import PageId

    next_button = wizard.button(QWizard.WizardButton.NextButton)
    wait_until(next_button.isEnabled, 60, "the card page to offer the upgrade")
    next_button.click()
    wait_until(lambda: wizard.currentId() == PageId.PINS and bool(wizard.pin_page.fields), 60, "PINs")
    wait_until(lambda: all(f.isEnabled() for f in wizard.pin_page.fields.values()), 30, "PIN fields")
    for field in wizard.pin_page.fields.values():
        field.setText(pin)
    wait_until(next_button.isEnabled, 10, "Next after the PIN")
    next_button.click()
    wait_until(lambda: wizard.currentId() == PageId.TERMS, 60, "the terms")
    wizard.terms_page.checkbox.setChecked(True)
    wait_until(next_button.isEnabled, 10, "Next after the terms")
    next_button.click()
    wait_until(lambda: wizard.currentId() in (PageId.DONE, PageId.FAILURE), 900, "the end of the upgrade")
    return "done" if wizard.currentId() == PageId.DONE else "failure: " + str(wizard.outcome)


def upgrade(directory: Path, pulls: int) -> dict[str, Any]:
    from sithsclient.app.context import AppContext
    from sithsclient.demo.practice import PracticeSession
    from sithsclient.ui.app import Session, prepare
    from sithsclient.upgrade import events as ev
    from sithsclient.upgrade.journal import JournalStore

    with PracticeSession(directory, rig=True) as practice:  # the PC/SC rig: removal as PC/SC reports it
        watcher = PlainWatcher(practice.reader)
        try:
            app = prepare("sv")
            context = AppContext(
                config=practice.config, journal_store=JournalStore(practice.journal_dir), practice=practice
            )
            session = Session(context)
            session.show()
            wizard = session.wizard
            lock = ShowWatch(wizard.lock)
            killed: list[float] = []
            problems: list[str] = []

            rig = practice.rig
            assert rig is not None  # this figure is of the PC/SC rig: the session is started with rig=True

            def pull() -> None:
                killed.append(time.monotonic())
                rig.pull(0)  # kills the card process, then waits until PC/SC reports it gone

            def on_engine_event(event: object) -> None:  # on the engine's thread
                if len(killed) >= pulls:
                    return
                if isinstance(event, ev.StepStarted) and event.step is ev.Step.GENERATE and not killed:
                    pull()
                elif isinstance(event, ev.Resumed) and killed:
                    if not lock.hidden.wait(10):
                        problems.append(f"the lock stayed up after resuming from pull {len(killed)}")
                    pull()

            def put_back() -> None:  # a driver thread: the card goes back in once the lock is up
                for index in range(pulls):
                    while len(killed) <= index:
                        time.sleep(0.01)
                    if not lock.wait_shown(index + 1, 15):
                        problems.append(f"no lock within 15 s of pull {index + 1}")
                    time.sleep(0.2)
                    practice.insert_card()

            wizard.runner.engine_event.connect(on_engine_event, Qt.ConnectionType.DirectConnection)
            inserter = threading.Thread(target=put_back, daemon=True)
            inserter.start()
            started = time.monotonic()
            outcome = drive_upgrade(wizard, practice.info.pin)
            seconds = time.monotonic() - started
            inserter.join(5)
            session.close()
            app.processEvents()
        finally:
            watcher.stop()
        return {
            "outcome": outcome,
            "seconds": seconds,
            "killed": killed,
            "pcsc": watcher.removed,
            "locked": lock.shown,
            "problems": problems,
            "replugs": rig.replugs,
            "peak_rss_kib": peak_rss_kib(),
        }


def field(spec: dict[str, Any]) -> dict[str, Any]:
    """The wizard as on a user's PC: the card in the reader through its card software, the issuing service
    elsewhere over HTTPS (`spec`: module, issuer_url, trust, journal, pin), no practice session or panel here."""
    from sithsclient.app.context import AppContext
    from sithsclient.config import Config
    from sithsclient.ui.app import Session, prepare
    from sithsclient.upgrade.journal import JournalStore

    app = prepare("sv")
    config = Config(module=spec["module"], issuer_url=spec["issuer_url"], trust=tuple(spec["trust"]))
    session = Session(AppContext(config=config, journal_store=JournalStore(Path(spec["journal"]))))
    session.show()
    outcome = drive_upgrade(session.wizard, spec["pin"])
    session.close()
    app.processEvents()
    return {"outcome": outcome, "peak_rss_kib": peak_rss_kib()}


def idle(seconds: float) -> dict[str, Any]:
    from sithsclient.app.context import AppContext
    from sithsclient.config import Config
    from sithsclient.ui.app import Session, prepare
    from sithsclient.upgrade.journal import JournalStore

    app = prepare("sv")
    session = Session(AppContext(config=Config(), journal_store=JournalStore(Path.cwd() / "journal")))
    session.show()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    session.close()
    return {"peak_rss_kib": peak_rss_kib()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    run = sub.add_parser("upgrade")
    run.add_argument("--pulls", type=int, default=0)
    run.add_argument("--directory", type=Path, required=True)
    sub.add_parser("field", help="the spec as JSON on stdin (it holds the practice PIN)")
    still = sub.add_parser("idle")
    still.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args(argv)
    if args.what == "upgrade":
        result = upgrade(args.directory, args.pulls)
    elif args.what == "field":
        result = field(json.loads(sys.stdin.read()))
    else:
        result = idle(args.seconds)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
