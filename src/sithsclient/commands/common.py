"""What every command shares: its card options, its configuration, and its one line on failure."""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from sithsclient import config as config_mod
from sithsclient import exitcodes
from sithsclient.codes import QT_TRANSLATE_NOOP, Code

if TYPE_CHECKING:
    from sithsclient.card.errors import CardError
    from sithsclient.commands.words import Words


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
        the language asked for with --lang wherever it stands; and `lang` is that --lang, whether it stood
        before the command or after it (a command's own default would otherwise hide the first)."""
        from sithsclient.commands import words as terminal_words

        words = list(sys.argv[1:] if args is None else args)
        language = language_in(words)
        # Until the configuration is read (load_config), usage errors speak --lang, else the system's language.
        terminal_words.use(terminal_words.choose(language, None))
        parsed, extras = self.parse_known_args(words, namespace)
        if extras:
            self._command_parser(parsed).error("unrecognized arguments: " + " ".join(extras))
        parsed.lang = language if language in terminal_words.LANGUAGES else None
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
        from sithsclient.commands import words as terminal_words

        said = terminal_words.current()
        self.print_usage(sys.stderr)
        self.exit(exitcodes.USAGE, f"{self.prog}: {said('error')}: {usage_error(message, said)}\n")

    def format_usage(self) -> str:
        from sithsclient.commands import words as terminal_words

        usage = super().format_usage()
        return usage.replace("usage: ", terminal_words.current()("usage: "), 1)


# argparse's usage errors (English, from the standard library), as the terminal's sentences: a pattern of
# argparse's message and the sentence for it; a message not listed stays argparse's.
_USAGE_ERRORS = (
    (r"unrecognized arguments: (?P<words>.*)", QT_TRANSLATE_NOOP("Terminal", "unrecognized arguments: {words}")),
    (
        r"the following arguments are required: (?P<names>.*)",
        QT_TRANSLATE_NOOP("Terminal", "the following arguments are required: {names}"),
    ),
    (
        r"argument (?P<name>\S+): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
        QT_TRANSLATE_NOOP("Terminal", "argument {name}: invalid choice: {value} (choose from {choices})"),
    ),
    (
        r"argument (?P<name>\S+): expected one argument",
        QT_TRANSLATE_NOOP("Terminal", "argument {name}: expected one argument"),
    ),
    (
        r"argument (?P<name>\S+): invalid (?P<kind>\w+) value: (?P<value>.*)",
        QT_TRANSLATE_NOOP("Terminal", "argument {name}: invalid value: {value}"),
    ),
    (
        r"argument (?P<name>\S+): not allowed with argument (?P<other>\S+)",
        QT_TRANSLATE_NOOP("Terminal", "argument {name}: not allowed with argument {other}"),
    ),
)
_USAGE_WORDS = (QT_TRANSLATE_NOOP("Terminal", "usage: "), QT_TRANSLATE_NOOP("Terminal", "error"))


def usage_error(message: str, said: Words) -> str:
    for pattern, sentence in _USAGE_ERRORS:
        found = re.fullmatch(pattern, message)
        if found:
            return said(sentence, **found.groupdict())
    return message


def fail(
    code: str, message: str, *, worded: bool = False, suffix: str = "", details: dict[str, object] | None = None
) -> int:
    """The one line on stderr: the sentence in the terminal's language (the wizard's for `code`, see words.py),
    then the stable code, the same in both languages. `message` is the layers' English; `worded`: already in
    the terminal's language; `details`: the facts of the code's detail sentence (words.DETAILS)."""
    from sithsclient import logs
    from sithsclient.commands import words

    logs.say_unwritable(words.current(), words.NO_LOG)  # a command that failed before it chose its language
    if not worded:
        message = words.current().sentence(code, message, details)
    print(f"sithsclient: {message}{suffix} [{code}]", file=sys.stderr)
    return exitcodes.for_code(code)


def fail_card(error: CardError) -> int:
    """fail() for a card error. The smart card service not answering is said as the wizard says it: the code's
    sentence, then its first page's line about the service (in English the layers' sentence has it)."""
    from sithsclient.card.errors import NoModuleError
    from sithsclient.catalogue import Catalogue
    from sithsclient.commands import words
    from sithsclient.status import SERVICE_DOWN, SERVICE_DOWN_CONTEXT, NoCardInModuleError, ServiceDownError

    language = words.current().language
    if isinstance(error, NoModuleError):
        from sithsclient.status import module_words

        tried = "; ".join(f"{path} ({module_words(why, language)})" for path, why in error.tried) or "-"
        return fail(error.code, error.message, details={"tried": tried})
    if isinstance(error, NoCardInModuleError):
        return fail(error.code, error.message, details={"module": error.module})
    if not isinstance(error, ServiceDownError) or language == "en":
        return fail(error.code, error.message)
    return fail(
        error.code, error.message, suffix=" " + Catalogue(language).translate(SERVICE_DOWN_CONTEXT, SERVICE_DOWN)
    )


def load_config(args: argparse.Namespace) -> config_mod.Config:
    """The command's configuration; with it the run's language is decided (words.choose: --lang, then the
    configuration's `language`, then the system's), before the command prints its first line."""
    from sithsclient.commands import words

    overrides = {
        "module": getattr(args, "module", None),
        "issuer_url": getattr(args, "issuer", None),
        "trust": getattr(args, "trust", None),
    }
    cfg = config_mod.load(getattr(args, "config", None), overrides=overrides)
    words.use(words.choose(getattr(args, "lang", None), cfg.language))
    return cfg


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """--lang, on the bare command and on every command: Parser.parse_args makes it one value, wherever it
    stands."""
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        help="language of every line and of the wizard (default: the configuration's, then the system's; sv)",
    )


def language_in(words: Sequence[str]) -> str | None:
    """The last --lang on the command line, before or after the command (`--lang en` or `--lang=en`)."""
    found = None
    for word, following in itertools.pairwise([*words, ""]):
        if word == "--":
            break
        if word == "--lang":
            found = following
        elif word.startswith("--lang="):
            found = word.removeprefix("--lang=")
    return found


def add_card_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--module", metavar="PATH", help="PKCS#11 module to use (default: tried per OS)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
