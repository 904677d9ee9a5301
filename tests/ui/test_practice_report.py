"""IT support's report in practice mode describes the practice card, as the wizard shows it: at the terms page
(the run has the card, so the report shows the wizard's read from before the run and which question the run
waits at) and at the done page (the card read again, through practice mode's reader in the program)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sithsclient.demo.practice import PracticeSession
from sithsclient.ui.dialogs.diagnostics import DiagnosticsDialog
from sithsclient.ui.wizard import PageId, UpgradeWizard
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    open_dialog,
    practice_window,
    type_pins,
    wait_card_ready,
    wait_page,
)


def read_report(qtbot: QtBot, wizard: UpgradeWizard) -> str:
    """Click "For IT support…" and read the report once it is gathered; then close it."""
    click(qtbot, button(wizard, Button.CustomButton1))
    dialog = open_dialog(qtbot, DiagnosticsDialog)
    assert isinstance(dialog, DiagnosticsDialog)
    qtbot.waitUntil(dialog.copy.isEnabled, timeout=30_000)
    text = dialog.text.toPlainText()
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return text


def test_the_report_describes_the_practice_card_at_the_terms_and_the_done_page(
    qtbot: QtBot, qapp: object, practice: PracticeSession
) -> None:
    session = practice_window(practice)
    serial, hsa_id = practice.info.serial, practice.info.hsa_id
    try:
        wizard = session.wizard
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        wait_page(qtbot, wizard, PageId.TERMS)

        report = read_report(qtbot, wizard)
        assert "Övningsläge: ett övningskort" in report
        assert "Kort som de lästes innan körningen började" in report
        assert "Kortprogramvara: ingen; kortet sitter i en kortläsare inne i programmet" in report
        assert f"Kort {serial} (piv) i Övningsläsare (sithsclient)" in report
        assert f"{hsa_id} till" in report and report.count("SITHS Type 1 CA v1 (övning)") == 2  # the old pair
        assert f"Pågår: upgrade av kort {serial}, väntar på personens svar: villkoren." in report
        assert "Journalen skrivs när villkoren har godkänts." in report  # none yet: "inga" below is right
        assert "inte lästa nu: en uppgradering" not in report and "Kort: inga" not in report

        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE)
        qtbot.waitUntil(wizard.done_page.certificates.isVisible, timeout=30_000)
        report = read_report(qtbot, wizard)
        assert f"Kort {serial} (piv) i Övningsläsare (sithsclient)" in report  # read now, not "Kort: inga"
        assert "Kort: inga" not in report and "innan körningen" not in report and "Pågår" not in report
        assert report.count("SITHS e-id Person HSA-id 3 CA v1 (övning)") == 2 and "Type 1" not in report
        assert f"Journaler i {practice.journal_dir}: 1" in report
        assert f"kort {serial}: done" in report
    finally:
        session.close()
