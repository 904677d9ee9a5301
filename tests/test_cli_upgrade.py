"""`sithsclient upgrade` as a shell user runs it, against `sithsclient issuer` in another process.

Includes the kill matrix: the client process SIGKILLed after each line of progress it printed; the card must
keep a complete working set, and running the command again must finish the upgrade without orphan keys.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.softhsm import provision_softhsm_card
from sithsclient.pki.model import Generation, Purpose
from tests.fixtures.cli import PINS, Shell, card_state

BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


def test_upgrade_from_the_shell_then_again(shell: Shell) -> None:
    first = shell.run_upgrade()
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Genererar certifikatsbegäran" in first.stdout
    assert "Raderar gamla certifikat" in first.stdout
    assert "uppgraderingen är klar" in first.stdout
    complete, keys, cert_ids = card_state()
    assert complete == {Generation.CURRENT: BOTH}
    assert keys == cert_ids  # no orphan keys
    again = shell.run_upgrade()
    assert again.returncode == 0 and "Kortet är redan uppgraderat" in again.stdout  # Swedish by default


def test_wrong_pin_from_stdin_is_exit_10_and_one_line(shell: Shell) -> None:
    result = shell.run_upgrade("123456\n000000\n")
    assert result.returncode == 10
    assert "pin.incorrect" in result.stderr and result.stderr.count("\n") == 1
    for pin in ("123456", "000000"):
        assert pin not in result.stdout + result.stderr


def test_unreachable_issuing_service_is_exit_30(shell: Shell) -> None:
    shell.issuer_url = "http://127.0.0.1:9/.well-known/cmp"  # the discard port: nothing listens
    result = shell.run_upgrade()
    assert result.returncode == 30, result.stderr
    assert "network.unreachable" in result.stderr
    # One sentence: the engine's log lines about the same stop go to the log file, not here as well.
    assert result.stderr.count("\n") == 1, result.stderr
    assert not re.search(r"\d\d:\d\d:\d\d,\d+ (WARNING|INFO)", result.stderr), result.stderr
    complete, _keys, _ids = card_state()
    assert complete == {Generation.LEGACY: BOTH}


def _progress_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("→", "✓", "    "))]


LINES_OF_FULL_RUN = 14


# `make check` kills at every seventh line (1, 8), `make test` at the others too (the `slow` part).
@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(range(1, LINES_OF_FULL_RUN + 1, 7), id="every-7th"),
        pytest.param([k for k in range(1, LINES_OF_FULL_RUN + 1) if k % 7 != 1], id="the-rest", marks=pytest.mark.slow),
    ],
)
def test_killed_after_every_progress_line_resumes_and_completes(
    shell: Shell, tmp_path: Path, lines: Sequence[int]
) -> None:
    # A whole upgrade prints LINES_OF_FULL_RUN progress lines; killed after each, it resumes and completes.
    killed_at = []
    for k in lines:
        soft = provision_softhsm_card(tmp_path / f"hsm{k}", PracticeHierarchy.load(shell.state), PRACTICE_HOLDER)
        shell.env["SOFTHSM2_CONF"] = str(soft.conf)
        os.environ["SOFTHSM2_CONF"] = str(soft.conf)
        proc = subprocess.Popen(
            shell.upgrade_args(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, env=shell.env,
        )  # fmt: skip
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PINS)
        proc.stdin.close()
        seen = 0
        for line in proc.stdout:
            if line.startswith(("→", "✓", "    ")):
                seen += 1
                if seen == k:
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait(30)
        killed_at.append(seen)

        complete, _keys, _ids = card_state()
        assert complete.get(Generation.LEGACY, set()) >= BOTH or complete.get(Generation.CURRENT, set()) >= BOTH, (
            k,
            complete,
        )
        resumed = shell.run_upgrade()
        assert resumed.returncode == 0, (k, resumed.stdout, resumed.stderr)
        complete, keys, cert_ids = card_state()
        assert complete == {Generation.CURRENT: BOTH}, k
        assert keys == cert_ids, f"orphan keys after a kill at line {k}"
    assert killed_at == list(lines)


def test_diagnose_bundle_holds_the_story_and_no_pin(shell: Shell, tmp_path: Path) -> None:
    import json
    import zipfile

    wrong = shell.run_upgrade("123456\n987123\n")  # a wrong signature PIN first: an error to diagnose
    assert wrong.returncode == 10
    assert shell.run_upgrade().returncode == 0
    bundle = tmp_path / "support.zip"
    english = ["--lang", "en"]  # the report's words asserted below
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sithsclient",
            *english,
            "diagnose",
            "--issuer",
            shell.issuer_url,
            "--bundle",
            str(bundle),
        ],
        capture_output=True,
        text=True,
        env=shell.env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"Issuing service: {shell.issuer_url}: answers" in result.stdout
    # Read aloud on the phone: words, never a Python value.
    report = result.stdout.split("\nLog (")[0]  # the log's own lines may quote anything
    assert not re.search(r"\bNone\b|=True|=False|\{'", report), report
    assert "current" in result.stdout  # the card's verdict now
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        assert {"report.json", "report.txt"} <= set(names)
        assert any(n.startswith("logs/") for n in names) and any(n.startswith("journal/") for n in names)
        everything = b"".join(zf.read(n) for n in names)
        report = json.loads(zf.read("report.json"))
    assert report["journals"][0]["phase"] == "done"
    assert report["versions"]["sithsclient"]
    for pin in (b"123456", b"654321", b"987123"):
        assert pin not in everything
