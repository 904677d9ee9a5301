"""One run per card, across processes: the wizard started twice, or IT support's command line beside the wizard.

Two runs on one card interleave their card commands: one replaces the key the other is about to sign with.
Each run therefore holds a lock named by the card's serial, from before its first look at the card to its end.
It is an OS lock on a file in the user's data folder (flock on POSIX, msvcrt.locking on Windows), so the
operating system releases it when the process ends, however it ends: a killed run never leaves a stale lock,
and the file that stays behind means nothing by itself.

The command line refuses at once (`card.busy`, its own exit code); the wizard waits for the other run and then
reads the card again, which by then may need nothing more.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import platformdirs

from sithsclient.codes import Code

POLL_S = 0.5  # how often a waiting run looks whether the other has finished
BUSY_MESSAGE = (
    "An upgrade of this card is already running (in another window of the program, or from the command line). "
    "Let it finish, then run again: nothing was done here."
)


def lock_directory() -> Path:
    return Path(platformdirs.user_data_dir("sithsclient", appauthor=False)) / "locks"


def _path(serial: str, directory: Path | None) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", serial) or "card"
    return (directory or lock_directory()) / f"{safe}.lock"


class CardLock:
    """The lock of one card. `try_acquire` never blocks; `release` (or the process ending) frees it."""

    def __init__(self, serial: str, directory: Path | None = None) -> None:
        self.path = _path(serial, directory)
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if _lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte; Windows frees it when the process ends
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with suppress(OSError):  # closing the file frees it anyway
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def running(serial: str, directory: Path | None = None) -> bool:
    """Whether a run of this card holds its lock now."""
    probe = CardLock(serial, directory)
    if probe.try_acquire():
        probe.release()
        return False
    return True


def any_running(directory: Path | None = None) -> bool:
    """Whether any card's run holds its lock now (the logon reminder stays quiet then)."""
    folder = directory or lock_directory()
    try:
        names = [p.stem for p in folder.glob("*.lock")]
    except OSError:
        return False
    return any(running(name, folder) for name in names)


def exclusive_runs(
    *, wait: bool, directory: Path | None = None
) -> Callable[[str, Callable[[], bool]], AbstractContextManager[None]]:
    """The engine's `exclusive` for one view: the wizard waits (`wait=True`), the command line refuses."""

    from sithsclient.upgrade.engine import UpgradeStopped  # here: `check` asks `any_running` without the engine

    @contextmanager
    def exclusive(serial: str, still_waiting: Callable[[], bool]) -> Iterator[None]:
        lock = CardLock(serial, directory)
        while not _acquired(lock):
            if not wait:
                raise UpgradeStopped(Code.CARD_BUSY, BUSY_MESSAGE)
            if not still_waiting():  # cancelled while it waited
                raise UpgradeStopped(Code.CANCELLED, "The upgrade was cancelled while it waited. Nothing was done.")
            time.sleep(POLL_S)
        try:
            yield
        finally:
            lock.release()

    return exclusive


def _acquired(lock: CardLock) -> bool:
    from sithsclient.upgrade.engine import UpgradeStopped
    from sithsclient.upgrade.errors import unwritable_reason

    try:
        return lock.try_acquire()
    except OSError as exc:  # the user's data folder is read-only or full: the journal could not be kept either
        reason = unwritable_reason(exc)
        raise UpgradeStopped(
            Code.JOURNAL_UNWRITABLE,
            f"The program cannot write in {lock.path.parent} ({reason}), so it does not start. "
            "Nothing was done on the card.",
            details={"folder": str(lock.path.parent), "problem": reason},
        ) from exc
