"""The `upgrade` figures: a whole upgrade on the PC/SC rig, split into time on the card, in the issuing service,
the client's own CPU and waiting (bench/run.py's docstring says how each is measured)."""

from __future__ import annotations

import time
from pathlib import Path

import package_size
from measuring import PY, median, run_measured
from report import Figure

BUDGET_WHOLE_UPGRADE = 1.3  # the whole upgrade / (its time on the card + in the issuing service), issue 12
BUDGET_WAITING_SHARE = 0.1  # what is neither card, service nor the client's own CPU: waits and polls


def card_seconds(trace: Path, skip: int) -> float:
    """Seconds the virtual card spent on the APDUs of its trace after the first `skip` (the `us=` fields)."""
    total = 0
    with trace.open(encoding="ascii") as lines:
        for index, line in enumerate(lines):
            if index >= skip:
                total += next((int(f[3:]) for f in line.split() if f.startswith("us=")), 0)
    return total / 1e6


def profiled(command: list[str], profile: Path | None, name: str) -> list[str]:
    """The command (a `python -m MODULE ...` one) run under pyinstrument, its report saved as profile/NAME.txt
    (--profile; `make bench` installs the `bench` extra). The profiler's own cost then counts too."""
    if profile is None:
        return command
    profile.mkdir(parents=True, exist_ok=True)
    report_path = str(profile / f"{name}.txt")
    return [command[0], "-m", "pyinstrument", "-r", "text", "--show-all", "-o", report_path, *command[1:]]


def start_up_cpu(env: dict[str, str], runs: int = 3) -> float:
    """CPU seconds of `python -m sithsclient --version`: starting Python and importing the command line
    (cli.py imports every command, so the same modules as the upgrade's); the median of a few runs."""
    times = []
    for _ in range(runs):
        _out, _code, _seconds, usage = run_measured([PY, "-m", "sithsclient", "--version"], env)
        times.append(usage.ru_utime + usage.ru_stime)
    return median(times)


def measure_upgrade(work: Path, profile: Path | None = None) -> list[Figure]:
    from vcard_rig import first_session

    from sithsclient.demo.hierarchy import PracticeHierarchy
    from sithsclient.demo.issuer.server import IssuerServer
    from sithsclient.demo.issuer.service import Reply
    from sithsclient.demo.rig import YKCS11_PATH, PcscRig
    from sithsclient.demo.vcard.provision import PRACTICE_PIN, provision_practice_card

    state_dir = work / "issuer"
    hierarchy = PracticeHierarchy.load_or_create(state_dir)
    card_path = work / "card.json"
    serial = provision_practice_card(card_path, hierarchy)[0].serial
    handled: list[float] = []
    with IssuerServer.for_hierarchy(hierarchy, state_dir).start() as issuer, PcscRig() as rig:
        handle = issuer.service.handle

        def timed(data: bytes) -> Reply:
            start = time.perf_counter()
            try:
                return handle(data)
            finally:
                handled.append(time.perf_counter() - start)

        issuer.service.handle = timed  # type: ignore[method-assign]  # the server calls it on the instance
        card = rig.insert(card_path)
        session_start, _ = first_session(card, serial)
        before = card.apdu_count()
        command = [PY, "-m", "sithsclient", "upgrade", "--pin-stdin", "--yes", "--lang", "en"]
        command += ["--issuer", issuer.url, "--module", YKCS11_PATH, "--serial", str(serial)]
        command += ["--trust", str(state_dir / "root.pem"), "--trust", str(state_dir / "person_ca.pem")]
        command += ["--journal-dir", str(work / "journal")]
        command = profiled(command, profile, "upgrade-client")
        env = package_size.private_env(work / "home")
        output, code, total, usage = run_measured(command, env, f"{PRACTICE_PIN}\n{PRACTICE_PIN}\n")
        if code != 0:
            raise RuntimeError(f"the upgrade failed ({code}):\n{output}")
        apdus = card.apdu_count() - before
        on_card = card_seconds(card.trace_path, before)
    service = sum(handled)
    cpu = usage.ru_utime + usage.ru_stime
    start_up = start_up_cpu(env)
    rest = total - on_card - service - cpu
    share = f"of {total:.2f} s in all"
    return [
        Figure(
            "upgrade: whole / (time on the card + in the issuing service)",
            total,
            on_card + service,
            BUDGET_WHOLE_UPGRADE,
            "s",
            f"the rest: the client's own CPU {cpu:.2f} s ({start_up:.2f} s start-up), waiting {rest:.2f} s",
        ),
        Figure(
            "upgrade: the rest (waiting) / total",
            rest,
            total,
            BUDGET_WAITING_SHARE,
            "s",
            f"PC/SC trips, polls, pauses; {share}",
        ),
        Figure(
            "upgrade: client's own CPU time / total",
            cpu,
            total,
            None,
            "s",
            f"user {usage.ru_utime:.2f} s + system {usage.ru_stime:.2f} s, start-up and imports included",
        ),
        Figure(
            "upgrade: client's CPU time beyond start-up / total",
            cpu - start_up,
            total,
            None,
            "s",
            f"start-up and imports (python -m sithsclient --version): {start_up:.2f} s of CPU",
        ),
        Figure("upgrade: time on the card / total", on_card, total, None, "s", f"{apdus} APDUs, card side only"),
        Figure("upgrade: time in the issuing service / total", service, total, None, "s", f"{len(handled)} messages"),
        Figure(
            "upgrade: APDUs beyond ykcs11's session start",
            apdus - session_start,
            None,
            None,
            "",
            f"{apdus} in all, {session_start} of them ykcs11's first C_OpenSession",
        ),
    ]
