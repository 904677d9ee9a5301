"""The fault matrix of pulls: the practice card dies after APDU k of a whole upgrade, for every k.

A whole upgrade here is what `sithsclient upgrade` does on the PC/SC rig: find the card (discovery), log in,
generate, fetch and install, delete. The card process exits right after answering its k-th APDU (a pull in the
middle of an operation); the test then checks, from the card's own stored state, that it holds at least one
complete working set, puts the same card back, and lets the engine resume. Every run must end upgraded, with
no key of ours left without its certificate.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509

from sithsclient.card import module as card_module
from sithsclient.card.card import Card
from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.rig import YKCS11_PATH, PcscRig
from sithsclient.demo.vcard import keys as vcard_keys
from sithsclient.demo.vcard import state as card_state
from sithsclient.demo.vcard.constants import certificate_object
from sithsclient.demo.vcard.tlv import parse_dict
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.pcsc import PivCard

pytestmark = pytest.mark.pcsc
BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
RETIRED = range(0x82, 0x96)


def stored_sets(state_path: Path) -> tuple[dict[Generation, set[Purpose]], set[int], set[int]]:
    """From the card's stored state: complete pairs by generation, slots holding a key, slots with a certificate."""
    state = card_state.load(state_path)
    complete: dict[Generation, set[Purpose]] = {}
    with_cert: set[int] = set()
    for slot in [0x9A, 0x9C, 0x9D, 0x9E, *RETIRED]:
        value = state.objects.get(certificate_object(slot))
        if not value:
            continue
        der = parse_dict(value).get(0x70)
        if not der:
            continue
        cert = x509.load_der_x509_certificate(der)
        if cert.subject == cert.issuer:
            continue  # ykcs11's placeholder
        with_cert.add(slot)
        key = state.keys.get(slot)
        if key is not None and vcard_keys.from_pem(key.pem).public_key() == cert.public_key():
            info = CertificateInfo.of(cert)
            complete.setdefault(info.generation, set()).add(info.purpose)
    return complete, set(state.keys), with_cert


@dataclass
class Attempt:
    """`sithsclient upgrade` in a thread: find the card (again, if it left meanwhile), then run the engine."""

    serial: str
    issuer: IssuerServer
    journal: Path
    pin: str
    outcome: Outcome | None = None
    events: list[ev.Event] = field(default_factory=list)
    user: ScriptedUser | None = None
    error: BaseException | None = None

    def find(self) -> Card:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                card_module.load_module(YKCS11_PATH)
                card_module.reinitialize(YKCS11_PATH)
                _path, cards = discover(YKCS11_PATH)
                for card in cards:
                    if card.serial == self.serial:
                        return card
            except Exception:  # a pull during discovery: wait for the card to come back
                pass
            time.sleep(0.2)
        raise AssertionError("the card never came back for discovery")

    def run(self) -> None:
        try:
            while True:
                card = self.find()
                self.user = ScriptedUser([{PinRole.AUTHENTICATION: self.pin}] * 3)
                engine = Engine(
                    card,
                    UpgradePlan(),
                    CmpEnroller(self.issuer.client_settings()),
                    self.user,
                    journal_store=JournalStore(self.journal),
                    listener=self.events.append,
                    presence=CardPresence(watch=True),
                    wait_for_card_s=30,
                )
                self.outcome = engine.run()
                # A pull before the engine's first look at the card ends the run at preflight: run again, as a
                # user would after putting the card back.
                if not self.outcome.ok and self.outcome.code == "card.removed":
                    continue
                return
        except BaseException as exc:
            import traceback

            traceback.print_exc()
            self.error = exc


def put_back(rig: PcscRig, state: Path) -> bool:
    """Put the pulled card back. False when the rig had to replug the reader for it (see PcscRig._replug)."""
    rig.pull(0)
    before = rig.replugs
    rig.insert(state)
    return rig.replugs == before


def pull_at(rig: PcscRig, template: Path, work: Path, k: int, serial: str, issuer: IssuerServer, pin: str) -> str:
    """One case of the matrix; returns what happened. Raises AssertionError on a broken invariant."""
    state = work / f"card-{k}.json"
    shutil.copy(template, state)
    rig.insert(state, die_after=k)
    attempt = Attempt(serial, issuer, work / f"journal-{k}", pin)
    thread = threading.Thread(target=attempt.run, daemon=True)
    thread.start()
    what = "finished before the pull"
    back_at = 0.0
    while thread.is_alive():
        inserted = rig.card(0)
        if inserted is not None and not inserted.alive:  # the card died after its k-th answer: the pull
            complete, _keys, _certs = stored_sets(state)
            assert BOTH <= complete.get(Generation.LEGACY, set()) or BOTH <= complete.get(Generation.CURRENT, set()), (
                f"k={k}: no complete working set on the pulled card: {complete}"
            )
            what = "pulled" if put_back(rig, state) else "pulled, reader replugged"
            back_at = time.monotonic()
        elif back_at and time.monotonic() - back_at > 4 and what == "pulled":
            # The card is back but the module cannot see it (the same vpcd wedge, seen from ykcs11's side).
            rig.stop()
            rig.start()
            rig.insert(state)
            what = "pulled, reader replugged"
        thread.join(0.02)
    assert attempt.error is None, f"k={k}: {attempt.error!r}"
    assert attempt.outcome is not None and attempt.outcome.ok, f"k={k}: {attempt.outcome}"
    assert attempt.user is not None and len(attempt.user.asked) == 1, f"k={k}: the PIN was asked again"
    complete, keys, certs = stored_sets(state)
    assert complete == {Generation.CURRENT: BOTH}, f"k={k}: {complete}"
    orphans = {slot for slot in keys if slot in RETIRED and slot not in certs}
    assert not orphans, f"k={k}: keys of ours without a certificate in slots {sorted(orphans)}"
    rig.pull(0)
    if os.environ.get("MATRIX_VERBOSE"):
        t0 = attempt.events[0].at if attempt.events else 0.0
        story = [(type(e).__name__, getattr(e, "step", ""), round(e.at - t0, 2)) for e in attempt.events]
        print(f"k={k} {what} {story}", flush=True)
    return what


def cases(total: int | None) -> list[int]:
    """The pulls to try: MATRIX_K's list, else every MATRIX_STEP-th of the upgrade's `total` APDUs (None: not
    counted, MATRIX_SKIP_TWIN). A selection of no case fails: a matrix that tried nothing has proved nothing."""
    if os.environ.get("MATRIX_K", "").strip():
        chosen = [int(k) for k in os.environ["MATRIX_K"].split(",") if k.strip()]
    else:
        step = int(os.environ.get("MATRIX_STEP", "1"))
        if step < 1:
            pytest.fail(f"MATRIX_STEP={step}: the matrix selects no case")
        chosen = list(range(1, (total or 0) + 1, step))
    if not chosen or min(chosen) < 1 or (total is not None and min(chosen) > total):
        pytest.fail(f"the matrix selects no case of {total} APDUs (MATRIX_K, MATRIX_STEP, MATRIX_SKIP_TWIN)")
    return chosen


@pytest.mark.timeout(3600)  # about 170 cases of a few seconds each: far beyond the suite's per-test default
def test_pull_after_every_apdu_of_a_whole_upgrade(piv_card: PivCard, tmp_path: Path) -> None:
    rig = piv_card.rig
    issuer_state = tmp_path / "issuer"
    piv_card.hierarchy.save(issuer_state)
    template = tmp_path / "template.json"
    shutil.copy(piv_card.state_path, template)
    rig.pull(0)
    with IssuerServer.open(issuer_state) as issuer:
        # Count the APDUs of one whole, undisturbed upgrade of a twin card.
        if os.environ.get("MATRIX_SKIP_TWIN"):
            notes = [
                pull_at(rig, template, tmp_path, k, str(piv_card.serial), issuer, piv_card.pin) for k in cases(None)
            ]
            return
        state = tmp_path / "twin.json"
        shutil.copy(template, state)
        rig.insert(state)
        twin = Attempt(str(piv_card.serial), issuer, tmp_path / "journal-twin", piv_card.pin)
        twin.run()
        assert twin.outcome is not None and twin.outcome.ok
        inserted = rig.card(0)
        assert inserted is not None
        total = inserted.apdu_count()
        rig.pull(0)
        assert 100 < total < 2000, total

        notes = [pull_at(rig, template, tmp_path, k, str(piv_card.serial), issuer, piv_card.pin) for k in cases(total)]
    print(
        f"\nfault matrix of pulls: {len(notes)} cases, every one upgraded in the end; "
        f"{notes.count('pulled')} pulled and put back, {notes.count('pulled, reader replugged')} pulled with the "
        f"reader replugged, {notes.count('finished before the pull')} finished first"
    )
