"""The package's sizes and the frozen program's time to first window, against their budgets.

    .venv/bin/python bench/package_size.py [--onedir dist/sithsclient] [--msi dist/sithsclient-0.1.0-x64.msi]
                                           [--runs 5] [--check]

Build first with `make package`. Time to first window: from starting the frozen program (`sithsclient gui`) to
its wizard window being mapped on a virtual X screen (Xvfb, xdotool), median of --runs starts; the first start
also pays for a cold disk cache. With --check it exits 1 when a figure is over its budget;
tests/test_package.py runs that check on the package it builds.

The budgets are for the Linux build measured on this project's CI machine (2 cores). The Windows onedir has
no ICU data (Qt uses Windows' own) and is smaller; its figures are printed by the Windows CI workflow.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIB = 2**20
# Measured 2026-11 on the CI machine: onedir 129 MiB, MSI 55 MiB, first window 1.1 s (median of 7; the same
# program from the venv: 1.0 s). The budgets leave room for the wizard to grow, not for another Qt module or a
# forgotten plugin family (tens of MiB each), nor for a start that unpacks or scans something new.
BUDGETS = {
    "onedir_mib": 150.0,
    "msi_mib": 65.0,
    "first_window_s": 3.0,
}


def tree_size(path: Path) -> int:
    """Bytes of the regular files under path; symbolic links count as nothing (they copy nothing)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def newest(paths: list[Path]) -> float:
    """The latest modification time among the files (0 when there is none): is a build older than its sources?"""
    return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)


@contextmanager
def xvfb() -> Iterator[str]:
    """A virtual X screen of our own; yields its DISPLAY. -displayfd lets Xvfb pick a free display number,
    since other test runs on this machine may hold some."""
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        raise SystemExit("Xvfb and xdotool are needed: installer/deps.sh installs them")
    read, write = os.pipe()
    server = subprocess.Popen(
        # -noreset: by default the server resets whenever its last client leaves, and a program connecting
        # right then is refused (the polling xdotool clients come and go).
        ["Xvfb", "-displayfd", str(write), "-noreset", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def private_env(home: Path, **extra: str) -> dict[str, str]:
    """The frozen program's environment: its log, journal and settings in a folder of its own."""
    # PYTHONDONTWRITEBYTECODE out: a user's program runs from bytecode (the frozen one carries it, pip compiles
    # an installed one), and a run from the source tree that may not cache it would measure the compiler.
    dropped = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        SITHSCLIENT_LOG_DIR=str(home / "log"),
    )
    env.update(extra)
    return env


def wait_for_window(
    proc: subprocess.Popen[bytes], env: dict[str, str], started: float, timeout: float = 30.0
) -> tuple[float, str]:
    """Waits until a window of the program is visible; returns (seconds since `started`, its title).
    WM_CLASS of a Qt program is its application name, which ui/app.py sets to "sithsclient". Polled every 20 ms:
    xdotool's own --sync looks only every 500 ms, which would round the figure up to that."""
    while True:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--classname", "sithsclient", "getwindowname", "%@"],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        seconds = time.monotonic() - started
        # A window can be mapped a moment before Qt gives it its title; until then X shows the class name.
        titles = [t for t in found.stdout.strip().splitlines() if t and t != "sithsclient"]
        if found.returncode == 0 and titles:
            return seconds, titles[0]
        if proc.poll() is not None or seconds > timeout:
            proc.kill()
            log = proc.communicate()[0].decode(errors="replace")
            raise RuntimeError(f"no window after {seconds:.1f} s (program: {proc.returncode}): {log[-2000:]}")
        time.sleep(0.02)


def first_window(program: Path, display: str, home: Path, *args: str, timeout: float = 30.0) -> tuple[float, str, int]:
    """Starts the wizard (`gui ARGS`), waits until its window is visible, closes it the way Ctrl-C does
    (SIGTERM: the wizard's own handler closes it) and returns (seconds to the window, its title, exit code)."""
    return first_window_of([str(program), "gui", *args], display, home, timeout=timeout)


def first_window_of(
    command: list[str], display: str, home: Path, *, timeout: float = 30.0, **env_extra: str
) -> tuple[float, str, int]:
    """first_window for any command that shows a window of class "sithsclient" and closes on SIGTERM (the venv's
    `python -m sithsclient gui`, bench/bare_wizard.py)."""
    env = private_env(home, DISPLAY=display, **env_extra)
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        seconds, title = wait_for_window(proc, env, started, timeout)
        # A moment with the window up; it also lets the program install its SIGTERM handler, which ui/app.py
        # does just after showing the window (a signal before that would kill it instead of closing it).
        time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError(f"the wizard exited with {proc.returncode} right after showing its window")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"the wizard exited with {proc.returncode}: {output.decode(errors='replace')}")
    return seconds, title, proc.returncode


def measure(onedir: Path, msi: Path | None, runs: int) -> dict[str, float]:
    figures = {"onedir_mib": tree_size(onedir) / MIB}
    if msi is not None:
        figures["msi_mib"] = msi.stat().st_size / MIB
    program = onedir / ("sithsclient.exe" if sys.platform == "win32" else "sithsclient")
    times = []
    with tempfile.TemporaryDirectory(prefix="sithsclient-bench-") as home, xvfb() as display:
        for _ in range(runs):
            times.append(first_window(program, display, Path(home))[0])
    figures["first_window_s"] = statistics.median(times)
    figures["first_window_first_s"] = times[0]
    return figures


def over_budget(figures: dict[str, float]) -> list[str]:
    return [
        f"{name} {figures[name]:.1f} > budget {budget:.1f}"
        for name, budget in BUDGETS.items()
        if name in figures and figures[name] > budget
    ]


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--onedir", type=Path, default=root / "dist" / "sithsclient")
    parser.add_argument("--msi", type=Path, help="default: the newest dist/sithsclient-*.msi")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 if a figure is over its budget")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    msi = args.msi or max((root / "dist").glob("sithsclient-*.msi"), key=lambda p: p.stat().st_mtime, default=None)
    figures = measure(args.onedir, msi, args.runs)
    if args.json:
        print(json.dumps({"figures": figures, "budgets": BUDGETS}))
    else:
        for name, value in figures.items():
            budget = BUDGETS.get(name)
            print(f"{name:22} {value:8.2f}" + (f"   (budget {budget})" if budget else ""))
    problems = over_budget(figures)
    for problem in problems:
        print(f"over budget: {problem}", file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
