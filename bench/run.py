"""The benchmarks: each figure measured beside its baseline in the same run, printed as a table and written to
bench/latest.json (see bench/report.py for the schema).

    make bench                                   # builds what it needs, runs this inside scripts/isolated.sh
    scripts/isolated.sh .venv/bin/python bench/run.py [--runs 7] [--pulls 24] [--only NAME ...]
    .venv/bin/python bench/run.py --quick --json FILE   # one cheap figure, no root, no rig (tests/test_bench.py)

The figures (this machine is a noisy 2-core one: each is a ratio to something measured the same way in the same
run, never an absolute time checked by a test):

upgrade — a whole upgrade on the PC/SC rig: a fresh legacy practice card in the virtual reader (pcscd + vpcd +
    our virtual PIV card), Yubico's ykcs11 as the PKCS#11 module, the practice issuing service (CMP over HTTP,
    in this process). The client is `python -m sithsclient upgrade --pin-stdin --yes` in a process of its own,
    from its start to its exit (`total`). Split:
    - time on the card: the seconds the virtual card spent on the upgrade's APDUs, measured by the card
      itself (from a command's last byte read to its response handed to the socket; `us=` in its trace). It
      is the card's own work only: the trip through ykcs11, pcscd and vpcd is not in it.
    - time in the issuing service: the seconds the service spent handling the client's CMP messages
      (IssuingService.handle, wall time on the server side; HTTP parsing and the network are not in it).
    - the client's own time: the client process's CPU time, user + system, from os.wait4's rusage (it
      includes starting Python and importing, and ykcs11's and pyscard's work in that process).
    - the rest of `total` is waiting: the PC/SC round trips, pcscd's presence polls, the engine's settle pauses.
    Budgets: the whole upgrade at most 1.3× its time on the card and in the issuing service (issue 12; on the
    rig the virtual card is so fast that the client's own CPU decides this one), and waiting at most 10 % of
    the total (it was 60 %: two fixed 0.8 s settles, now a question to the card, card/settle.py). Also shown:
    APDUs the card answered during the upgrade, less those ykcs11 sends to open its first session (measured on
    the same card just before, C_Initialize to C_OpenSession, by bench/vcard_rig.py's first_session).
practice — a whole practice upgrade on the in-process practice card against the same upgrade on the PC/SC rig,
    in one run (bench/practice_upgrade.py): the same card, issuing service and engine, only the way to the card
    differs; budget: under a second in-process.
removal — card removal → the wizard locked, beyond PC/SC: the wizard in practice mode (bench/wizard_upgrade.py,
    offscreen) upgrades while the card is pulled --pulls times; for each pull, the lock dialog's Show event
    minus the moment a plain SCardGetStatusChange watcher (bench/pcsc_watch.py, its own process) saw the card
    go. Budget: median at most 20 ms. The time PC/SC itself took (card killed → the plain watcher woken) is
    shown beside it.
window — time to first window: `.venv/bin/sithsclient gui` against bench/bare_wizard.py (a bare QWizard
    started the same way), both Python scripts run by the venv's Python, on Xvfb, --runs starts each,
    alternating; the median time from spawn to the window mapped with its title (bench/package_size.py's
    way). Both run with the rig up and the practice card in the reader, as a user starts the wizard.
    Budget 1.5×.
memory — peak RSS (VmHWM) of the process running the wizard through a whole upgrade, against
    bench/bare_wizard.py shown offscreen for 3 s: as on a user's PC (bench/wizard_upgrade.py field: the card on
    the rig through ykcs11, the practice issuing service in the bench's process behind HTTPS, bench/tls_front.py,
    the system's trust store), and in practice mode (what `sithsclient demo` runs: the wizard, the practice
    panel, the rig's controls and the issuing service in one process). Budget 1.9× for both.
logon — the logon reminder, `python -m sithsclient check --notify` with ykcs11 as the module, on the rig: with
    the reader empty; with a card that needs nothing (an upgraded practice card: current certificates, two
    years left) at the day's first logon, which reads it; and with the same card at a later logon, answered
    from PC/SC and what the first found (app/logon_memory.py); --runs runs each, alternating with the baseline
    `python -c "import smartcard.scard"` (what asking PC/SC at all costs). Median CPU time (user + system) and
    median peak RSS (GNU time's), each against the baseline's. Budget 2× for both, with no card and at a later
    logon; the day's first read of a card is reported without one.
logon-no-service — the same logon reminder against the same baseline away from the reader: Windows stops its smart
    card service when the last reader is unplugged; here no pcscd runs (the rig not started, scripts/isolated.sh's
    private /run). Budget 2× for both, as with an empty reader.
size — the frozen onedir (dist/sithsclient, build_win.spec) against a bare-Qt bundle built by the same spec
    (bench/bare_qt.spec). Budget 1.2×.
windows-window — the Windows program under wine: sithsclientw.exe (built by `make windows`) against
    bare_qtw.exe (bench/bare_qt.spec built the same way, in the Windows Python under wine), --runs starts
    each, alternating, on Xvfb; the median time from spawn to the window mapped with its title
    (bench/windows_window.py). Budget 1.5×, as on Linux.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import package_size  # noqa: E402
import practice_upgrade  # noqa: E402
import report  # noqa: E402
import windows_window  # noqa: E402
from report import Figure  # noqa: E402
from tls_front import TlsFront  # noqa: E402

PY = sys.executable
LATEST = HERE / "latest.json"
BUDGET_WHOLE_UPGRADE = 1.3  # the whole upgrade / (its time on the card + in the issuing service), issue 12
BUDGET_WAITING_SHARE = 0.1  # what is neither card, service nor the client's own CPU: waits and polls
BUDGET_LOCK_MS = 20.0
BUDGET_FIRST_WINDOW = 1.5
BUDGET_PEAK_MEMORY = 1.9  # at most 1.9× (issue 27, with requests; 1.6× in issue 17); the README says what it loads
BUDGET_SIZE = 1.2  # issue 27, with requests (1.15× before)
BUDGET_LOGON = 2.0
MIB = 2**20


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- upgrade: the split -------------------------------------------------------------------------------------


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


def run_measured(command: list[str], env: dict[str, str], stdin: str = "") -> tuple[str, int, float, Any]:
    """Run a program to its end: (its output, exit code, wall seconds from spawn to exit, its rusage)."""
    started = time.monotonic()
    child = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(stdin.encode())
    child.stdin.close()
    output = child.stdout.read().decode(errors="replace")
    child.stdout.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return output, child.returncode, seconds, usage


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


# -- the wizard in practice mode: removal → locked, peak memory ---------------------------------------------


def wizard_worker(work: Path, *args: str, stdin: str | None = None, **env_extra: str) -> dict[str, object]:
    env = package_size.private_env(work / "home", QT_QPA_PLATFORM="offscreen", **env_extra)
    done = subprocess.run(
        [PY, str(HERE / "wizard_upgrade.py"), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench/wizard_upgrade.py {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bare_peak_kib(work: Path) -> int:
    env = package_size.private_env(work / "home", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [PY, str(HERE / "bare_wizard.py"), "--peak-after", "3"], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


def first_after(times: list[float], after: float) -> float | None:
    return next((t for t in sorted(times) if t >= after), None)


def measure_removal(work: Path, pulls: int) -> list[Figure]:
    result = wizard_worker(work, "upgrade", "--pulls", str(pulls), "--directory", str(work / "practice-pulls"))
    if result["outcome"] != "done" or result["problems"]:
        raise RuntimeError(f"the wizard's upgrade with pulls went wrong: {result}")
    killed, pcsc, locked = (list(map(float, result[key])) for key in ("killed", "pcsc", "locked"))  # type: ignore[call-overload]
    beyond, pcsc_took = [], []
    for index, kill in enumerate(killed):
        until = killed[index + 1] if index + 1 < len(killed) else float("inf")
        seen, shown = first_after(pcsc, kill), first_after(locked, kill)
        if seen is None or shown is None or seen > until or shown > until:
            raise RuntimeError(f"pull {index + 1}: no removal or no lock seen ({result})")
        beyond.append((shown - seen) * 1000)
        pcsc_took.append((seen - kill) * 1000)
    return [
        Figure(
            "card removal → wizard locked, beyond PC/SC (median)",
            median(beyond),
            None,
            BUDGET_LOCK_MS,
            "ms",
            f"{len(beyond)} pulls; min {min(beyond):.1f}, max {max(beyond):.1f} ms; rig replugs {result['replugs']}",
        ),
        Figure(
            "PC/SC: card killed → removal reported (median)",
            median(pcsc_took),
            None,
            None,
            "ms",
            "the plain SCardGetStatusChange watcher; pcscd polls vpcd every 400 ms",
        ),
    ]


def users_upgrade_peak_kib(work: Path) -> int:
    """The wizard's peak RSS through an upgrade as on a user's PC: the card on the rig through ykcs11, the
    issuing service in this process behind HTTPS (bench/tls_front.py), the system's trust store with the
    front's CA added; the wizard's process holds only the wizard."""
    from sithsclient.demo.practice import PracticeSession

    directory = work / "users-upgrade"
    with PracticeSession(directory, rig=True) as practice, TlsFront(_backend(practice), directory) as front:
        config = practice.config
        spec = {
            "module": config.module,
            "issuer_url": front.url(urlsplit(str(config.issuer_url)).path),
            "trust": list(config.trust),
            "journal": str(directory / "journal"),
            "pin": practice.info.pin,  # the practice card's, which its panel shows anyone
        }
        trust_store = front.trust_store(directory / "trust-store.pem")
        wizard = wizard_worker(work, "field", stdin=json.dumps(spec), SSL_CERT_FILE=str(trust_store))
    if wizard["outcome"] != "done":
        raise RuntimeError(f"the wizard's upgrade went wrong: {wizard}")
    peak: int = int(wizard["peak_rss_kib"])  # type: ignore[call-overload]
    return peak


def _backend(practice: Any) -> tuple[str, int]:
    address = urlsplit(str(practice.config.issuer_url))
    return str(address.hostname), int(address.port or 80)


def measure_memory(work: Path, quick: bool = False) -> list[Figure]:
    """The wizard's peak RSS through a user's upgrade and a practice-mode one; quick: shown 3 s on its card
    page, no rig."""
    if quick:
        wizard = wizard_worker(work, "idle", "--seconds", "3")
        name, note = "peak memory: wizard shown, no card (quick) / bare QWizard", "VmHWM, offscreen, 3 s each"
        peak = int(wizard["peak_rss_kib"])  # type: ignore[call-overload]
        return [Figure(name, peak / 1024, bare_peak_kib(work) / 1024, BUDGET_PEAK_MEMORY, "MiB", note)]
    users = users_upgrade_peak_kib(work)
    practice = wizard_worker(work, "upgrade", "--directory", str(work / "practice-memory"))
    if practice["outcome"] != "done":
        raise RuntimeError(f"the wizard's upgrade went wrong: {practice}")
    bare = bare_peak_kib(work) / 1024
    return [
        Figure(
            "peak memory: wizard upgrading a card, as on a user's PC / bare QWizard",
            users / 1024,
            bare,
            BUDGET_PEAK_MEMORY,
            "MiB",
            "VmHWM, offscreen; the card on the rig, the issuing service over HTTPS in another process",
        ),
        Figure(
            "peak memory: wizard upgrading (practice mode) / bare QWizard",
            int(practice["peak_rss_kib"]) / 1024,  # type: ignore[call-overload]
            bare,
            BUDGET_PEAK_MEMORY,
            "MiB",
            "VmHWM, offscreen; the practice issuing service and panel in the same process",
        ),
    ]


# -- first window -------------------------------------------------------------------------------------------


def measure_first_window(work: Path, runs: int) -> list[Figure]:
    from sithsclient.demo.hierarchy import PracticeHierarchy
    from sithsclient.demo.rig import YKCS11_PATH, PcscRig
    from sithsclient.demo.vcard.provision import provision_practice_card

    card_path = work / "window-card.json"
    provision_practice_card(card_path, PracticeHierarchy.load_or_create(work / "window-ca"))
    # The venv's entry point (a Python script, like bare_wizard.py): X names the window after argv[0].
    commands = {"wizard": [str(Path(PY).parent / "sithsclient"), "gui"], "bare": [PY, str(HERE / "bare_wizard.py")]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    with PcscRig() as rig, package_size.xvfb() as display:
        rig.insert(card_path)
        for run in range(runs + 1):  # the first round warms the disk cache and is not counted
            order = list(commands) if run % 2 else list(reversed(commands))
            for name in order:
                seconds, _title, _code = package_size.first_window_of(
                    commands[name], display, work / "home", SITHSCLIENT_PKCS11_MODULE=YKCS11_PATH
                )
                if run:
                    times[name].append(seconds)
    wizard, bare = median(times["wizard"]), median(times["bare"])
    return [
        Figure(
            "first window: wizard / bare QWizard (median)",
            wizard,
            bare,
            BUDGET_FIRST_WINDOW,
            "s",
            f"{runs} starts each on Xvfb, alternating; wizard min {min(times['wizard']):.2f} s",
        )
    ]


# -- the logon reminder ---------------------------------------------------------------------------------------


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


# -- size ---------------------------------------------------------------------------------------------------


def built_at(onedir: Path) -> float:
    program = onedir / onedir.name
    return program.stat().st_mtime if program.exists() else 0.0


def ensure_onedir(rebuild: bool) -> Path:
    onedir = ROOT / "dist" / "sithsclient"
    sources = [*(ROOT / "src").rglob("*.py"), ROOT / "build_win.spec", ROOT / "pyproject.toml"]
    if rebuild or built_at(onedir) < package_size.newest(sources):
        log("building the onedir (installer/build.py onedir, about a minute)")
        subprocess.run([PY, str(ROOT / "installer" / "build.py"), "onedir"], cwd=ROOT, check=True, stdout=sys.stderr)
    return onedir


def ensure_bare_bundle(rebuild: bool) -> Path:
    out = ROOT / "build" / "bench"
    onedir = out / "dist" / "bare_qt"
    sources = [HERE / "bare_qt.spec", HERE / "bare_wizard.py", ROOT / "build_win.spec", ROOT / "pyproject.toml"]
    if rebuild or built_at(onedir) < package_size.newest(sources):
        log("building the bare-Qt bundle (bench/bare_qt.spec, about a minute)")
        env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(out / "pyinstaller-cache"))
        command = [PY, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(out / "dist")]
        command += ["--workpath", str(out / "work"), str(HERE / "bare_qt.spec")]
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=sys.stderr, stderr=sys.stderr)
    return onedir


def measure_size(rebuild: bool) -> list[Figure]:
    onedir, bare = ensure_onedir(rebuild), ensure_bare_bundle(rebuild)
    return [
        Figure(
            "onedir size: sithsclient / bare-Qt bundle",
            package_size.tree_size(onedir) / MIB,
            package_size.tree_size(bare) / MIB,
            BUDGET_SIZE,
            "MiB",
            "dist/sithsclient vs bench/bare_qt.spec, both by build_win.spec",
        )
    ]


def measure_windows_window(runs: int, rebuild: bool) -> list[Figure]:
    wizard, bare, wizard_all, _bare_all = windows_window.measure(runs, rebuild)
    return [
        Figure(
            "first window, Windows program under wine: sithsclientw.exe / bare frozen QWizard (median)",
            wizard,
            bare,
            BUDGET_FIRST_WINDOW,
            "s",
            f"{runs} starts each on Xvfb, alternating, wine's start-up in both; wizard min {min(wizard_all):.2f} s",
        )
    ]


# -- the command --------------------------------------------------------------------------------------------

MEASURES = (
    "upgrade", "practice", "removal", "window", "logon", "logon-no-service", "memory", "size", "windows-window",
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, default=LATEST, help=f"where to write the figures (default {LATEST})")
    parser.add_argument("--runs", type=int, default=7, help="starts of each program for the first window")
    parser.add_argument("--pulls", type=int, default=24, help="card pulls for removal → locked (at least 20)")
    parser.add_argument("--only", nargs="+", choices=MEASURES, help="measure only these")
    parser.add_argument("--rebuild", action="store_true", help="build the onedir and the bare bundle anew")
    parser.add_argument("--quick", action="store_true", help="one cheap figure (no rig, no root, no build)")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="profile the upgrade's client into DIR")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its budget")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="sithsclient-bench-"))
    figures: list[Figure] = []
    try:
        if args.quick:
            figures += measure_memory(work, quick=True)
        else:
            steps: dict[str, Callable[[], list[Figure]]] = {
                "upgrade": lambda: measure_upgrade(work, args.profile),
                "practice": lambda: practice_upgrade.measure_practice_upgrade(work),
                "removal": lambda: measure_removal(work, args.pulls),
                "window": lambda: measure_first_window(work, args.runs),
                "logon": lambda: measure_logon(work, args.runs),
                "logon-no-service": lambda: measure_logon_no_service(work, args.runs),
                "memory": lambda: measure_memory(work),
                "size": lambda: measure_size(args.rebuild),
                "windows-window": lambda: measure_windows_window(args.runs, args.rebuild),
            }
            for name in args.only or MEASURES:
                log(f"measuring {name}")
                started = time.monotonic()
                figures += steps[name]()
                log(f"{name}: {time.monotonic() - started:.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report.table(figures))
    report.write(args.json, figures, quick=args.quick, runs=args.runs, pulls=args.pulls)
    print(f"\nwritten to {args.json}")
    missed = [f.name for f in figures if f.passed is False]
    for name in missed:
        print(f"over budget: {name}", file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
