"""The bench's own code on a real, cheap measurement: `bench/run.py --quick` measures the wizard's peak memory
beside a bare QWizard's (two offscreen processes, a few seconds), prints the table and writes the JSON that
`make bench` writes to bench/latest.json. The figures' values are not checked here (timing and memory are
`make bench`'s business, never a test's); their shape is. bench/latest.json, as committed, is checked too."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


report = load_report()


@pytest.mark.slow  # `make test` only: two measured processes
def test_quick_bench_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert report.check(doc) == []
    [figure] = doc["figures"]
    assert set(report.SCHEMA_KEYS) <= set(figure)
    assert figure["value"] > 0 and figure["baseline"] > 0  # two real peaks, in MiB
    assert figure["budget"] == 1.9 and isinstance(figure["pass"], bool)
    assert abs(figure["ratio"] - figure["value"] / figure["baseline"]) < 1e-3 * figure["ratio"]
    assert figure["pass"] == (figure["ratio"] <= figure["budget"])
    # The table printed is the one docs/benchmarks.md shows: a header and one row per figure.
    rows = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert rows[0] == "| figure | value | baseline | ratio | budget | pass |" and len(rows) == 3
    assert figure["name"] in rows[2]


def test_check_finds_what_is_wrong() -> None:
    good = report.document([report.Figure("x", 2.0, 1.0, 1.5), report.Figure("y", 3.0)])
    assert report.check(good) == []
    assert good["figures"][0]["pass"] is False and good["figures"][1]["pass"] is None
    broken = json.loads(json.dumps(good))
    del broken["figures"][0]["ratio"]
    broken["figures"][1]["pass"] = True  # no budget, yet a verdict
    assert len(report.check(broken)) == 2
    lying = json.loads(json.dumps(good))
    lying["figures"][0]["ratio"] = 1.0
    assert report.check(lying) == ["figure 0 (x): ratio is not value / baseline"]
    assert report.check({"figures": []}) == ["no figures"]


def test_committed_latest_json_has_the_schema() -> None:
    doc = json.loads((ROOT / "bench" / "latest.json").read_text(encoding="utf-8"))
    assert report.check(doc) == []
    assert not doc.get("quick")
    names = " ".join(f["name"] for f in doc["figures"])
    for part in (
        "client's own CPU",
        "whole / (time on the card",
        "wizard locked",
        "first window",
        "logon reminder",
        "peak memory",
        "onedir size",
    ):
        assert part in names
