"""Logging: a rotating file that a support bundle can carry, and stderr for the terminal.

Nothing logs a PIN: PINs are passed only to the card layer, which never formats them into a message.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_directory() -> Path:
    override = os.environ.get("SITHSCLIENT_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir("sithsclient", appauthor=False))


def log_file() -> Path:
    return log_directory() / "sithsclient.log"


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log that several processes may have open at once (the wizard, the logon reminder,
    `diagnose`). Windows does not rename a file while another handle has it open: the standard rollover then
    loses the record being written and, at every later record, shifts the backups once more until they are
    gone. Here the log is first renamed aside; where that is refused nothing else is touched and writing goes
    on in the same file, which rotates at a later record, once the others have let go."""

    def doRollover(self) -> None:
        if self.backupCount <= 0:
            super().doRollover()
            return
        if self.stream:
            self.stream.close()
            self.stream = None
        parked = f"{self.baseFilename}.rotating"
        try:
            os.replace(self.baseFilename, parked)
        except OSError:  # another process has it open (Windows)
            self.stream = self._open()
            return
        try:
            for i in range(self.backupCount - 1, 0, -1):
                older = f"{self.baseFilename}.{i}"
                if os.path.exists(older):
                    os.replace(older, f"{self.baseFilename}.{i + 1}")
            os.replace(parked, f"{self.baseFilename}.1")
        except OSError:  # a backup held open: the parked file stays, a support bundle still takes it
            pass
        self.stream = self._open()


# The log folder that could not be written, and why: said on stderr once the run's language is known
# (`say_unwritable`, from commands/words.py), not in English before it is.
_unwritable: tuple[Path, str] | None = None


def say_unwritable(say: Callable[..., str], sentence: str) -> None:
    """The warning that no log is written, once, through `say` (the run's words) with `sentence`'s facts."""
    global _unwritable
    if _unwritable is None:
        return
    (folder, problem), _unwritable = _unwritable, None
    print(f"sithsclient: {say(sentence, folder=folder, problem=problem)}", file=sys.stderr)


# `log.error(..., extra={FILE_ONLY: True})`: for the log file alone, where the terminal has had its own sentence
# (a traceback IT support needs, which the person must not get).
FILE_ONLY = "sithsclient_file_only"


def setup(verbosity: int = 0) -> None:
    global _unwritable
    root = logging.getLogger()
    if getattr(root, "_sithsclient_configured", False):
        return
    root.setLevel(logging.DEBUG)
    console = logging.StreamHandler()
    # By default only errors reach the terminal: a command says what went wrong in its own sentence, and the
    # warnings behind it (the engine's, the watcher's) would repeat it with a timestamp. The log file has
    # them all; -v shows them here too.
    console.setLevel([logging.ERROR, logging.INFO, logging.DEBUG][min(verbosity, 2)])
    console.setFormatter(logging.Formatter(FORMAT))
    console.addFilter(lambda record: not getattr(record, FILE_ONLY, False))
    root.addHandler(console)
    try:
        log_directory().mkdir(parents=True, exist_ok=True)
        handler = SharedRotatingFileHandler(log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setLevel(logging.INFO)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    except OSError as exc:  # a read-only profile must not stop an upgrade; but say where nothing is logged
        _unwritable = (log_directory(), exc.strerror or str(exc))
    root._sithsclient_configured = True  # type: ignore[attr-defined]
