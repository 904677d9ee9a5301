"""What the engine tells its views (the wizard, the CLI): one stream of small immutable events."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sithsclient.card.layouts import PinRole
from sithsclient.pki.model import Purpose
from sithsclient.upgrade.steps import CARD_STEPS as CARD_STEPS  # the views read them here too
from sithsclient.upgrade.steps import Step as Step

if TYPE_CHECKING:  # only for the annotation: events stay cheap to import
    from sithsclient.pki.inventory import CertificateInfo
    from sithsclient.upgrade.operation import Operation


@dataclass(frozen=True)
class Event:
    at: float = field(default_factory=time.monotonic, kw_only=True)


@dataclass(frozen=True)
class StepStarted(Event):
    step: Step


@dataclass(frozen=True)
class StepDone(Event):
    step: Step


@dataclass(frozen=True)
class Progress(Event):
    step: Step
    message: str
    purpose: Purpose | None = None


@dataclass(frozen=True)
class PinUnblocked(Event):
    """The PUK unblocked a PIN during the run: from now on the card has the new PIN the person chose."""

    role: PinRole


@dataclass(frozen=True)
class Paused(Event):
    """No card command is sent until the same card is back."""

    code: str  # card.removed, card.wrong_card
    message: str
    other_serial: str = ""  # card.wrong_card: the card that is in the reader instead


@dataclass(frozen=True)
class WaitingForOtherRun(Event):
    """Another run holds this card (another window, IT support's command line): this one waits, then reads the
    card again."""


@dataclass(frozen=True)
class Resumed(Event):
    pass


@dataclass(frozen=True)
class Failed(Event):
    code: str
    message: str
    retry_safe: bool  # True: nothing is lost, running again resumes


@dataclass(frozen=True)
class Finished(Event):
    already_current: bool
    new_certificates: tuple[str, ...]  # human summaries: purpose, HSA-ID, valid to
    # The same certificates, for a view that words them in its own language (the terminal).
    certificates: tuple[CertificateInfo, ...] = ()
    operation: Operation = field(kw_only=True)  # whose words say it


Listener = Callable[[Event], None]
