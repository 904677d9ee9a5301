"""Two `sithsclient upgrade` started at the same moment on one card, on real PC/SC: the rig's virtual PIV card
behind pcscd + vpcd + ykcs11 (run through scripts/isolated.sh). The SoftHSM2 version is tests/test_card_lock.py;
here the two processes also meet in pcscd and in ykcs11's sessions, and the card counts PIN tries for real.

What a user would check afterwards: neither window or terminal showed a traceback, one run upgraded and the other
said plainly that an upgrade of this card is already running, the card has one whole current set and no key
without its certificate, and no PIN try was spent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.rig import YKCS11_PATH, PcscRig
from sithsclient.demo.vcard import state as card_state
from tests.fixtures.pcsc import make_practice_card

pytestmark = pytest.mark.pcsc


def upgrade_command(issuer: IssuerServer, state: Path, journal: Path) -> list[str]:
    return [
        sys.executable, "-m", "sithsclient", "upgrade", "--module", YKCS11_PATH, "--issuer", issuer.url,
        "--trust", str(state / "root.pem"), "--pin-stdin", "--yes", "--lang", "en", "--journal-dir", str(journal),
    ]  # fmt: skip


def status(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "sithsclient", "status", "--json", "--module", YKCS11_PATH],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    card: dict[str, object] = json.loads(done.stdout)["cards"][0]
    return card


def test_two_upgrades_at_once_on_a_pcsc_card(
    pcsc_rig: PcscRig, piv_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    issuer_state = tmp_path / "issuer"
    piv_hierarchy.save(issuer_state)
    # One data folder for both runs, as for two starts by one user: the lock lives there.
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "SITHSCLIENT_LOG_DIR": str(tmp_path / "logs")}
    refused = 0
    with IssuerServer.open(issuer_state) as issuer:
        for attempt in range(3):
            card_path = tmp_path / f"card-{attempt}.json"
            make_practice_card(card_path, piv_hierarchy)
            for index in range(len(pcsc_rig.readers)):
                if pcsc_rig.card(index) is not None:
                    pcsc_rig.pull(index)
            pcsc_rig.insert(card_path)
            pin = card_state.load(card_path).pin
            command = upgrade_command(issuer, issuer_state, tmp_path / f"journal-{attempt}")
            runs = [
                subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
                )
                for _ in range(2)
            ]
            results = [proc.communicate(f"{pin}\n", timeout=240) for proc in runs]
            codes = [proc.returncode for proc in runs]
            for code, (out, err) in zip(codes, results, strict=True):
                assert "Traceback" not in out + err, out + err
                assert code in (0, 23), (code, out, err)
                if code == 23:
                    refused += 1
                    assert "already running" in err and "card.busy" in err and err.count("\n") == 1, err
            assert codes.count(0) >= 1, results
            card = status(env)
            assert card["verdict"] == "current", card
            certificates = card["certificates"]
            assert isinstance(certificates, list)
            assert sorted(c["purpose"] for c in certificates) == ["authentication", "signature"], certificates
            saved = card_state.load(card_path)
            # Every key made in a retired slot carries its certificate: none is left over from the run that gave
            # way. (The old keys stay in 9a and 9c under nothing: a PIV card cannot delete a key, only the
            # certificates, which the upgrade does.)
            made = {slot for slot in saved.keys if 0x82 <= slot <= 0x95}
            assert made == {int(str(c["slot"]), 16) for c in certificates}, (sorted(saved.keys), certificates)
            assert saved.pin_tries_left == saved.pin_tries_max and saved.pin == pin  # no try spent, by either run
    assert refused >= 1  # the runs did meet: one gave way to the other
