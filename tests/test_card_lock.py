"""One run per card, across processes, as a user meets it: two `sithsclient upgrade` started at the same moment on
one card (the program started twice, IT support's command line beside it), and a run SIGKILLed while it holds
the card. Real processes on a SoftHSM2 card against the practice issuing service in its own process.

Before the lock, two runs at once ended in a raw traceback in 9 of 10 tries (the other run had replaced the key
one was about to sign with), and the card kept a working set only by luck of the interleaving.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient.app import card_lock
from sithsclient.card.discovery import discover
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.softhsm import provision_softhsm_card
from sithsclient.pki.model import Generation, Purpose
from tests.fixtures.cli import PINS, Shell, card_state
from tests.fixtures.softhsm import SOFTHSM_MODULE

BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


def lock_folder(shell: Shell) -> Path:
    return Path(shell.env["XDG_DATA_HOME"]) / "sithsclient" / "locks"


def serial() -> str:
    from sithsclient.card import module as card_module

    card_module.reinitialize(SOFTHSM_MODULE)
    _path, [card] = discover(SOFTHSM_MODULE)
    return card.serial


def start(shell: Shell) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        shell.upgrade_args(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=shell.env,
    )  # fmt: skip
    return proc


@pytest.mark.slow  # `make test` only: make check runs the killed holder below
def test_two_upgrades_at_once_never_a_traceback_and_the_card_whole(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = 0
    for attempt in range(3):
        if attempt:  # a fresh legacy card for each try
            soft = provision_softhsm_card(
                tmp_path / f"hsm{attempt}", PracticeHierarchy.load(shell.state), PRACTICE_HOLDER
            )
            shell.env["SOFTHSM2_CONF"] = str(soft.conf)
            monkeypatch.setenv("SOFTHSM2_CONF", str(soft.conf))
        runs = [start(shell), start(shell)]
        results = [proc.communicate(PINS, timeout=180) for proc in runs]
        for proc, (out, err) in zip(runs, results, strict=True):
            assert "Traceback" not in out + err, out + err
            assert proc.returncode in (0, 23), (proc.returncode, out, err)
            if proc.returncode == 23:
                refused += 1
                assert "card.busy" in err and err.count("\n") == 1, err
        assert [p.returncode for p in runs].count(0) >= 1
        complete, keys, cert_ids = card_state()
        assert complete == {Generation.CURRENT: BOTH}
        assert keys == cert_ids  # no orphan key from the run that gave way
    assert refused >= 1  # the runs did meet: one gave way to the other


def test_a_run_killed_while_holding_the_card_leaves_no_lock(shell: Shell) -> None:
    folder = lock_folder(shell)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from sithsclient.app.card_lock import CardLock;"
         f"assert CardLock({serial()!r}, Path({str(folder)!r})).try_acquire(); print('held', flush=True);"
         "time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert card_lock.running(serial(), folder)
        busy = shell.run_upgrade()
        assert busy.returncode == 23, busy.stderr
        assert "pågår redan" in busy.stderr and "Traceback" not in busy.stderr  # the default language: Swedish
        assert "fortsätter där det stannade" not in busy.stderr  # nothing was begun here to go on with
        complete, _keys, _ids = card_state()
        assert complete == {Generation.LEGACY: BOTH}  # nothing was done by the run that gave way
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert not card_lock.running(serial(), folder)  # the OS let go with the process
    done = shell.run_upgrade()
    assert done.returncode == 0, done.stdout + done.stderr
    assert card_state()[0] == {Generation.CURRENT: BOTH}
