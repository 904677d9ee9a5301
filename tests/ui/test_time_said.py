"""The times the wizard says (issue 29, item 11): the terms page's estimate follows how fast the issuing service
answers (the practice service set to answer slowly, a service measured slow in an earlier run), and a step's
clock on the progress page stops while the run waits for the card."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.card.model import KeyType_
from sithsclient.demo.practice import PracticeSession
from sithsclient.ui import i18n
from sithsclient.ui.pages.progress import ProgressPage, StepState
from sithsclient.ui.wizard import PageId
from sithsclient.upgrade import duration
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.steps import Step
from tests.ui.driver import Button, button, click, page_text, practice_window, type_pins, wait_card_ready, wait_page


@pytest.mark.parametrize(("fault", "seconds"), [("none", 3), ("delay=5", 13)])
def test_the_terms_say_the_time_the_practice_service_is_set_to_take(
    qtbot: QtBot, qapp: object, practice: PracticeSession, fault: str, seconds: int
) -> None:
    practice.set_fault(fault)  # as the panel's "Answers slowly (5 seconds)" does
    session = practice_window(practice)
    try:
        wizard = session.wizard
        wait_card_ready(qtbot, wizard)
        click(qtbot, button(wizard, Button.NextButton))
        type_pins(qtbot, wizard, practice.info.pin)
        click(qtbot, button(wizard, Button.NextButton))
        wait_page(qtbot, wizard, PageId.TERMS)
        # Two certificates: a second each on the practice card, and the service's set delay for each.
        assert f"Den tar cirka {seconds} sekunder." in page_text(wizard)
    finally:
        session.close()


def test_a_service_measured_slow_makes_the_next_estimate_longer() -> None:
    speed = duration.ServiceSpeed()
    typical = duration.expected_seconds(KeyType_.RSA_2048, 2, practice=False, service_s=speed.per_certificate())
    speed.record(30.0)  # one certificate took the service half a minute in this session's last run
    slow = duration.expected_seconds(KeyType_.RSA_2048, 2, practice=False, service_s=speed.per_certificate())
    assert (typical, slow) == (60, 110)
    configured = duration.ServiceSpeed(lambda: 0.0)  # practice mode: the set speed, whatever was measured
    configured.record(30.0)
    assert duration.expected_seconds(KeyType_.RSA_2048, 2, practice=True, service_s=configured.per_certificate()) == 3


def test_a_steps_clock_stops_while_the_run_waits_for_the_card(qtbot: QtBot, qapp: object) -> None:
    i18n.install("sv")
    page = ProgressPage()
    qtbot.addWidget(page)
    start = time.monotonic() - 10  # the step began ten seconds ago; the card was out for six of them
    page.on_event(ev.StepStarted(Step.GENERATE, at=start))
    page.on_event(ev.Paused("card.removed", "The card was removed.", at=start + 2))
    assert page.states[Step.GENERATE] is StepState.PAUSED
    assert page.times[Step.GENERATE].text() == "2,0 s"  # not 10 s: the clock stopped when the card left
    qtbot.wait(300)
    assert page.times[Step.GENERATE].text() == "2,0 s"  # and does not run while it is out
    page.on_event(ev.Resumed(at=start + 8))
    shown = float(page.times[Step.GENERATE].text().removesuffix(" s").replace(",", "."))
    assert shown == pytest.approx(time.monotonic() - start - 6, abs=0.2)  # runs again, the six seconds left out
    page.on_event(ev.StepDone(Step.GENERATE, at=start + 9))
    assert page.times[Step.GENERATE].text() == "3,0 s"
    assert page.elapsed() == pytest.approx(3.0)


def test_the_terminal_leaves_the_wait_for_the_card_out_of_a_steps_time() -> None:
    import io

    from rich.console import Console

    from sithsclient.commands.terminal import OperationSay, ProgressPrinter
    from sithsclient.commands.words import Words
    from sithsclient.upgrade.upgrade_plan import UPGRADE

    out = io.StringIO()
    printer = ProgressPrinter(Console(file=out, width=200), UPGRADE, OperationSay("en"), Words("en"))
    printer(ev.StepStarted(Step.GENERATE, at=100.0))
    printer(ev.Paused("card.removed", "The card was removed.", at=101.0))
    printer(ev.Resumed(at=107.0))
    printer(ev.StepDone(Step.GENERATE, at=109.0))
    assert "(3.0 s)" in out.getvalue()  # nine seconds, six of them waiting for the card
