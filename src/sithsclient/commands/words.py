"""The terminal's own lines in the chosen language, and the choice of that language.

The sentence per stable code is the wizard's (codes.py, said through texts.py), so there is one sentence per code
for both views. The lines only the terminal prints (prompts, the terms as a list, progress marks) are listed here
in English; their Swedish is in the same catalogue (the `.qm` read without Qt by `sithsclient/catalogue.py`),
where translators see it. The language is decided as the wizard's (`ui/i18n.py`): `--lang`, then the
configuration's `language`, then the system's; Swedish by default.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import re
import sys
from typing import TYPE_CHECKING

from sithsclient import catalogue
from sithsclient.codes import QT_TRANSLATE_NOOP, Code

if TYPE_CHECKING:
    from sithsclient.card.errors import CardError, PinStatus
    from sithsclient.pki.model import Generation, Purpose, Verdict

LANGUAGES = ("sv", "en")
# What follows a code's sentence for IT support (the file, the places tried, how to set it), a sentence of its
# own with the facts as placeholders: both languages say the same. The facts come from the error (fail()'s
# `details`); a code raised without them says its sentence alone.
DETAILS: dict[str, str] = {
    Code.CARD_NO_MODULE: QT_TRANSLATE_NOOP("Terminal", "Places tried: {tried}."),
    Code.CARD_NO_CARD: QT_TRANSLATE_NOOP("Terminal", "Card software: {module}."),
    Code.CONFIG_INVALID: QT_TRANSLATE_NOOP("Terminal", "In {source}: {problem}."),
    Code.CONFIG_NO_ISSUER: QT_TRANSLATE_NOOP("Terminal", "Give --issuer URL, or set issuer_url in the configuration."),
    Code.BUNDLE_UNWRITABLE: QT_TRANSLATE_NOOP("Terminal", "The file {path} could not be written ({problem})."),
    Code.JOURNAL_UNWRITABLE: QT_TRANSLATE_NOOP("Terminal", "Folder: {folder} ({problem})."),
}
# The facts in the layers' words that a detail sentence says in the run's language (upgrade/errors.py); any
# other fact (a path, the system's own reason) is said as it is.
FACTS = (
    QT_TRANSLATE_NOOP("Terminal", "the disk is full"),
    QT_TRANSLATE_NOOP("Terminal", "read-only or no access rights"),
)
# A configuration's problem (config.py's English, with its facts): said in the run's language.
CONFIG_PROBLEMS = (
    (r"unknown setting\(s\) (?P<unknown>.+); known: (?P<known>.+)",
     QT_TRANSLATE_NOOP("Terminal", "unknown setting(s) {unknown}; the known ones are {known}")),
    (r"trust must be a file name or a list of file names",
     QT_TRANSLATE_NOOP("Terminal", "trust must be a file name or a list of file names")),
    (r"(?P<key>\w+) must be a text value", QT_TRANSLATE_NOOP("Terminal", "{key} must be a text value")),
    (r"(?P<key>renewal|key_type) must be one of (?P<choices>.+)",
     QT_TRANSLATE_NOOP("Terminal", "{key} must be one of {choices}")),
    (r"(?P<key>\w+) must (?:start with|be a web address starting with) https://",
     QT_TRANSLATE_NOOP("Terminal", "{key} must be a web address starting with https://")),
    (r"renewal_days must be a whole number of days from 1 to (?P<most>\d+)",
     QT_TRANSLATE_NOOP("Terminal", "renewal_days must be a whole number of days from 1 to {most}")),
    (r"the file is not UTF-8 text \(byte (?P<byte>\d+)\); save it as UTF-8",
     QT_TRANSLATE_NOOP("Terminal", "the file is not UTF-8 text (byte {byte}); save it as UTF-8")),
    (r"values are nested too deeply", QT_TRANSLATE_NOOP("Terminal", "values are nested too deeply")),
    (r"the file does not exist", QT_TRANSLATE_NOOP("Terminal", "the file does not exist")),
    (r"(?P<what>.+) \(at line (?P<line>\d+), column (?P<column>\d+)\)",
     QT_TRANSLATE_NOOP("Terminal", "the file is not valid TOML at line {line}, column {column} ({what})")),
)  # fmt: skip
# Said when the log folder cannot be written (logs.py), once the run's language is known.
NO_LOG = QT_TRANSLATE_NOOP("Terminal", "No log is written: {folder} cannot be written to ({problem}).")
CONTEXT = "Terminal"
DEFAULT = "sv"

# The lines only the terminal prints, English; their Swedish is in the catalogue under the context "Terminal".
LINES = (
    QT_TRANSLATE_NOOP("Terminal", "Card {serial} in {reader}"),
    QT_TRANSLATE_NOOP("Terminal", "PIN code"),
    QT_TRANSLATE_NOOP("Terminal", "PIN for logging in (legitimering)"),
    QT_TRANSLATE_NOOP("Terminal", "PIN for signing (underskrift)"),
    QT_TRANSLATE_NOOP("Terminal", "{pin}: one try left."),
    QT_TRANSLATE_NOOP(
        "Terminal",
        "A wrong PIN now blocks it, and a new PUK costs 150 kr. Only go on if you are sure of the PIN.",
    ),
    QT_TRANSLATE_NOOP("Terminal", "Try this PIN anyway? [y/N] "),
    QT_TRANSLATE_NOOP("Terminal", "{pin} is blocked."),
    QT_TRANSLATE_NOOP("Terminal", "You can unblock it with your PUK."),
    QT_TRANSLATE_NOOP("Terminal", "Unblock it now with the PUK? [y/N] "),
    QT_TRANSLATE_NOOP("Terminal", "PUK code: "),
    QT_TRANSLATE_NOOP("Terminal", "PUK code ({tries}): "),
    QT_TRANSLATE_NOOP("Terminal", "The PUK code has one try left."),
    QT_TRANSLATE_NOOP(
        "Terminal", "If it is wrong, the PUK code is blocked as well and only your local card office can help."
    ),
    QT_TRANSLATE_NOOP("Terminal", "Try this PUK code anyway? [y/N] "),
    QT_TRANSLATE_NOOP("Terminal", "New PIN code: "),
    QT_TRANSLATE_NOOP("Terminal", "New PIN code again: "),
    QT_TRANSLATE_NOOP("Terminal", "The two new PIN codes differ."),
    QT_TRANSLATE_NOOP(
        "Terminal",
        "- It takes about {seconds} seconds. If the card leaves the reader, it waits and goes on when you put the "
        "same card back.",
    ),
    QT_TRANSLATE_NOOP("Terminal", "I accept the terms: yes (--yes)"),
    QT_TRANSLATE_NOOP("Terminal", "I accept the terms [y/N] "),
    QT_TRANSLATE_NOOP("Terminal", "The terms must be accepted: run with --yes in scripts."),
    QT_TRANSLATE_NOOP("Terminal", "The card is back; going on."),
    QT_TRANSLATE_NOOP(
        "Terminal",
        "The program met an error it did not expect; nothing more was done. The details are in {path}.",
    ),
    QT_TRANSLATE_NOOP("Terminal", "An upgrade of this card is already running; this one waits."),
    QT_TRANSLATE_NOOP("Terminal", "The PIN code is unblocked: from now on it is the new one you chose."),
    QT_TRANSLATE_NOOP("Terminal", "Restart the programs that use the card."),
    QT_TRANSLATE_NOOP("Terminal", "Running it again resumes where it stopped."),
    QT_TRANSLATE_NOOP("Terminal", "Several cards are inserted ({serials}): choose one with --serial."),
    QT_TRANSLATE_NOOP("Terminal", "No issuing service is configured: give --issuer URL or set issuer_url."),
    QT_TRANSLATE_NOOP("Terminal", "One-time code: "),
    # check
    QT_TRANSLATE_NOOP("Terminal", "card {serial}: must be upgraded (certificates from the old SITHS hierarchy)"),
    QT_TRANSLATE_NOOP("Terminal", "card {serial}: the certificate for {what} expired on {date}"),
    QT_TRANSLATE_NOOP("Terminal", "card {serial}: the certificate for {what} expires on {date} ({days} days)"),
    QT_TRANSLATE_NOOP(
        "Terminal",
        "card {serial}: the certificate for {what} from {organisation} ends on {date}: its card office renews it",
    ),
    QT_TRANSLATE_NOOP("Terminal", "card {serial}: nothing to do ({verdict})"),
    # demo
    QT_TRANSLATE_NOOP("Terminal", "Starting practice mode ({where}, practice issuing service)…"),
    QT_TRANSLATE_NOOP("Terminal", "card reader service, practice card"),
    QT_TRANSLATE_NOOP("Terminal", "practice card in the program"),
    QT_TRANSLATE_NOOP("Terminal", "the PC/SC rig's practice card has one PIN; --pins 2 works without --rig."),
    QT_TRANSLATE_NOOP("Terminal", "one PIN for both"),
    QT_TRANSLATE_NOOP("Terminal", "two PINs (legitimering, underskrift), the same code"),
    QT_TRANSLATE_NOOP("Terminal", "Practice card {serial} ({holder}, {hsa_id}) in “{reader}”."),
    QT_TRANSLATE_NOOP("Terminal", "Practice PIN code: {pin}   Practice PUK code: {puk}   ({layout})"),
    QT_TRANSLATE_NOOP(
        "Terminal",
        "The practice upgrade runs in the terminal, with the practice PIN typed for you and the terms accepted "
        "(--yes).",
    ),
    # status
    QT_TRANSLATE_NOOP("Terminal", "PKCS#11 module: {module} (chosen because: {reason})"),
    QT_TRANSLATE_NOOP("Terminal", "Card readers: the smart card service (PC/SC) is not running"),
    QT_TRANSLATE_NOOP("Terminal", "Card readers: none"),
    QT_TRANSLATE_NOOP("Terminal", "card present (ATR {atr})"),
    QT_TRANSLATE_NOOP("Terminal", "empty"),
    QT_TRANSLATE_NOOP("Terminal", "Reader: {name}: {state}"),
    QT_TRANSLATE_NOOP("Terminal", "Card {serial} ({label}, {layout} layout) in {reader}"),
    QT_TRANSLATE_NOOP("Terminal", "could not be read"),
    QT_TRANSLATE_NOOP("Terminal", "  PIN {pin}: {state}"),
    QT_TRANSLATE_NOOP("Terminal", "slot {slot}"),
    QT_TRANSLATE_NOOP("Terminal", "  Verdict: {verdict}: {text}"),
    # diagnose, gui
    QT_TRANSLATE_NOOP("Terminal", "Support bundle written: {path}"),
    QT_TRANSLATE_NOOP("Terminal", "the display {where} does not answer, so the wizard cannot open."),
    QT_TRANSLATE_NOOP("Terminal", "no display to open the wizard on."),
    QT_TRANSLATE_NOOP(
        "Terminal", "Use `sithsclient upgrade` in a terminal, or `sithsclient --help` for every command."
    ),
    QT_TRANSLATE_NOOP(
        "Terminal",
        "No display: the practice upgrade runs in the terminal, with the practice PIN typed for you and the terms "
        "accepted (--yes). Run `sithsclient demo` on a desktop to see the wizard.",
    ),
)


def system_language() -> str:
    """English only when the system asks for it, as the wizard's `i18n.system_language` (QLocale, which reads
    these same variables on Linux and the user's locale on Windows)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT
    if sys.platform == "win32":
        value = locale.getlocale()[0] or ""
        return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def choose(override: str | None = None, configured: str | None = None) -> str:
    for candidate in (override, configured):
        if candidate in LANGUAGES:
            return candidate
    return system_language()


class Words:
    """The terminal's lines in one language; `use()` also makes texts.py's sentences speak it, without Qt."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT
        self._used = False

    def __call__(self, english: str, **values: object) -> str:
        text = english if self.language == "en" else catalogue.for_language(self.language).translate(CONTEXT, english)
        return text.format(**values) if values else text

    def yes(self, answer: str) -> bool:
        return answer.strip().lower() in (("j", "ja", "y", "yes") if self.language == "sv" else ("y", "yes"))

    def use(self) -> None:
        """Make texts.py speak this language (the .qm is read only when a line needs it)."""
        if self._used:  # the .qm is read once per process
            return
        self._used = True
        from sithsclient import texts  # here: the card and certificate words it needs cost a logon check

        texts.translate_with(catalogue.for_language(self.language).translate)

    # The wizard's sentences (texts.py), in this language.
    def pin_problem(self, problem: CardError, *, shared: bool) -> str:
        self.use()
        from sithsclient import texts

        return texts.pin_problem_text(problem, shared=shared)

    def pin_status(self, status: PinStatus) -> str:
        self.use()
        from sithsclient import texts

        return texts.pin_status_text(status)

    def puk_status(self, status: PinStatus) -> str:
        self.use()
        from sithsclient import texts

        return texts.puk_status_text(status)

    def progress(self, message: str, purpose: Purpose | None) -> str:
        self.use()
        from sithsclient import texts

        return texts.progress_text(message, purpose)

    def purpose(self, purpose: Purpose) -> str:
        self.use()
        from sithsclient import texts

        return texts.purpose_name(purpose)

    def generation(self, generation: Generation) -> str:
        self.use()
        from sithsclient import texts

        return texts.generation_name(generation)

    def verdict(self, verdict: Verdict) -> str:
        self.use()
        from sithsclient import texts

        return texts.verdict_text(verdict)

    def validity(self, not_after: dt.datetime, days_left: int) -> str:
        self.use()
        from sithsclient import texts

        return texts.validity_text(not_after, days_left)

    def sentence(self, code: str, english: str, details: dict[str, object] | None = None) -> str:
        """The sentence for a stable code: in English the layers' own (it may name a path or a detail; an
        enrollment error's is its code's one sentence, codes.py), in Swedish the wizard's sentence for that code
        (texts.py), the English one if the code is new. A code with DETAILS says its sentence and them, in
        either language, when `details` gives their facts (or they need none)."""
        template = DETAILS.get(code)
        if template is not None and (details is not None or "{" not in template):
            self.use()
            from sithsclient import texts

            return f"{texts.error_text(code, english)} {self(template, **self._facts(code, details or {}))}"
        if self.language == "en":
            return english
        self.use()
        from sithsclient import texts

        return texts.error_text(code, english)

    def _facts(self, code: str, details: dict[str, object]) -> dict[str, object]:
        """A detail sentence's facts, those in the layers' words said in this language."""
        said = {key: self(value) if value in FACTS else value for key, value in details.items()}
        problem = said.get("problem")
        if code == Code.CONFIG_INVALID and isinstance(problem, str):
            said["problem"] = self.config_problem(problem)
        return said

    def config_problem(self, problem: str) -> str:
        for pattern, sentence in CONFIG_PROBLEMS:
            found = re.fullmatch(pattern, problem)
            if found:
                return self(sentence, **found.groupdict())
        return problem


_current: Words | None = None


def use(language: str) -> Words:
    """Make `language` the terminal's for this process (the sentences of `fail()` too); the wizard's table is
    read when a line first needs it (`Words.use`)."""
    global _current
    _current = Words(language)
    from sithsclient import logs

    logs.say_unwritable(_current, NO_LOG)  # a warning held back until the run's language was known
    return _current


def current() -> Words:
    """The terminal's words; before a command chose (say, its configuration did not load), the system's."""
    global _current
    if _current is None:
        _current = Words(system_language())
    return _current
