"""`sithsclient check --notify`, the logon reminder: what it decides on real SoftHSM2 cards, that it is silent
when there is nothing to say, and that its notification opens the wizard on the card."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sithsclient import status
from sithsclient.app.context import AppContext
from sithsclient.app.reminders import ReminderKind, reminders
from sithsclient.config import Config
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.pki.model import Purpose
from sithsclient.ui import i18n
from sithsclient.ui.notify import Reminders, ReminderWindow
from sithsclient.upgrade.journal import JournalStore
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.softhsm import SoftHsmCard
from tests.test_pc_faults import FAKETIME
from tests.ui.driver import click, visible_text, wait_text


def cards() -> list[status.CardReport]:
    return status.gather(SOFTHSM_MODULE).cards


def run_check(card: SoftHsmCard, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", "check", "--module", SOFTHSM_MODULE, *args],
        capture_output=True,
        text=True,
        # No PC/SC service for it (the rig's pcscd with an empty reader may be up): the card is SoftHSM2's alone,
        # as a module with its own readers shows cards PC/SC does not list.
        env={
            **os.environ,
            "SOFTHSM2_CONF": str(card.soft.conf),
            "PCSCLITE_CSOCK_NAME": "/nonexistent/pcscd.comm",
            **(env or {}),
        },
        timeout=60,
    )


def upgrade(card: SoftHsmCard, issuer: IssuerServer, journal: Path) -> None:
    pins = {role: pin for role, pin in card.soft.pins.items()}
    run = run_engine(card.card, issuer, journal, ScriptedUser([pins]))
    assert run.outcome.ok, run.outcome


def test_a_legacy_card_must_be_upgraded_and_says_so_once(softhsm_card: SoftHsmCard) -> None:
    [reminder] = reminders(cards())
    assert reminder.kind is ReminderKind.MUST_UPGRADE and reminder.holder == PRACTICE_HOLDER.common_name
    result = run_check(softhsm_card, "--json")
    assert result.returncode == 0, result.stderr
    assert [r["kind"] for r in json.loads(result.stdout)] == ["must_upgrade"]


def test_an_upgraded_card_is_quiet_until_60_days_before_expiry(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    upgrade(softhsm_card, practice_issuer, tmp_path / "journal")
    assert reminders(cards()) == []
    result = run_check(softhsm_card, "--notify")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")  # silent: nothing to say

    not_after = min(c.info.not_after for c in cards()[0].certificates)
    soon = reminders(cards(), now=not_after - dt.timedelta(days=30, hours=1))
    assert {(r.kind, r.purpose, r.days_left) for r in soon} == {
        (ReminderKind.EXPIRES, Purpose.AUTHENTICATION, 30),
        (ReminderKind.EXPIRES, Purpose.SIGNATURE, 30),
    }
    assert reminders(cards(), now=not_after - dt.timedelta(days=61)) == []
    late = reminders(cards(), now=not_after + dt.timedelta(days=1))
    assert {r.kind for r in late} == {ReminderKind.EXPIRED}


def test_the_organisations_renewal_window_decides_when_check_warns(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    """renewal_days in the configuration moves the warning; --days still wins. The clock is moved for the
    command alone (libfaketime), to 45 days before the new certificates end."""
    upgrade(softhsm_card, practice_issuer, tmp_path / "journal")
    not_after = min(c.info.not_after for c in cards()[0].certificates)
    offset = (not_after - dt.timedelta(days=45, hours=1)) - dt.datetime.now(dt.UTC)
    faked = {"LD_PRELOAD": str(FAKETIME), "FAKETIME": f"+{int(offset.total_seconds())}s"}
    config = tmp_path / "config.toml"

    def kinds(*args: str, renewal_days: int | None = None) -> list[tuple[str, int]]:
        config.write_text("" if renewal_days is None else f"renewal_days = {renewal_days}\n")
        result = run_check(softhsm_card, "--json", "--config", str(config), *args, env=faked)
        assert result.returncode == 0, result.stderr
        return sorted((r["kind"], r["days_left"]) for r in json.loads(result.stdout))

    assert kinds() == [("expires", 45), ("expires", 45)]  # within the default 60 days
    assert kinds(renewal_days=30) == []  # the organisation renews later
    assert kinds("--days", "50", renewal_days=30) == [("expires", 45), ("expires", 45)]


def test_the_reminder_opens_the_wizard_on_the_card(
    qtbot: QtBot, qapp: object, softhsm_card: SoftHsmCard, tmp_path: Path
) -> None:
    i18n.install("sv")
    found = reminders(cards())
    context = AppContext(Config(module=SOFTHSM_MODULE), JournalStore(tmp_path / "journal"))
    shown = Reminders(found, context)
    try:
        # Offscreen there is no system tray: the reminder is a small window with the same words.
        window = shown.window
        assert isinstance(window, ReminderWindow) and window.isVisible()
        assert "Certifikaten på ditt kort måste uppgraderas." in visible_text(window)
        click(qtbot, window.open_button)
        assert shown.session is not None
        wizard = shown.session.wizard
        qtbot.waitUntil(wizard.isVisible)
        wait_text(qtbot, wizard, PRACTICE_HOLDER.hsa_id)
        wait_text(qtbot, wizard, "Kortet har certifikat från den gamla SITHS-hierarkin och måste uppgraderas.")
        assert not window.isVisible()
        assert QApplication.quitOnLastWindowClosed()
    finally:
        shown.close()


def test_check_run_by_a_person_tells_the_cases_apart(softhsm_card: SoftHsmCard, tmp_path: Path) -> None:
    """Not the same silence for "all is well" and "no card": a person (or a script) running `check` is told
    what was found, with `status`'s exit codes; at logon (--notify) every one of these stays quiet."""
    must = run_check(softhsm_card, "--lang", "en")
    assert must.returncode == 0, must.stderr
    assert f"card {softhsm_card.card.serial}: must be upgraded" in must.stdout
    svenska = run_check(softhsm_card, "--lang", "sv")
    assert f"kort {softhsm_card.card.serial}: måste uppgraderas" in svenska.stdout, svenska.stdout

    empty = tmp_path / "empty-softhsm"  # a SoftHSM2 with no initialised token
    empty.mkdir()
    conf = empty / "softhsm2.conf"
    (empty / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {empty / 'tokens'}\nobjectstore.backend = file\n", encoding="utf-8")
    # No smart card service (a PC away from its reader): SoftHSM2's empty slot is no reader either, as the wizard says
    env = {**os.environ, "SOFTHSM2_CONF": str(conf), "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    nowhere = str(tmp_path / "nowhere.so")

    def check(module: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "sithsclient", "check", "--module", module, *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    no_reader = check(SOFTHSM_MODULE)
    assert no_reader.returncode == 4 and no_reader.stderr.strip().endswith("[card.no_reader]"), no_reader.stderr
    no_module = check(nowhere)
    assert no_module.returncode == 3 and "[card.no_module]" in no_module.stderr
    for quiet in (check(SOFTHSM_MODULE, "--notify"), check(nowhere, "--notify")):
        assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_the_reminder_is_quiet_while_an_upgrade_of_a_card_runs(
    softhsm_card: SoftHsmCard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At logon during an upgrade (the wizard or IT support's command line holds the card): no reminder to
    upgrade, and the card is not read in the upgrade's way. Once the run ends, the reminder is back."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the user's data folder: journals and locks
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):  # no desktop: the reminders are only printed
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "data" / "sithsclient" / "locks"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from pathlib import Path; from sithsclient.app.card_lock import CardLock;"
         f"assert CardLock({softhsm_card.card.serial!r}, Path({str(folder)!r})).try_acquire();"
         "print('held', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        during = run_check(softhsm_card, "--notify", "--json")
        assert during.returncode == 0 and during.stdout == "", during.stdout + during.stderr
    finally:
        holder.kill()
        holder.wait(10)
    after = run_check(softhsm_card, "--notify", "--json")
    assert [r["kind"] for r in json.loads(after.stdout)] == ["must_upgrade"]
