"""`sithsclient gui` (and `sithsclient` with no command): the upgrade wizard.

Qt is imported only when a window is really opened, so the other commands stay light and work without a
display.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from sithsclient import exitcodes
from sithsclient.commands.common import add_card_options, load_config
from sithsclient.config import Config
from sithsclient.upgrade.journal import JournalStore

if TYPE_CHECKING:
    from sithsclient.app.context import PracticeControls

LANGUAGES = ("sv", "en")


def has_display() -> bool:
    """A window can be shown: a desktop session, or a Qt platform chosen on purpose (offscreen, for tests)."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def open_wizard(
    config: Config,
    language: str | None,
    *,
    journal_store: JournalStore | None = None,
    practice: PracticeControls | None = None,
) -> int:
    from sithsclient.app.context import AppContext
    from sithsclient.ui.app import run

    context = AppContext(config=config, journal_store=journal_store or JournalStore(), practice=practice)
    return run(context, language=language)


def no_display() -> int:
    print(
        "sithsclient: no display to open the wizard on. Use `sithsclient upgrade` in a terminal, "
        "or `sithsclient --help` for every command.",
        file=sys.stderr,
    )
    return exitcodes.FAILED


def cmd_gui(args: argparse.Namespace) -> int:

    if not has_display():
        return no_display()
    return open_wizard(load_config(args), args.lang)


def run_default() -> int:
    """`sithsclient` alone: the wizard with the configured settings."""
    if not has_display():
        return no_display()
    return cmd_gui(argparse.Namespace(module=None, config=None, issuer=None, trust=None, lang=None))


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the window (default: the system's; sv)")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:

    p = sub.add_parser("gui", help="open the upgrade wizard (what `sithsclient` alone does)")
    add_card_options(p)
    p.add_argument("--issuer", metavar="URL", help="the issuing service's CMP URL")
    p.add_argument("--trust", metavar="FILE", action="append", help="CA certificate to trust (repeatable)")
    add_language_option(p)
    p.set_defaults(func=cmd_gui)
