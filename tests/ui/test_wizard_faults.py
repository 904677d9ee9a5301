"""Every way the issuing service can fail, seen through the wizard: the failure page names what happened,
shows the stable code, says that trying again is safe and whom to contact; "Försök igen" goes on from the
journal. And while a card step runs, the window refuses to close and says why."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.ui.wizard import PageId
from tests.fixtures.pcsc import PivCard
from tests.ui.conftest import MakeWizard, piv_config
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

pytestmark = pytest.mark.pcsc

CARD_OFFICE = "Kontakta din lokala biträdande utgivare"
NETWORK = "Kontrollera att datorn är ansluten till nätverket"
IT_SUPPORT = "Kontakta din lokala IT-support"
LATER = "Felet ligger i utfärdartjänsten, inte i ditt kort eller din dator. Försök igen senare"

# fault -> (code or code family, the Swedish sentence, whom to contact)
FAULTS = [
    ("http_500", "network.http_status", "Utfärdartjänsten rapporterade ett fel.", LATER),
    ("reject", "service.refused", "Utfärdartjänsten vägrade utfärda nya certifikat.", CARD_OFFICE),
    ("wrong_key", "certificate.", "installerades inte", CARD_OFFICE),
    ("wrong_subject", "certificate.", "installerades inte", CARD_OFFICE),
    ("untrusted_issuer", "certificate.untrusted_issuer", "installerades inte", IT_SUPPORT),
    ("bad_protection", "cmp.protection", "kom från SITHS utfärdartjänst, så det användes inte", IT_SUPPORT),
    ("garbage", "cmp.malformed", "Svaret från utfärdartjänsten var skadat eller oläsbart.", LATER),
    ("oversized", "network.too_large", "Utfärdartjänsten skickade ett alldeles för stort svar.", LATER),
    ("delay=3", "network.timeout", "Utfärdartjänsten svarade inte i tid.", NETWORK),
]


def test_each_issuing_fault_then_try_again_completes(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer, read_timeout=1.0)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    first = True
    for fault, code, sentence, contact in FAULTS:
        piv_issuer.set_fault(fault)
        type_pins(qtbot, wizard, piv_card.pin)
        click(qtbot, button(wizard, Button.NextButton))
        if first:  # accepted once, remembered by the journal
            accept_terms(qtbot, wizard)
            first = False
        wait_page(qtbot, wizard, PageId.FAILURE)
        shown = page_text(wizard)
        assert f"Felkod: {code}" in shown, (fault, shown)
        assert sentence in shown, (fault, shown)
        assert contact in shown, (fault, shown)
        assert "Det är säkert att försöka igen" in shown
        assert "Stoppat" in visible_text(wizard.progress_page)  # the step that failed says so
        try_again = button(wizard, Button.CustomButton2)
        assert try_again.text() == "&Försök igen" and try_again.isEnabled()
        click(qtbot, try_again)
        wait_page(qtbot, wizard, PageId.PINS)

    piv_issuer.set_fault("pending=2")  # "come back later" twice: the wizard waits and polls, then succeeds
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.DONE, timeout=60_000)
    wait_text(qtbot, wizard, "SITHS eID")


def test_closing_during_a_card_step_is_refused_with_an_explanation(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    piv_issuer.set_fault("delay=1.5")  # the service takes its time: each fetch runs for 1.5 s
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    click(qtbot, button(wizard, Button.NextButton))
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.PROGRESS)
    wait_text(qtbot, wizard.progress_page, "Pågår")
    progress = visible_text(wizard.progress_page)
    assert "Dra inte ut kortet" in progress
    assert not button(wizard, Button.CancelButton).isVisible()  # no button that could only say no

    wizard.close()
    assert wizard.isVisible()
    box = wizard.close_refused_box
    assert box is not None and box.isVisible()
    assert "Programmet kan inte stängas medan det skriver till ditt kort" in box.text()
    box.accept()
    wizard.reject()  # Esc
    assert wizard.isVisible() and wizard.currentId() == PageId.PROGRESS

    wait_page(qtbot, wizard, PageId.DONE)
    wizard.close()  # finished: now it closes
    qtbot.waitUntil(lambda: not wizard.isVisible())
