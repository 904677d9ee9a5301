"""PINs through the wizard on the PC/SC rig: a wrong PIN, the hard stop before a final try, the PUK, changing
a PIN, cancelling at a question, and the PIN field's own rules (digits only, Caps Lock and Num Lock hints)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.vcard import state as card_state
from sithsclient.ui import i18n
from sithsclient.ui.dialogs.pin_questions import ChangePinDialog, FinalTryDialog, UnblockDialog
from sithsclient.ui.widgets.pin_edit import PinEdit
from sithsclient.ui.wizard import PageId
from tests.fixtures.pcsc import PivCard
from tests.ui.conftest import MakeWizard, piv_config
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    open_dialog,
    page_text,
    type_pins,
    visible_text,
    wait_card_ready,
    wait_page,
    wait_text,
)

pytestmark = pytest.mark.pcsc


def submit_pin(qtbot: QtBot, wizard: object, pin: str) -> None:
    from sithsclient.ui.wizard import UpgradeWizard

    assert isinstance(wizard, UpgradeWizard)
    type_pins(qtbot, wizard, pin)
    click(qtbot, button(wizard, Button.NextButton))


def test_wrong_pin_asks_again_with_the_tries_left_and_cancel_returns_to_the_card(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    wait_text(qtbot, wizard, "Inga felaktiga försök")
    submit_pin(qtbot, wizard, "000000")
    wait_text(qtbot, wizard, "Fel PIN-kod. Mer än ett försök kvar.")  # ykcs11 tells no count
    assert wizard.currentId() == PageId.PINS
    [field] = wizard.pin_page.fields.values()
    assert field.text() == "" and field.isEnabled()
    assert not button(wizard, Button.NextButton).isEnabled()

    submit_pin(qtbot, wizard, piv_card.pin)
    wait_page(qtbot, wizard, PageId.TERMS)
    click(qtbot, button(wizard, Button.CancelButton))  # at a question: stop there, not close the program
    wait_page(qtbot, wizard, PageId.CARD)
    wait_text(qtbot, wizard, "Uppgraderingen avbröts. Kortet fungerar som förut.")
    assert wizard.isVisible()
    # Nothing was written: no half-done upgrade to "go on" with, the plain upgrade is offered again.
    assert "stoppades innan den var klar" not in page_text(wizard)
    assert button(wizard, Button.NextButton).text().replace("&", "") != "Fortsätt uppgraderingen"
    wait_text(qtbot, wizard, "Inga felaktiga försök")  # the right PIN reset the counter
    assert wizard.card_page.certificates.rows()[0][1] == "Gamla SITHS (måste bytas)"


def test_final_try_is_a_hard_stop_and_going_on_needs_a_yes(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    submit_pin(qtbot, wizard, "000000")
    wait_text(qtbot, wizard, "Fel PIN-kod. Mer än ett försök kvar.")
    submit_pin(qtbot, wizard, "000001")
    wait_text(qtbot, wizard, "Fel PIN-kod. Ett försök kvar.")
    assert "ett försök kvar. En felaktig PIN-kod nu spärrar den" in page_text(wizard)

    submit_pin(qtbot, wizard, piv_card.pin)
    dialog = open_dialog(qtbot, FinalTryDialog)
    assert isinstance(dialog, FinalTryDialog)
    shown = visible_text(dialog)
    assert (
        "PIN-koden har ett försök kvar" in shown and "150 kr" in shown and "Ingenting har skickats till kortet" in shown
    )
    assert dialog.stop.isDefault()  # Return gives the safe answer
    click(qtbot, dialog.stop)
    wait_page(qtbot, wizard, PageId.FAILURE)
    failure = page_text(wizard)
    assert "Felkod: pin.final_try" in failure and "Inget skickades till kortet" in failure
    assert "kodkuvertet" in failure  # whom to ask: the envelope, or a PUK from the card office
    assert button(wizard, Button.CustomButton2).isEnabled()

    click(qtbot, button(wizard, Button.CustomButton2))  # "Försök igen"
    wait_page(qtbot, wizard, PageId.PINS)
    assert "Ett försök kvar" in page_text(wizard)  # nothing was spent by stopping
    submit_pin(qtbot, wizard, piv_card.pin)
    dialog = open_dialog(qtbot, FinalTryDialog)
    assert isinstance(dialog, FinalTryDialog)
    click(qtbot, dialog.go_on)
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)


def blocked_card(piv_card: PivCard) -> None:
    """As after three wrong PINs (what the practice panel's "block the PIN" does)."""
    piv_card.rig.pull()
    state = card_state.load(piv_card.state_path)
    state.pin_tries_left = 0
    card_state.save(state, piv_card.state_path)
    piv_card.rig.insert(piv_card.state_path)


def test_blocked_pin_is_unblocked_with_the_puk_during_the_upgrade(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    blocked_card(piv_card)
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    first = page_text(wizard)
    assert "Spärrad: lås upp den med din PUK-kod" in first
    assert wizard.card_page.unblock.isVisible() and not wizard.card_page.change_pin.isEnabled()
    click(qtbot, button(wizard, Button.NextButton))
    # The PUK at once: a PIN page for a PIN that cannot be used would only cost the person a step.
    dialog = open_dialog(qtbot, UnblockDialog)
    assert isinstance(dialog, UnblockDialog)
    assert wizard.currentId() != PageId.PINS
    assert "PIN-koden är spärrad" in visible_text(dialog)
    qtbot.keyClicks(dialog.puk, piv_card.puk)
    qtbot.keyClicks(dialog.new_pin, "135790")
    qtbot.keyClicks(dialog.again, "135791")
    assert "De två nya PIN-koderna är olika." in visible_text(dialog) and not dialog.ok.isEnabled()
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "135790")
    click(qtbot, dialog.ok)
    assert dialog.puk.text() == "" and dialog.new_pin.text() == ""  # handed on, then wiped
    wait_page(qtbot, wizard, PageId.TERMS)
    assert "PIN-koden är upplåst. Från och med nu gäller den nya PIN-koden du valde." in page_text(wizard)
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    done = page_text(wizard)
    assert "den nya PIN-koden du valde" in done and "samma som förut" not in done


def test_unblock_and_change_pin_from_the_card_page(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    blocked_card(piv_card)
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, wizard.card_page.unblock)
    dialog = open_dialog(qtbot, UnblockDialog)
    assert isinstance(dialog, UnblockDialog)
    qtbot.keyClicks(dialog.puk, "87654321")
    qtbot.keyClicks(dialog.new_pin, "246802")
    qtbot.keyClicks(dialog.again, "246802")
    click(qtbot, dialog.ok)
    # Typed again in a new dialog, not the end of it (ykcs11 tells no count of the PUK's tries).
    wrong = dialog
    qtbot.waitUntil(lambda: (d := open_dialog(qtbot, UnblockDialog)) is not wrong and d.wrong.isVisible())
    dialog = open_dialog(qtbot, UnblockDialog)
    assert isinstance(dialog, UnblockDialog)
    assert "Fel PUK-kod." in visible_text(dialog)
    qtbot.keyClicks(dialog.puk, piv_card.puk)
    qtbot.keyClicks(dialog.new_pin, "246802")
    qtbot.keyClicks(dialog.again, "246802")
    click(qtbot, dialog.ok)
    wait_text(qtbot, wizard, "PIN-koden är upplåst och har det nya värdet.")
    wait_text(qtbot, wizard, "Inga felaktiga försök")
    qtbot.waitUntil(lambda: not wizard.card_page.unblock.isVisible())

    click(qtbot, wizard.card_page.change_pin)
    change = open_dialog(qtbot, ChangePinDialog)
    assert isinstance(change, ChangePinDialog)
    qtbot.keyClicks(change.old, "246802")
    qtbot.keyClicks(change.new_pin, "975310")
    qtbot.keyClicks(change.again, "975310")
    click(qtbot, change.ok)
    wait_text(qtbot, wizard, "PIN-koden är bytt.")

    click(qtbot, button(wizard, Button.NextButton))
    submit_pin(qtbot, wizard, "975310")  # the new PIN is the one that works now
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)


def test_pin_field_takes_six_digits_and_explains_caps_lock_and_num_lock(qtbot: QtBot, qapp: object) -> None:
    i18n.install("sv")
    field = PinEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "12A")  # an upper-case letter without Shift: Caps Lock is on
    assert field.text() == "12"  # letters never get in
    assert field.hint == "Caps Lock är på. En PIN-kod består bara av siffror."
    qtbot.keyClicks(field, "3")
    assert field.hint == ""
    qtbot.keyClick(field, "B", Qt.KeyboardModifier.ShiftModifier)  # Shift gives upper case: Caps Lock is off
    assert field.hint == "En PIN-kod består bara av siffror."
    qtbot.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.KeypadModifier)  # number pad without Num Lock
    assert field.hint == "Num Lock är av: slå på det för att skriva siffror på det numeriska tangentbordet."
    qtbot.keyClicks(field, "45678")
    assert field.text() == "123456" and field.is_complete()  # at most six digits
    assert field.echoMode() is PinEdit.EchoMode.Password
    field.wipe()
    assert field.text() == "" and not field.is_complete()


def test_it_support_report_on_the_pin_and_terms_pages_without_touching_the_card(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    """People call about a PIN: "För IT-support…" works on the PIN and terms pages. The run holds the card
    there, so the report leaves the card alone (it says so, and shows the wizard's read from before the run) and
    the upgrade goes on afterwards."""
    from sithsclient import catalogue
    from sithsclient.diagnostics import CARDS_READ_BEFORE, CONTEXT
    from sithsclient.ui import i18n

    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.PINS)
    support = button(wizard, Button.CustomButton1)
    qtbot.waitUntil(support.isEnabled)
    click(qtbot, support)
    dialog = wizard.diagnostics
    assert dialog is not None
    not_read = catalogue.for_language(i18n.current()).translate(CONTEXT, CARDS_READ_BEFORE)  # the wizard's words
    qtbot.waitUntil(lambda: not_read in dialog.text.toPlainText(), timeout=30_000)
    assert f"Kort {piv_card.serial} (piv)" in dialog.text.toPlainText()
    dialog.reject()
    submit_pin(qtbot, wizard, piv_card.pin)
    wait_page(qtbot, wizard, PageId.TERMS)
    assert button(wizard, Button.CustomButton1).isEnabled()
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE, timeout=120_000)
