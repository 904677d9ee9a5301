"""Time to first window of the Windows program under wine, against a bare frozen QWizard built the same way.

    .venv/bin/python bench/windows_window.py [--runs 7]       # bench/run.py's `windows-window` figure

Both are built by PyInstaller in the Windows Python under wine (installer/build.py's windows_pyinstaller):
the program from build_win.spec (`make windows`), the baseline from bench/bare_qt.spec, which is
build_win.spec with the program replaced by bench/bare_wizard.py. Both windowed programs (sithsclientw.exe,
bare_qtw.exe, what the Start menu starts) are started alternately on Xvfb in one wine prefix whose wineserver
stays up, with a Swedish locale; the figure is the median time from spawn to the window mapped with its title
(polled every 20 ms with xdotool). Wine's own start-up is in both. There is no smart card service under wine
and the card software is the stand-in module with no slots, so the wizard's first page reads no card.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "installer"))

import build  # noqa: E402
import package_size  # noqa: E402
import winpython  # noqa: E402

WIZARD_TITLE = "Uppgradering av SITHS-kort"
BARE_TITLE = "Bare QWizard"


def ensure_windows_onedir(rebuild: bool = False) -> Path:
    onedir = ROOT / "dist" / "windows" / "sithsclient"
    program = onedir / "sithsclientw.exe"
    sources = [*(ROOT / "src").rglob("*.py"), ROOT / "build_win.spec", *winpython.HERE.glob("*.txt")]
    if rebuild or not program.exists() or program.stat().st_mtime < package_size.newest(sources):
        print("building the Windows onedir (installer/build.py windows, about 3 minutes)", file=sys.stderr)
        build.build_windows_onedir(ROOT / "dist", ROOT / "build")
    return onedir


def ensure_windows_bare(rebuild: bool = False) -> Path:
    out = ROOT / "build" / "bench" / "windows"
    onedir = out / "dist" / "bare_qt"
    program = onedir / "bare_qtw.exe"
    sources = [HERE / "bare_qt.spec", HERE / "bare_wizard.py", ROOT / "build_win.spec", *winpython.HERE.glob("*.txt")]
    if rebuild or not program.exists() or program.stat().st_mtime < package_size.newest(sources):
        print("building the bare frozen QWizard for Windows (about 2 minutes)", file=sys.stderr)
        build.windows_pyinstaller(HERE / "bare_qt.spec", out / "dist", out / "work")
    return onedir


def titles(display: str, title: str) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", title, "getwindowname", "%@"],
        env={"DISPLAY": display, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    return [t for t in found.stdout.splitlines() if t == title]


def time_to_window(exe: Path, title: str, display: str, env: dict[str, str], timeout: float = 60.0) -> float:
    started = time.monotonic()
    proc = subprocess.Popen(
        ["wine", winpython.windows_path(exe)],
        env={**env, "DISPLAY": display},
        # /dev/null, not a regular file, which wine hands over as an invalid standard handle; not a pipe
        # either, which the Windows process keeps open after the wine launcher was killed.
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not titles(display, title):
            if proc.poll() is not None or time.monotonic() - started > timeout:
                raise RuntimeError(f"{exe.name}: no window '{title}' after {time.monotonic() - started:.1f} s")
            time.sleep(0.02)
        return time.monotonic() - started
    finally:
        proc.kill()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while titles(display, title) and time.monotonic() < deadline:  # gone before the next start
            time.sleep(0.05)


def measure(runs: int, rebuild: bool = False) -> tuple[float, float, list[float], list[float]]:
    """(median wizard, median bare, all wizard starts, all bare starts), in seconds."""
    wizard = ensure_windows_onedir(rebuild) / "sithsclientw.exe"
    bare = ensure_windows_bare(rebuild) / "bare_qtw.exe"
    python = winpython.prepare()
    log = ROOT / "build" / "bench" / "windows-log"
    log.mkdir(parents=True, exist_ok=True)
    env = python.env(
        LANG="sv_SE.UTF-8", LC_ALL="sv_SE.UTF-8", SITHSCLIENT_LOG_DIR=winpython.windows_path(log),
        SITHSCLIENT_PKCS11_MODULE=winpython.NOSLOTS_MODULE_PATH,
    )  # fmt: skip
    programs = {"wizard": (wizard, WIZARD_TITLE), "bare": (bare, BARE_TITLE)}
    times: dict[str, list[float]] = {name: [] for name in programs}
    server = subprocess.Popen(["wineserver", "-f", "-p"], env=env)  # stays up between the starts
    try:
        with package_size.xvfb() as display:
            for run in range(runs + 1):  # the first round warms the caches and is not counted
                order = list(programs) if run % 2 else list(reversed(programs))
                for name in order:
                    seconds = time_to_window(*programs[name], display, env)
                    if run:
                        times[name].append(seconds)
    finally:
        subprocess.run(["wineserver", "-k"], env=env, capture_output=True, timeout=60)
        server.wait(timeout=30)
    return statistics.median(times["wizard"]), statistics.median(times["bare"]), times["wizard"], times["bare"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    wizard, bare, wizard_all, bare_all = measure(args.runs, args.rebuild)
    print(f"sithsclientw.exe {wizard:.2f} s, bare_qtw.exe {bare:.2f} s, ratio {wizard / bare:.2f}")
    print("starts:", [round(t, 2) for t in wizard_all], [round(t, 2) for t in bare_all])
    return 0


if __name__ == "__main__":
    sys.exit(main())
