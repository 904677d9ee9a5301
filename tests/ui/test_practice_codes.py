"""The practice panel shows the codes the practice card has now, and which code serves what: a PIN the PUK
set is the one shown (one PIN and two), and where one code serves both PINs it says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.app.context import AppContext
from sithsclient.demo.practice import PracticeSession
from sithsclient.ui import i18n
from sithsclient.ui.app import Session
from sithsclient.ui.dialogs.pin_questions import UnblockDialog
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade.journal import JournalStore
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    open_dialog,
    page_text,
    practice_window,
    type_pins,
    visible_text,
    wait_card_ready,
    wait_page,
)

NEW_PIN = "135790"


@pytest.fixture(params=[1, 2], ids=["one PIN", "two PINs"])
def practice(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PracticeSession]:
    with PracticeSession(tmp_path / "practice", pins=request.param) as session:
        yield session


def test_the_panel_shows_the_pin_the_puk_set(qtbot: QtBot, qapp: object, practice: PracticeSession) -> None:
    two = practice.pin_count == 2
    session = practice_window(practice)
    try:
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        codes = panel.codes.text()
        if two:  # both PINs have the same code, and so do both PUKs: one line each, saying so
            assert "PIN-kod: 123456, samma för legitimering och underskrift" in codes
            assert "PUK-kod: 12345678, samma för båda PIN-koderna" in codes
        else:
            assert "PIN-kod: 123456 (kortets enda PIN-kod, för legitimering och underskrift)" in codes
            assert "PUK-kod: 12345678" in codes
        wait_card_ready(qtbot, wizard)

        click(qtbot, panel.block_signature if two else panel.block)
        qtbot.waitUntil(lambda: "Spärrad" in page_text(wizard), timeout=10_000)
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        dialog = open_dialog(qtbot, UnblockDialog)
        assert isinstance(dialog, UnblockDialog)
        qtbot.keyClicks(dialog.puk, "12345678")
        qtbot.keyClicks(dialog.new_pin, NEW_PIN)
        qtbot.keyClicks(dialog.again, NEW_PIN)
        click(qtbot, dialog.ok)

        def shows_the_new_pin() -> None:
            assert NEW_PIN in panel.codes.text(), panel.codes.text()

        qtbot.waitUntil(shows_the_new_pin, timeout=10_000)
        codes = visible_text(panel)
        if two:  # now two codes: each line says which PIN it is
            assert "PIN-kod för legitimering: 123456" in codes
            assert f"PIN-kod för underskrift: {NEW_PIN}" in codes
            assert "PUK-kod: 12345678, samma för båda PIN-koderna" in codes
            type_pins(qtbot, wizard, "123456")  # the PIN för legitimering, still the old one
            click(qtbot, button(wizard, Button.NextButton))
        else:
            assert f"PIN-kod: {NEW_PIN} (kortets enda" in codes and "123456 " not in codes
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE)
        assert NEW_PIN in panel.codes.text()
    finally:
        session.close()


def test_the_codes_in_english(qtbot: QtBot, qapp: object, tmp_path: Path) -> None:
    i18n.install("en")
    with PracticeSession(tmp_path / "practice", pins=2) as practice:
        session = Session(AppContext(practice.config, JournalStore(practice.journal_dir), practice=practice))
        try:
            assert session.panel is not None
            codes = session.panel.codes.text()
            assert "PIN code: 123456, the same for logging in and for signing" in codes
            assert "PUK code: 12345678, the same for both PIN codes" in codes
        finally:
            session.close()
