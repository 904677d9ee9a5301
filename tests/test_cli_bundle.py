"""`diagnose --bundle` to a folder that is not there: the report is printed all the same, and the bundle's
failure is one sentence with its code (it ended as an unexpected error before, exit 50)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_bundle_to_a_missing_folder_is_said_plainly(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "bundle.zip"
    env = {**os.environ, "SITHSCLIENT_LOG_DIR": str(tmp_path / "logs"), "SITHSCLIENT_PKCS11_MODULE": "/nonexistent.so"}
    result = subprocess.run(
        [sys.executable, "-m", "sithsclient", "diagnose", "--bundle", str(target), "--lang", "en"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "sithsclient diagnostics" in result.stdout  # the report itself, to read out
    assert "[bundle.unwritable]" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr and not target.exists()
