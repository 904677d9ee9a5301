"""The IT-support runbook (docs/runbook-*.md) cannot drift from the program: every stable code the source can
stop with has its advice (advice.py) and its meaning (ui/runbook.py), and the committed files are exactly what
`make runbook` writes from them, in both languages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sithsclient import advice
from sithsclient.ui import runbook

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "sithsclient"

# Where a stable code is born: an error class's `code = "..."`, an engine stop, an outcome, a CLI failure.
_BORN = re.compile(
    r"""(?:\bcode\s*(?::\s*str\s*)?=\s*|UpgradeStopped\(\s*|Outcome\(\s*False,\s*|\bfail\(\s*)"([a-z_]+(?:\.[a-z_]+)?)\"""",
)


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "issuer" or path.name in ("advice.py", "runbook.py"):
            continue  # the practice issuing service's codes are CMP failInfo, not the program's
        text = path.read_text(encoding="utf-8")
        found |= set(_BORN.findall(text))
        # UpgradeStopped / fail with the code on the next line
        found |= set(re.findall(r"(?:UpgradeStopped|fail)\(\s*\n\s*\"([a-z_]+\.[a-z_]+)\"", text))
    return found


def test_the_scan_finds_codes_from_every_kind_of_birth() -> None:
    found = codes_in_source()
    assert {"pin.blocked", "network.tls", "card.changed", "extra.code_argument", "config.no_issuer"} <= found


def test_every_code_has_advice_and_a_meaning() -> None:
    missing_advice = sorted(c for c in codes_in_source() if c not in advice.ADVICE)
    missing_meaning = sorted(c for c in codes_in_source() if c not in runbook.MEANING)
    assert not missing_advice, f"no entry in advice.ADVICE: {missing_advice}"
    assert not missing_meaning, f"no meaning in ui/runbook.py: {missing_meaning}"
    assert set(advice.ADVICE) == set(runbook.MEANING)  # one table's codes are the other's


def test_the_committed_runbook_is_what_the_program_writes() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "runbook.py"), "--check"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    swedish = (ROOT / "docs" / "runbook-sv.md").read_text(encoding="utf-8")
    english = (ROOT / "docs" / "runbook-en.md").read_text(encoding="utf-8")
    for code in advice.ADVICE:
        assert f'<a id="{code}"></a>' in swedish and f'<a id="{code}"></a>' in english
    # Each in its own language: the person's sentence as the wizard says it.
    assert "PIN-koden är spärrad. Den kan låsas upp med din PUK-kod." in swedish
    assert "The PIN code is blocked. It can be unblocked with your PUK code." in english
    assert "Vad det betyder" in swedish and "What it means" not in swedish
