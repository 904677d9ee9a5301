"""A few seconds of each fuzz target (fuzz/, `make fuzz` runs a million inputs each): enough that a change which
lets a raw exception out of a parser or a loader again, or breaks its promise, shows here as a finding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="the `fuzz` extra (make fuzz-deps) is not installed")

from fuzz.harness import TARGETS
from fuzz.run import resume_target, run_target

SECONDS = 6  # per target; with start-up and seeds 35–45 s for the four here


@pytest.fixture(scope="module")
def hierarchy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-hierarchy")


@pytest.mark.slow  # `make test` only: make check keeps tests/test_fuzz_findings.py, the inputs once found
@pytest.mark.timeout(120)
@pytest.mark.parametrize("target", TARGETS)
def test_a_few_seconds_of_fuzzing_find_nothing(target: str, hierarchy: Path, tmp_path: Path) -> None:
    result = run_target(target, tmp_path, hierarchy, seconds=SECONDS)
    findings = tmp_path / target / "findings"
    assert result.finding_names == [], f"inputs kept in {findings}: {result.finding_names}"
    assert result.complete, (tmp_path / target / "fuzz.log").read_text()[-2000:]
    # It fuzzed for real: the seeds ran and new inputs reached code the seeds did not.
    assert result.executions > 100 and result.coverage > 20 and result.corpus > 5


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_a_campaign_resumed_adds_up_its_parts_while_the_code_stays_the_same(hierarchy: Path, tmp_path: Path) -> None:
    """`make fuzz` on a machine that cannot run a target's million at one sitting: each run goes on from the
    last, and only inputs run on the code as it is now count. The count is kept apart from the corpus
    (`make fuzz`: in the repository), so that a new machine goes on with it."""
    records = tmp_path / "records"
    first = resume_target("journal", tmp_path, hierarchy, runs=600, part=300, records=records)
    assert (first.executions, first.parts, first.findings) == (600, 2, 0) and first.complete
    record = records / "journal.json"
    # Stopped there; the next run asks for more and gets only the difference, from the kept corpus.
    more = resume_target("journal", tmp_path, hierarchy, runs=900, part=300, records=records)
    assert (more.executions, more.parts) == (900, 3) and more.complete
    assert len(json.loads(record.read_text(encoding="utf-8"))["parts"]) == 3
    assert any((tmp_path / "journal" / "corpus").iterdir())
    # The code under test changed since (here: the record says so): the count starts again.
    campaign = json.loads(record.read_text(encoding="utf-8"))
    campaign["code"]["digest"] = "0" * 16
    record.write_text(json.dumps(campaign), encoding="utf-8")
    again = resume_target("journal", tmp_path, hierarchy, runs=300, part=300, records=records)
    assert (again.executions, again.parts) == (300, 1)
    # A new machine: the corpus went with the old one, the record did not: the campaign goes on from it.
    shutil.rmtree(tmp_path / "journal")
    later = resume_target("journal", tmp_path, hierarchy, runs=600, part=300, records=records)
    assert (later.executions, later.parts) == (600, 2)
