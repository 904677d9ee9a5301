"""One word for each thing (issue 29, item 10), in the wizard, the practice panel, the terminal and the guide for
card holders: the words of the field (docs/design.md), never the variants that crept in beside them.

English: "PIN for logging in" / "PIN for signing", "SITHS eID", "issuing service". Swedish: "PIN för
legitimering" / "PIN för underskrift", "SITHS eID", "utfärdartjänst" (in practice mode "utfärdartjänst för
övning"). "SITHS e-id" stays where it is a name the card or a CA carries ("SITHS e-id kort", "SITHS e-id Root CA
v2")."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "sithsclient_sv.ts"
STAFF_GUIDE = ROOT / "docs" / "staff-sv.md"

# The product is SITHS eID; "SITHS e-id" is right only inside the names of CAs and of the card's tokens.
_E_ID_NAME = re.compile(r"SITHS e-id (?:kort|Root|Person|Function)")

BANNED_ENGLISH = {
    "identification": "PIN for logging in",
    "authentication PIN": "PIN for logging in",
    "signature PIN": "PIN for signing",
    "Stop here": "Cancel",
    "meets this behaviour": "Takes effect at the next upgrade",
}
BANNED_SWEDISH = {
    "identifiering": "legitimering",
    "tjänst för utfärdande": "utfärdartjänst (för övning)",
    "övningsutfärdare": "utfärdartjänst för övning",
    "övningstjänst": "utfärdartjänst för övning",
    "möter det här beteendet": "Gäller från nästa uppgradering",
    "Avbryt här": "Avbryt",
}


def _messages() -> list[tuple[str, str]]:
    text = TS.read_text(encoding="utf-8")
    found = re.findall(r"<source>(.*?)</source>.*?<translation[^>]*>(.*?)</translation>", text, re.S)
    return [(html.unescape(source), html.unescape(translation)) for source, translation in found]


def _banned_in(text: str, banned: dict[str, str]) -> list[str]:
    said = [f"{word!r} (say {right!r})" for word, right in banned.items() if word.lower() in text.lower()]
    if "SITHS e-id" in _E_ID_NAME.sub("", text):
        said.append("'SITHS e-id' (say 'SITHS eID')")
    return said


def test_the_catalogue_says_each_thing_with_one_word() -> None:
    messages = _messages()
    assert len(messages) > 500  # the whole catalogue was read
    wrong = [
        f"{source[:60]!r}: {', '.join(found)}"
        for source, translation in messages
        if (found := _banned_in(source, BANNED_ENGLISH) + _banned_in(translation, BANNED_SWEDISH))
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "text",
    ["Två PIN-koder: identifiering och underskrift", "Övningstjänst för utfärdande", "Stop here", "SITHS e-id."],
)
def test_the_scan_sees_the_old_variants(text: str) -> None:
    assert _banned_in(text, BANNED_ENGLISH | BANNED_SWEDISH)


def test_the_scan_leaves_the_names_cards_and_cas_carry() -> None:
    assert not _banned_in("SITHS e-id kort (Legitimering), SITHS e-id Root CA v2", BANNED_ENGLISH)


def test_the_guide_for_card_holders_uses_the_same_words() -> None:
    assert not _banned_in(STAFF_GUIDE.read_text(encoding="utf-8"), BANNED_SWEDISH)


def test_the_terminal_names_the_pins_as_the_wizard_does() -> None:
    from sithsclient import catalogue
    from sithsclient.commands.terminal import ROLE_PROMPT

    swedish = catalogue.for_language("sv")
    for name in ROLE_PROMPT.values():  # the wizard's words (texts.py), in both languages
        assert swedish.translate("Terminal", name) == swedish.translate("Texts", name)
        assert swedish.translate("Terminal", name).startswith("PIN för ")
