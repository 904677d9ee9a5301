"""The test tiers hold: collection refuses a test that would start the PC/SC rig or wine in `make check` (the
conftest's check, run here on a made-up test module in a pytest of its own)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULE = """
import pytest
{wine_import}

def test_plain():
    pass

def test_rig(pcsc_rig):
    pass

@pytest.mark.pcsc
def test_rig_marked(pcsc_rig):
    pass
"""


def collect(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_made_up.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "--rootdir", str(tmp_path), str(tmp_path / "test_made_up.py")],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def test_a_test_on_the_rig_or_wine_without_its_mark_is_refused(tmp_path: Path) -> None:
    done = collect(tmp_path, MODULE.format(wine_import=""))
    assert done.returncode == 4, done.stdout + done.stderr  # a usage error: nothing runs
    wrong = [line.strip() for line in done.stderr.splitlines() if "test_made_up.py::" in line]
    assert wrong == ["test_made_up.py::test_rig: uses the PC/SC rig without @pytest.mark.pcsc"]  # the rest pass
    done = collect(tmp_path, MODULE.format(wine_import="from tests.fixtures.wine import Wine, booted"))
    assert done.returncode == 4, done.stdout + done.stderr
    assert done.stderr.count("uses wine without @pytest.mark.package") == 3
