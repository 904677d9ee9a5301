"""The done page shows the card in the reader now: after a card swap from the practice panel, and after a pull
and a re-insert; and "Practise again" puts a fresh practice card in for a second upgrade, to the done page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sithsclient.demo.practice import PracticeSession
from sithsclient.ui.wizard import PageId, UpgradeWizard
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    page_text,
    practice_window,
    type_pins,
    wait_card_ready,
    wait_page,
    wait_text,
)

NEW = "SITHS eID"  # the done page's name of the new generation
OLD = "Gamla SITHS (måste bytas)"


def upgrade(qtbot: QtBot, wizard: UpgradeWizard, pin: str) -> None:
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    type_pins(qtbot, wizard, pin)
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    wait_text(qtbot, wizard, "På kortet nu:")


def kinds(wizard: UpgradeWizard) -> list[str]:
    return [row[1] for row in wizard.done_page.certificates.rows()]


def test_the_done_page_reads_the_card_in_the_reader(qtbot: QtBot, qapp: object, practice: PracticeSession) -> None:
    session = practice_window(practice)
    try:
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        upgrade(qtbot, wizard, practice.info.pin)
        assert kinds(wizard) == [NEW, NEW]
        first = practice.info.serial

        # A card swap from the panel: another (legacy) practice card, two PINs, goes in.
        panel.layout_choice.setCurrentIndex(panel.layout_choice.findData(2))
        second = ""

        def another_card() -> None:
            nonlocal second
            second = practice.info.serial
            assert second != first
            text = page_text(wizard)
            assert f"Ett annat kort sitter i kortläsaren nu (Anna Andersson, kort {second})" in text, text
            assert kinds(wizard) == [OLD, OLD], kinds(wizard)  # its own certificates, not the upgraded card's

        qtbot.waitUntil(another_card, timeout=30_000)
        assert "kunde inte läsas" not in page_text(wizard)

        click(qtbot, panel.pull)
        wait_text(qtbot, wizard, "Inget kort i kortläsaren.")
        assert not wizard.done_page.certificates.isVisible()  # no list of a card that is gone
        qtbot.waitUntil(panel.insert.isEnabled)
        click(qtbot, panel.insert)
        qtbot.waitUntil(another_card, timeout=30_000)
        assert wizard.currentId() == PageId.DONE
    finally:
        session.close()


def test_practise_again_gives_a_fresh_card_for_a_second_upgrade(
    qtbot: QtBot, qapp: object, practice: PracticeSession
) -> None:
    session = practice_window(practice)
    try:
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        upgrade(qtbot, wizard, practice.info.pin)
        first = practice.info.serial
        again = wizard.done_page.practise_again
        assert again.isVisible() and again.text().replace("&", "") == "Öva igen"

        click(qtbot, again)
        wait_page(qtbot, wizard, PageId.CARD)
        qtbot.waitUntil(lambda: practice.info.serial != first and practice.info.serial in page_text(wizard))
        assert "måste uppgraderas" in page_text(wizard).lower() or "uppgradera" in page_text(wizard).lower()
        upgrade(qtbot, wizard, practice.info.pin)
        assert kinds(wizard) == [NEW, NEW]
        assert wizard.done_page.practise_again.isEnabled()

        click(qtbot, button(wizard, Button.FinishButton))  # Close still ends practice mode
        qtbot.waitUntil(lambda: not panel.isVisible())
    finally:
        session.close()


def test_no_practise_again_outside_practice_mode(qtbot: QtBot, qapp: object) -> None:
    from sithsclient.ui.pages.done import DonePage

    page = DonePage()
    qtbot.addWidget(page)
    page.show()
    assert not page.practise_again.isVisible()
