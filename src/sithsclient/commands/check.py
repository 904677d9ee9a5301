"""`sithsclient check [--notify]`: is there anything the card's holder must do soon? Meant to run at logon.

Seed 004 (Region Skåne) promises a message about 60 days before a certificate expires; seed 001 says cards
ordered before 2020-02-11 must be upgraded. `check` looks at every card in the readers and finds:
- `must_upgrade`: the card's certificates are from the old SITHS hierarchy;
- `expires`: a certificate the holder uses (logging in, signing) expires within 60 days;
- `expired`: such a certificate has expired.
With `--notify` it shows a desktop notification that opens the wizard on a click, and nothing at all when
there is nothing to say (no card, no reader and no module are not worth a message at logon either). Run by a
person, it says what it found, and with no card, no reader or no card software it ends as `status` does:
one line naming the cause, exit 5, 4 or 3.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

# Imported where they are used: `sithsclient check --notify` with no card in any reader (every logon of a
# region) answers from PC/SC alone (quiet_logon), before argparse, logging, the configuration or these load.
if TYPE_CHECKING:  # the card's code (PKCS#11, certificates) loads only when a card is in a reader
    import argparse
    from collections.abc import Callable

    from sithsclient.app.reminders import Reminder
    from sithsclient.card.pcsc import ReaderState
    from sithsclient.commands.words import Words
    from sithsclient.status import CardReport

LOGGER = "sithsclient.commands.check"


def describe(reminder: Reminder, words: Words | None = None) -> str:
    """One line for the terminal, in the chosen language; English (no `words`) for the log. The notification's
    words live in the GUI."""
    from sithsclient.app.reminders import ReminderKind
    from sithsclient.commands.words import Words

    w = words or Words("en")
    if reminder.kind is ReminderKind.MUST_UPGRADE:
        return w("card {serial}: must be upgraded (certificates from the old SITHS hierarchy)", serial=reminder.serial)
    if words is None or reminder.purpose is None:
        what = reminder.purpose.value if reminder.purpose else "a"
    else:
        what = words.purpose(reminder.purpose).lower()  # the wizard's name of it
    if reminder.organisation:  # an extra pair: that organisation's card office renews it
        return w(
            "card {serial}: the certificate for {what} from {organisation} ends on {date}: its card office renews it",
            serial=reminder.serial,
            what=what,
            organisation=reminder.organisation,
            date=reminder.not_after,
        )
    if reminder.kind is ReminderKind.EXPIRED:
        return w(
            "card {serial}: the certificate for {what} expired on {date}",
            serial=reminder.serial,
            what=what,
            date=reminder.not_after,
        )
    return w(
        "card {serial}: the certificate for {what} expires on {date} ({days} days)",
        serial=reminder.serial,
        what=what,
        date=reminder.not_after,
        days=reminder.days_left,
    )


# What the log says at logon when the smart card service does not answer (no reader: Windows stops the service
# when the last reader is unplugged), as `status` says it.
SERVICE_DOWN = "check: no card reader: the smart card service (PC/SC) is not running"
NO_CARD = "check: no card in the readers"


def pcsc_readers() -> list[ReaderState] | None:
    """The readers PC/SC lists now, without loading the card's code; None when the smart card service does
    not answer."""
    from sithsclient.card import pcsc

    try:
        return pcsc.snapshot()
    except pcsc.PcscError:
        return None


def cards_in_readers() -> list[tuple[str, bytes]] | None:
    """(reader, ATR) of each card PC/SC shows; None with no reader or no smart card service."""
    readers = pcsc_readers()
    if not readers:
        return None
    return [(reader.name, reader.atr) for reader in readers if reader.card_present]


def nothing_to_read(readers: list[ReaderState] | None, *, module_named: bool) -> str | None:
    """The log's line when a logon check has no card to read, else None: readers and none holds a card, or the
    smart card service does not answer (no reader at all; Windows stops the service when the last reader is
    unplugged, so this is every PC away from its reader). Only a module with readers of its own could show a
    card then (SoftHSM2): it is asked when named on the command line, never at logon. With the service up and
    no reader, the module is asked (SoftHSM2 again)."""
    if readers is None:
        return None if module_named else SERVICE_DOWN
    if readers and not any(reader.card_present for reader in readers):
        return NO_CARD
    return None


def quiet_logon(version: str) -> bool:
    """`check --notify` with nothing else: True when there is no card to read (nothing_to_read), or the cards
    are the ones the last full check found nothing to say about (app/logon_memory.py), and the log has its two
    lines, as cli.main and cmd_check would have written them; False when the ordinary way must run (a card to
    read, PC/SC with no reader, a log due to rotate). The configuration is not read: PC/SC's answer does not
    depend on it, and at logon a broken file has nobody to tell."""
    readers = pcsc_readers()
    said = nothing_to_read(readers, module_named=False)
    if said is None:
        present = [(reader.name, reader.atr) for reader in readers or () if reader.card_present]
        if not present:
            return False
        from sithsclient.app import logon_memory

        said = logon_memory.recalled(present)
        if said is None:
            return False
    from sithsclient import logfile

    return logfile.append([("sithsclient", f"sithsclient {version}: check"), (LOGGER, said)])


def cmd_check(args: argparse.Namespace) -> int:
    import json
    import logging
    from dataclasses import asdict

    from sithsclient import exitcodes
    from sithsclient.app.reminders import reminders
    from sithsclient.card.errors import CardError
    from sithsclient.commands import words as words_mod
    from sithsclient.commands.common import fail_card, load_config

    log = logging.getLogger(LOGGER)
    cfg = load_config(args)
    # Every logon of a region runs this: with no card the answer must cost about what asking PC/SC costs.
    if args.notify:
        nothing = nothing_to_read(pcsc_readers(), module_named=bool(args.module))
        if nothing is not None:
            log.info("%s", nothing)
            return exitcodes.OK
    from sithsclient.app import card_lock

    if args.notify and card_lock.any_running():
        # An upgrade is going on (the wizard, IT support's command line): a reminder to upgrade now would only
        # confuse, and reading the card would stand in its way.
        log.info("check: an upgrade is running; nothing to say now")
        return exitcodes.OK
    from sithsclient import status

    w = words_mod.use(words_mod.choose(args.lang, cfg.language))
    problem: CardError | None = None
    cards: list[CardReport] = []
    try:
        report = status.gather(cfg.module, None, cfg.management_key)
    except CardError as exc:  # no card software
        problem = exc
    else:
        cards = report.cards
        if not cards:
            problem = status.nothing_found(report.module, report.readers, pcsc_available=report.pcsc_available)
    days = cfg.renewal_days if args.days is None else args.days  # the organisation's window, or the one asked for
    found = reminders(cards, warn_days=days, own=_journalled_own() if cards else None)
    if args.json:
        json.dump([asdict(r) for r in found], sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif not args.notify:
        for reminder in found:
            print(describe(reminder, w))
    reminded = {r.serial for r in found}
    for entry in cards:
        if entry.card.serial not in reminded:
            said = {"serial": entry.card.serial, "verdict": entry.assessment.verdict.value}
            if not args.notify and not args.json:
                print(w("card {serial}: nothing to do ({verdict})", **said))
            log.info("check: card %(serial)s: nothing to do (%(verdict)s)", said)
    for reminder in found:
        log.info("check: %s", describe(reminder))
    if args.notify and args.days is None:
        remember_logon(cards, found, problem, days)
    if problem is not None:
        log.info("check: %s", problem)
        # At logon nobody asked: no card, no reader and no card software are not worth a word or an error
        # there. A person or a script running `check` is told, with the exit code of `status`.
        if not args.notify:
            return fail_card(problem)
    if args.notify and found:
        from sithsclient.commands.gui import has_display, runtime_dir_warnings_to_log

        if not has_display():
            return exitcodes.OK  # at logon without a desktop there is nobody to tell
        from sithsclient.ui.notify import notify

        runtime_dir_warnings_to_log()  # a click opens the wizard
        return notify(found, cfg, args.lang)
    return exitcodes.OK


def remember_logon(cards: list[CardReport], found: list[Reminder], problem: Exception | None, days: int) -> None:
    """After the full logon check: when it read every card PC/SC shows and had nothing to say, the next logon
    with the same cards is answered from PC/SC alone (app/logon_memory.py); anything else forgets that."""
    from sithsclient.app import logon_memory
    from sithsclient.app.reminders import first_reminder_at

    present = cards_in_readers()
    if found or problem is not None or not cards or not present or len(present) != len(cards):
        logon_memory.forget()
        return
    first = first_reminder_at(cards, days)
    logon_memory.remember(present, [entry.card.serial for entry in cards], first.timestamp() if first else None)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from sithsclient.commands.common import add_card_options, add_language_option
    from sithsclient.config import RENEWAL_DAYS

    p = sub.add_parser("check", help="does the card need upgrading, or expire soon? (--notify: at logon)")
    add_card_options(p)
    p.add_argument("--notify", action="store_true", help="show a desktop notification instead of printing")
    p.add_argument("--json", action="store_true", help="the reminders as JSON")
    p.add_argument("--days", type=int, help=f"warn this many days ahead (default: renewal_days, else {RENEWAL_DAYS})")
    add_language_option(p)
    p.set_defaults(func=cmd_check)


def _journalled_own() -> Callable[[str], str]:
    """A card's own HSA-ID as this PC's journals know it (after a renewal its pair is the newest on the card)."""
    from sithsclient.upgrade.journal import JournalStore

    return JournalStore().own
