"""The bench's figures, its table and its JSON file (`bench/latest.json`).

A figure is a measured value set beside a baseline measured in the same run, on the same machine, the same way
(this machine is small and noisy: absolute times say little, ratios taken side by side say more):

    {"name": "...", "value": 1.23, "baseline": 1.0, "ratio": 1.23, "budget": 1.5, "pass": true, "unit": "s",
     "note": "..."}

- `ratio` is value / baseline (null when there is no baseline, or it is 0);
- `budget` is the highest ratio allowed, or, for a figure with `baseline` null, the highest value allowed;
  null when the figure is shown for information only (then `pass` is null too);
- `pass` is true when the figure is within its budget.
`unit` and `note` are extra keys for the reader; the six above are the schema (tests/test_bench.py checks it).
"""

from __future__ import annotations

import json
import math
import platform
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_KEYS = ("name", "value", "baseline", "ratio", "budget", "pass")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    baseline: float | None = None
    budget: float | None = None
    unit: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.budget is None:
            return None
        checked = self.ratio if self.baseline is not None else self.value
        return checked is not None and math.isfinite(checked) and checked <= self.budget

    def as_dict(self) -> dict[str, Any]:
        value = _round(self.value)
        baseline = None if self.baseline is None else _round(self.baseline)
        # The ratio of the rounded figures, so that the document agrees with itself (11.34 / 10.82 is 1.048,
        # while the unrounded ones gave 1.047)
        ratio = None if self.ratio is None or not baseline else _round(value / baseline)
        return {
            "name": self.name,
            "value": value,
            "baseline": baseline,
            "ratio": ratio,
            "budget": self.budget,
            "pass": self.passed,
            "unit": self.unit,
            "note": self.note,
        }


def _round(number: float) -> float:
    return float(f"{number:.4g}")


def _cell(number: float | None, unit: str = "") -> str:
    if number is None:
        return "–"
    text = f"{number:.3g}" if abs(number) < 1000 else f"{number:.0f}"
    return f"{text} {unit}".strip()


def _verdict(figure: Figure) -> str:
    return {True: "pass", False: "**MISSED**", None: "–"}[figure.passed]


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table (what `make bench` prints and docs/benchmarks.md shows)."""
    rows = [
        "| figure | value | baseline | ratio | budget | pass |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for figure in figures:
        budget = "–" if figure.budget is None else (f"≤ {figure.budget:g}" + ("×" if figure.baseline else ""))
        if figure.budget is not None and figure.baseline is None and figure.unit:
            budget = f"≤ {figure.budget:g} {figure.unit}"
        rows.append(
            f"| {figure.name} | {_cell(figure.value, figure.unit)} | {_cell(figure.baseline, figure.unit)} "
            f"| {_cell(figure.ratio)} | {budget} | {_verdict(figure)} |"
        )
    return "\n".join(rows)


def document(figures: Iterable[Figure], **about: Any) -> dict[str, Any]:
    return {
        "schema": 1,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": _cpus(), "python": platform.python_version(), "system": platform.platform()},
        **about,
        "figures": [figure.as_dict() for figure in figures],
    }


def write(path: Path, figures: Sequence[Figure], **about: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document(figures, **about), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check(doc: dict[str, Any]) -> list[str]:
    """What is wrong with a bench document's shape (an empty list when nothing is)."""
    problems = []
    figures = doc.get("figures")
    if not isinstance(figures, list) or not figures:
        return ["no figures"]
    for index, figure in enumerate(figures):
        where = f"figure {index} ({figure.get('name', '?') if isinstance(figure, dict) else '?'})"
        if not isinstance(figure, dict):
            problems.append(f"{where}: not an object")
            continue
        missing = [key for key in SCHEMA_KEYS if key not in figure]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if not isinstance(figure["name"], str) or not figure["name"]:
            problems.append(f"{where}: name is not a string")
        for key in ("value", "baseline", "ratio", "budget"):
            value = figure[key]
            if key == "value" and value is None:
                problems.append(f"{where}: value is null")
            elif value is not None and (not isinstance(value, int | float) or isinstance(value, bool)):
                problems.append(f"{where}: {key} is not a number")
        if figure["pass"] not in (True, False, None):
            problems.append(f"{where}: pass is not true, false or null")
        if (figure["budget"] is None) != (figure["pass"] is None):
            problems.append(f"{where}: pass must be null exactly when budget is")
        base, ratio = figure["baseline"], figure["ratio"]
        value = figure["value"]
        if (
            isinstance(base, int | float)
            and base
            and isinstance(value, int | float)
            and (ratio is None or abs(ratio - value / base) > 1e-3 * max(1.0, abs(ratio)))
        ):
            problems.append(f"{where}: ratio is not value / baseline")
    return problems


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
