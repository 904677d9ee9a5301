"""The Windows build runs PyInstaller under wine again when wine crashed it, and only then (installer/build.py).

Wine now and then kills the helper process in which PyInstaller imports each collected package (one `make
package` in three here: "Isolated subprocess crashed while importing package 'logging'"). The outputs in
tests/data/pyinstaller/ were recorded from PyInstaller 6.22.3 in the Windows Python under wine
(installer/winpython.py): the crash with a package made to exit as it is imported, which stands in for wine
killing the helper (PyInstaller words it the same, whatever killed it), and an ordinary failure (a spec file
that is not there). The build's step is replaced by a stand-in that replays them; no wine runs here.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fixtures.wine import load_installer_module

build = load_installer_module("build")

RECORDED = Path(__file__).resolve().parent / "data" / "pyinstaller"
CRASH = RECORDED / "isolated-crash-under-wine.stderr"
OTHER = RECORDED / "spec-not-found-under-wine.stderr"


def recorded(path: Path | None) -> subprocess.CompletedProcess[str]:
    """A run of PyInstaller under wine: failed with the recorded standard error, or (None) passed, its output
    not looked at."""
    if path is None:
        return subprocess.CompletedProcess(["wine", "python.exe", "-m", "PyInstaller"], 0, "", "")
    return subprocess.CompletedProcess(["wine", "python.exe", "-m", "PyInstaller"], 1, "", path.read_text("utf-8"))


class RecordedPyInstallerStandIn:
    """Stands in for PyInstaller under wine: answers each run with the next recorded output, and counts runs."""

    def __init__(self, *outputs: Path | None) -> None:
        self.outputs = list(outputs)
        self.runs = 0

    def __call__(self) -> subprocess.CompletedProcess[str]:
        self.runs += 1
        return recorded(self.outputs.pop(0))


def retries_logged(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("wine crashed PyInstaller")]


def test_the_crash_is_told_from_other_failures() -> None:
    assert build.wine_crashed(recorded(CRASH))
    assert not build.wine_crashed(recorded(OTHER))
    assert not build.wine_crashed(recorded(None))
    # The helper's death in another of PyInstaller's calls, without the import step's words: not this failure.
    child_died = CRASH.read_text(encoding="utf-8").split("The above exception")[0]
    assert "SubprocessDiedError: Child process died" in child_died
    assert not build.wine_crashed(subprocess.CompletedProcess([], 1, "", child_died))


@pytest.mark.parametrize(
    ("outputs", "runs", "retries", "passed"),
    [
        ((None,), 1, 0, True),
        ((CRASH, None), 2, 1, True),
        ((CRASH, CRASH, None), 3, 2, True),
        ((CRASH, CRASH, CRASH, None), 3, 2, False),  # at most three runs: the third crash fails the build
        ((OTHER, None), 1, 0, False),  # any other failure stops at once
        ((CRASH, OTHER, None), 2, 1, False),
    ],
    ids=["passes", "crash-then-pass", "two-crashes-then-pass", "three-crashes", "other-failure", "crash-then-other"],
)
def test_a_crash_is_run_again_at_most_twice_and_each_retry_is_logged(
    outputs: tuple[Path | None, ...], runs: int, retries: int, passed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    pyinstaller = RecordedPyInstallerStandIn(*outputs)
    result = build.again_after_wine_crashes(pyinstaller)
    out = capsys.readouterr().out
    assert pyinstaller.runs == runs
    assert (result.returncode == 0) is passed
    logged = retries_logged(out)
    assert len(logged) == retries, out
    for attempt, line in enumerate(logged, start=1):
        assert f"try {attempt} of 3 failed, running it again" in line
        assert "Isolated subprocess crashed while importing package 'crashpkg'" in line
    assert out.count("PyInstaller: 6.22.3") == sum(1 for o in outputs[:runs] if o is not None)  # each run's output
