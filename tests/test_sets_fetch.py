"""A certificate fetched later: `sithsclient fetch` as a shell user runs it, against `sithsclient issuer --set one`
(the 2024 platform: the upgrade leaves the card without a signature certificate) in another process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.softhsm import SOFTHSM_MODULE, provision_softhsm_card
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.fetch_plan import FetchPlan
from sithsclient.upgrade.journal import JournalStore
from tests.fixtures.cli import PINS, Shell, card_state
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.softhsm import SoftHsmCard, use_softhsm_conf

BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


@pytest.fixture
def shell_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shell]:
    state = tmp_path / "issuer"
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SITHSCLIENT_LOG_DIR": str(tmp_path / "logs"),
        "SITHSCLIENT_PKCS11_MODULE": SOFTHSM_MODULE,
        "LANG": "C.UTF-8",
        "LC_ALL": "",
        "LC_MESSAGES": "",
    }
    issuer = subprocess.Popen(
        [sys.executable, "-m", "sithsclient", "issuer", "--port", "0", "--state", str(state), "--set", "one"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert issuer.stdout is not None
        match = re.search(r"(http://\S+/\.well-known/cmp)", issuer.stdout.readline())
        assert match
        soft = provision_softhsm_card(tmp_path / "hsm", PracticeHierarchy.load(state), PRACTICE_HOLDER)
        env["SOFTHSM2_CONF"] = str(soft.conf)
        use_softhsm_conf(monkeypatch, soft.conf)
        yield Shell(env, match.group(1), state)
    finally:
        issuer.terminate()
        issuer.wait(10)


def run(shell: Shell, command: str) -> subprocess.CompletedProcess[str]:
    args = shell.upgrade_args()
    args[args.index("upgrade")] = command
    return subprocess.run(args, input=PINS, capture_output=True, text=True, env=shell.env, timeout=120)


def test_fetch_adds_the_signature_certificate_the_set_of_one_left_off(shell_one: Shell) -> None:
    upgraded = run(shell_one, "upgrade")
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert "Efteråt har kortet ett certifikat, för legitimering." in upgraded.stdout
    complete, keys, cert_ids = card_state()
    assert complete == {Generation.CURRENT: {Purpose.AUTHENTICATION}}

    fetched = run(shell_one, "fetch")
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "Underskriftscertifikatet är installerat" in fetched.stdout
    complete, keys, cert_ids = card_state()
    assert complete == {Generation.CURRENT: BOTH}
    assert keys == cert_ids  # no orphan key
    issued = [json.loads(line) for line in (shell_one.state / "issued.jsonl").read_text().splitlines()]
    assert [e["event"] for e in issued].count("confirmed") == 2  # the authentication one, then the signature one

    again = run(shell_one, "fetch")
    assert again.returncode == 0 and "Kortet har redan ett underskriftscertifikat" in again.stdout


def test_fetch_on_a_card_with_the_old_certificates_says_upgrade_first(
    softhsm_card: SoftHsmCard, tmp_path: Path
) -> None:
    from tests.standins import ScriptedIssuer

    user = ScriptedUser([])
    engine = Engine(
        softhsm_card.card,
        FetchPlan(),
        ScriptedIssuer(softhsm_card.hierarchy),
        user,
        journal_store=JournalStore(tmp_path / "j"),
    )
    outcome = engine.run()
    assert outcome.code == "card.not_upgradable" and "upgrade it first" in outcome.message
    assert user.asked == []  # no PIN asked
