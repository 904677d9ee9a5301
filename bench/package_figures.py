"""The frozen program's figures: the onedir's size against a bare-Qt bundle, and the Windows program's first
window under wine (both build what they need, or anew with --rebuild)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import package_size
import windows_window
from measuring import HERE, MIB, PY, ROOT, log
from report import Figure
from wizard_figures import BUDGET_FIRST_WINDOW

BUDGET_SIZE = 1.2  # issue 27, with requests (1.15× before)

# -- size ---------------------------------------------------------------------------------------------------


def built_at(onedir: Path) -> float:
    program = onedir / onedir.name
    return program.stat().st_mtime if program.exists() else 0.0


def ensure_onedir(rebuild: bool) -> Path:
    onedir = ROOT / "dist" / "sithsclient"
    sources = [*(ROOT / "src").rglob("*.py"), ROOT / "build_win.spec", ROOT / "pyproject.toml"]
    if rebuild or built_at(onedir) < package_size.newest(sources):
        log("building the onedir (installer/build.py onedir, about a minute)")
        subprocess.run([PY, str(ROOT / "installer" / "build.py"), "onedir"], cwd=ROOT, check=True, stdout=sys.stderr)
    return onedir


def ensure_bare_bundle(rebuild: bool) -> Path:
    out = ROOT / "build" / "bench"
    onedir = out / "dist" / "bare_qt"
    sources = [HERE / "bare_qt.spec", HERE / "bare_wizard.py", ROOT / "build_win.spec", ROOT / "pyproject.toml"]
    if rebuild or built_at(onedir) < package_size.newest(sources):
        log("building the bare-Qt bundle (bench/bare_qt.spec, about a minute)")
        env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(out / "pyinstaller-cache"))
        command = [PY, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(out / "dist")]
        command += ["--workpath", str(out / "work"), str(HERE / "bare_qt.spec")]
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=sys.stderr, stderr=sys.stderr)
    return onedir


def measure_size(rebuild: bool) -> list[Figure]:
    onedir, bare = ensure_onedir(rebuild), ensure_bare_bundle(rebuild)
    return [
        Figure(
            "onedir size: sithsclient / bare-Qt bundle",
            package_size.tree_size(onedir) / MIB,
            package_size.tree_size(bare) / MIB,
            BUDGET_SIZE,
            "MiB",
            "dist/sithsclient vs bench/bare_qt.spec, both by build_win.spec",
        )
    ]


def measure_windows_window(runs: int, rebuild: bool) -> list[Figure]:
    wizard, bare, wizard_all, _bare_all = windows_window.measure(runs, rebuild)
    return [
        Figure(
            "first window, Windows program under wine: sithsclientw.exe / bare frozen QWizard (median)",
            wizard,
            bare,
            BUDGET_FIRST_WINDOW,
            "s",
            f"{runs} starts each on Xvfb, alternating, wine's start-up in both; wizard min {min(wizard_all):.2f} s",
        )
    ]
