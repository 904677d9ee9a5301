"""The wizard and IT support's command line on one card at the same time (issue 15): a real wizard (offscreen Qt)
and a real `sithsclient upgrade` process on one SoftHSM2 card, against the practice issuing service.

- The wizard waits at its PIN page (its run holds the card) and the command line is started: the command line
  gives way at once with `card.busy` in one plain line, and the wizard's upgrade then finishes.
- The command line waits for its PINs (its run holds the card) and the wizard's upgrade is started: the wizard
  says it waits for the other upgrade, then reads the card again and finds it upgraded.
Either way no traceback, one run did the upgrade, and the card holds one whole current set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sithsclient.app import card_lock
from sithsclient.config import Config
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.pki.model import Generation, Purpose
from sithsclient.ui.wizard import PageId, UpgradeWizard
from tests.fixtures.cli import PINS, card_state
from tests.fixtures.softhsm import SoftHsmCard
from tests.ui.conftest import MakeWizard
from tests.ui.driver import (
    Button,
    accept_terms,
    button,
    click,
    page_text,
    stop_card_reading,
    type_pins,
    wait_card_ready,
    wait_page,
)

BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


@pytest.fixture
def shared_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """One user's data folder for both (the card's lock lives there), and the command line's environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return {
        **os.environ,
        "SITHSCLIENT_LOG_DIR": str(tmp_path / "cli-logs"),
        "SITHSCLIENT_PKCS11_MODULE": SOFTHSM_MODULE,
    }


def wizard_on_the_card(qtbot: QtBot, wizard_on: MakeWizard, issuer: IssuerServer) -> UpgradeWizard:
    wizard = wizard_on(Config(module=SOFTHSM_MODULE, issuer_url=issuer.url), issuer, language="en")
    wait_card_ready(qtbot, wizard)
    return wizard


def command_line(issuer: IssuerServer, practice_state: Path) -> list[str]:
    return [
        sys.executable, "-m", "sithsclient", "upgrade", "--issuer", issuer.url, "--trust",
        str(practice_state / "root.pem"), "--pin-stdin", "--yes", "--lang", "en",
    ]  # fmt: skip


def test_the_command_line_gives_way_to_the_wizard(
    qtbot: QtBot,
    wizard_on: MakeWizard,
    softhsm_card: SoftHsmCard,
    practice_issuer: IssuerServer,
    practice_state: Path,
    shared_data: dict[str, str],
) -> None:
    wizard = wizard_on_the_card(qtbot, wizard_on, practice_issuer)
    click(qtbot, button(wizard, Button.NextButton))
    wait_page(qtbot, wizard, PageId.PINS)  # the wizard's run holds the card while the person types
    assert card_lock.running(softhsm_card.card.serial)

    cli = subprocess.run(
        command_line(practice_issuer, practice_state), input=PINS, capture_output=True, text=True,
        env=shared_data, timeout=120,
    )  # fmt: skip
    assert cli.returncode == 23, cli.stdout + cli.stderr
    assert "already running" in cli.stderr and "card.busy" in cli.stderr and cli.stderr.count("\n") == 1
    assert "Traceback" not in cli.stdout + cli.stderr
    assert card_state()[0] == {Generation.LEGACY: BOTH}  # the command line changed nothing

    pins = softhsm_card.soft.pins
    type_pins(qtbot, wizard, *pins.values())
    click(qtbot, button(wizard, Button.NextButton))
    accept_terms(qtbot, wizard)
    wait_page(qtbot, wizard, PageId.DONE)
    stop_card_reading(qtbot, wizard)
    assert card_state()[0] == {Generation.CURRENT: BOTH}
    assert not card_lock.running(softhsm_card.card.serial)


@pytest.mark.slow  # `make test` only: make check runs the other direction
def test_the_wizard_waits_for_the_command_line_and_reads_the_card_again(
    qtbot: QtBot,
    wizard_on: MakeWizard,
    softhsm_card: SoftHsmCard,
    practice_issuer: IssuerServer,
    practice_state: Path,
    shared_data: dict[str, str],
) -> None:
    wizard = wizard_on_the_card(qtbot, wizard_on, practice_issuer)
    cli = subprocess.Popen(
        command_line(practice_issuer, practice_state), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=shared_data,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not card_lock.running(softhsm_card.card.serial):  # its run holds the card, waiting for PINs
            assert cli.poll() is None and time.monotonic() < deadline, cli.communicate()
            time.sleep(0.1)
        click(qtbot, button(wizard, Button.NextButton))
        wait_page(qtbot, wizard, PageId.PROGRESS)
        qtbot.waitUntil(lambda: "Waiting for the other upgrade of this card" in page_text(wizard), timeout=10_000)
        assert "Nothing has been done here yet" in page_text(wizard)
        out, err = cli.communicate(PINS, timeout=120)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.communicate()
    assert cli.returncode == 0, out + err
    assert "Traceback" not in out + err
    # The wizard reads the card again once the other run is over: upgraded already, nothing left to do.
    wait_page(qtbot, wizard, PageId.DONE)
    assert "The card is already upgraded" in page_text(wizard)
    stop_card_reading(qtbot, wizard)
    assert card_state()[0] == {Generation.CURRENT: BOTH}
