"""The IT-support runbook: for every stable code, what the person saw, what it means, whether running again is
safe, what to do and whom to send it to. Written to docs/runbook-sv.md and docs/runbook-en.md by
`make runbook` (scripts/runbook.py) from the program's own table of codes (codes.py): the sentence the wizard
shows (`texts.error_text`), what it means, whom it names (`texts.contact_for`) and whether running again is
safe, so that the runbook cannot say something else than the program.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from sithsclient import advice, texts
from sithsclient.codes import QT_TRANSLATE_NOOP, Code, find

CONTEXT = "Runbook"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


_AGAIN = {
    advice.Again.SAFE: QT_TRANSLATE_NOOP("Runbook", "Yes, at once: it goes on where it stopped."),
    advice.Again.AFTER_FIX: QT_TRANSLATE_NOOP("Runbook", "Yes, once the cause is put right."),
    advice.Again.ASK_FIRST: QT_TRANSLATE_NOOP(
        "Runbook", "Not before the one named below has looked: the same thing would happen again."
    ),
}

_SEND_TO = {
    advice.Helper.NOTHING: QT_TRANSLATE_NOOP("Runbook", "Nobody."),
    advice.Helper.USER: QT_TRANSLATE_NOOP("Runbook", "Nobody: the person puts it right."),
    advice.Helper.PIN_ENVELOPE: QT_TRANSLATE_NOOP("Runbook", "The card office, for a new PUK (150 kr)."),
    advice.Helper.TRY_LATER: QT_TRANSLATE_NOOP(
        "Runbook", "The issuing service's operator (through the card office) if it lasts."
    ),
    advice.Helper.NETWORK: QT_TRANSLATE_NOOP("Runbook", "Network / IT support."),
    advice.Helper.IT_SUPPORT: QT_TRANSLATE_NOOP("Runbook", "IT support (this runbook's reader)."),
    advice.Helper.CARD_OFFICE: QT_TRANSLATE_NOOP("Runbook", "The local card office (biträdande utgivare)."),
    advice.Helper.ORDERING_OFFICE: QT_TRANSLATE_NOOP("Runbook", "The card office of the ordering organisation."),
}


def codes() -> list[str]:
    return sorted(code.value for code in Code)


def anchor(code: str) -> str:
    """The entry's anchor in the runbook: the code itself, which is the same in both languages."""
    return code


def meaning(code: str) -> str:
    known = find(code)
    return _tr(known.means) if known is not None else ""


TITLE = QT_TRANSLATE_NOOP("Runbook", "# sithsclient: error codes for IT support")
INTRO = QT_TRANSLATE_NOOP(
    "Runbook",
    "Every stable code the program shows, what the person saw, what it means, whether running again is safe, "
    "and what to do. Generated from the program's own tables (`make runbook`); do not edit by hand.",
)
WHERE = QT_TRANSLATE_NOOP(
    "Runbook",
    "The code is the same in both languages. `sithsclient diagnose` and the wizard's IT-support view show the "
    "code of the last stop and point here.",
)
SAW = QT_TRANSLATE_NOOP("Runbook", "What the person saw")
MEANS = QT_TRANSLATE_NOOP("Runbook", "What it means")
AGAIN = QT_TRANSLATE_NOOP("Runbook", "Running again")
TOLD = QT_TRANSLATE_NOOP("Runbook", "What the program told the person to do")
SEND = QT_TRANSLATE_NOOP("Runbook", "Send it to")


def markdown(all_codes: Iterable[str] | None = None) -> str:
    """The whole runbook in the language of the translators installed now."""
    lines = [_tr(TITLE), "", _tr(INTRO), "", _tr(WHERE), ""]
    for code in all_codes or codes():
        entry = advice.advice_for(code)
        told = texts.contact_for(code).replace("\n", " ")
        lines += [
            f'<a id="{anchor(code)}"></a>',
            f"## `{code}`",
            "",
            f"- **{_tr(SAW)}:** {texts.error_text(code)}",
            f"- **{_tr(MEANS)}:** {meaning(code)}",
            f"- **{_tr(AGAIN)}:** {_tr(_AGAIN[entry.again])}",
            f"- **{_tr(TOLD)}:** {told}",
            f"- **{_tr(SEND)}:** {_tr(_SEND_TO[entry.helper])}",
            "",
        ]
    return "\n".join(lines)
