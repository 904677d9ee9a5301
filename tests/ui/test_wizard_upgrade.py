"""The whole upgrade through the wizard on the PC/SC rig, in both languages, and with the keyboard only."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.ui.wizard import PageId
from tests.fixtures.pcsc import PivCard
from tests.ui.conftest import MakeWizard, piv_config
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    page_text,
    visible_text,
    wait_card_ready,
    wait_page,
    wait_text,
)

pytestmark = pytest.mark.pcsc


@dataclass(frozen=True)
class Words:
    verdict: str
    old_kind: str
    new_kind: str
    upgrade: str
    one_pin: str
    checkbox: str
    mail: str
    seconds: str
    start: str
    steps: tuple[str, str, str, str]
    step_done: str
    done: str
    restart: str
    close: str


SWEDISH = Words(
    verdict="Kortet har certifikat från den gamla SITHS-hierarkin och måste uppgraderas.",
    old_kind="Gamla SITHS (måste bytas)",
    new_kind="SITHS eID",
    upgrade="&Uppgradera kortet",
    one_pin="Det är samma PIN-kod för legitimering och för underskrift.",
    checkbox="Jag &godkänner villkoren",
    mail="e-post som har krypterats till dina gamla certifikat går inte att läsa efter uppgraderingen",
    seconds="Den tar cirka 60 sekunder.",
    start="&Starta nedladdning",
    steps=(
        "Genererar certifikatsbegäran",
        "Hämtar och installerar certifikat",
        "Raderar gamla certifikat",
        "Certifikaten är nedladdade och uppgraderingen är klar",
    ),
    step_done="Klart",
    done="Certifikaten är nedladdade och uppgraderingen är klar",
    restart="starta om de program som använder kortet",
    close="&Stäng",
)
ENGLISH = Words(
    verdict="The card has certificates from the old SITHS hierarchy and must be upgraded.",
    old_kind="Old SITHS (must be replaced)",
    new_kind="SITHS eID",
    upgrade="&Upgrade the card",
    one_pin="It is the same PIN code for logging in and for signing.",
    checkbox="I &accept the terms",
    mail="e-mail that was encrypted to your old certificates can no longer be read after the upgrade",
    seconds="It takes about 60 seconds.",
    start="&Start the download",
    steps=(
        "Generating certificate requests",
        "Fetching and installing certificates",
        "Deleting old certificates",
        "The certificates are downloaded and the upgrade is complete",
    ),
    step_done="Done",
    done="The certificates are downloaded and the upgrade is complete",
    restart="restart the programs that use the card",
    close="&Close",
)


@pytest.mark.parametrize(("language", "words"), [("sv", SWEDISH), ("en", ENGLISH)])
def test_full_upgrade_shows_each_page_in_the_users_language(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer, language: str, words: Words
) -> None:
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer, language=language)
    wait_card_ready(qtbot, wizard)
    first = page_text(wizard)
    assert words.verdict in first
    assert PRACTICE_HOLDER.common_name in first and PRACTICE_HOLDER.hsa_id in first
    assert str(piv_card.serial) in first and piv_card.reader in first
    assert wizard.card_page.certificates.rows()[0][1] == words.old_kind
    assert button(wizard, Button.NextButton).text() == words.upgrade

    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.PINS)
    assert words.one_pin in page_text(wizard)
    [field] = wizard.pin_page.fields.values()  # the practice card is a PIV card: one PIN
    qtbot.keyClicks(field, piv_card.pin[:5])
    assert not button(wizard, Button.NextButton).isEnabled()  # five digits are not a PIN: nothing is sent
    qtbot.keyClicks(field, piv_card.pin[5:])
    click(qtbot, button(wizard, Button.NextButton))

    wait_page(qtbot, wizard, PageId.TERMS)
    terms = page_text(wizard)
    assert words.mail in terms and words.seconds in terms
    assert wizard.terms_page.checkbox.text() == words.checkbox
    assert button(wizard, Button.NextButton).text() == words.start
    assert field.text() == ""  # the PIN left the field when it was handed on
    accept_terms(qtbot, wizard)

    wait_page(qtbot, wizard, PageId.DONE)
    wait_text(qtbot, wizard, words.new_kind)
    done = page_text(wizard)
    assert words.done in done and words.restart in done
    assert [row[1] for row in wizard.done_page.certificates.rows()] == [words.new_kind, words.new_kind]
    progress = visible_text(wizard.progress_page)
    for step in words.steps:
        assert step in progress
    assert progress.count(words.step_done) == 4
    assert button(wizard, Button.FinishButton).text() == words.close
    click(qtbot, button(wizard, Button.FinishButton))
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_keyboard_only(qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer) -> None:
    """Return for the default button, digits for the PIN, Space for the checkbox: no mouse anywhere."""
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wizard.activateWindow()
    wait_card_ready(qtbot, wizard)
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Return)
    wait_page(qtbot, wizard, PageId.PINS)
    [field] = wizard.pin_page.fields.values()
    qtbot.waitUntil(lambda: field.hasFocus())
    qtbot.keyClicks(QApplication.focusWidget(), piv_card.pin)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_page(qtbot, wizard, PageId.TERMS)
    qtbot.waitUntil(lambda: wizard.terms_page.checkbox.hasFocus())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert wizard.terms_page.checkbox.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_page(qtbot, wizard, PageId.DONE)
    assert QApplication.focusWidget() is button(wizard, Button.FinishButton)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_every_input_and_button_has_an_accessible_name_or_text(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.PINS)
    unnamed = [
        w
        for page_id in wizard.pageIds()
        for w in wizard.page(page_id).findChildren(QLineEdit) + wizard.page(page_id).findChildren(QComboBox)
        if not w.accessibleName()
    ]
    unnamed += [w for w in wizard.findChildren(QAbstractButton) if not (w.text() or w.accessibleName())]
    assert unnamed == []
