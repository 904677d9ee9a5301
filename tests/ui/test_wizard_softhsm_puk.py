"""The PUK dialog on a card laid out like Net iD (SoftHSM2), whose PUK is the token's SO PIN: a wrong PUK is typed
again, told by the SO PIN's flag (CKF_SO_PIN_COUNT_LOW; SoftHSM2 keeps no count). SoftHSM2 never blocks a PIN, so
the dialog is opened as the card page's "Unblock PIN with PUK…" does for a blocked one."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.ui.dialogs.pin_questions import UnblockDialog
from tests.fixtures.softhsm import SoftHsmCard
from tests.ui.conftest import MakeWizard
from tests.ui.driver import (
    TIMEOUT_MS,
    click,
    open_dialog,
    stop_card_reading,
    visible_text,
    wait_card_ready,
    wait_text,
)
from tests.ui.test_wizard_softhsm import softhsm_config


def test_a_wrong_puk_is_typed_again_and_the_pin_is_unblocked(
    qtbot: QtBot, wizard_on: MakeWizard, softhsm_card: SoftHsmCard, practice_issuer: IssuerServer
) -> None:
    wizard = wizard_on(softhsm_config(practice_issuer), practice_issuer)
    wait_card_ready(qtbot, wizard)
    wizard.pin_tools.unblock(busy=False)  # the first PIN: PIN för legitimering
    first = open_dialog(qtbot, UnblockDialog)
    assert isinstance(first, UnblockDialog)
    assert "Försök kvar" not in visible_text(first) and not first.tries.text()  # no count told: nothing said
    for field, typed in ((first.puk, "87654321"), (first.new_pin, "246802"), (first.again, "246802")):
        qtbot.keyClicks(field, typed)
    click(qtbot, first.ok)

    found: list[UnblockDialog] = []

    def again() -> None:
        dialog = open_dialog(qtbot, UnblockDialog)
        assert isinstance(dialog, UnblockDialog) and dialog is not first
        found[:] = [dialog]

    qtbot.waitUntil(again, timeout=TIMEOUT_MS)
    dialog = found[0]
    assert "Fel PUK-kod. Mer än ett försök kvar." in visible_text(dialog)  # CKF_SO_PIN_COUNT_LOW, no count
    for field, typed in ((dialog.puk, "12345678"), (dialog.new_pin, "246802"), (dialog.again, "246802")):
        qtbot.keyClicks(field, typed)
    click(qtbot, dialog.ok)
    wait_text(qtbot, wizard, "PIN-koden är upplåst och har det nya värdet.")
    stop_card_reading(qtbot, wizard)  # the wizard reads the card again after the unblock: let it finish first
    softhsm_card.rediscover().open(PinRole.AUTHENTICATION, "246802").close()
