"""How a run ends early: a stable code, a sentence, and whether running again is safe."""

from __future__ import annotations

import errno


class UpgradeStopped(Exception):
    """Ends a run; carries the stable code and whether running again is safe (it resumes). `details`: the facts
    of the code's detail sentence (a folder, a reason), for a view to say in its own language."""

    def __init__(
        self, code: str, message: str, *, retry_safe: bool = True, details: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_safe = retry_safe
        self.details = details or {}


def unwritable_reason(exc: OSError) -> str:
    """Why a folder cannot be written, in words the views translate (commands/words.py), else the system's."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read-only or no access rights"
    return exc.strerror or str(exc)
