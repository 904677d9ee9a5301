"""How a run ends early: a stable code, a sentence, and whether running again is safe."""

from __future__ import annotations


class UpgradeStopped(Exception):
    """Ends a run; carries the stable code and whether running again is safe (it resumes)."""

    def __init__(self, code: str, message: str, *, retry_safe: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_safe = retry_safe
