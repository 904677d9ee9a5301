"""The card lock: a pull during each card step covers the wizard at once, another card is refused with the
reason, and the same card back lets the upgrade finish by itself. Closing is refused meanwhile.

The pull happens on the engine's thread at the very moment it announces the step (a direct connection to
the wizard's event signal), so each step is really interrupted, not merely followed by a pull.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade import events as ev
from tests.fixtures.pcsc import PivCard, make_practice_card
from tests.ui.conftest import MakeWizard, piv_config
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    type_pins,
    visible_text,
    wait_card_ready,
    wait_page,
    wait_text,
)

pytestmark = pytest.mark.pcsc


@pytest.mark.parametrize("step", ev.CARD_STEPS, ids=[s.value for s in ev.CARD_STEPS])
def test_pull_during_each_card_step(
    qtbot: QtBot,
    wizard_on: MakeWizard,
    piv_card: PivCard,
    piv_issuer: IssuerServer,
    tmp_path: Path,
    step: ev.Step,
) -> None:
    other_path = tmp_path / "other-card.json"
    make_practice_card(other_path, piv_card.hierarchy)
    rig = piv_card.rig
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)
    pulled: list[ev.Step] = []

    def pull_now(event: object) -> None:
        if isinstance(event, ev.StepStarted) and event.step is step and not pulled:
            pulled.append(step)
            rig.pull()  # on the engine's thread, before the step's first card command

    wizard.runner.engine_event.connect(pull_now, Qt.ConnectionType.DirectConnection)
    click(qtbot, button(wizard, Button.NextButton))
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)

    lock = wizard.lock
    qtbot.waitUntil(lock.isVisible, timeout=10_000)
    assert pulled == [step]
    shown = visible_text(lock)
    assert "Sätt tillbaka kortet" in shown
    assert str(piv_card.serial) in shown and "card.removed" in shown
    assert wizard.currentId() == PageId.PROGRESS

    wizard.close()  # refused: the card is out in the middle of the upgrade
    assert wizard.isVisible()
    box = wizard.close_refused_box
    assert box is not None and box.isVisible() and "kan inte stängas" in box.text()
    box.accept()

    rig.insert(other_path)
    wait_text(qtbot, lock, "är ett annat kort, så det användes inte")
    assert "card.wrong_card" in visible_text(lock)
    assert lock.isVisible()

    rig.pull()
    rig.insert(piv_card.state_path)
    qtbot.waitUntil(lambda: not lock.isVisible(), timeout=15_000)
    wait_page(qtbot, wizard, PageId.DONE)
    wait_text(qtbot, wizard, "SITHS eID")
    assert [row[1] for row in wizard.done_page.certificates.rows()] == ["SITHS eID", "SITHS eID"]


def test_stop_from_the_lock_leaves_a_working_card_and_try_again_finishes(
    qtbot: QtBot, wizard_on: MakeWizard, piv_card: PivCard, piv_issuer: IssuerServer
) -> None:
    rig = piv_card.rig
    wizard = wizard_on(piv_config(piv_issuer), piv_issuer)
    wait_card_ready(qtbot, wizard)

    def pull_at_fetch(event: object) -> None:
        if isinstance(event, ev.StepStarted) and event.step is ev.Step.FETCH_INSTALL and rig.card(0) is not None:
            rig.pull()

    wizard.runner.engine_event.connect(pull_at_fetch, Qt.ConnectionType.DirectConnection)
    click(qtbot, button(wizard, Button.NextButton))
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)
    qtbot.waitUntil(wizard.lock.isVisible, timeout=10_000)
    wizard.runner.engine_event.disconnect(pull_at_fetch)
    click(qtbot, wizard.lock.stop)
    wait_page(qtbot, wizard, PageId.FAILURE)
    assert not wizard.lock.isVisible()
    shown = visible_text(wizard.failure_page)
    assert "Uppgraderingen avbröts. Kortet fungerar som förut." in shown
    assert "Felkod: cancelled" in shown and "Det är säkert att försöka igen" in shown

    rig.insert(piv_card.state_path)
    click(qtbot, button(wizard, Button.CustomButton2))  # "Försök igen": the engine goes on from its journal
    type_pins(qtbot, wizard, piv_card.pin)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.DONE)  # the terms were accepted the first time: not asked again
