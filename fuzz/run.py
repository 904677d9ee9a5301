"""Runs fuzz targets, one at a time, each in a process of its own, and reports executions, coverage and findings.

    python -m fuzz.run --runs 1000000                  # every target, a million inputs each (`make fuzz`)
    python -m fuzz.run --seconds 5 journal config      # a few seconds each (tests/test_fuzz.py)
    python -m fuzz.run --runs 1000000 --resume --records fuzz/campaigns issuer_request   # more than one sitting

Each target runs in `--work/<target>/` (a fresh corpus, libFuzzer's output in fuzz.log, the first input of each
finding in findings/). The exit status is 1 when any target had a finding. `--json FILE` writes the figures.
Coverage is libFuzzer's: `cov` counts the instrumented edges reached (our code, asn1crypto, tomllib, json),
`ft` the features (edges with hit counts), `corpus` the inputs kept for reaching something new.

With `--resume` a target's campaign goes on where it stopped: its corpus is kept, it runs in parts of `--part`
inputs, and after each part `<target>.json` in `--records` (`make fuzz`: `fuzz/campaigns/`, kept in the
repository, so that a campaign outlives the machine it ran on) adds it up. A campaign stopped (the
machine shut down, the session over) loses only the part it was in; a later run goes on until `--runs` inputs
have run on the same code. The parts count only while `harness.code_under_test` stays the same: a change to the
product's code the target loads, to the target, or to a library version starts the count again (the corpus
stays, as inputs worth starting from).
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
from typing import Any

from fuzz.harness import TARGETS

ROOT = Path(__file__).resolve().parents[1]
_COVERAGE = re.compile(r"cov: (\d+) ft: (\d+) corp: (\d+)")
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_EXECUTED = re.compile(r"stat::number_of_executed_units: (\d+)")
_INTERRUPTED = "libFuzzer: run interrupted"  # SIGINT (Ctrl-C): stopped by someone, not a finding


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
    parts: int = 1  # runs of libFuzzer these figures add up (a resumed campaign)

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
    fresh: bool = True,
) -> Result:
    """One run of libFuzzer on the target, in `work/name/`: emptied first unless `fresh` is False (a part of a
    resumed campaign: its corpus stays, and only this run's findings are its)."""
    directory = work / name
    if fresh:
        shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    since = time.time() - 1  # files of this run's findings are at least this new
    limit = [f"-runs={runs}"] if runs is not None else []
    limit += [f"-max_total_time={seconds}"] if seconds is not None else []
    command = [sys.executable, "-m", "fuzz.run", "--child", name, "--work", str(directory)]
    command += ["--hierarchy", str(hierarchy), *(f"--libfuzzer={a}" for a in limit)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.monotonic()
    coverage = features = corpus = executions = 0
    complete = interrupted = False
    log_path = directory / "fuzz.log"
    with (
        log_path.open("w", encoding="utf-8") as log,
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
        ) as child,
    ):
        assert child.stdout is not None
        lines = iter(child.stdout)
        while True:
            try:  # Ctrl-C reaches libFuzzer too: it prints its figures and exits, and they are read to the end
                line = next(lines)
            except StopIteration:
                break
            except KeyboardInterrupt:
                continue
            log.write(line)
            if m := _COVERAGE.search(line):
                coverage, features, corpus = (int(g) for g in m.groups())
            if m := _DONE.search(line):
                executions, complete = int(m.group(1)), True
            if m := _EXECUTED.search(line):
                executions = int(m.group(1))
            interrupted = interrupted or _INTERRUPTED in line
            if echo and ("pulse" in line or "FINDING" in line or "INITED" in line or "DONE" in line):
                print(f"  {name}: {line.rstrip()}", flush=True)
        child.wait()
    elapsed = time.monotonic() - started
    findings_dir = directory / "findings"
    names = sorted(
        p.read_text(encoding="utf-8").splitlines()[0] for p in findings_dir.glob("*.txt") if p.stat().st_mtime >= since
    )
    # libFuzzer's own findings (a timeout, running out of memory, a crash in native code) end the process
    for crash in sorted(directory.glob("*-*")):
        if crash.name.split("-")[0] in ("crash", "timeout", "oom", "leak", "slow_unit") and (
            crash.stat().st_mtime >= since
        ):
            names.append(f"libFuzzer {crash.name}")
    if child.returncode != 0 and not names and not interrupted:
        names.append(f"the fuzzing process ended with status {child.returncode} (see {log_path})")
    return Result(name, executions, round(elapsed, 1), coverage, features, corpus, len(names), names, complete)


def code_of(name: str, work: Path, hierarchy: Path) -> dict[str, object]:
    """`harness.code_under_test` of the target, from a process of its own that loads it as the fuzzing one does."""
    command = [sys.executable, "-m", "fuzz.run", "--child", name, "--fingerprint", "--work", str(work / "code")]
    command += ["--hierarchy", str(hierarchy)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    code: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return code


def resume_target(
    name: str, work: Path, hierarchy: Path, *, runs: int, part: int, records: Path | None = None, echo: bool = False
) -> Result:
    """Goes on with the target's campaign in `work/name/` until `runs` inputs have run on the code as it is now,
    in parts of `part` inputs, and returns the campaign's figures (the last part's coverage and corpus).
    The campaign's record is `records/name.json` (default: `work/name/campaign.json`)."""
    record = records / f"{name}.json" if records is not None else work / name / "campaign.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    code = code_of(name, work, hierarchy)
    campaign: dict[str, Any] = {"target": name, "code": code, "parts": []}
    if record.is_file():
        earlier = json.loads(record.read_text(encoding="utf-8"))
        if earlier.get("code") == code:
            campaign = earlier
        elif echo:
            print(f"  {name}: the code under test changed since the last part; counting again from 0", flush=True)
    while (done := sum(p["executions"] for p in campaign["parts"])) < runs:
        if echo:
            print(f"  {name}: {done:,} inputs so far in {len(campaign['parts'])} parts; next part", flush=True)
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result = run_target(name, work, hierarchy, runs=min(part, runs - done), echo=echo, fresh=False)
        campaign["parts"].append({"started": started, **asdict(result)})
        record.write_text(json.dumps(campaign, indent=2) + "\n", encoding="utf-8")
        if not result.complete or result.executions == 0:
            break  # libFuzzer ended early (a crash of its own, a signal): say so rather than loop on it
    parts = campaign["parts"]
    names = sorted({n for p in parts for n in p["finding_names"]})
    last = parts[-1]
    return Result(
        name,
        executions=sum(p["executions"] for p in parts),
        seconds=round(sum(p["seconds"] for p in parts), 1),
        coverage=last["coverage"],
        features=last["features"],
        corpus=last["corpus"],
        findings=len(names),
        finding_names=names,
        # A part stopped by Ctrl-C counts what it ran; one that ended on a crash has it among the findings.
        complete=sum(p["executions"] for p in parts) >= runs,
        parts=sum(p.get("parts", 1) for p in parts),  # an entry may add up parts run elsewhere (its note says)
    )


def table(results: list[Result]) -> str:
    lines = [
        "| target | inputs | time | inputs/s | coverage (edges / features) | corpus | findings |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        parts = f" ({r.parts} parts)" if r.parts > 1 else ""
        lines.append(
            f"| {r.target} | {r.executions:,}{parts} | {r.seconds:.0f} s | {r.per_second:,.0f} | {r.coverage:,} / "
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
    parser.add_argument("--resume", action="store_true", help="go on with each target's campaign (needs --runs)")
    parser.add_argument("--part", type=int, default=50_000, help="inputs per part of a resumed campaign")
    parser.add_argument("--records", type=Path, help="where resumed campaigns are added up (default: --work)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--fingerprint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--libfuzzer", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    hierarchy = args.hierarchy or args.work / "hierarchy"
    if args.child and args.fingerprint:
        from fuzz.harness import fingerprint

        print(json.dumps(fingerprint(args.child, args.work, hierarchy)))
        return 0
    if args.child:
        from fuzz.harness import child

        child(args.child, args.work, hierarchy, args.libfuzzer)
        return 0
    if args.resume and (args.runs is None or args.seconds is not None):
        parser.error("--resume goes on to a number of inputs: give --runs, not --seconds")
    results = []
    for name in args.targets or TARGETS:
        if name not in TARGETS:
            parser.error(f"unknown target {name!r}")
        print(f"fuzzing {name} ...", flush=True)
        if args.resume:
            result = resume_target(
                name, args.work, hierarchy, runs=args.runs, part=args.part, records=args.records, echo=True
            )
        else:
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
