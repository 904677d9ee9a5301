"""What the card's holder must do soon (seeds 001, 004): upgrade a card of the old hierarchy, or renew a
certificate that expires within 60 days. The CLI's `check` prints it, the logon notification shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sithsclient.config import RENEWAL_DAYS
from sithsclient.pki.model import Generation, Purpose, Verdict

if TYPE_CHECKING:  # `check` with no card never loads the card's code
    from sithsclient.status import CardReport

WARN_DAYS = RENEWAL_DAYS  # the default; the organisation sets its own (config renewal_days)
_WATCHED = (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
_SITHS_OR_FOREIGN = (Generation.LEGACY, Generation.CURRENT, Generation.FOREIGN)


class ReminderKind(StrEnum):
    MUST_UPGRADE = "must_upgrade"
    EXPIRES = "expires"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    serial: str
    holder: str
    purpose: Purpose | None = None
    days_left: int | None = None
    not_after: str = ""  # ISO date
    # An extra pair's certificate: the organisation whose card office renews it (the card's own: "").
    organisation: str = ""


def reminders(
    cards: Iterable[CardReport],
    now: dt.datetime | None = None,
    warn_days: int = WARN_DAYS,
    own: Callable[[str], str] | None = None,
) -> list[Reminder]:
    """What to tell the holder, card by card. An old certificate that the upgrade replaces anyway is not
    also reported as expiring: one message, the one with something to do. `own`: a card's own HSA-ID by its
    serial where the journals know it (JournalStore.own), to tell an extra pair from a renewed own pair."""
    from sithsclient.pki.inventory import holders  # here: `check` with no card never loads the certificates' code

    found: list[Reminder] = []
    for entry in cards:
        infos = [c.info for c in entry.certificates]
        holder = next((i.holder_name for i in infos if i.holder_name), "")
        serial = entry.card.serial
        # The card's own HSA-ID; another is an extra pair's.
        own_id = next(iter(holders(infos, now, own(serial) if own else "")), "")
        if entry.assessment.verdict is Verdict.MUST_UPGRADE:
            found.append(Reminder(ReminderKind.MUST_UPGRADE, serial, holder))
            continue
        for info in infos:
            if info.purpose not in _WATCHED or info.generation not in _SITHS_OR_FOREIGN:
                continue
            days = info.days_left(now)
            if days > warn_days:
                continue
            kind = ReminderKind.EXPIRED if info.expired(now) else ReminderKind.EXPIRES
            organisation = (info.organisation or "?") if own_id and info.hsa_id and info.hsa_id != own_id else ""
            found.append(
                Reminder(kind, serial, holder, info.purpose, days, info.not_after.date().isoformat(), organisation)
            )
    return found


def first_reminder_at(cards: Iterable[CardReport], warn_days: int = WARN_DAYS) -> dt.datetime | None:
    """The moment the first of these cards' watched certificates comes within `warn_days` (when `reminders`
    would first find something); None when none is watched. The logon memory holds no longer than this."""
    starts = [
        c.info.not_after - dt.timedelta(days=warn_days + 1)  # days_left counts whole days: warn_days + 1 to spare
        for entry in cards
        for c in entry.certificates
        if c.info.purpose in _WATCHED and c.info.generation in _SITHS_OR_FOREIGN
    ]
    return min(starts, default=None)
