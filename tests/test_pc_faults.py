"""Faults of the PC itself, met by `sithsclient upgrade` in a real process on a SoftHSM2 card: the user's data
folder read-only, or on a full disk (a small tmpfs mounted over it in a private mount namespace), and the PC's
clock years off (libfaketime for the client only; the issuing service keeps the true time). Each stops with a
plain sentence and its code; nothing is written to the card without a journal, nothing is deleted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sithsclient.pki.model import Generation, Purpose
from tests.fixtures.cli import PINS, Shell, card_state

BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
FAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")  # Debian faketime: scripts/setup.sh


def upgrade_over_tmpfs(shell: Shell, options: str, fill: bool) -> subprocess.CompletedProcess[str]:
    data = Path(shell.env["XDG_DATA_HOME"])
    data.mkdir(parents=True, exist_ok=True)
    filling = 'dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null; ' if fill else ""
    script = f'mount -t tmpfs -o {options} tmpfs "$1" && {filling}shift && exec "$@"'
    return subprocess.run(
        ["unshare", "--mount", "bash", "-c", script, "sh", str(data), *shell.upgrade_args()],
        input=PINS, capture_output=True, text=True, env=shell.env, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("options", "fill", "reason"),
    # A full disk: `make test` only.
    # The folder's problem in the run's language (Swedish by default), as the rest of the line.
    [("ro", False, "skrivskyddad"), pytest.param("size=1m", True, "disken är full", marks=pytest.mark.slow)],
)
def test_an_unwritable_data_folder_refuses_before_any_card_write(
    shell: Shell, options: str, fill: bool, reason: str
) -> None:
    result = upgrade_over_tmpfs(shell, options, fill)
    assert result.returncode == 24, result.stdout + result.stderr
    assert "[journal.unwritable]" in result.stderr and reason in result.stderr
    assert "Ingenting gjordes på kortet" in result.stderr and "Traceback" not in result.stderr
    assert shell.env["XDG_DATA_HOME"] in result.stderr  # the folder, for IT support
    assert "cannot write" not in result.stderr and "Mapp: " in result.stderr  # no English beside the Swedish
    complete, keys, cert_ids = card_state()
    assert complete == {Generation.LEGACY: BOTH} and keys == cert_ids  # untouched: not even a new key
    again = shell.run_upgrade()  # once the folder is usable, the same command does it
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.parametrize(
    ("offset", "code"),
    [
        ("-3y", "cmp.not_valid_now"),  # the service's signing certificate is not valid yet at the PC's time
        pytest.param("+30y", "cmp.not_valid_now", marks=pytest.mark.slow),  # ... or long expired (`make test`)
        # the new certificate itself already expired at the PC's time (`make test`)
        pytest.param("+6y", "certificate.not_valid_now", marks=pytest.mark.slow),
    ],
)
def test_a_pc_clock_years_off_is_named_and_nothing_is_deleted(shell: Shell, offset: str, code: str) -> None:
    env = {**shell.env, "LD_PRELOAD": str(FAKETIME), "FAKETIME": offset, "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    result = subprocess.run(shell.upgrade_args(), input=PINS, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 30, result.stdout + result.stderr
    assert f"[{code}]" in result.stderr
    assert "datum och tid" in result.stderr  # the PC clock named as the likely cause (in Swedish, by default)
    complete, _keys, _ids = card_state()
    assert complete.get(Generation.LEGACY) == BOTH  # the old set is all there: nothing was deleted
    again = shell.run_upgrade()  # with the clock right, the same run goes on and completes
    assert again.returncode == 0, again.stdout + again.stderr
    assert card_state()[0] == {Generation.CURRENT: BOTH}
