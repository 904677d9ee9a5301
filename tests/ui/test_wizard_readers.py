"""The first page tells the truth about the desk, live: no reader, no card, the card, as they come and go."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.server import IssuerServer
from tests.fixtures.pcsc import PivCard
from tests.ui.conftest import MakeWizard, piv_config
from tests.ui.driver import Button, button, page_text, wait_text

pytestmark = pytest.mark.pcsc

INSERT = "Sätt in ditt SITHS-kort (eTjänstekort) i kortläsaren."
NO_READER = "Ingen kortläsare hittades. Anslut kortläsaren till datorn."


def test_no_card_then_card_then_no_card(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    piv_card.rig.pull()
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_text(qtbot, wizard, INSERT)
    assert "Felkod" not in page_text(wizard)  # nothing failed: an empty reader is the ordinary start
    assert not button(wizard, Button.NextButton).isEnabled()

    piv_card.rig.insert(piv_card.state_path)
    wait_text(qtbot, wizard, PRACTICE_HOLDER.hsa_id)
    qtbot.waitUntil(lambda: button(wizard, Button.NextButton).isEnabled())
    assert INSERT not in page_text(wizard)

    piv_card.rig.pull()
    wait_text(qtbot, wizard, INSERT)
    assert PRACTICE_HOLDER.hsa_id not in page_text(wizard)
    assert not button(wizard, Button.NextButton).isEnabled()


def test_no_reader_service_then_readers_and_card(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    """Windows stops its smart card service with the last reader gone; here pcscd stops and starts again."""
    rig = piv_card.rig
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_text(qtbot, wizard, PRACTICE_HOLDER.hsa_id)
    rig.stop()
    try:
        wait_text(qtbot, wizard, NO_READER)
        shown = page_text(wizard)
        assert "Felkod: card.no_reader" in shown and PRACTICE_HOLDER.hsa_id not in shown
        assert not button(wizard, Button.NextButton).isEnabled()
    finally:
        rig.start()
    wait_text(qtbot, wizard, INSERT)
    rig.insert(piv_card.state_path)
    wait_text(qtbot, wizard, PRACTICE_HOLDER.hsa_id)
    qtbot.waitUntil(lambda: button(wizard, Button.NextButton).isEnabled())
