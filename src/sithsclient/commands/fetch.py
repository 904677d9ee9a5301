"""`sithsclient fetch`: fetch the signature certificate an upgraded card lacks (the 2024 platform leaves it off),
with the same options, PIN rules and exit codes as `upgrade`."""

from __future__ import annotations

import argparse

from sithsclient.commands.terminal import add_engine_options, run_in_terminal
from sithsclient.upgrade.fetch_plan import FetchPlan


def cmd_fetch(args: argparse.Namespace) -> int:
    return run_in_terminal(args, FetchPlan)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("fetch", help="fetch the signature certificate the card lacks")
    add_engine_options(p)
    p.add_argument("--pin-stdin", action="store_true", help="read the PINs from two lines of standard input")
    p.set_defaults(func=cmd_fetch)
