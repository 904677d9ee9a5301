"""The wizard's one run: where it stands, which operation on which card, and how "Try again" asks for it anew.

One state instead of a flag per situation, so that two of them can never both hold (a run queued and one being
closed, say). The run's plan is kept only while it waits to start: an extra pair's one-time code lives in the
engine for the run, never in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto

from sithsclient.card.layouts import PinRole
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.plan import Plan


class RunState(Enum):
    IDLE = auto()  # no run; the last one's card and operation stay for the done page and "Try again"
    QUEUED = auto()  # asked for while the card was being read: starts once the card queue is idle
    AWAITING_CARD = auto()  # "Try again": starts once its card is read again
    RUNNING = auto()
    STOPPING = auto()  # running, and the person stopped it at a question: the card page says it was cancelled
    CLOSING = auto()  # running, and the window closes once the run has stopped
    SHUT_DOWN = auto()  # the window is closed: nothing starts any more


@dataclass(frozen=True)
class Launch:
    """An operation as the wizard starts it: its plan, and what "Try again" does after a stop."""

    operation: Operation
    make_plan: Callable[[], Plan]
    again: Callable[[], None]


@dataclass
class WizardRun:
    state: RunState = RunState.IDLE
    serial: str = ""  # the card of the last run
    operation: Operation | None = None  # the last run's
    again: Callable[[], None] | None = None  # the last run's "Try again"
    queued: Launch | None = None  # QUEUED: what starts once the card is read
    unblocked: list[PinRole] = field(default_factory=list)  # PINs the PUK unblocked in this run: the done page says so

    def begin(self, serial: str, launch: Launch) -> None:
        self.state = RunState.RUNNING
        self.serial, self.operation, self.again = serial, launch.operation, launch.again
        self.queued = None
        self.unblocked = []
