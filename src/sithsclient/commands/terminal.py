"""The engine in a terminal, for `upgrade` and `extra`: the prompts, the progress lines, the exit code.

PINs are read with no echo (getpass), or with --pin-stdin from two lines of standard input (authentication
PIN, then signature PIN; a card with one shared PIN uses the first). In scripted mode nothing is asked twice:
a wrong PIN ends the run with its code, and a PIN on its final try is never sent.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from rich.console import Console

from sithsclient import advice, catalogue, exitcodes, step_texts
from sithsclient import config as config_mod
from sithsclient.app import runs
from sithsclient.app.context import AppContext
from sithsclient.card.errors import CardError, NoCardError, PinState, PinStatus
from sithsclient.card.layouts import PinRole
from sithsclient.card.source import CardSource, ListedCard, Pkcs11Source, cards_once_settled
from sithsclient.commands import words as words_mod
from sithsclient.commands.common import add_card_options, fail, load_config
from sithsclient.commands.words import Words
from sithsclient.enroll.errors import EnrollmentError
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import UpgradeStopped
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.plan import Plan
from sithsclient.upgrade.prompts import PinRequest, Terms, UnblockRequest

log = logging.getLogger(__name__)

PIN_CODE = "PIN code"
ROLE_PROMPT = {
    PinRole.AUTHENTICATION: "PIN for logging in (legitimering)",
    PinRole.SIGNATURE: "PIN for signing (underskrift)",
}


class OperationSay:
    """An operation's own sentences (operation.py) in the terminal's language, from the wizard's .qm."""

    def __init__(self, language: str) -> None:
        self._catalogue = catalogue.for_language(language)
        self.language = language

    def __call__(self, operation: Operation, text: str, **values: object) -> str:
        said = self._catalogue.translate(operation.words.context, text)
        return said.format(**values) if values else said

    def step_names(self, operation: Operation) -> dict[ev.Step, str]:
        """The seed's step names, and the operation's own where it has them (an extra pair's last step)."""
        names = step_texts.for_language(self.language)
        names.update({step: self(operation, own) for step, own in operation.words.step_names.items()})
        return names


class TerminalPrompter:
    def __init__(self, console: Console, words: Words, *, pin_stdin: TextIO | None, assume_yes: bool) -> None:
        self.console = console
        self.words = words
        self.say = OperationSay(words.language)
        self.pin_stdin = pin_stdin
        self.assume_yes = assume_yes
        self.shared_pin = True  # the card's: run_in_terminal sets it once the card is chosen
        self._stdin_pins: list[str] | None = None
        # The last PIN problem in words (with the tries left where the card tells), for the run's last line.
        self.pin_problem: tuple[str, str] | None = None

    def _role(self, role: PinRole, shared: bool) -> str:
        return self.words(PIN_CODE) if shared else self.words(ROLE_PROMPT[role])

    def _read_stdin_pins(self) -> list[str]:
        if self._stdin_pins is None:
            assert self.pin_stdin is not None
            self._stdin_pins = [self.pin_stdin.readline().rstrip("\r\n") for _ in range(2)]
        return self._stdin_pins

    def pins(self, request: PinRequest) -> dict[PinRole, str] | None:
        if request.problem is not None:
            # Name the PIN only on a card with two: on one with a shared PIN "for legitimering" misleads.
            sentence = self.words.pin_problem(request.problem, shared=self.shared_pin)
            if self.pin_stdin is not None:  # scripted: never guess again
                self.pin_problem = (request.problem.code, sentence)
                raise UpgradeStopped(request.problem.code, request.problem.message)
            self.console.print(f"[red]{sentence}[/red]")
        if self.pin_stdin is not None:
            lines = self._read_stdin_pins()
            if len(request.roles) == 1:
                return {request.roles[0]: lines[0]}
            return {PinRole.AUTHENTICATION: lines[0], PinRole.SIGNATURE: lines[1]}
        answers: dict[PinRole, str] = {}
        for role in request.roles:
            status = request.statuses.get(role)
            hint = f" [{self._status(status)}]" if status is not None else ""
            name = self._role(role, self.shared_pin)
            answers[role] = getpass.getpass(f"{name}{hint}: ")
        return answers

    def confirm_final_try(self, role: PinRole, *, puk: bool = False) -> bool:
        if self.pin_stdin is not None or not sys.stdin.isatty():
            return False
        w = self.words
        if puk:
            self.console.print(
                f"[bold red]{w('The PUK code has one try left.')}[/bold red] "
                + w("If it is wrong, the PUK code is blocked as well and only your local card office can help.")
            )
            return w.yes(input(w("Try this PUK code anyway? [y/N] ")))
        self.console.print(
            f"[bold red]{w('{pin}: one try left.', pin=w(ROLE_PROMPT[role]))}[/bold red] "
            + w("A wrong PIN now blocks it, and a new PUK costs 150 kr. Only go on if you are sure of the PIN.")
        )
        return w.yes(input(w("Try this PIN anyway? [y/N] ")))

    def unblock(self, request: UnblockRequest) -> tuple[str, str] | None:
        if self.pin_stdin is not None or not sys.stdin.isatty():
            return None
        w = self.words
        role, status = request.role, request.puk
        if request.problem is not None:  # a wrong PUK: typed again, with the tries it has left
            self.console.print(f"[red]{w.pin_problem(request.problem, shared=self.shared_pin)}[/red]")
        else:
            self.console.print(
                f"[bold red]{w('{pin} is blocked.', pin=w(ROLE_PROMPT[role]))}[/bold red] "
                + w("You can unblock it with your PUK.")
            )
            if not w.yes(input(w("Unblock it now with the PUK? [y/N] "))):
                return None
        told = status.state is not PinState.UNKNOWN and request.problem is None
        puk = getpass.getpass(w("PUK code ({tries}): ", tries=w.puk_status(status)) if told else w("PUK code: "))
        new = getpass.getpass(w("New PIN code: "))
        if getpass.getpass(w("New PIN code again: ")) != new:
            self.console.print(f"[red]{w('The two new PIN codes differ.')}[/red]")
            return None
        return puk, new

    def _status(self, status: PinStatus) -> str:
        return self.words.pin_status(status)

    def accept_terms(self, terms: Terms) -> bool:
        w = self.words
        seconds = w(
            "- It takes about {seconds} seconds. If the card leaves the reader, it waits and goes on when you put the "
            "same card back.",
            seconds=terms.seconds_expected,
        )
        operation, say = terms.operation, self.say
        values = {"holder": terms.holder, "hsa_id": terms.hsa_id, "organisation": terms.organisation}
        heading = say(operation, operation.words.terminal_terms_heading, **values)
        points = [
            say(operation, point, n=terms.certificates_to_replace) for point in operation.words.terminal_terms_points
        ]
        if terms.runs_left is not None and operation.words.terms_room:  # a card that cannot delete a key (PIV)
            points.append("- " + say(operation, operation.words.terms_room, left=terms.runs_left))
        if terms.fetch_later:  # a renewal: the service's set has a signature certificate the card lacks
            from sithsclient.upgrade.renew_words import FETCH_LATER

            points.append("- " + say(operation, FETCH_LATER))
        if terms.card_set is not None:  # what the card holds afterwards, as the issuing service decided
            from sithsclient.upgrade.upgrade_plan import UPGRADE
            from sithsclient.upgrade.upgrade_words import SET_TERMS, SET_TERMS_OTHER

            held = SET_TERMS.get(terms.card_set.name, SET_TERMS_OTHER)
            points.append("- " + say(UPGRADE, held, n=len(terms.card_set.certificates)))
        self.console.print("\n[bold]" + heading + "[/bold]\n" + "\n".join([*points, seconds]) + "\n")
        if self.assume_yes:
            self.console.print(w("I accept the terms: yes (--yes)"))
            return True
        if not sys.stdin.isatty() or self.pin_stdin is not None:
            raise UpgradeStopped("terms.not_accepted", w("The terms must be accepted: run with --yes in scripts."))
        return w.yes(input(w("I accept the terms [y/N] ")))


class ProgressPrinter:
    """One line per event: works in a terminal, a log file and a pipe alike."""

    def __init__(self, console: Console, operation: Operation, say: OperationSay, words: Words) -> None:
        self.console = console
        self.texts = say.step_names(operation)
        self.say = say
        self.words = words
        self._started: dict[ev.Step, float] = {}
        self._waited = 0.0  # waits for the card during the step under way: not the step's time, as in the wizard
        self._paused_at: float | None = None

    def _card_back(self, at: float) -> None:
        if self._paused_at is not None:
            self._waited += max(0.0, at - self._paused_at)
        self._paused_at = None

    def __call__(self, event: ev.Event) -> None:
        if isinstance(event, ev.StepStarted):
            self._started[event.step] = event.at
            self._waited, self._paused_at = 0.0, None
            if event.step in ev.CARD_STEPS:
                self.console.print(f"[bold]→ {self.texts[event.step]}[/bold]")
        elif isinstance(event, ev.StepDone) and event.step in ev.CARD_STEPS:
            self._card_back(event.at)
            took = event.at - self._started.get(event.step, event.at) - self._waited
            self.console.print(f"[green]✓ {self.texts[event.step]}[/green] ({took:.1f} s)")
        elif isinstance(event, ev.Progress):
            self.console.print(f"    {self.words.progress(event.message, event.purpose)}")
        elif isinstance(event, ev.Paused):
            self._paused_at = event.at if self._paused_at is None else self._paused_at
            self.console.print(
                f"[bold yellow]‖ {self.words.sentence(event.code, event.message)}[/bold yellow] [{event.code}]"
            )
        elif isinstance(event, ev.Resumed):
            self._card_back(event.at)
            self.console.print(f"[green]▶ {self.words('The card is back; going on.')}[/green]")
        elif isinstance(event, ev.WaitingForOtherRun):  # the wizard's wait; the command line gives way instead
            waits = self.words("An upgrade of this card is already running; this one waits.")
            self.console.print(f"[yellow]{waits}[/yellow]")
        elif isinstance(event, ev.PinUnblocked):
            unblocked = self.words("The PIN code is unblocked: from now on it is the new one you chose.")
            self.console.print(f"[green]{unblocked}[/green]")
        elif isinstance(event, ev.Finished):
            if event.already_current:
                nothing = self.say(event.operation, event.operation.words.terminal_already_done)
                self.console.print(f"[green]{nothing}[/green]")
            for info in event.certificates:
                validity = self.words.validity(info.not_after, info.days_left())
                self.console.print(f"    {self.words.purpose(info.purpose)}: {info.hsa_id}, {info.issuer}, {validity}")


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
        raise UpgradeStopped(
            "card.several",
            words_mod.current()("Several cards are inserted ({serials}): choose one with --serial.", serials=serials),
        )
    return cards[0]


def run_in_terminal(
    args: argparse.Namespace,
    make_plan: Callable[[], Plan],
    *,
    source: CardSource | None = None,
    practice: bool = False,
) -> int:
    """What `upgrade` and `extra` share: configuration, the card, the prompts, the progress and the exit code.
    `make_plan` is called once the card is chosen (an extra pair's asks for its one-time code then). `source`:
    where the cards come from (practice mode's in-process card; else the PC's card software)."""
    console = Console(highlight=False, soft_wrap=True)
    cfg = load_config(args)
    if args.key_type:
        cfg = config_mod.replace_key_type(cfg, args.key_type)
    w = words_mod.use(words_mod.choose(args.lang, cfg.language))
    if not cfg.issuer_url:
        return fail("config.no_issuer", w("No issuing service is configured: give --issuer URL or set issuer_url."))
    context = AppContext(
        config=cfg,
        journal_store=JournalStore(Path(args.journal_dir) if args.journal_dir else None),
        card_source=source,
    )
    try:
        enroller = context.enroller()
        cards_from = source or Pkcs11Source(cfg.module, None, cfg.management_key)
        cards = cards_from.cards() if source is not None else cards_once_settled(cards_from)
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
    console.print(w("Card {serial} in {reader}", serial=card.serial, reader=card.reader or "-"))
    prompter = TerminalPrompter(console, w, pin_stdin=sys.stdin if args.pin_stdin else None, assume_yes=args.yes)
    prompter.shared_pin = card.shared_pin
    try:
        plan = make_plan()
    except UpgradeStopped as stop:
        return fail(stop.code, stop.message)
    settings = replace(context.run_settings(), practice=practice)  # practice: the time a practice card takes
    printer = ProgressPrinter(console, plan.operation, prompter.say, w)
    engine = runs.new_run(card, plan, enroller, prompter, printer, settings)
    started = time.monotonic()
    try:
        outcome = engine.run()
    except CardError as exc:
        return fail(exc.code, exc.message)
    if outcome.ok:
        if not outcome.already_current:
            console.print(
                f"[bold green]{printer.texts[ev.Step.DONE]}[/bold green] ({time.monotonic() - started:.0f} s). "
                + w("Restart the programs that use the card.")
            )
        return exitcodes.OK
    # "It goes on where it stopped" only where something was begun and running again does go on.
    goes_on = outcome.retry_safe and advice.advice_for(outcome.code).again is advice.Again.SAFE
    safe = " " + w("Running it again resumes where it stopped.") if goes_on else ""
    if prompter.pin_problem is not None and prompter.pin_problem[0] == outcome.code:
        return fail(outcome.code, prompter.pin_problem[1] + safe, worded=True)  # with the tries left
    return fail(outcome.code, outcome.message, suffix=safe, details=dict(outcome.details) or None)


def add_engine_options(p: argparse.ArgumentParser) -> None:
    add_card_options(p)
    p.add_argument("--issuer", metavar="URL", help="the issuing service's CMP URL")
    p.add_argument("--trust", metavar="FILE", action="append", help="CA certificate to trust (repeatable)")
    p.add_argument("--serial", help="the card to use when several are inserted")
    p.add_argument("--key-type", choices=config_mod.KEY_TYPES, help="new key type (default rsa2048)")
    p.add_argument("--yes", action="store_true", help="accept the terms without asking")
    p.add_argument(
        "--lang",
        choices=("sv", "en"),
        help="language of what is printed (default: the configuration's, else the system's)",
    )
    p.add_argument("--journal-dir", metavar="DIR", help="where the per-card journals are (default: user data)")
