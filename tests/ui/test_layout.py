"""Every page and dialog, in both languages and in a wordier pseudo-language, at 200 % scaling on a 1080p
screen: no text is cut off (scripts/screenshots.py --check draws them all and measures each label and button
against what its text needs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("--lang", "sv", "--lang", "en", "--lang", "long")


@pytest.mark.slow  # `make test` only (about 15 s): every page in three languages at 200 %
def test_pages_fit_their_words_at_200_percent(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the script's 1080p offscreen screen
    env["QT_SCALE_FACTOR"] = "2"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--check", "--out", str(tmp_path), *LANGUAGES],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    per_language = [len([s for s in shots if s.startswith(f"{lang}-")]) for lang in ("sv", "en", "long")]
    assert per_language[0] == per_language[1] == per_language[2] >= 20
