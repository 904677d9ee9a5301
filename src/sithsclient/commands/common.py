"""What every command shares: its card options, its configuration, and its one line on failure."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from sithsclient import config as config_mod
from sithsclient import exitcodes
from sithsclient.codes import Code

if TYPE_CHECKING:
    from sithsclient.card.errors import CardError


# A word on the command line that is, or names, a PIN: `--pin 123456`, `--puk=12345678`, or the digits alone.
_PIN_OPTIONS = ("--pin", "--puk", "--signature-pin", "--new-pin")
_PIN_DIGITS = range(4, 17)  # PINs are 4-8 digits, PUKs 8; a card serial (--serial) is an option's value


def _names_a_pin(word: str) -> bool:
    name = word.split("=", 1)[0]
    return name in _PIN_OPTIONS or (word.isdigit() and len(word) in _PIN_DIGITS)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error never repeats the values it did not understand: a one-time code or a PIN
    typed as an argument by mistake (`extra --code K7QM-…`) would otherwise land on the screen and in a
    ticket. Unknown option names are still named. A PIN given as an argument is refused by name (pin.argument),
    unread. No abbreviations: `--pin 123456` would otherwise be taken for --pin-stdin and a stray number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse's, but words left over are the named command's usage error, not the top level's, said in
        the language asked for with --lang wherever it stands."""
        words = list(sys.argv[1:] if args is None else args)
        language = next((b for a, b in itertools.pairwise(words) if a == "--lang"), None)
        if language in ("sv", "en"):
            from sithsclient.commands import words as terminal_words

            terminal_words.use(language)
        parsed, extras = self.parse_known_args(words, namespace)
        if extras:
            self._command_parser(parsed).error("unrecognized arguments: " + " ".join(extras))
        return parsed

    def _command_parser(self, parsed: argparse.Namespace) -> argparse.ArgumentParser:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen: argparse.ArgumentParser | None = action.choices.get(getattr(parsed, action.dest, None) or "")
                if chosen is not None:
                    return chosen
        return self

    def error(self, message: str) -> NoReturn:
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):
            words = message.removeprefix(prefix).split()
            if any(_names_a_pin(word) for word in words):
                sys.exit(fail(Code.PIN_ARGUMENT, Code.PIN_ARGUMENT.says))
            message = prefix + " ".join(w.split("=", 1)[0] + ("=…" if "=" in w else "") if w.startswith("-") else "…"
                                        for w in words)  # fmt: skip
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
