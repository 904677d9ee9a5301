"""The extra certificate pair through the wizard, from its own entry on the first page, on the PC/SC rig."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.orders import ORDER_ORGANISATION
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.ui.dialogs.extra_order import ExtraOrderDialog
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
OTHER_HSA_ID = "SE2120001234-S000000000777"


def fill_order(qtbot: QtBot, reference: str, code: str) -> ExtraOrderDialog:
    dialog = open_dialog(qtbot, ExtraOrderDialog)
    assert isinstance(dialog, ExtraOrderDialog)
    for field, text in ((dialog.reference, reference), (dialog.code, code)):
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, text)
    return dialog


def test_extra_pair_from_the_first_page(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    order = piv_issuer.add_order(OTHER_HSA_ID)
    assert order.secret is not None
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    entry = wizard.card_page.add_extra
    assert entry.text() == "Lägg till certifikat från en annan &organisation…"
    click(qtbot, entry)

    dialog = fill_order(qtbot, order.reference.lower(), order.secret)
    assert "Ett kort kan bara ha ett extra certifikatspar." in visible_text(dialog)
    assert dialog.code.echoMode() is QLineEdit.EchoMode.PasswordEchoOnEdit
    click(qtbot, dialog.ok)
    assert dialog.code.text() == ""  # handed to the engine, not kept in the field

    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.TERMS)
    terms = page_text(wizard)
    assert ORDER_ORGANISATION in terms and OTHER_HSA_ID in terms
    assert "lätta att förväxla" in terms and "Dina egna certifikat finns kvar" in terms
    assert "e-post som har krypterats" not in terms  # nothing is replaced: no warning about old mail
    accept_terms(qtbot, wizard)

    wait_page(qtbot, wizard, PageId.DONE)
    wait_text(qtbot, wizard, OTHER_HSA_ID)
    done = page_text(wizard)
    assert "Det extra certifikatsparet är installerat" in done and ORDER_ORGANISATION in done
    assert "uppgraderingen" not in done
    progress = visible_text(wizard.progress_page)
    assert "Raderar gamla certifikat" not in progress and progress.count("Klart") == 3
    assert {row[0] for row in wizard.done_page.certificates.rows()} >= {"Legitimering", "Underskrift"}
    click(qtbot, button(wizard, Button.FinishButton))
    qtbot.waitUntil(lambda: not wizard.isVisible())

    # The card now has its one extra pair: the first page says so, and a second one cannot be started.
    again = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, again)
    wait_text(qtbot, again, f"{OTHER_HSA_ID} ({ORDER_ORGANISATION})")
    first = page_text(again)
    assert PRACTICE_HOLDER.hsa_id in first
    assert again.card_page.add_extra.isVisible() and not again.card_page.add_extra.isEnabled()
    assert "bara ha ett" in again.card_page.add_extra.toolTip()
    assert button(again, Button.NextButton).isEnabled()  # the card's own upgrade is still to do


def test_a_mistyped_code_tells_what_to_do_and_try_again_offers_the_order(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    order = piv_issuer.add_order(OTHER_HSA_ID)
    assert order.secret is not None
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer, language="en")
    wait_card_ready(qtbot, wizard)
    click(qtbot, wizard.card_page.add_extra)
    dialog = fill_order(qtbot, order.reference, "AAAA-BBBB-CCCC")
    click(qtbot, dialog.ok)

    wait_page(qtbot, wizard, PageId.FAILURE)
    failure = page_text(wizard)
    assert "The reference and one-time code were not accepted" in failure
    assert "service.code_refused" in failure
    assert "card office of the organisation that ordered the extra certificates" in failure
    assert wizard.pin_page.fields == {} or not any(f.text() for f in wizard.pin_page.fields.values())

    click(qtbot, button(wizard, Button.CustomButton2))  # Try again: the order again, its reference filled in
    retry = fill_order(qtbot, order.reference, order.secret)
    assert retry.reference.text() == order.reference
    click(qtbot, retry.ok)
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    assert "The extra certificate pair is installed" in page_text(wizard)
