"""`sithsclient renew` as a shell user runs it, on a SoftHSM2 card whose current pair the practice service (in its
own process) issued: renewed when due, with `check` warning before and quiet after; a date when not yet due; the
card office for an expired certificate and where the organisation has the card office renew."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from sithsclient import exitcodes
from sithsclient.card.discovery import discover
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.pki.model import Generation, Purpose
from tests.fixtures.cli import PINS, Shell, card_state
from tests.fixtures.renewal import provision_due_softhsm
from tests.fixtures.softhsm import use_softhsm_conf


def with_due_card(shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, days: int, **options: object) -> Shell:
    soft = provision_due_softhsm(tmp_path / "due-card", shell.state, days, **options)  # type: ignore[arg-type]
    use_softhsm_conf(monkeypatch, soft.conf)
    return dataclasses.replace(shell, env={**shell.env, "SOFTHSM2_CONF": str(soft.conf)})


def sithsclient(shell: Shell, *args: str, pins: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", *args], input=pins, capture_output=True, text=True, env=shell.env,
        timeout=120,
    )  # fmt: skip


def renew(shell: Shell, lang: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return sithsclient(
        shell, "renew", "--issuer", shell.issuer_url, "--trust", str(shell.state / "root.pem"), "--pin-stdin",
        "--yes", "--lang", lang, *extra, pins=PINS,
    )  # fmt: skip


def days_left_on_card() -> dict[Purpose, list[int]]:
    _path, [card] = discover(SOFTHSM_MODULE)
    now = dt.datetime.now(dt.UTC)
    found: dict[Purpose, list[int]] = {}
    for cert in card.certificates():
        found.setdefault(cert.info.purpose, []).append(cert.info.days_left(now))
    return found


def test_a_pair_due_in_20_days_is_renewed_and_check_is_quiet_after(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = with_due_card(shell, tmp_path, monkeypatch, 20)
    before = sithsclient(due, "check", "--lang", "en")
    assert before.returncode == 0 and "expires" in before.stdout, before.stdout + before.stderr

    renewed = renew(due, "sv")

    assert renewed.returncode == 0, renewed.stdout + renewed.stderr
    out = renewed.stdout
    assert "Förnyelse av certifikaten för Anna Andersson" in out
    assert "Genererar certifikatsbegäran" in out and "Raderar gamla certifikat" in out
    assert "Certifikaten är förnyade" in out and "uppgradering" not in out
    complete, keys, cert_ids = card_state()
    assert complete == {Generation.CURRENT: {Purpose.AUTHENTICATION, Purpose.SIGNATURE}}
    assert keys == cert_ids  # the old keys went with their certificates; nothing left over
    left = days_left_on_card()
    assert all(len(days) == 1 and days[0] > 700 for days in left.values()), left
    after = sithsclient(due, "check", "--lang", "en")
    assert after.returncode == 0 and "nothing to do" in after.stdout and "expires" not in after.stdout, after.stdout


def test_a_card_not_yet_due_says_from_which_day_in_both_languages(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = with_due_card(shell, tmp_path, monkeypatch, 100)
    day = (dt.date.today() + dt.timedelta(days=40)).isoformat()

    english = renew(due, "en")
    assert english.returncode == exitcodes.OK, english.stderr
    assert "not due for renewal yet" in english.stdout
    assert "They can be renewed from" in english.stdout and day[:8] in english.stdout, english.stdout
    swedish = renew(due, "sv")
    assert swedish.returncode == exitcodes.OK and "De kan förnyas från och med" in swedish.stdout, swedish.stdout
    assert days_left_on_card()[Purpose.AUTHENTICATION][0] < 101  # nothing was changed


def test_an_expired_certificate_is_for_the_card_office(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expired = with_due_card(shell, tmp_path, monkeypatch, 3, expired=True)

    said = renew(expired, "sv")

    assert said.returncode == exitcodes.RENEWAL == 26, said.stderr
    assert "[renewal.expired]" in said.stderr and "Kontakta ditt kortkontor" in said.stderr
    assert len(days_left_on_card()[Purpose.AUTHENTICATION]) == 1


def test_where_the_card_office_renews_the_command_names_it_and_changes_nothing(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = with_due_card(shell, tmp_path, monkeypatch, 20)
    config = tmp_path / "config.toml"
    config.write_text(
        'renewal = "card_office"\ncard_office_name = "Kortkontoret, Region Övning"\n'
        'card_office_phone = "010-123 45 67"\n',
        encoding="utf-8",
    )

    said = renew(due, "sv", "--config", str(config))

    assert said.returncode == exitcodes.RENEWAL, said.stderr
    assert "[renewal.card_office]" in said.stderr and "kortkontoret som förnyar" in said.stderr
    assert "Kortkontoret, Region Övning · 010-123 45 67" in said.stderr
    assert said.stdout == ""  # no card was even read
    assert [days < 21 for days in days_left_on_card()[Purpose.AUTHENTICATION]] == [True]


def test_killed_while_the_service_answers_the_next_run_ends_renewed(
    shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process is killed while it waits for the key update (the new keys are on the card); the old pair
    still works, and `renew` run again goes on from its journal with the keys already made."""
    due = with_due_card(shell, tmp_path, monkeypatch, 20)
    control = shell.issuer_url.removesuffix("/.well-known/cmp") + "/control/fault"

    def fault(setting: dict[str, object]) -> None:
        request = urllib.request.Request(control, data=json.dumps(setting).encode(), method="PUT")
        with urllib.request.urlopen(request, timeout=5):
            pass

    fault({"fault": "delay", "delay_seconds": 30})
    command = [
        sys.executable, "-m", "sithsclient", "renew", "--issuer", shell.issuer_url,
        "--trust", str(shell.state / "root.pem"), "--pin-stdin", "--yes", "--lang", "en",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=due.env
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(PINS)
    process.stdin.close()
    for line in process.stdout:
        if "Fetching the new certificate" in line:
            break
    process.kill()
    process.wait(10)
    complete, keys, _certs = card_state()
    assert complete == {Generation.CURRENT: {Purpose.AUTHENTICATION, Purpose.SIGNATURE}}  # the old pair works
    made = set().union(*keys.values())
    assert len(made) == 4  # the old keys and the two new ones

    fault({"fault": "none"})
    again = renew(due, "en")

    assert again.returncode == 0, again.stdout + again.stderr
    assert "Generating a new key pair" not in again.stdout  # the keys made before the kill are used
    complete, keys, cert_ids = card_state()
    assert keys == cert_ids and set().union(*keys.values()) < made  # the new keys kept, the old ones deleted
    assert all(len(days) == 1 and days[0] > 700 for days in days_left_on_card().values())
