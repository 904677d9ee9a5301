"""`sithsclient renew`: renew the card's own certificates before they expire, in a terminal (see terminal.py).

The same options, PIN rules and exit codes as `upgrade`. A card not yet due says from which day it will be
(exit 0); where the organisation has the card office renew (`renewal = "card_office"`), it says whom to contact
and changes nothing.
"""

from __future__ import annotations

import argparse
import sys

from sithsclient import exitcodes
from sithsclient.codes import Code
from sithsclient.commands import words
from sithsclient.commands.common import fail, load_config
from sithsclient.commands.terminal import OperationSay, add_engine_options, run_in_terminal
from sithsclient.upgrade.renew_plan import RENEWAL, RenewPlan
from sithsclient.upgrade.renew_words import DUE_FROM


def cmd_renew(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    if cfg.renewal == "card_office":
        from sithsclient import advice, texts

        code = fail(Code.RENEWAL_CARD_OFFICE, Code.RENEWAL_CARD_OFFICE.says)
        contact = advice.contacts(cfg)[advice.Helper.CARD_OFFICE]
        if contact.known:
            words.current().use()
            print(texts.contact_line(advice.Helper.CARD_OFFICE, contact), file=sys.stderr)
        return code
    plan = RenewPlan(cfg.renewal_days, fallback_set=cfg.card_set)
    code = run_in_terminal(args, lambda: plan)
    if code == exitcodes.OK and plan.due_from is not None:
        print(OperationSay(words.current().language)(RENEWAL, DUE_FROM, date=plan.due_from.isoformat()))
    return code


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("renew", help="renew the card's certificates before they expire (resumes a stopped renewal)")
    add_engine_options(p)
    p.add_argument("--pin-stdin", action="store_true", help="read the PINs from two lines of standard input")
    p.set_defaults(func=cmd_renew)
