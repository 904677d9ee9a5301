"""What the bench's figures share: where things are, the Python that runs them, a program run to its end and
measured (bench/run.py and its figure modules)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
MIB = 2**20


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run_measured(command: list[str], env: dict[str, str], stdin: str = "") -> tuple[str, int, float, Any]:
    """Run a program to its end: (its output, exit code, wall seconds from spawn to exit, its rusage)."""
    started = time.monotonic()
    child = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(stdin.encode())
    child.stdin.close()
    output = child.stdout.read().decode(errors="replace")
    child.stdout.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return output, child.returncode, seconds, usage
