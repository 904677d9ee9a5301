"""Practice mode's two-PIN card in the wizard, as IT support rehearses it: both PINs (legitimering and
underskrift) on the card page, a blocked signature PIN from the panel, its PUK, and the upgrade done; and the
two-PIN page itself. The in-process
practice card: no PC/SC rig needed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sithsclient.card.layouts import PinRole
from sithsclient.demo.practice import PracticeSession
from sithsclient.demo.vcard import state as card_state
from sithsclient.ui.dialogs.pin_questions import ChangePinDialog, UnblockDialog
from sithsclient.ui.wizard import PageId
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
    wait_text,
)


@pytest.fixture
def two_pin_practice(tmp_path: Path) -> Iterator[PracticeSession]:
    with PracticeSession(tmp_path / "practice", pins=2) as session:
        yield session


@pytest.mark.slow  # `make test` only: make check asks for both PINs below
def test_a_blocked_signature_pin_is_unblocked_with_its_puk_and_the_upgrade_completes(
    qtbot: QtBot, qapp: object, two_pin_practice: PracticeSession
) -> None:
    practice = two_pin_practice
    session = practice_window(practice)
    try:
        wizard, panel = session.wizard, session.panel
        assert panel is not None
        assert panel.layout_choice.currentData() == 2 and panel.block_signature.isVisible()
        wait_card_ready(qtbot, wizard)
        assert "Spärrad" not in page_text(wizard)

        click(qtbot, panel.block_signature)
        qtbot.waitUntil(lambda: "Spärrad" in page_text(wizard), timeout=10_000)
        assert card_state.load(practice.card_path).sig_pin_tries_left == 0
        assert card_state.load(practice.card_path).pin_tries_left == 3  # the other PIN is not touched
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        # The PUK first: asking for a PIN that cannot be used would only cost the person time.
        dialog = open_dialog(qtbot, UnblockDialog)
        assert isinstance(dialog, UnblockDialog)
        assert "underskrift" in visible_text(dialog)
        qtbot.keyClicks(dialog.puk, practice.info.puk)
        qtbot.keyClicks(dialog.new_pin, "135790")
        qtbot.keyClicks(dialog.again, "135790")
        click(qtbot, dialog.ok)
        type_pins(qtbot, wizard, practice.info.pin)  # then the PIN för legitimering, the one still to give
        assert "legitimering" in page_text(wizard)
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE)
        state = card_state.load(practice.card_path)
        assert state.sig_pin == "135790" and state.pin == practice.info.pin
    finally:
        session.close()


def test_the_two_pin_page_asks_for_both_pins(qtbot: QtBot, qapp: object, two_pin_practice: PracticeSession) -> None:
    practice = two_pin_practice
    session = practice_window(practice)
    try:
        wizard = session.wizard
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin, "999999")  # two fields; the signature PIN mistyped
        text = page_text(wizard)
        assert "PIN för legitimering" in text and "PIN för underskrift" in text
        click(qtbot, button(wizard, Button.NextButton))
        qtbot.waitUntil(lambda: card_state.load(practice.card_path).sig_pin_tries_left == 2)
        assert card_state.load(practice.card_path).pin_tries_left == 3  # only the mistyped one paid
        type_pins(qtbot, wizard, practice.info.pin)  # asked again for the signature PIN alone
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE)
    finally:
        session.close()


def test_after_the_signature_pin_is_unblocked_the_page_asks_for_the_other_pin_once_with_focus(
    qtbot: QtBot, qapp: object, two_pin_practice: PracticeSession
) -> None:
    practice = two_pin_practice
    practice.block_pin(PinRole.SIGNATURE)
    session = practice_window(practice)
    try:
        wizard = session.wizard
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        dialog = open_dialog(qtbot, UnblockDialog)
        assert isinstance(dialog, UnblockDialog)
        qtbot.keyClicks(dialog.puk, practice.info.puk)
        qtbot.keyClicks(dialog.new_pin, "135790")
        qtbot.keyClicks(dialog.again, "135790")
        click(qtbot, dialog.ok)
        wait_page(qtbot, wizard, PageId.PINS)
        [field] = wizard.pin_page.fields.values()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field)  # typing goes straight into it
        shown = page_text(wizard)
        assert "Skriv PIN för legitimering." in shown and "igen" not in shown  # it was never typed before
    finally:
        session.close()


def test_change_pin_code_is_offered_while_only_the_signature_pin_is_blocked(
    qtbot: QtBot, qapp: object, two_pin_practice: PracticeSession
) -> None:
    practice = two_pin_practice
    practice.block_pin(PinRole.SIGNATURE)
    session = practice_window(practice)
    try:
        wizard = session.wizard
        wait_card_ready(qtbot, wizard)
        page = wizard.card_page
        assert page.unblock.isVisible() and page.change_pin.isEnabled()
        click(qtbot, page.change_pin)
        dialog = open_dialog(qtbot, ChangePinDialog)
        assert isinstance(dialog, ChangePinDialog)
        # Only the PIN that can be changed: the blocked one needs its PUK first.
        assert [dialog.role.itemText(i) for i in range(dialog.role.count())] == ["PIN för legitimering"]
        qtbot.keyClicks(dialog.old, practice.info.pin)
        qtbot.keyClicks(dialog.new_pin, "975310")
        qtbot.keyClicks(dialog.again, "975310")
        click(qtbot, dialog.ok)
        wait_text(qtbot, wizard, "PIN-koden är bytt.")
        state = card_state.load(practice.card_path)
        assert state.pin == "975310" and state.sig_pin_tries_left == 0
    finally:
        session.close()


def test_a_wrong_authentication_pin_keeps_the_right_signature_pin(
    qtbot: QtBot, qapp: object, two_pin_practice: PracticeSession
) -> None:
    practice = two_pin_practice
    session = practice_window(practice)
    try:
        wizard = session.wizard
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, "999999", practice.info.pin)  # the authentication PIN mistyped
        click(qtbot, button(wizard, Button.NextButton))
        qtbot.waitUntil(lambda: card_state.load(practice.card_path).pin_tries_left == 2)
        type_pins(qtbot, wizard, practice.info.pin)  # asked again for the authentication PIN alone
        shown = page_text(wizard)
        assert "Fel PIN-kod för legitimering." in shown
        assert "PIN för underskrift" not in shown
        click(qtbot, button(wizard, Button.NextButton))
        accept_terms(qtbot, wizard)
        wait_page(qtbot, wizard, PageId.DONE)
        assert card_state.load(practice.card_path).sig_pin_tries_left == 3  # typed once, right, and used
    finally:
        session.close()
