"""The engine in a terminal, for `upgrade` and `extra`: the prompts, the progress lines, the exit code.

PINs are read with no echo (getpass), or with --pin-stdin from two lines of standard input (authentication
PIN, then signature PIN; a card with one shared PIN uses the first). In scripted mode nothing is asked twice:
a wrong PIN ends the run with its code, and a PIN on its final try is never sent.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from rich.console import Console

from sithsclient import config as config_mod
from sithsclient import exitcodes, step_texts
from sithsclient.app import runs
from sithsclient.app.context import AppContext
from sithsclient.card.errors import CardError, NoCardError
from sithsclient.card.layouts import PinRole
from sithsclient.card.source import CardSource, ListedCard, Pkcs11Source
from sithsclient.commands.common import add_card_options, fail, load_config
from sithsclient.enroll.errors import EnrollmentError
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import UpgradeStopped
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.plan import Plan
from sithsclient.upgrade.prompts import PinRequest, Terms

ROLE_PROMPT = {
    PinRole.AUTHENTICATION: "PIN för legitimering (authentication PIN)",
    PinRole.SIGNATURE: "PIN för underskrift (signature PIN)",
}


class TerminalPrompter:
    def __init__(self, console: Console, *, pin_stdin: TextIO | None, assume_yes: bool) -> None:
        self.console = console
        self.pin_stdin = pin_stdin
        self.assume_yes = assume_yes
        self._stdin_pins: list[str] | None = None

    def _read_stdin_pins(self) -> list[str]:
        if self._stdin_pins is None:
            assert self.pin_stdin is not None
            self._stdin_pins = [self.pin_stdin.readline().rstrip("\r\n") for _ in range(2)]
        return self._stdin_pins

    def pins(self, request: PinRequest) -> dict[PinRole, str] | None:
        if request.problem is not None:
            if self.pin_stdin is not None:  # scripted: never guess again
                raise UpgradeStopped(request.problem.code, request.problem.message)
            self.console.print(f"[red]{request.problem.message}[/red]")
        if self.pin_stdin is not None:
            lines = self._read_stdin_pins()
            if len(request.roles) == 1:
                return {request.roles[0]: lines[0]}
            return {PinRole.AUTHENTICATION: lines[0], PinRole.SIGNATURE: lines[1]}
        answers: dict[PinRole, str] = {}
        for role in request.roles:
            status = request.statuses.get(role)
            hint = f" [{status.describe()}]" if status is not None else ""
            name = "PIN" if len(request.roles) == 1 else ROLE_PROMPT[role]
            answers[role] = getpass.getpass(f"{name}{hint}: ")
        return answers

    def confirm_final_try(self, role: PinRole) -> bool:
        if self.pin_stdin is not None or not sys.stdin.isatty():
            return False
        self.console.print(
            f"[bold red]{ROLE_PROMPT[role]}: one try left.[/bold red] A wrong PIN now blocks it, and a new PUK "
            "costs 150 kr. Only go on if you are sure of the PIN."
        )
        return input("Try this PIN anyway? [y/N] ").strip().lower() in ("y", "yes", "j", "ja")

    def unblock(self, role: PinRole) -> tuple[str, str] | None:
        if self.pin_stdin is not None or not sys.stdin.isatty():
            return None
        self.console.print(f"[bold red]{ROLE_PROMPT[role]} is blocked.[/bold red] You can unblock it with your PUK.")
        if input("Unblock it now with the PUK? [y/N] ").strip().lower() not in ("y", "yes", "j", "ja"):
            return None
        puk = getpass.getpass("PUK: ")
        new = getpass.getpass("New PIN: ")
        if getpass.getpass("New PIN again: ") != new:
            self.console.print("[red]The two new PINs differ.[/red]")
            return None
        return puk, new

    def accept_terms(self, terms: Terms) -> bool:
        if terms.extra_organisation is not None:
            self.console.print(
                f"\n[bold]An extra certificate pair from {terms.extra_organisation} for {terms.holder} "
                f"({terms.hsa_id})[/bold]\n"
                "- Your own certificates stay on the card, untouched.\n"
                "- The two pairs look alike (your name on both): when a system asks you to choose a certificate, "
                "look at the organisation. Some systems always take the last one added.\n"
                "- A card can hold only one extra pair.\n"
                f"- It takes about {terms.seconds_expected} seconds. If the card leaves the reader, it waits and "
                "goes on when you put the same card back.\n"
            )
        else:
            self.console.print(
                f"\n[bold]Upgrade of the card of {terms.holder} ({terms.hsa_id})[/bold]\n"
                f"- {terms.certificates_to_replace} certificates are replaced by new ones from SITHS e-id.\n"
                "- E-mail encrypted to your old certificates can no longer be read afterwards: move what you need "
                "first.\n"
                f"- It takes about {terms.seconds_expected} seconds. If the card leaves the reader, the upgrade "
                "waits and goes on when you put the same card back.\n"
            )
        if self.assume_yes:
            self.console.print("Jag godkänner villkoren: yes (--yes)")
            return True
        if not sys.stdin.isatty() or self.pin_stdin is not None:
            raise UpgradeStopped("terms.not_accepted", "The terms must be accepted: run with --yes in scripts.")
        return input("Jag godkänner villkoren (I accept the terms) [y/N] ").strip().lower() in ("y", "yes", "j", "ja")


class ProgressPrinter:
    """One line per event: works in a terminal, a log file and a pipe alike."""

    def __init__(self, console: Console, texts: dict[ev.Step, str]) -> None:
        self.console = console
        self.texts = texts
        self._started: dict[ev.Step, float] = {}

    def __call__(self, event: ev.Event) -> None:
        if isinstance(event, ev.StepStarted):
            self._started[event.step] = event.at
            if event.step in ev.CARD_STEPS:
                self.console.print(f"[bold]→ {self.texts[event.step]}[/bold]")
        elif isinstance(event, ev.StepDone) and event.step in ev.CARD_STEPS:
            took = event.at - self._started.get(event.step, event.at)
            self.console.print(f"[green]✓ {self.texts[event.step]}[/green] ({took:.1f} s)")
        elif isinstance(event, ev.Progress):
            purpose = f"{event.purpose.value}: " if event.purpose else ""
            self.console.print(f"    {purpose}{event.message}")
        elif isinstance(event, ev.Paused):
            self.console.print(f"[bold yellow]‖ {event.message}[/bold yellow] [{event.code}]")
        elif isinstance(event, ev.Resumed):
            self.console.print("[green]▶ The card is back; going on.[/green]")
        elif isinstance(event, ev.Finished):
            if event.already_current:
                self.console.print("[green]The card is already upgraded: nothing to do.[/green]")
            for line in event.new_certificates:
                self.console.print(f"    {line}")


def choose_card(cards: list[ListedCard], serial: str | None) -> ListedCard:
    if serial:
        for card in cards:
            if card.serial == serial:
                return card
        raise NoCardError(f"no card with serial {serial}")
    if not cards:
        raise NoCardError()
    if len(cards) > 1:
        serials = ", ".join(c.serial for c in cards)
        raise UpgradeStopped("card.several", f"Several cards are inserted ({serials}): choose one with --serial.")
    return cards[0]


def run_in_terminal(
    args: argparse.Namespace, make_plan: Callable[[], Plan], *, extra: bool = False, source: CardSource | None = None
) -> int:
    """What `upgrade` and `extra` share: configuration, the card, the prompts, the progress and the exit code.
    `make_plan` is called once the card is chosen (an extra pair's asks for its one-time code then). `source`:
    where the cards come from (practice mode's in-process card; else the PC's card software)."""
    console = Console(highlight=False, soft_wrap=True)
    cfg = load_config(args)
    if args.key_type:
        cfg = config_mod.replace_key_type(cfg, args.key_type)
    if not cfg.issuer_url:
        return fail("config.no_issuer", "No issuing service is configured: give --issuer URL or set issuer_url.")
    language = "en" if (args.lang or cfg.language) == "en" else "sv"
    texts = step_texts.for_language(language, extra=extra)
    context = AppContext(
        config=cfg,
        journal_store=JournalStore(Path(args.journal_dir) if args.journal_dir else None),
        card_source=source,
    )
    try:
        enroller = context.enroller()
        cards_from = source or Pkcs11Source(cfg.module, None, cfg.management_key)
        cards = cards_from.cards()
        if not cards:
            if source is not None:
                raise NoCardError(f"no card in {source.name}")
            from sithsclient.status import nothing_found

            raise nothing_found(cards_from.name)
        card = choose_card(cards, args.serial)
    except EnrollmentError as exc:
        return fail(exc.code, exc.message + (f" ({exc.detail})" if exc.detail else ""))
    except UpgradeStopped as stop:
        return fail(stop.code, stop.message)
    console.print(f"Card {card.serial} in {card.reader or '-'}")
    prompter = TerminalPrompter(console, pin_stdin=sys.stdin if args.pin_stdin else None, assume_yes=args.yes)
    try:
        plan = make_plan()
    except UpgradeStopped as stop:
        return fail(stop.code, stop.message)
    engine = runs.new_run(card, plan, enroller, prompter, ProgressPrinter(console, texts), context.run_settings())
    started = time.monotonic()
    try:
        outcome = engine.run()
    except CardError as exc:
        return fail(exc.code, exc.message)
    if outcome.ok:
        if not outcome.already_current:
            console.print(
                f"[bold green]{texts[ev.Step.DONE]}[/bold green] ({time.monotonic() - started:.0f} s). "
                "Restart the programs that use the card."
            )
        return exitcodes.OK
    safe = " Running it again resumes where it stopped." if outcome.retry_safe else ""
    return fail(outcome.code, outcome.message + safe)


def add_engine_options(p: argparse.ArgumentParser) -> None:
    add_card_options(p)
    p.add_argument("--issuer", metavar="URL", help="the issuing service's CMP URL")
    p.add_argument("--trust", metavar="FILE", action="append", help="CA certificate to trust (repeatable)")
    p.add_argument("--serial", help="the card to use when several are inserted")
    p.add_argument("--key-type", choices=config_mod.KEY_TYPES, help="new key type (default rsa2048)")
    p.add_argument("--yes", action="store_true", help="accept the terms without asking")
    p.add_argument("--lang", choices=("sv", "en"), help="language of the step names")
    p.add_argument("--journal-dir", metavar="DIR", help="where the per-card journals are (default: user data)")
