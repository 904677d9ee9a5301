"""A whole practice upgrade on the in-process practice card against the same upgrade on the PC/SC rig, in one run.

The same legacy card (one state file copied twice), the same practice issuing service, the same engine and
plan (RSA-2048, as `sithsclient demo` does), the PINs from a script; only the way to the card differs:
in-process, APDUs go straight to the vcard (card/piv_card.py over demo/inprocess.py); on the rig, through
ykcs11, pcscd and vpcd to the vcard process. Timed from finding the card (discovery, with ykcs11's first
session on the rig) to the engine's outcome. Needs root for the rig; `.venv/bin/python bench/run.py --only
practice`.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from report import Figure

# Issue 13: the in-process practice upgrade should take under a second on this machine.
BUDGET_IN_PROCESS_S = 1.0


def _run(card: Any, issuer: Any, journal: Path, pins: dict[Any, str], source: Any) -> None:
    from sithsclient.enroll.client import CmpEnroller
    from sithsclient.upgrade.engine import Engine
    from sithsclient.upgrade.journal import JournalStore
    from sithsclient.upgrade.presence import CardPresence
    from sithsclient.upgrade.upgrade_plan import UpgradePlan

    class User:
        def pins(self, request: object) -> dict[Any, str]:
            return pins

        def confirm_final_try(self, role: object, *, puk: bool = False) -> bool:
            return False

        def unblock(self, role: object) -> None:
            return None

        def accept_terms(self, terms: object) -> bool:
            return True

    engine = Engine(
        card,
        UpgradePlan(),
        CmpEnroller(issuer.client_settings()),
        User(),
        journal_store=JournalStore(journal),
        presence=CardPresence(watch=True, source=source),
        wait_for_card_s=30,
    )
    outcome = engine.run()
    if not outcome.ok:
        raise RuntimeError(f"the practice upgrade failed: {outcome}")


def measure_practice_upgrade(work: Path, runs: int = 3) -> list[Figure]:
    from sithsclient.card import module as card_module
    from sithsclient.card.layouts import PinRole
    from sithsclient.card.source import Pkcs11Source
    from sithsclient.demo.hierarchy import PracticeHierarchy
    from sithsclient.demo.inprocess import PracticeReader, PracticeSource
    from sithsclient.demo.issuer.server import IssuerServer
    from sithsclient.demo.rig import YKCS11_PATH, PcscRig
    from sithsclient.demo.vcard.provision import PRACTICE_PIN, provision_practice_card

    hierarchy = PracticeHierarchy.load_or_create(work / "practice-ca")
    template = work / "practice-template.json"
    provision_practice_card(template, hierarchy)
    pins = {PinRole.AUTHENTICATION: PRACTICE_PIN}
    in_process: list[float] = []
    on_rig: list[float] = []
    with IssuerServer.for_hierarchy(hierarchy, work / "practice-ca").start() as issuer, PcscRig() as rig:
        for run in range(runs):
            state = work / f"inprocess-{run}.json"
            shutil.copy(template, state)
            reader = PracticeReader(state)
            reader.insert()
            source = PracticeSource(reader)
            start = time.perf_counter()
            (card,) = source.cards()
            _run(card, issuer, work / f"journal-in-{run}", pins, source)
            in_process.append(time.perf_counter() - start)

            state = work / f"rig-{run}.json"
            shutil.copy(template, state)
            rig.insert(state)
            start = time.perf_counter()
            card_module.reinitialize(YKCS11_PATH)
            rig_source = Pkcs11Source(YKCS11_PATH)
            (card,) = rig_source.cards()
            _run(card, issuer, work / f"journal-rig-{run}", pins, rig_source)
            on_rig.append(time.perf_counter() - start)
            rig.pull(0)
    inside, rig_s = sorted(in_process)[runs // 2], sorted(on_rig)[runs // 2]
    return [
        Figure(
            "practice upgrade: in-process card / PC/SC rig",
            inside,
            rig_s,
            None,
            "s",
            f"median of {runs}, RSA-2048; the same card, service and engine",
        ),
        Figure(
            "practice upgrade on the in-process card",
            inside,
            None,
            BUDGET_IN_PROCESS_S,
            "s",
            f"median of {runs}: {', '.join(f'{t:.2f}' for t in in_process)} s",
        ),
    ]
