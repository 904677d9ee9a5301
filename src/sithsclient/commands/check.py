"""`sithsclient check [--notify]`: is there anything the card's holder must do soon? Meant to run at logon.

Seed 004 (Region Skåne) promises a message about 60 days before a certificate expires; seed 001 says cards
ordered before 2020-02-11 must be upgraded. `check` looks at every card in the readers and finds:
- `must_upgrade`: the card's certificates are from the old SITHS hierarchy;
- `expires`: a certificate the holder uses (logging in, signing) expires within 60 days;
- `expired`: such a certificate has expired.
With `--notify` it shows a desktop notification that opens the wizard on a click, and nothing at all when
there is nothing to say (no card, no reader and no module are not worth a message at logon either).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from sithsclient import exitcodes
from sithsclient.card.errors import CardError
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.status import CardReport

log = logging.getLogger(__name__)

WARN_DAYS = 60
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


def reminders(
    cards: Iterable[CardReport], now: dt.datetime | None = None, warn_days: int = WARN_DAYS
) -> list[Reminder]:
    """What to tell the holder, card by card. An old certificate that the upgrade replaces anyway is not
    also reported as expiring: one message, the one with something to do."""
    found: list[Reminder] = []
    for entry in cards:
        infos = [c.info for c in entry.certificates]
        holder = next((i.holder_name for i in infos if i.holder_name), "")
        serial = entry.card.serial
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
            found.append(Reminder(kind, serial, holder, info.purpose, days, info.not_after.date().isoformat()))
    return found


def describe(reminder: Reminder) -> str:
    """One English line for the terminal and the log; the notification words live in the GUI (translated)."""
    if reminder.kind is ReminderKind.MUST_UPGRADE:
        return f"card {reminder.serial}: must be upgraded (certificates from the old SITHS hierarchy)"
    what = reminder.purpose.value if reminder.purpose else "a"
    if reminder.kind is ReminderKind.EXPIRED:
        return f"card {reminder.serial}: the {what} certificate expired on {reminder.not_after}"
    return f"card {reminder.serial}: the {what} certificate expires on {reminder.not_after} ({reminder.days_left} days)"


def cmd_check(args: argparse.Namespace) -> int:
    from sithsclient import status
    from sithsclient.cli import load_config

    cfg = load_config(args)
    try:
        report = status.gather(cfg.module, None, cfg.management_key)
    except CardError as exc:  # no card software: nothing to remind about at logon
        log.info("check: %s", exc)
        cards: list[CardReport] = []
    else:
        cards = report.cards
    found = reminders(cards, warn_days=args.days)
    if args.json:
        json.dump([asdict(r) for r in found], sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif not args.notify:
        for reminder in found:
            print(describe(reminder))
    for reminder in found:
        log.info("check: %s", describe(reminder))
    if args.notify and found:
        from sithsclient.commands.gui import has_display

        if not has_display():
            return exitcodes.OK  # at logon without a desktop there is nobody to tell
        from sithsclient.ui.notify import notify

        return notify(found, cfg, args.lang)
    return exitcodes.OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from sithsclient.cli import add_card_options
    from sithsclient.commands.gui import add_language_option

    p = sub.add_parser("check", help="does the card need upgrading, or expire soon? (--notify: at logon)")
    add_card_options(p)
    p.add_argument("--notify", action="store_true", help="show a desktop notification instead of printing")
    p.add_argument("--json", action="store_true", help="the reminders as JSON")
    p.add_argument("--days", type=int, default=WARN_DAYS, help=f"warn this many days ahead (default {WARN_DAYS})")
    add_language_option(p)
    p.set_defaults(func=cmd_check)
