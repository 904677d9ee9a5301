"""The PUK in the wizard, on the practice card (issue 29, item 8): its tries left are shown, a wrong PUK is typed
again in the same dialog instead of ending the upgrade, and its last try is used only after a yes. The
in-process practice card: its PUK has a retry counter of its own, as a PIV card's has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.demo.practice import PracticeSession
from sithsclient.demo.vcard import state as card_state
from sithsclient.ui.app import Session
from sithsclient.ui.dialogs.pin_questions import FinalTryDialog, UnblockDialog
from sithsclient.ui.wizard import PageId, UpgradeWizard
from tests.ui.driver import (
    TIMEOUT_MS,
    Button,
    accept_terms,
    button,
    click,
    open_dialog,
    practice_window,
    visible_text,
    wait_card_ready,
    wait_page,
    wait_text,
)


@pytest.fixture
def session(qtbot: QtBot, qapp: object, practice: PracticeSession) -> Iterator[Session]:
    practice.block_pin()
    made = practice_window(practice)
    try:
        yield made
    finally:
        made.close()


def puk_dialog(qtbot: QtBot, previous: UnblockDialog | None = None) -> UnblockDialog:
    """The PUK dialog now open: a new one after a wrong PUK (the one answered is closed)."""
    found: list[UnblockDialog] = []

    def shown() -> None:
        dialog = open_dialog(qtbot, UnblockDialog)
        assert isinstance(dialog, UnblockDialog) and dialog is not previous
        found[:] = [dialog]

    qtbot.waitUntil(shown, timeout=TIMEOUT_MS)
    return found[0]


def give_puk(qtbot: QtBot, dialog: UnblockDialog, puk: str, new: str = "135790") -> None:
    qtbot.keyClicks(dialog.puk, puk)
    qtbot.keyClicks(dialog.new_pin, new)
    qtbot.keyClicks(dialog.again, new)
    click(qtbot, dialog.ok)


def test_a_wrong_puk_is_typed_again_and_its_last_try_needs_a_yes(
    qtbot: QtBot, session: Session, practice: PracticeSession
) -> None:
    wizard = session.wizard
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    dialog = puk_dialog(qtbot)
    assert "PUK-kod: 3 försök kvar" in visible_text(dialog)
    assert dialog.focusWidget() is dialog.puk
    give_puk(qtbot, dialog, "87654321")

    dialog = puk_dialog(qtbot, dialog)  # not the end of the upgrade: the same question again
    shown = visible_text(dialog)
    assert "Fel PUK-kod. 2 försök kvar." in shown and "PUK-koden har ett försök kvar" not in shown
    assert dialog.focusWidget() is dialog.puk and dialog.puk.text() == ""
    assert wizard.currentId() != PageId.FAILURE
    give_puk(qtbot, dialog, "87654320")

    dialog = puk_dialog(qtbot, dialog)
    shown = visible_text(dialog)
    assert "Fel PUK-kod. Ett försök kvar." in shown and "PUK-koden har ett försök kvar." in shown
    give_puk(qtbot, dialog, practice.info.puk)
    final = open_dialog(qtbot, FinalTryDialog)  # the last try: asked first, nothing sent yet
    assert isinstance(final, FinalTryDialog)
    assert "PUK-koden har ett försök kvar" in visible_text(final) and final.stop.isDefault()
    assert card_state.load(practice.card_path).puk_tries_left == 1
    click(qtbot, final.go_on)
    wait_page(qtbot, wizard, PageId.TERMS)
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    state = card_state.load(practice.card_path)
    assert state.pin == "135790" and state.puk_tries_left == 3


def test_no_to_the_last_puk_try_sends_nothing(qtbot: QtBot, session: Session, practice: PracticeSession) -> None:
    wizard = session.wizard
    wait_card_ready(qtbot, wizard)
    practice.pull_card()
    state = card_state.load(practice.card_path)
    state.puk_tries_left = 1
    card_state.save(state, practice.card_path)
    practice.insert_card()
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    dialog = puk_dialog(qtbot)
    assert "PUK-koden har ett försök kvar." in visible_text(dialog)  # said before it is typed
    give_puk(qtbot, dialog, practice.info.puk)
    final = open_dialog(qtbot, FinalTryDialog)
    assert isinstance(final, FinalTryDialog)
    click(qtbot, final.stop)
    wait_page(qtbot, wizard, PageId.FAILURE)
    wait_text(qtbot, wizard, "Felkod: puk.final_try")
    assert card_state.load(practice.card_path).puk_tries_left == 1


def test_the_card_page_asks_for_the_puk_again_after_a_wrong_one(
    qtbot: QtBot, session: Session, practice: PracticeSession
) -> None:
    wizard: UpgradeWizard = session.wizard
    wait_card_ready(qtbot, wizard)
    click(qtbot, wizard.card_page.unblock)
    dialog = puk_dialog(qtbot)
    assert "PUK-kod: 3 försök kvar" in visible_text(dialog)
    give_puk(qtbot, dialog, "87654321", "246802")
    dialog = puk_dialog(qtbot, dialog)
    assert "Fel PUK-kod. 2 försök kvar." in visible_text(dialog)
    give_puk(qtbot, dialog, practice.info.puk, "246802")
    wait_text(qtbot, wizard, "PIN-koden är upplåst och har det nya värdet.")
    assert card_state.load(practice.card_path).pin == "246802"
