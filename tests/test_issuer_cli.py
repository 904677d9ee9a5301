"""`sithsclient issuer` as a trainer starts it: it says where it listens, obeys the control endpoint, and
stops on Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path


def test_issuer_command_prints_its_url_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    state = tmp_path / "state"
    process = subprocess.Popen(
        [sys.executable, "-m", "sithsclient", "issuer", "--port", "0", "--state", str(state), "--fault", "reject"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline()]
        while banner[-1] and not banner[-1].startswith("Stop with Ctrl-C"):
            banner.append(process.stdout.readline())
        assert banner[0].startswith("Practice issuing service: http://127.0.0.1:"), banner
        url = banner[0].split()[-1]
        assert url.endswith("/.well-known/cmp")
        with urllib.request.urlopen(url.removesuffix("/.well-known/cmp") + "/control/fault", timeout=5) as answer:
            assert json.load(answer)["fault"] == "reject"
        assert (state / "root.pem").exists() and (state / "person_ca.pem").exists()
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert process.returncode == 0, output
    assert f"--trust {state / 'root.pem'}" in "".join(banner)


def test_issuer_command_refuses_an_unknown_fault(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sithsclient", "issuer", "--state", str(tmp_path), "--fault", "meltdown"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 2
    assert "unknown fault 'meltdown'" in run.stderr and "wrong_key" in run.stderr
