"""What every target shares: the finding recorder and the child process that runs one target under atheris.

A target is a module in `fuzz/targets/` with `MAX_LEN` and `prepare(work, hierarchy) -> Target`. Its
`one_input` lets through only what is a finding: it catches the typed errors its layer is documented to raise
and checks the layer's promises itself (raising `Broken`). The recorder keeps the first input of each distinct
finding (exception type and the innermost place in our code it came from) and lets fuzzing go on, so that one
campaign reports every defect it met, not just the first.

`code_under_test` names, by a digest, what one target's inputs ran through: the source of every module of ours
it loaded (the product's and the target's own, not this runner) and the versions of the libraries beside them.
A campaign resumed across several runs counts its inputs only while that digest stays the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.metadata
import platform
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

TARGETS = ("cmp_response", "issuer_request", "journal", "config")
# What is instrumented for coverage: our code, and the Python parsers under the small targets. Not asn1crypto:
# instrumented, it makes a CMP input five times slower (258 instead of 1,300 a second here), and a million
# inputs would take more than an hour per target; our code's branches on what asn1crypto read still guide.
INSTRUMENTED = {
    "cmp_response": ["sithsclient"],
    "issuer_request": ["sithsclient"],
    "journal": ["sithsclient", "json"],
    "config": ["sithsclient", "tomllib"],
}


class Broken(AssertionError):
    """The layer answered, but broke a promise its documentation makes (a finding like an exception)."""


@dataclass(frozen=True)
class Target:
    seeds: Sequence[bytes]
    one_input: Callable[[bytes], None]


def _signature(exc: BaseException) -> str:
    """Type and the innermost frame in our code (else the innermost at all): one finding per defect."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/sithsclient/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


class Recorder:
    def __init__(self, findings: Path) -> None:
        self.findings = findings
        self.seen: set[str] = set()

    def record(self, data: bytes, exc: BaseException) -> None:
        signature = _signature(exc)
        if signature in self.seen:
            return
        self.seen.add(signature)
        self.findings.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(signature.encode()).hexdigest()[:12]
        (self.findings / f"{name}.bin").write_bytes(data)
        text = "".join(traceback.format_exception(exc))
        (self.findings / f"{name}.txt").write_text(f"{signature}\n\n{text}", encoding="utf-8")
        print(f"FINDING {signature} -> {self.findings / name}.bin", file=sys.stderr, flush=True)


def load(name: str) -> object:
    if name not in TARGETS:
        raise SystemExit(f"unknown target {name!r}; known: {', '.join(TARGETS)}")
    return importlib.import_module(f"fuzz.targets.{name}")


# The runner's own modules: a change to how inputs are counted or recorded is no change to what they test.
_RUNNER = ("fuzz", "fuzz.harness", "fuzz.run", "fuzz.targets")
# The libraries whose parsing and checking our targets' inputs run through.
_LIBRARIES = ("asn1crypto", "cryptography", "atheris")


def code_under_test() -> dict[str, object]:
    """The digest of the modules of ours loaded in this process (name and source) and the library versions."""
    digest = hashlib.sha256()
    modules = sorted(
        (n, str(m.__file__))
        for n, m in sys.modules.items()
        if n.split(".")[0] in ("sithsclient", "fuzz") and n not in _RUNNER and getattr(m, "__file__", None)
    )
    for module_name, source in modules:
        digest.update(module_name.encode() + b"\0" + Path(source).read_bytes() + b"\0")
    libraries = {"python": platform.python_version()}
    for library in _LIBRARIES:
        try:
            libraries[library] = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            libraries[library] = "absent"
    digest.update(repr(sorted(libraries.items())).encode())
    return {"digest": digest.hexdigest()[:16], "modules": len(modules), "libraries": libraries}


def fingerprint(name: str, work: Path, hierarchy: Path) -> dict[str, object]:
    """`code_under_test` of one target as it runs: prepared, and every seed once through it (a module imported
    on the way is part of what the inputs test). In a process of its own, not instrumented."""
    target: Target = load(name).prepare(work, hierarchy)  # type: ignore[attr-defined]
    for seed in target.seeds:
        # A seed's finding is the campaign's to report, not this digest's.
        with contextlib.suppress(Exception):
            target.one_input(seed)
    return code_under_test()


def child(name: str, work: Path, hierarchy: Path, libfuzzer_args: list[str]) -> None:
    """Runs one target under atheris in this process; libFuzzer exits the process at the end."""
    import atheris
    from atheris.import_hook import instrument_imports  # atheris re-exports it; its stubs do not say so

    with instrument_imports(include=INSTRUMENTED[name]):
        module = load(name)
    target: Target = module.prepare(work, hierarchy)  # type: ignore[attr-defined]
    max_len: int = module.MAX_LEN  # type: ignore[attr-defined]
    seeds, corpus = work / "seeds", work / "corpus"
    for directory in (seeds, corpus):
        directory.mkdir(parents=True, exist_ok=True)
    for seed in target.seeds:
        (seeds / hashlib.sha256(seed).hexdigest()[:16]).write_bytes(seed)
    recorder = Recorder(work / "findings")
    one_input = target.one_input

    def guarded(data: bytes) -> None:
        try:
            one_input(data)
        except Exception as exc:  # the target let it through: a finding
            recorder.record(data, exc)

    args = [sys.argv[0], f"-max_len={max_len}", "-timeout=30", "-print_final_stats=1", *libfuzzer_args]
    atheris.Setup([*args, str(corpus), str(seeds)], guarded)
    atheris.Fuzz()
