"""`sithsclient extra`: add the certificate pair another organisation ordered for this card's holder.

The card office of that organisation gave a reference (ORD-…) and a one-time code. The code is read with no
echo, or with --code-stdin from the first line of standard input (then --pin-stdin reads the PINs from the next
lines); it is never taken as an argument, where other users of the computer could read it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sithsclient.codes import Code
from sithsclient.commands import words
from sithsclient.commands.common import fail
from sithsclient.commands.terminal import add_engine_options, run_in_terminal
from sithsclient.upgrade.engine import UpgradeStopped
from sithsclient.upgrade.extra import ExtraOrder, ExtraPairPlan


def _code(args: argparse.Namespace) -> str:
    code = sys.stdin.readline() if args.code_stdin else getpass.getpass(words.current()("One-time code: "))
    code = code.strip()
    if not code:
        raise UpgradeStopped(Code.EXTRA_NO_CODE, Code.EXTRA_NO_CODE.says)
    return code


def cmd_extra(args: argparse.Namespace) -> int:
    if args.code_argument is not None:
        return fail(Code.EXTRA_CODE_ARGUMENT, Code.EXTRA_CODE_ARGUMENT.says)
    return run_in_terminal(args, lambda: ExtraPairPlan(ExtraOrder(args.reference, _code(args))))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "extra",
        allow_abbrev=False,  # `--code` must not be taken for --code-stdin
        help="add the certificate pair another organisation ordered for you (with its reference and one-time code)",
    )
    p.add_argument("--reference", required=True, help="the order's reference, as ORD-7K3M9Q2X")
    add_engine_options(p)
    p.add_argument("--code-stdin", action="store_true", help="read the one-time code from the first line of stdin")
    # Not an option: there to refuse, by name, a code given on the command line.
    p.add_argument("--code", dest="code_argument", metavar="CODE", help=argparse.SUPPRESS)
    p.add_argument("--pin-stdin", action="store_true", help="read the PINs from the next two lines of standard input")
    p.set_defaults(func=cmd_extra)
