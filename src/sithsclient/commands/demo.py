"""`sithsclient demo`: practice mode, the README's first command.

It puts a fresh legacy practice card in a reader inside the program (no drivers, no root, any OS;
`--pins 2` for the two-PIN layout) or, with `--rig`, in the PC/SC rig (pcscd + vpcd + ykcs11, Linux, root),
starts the local issuing service, then opens the wizard on that card with the practice panel beside it.
Without a display it runs the very same upgrade in the terminal (`sithsclient upgrade`'s code, the practice
PIN on its standard input) and says so. Whatever it started, it stops on the way out, also after Ctrl-C or
an error.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sithsclient.commands import words
from sithsclient.commands.gui import add_language_option, has_display, open_wizard
from sithsclient.upgrade.journal import JournalStore

if TYPE_CHECKING:
    from sithsclient.demo.practice import PracticeSession


def _terminal_upgrade(practice: PracticeSession, language: str | None, *, asked: bool) -> int:
    """The practice upgrade in the terminal: `asked` with --terminal, else for want of a display (and then
    the first line says so and how to see the wizard)."""
    info = practice.info
    config = practice.config
    args = argparse.Namespace(
        module=config.module,
        config=None,
        issuer=config.issuer_url,
        trust=list(config.trust),
        serial=info.serial,
        key_type=None,
        yes=True,
        pin_stdin=True,
        lang=language,
        journal_dir=str(practice.journal_dir),
    )
    w = words.use(words.choose(language, config.language))
    if asked:  # --terminal: a display may be there, so no word of it
        print(
            w(
                "The practice upgrade runs in the terminal, with the practice PIN typed for you and the terms "
                "accepted (--yes)."
            )
            + "\n"
        )
    else:
        print(
            w(
                "No display: the practice upgrade runs in the terminal, with the practice PIN typed for you and "
                "the terms accepted (--yes). Run `sithsclient demo` on a desktop to see the wizard."
            )
            + "\n"
        )
    saved = sys.stdin
    sys.stdin = io.StringIO(f"{info.pin}\n{info.pin}\n")  # the upgrade command's --pin-stdin reads two lines
    try:
        from sithsclient.commands.terminal import run_in_terminal
        from sithsclient.upgrade.upgrade_plan import UpgradePlan

        return run_in_terminal(args, UpgradePlan, source=practice.card_source, practice=True)
    finally:
        sys.stdin = saved


def cmd_demo(args: argparse.Namespace) -> int:
    from sithsclient.demo.practice import PracticeSession

    directory = Path(args.directory) if args.directory else None
    w = words.use(words.choose(args.lang, None))  # the practice configuration has no language of its own
    if args.rig and args.pins == 2:
        print(
            "sithsclient demo: " + w("the PC/SC rig's practice card has one PIN; --pins 2 works without --rig."),
            file=sys.stderr,
        )
        return 2
    where = w("card reader service, practice card") if args.rig else w("practice card in the program")
    print(w("Starting practice mode ({where}, practice issuing service)…", where=where), flush=True)
    with PracticeSession(directory, rig=args.rig, pins=args.pins) as practice:
        info = practice.info
        print(
            w(
                "Practice card {serial} ({holder}, {hsa_id}) in \u201c{reader}\u201d.",
                serial=info.serial,
                holder=info.holder,
                hsa_id=info.hsa_id,
                reader=info.reader,
            )
        )
        layout = (
            w("one PIN for both") if info.pin_count == 1 else w("two PINs (legitimering, underskrift), the same code")
        )
        print(
            w(
                "Practice PIN code: {pin}   Practice PUK code: {puk}   ({layout})",
                pin=info.pin,
                puk=info.puk,
                layout=layout,
            ),
            flush=True,
        )
        if args.terminal or not has_display():
            return _terminal_upgrade(practice, args.lang, asked=args.terminal)
        return open_wizard(
            practice.config, args.lang, journal_store=JournalStore(practice.journal_dir), practice=practice
        )


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="practice mode: the wizard on a virtual card with a local issuing service")
    add_language_option(p)
    p.add_argument("--terminal", action="store_true", help="run the practice upgrade in the terminal")
    p.add_argument("--directory", metavar="DIR", help="where practice mode keeps its card and service state")
    p.add_argument(
        "--pins", type=int, choices=(1, 2), default=1, help="the practice card's PINs: one shared, or two (default 1)"
    )
    p.add_argument("--rig", action="store_true", help="the practice card in the PC/SC rig (Linux, root) instead")
    p.set_defaults(func=cmd_demo)
