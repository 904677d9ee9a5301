"""One wizard per user session: a second start (the Start menu twice, a click on the logon reminder while the
wizard is open) brings the open wizard forward instead of opening another on the same card.

The open wizard listens on a per-user local endpoint (a named pipe on Windows, a Unix socket in the user's
runtime folder elsewhere), with the standard library's `multiprocessing.connection`, so the program needs no
Qt network module. A later start connects, says "show" and ends. Practice mode has an endpoint of its own: a
rehearsal never brings a real upgrade forward, nor the other way round. The card lock (app/card_lock.py) still
guards the card itself, whatever starts.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import re
import sys
import threading
from multiprocessing.connection import Client, Listener
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

SHOW = "show"


def _user() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "user"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "user"


def address(*, practice: bool, folder: Path | None = None) -> tuple[str, str]:
    """(address, family) of this user's wizard."""
    name = f"sithsclient-{'practice' if practice else 'wizard'}-{_user()}"
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}", "AF_PIPE"
    base = folder or Path(platformdirs.user_runtime_dir("sithsclient", appauthor=False))
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    return str(base / f"{name}.sock"), "AF_UNIX"


def bring_running_forward(*, practice: bool, folder: Path | None = None) -> bool:
    """Ask an open wizard of this user to come forward; False when none answers."""
    where, family = address(practice=practice, folder=folder)
    try:
        with Client(where, family=family) as connection:
            connection.send(SHOW)
    except (OSError, EOFError):
        return False
    return True


class OpenWizard(QObject):
    """The open wizard's side: `show_requested` (on the GUI thread) when a later start asks for it."""

    show_requested = Signal()

    def __init__(self, *, practice: bool, folder: Path | None = None) -> None:
        super().__init__()
        self._where, self._family = address(practice=practice, folder=folder)
        self._listener: Listener | None = None

    def listen(self) -> None:
        if self._family == "AF_UNIX":
            # Nobody answered there (bring_running_forward came first): what is left is a crashed run's socket.
            Path(self._where).unlink(missing_ok=True)
        try:
            self._listener = Listener(self._where, family=self._family)
        except OSError as exc:  # another wizard started in the same instant: this one still works
            log.info("single instance: not listening on %s (%s)", self._where, exc)
            return
        threading.Thread(target=self._serve, name="single-instance", daemon=True).start()

    def _serve(self) -> None:
        listener = self._listener
        while listener is not None:
            try:
                with listener.accept() as connection:
                    if connection.poll(2) and connection.recv() == SHOW:
                        self.show_requested.emit()  # queued to the GUI thread: the object lives there
            except (OSError, EOFError):
                if self._listener is None:
                    return  # closed
            listener = self._listener

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.close()


def bring_forward(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()
