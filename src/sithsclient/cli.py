"""The command line: `sithsclient status | upgrade | extra | diagnose | demo | issuer`.

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
    print(f"PKCS#11 module: {data['module']} (chosen because: {data['module_reason']})")
    if data["pcsc"] != "available":
        print("Card readers: the smart card service (PC/SC) is not running")
    elif not data["readers"]:
        print("Card readers: none")
    for reader in data["readers"]:
        state = f"card present (ATR {reader['atr']})" if reader["card_present"] else "empty"
        print(f"Reader: {reader['name']}: {state}")
    for card in data["cards"]:
        print()
        print(f"Card {card['serial']} ({card['label']}, {card['layout']} layout) in {card['reader'] or '-'}")
        for token in card["tokens"]:
            tries = "" if token["tries_left"] is None else f", {token['tries_left']} tries left"
            print(f"  PIN {token['pin']}: {token['pin_state']}{tries}")
        for cert in card["certificates"]:
            print(
                f"  {cert['purpose']:<14} {cert['hsa_id'] or '-':<28} {cert['generation']:<8} "
                f"valid to {cert['not_after'][:10]} ({cert['days_left']} days)  {cert['issuer']}  [slot {cert['slot']}]"
            )
        print(f"  Verdict: {card['verdict']}: {card['verdict_reason']}")


# -- the parser ---------------------------------------------------------------------------------------


def build_parser(commands: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with `status` and the given commands' sub-parsers (None: every command's)."""
    from sithsclient.commands import gui as gui_command
    from sithsclient.commands.common import Parser, add_card_options

    parser: argparse.ArgumentParser = Parser(  # its sub-parsers are Parsers too (argparse: type(self))
        prog="sithsclient",
        description="Upgrade the certificates on a SITHS eID card, diagnose failed upgrades, and rehearse them.",
        epilog="Without a command it opens the upgrade wizard, which needs a display. In a terminal (ssh, no "
        "desktop) run `sithsclient upgrade` instead, or `sithsclient demo` to rehearse.",
    )
    parser.add_argument("--version", action="version", version=f"sithsclient {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr")
    # `sithsclient` alone opens the wizard, so the wizard's language belongs on the bare command too (its own
    # dest: a sub-command's --lang default would overwrite it).
    parser.add_argument(
        "--lang", dest="wizard_lang", choices=gui_command.LANGUAGES, help="the wizard's language (sv, en)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("status", help="readers, cards, certificates and what the upgrade can do")
    add_card_options(p)
    p.add_argument("--json", action="store_true", help="machine-readable output (stable; see README)")
    p.set_defaults(func=cmd_status)

    for name in COMMANDS if commands is None else commands:
        _load(name)(sub)
    return parser


# Each command's module is imported only when that command runs (`--help` and a usage error load them all):
# `check --notify` runs at every logon of a region, and the terminal's commands bring rich and the engine.
COMMANDS = {
    "upgrade": "sithsclient.commands.upgrade",
    "extra": "sithsclient.commands.extra",
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
            return gui_command.run_default(args.wizard_lang)
        build_parser().print_help()  # called in-process (tests): the help, never a window
        return exitcodes.OK
    try:
        return func(args)
    except config_mod.ConfigError as exc:
        return fail(exc.code, str(exc))
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
