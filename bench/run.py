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

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import practice_upgrade  # noqa: E402
import report  # noqa: E402
from logon import measure_logon, measure_logon_no_service  # noqa: E402
from measuring import log  # noqa: E402
from package_figures import measure_size, measure_windows_window  # noqa: E402
from report import Figure  # noqa: E402
from upgrade_split import measure_upgrade  # noqa: E402
from wizard_figures import measure_first_window, measure_memory, measure_removal  # noqa: E402

LATEST = HERE / "latest.json"


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
