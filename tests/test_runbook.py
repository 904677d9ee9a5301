"""The IT-support runbook (docs/runbook-*.md) cannot drift from the program: every stable code (codes.py, which
tests/test_codes.py holds complete) has its entry, and the committed files are exactly what `make runbook` writes
from them, in both languages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sithsclient.codes import Code
from sithsclient.ui import runbook

ROOT = Path(__file__).resolve().parents[1]


def test_every_code_has_an_entry_with_its_meaning() -> None:
    assert runbook.codes() == sorted(code.value for code in Code)
    assert all(runbook.meaning(code) for code in runbook.codes())


def test_the_committed_runbook_is_what_the_program_writes() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "runbook.py"), "--check"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    swedish = (ROOT / "docs" / "runbook-sv.md").read_text(encoding="utf-8")
    english = (ROOT / "docs" / "runbook-en.md").read_text(encoding="utf-8")
    for code in Code:
        assert f'<a id="{code}"></a>' in swedish and f'<a id="{code}"></a>' in english
    # Each in its own language: the person's sentence as the wizard says it.
    assert "PIN-koden är spärrad. Den kan låsas upp med din PUK-kod." in swedish
    assert "The PIN code is blocked. It can be unblocked with your PUK code." in english
    assert "Vad det betyder" in swedish and "What it means" not in swedish
