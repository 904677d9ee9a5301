"""The wizard's figures: card removal → locked and peak memory (the wizard in a process of its own,
bench/wizard_upgrade.py), and time to first window on Xvfb."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import package_size
from measuring import HERE, PY, median
from report import Figure
from tls_front import TlsFront

BUDGET_LOCK_MS = 20.0
BUDGET_FIRST_WINDOW = 1.5
BUDGET_PEAK_MEMORY = 1.9  # at most 1.9× (issue 27, with requests; 1.6× in issue 17); the README says what it loads

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
