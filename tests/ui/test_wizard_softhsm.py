"""The wizard on a two-PIN card laid out like Net iD (SoftHSM2): both PINs asked, each named, and the whole
upgrade; and the IT-support view with its copy and bundle buttons, on the same real card."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from sithsclient.card.layouts import PinRole
from sithsclient.config import Config
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.ui.wizard import PageId
from tests.fixtures.softhsm import SoftHsmCard
from tests.ui.conftest import MakeWizard
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    page_text,
    type_pins,
    visible_text,
    wait_card_ready,
    wait_page,
    wait_text,
)


def softhsm_config(issuer: IssuerServer) -> Config:
    return Config(module=SOFTHSM_MODULE, issuer_url=issuer.url)


def test_two_pins_are_asked_by_name_and_the_upgrade_completes(
    qtbot: QtBot, wizard_on: MakeWizard, softhsm_card: SoftHsmCard, practice_issuer: IssuerServer
) -> None:
    pins = softhsm_card.soft.pins
    wizard = wizard_on(softhsm_config(practice_issuer), practice_issuer)
    wait_card_ready(qtbot, wizard)
    first = page_text(wizard)
    assert "PIN-koder:" in first and "PIN för legitimering:" in first and "PIN för underskrift:" in first
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.PINS)
    shown = page_text(wizard)
    assert "Skriv kortets båda PIN-koder" in shown
    assert "PIN för legitimering" in shown and "PIN för underskrift" in shown
    assert "Kortet visar inte hur många försök som är kvar" in shown  # SoftHSM2 keeps no count: say so

    type_pins(qtbot, wizard, pins[PinRole.AUTHENTICATION], "000000")  # the signature PIN is wrong
    click(qtbot, button(wizard, Button.NextButton))
    wait_text(qtbot, wizard, "Fel PIN-kod för underskrift.")
    again = page_text(wizard)
    assert "Skriv PIN för underskrift igen." in again  # only the wrong one is asked again, by its name
    assert "samma PIN-kod" not in again
    type_pins(qtbot, wizard, pins[PinRole.SIGNATURE])
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    wait_text(qtbot, wizard, "SITHS eID")


def test_diagnostics_copy_and_support_bundle(
    qtbot: QtBot, wizard_on: MakeWizard, softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    wizard = wizard_on(softhsm_config(practice_issuer), practice_issuer)
    wait_card_ready(qtbot, wizard)
    it_button = button(wizard, Button.CustomButton1)
    assert it_button.text() == "För &IT-support…"
    click(qtbot, it_button)
    dialog = wizard.diagnostics
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.copy.isEnabled, timeout=30_000)
    report = dialog.text.toPlainText()
    # In the wizard's language (Swedish here): IT support on the phone reads what the person reads.
    assert "sithsclient felsökning" in report and softhsm_card.card.serial in report
    assert "Kortläsare" in report and "Readers" not in report
    assert "must_upgrade" in report
    for pin in softhsm_card.soft.pins.values():
        assert pin not in report

    click(qtbot, dialog.copy)
    assert QApplication.clipboard().text() == report
    assert "Rapporten finns nu i urklipp." in visible_text(dialog)

    click(qtbot, dialog.save)
    chooser = dialog.save_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    target = tmp_path / "support.zip"
    chooser.selectFile(str(target))
    chooser.accept()
    wait_text(qtbot, dialog, f"Supportpaketet är sparat: {target}")
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        assert "report.txt" in names and "report.json" in names
        text = bundle.read("report.txt").decode()
    assert softhsm_card.card.serial in text


def test_closing_the_window_at_the_pin_question_stops_the_run_then_closes(
    qtbot: QtBot, wizard_on: MakeWizard, softhsm_card: SoftHsmCard, practice_issuer: IssuerServer
) -> None:
    """The window's close button while the engine waits for the PINs: the run stops there (nothing was written),
    then the window closes by itself, and no half-done upgrade is left to go on with."""
    wizard = wizard_on(softhsm_config(practice_issuer), practice_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.PINS)
    assert wizard.runner.running
    wizard.close()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=30_000)
    assert not wizard.runner.running
    assert wizard.outcome is not None and wizard.outcome.code == "cancelled"
    assert wizard.context.journal_store.load(softhsm_card.card.serial) is None
