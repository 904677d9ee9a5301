"""Practice mode (`sithsclient demo`): the wizard on the practice card with the practice panel beside it, and
without a display the same upgrade in the terminal.

The practice card is the in-process one (no PC/SC rig), as `sithsclient demo` gives by default. `demo --rig`
brings its own PC/SC rig, and there is one per machine: the test session's rig is stopped while that one runs
and started again afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.demo.practice import PracticeSession
from sithsclient.demo.rig import PcscRig
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade.journal import JournalStore
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


@pytest.fixture
def rig_free(pcsc_rig: PcscRig) -> Iterator[None]:
    pcsc_rig.stop()
    try:
        yield
    finally:
        pcsc_rig.start()


def test_practice_panel_drives_the_card_and_the_issuing_service(
    qtbot: QtBot, qapp: object, practice: PracticeSession
) -> None:
    i18n.install("sv")
    context = AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice)
    session = Session(context)
    try:
        session.show()
        wizard, panel = session.wizard, session.panel
        assert panel is not None and panel.isVisible()
        assert "övningsläge" in wizard.windowTitle()
        codes = visible_text(panel)
        assert f"PIN-kod: {practice.info.pin}" in codes and f"PUK-kod: {practice.info.puk}" in codes
        wait_card_ready(qtbot, wizard)
        assert practice.info.hsa_id in page_text(wizard)

        click(qtbot, panel.pull)
        wait_text(qtbot, wizard, "Sätt in ditt SITHS-kort (eTjänstekort) i kortläsaren.")
        qtbot.waitUntil(panel.insert.isEnabled)
        click(qtbot, panel.insert)
        wait_card_ready(qtbot, wizard)

        panel.fault.setCurrentIndex(panel.fault.findData("reject"))  # "Vägrar utfärda"
        assert "Gäller från nästa uppgradering." in visible_text(panel)
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.FAILURE)
        assert "Felkod: service.refused" in page_text(wizard)

        panel.fault.setCurrentIndex(panel.fault.findData("none"))
        click(qtbot, button(wizard, Button.CustomButton2))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        wait_page(qtbot, wizard, PageId.DONE)

        click(qtbot, panel.block)
        click(qtbot, button(wizard, Button.FinishButton))  # the wizard closes, and the panel with it
        qtbot.waitUntil(lambda: not panel.isVisible())
    finally:
        session.close()
    assert practice.card_inserted  # blocking the PIN pulls the card and puts it back


@pytest.mark.slow  # `make test` only: a whole practice upgrade in a terminal process
def test_demo_without_a_display_runs_the_upgrade_in_the_terminal(tmp_path: Path) -> None:
    terminal_demo(tmp_path, [])


@pytest.mark.pcsc
def test_demo_on_the_pcsc_rig_without_a_display(rig_free: None, tmp_path: Path) -> None:
    out = terminal_demo(tmp_path, ["--rig"])
    assert "Yubico YubiKey (sithsclient practice)" in out  # the rig's reader, through ykcs11


def terminal_demo(tmp_path: Path, options: list[str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), SITHSCLIENT_LOG_DIR=str(tmp_path / "logs"))
    result = subprocess.run(
        [sys.executable, "-m", "sithsclient", "demo", *options, "--directory", str(tmp_path / "practice")],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    # In the system's language, Swedish where the system asks for none (as the wizard would be).
    assert "PIN-kod för övning: 123456" in out and "PUK-kod för övning: 12345678" in out
    assert "Ingen skärm: övningsuppgraderingen körs i terminalen" in out
    assert "Certifikaten är nedladdade och uppgraderingen är klar" in out
    assert "123456\n" not in result.stderr
    return out


def test_practice_rehearses_an_extra_pair_and_the_refusal_of_a_second(
    qtbot: QtBot, qapp: object, practice: PracticeSession
) -> None:
    """The panel plays the other organisation's card office; the slip it hands over is typed into the wizard."""
    import re

    from sithsclient.ui.dialogs.extra_order import ExtraOrderDialog
    from tests.ui.driver import open_dialog

    i18n.install("sv")
    context = AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice)
    session = Session(context)
    try:
        session.show()
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        wait_card_ready(qtbot, wizard)

        def order_and_type() -> None:
            click(qtbot, panel.order)
            slip = panel.order_slip.text()
            reference = re.search(r"Referens: (ORD-\S+)", slip)
            code = re.search(r"Engångskod: (\S+)", slip)
            assert reference and code, slip
            click(qtbot, wizard.card_page.add_extra)
            dialog = open_dialog(qtbot, ExtraOrderDialog)
            assert isinstance(dialog, ExtraOrderDialog)
            qtbot.keyClicks(dialog.reference, reference.group(1))
            qtbot.keyClicks(dialog.code, code.group(1))
            click(qtbot, dialog.ok)

        order_and_type()
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE)
        assert "Det extra certifikatsparet är installerat" in page_text(wizard)

        wizard.restart()  # back to the first page, as "Close" and a new start would
        qtbot.waitUntil(lambda: not wizard.card_page.add_extra.isEnabled() and wizard.card_page.extra.isVisible())
        assert "Kommun Övning" in wizard.card_page.extra.text()
    finally:
        session.close()
