"""Practice mode with each set the issuing service can decide (pki/card_set.py): the panel chooses it, the terms
page says what the card will hold, the done page lists exactly that and, with two identities, which to pick.
The terms and done pages are saved to /tmp (sets-<set>-<lang>-<page>.png) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.demo.practice import PracticeSession
from sithsclient.pki.model import Generation
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade.journal import JournalStore
from tests.ui.driver import Button, accept_terms, button, click, page_text, type_pins, wait_card_ready, wait_page

SHOTS = Path("/tmp")

# (set, language): what the terms page says the card will hold, and whether the done page says which to pick
SAYS = {
    ("two", "en"): "Afterwards the card holds two certificates with your HSA-id",
    ("four", "en"): "Afterwards the card holds four certificates: a pair with your HSA-id and a pair with",
    ("one", "en"): "Afterwards the card holds one certificate, for logging in.",
    ("two", "sv"): "Efteråt har kortet två certifikat med ditt HSA-id",
    ("four", "sv"): "Efteråt har kortet fyra certifikat: ett par med ditt HSA-id och ett par med ditt personnummer",
    ("one", "sv"): "Efteråt har kortet ett certifikat, för legitimering.",
}
PICK = {"en": "When a program asks which certificate to use", "sv": "När ett program frågar vilket certifikat"}
COUNT = {"two": 2, "four": 4, "one": 1}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", ["four", "one", "two"])
def test_practice_upgrade_gives_the_set_chosen_on_the_panel(
    qtbot: QtBot, qapp: object, practice: PracticeSession, name: str, language: str
) -> None:
    i18n.install(language)
    context = AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice)
    session = Session(context)
    try:
        session.show()
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        wait_card_ready(qtbot, wizard)
        panel.card_set.setCurrentIndex(panel.card_set.findData(name))

        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        wait_page(qtbot, wizard, PageId.TERMS)
        qtbot.waitUntil(lambda: SAYS[name, language] in page_text(wizard), timeout=20000)
        wizard.grab().save(str(SHOTS / f"sets-{name}-{language}-terms.png"))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE, timeout=120000)
        done = wizard.done_page
        qtbot.waitUntil(done.certificates.isVisible, timeout=20000)
        wizard.grab().save(str(SHOTS / f"sets-{name}-{language}-done.png"))

        card = practice.card_source.cards()[0] if practice.card_source is not None else None
        assert card is not None
        certs = card.certificates()
        assert len(certs) == COUNT[name]
        assert {c.info.generation for c in certs} == {Generation.CURRENT}
        assert (PICK[language] in page_text(wizard)) is (name == "four")
    finally:
        session.close()


def test_after_a_set_of_one_the_card_page_offers_to_fetch_the_signature_certificate(
    qtbot: QtBot, qapp: object, practice: PracticeSession
) -> None:
    i18n.install("sv")
    context = AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice)
    practice.set_card_set("one")
    first = Session(context)
    try:
        first.show()
        wizard = first.wizard
        wait_card_ready(qtbot, wizard)
        assert not wizard.card_page.fetch.isVisible()  # an old card: it is upgraded first
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE, timeout=120000)
    finally:
        first.close()

    second = Session(context)
    try:
        second.show()
        wizard = second.wizard
        qtbot.waitUntil(wizard.card_page.fetch.isVisible, timeout=20000)
        wizard.grab().save(str(SHOTS / "sets-fetch-sv-card.png"))
        click(qtbot, wizard.card_page.fetch)
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE, timeout=120000)
        qtbot.waitUntil(lambda: "Underskriftscertifikatet är installerat" in page_text(wizard), timeout=20000)
        qtbot.waitUntil(wizard.done_page.certificates.isVisible, timeout=20000)
        wizard.grab().save(str(SHOTS / "sets-fetch-sv-done.png"))
    finally:
        second.close()
    assert practice.card_source is not None
    certs = practice.card_source.cards()[0].certificates()
    assert sorted(c.info.purpose.value for c in certs) == ["authentication", "signature"]
    assert {c.info.generation for c in certs} == {Generation.CURRENT}


CARD_ROW = {"sv": ["Legitimering", "SITHS eID"], "en": ["Logging in (legitimering)", "SITHS eID"]}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_back_on_the_card_page_after_a_set_of_one_its_certificate_is_listed(
    qtbot: QtBot, qapp: object, practice: PracticeSession, language: str
) -> None:
    """In the same window, as a person practising goes on: the card page lists the one certificate the card has."""
    i18n.install(language)
    session = Session(AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice))
    try:
        session.show()
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        wait_card_ready(qtbot, wizard)
        panel.card_set.setCurrentIndex(panel.card_set.findData("one"))
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE, timeout=120000)
        wizard.restart()
        listed = wizard.card_page.certificates
        qtbot.waitUntil(wizard.card_page.fetch.isVisible, timeout=20000)
        assert [row[:2] for row in listed.rows()] == [CARD_ROW[language]]
        assert listed.isVisible() and not listed._empty.isVisible()
        wizard.grab().save(str(SHOTS / f"sets-one-{language}-card-again.png"))
    finally:
        session.close()
