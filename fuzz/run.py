"""Runs fuzz targets, one at a time, each in a process of its own, and reports executions, coverage and findings.

    python -m fuzz.run --runs 1000000                  # every target, a million inputs each (`make fuzz`)
    python -m fuzz.run --seconds 5 journal config      # a few seconds each (tests/test_fuzz.py)

Each target runs in `--work/<target>/` (a fresh corpus, libFuzzer's output in fuzz.log, the first input of each
finding in findings/). The exit status is 1 when any target had a finding. `--json FILE` writes the figures.
Coverage is libFuzzer's: `cov` counts the instrumented edges reached (our code, asn1crypto, tomllib, json),
`ft` the features (edges with hit counts), `corpus` the inputs kept for reaching something new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from fuzz.harness import TARGETS

ROOT = Path(__file__).resolve().parents[1]
_COVERAGE = re.compile(r"cov: (\d+) ft: (\d+) corp: (\d+)")
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_EXECUTED = re.compile(r"stat::number_of_executed_units: (\d+)")


@dataclass
class Result:
    target: str
    executions: int
    seconds: float
    coverage: int  # edges
    features: int
    corpus: int
    findings: int
    finding_names: list[str]
    complete: bool  # libFuzzer ended as asked (-runs or -max_total_time), not cut short by a crash or a signal

    @property
    def per_second(self) -> float:
        return self.executions / self.seconds if self.seconds else 0.0


def run_target(
    name: str,
    work: Path,
    hierarchy: Path,
    *,
    runs: int | None = None,
    seconds: int | None = None,
    echo: bool = False,
) -> Result:
    directory = work / name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    limit = [f"-runs={runs}"] if runs is not None else []
    limit += [f"-max_total_time={seconds}"] if seconds is not None else []
    command = [sys.executable, "-m", "fuzz.run", "--child", name, "--work", str(directory)]
    command += ["--hierarchy", str(hierarchy), *(f"--libfuzzer={a}" for a in limit)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.monotonic()
    coverage = features = corpus = executions = 0
    complete = False
    log_path = directory / "fuzz.log"
    with (
        log_path.open("w", encoding="utf-8") as log,
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
        ) as child,
    ):
        assert child.stdout is not None
        for line in child.stdout:
            log.write(line)
            if m := _COVERAGE.search(line):
                coverage, features, corpus = (int(g) for g in m.groups())
            if m := _DONE.search(line):
                executions, complete = int(m.group(1)), True
            if m := _EXECUTED.search(line):
                executions = int(m.group(1))
            if echo and ("pulse" in line or "FINDING" in line or "INITED" in line or "DONE" in line):
                print(f"  {name}: {line.rstrip()}", flush=True)
        child.wait()
    elapsed = time.monotonic() - started
    findings_dir = directory / "findings"
    names = sorted(p.read_text(encoding="utf-8").splitlines()[0] for p in findings_dir.glob("*.txt"))
    # libFuzzer's own findings (a timeout, running out of memory, a crash in native code) end the process
    for crash in sorted(directory.glob("*-*")):
        if crash.name.split("-")[0] in ("crash", "timeout", "oom", "leak", "slow_unit"):
            names.append(f"libFuzzer {crash.name}")
    if child.returncode != 0 and not names:
        names.append(f"the fuzzing process ended with status {child.returncode} (see {log_path})")
    return Result(name, executions, round(elapsed, 1), coverage, features, corpus, len(names), names, complete)


def table(results: list[Result]) -> str:
    lines = [
        "| target | inputs | time | inputs/s | coverage (edges / features) | corpus | findings |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.target} | {r.executions:,} | {r.seconds:.0f} s | {r.per_second:,.0f} | {r.coverage:,} / "
            f"{r.features:,} | {r.corpus:,} | {r.findings} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"default: all ({', '.join(TARGETS)})")
    parser.add_argument("--runs", type=int, help="inputs per target")
    parser.add_argument("--seconds", type=int, help="seconds per target (with --runs: at most)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "fuzz")
    parser.add_argument("--hierarchy", type=Path, help="the practice CA hierarchy (made there if missing)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--libfuzzer", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    hierarchy = args.hierarchy or args.work / "hierarchy"
    if args.child:
        from fuzz.harness import child

        child(args.child, args.work, hierarchy, args.libfuzzer)
        return 0
    results = []
    for name in args.targets or TARGETS:
        if name not in TARGETS:
            parser.error(f"unknown target {name!r}")
        print(f"fuzzing {name} ...", flush=True)
        result = run_target(name, args.work, hierarchy, runs=args.runs, seconds=args.seconds, echo=True)
        results.append(result)
        print(
            f"{name}: {result.executions:,} inputs in {result.seconds:.0f} s, coverage {result.coverage} edges "
            f"({result.features} features), {result.findings} findings",
            flush=True,
        )
        for finding in result.finding_names:
            print(f"  finding: {finding}")
    print()
    print(table(results))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "limit": {"runs": args.runs, "seconds": args.seconds},
                    "results": [{**asdict(r), "per_second": round(r.per_second)} for r in results],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 1 if any(r.findings for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
