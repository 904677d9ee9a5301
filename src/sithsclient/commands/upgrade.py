"""`sithsclient upgrade`: the engine in a terminal, for IT support and scripts (see terminal.py)."""

from __future__ import annotations

import argparse

from sithsclient.commands.common import load_config
from sithsclient.commands.terminal import add_engine_options, run_in_terminal
from sithsclient.upgrade.upgrade_plan import UpgradePlan


def cmd_upgrade(args: argparse.Namespace) -> int:
    # Where the issuing service does not say which certificates it issues, the configuration's card_set does.
    return run_in_terminal(args, lambda: UpgradePlan(load_config(args).card_set))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("upgrade", help="upgrade the card's certificates (resumes a stopped upgrade)")
    add_engine_options(p)
    p.add_argument("--pin-stdin", action="store_true", help="read the PINs from two lines of standard input")
    p.set_defaults(func=cmd_upgrade)
