"""The renewal on the PC/SC rig (ykcs11, the virtual PIV card): a card whose current pair ends in 20 days is
renewed by `sithsclient renew`, `check` warns before and is quiet after; a PIV card keeps its old keys (it cannot
delete one), so the terms say how many renewals still fit. And a slice of the pull matrix: the card pulled at a
few points of a whole renewal ends renewed after it is put back. Run through scripts/isolated.sh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

import tests.test_fault_matrix_pull as matrix
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.standing import issue_for_card
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.demo.vcard import keys as vcard_keys
from sithsclient.demo.vcard import state as card_state
from sithsclient.demo.vcard.provision import provision_practice_card
from sithsclient.demo.vcard.state import KeyRecord
from sithsclient.pki.model import Generation
from sithsclient.upgrade.renew_plan import RenewPlan
from tests.fixtures.pcsc import PivCard

pytestmark = pytest.mark.pcsc


def due_card(piv_card: PivCard, issuer: IssuerServer, state: Path, days: int = 20) -> int:
    """A practice PIV card whose pair `issuer` issued (and recorded), ending in `days` days: in 9a and 9c."""
    service = issuer.service
    card, _certs = provision_practice_card(
        state,
        piv_card.hierarchy,
        issue=lambda subject, public, purpose: issue_for_card(
            service.ledger, service.keys.issuing, subject, public, purpose, days=days
        ),
    )
    return card.serial


def sithsclient(tmp_path: Path, *args: str, pins: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SITHSCLIENT_LOG_DIR": str(tmp_path / "logs")}
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", *args, "--module", YKCS11_PATH],
        input=pins, capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip


def test_sithsclient_renew_renews_a_card_due_in_20_days(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    state = tmp_path / "due.json"
    due_card(piv_card, piv_issuer, state)
    piv_card.rig.pull(0)
    piv_card.rig.insert(state)

    before = sithsclient(tmp_path, "check", "--lang", "en")
    assert before.returncode == 0 and before.stdout.count("expires on") == 2, before.stdout + before.stderr
    renewed = sithsclient(
        tmp_path, "renew", "--issuer", piv_issuer.url, "--trust", str(tmp_path / "issuer" / "root.pem"),
        "--pin-stdin", "--yes", "--lang", "sv", "--journal-dir", str(tmp_path / "journal"), pins=f"{piv_card.pin}\n",
    )  # fmt: skip
    assert renewed.returncode == 0, renewed.stdout + renewed.stderr
    # 20 free retired slots, 2 for this renewal: room for 9 more (the old keys stay in 9a and 9c).
    assert "efter den här finns det plats för 9 till" in renewed.stdout, renewed.stdout
    assert "Certifikaten är förnyade" in renewed.stdout
    after = sithsclient(tmp_path, "check", "--lang", "en")
    assert after.returncode == 0 and "nothing to do" in after.stdout and "expires" not in after.stdout, after.stdout

    piv_card.rig.pull(0)
    complete, keys, certs = matrix.stored_sets(state)
    assert complete == {Generation.CURRENT: matrix.BOTH}
    assert not certs & {0x9A, 0x9C} and {0x9A, 0x9C} <= keys  # the old certificates went; PIV keeps the keys
    assert len(certs) == 2 and certs <= set(matrix.RETIRED)


def test_a_piv_card_without_room_for_a_renewal_is_refused_before_anything_is_written(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    """19 of the 20 retired slots hold keys of earlier renewals (PIV cannot delete them): one pair does not fit."""
    state = tmp_path / "full.json"
    due_card(piv_card, piv_issuer, state)
    card = card_state.load(state)
    for slot in list(matrix.RETIRED)[:19]:
        key = ec.generate_private_key(ec.SECP256R1())
        card.keys[slot] = KeyRecord(algorithm=vcard_keys.algorithm_of(key), pem=vcard_keys.to_pem(key))
    card_state.save(card, state)
    piv_card.rig.pull(0)
    piv_card.rig.insert(state)

    said = sithsclient(
        tmp_path, "renew", "--issuer", piv_issuer.url, "--trust", str(tmp_path / "issuer" / "root.pem"),
        "--pin-stdin", "--yes", "--lang", "en", "--journal-dir", str(tmp_path / "journal"), pins=f"{piv_card.pin}\n",
    )  # fmt: skip

    assert said.returncode == 22, said.stdout + said.stderr
    assert "[card.full]" in said.stderr
    assert "no room for the 2 new key pairs this renewal needs (room for 1)" in said.stderr
    assert "I accept the terms" not in said.stdout  # refused before the terms: nothing was begun
    piv_card.rig.pull(0)
    after = card_state.load(state)
    assert set(after.keys) == {0x9A, 0x9C, *list(matrix.RETIRED)[:19]}  # no key was made
    assert not list((tmp_path / "journal").glob("*.renewal.json"))  # nothing to resume


@pytest.mark.timeout(900)
def test_a_pull_at_points_of_a_whole_renewal_ends_renewed(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upgrade's pull matrix (test_fault_matrix_pull.py) run with the renewal's plan, at five points of it:
    in key generation, the key updates, the installs and the deletion. Every case must end renewed, with a
    complete working set on the card at the moment of the pull and no key of ours left without a certificate."""
    monkeypatch.setattr(matrix, "UpgradePlan", lambda: RenewPlan(60))
    rig = piv_card.rig
    template = tmp_path / "template.json"
    serial = str(due_card(piv_card, piv_issuer, template))
    rig.pull(0)
    twin_state = tmp_path / "twin.json"
    shutil.copy(template, twin_state)
    rig.insert(twin_state)
    twin = matrix.Attempt(serial, piv_issuer, tmp_path / "journal-twin", piv_card.pin)
    twin.run()
    assert twin.outcome is not None and twin.outcome.ok and not twin.outcome.already_current, twin.outcome
    inserted = rig.card(0)
    assert inserted is not None
    total = inserted.apdu_count()
    rig.pull(0)
    points = [total * share // 100 for share in (15, 40, 60, 80, 97)]
    notes = [matrix.pull_at(rig, template, tmp_path, k, serial, piv_issuer, piv_card.pin) for k in points]
    assert notes.count("finished before the pull") == 0, notes
