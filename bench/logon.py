"""The logon reminder's figures: `check --notify` on the rig and with no smart card service, against only
asking PC/SC (bench/run.py's docstring says which cases have a budget)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import package_size
from measuring import PY, median, run_measured
from report import Figure

BUDGET_LOGON = 2.0

FIRST_OF_THE_DAY = "a card that needs nothing, the day's first logon"
LOGON_CASES = ("no card", FIRST_OF_THE_DAY, "the same card at a later logon")
NO_SERVICE = "no smart card service"
Samples = dict[str, list[float]]


def measure_logon(work: Path, runs: int) -> list[Figure]:
    from sithsclient.app import logon_memory
    from sithsclient.demo.hierarchy import PracticeHierarchy
    from sithsclient.demo.rig import PcscRig
    from sithsclient.demo.vcard.provision import provision_practice_card

    card = work / "logon-card.json"
    # An upgraded practice card: current certificates, two years left
    provision_practice_card(card, PracticeHierarchy.load_or_create(work / "logon-ca"), serial=20_261_202, upgraded=True)
    cpu: Samples = {}
    peak: Samples = {}
    memory = work / "home" / "log" / logon_memory.FILE
    with PcscRig() as rig:
        for case in LOGON_CASES:
            if case == FIRST_OF_THE_DAY:
                rig.insert(card)  # and left in for the later logons
            # as at the day's first logon: the card is read
            forget = (lambda: memory.unlink(missing_ok=True)) if case == FIRST_OF_THE_DAY else None
            logon_runs(work, runs, case, cpu, peak, forget)
    return logon_figures(LOGON_CASES, cpu, peak, runs)


def measure_logon_no_service(work: Path, runs: int) -> list[Figure]:
    """The logon away from the reader: Windows stops its smart card service when the last reader is unplugged;
    here no pcscd runs (scripts/isolated.sh's private /run, the rig not started)."""
    from sithsclient.card import pcsc

    try:
        pcsc.snapshot()
    except pcsc.PcscError as exc:
        if not exc.no_service:
            raise
    else:
        raise RuntimeError("a smart card service answers here: run the bench through scripts/isolated.sh")
    cpu: Samples = {}
    peak: Samples = {}
    logon_runs(work, runs, NO_SERVICE, cpu, peak)
    return logon_figures((NO_SERVICE,), cpu, peak, runs)


def logon_runs(
    work: Path, runs: int, case: str, cpu: Samples, peak: Samples, before_check: Callable[[], None] | None = None
) -> None:
    """--runs of `check --notify`, alternating with the baseline, into cpu and peak (first round not counted)."""
    from sithsclient.demo.rig import YKCS11_PATH

    env = package_size.private_env(work / "home", SITHSCLIENT_PKCS11_MODULE=YKCS11_PATH)
    commands = {
        "bare": [PY, "-c", "import smartcard.scard"],
        "check": [PY, "-m", "sithsclient", "check", "--notify"],
    }
    for run in range(runs + 1):  # the first round warms the disk cache and is not counted
        for name in commands if run % 2 else reversed(commands):
            if before_check is not None and name == "check":
                before_check()
            # The peak by GNU time, which forks the command: a child of this process would report this
            # process's peak (Linux keeps ru_maxrss across exec, and the fork copied this process).
            peak_file = work / "logon-peak.txt"
            command = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file), *commands[name]]
            output, code, _seconds, usage = run_measured(command, env)
            if code != 0 or output.strip():
                raise RuntimeError(f"{' '.join(commands[name][1:])} ({case}): exit {code}: {output[-2000:]}")
            if run:
                key = "bare" if name == "bare" else f"check, {case}"
                cpu.setdefault(key, []).append(usage.ru_utime + usage.ru_stime)
                peak.setdefault(key, []).append(int(peak_file.read_text().split()[-1]) / 1024)


def logon_figures(cases: tuple[str, ...], cpu: Samples, peak: Samples, runs: int) -> list[Figure]:
    figures = []
    for case in cases:
        key = f"check, {case}"
        # The day's first look at a card loads the card software and reads the certificates: reported, with no
        # budget of 2× what only asking PC/SC costs (ykcs11's own start is in it); every later logon that day
        # is answered from PC/SC and the memory, and has the budget.
        budget = None if case == FIRST_OF_THE_DAY else BUDGET_LOGON
        figures.append(
            Figure(
                f"logon reminder, {case}: CPU / python -c 'import smartcard.scard' (median)",
                median(cpu[key]),
                median(cpu["bare"]),
                budget,
                "s",
                f"check --notify, ykcs11, user + system; {runs} runs each, alternating",
            )
        )
        figures.append(
            Figure(
                f"logon reminder, {case}: peak memory / python -c 'import smartcard.scard' (median)",
                median(peak[key]),
                median(peak["bare"]),
                budget,
                "MiB",
                "max RSS (GNU time)",
            )
        )
    return figures
