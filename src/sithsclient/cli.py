"""The command line: `sithsclient status | upgrade | renew | extra | fetch | diagnose | demo | issuer`.

Every failure ends in one line on stderr with a stable code, and a stable exit code (exitcodes.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sithsclient import __version__

# Everything else is imported where it is used: the logon reminder with no card in any reader (main's first
# step) must cost about what asking PC/SC costs, and argparse, logging and the configuration cost more.
if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace"], int]


# -- status -------------------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    import json

    from sithsclient import exitcodes, status
    from sithsclient.commands.common import load_config

    cfg = load_config(args)
    report = status.gather(cfg.module, None, cfg.management_key)
    data = status.to_json(report)
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_status(data)
    if not data["cards"]:
        raise status.nothing_found(report.module, report.readers, pcsc_available=report.pcsc_available)
    return exitcodes.OK


def print_status(data: dict[str, Any]) -> None:
    """status's report in the run's language; the facts (paths, serials, ATRs, dates) as the JSON has them."""
    import datetime as dt

    from sithsclient.card.errors import PinState, PinStatus
    from sithsclient.commands import words
    from sithsclient.pki.model import Generation, Purpose, Verdict
    from sithsclient.status import module_words

    w = words.current()
    reason = module_words(data["module_reason"], w.language)
    print(w("PKCS#11 module: {module} (chosen because: {reason})", module=data["module"], reason=reason))
    if data["pcsc"] != "available":
        print(w("Card readers: the smart card service (PC/SC) is not running"))
    elif not data["readers"]:
        print(w("Card readers: none"))
    for reader in data["readers"]:
        state = w("card present (ATR {atr})", atr=reader["atr"]) if reader["card_present"] else w("empty")
        print(w("Reader: {name}: {state}", name=reader["name"], state=state))
    for card in data["cards"]:
        print()
        print(
            w(
                "Card {serial} ({label}, {layout} layout) in {reader}",
                serial=card["serial"],
                label=card["label"],
                layout=card["layout"],
                reader=card["reader"] or "-",
            )
        )
        for token in card["tokens"]:
            if token["pin_state"] in tuple(PinState):
                state = w.pin_status(PinStatus(PinState(token["pin_state"]), token["tries_left"]))
            else:  # the card could not be asked
                state = w("could not be read")
            print(w("  PIN {pin}: {state}", pin=token["pin"], state=state))
        for cert in card["certificates"]:
            not_after = dt.datetime.fromisoformat(cert["not_after"])
            print(
                f"  {w.purpose(Purpose(cert['purpose'])):<14} {cert['hsa_id'] or '-':<28} "
                f"{w.generation(Generation(cert['generation']))}, {w.validity(not_after, cert['days_left'])}  "
                f"{cert['issuer']}  [{w('slot {slot}', slot=cert['slot'])}]"
            )
        print(w("  Verdict: {verdict}: {text}", verdict=card["verdict"], text=w.verdict(Verdict(card["verdict"]))))


# -- the parser ---------------------------------------------------------------------------------------


def build_parser(commands: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with `status` and the given commands' sub-parsers (None: every command's)."""
    from sithsclient.commands.common import Parser, add_card_options, add_language_option

    parser: argparse.ArgumentParser = Parser(  # its sub-parsers are Parsers too (argparse: type(self))
        prog="sithsclient",
        description="Upgrade the certificates on a SITHS eID card, diagnose failed upgrades, and rehearse them.",
        epilog="Without a command it opens the upgrade wizard, which needs a display. In a terminal (ssh, no "
        "desktop) run `sithsclient upgrade` instead, or `sithsclient demo` to rehearse.",
    )
    parser.add_argument("--version", action="version", version=f"sithsclient {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr")
    # Before the command or after it: one language for the run (Parser.parse_args makes them one value).
    add_language_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("status", help="readers, cards, certificates and what the upgrade can do")
    add_card_options(p)
    add_language_option(p)
    p.add_argument("--json", action="store_true", help="machine-readable output (stable; see README)")
    p.set_defaults(func=cmd_status)

    for name in COMMANDS if commands is None else commands:
        _load(name)(sub)
    return parser


# Each command's module is imported only when that command runs (`--help` and a usage error load them all):
# `check --notify` runs at every logon of a region, and the terminal's commands bring rich and the engine.
COMMANDS = {
    "upgrade": "sithsclient.commands.upgrade",
    "renew": "sithsclient.commands.renew",
    "extra": "sithsclient.commands.extra",
    "fetch": "sithsclient.commands.fetch",
    "gui": "sithsclient.commands.gui",
    "demo": "sithsclient.commands.demo",
    "check": "sithsclient.commands.check",
    "diagnose": "sithsclient.commands.diagnose",
    "issuer": "sithsclient.demo.issuer.cli",  # practice mode's; a package without demo/ has no such command
}
_OPTIONAL = {"issuer"}


def _load(name: str) -> Callable[[Any], None]:
    import importlib

    try:
        add_parser: Callable[[Any], None] = importlib.import_module(COMMANDS[name]).add_parser
    except ImportError:
        if name not in _OPTIONAL:
            raise
        return lambda _sub: None
    return add_parser


def command_in(argv: Sequence[str]) -> str | None:
    """The command named on this command line ("status" is cli.py's own; "gui" when none is named, as
    `sithsclient` alone opens the wizard), or None when help was asked for or the word is no command: then
    every command's parser is built, for the help or the usage error to name them all."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS or word == "status" else None
    return "gui"


def main(argv: Sequence[str] | None = None) -> int:
    if quiet_logon(sys.argv[1:] if argv is None else list(argv)):
        return 0
    return full_main(argv)


def quiet_logon(words: list[str]) -> bool:
    """The logon reminder with no card in any reader, answered before anything heavier than pyscard is
    imported (commands/check.py, quiet_logon)."""
    if words != ["check", "--notify"]:
        return False
    from sithsclient.commands import check

    return check.quiet_logon(__version__)


def full_main(argv: Sequence[str] | None = None) -> int:
    import io
    import logging

    from sithsclient import config as config_mod
    from sithsclient import exitcodes, logs
    from sithsclient.card.errors import CardError
    from sithsclient.commands import gui as gui_command
    from sithsclient.commands.common import fail, fail_card

    for stream in (sys.stdout, sys.stderr):  # a Windows pipe's code page lacks many names' letters: escape them
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    words = sys.argv[1:] if argv is None else list(argv)
    named = command_in(words)
    parser = build_parser(None if named is None else [name for name in (named,) if name in COMMANDS])
    args = parser.parse_args(argv)
    logs.setup(args.verbose)
    # Which command ran when (never its arguments): what IT support reads first in a user's log.
    logging.getLogger("sithsclient").info("sithsclient %s: %s", __version__, args.command or "(no command)")
    func: Handler | None = getattr(args, "func", None)
    if func is None:  # `sithsclient` alone asks for the wizard
        if not gui_command.has_display():
            # What `gui` says and ends with there: the wizard was asked for and did not open, which a launcher
            # or a script must be able to tell from an exit code; the line says how to go on in the terminal.
            return gui_command.no_display()
        if argv is None:  # from a desktop
            return gui_command.run_default(args.lang)
        build_parser().print_help()  # called in-process (tests): the help, never a window
        return exitcodes.OK
    try:
        return func(args)
    except config_mod.ConfigError as exc:
        source, problem = getattr(exc, "path", None), getattr(exc, "problem", None)
        details = {"source": source, "problem": problem.rstrip(".")} if source and problem else None
        return fail(exc.code, str(exc), details=details)
    except CardError as exc:
        return fail_card(exc)
    except KeyboardInterrupt:
        return fail("cancelled", "Cancelled.")
    except Exception:  # a defect of ours: one sentence and where the details are, never a traceback
        logging.getLogger("sithsclient").exception("unexpected error in %s", args.command, extra={logs.FILE_ONLY: True})
        from sithsclient.commands import words as terminal_words

        said = terminal_words.current()(
            "The program met an error it did not expect; nothing more was done. The details are in {path}.",
            path=logs.log_file(),
        )
        return fail("internal.error", said, worded=True)
