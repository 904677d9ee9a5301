"""A few seconds of each fuzz target (fuzz/, `make fuzz` runs a million inputs each): enough that a change which
lets a raw exception out of a parser or a loader again, or breaks its promise, shows here as a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="the `fuzz` extra (make fuzz-deps) is not installed")

from fuzz.harness import TARGETS
from fuzz.run import run_target

SECONDS = 6  # per target; with start-up and seeds 35–45 s for the four here


@pytest.fixture(scope="module")
def hierarchy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-hierarchy")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("target", TARGETS)
def test_a_few_seconds_of_fuzzing_find_nothing(target: str, hierarchy: Path, tmp_path: Path) -> None:
    result = run_target(target, tmp_path, hierarchy, seconds=SECONDS)
    findings = tmp_path / target / "findings"
    assert result.finding_names == [], f"inputs kept in {findings}: {result.finding_names}"
    assert result.complete, (tmp_path / target / "fuzz.log").read_text()[-2000:]
    # It fuzzed for real: the seeds ran and new inputs reached code the seeds did not.
    assert result.executions > 100 and result.coverage > 20 and result.corpus > 5
