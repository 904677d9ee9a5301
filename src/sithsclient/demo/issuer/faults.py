"""Faults the practice issuing service can be told to make, so trainees and tests see every failure for real.

A fault acts on the answer to the certificate request (the kur); the rest of the exchange stays correct, so
what a trainee sees is the client's reaction to exactly one thing going wrong. Settable at start
(`--fault delay=3`) and while running (`IssuerServer.set_fault`, or PUT /control/fault from this computer).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from enum import StrEnum


class Fault(StrEnum):
    NONE = "none"
    DELAY = "delay"  # answer after `delay_seconds`
    HTTP_500 = "http_500"  # an HTTP 500 with a text body, no CMP at all
    REJECT = "reject"  # a kup with status rejection (the card office has stopped the upgrade)
    WRONG_KEY = "wrong_key"  # a certificate for another public key than the one requested
    WRONG_SUBJECT = "wrong_subject"  # a certificate for another person (another HSA-ID)
    UNTRUSTED_ISSUER = "untrusted_issuer"  # a certificate from a CA the client does not trust
    BAD_PROTECTION = "bad_protection"  # the answer's signature does not verify
    GARBAGE = "garbage"  # random bytes labelled application/pkixcmp
    OVERSIZED = "oversized"  # an endless-looking body far over any sane size
    PENDING = "pending"  # "waiting": the client must poll `polls` times, `check_after` seconds apart


@dataclass(frozen=True)
class FaultSetting:
    fault: Fault = Fault.NONE
    delay_seconds: float = 5.0
    polls: int = 2
    check_after: int = 1

    def __post_init__(self) -> None:
        if self.delay_seconds < 0 or self.polls < 0 or self.check_after < 0:
            raise ValueError("fault values must not be negative")

    @classmethod
    def parse(cls, text: str) -> FaultSetting:
        """A fault's name, or "delay=SECONDS" or "pending=POLLS" ("delay=2.5", "pending=3")."""
        name, _, value = text.strip().partition("=")
        try:
            fault = Fault(name.strip().lower().replace("-", "_"))
        except ValueError:
            known = ", ".join(f.value for f in Fault)
            raise ValueError(f"unknown fault {name!r}; known: {known}") from None
        setting = cls(fault)
        if value:
            if fault is Fault.DELAY:
                setting = replace(setting, delay_seconds=float(value))
            elif fault is Fault.PENDING:
                setting = replace(setting, polls=int(value))
            else:
                raise ValueError(f"fault {fault.value} takes no value")
        return setting

    def as_dict(self) -> dict[str, object]:
        return {
            "fault": self.fault.value,
            "delay_seconds": self.delay_seconds,
            "polls": self.polls,
            "check_after": self.check_after,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FaultSetting:
        base = cls.parse(str(data.get("fault", "none")))
        return replace(
            base,
            delay_seconds=float(str(data.get("delay_seconds", base.delay_seconds))),
            polls=int(str(data.get("polls", base.polls))),
            check_after=int(str(data.get("check_after", base.check_after))),
        )


class FaultSwitch:
    """The current fault, switched from another thread (the practice panel) while requests are served."""

    def __init__(self, setting: FaultSetting | None = None) -> None:
        self._lock = threading.Lock()
        self._setting = setting or FaultSetting()

    def get(self) -> FaultSetting:
        with self._lock:
            return self._setting

    def set(self, setting: FaultSetting) -> None:
        with self._lock:
            self._setting = setting
