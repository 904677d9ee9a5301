"""`sithsclient gui` (and `sithsclient` with no command): the upgrade wizard.

Qt is imported only when a window is really opened, so the other commands stay light and work without a
display.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import warnings
from typing import TYPE_CHECKING, TextIO

from sithsclient import exitcodes
from sithsclient.commands import common
from sithsclient.commands.common import add_card_options, load_config
from sithsclient.config import Config

if TYPE_CHECKING:  # the engine's modules load after the first window is drawn (ui/app.py)
    from sithsclient.app.context import PracticeControls
    from sithsclient.upgrade.journal import JournalStore

LANGUAGES = ("sv", "en")


def has_display() -> bool:
    """A window can be shown: a desktop session that answers, or a Qt platform chosen on purpose (offscreen,
    for tests). A DISPLAY naming a server that is not there (an ssh session's stale variable, a closed Xvfb)
    counts as none: Qt would abort the process (exit 134) instead of falling back to the terminal."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return _wayland_answers(os.environ.get("WAYLAND_DISPLAY", "")) or _x_answers(os.environ.get("DISPLAY", ""))


def _x_answers(display: str) -> bool:
    """Whether an X server listens where DISPLAY says: ":N" is the local socket /tmp/.X11-unix/XN (or its
    abstract twin), "host:N" TCP port 6000+N. Only a connection is made; nothing is sent."""
    host, sep, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not sep or not number.isdigit():
        return False
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        return any(_connects(socket.AF_UNIX, address) for address in (path, "\0" + path))
    return _connects(socket.AF_INET6 if ":" in host else socket.AF_INET, (host.strip("[]"), 6000 + int(number)))


def _wayland_answers(name: str) -> bool:
    if not name:
        return False
    path = name if name.startswith("/") else os.path.join(os.environ.get("XDG_RUNTIME_DIR", ""), name)
    return _connects(socket.AF_UNIX, path)


def _connects(family: int, address: str | tuple[str, int]) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(2.0)
            probe.connect(address)
        return True
    except OSError:
        return False


def open_wizard(
    config: Config,
    language: str | None,
    *,
    journal_store: JournalStore | None = None,
    practice: PracticeControls | None = None,
) -> int:
    from sithsclient.ui.app import run

    runtime_dir_warnings_to_log()
    return run(config, language=language, journal_store=journal_store, practice=practice)


def runtime_dir_warnings_to_log() -> None:
    """platformdirs warns (RuntimeDirWarning) when XDG_RUNTIME_DIR is unset or unfit (an ssh or su session, a
    container) and uses a private folder of its own instead, where the wizard's single-instance socket works as
    well (ui/single_instance.py): a fact for IT support's log, not a fault to show in the person's terminal at
    every start. Every other warning is shown as before."""
    try:
        from platformdirs import RuntimeDirWarning
    except ImportError:  # a platformdirs from before the warning
        return
    shown = warnings.showwarning
    if getattr(shown, "_sithsclient_runtime_dir", False):  # done already in this process
        return

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if issubclass(category, RuntimeDirWarning):
            logging.getLogger(__name__).info("user runtime folder: %s", message)
            return
        shown(message, category, filename, lineno, file, line)

    show._sithsclient_runtime_dir = True  # type: ignore[attr-defined]
    warnings.showwarning = show


def no_display() -> int:
    from sithsclient.commands import words

    w = words.current()
    where = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    said = (
        w("the display {where} does not answer, so the wizard cannot open.", where=where)
        if where
        else w("no display to open the wizard on.")
    )
    how = w("Use `sithsclient upgrade` in a terminal, or `sithsclient --help` for every command.")
    print(f"sithsclient: {said} {how}", file=sys.stderr)
    return exitcodes.FAILED


def cmd_gui(args: argparse.Namespace) -> int:

    config = load_config(args)  # first: it decides the language no_display speaks
    if not has_display():
        return no_display()
    return open_wizard(config, args.lang)


def run_default(language: str | None = None) -> int:
    """`sithsclient` alone (or `sithsclient --lang en`): the wizard with the configured settings."""
    if not has_display():
        return no_display()
    return cmd_gui(argparse.Namespace(module=None, config=None, issuer=None, trust=None, lang=language))


def add_language_option(parser: argparse.ArgumentParser) -> None:
    common.add_language_option(parser)  # demo's, from here


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:

    p = sub.add_parser("gui", help="open the upgrade wizard (what `sithsclient` alone does)")
    add_card_options(p)
    p.add_argument("--issuer", metavar="URL", help="the issuing service's CMP URL")
    p.add_argument("--trust", metavar="FILE", action="append", help="CA certificate to trust (repeatable)")
    add_language_option(p)
    p.set_defaults(func=cmd_gui)
