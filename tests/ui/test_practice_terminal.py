"""`sithsclient demo --terminal` says in one sentence that the practice upgrade runs in the terminal, in the
run's language, and says nothing of a display (there may well be one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAID = {
    "sv": "Övningsuppgraderingen körs i terminalen, med övnings-PIN-koden inskriven åt dig och villkoren godkända",
    "en": "The practice upgrade runs in the terminal, with the practice PIN typed for you and the terms accepted",
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_demo_terminal_says_where_the_upgrade_runs(tmp_path: Path, language: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SITHSCLIENT_LOG_DIR": str(tmp_path / "logs")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sithsclient",
            "demo",
            "--terminal",
            "--lang",
            language,
            "--directory",
            str(tmp_path / "practice"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert SAID[language] in result.stdout
    assert "skärm" not in result.stdout.lower() and "display" not in result.stdout.lower()
