"""A defect of ours never reaches a user as a traceback: any command that meets an exception nobody foresaw ends
with one sentence, the stable code internal.error (exit 50) and where the log is; the log has the traceback.

The defect is planted (a stand-in: a bug cannot be had on purpose otherwise) in the status command's card
reading, in a real `sithsclient` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLANTED = (
    "import sys, sithsclient.status as s, sithsclient.cli as c\n"
    "def broken(*args, **kwargs):\n"
    "    raise RuntimeError('a planted defect')\n"
    "s.gather = broken\n"
    "sys.exit(c.main(['status']))\n"
)


def test_an_unexpected_error_is_one_sentence_with_a_code_and_the_log(tmp_path: Path) -> None:
    env = {**os.environ, "SITHSCLIENT_LOG_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", PLANTED], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 50
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "[internal.error]" in result.stderr
    assert str(tmp_path / "sithsclient.log") in result.stderr and "Detaljerna finns i" in result.stderr
    log = (tmp_path / "sithsclient.log").read_text(encoding="utf-8")
    assert "RuntimeError: a planted defect" in log and "Traceback" in log  # the details, for IT support
