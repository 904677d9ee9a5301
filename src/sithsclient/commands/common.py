"""What every command shares: its card options, its configuration, and its one line on failure."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NoReturn

from sithsclient import config as config_mod
from sithsclient import exitcodes

if TYPE_CHECKING:
    from sithsclient.card.errors import CardError


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error never repeats the values it did not understand: a one-time code or a PIN
    typed as an argument by mistake (`extra --code K7QM-…`) would otherwise land on the screen and in a
    ticket. Unknown option names are still named."""

    def error(self, message: str) -> NoReturn:
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):
            words = message.removeprefix(prefix).split()
            message = prefix + " ".join(w if w.startswith("-") else "…" for w in words)
        super().error(message)


def fail(code: str, message: str, *, worded: bool = False, suffix: str = "") -> int:
    """The one line on stderr: the sentence in the terminal's language (the wizard's for `code`, see words.py),
    then the stable code, the same in both languages. `message` is the layers' English; `worded`: already in
    the terminal's language."""
    if not worded:
        from sithsclient.commands import words

        message = words.current().sentence(code, message)
    print(f"sithsclient: {message}{suffix} [{code}]", file=sys.stderr)
    return exitcodes.for_code(code)


def fail_card(error: CardError) -> int:
    """fail() for a card error. The smart card service not answering is said as the wizard says it: the code's
    sentence, then its first page's line about the service (in English the layers' sentence has it)."""
    from sithsclient.catalogue import Catalogue
    from sithsclient.commands import words
    from sithsclient.status import SERVICE_DOWN, SERVICE_DOWN_CONTEXT, ServiceDownError

    language = words.current().language
    if not isinstance(error, ServiceDownError) or language == "en":
        return fail(error.code, error.message)
    return fail(
        error.code, error.message, suffix=" " + Catalogue(language).translate(SERVICE_DOWN_CONTEXT, SERVICE_DOWN)
    )


def load_config(args: argparse.Namespace) -> config_mod.Config:
    overrides = {
        "module": getattr(args, "module", None),
        "issuer_url": getattr(args, "issuer", None),
        "trust": getattr(args, "trust", None),
    }
    return config_mod.load(getattr(args, "config", None), overrides=overrides)


def add_card_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--module", metavar="PATH", help="PKCS#11 module to use (default: tried per OS)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
