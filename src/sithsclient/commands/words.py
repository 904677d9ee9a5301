"""The terminal's own lines in the chosen language, and the choice of that language.

The sentences per stable code are the wizard's (`sithsclient/texts.py`, Swedish from its `.qm`, read without
Qt by `catalogue.py`), so there is one Swedish sentence per code for both views. The lines only the terminal prints
(prompts, the terms as a list, progress marks) are here, English → Swedish. The language is decided as the
wizard's (`ui/i18n.py`): `--lang`, then the configuration's `language`, then the system's; Swedish by default.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import sys
from typing import TYPE_CHECKING

from sithsclient.commands.catalogue import Catalogue

if TYPE_CHECKING:
    from sithsclient.card.errors import CardError, PinStatus
    from sithsclient.pki.model import Purpose

LANGUAGES = ("sv", "en")
DETAILED = ("card.no_module", "config.invalid", "journal.unwritable")  # the English names a file or paths tried
DEFAULT = "sv"

_SV = {
    "Card {serial} in {reader}": "Kort {serial} i {reader}",
    "PIN code": "PIN-kod",
    "PIN för legitimering (authentication PIN)": "PIN för legitimering",
    "PIN för underskrift (signature PIN)": "PIN för underskrift",
    "{pin}: one try left.": "{pin}: ett försök kvar.",
    "A wrong PIN now blocks it, and a new PUK costs 150 kr. Only go on if you are sure of the PIN.": (
        "En felaktig PIN-kod nu spärrar den, och en ny PUK-kod kostar 150 kr. Fortsätt bara om du är säker på "
        "PIN-koden."
    ),
    "Try this PIN anyway? [y/N] ": "Prova den här PIN-koden ändå? [j/N] ",
    "{pin} is blocked.": "{pin} är spärrad.",
    "You can unblock it with your PUK.": "Du kan låsa upp den med din PUK-kod.",
    "Unblock it now with the PUK? [y/N] ": "Lås upp den nu med PUK-koden? [j/N] ",
    "PUK code: ": "PUK-kod: ",
    "New PIN code: ": "Ny PIN-kod: ",
    "New PIN code again: ": "Ny PIN-kod igen: ",
    "The two new PIN codes differ.": "De två nya PIN-koderna är olika.",
    "An extra certificate pair from {organisation} for {holder} ({hsa_id})": (
        "Ett extra certifikatspar från {organisation} för {holder} ({hsa_id})"
    ),
    "- Your own certificates stay on the card, untouched.": "- Dina egna certifikat blir kvar på kortet, orörda.",
    "- The two pairs look alike (your name on both): when a system asks you to choose a certificate, look at the "
    "organisation. Some systems always take the last one added.": (
        "- De två paren ser likadana ut (ditt namn på båda): när ett system ber dig välja certifikat, titta på "
        "organisationen. Vissa system tar alltid det senast tillagda."
    ),
    "- A card can hold only one extra pair.": "- Ett kort kan bara ha ett extra certifikatspar.",
    "- It takes about {seconds} seconds. If the card leaves the reader, it waits and goes on when you put the "
    "same card back.": (
        "- Det tar ungefär {seconds} sekunder. Om kortet tas ut ur läsaren väntar det och fortsätter när du "
        "sätter tillbaka samma kort."
    ),
    "Upgrade of the card of {holder} ({hsa_id})": "Uppgradering av kortet för {holder} ({hsa_id})",
    "- {count} certificates are replaced by new ones from SITHS e-id.": (
        "- {count} certifikat byts ut mot nya från SITHS e-id."
    ),
    "- E-mail encrypted to your old certificates can no longer be read afterwards: move what you need first.": (
        "- E-post som krypterats till dina gamla certifikat går inte att läsa efteråt: flytta det du behöver först."
    ),
    "I accept the terms: yes (--yes)": "Jag godkänner villkoren: ja (--yes)",
    "I accept the terms [y/N] ": "Jag godkänner villkoren [j/N] ",
    "The terms must be accepted: run with --yes in scripts.": ("Villkoren måste godkännas: kör med --yes i skript."),
    "The card is back; going on.": "Kortet är tillbaka; det fortsätter.",
    "The program met an error it did not expect; nothing more was done. The details are in {path}.": (
        "Programmet stötte på ett fel som det inte räknade med; ingenting mer gjordes. Detaljerna finns i {path}."
    ),
    "An upgrade of this card is already running; this one waits.": (
        "En uppgradering av kortet pågår redan; den här väntar."
    ),
    "The PIN code is unblocked: from now on it is the new one you chose.": (
        "PIN-koden är upplåst: från och med nu gäller den nya du valde."
    ),
    "The card is already upgraded: nothing to do.": "Kortet är redan uppgraderat: inget att göra.",
    "Restart the programs that use the card.": "Starta om de program som använder kortet.",
    "Running it again resumes where it stopped.": "Kör kommandot igen så fortsätter det där det stannade.",
    "Several cards are inserted ({serials}): choose one with --serial.": (
        "Flera kort sitter i ({serials}): välj ett med --serial."
    ),
    "No issuing service is configured: give --issuer URL or set issuer_url.": (
        "Ingen utfärdartjänst är inställd: ange --issuer URL eller sätt issuer_url."
    ),
    "One-time code: ": "Engångskod: ",
    # check
    "card {serial}: must be upgraded (certificates from the old SITHS hierarchy)": (
        "kort {serial}: måste uppgraderas (certifikat från den gamla SITHS-hierarkin)"
    ),
    "card {serial}: the certificate for {what} expired on {date}": (
        "kort {serial}: certifikatet för {what} gick ut {date}"
    ),
    "card {serial}: the certificate for {what} expires on {date} ({days} days)": (
        "kort {serial}: certifikatet för {what} går ut {date} (om {days} dagar)"
    ),
    "card {serial}: nothing to do ({verdict})": "kort {serial}: inget att göra ({verdict})",
    # demo
    "Starting practice mode ({where}, practice issuing service)…": "Startar övningsläget ({where}, övningsutfärdare)…",
    "card reader service, practice card": "kortläsartjänst, övningskort",
    "practice card in the program": "övningskort i programmet",
    "the PC/SC rig's practice card has one PIN; --pins 2 works without --rig.": (
        "övningskortet i PC/SC-riggen har en PIN-kod; --pins 2 fungerar utan --rig."
    ),
    "one PIN for both": "en PIN-kod för båda",
    "two PINs (legitimering, underskrift), the same code": "två PIN-koder (legitimering, underskrift), samma kod",
    "Practice card {serial} ({holder}, {hsa_id}) in “{reader}”.": (
        "Övningskort {serial} ({holder}, {hsa_id}) i ”{reader}”."
    ),
    "Practice PIN code: {pin}   Practice PUK code: {puk}   ({layout})": (
        "PIN-kod för övning: {pin}   PUK-kod för övning: {puk}   ({layout})"
    ),
    "No display: the practice upgrade runs in the terminal, with the practice PIN typed for you and the terms "
    "accepted (--yes). Run `sithsclient demo` on a desktop to see the wizard.": (
        "Ingen skärm: övningsuppgraderingen körs i terminalen, med övnings-PIN-koden inskriven åt dig och "
        "villkoren godkända (--yes). Kör `sithsclient demo` på ett skrivbord för att se guiden."
    ),
}


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
        text = _SV.get(english, english) if self.language == "sv" else english
        return text.format(**values) if values else text

    def yes(self, answer: str) -> bool:
        return answer.strip().lower() in (("j", "ja", "y", "yes") if self.language == "sv" else ("y", "yes"))

    def use(self) -> None:
        """Make texts.py speak this language (the .qm is read only when a line needs it)."""
        if self._used:  # the .qm is read once per process
            return
        self._used = True
        from sithsclient import texts  # here: the card and certificate words it needs cost a logon check

        texts.translate_with(Catalogue(self.language).translate)

    # The wizard's sentences (texts.py), in this language.
    def pin_problem(self, problem: CardError, *, shared: bool) -> str:
        self.use()
        from sithsclient import texts

        return texts.pin_problem_text(problem, shared=shared)

    def pin_status(self, status: PinStatus) -> str:
        self.use()
        from sithsclient import texts

        return texts.pin_status_text(status)

    def progress(self, message: str, purpose: Purpose | None) -> str:
        self.use()
        from sithsclient import texts

        return texts.progress_text(message, purpose)

    def purpose(self, purpose: Purpose) -> str:
        self.use()
        from sithsclient import texts

        return texts.purpose_name(purpose)

    def validity(self, not_after: dt.datetime, days_left: int) -> str:
        self.use()
        from sithsclient import texts

        return texts.validity_text(not_after, days_left)

    def sentence(self, code: str, english: str) -> str:
        """The sentence for a stable code: in English the layers' own (it may name a path or a detail), in
        Swedish the wizard's one sentence for that code (texts.py), the English one if the code is new."""
        if self.language == "en":
            return english
        self.use()
        from sithsclient import texts

        sentence = texts.error_text(code, english)
        if code in DETAILED and english and english != sentence:
            # What IT support needs (the file and setting, every module path tried) is only in the layers'
            # English; it stays, after the Swedish sentence. (A Swedish wording of the details is not done yet.)
            return f"{sentence} — {english}"
        return sentence


_current: Words | None = None


def use(language: str) -> Words:
    """Make `language` the terminal's for this process (the sentences of `fail()` too); the wizard's table is
    read when a line first needs it (`Words.use`)."""
    global _current
    _current = Words(language)
    return _current


def current() -> Words:
    """The terminal's words; before a command chose (say, its configuration did not load), the system's."""
    global _current
    if _current is None:
        _current = Words(system_language())
    return _current
