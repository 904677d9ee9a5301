"""The renewal on real PKCS#11 (SoftHSM2), in the Net iD layout (a token per PIN) and the SAC layout (Thales
IDPrime's labels and CKA_IDs), against the practice issuing service over CMP: the card's current pair, issued
by that service and due in 20 days, is replaced, and what the service recorded matches the card."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.enroll import CmpEnroller
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.journal import JournalStore, Kind, PairState
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.renew_plan import RenewPlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.renewal import provision_due_softhsm
from tests.fixtures.softhsm import use_softhsm_conf

PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}


def renew(issuer: IssuerServer, journal: Path) -> Outcome:
    _path, [card] = discover(SOFTHSM_MODULE)
    engine = Engine(
        card,
        RenewPlan(60),
        CmpEnroller(issuer.client_settings()),
        ScriptedUser([dict(PINS) for _ in range(5)]),
        journal_store=JournalStore(journal),
        presence=CardPresence(watch=False),
    )
    return engine.run()


def on_card() -> tuple[dict[Purpose, list[str]], dict[PinRole, set[bytes]], set[bytes]]:
    """(serials of the current certificates by purpose, key ids by PIN, certificate key ids)."""
    _path, [card] = discover(SOFTHSM_MODULE)
    serials: dict[Purpose, list[str]] = {}
    cert_ids = set()
    for cert in card.certificates():
        assert cert.info.generation is Generation.CURRENT
        serials.setdefault(cert.info.purpose, []).append(format(cert.info.cert.serial_number, "x"))
        cert_ids.add(cert.key_id)
    keys = {}
    for role, pin in PINS.items():
        with card.open(role, pin) as session:
            keys[role] = {k.key_id for k in session.private_keys()}
    return serials, keys, cert_ids


@pytest.mark.parametrize("style", ["netid", "sac"])
def test_a_pair_due_in_20_days_is_renewed_and_the_ledger_matches_the_card(
    practice_issuer: IssuerServer, practice_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    soft = provision_due_softhsm(tmp_path / "card", practice_state, 20, style=style)  # type: ignore[arg-type]
    use_softhsm_conf(monkeypatch, soft.conf)
    old = {purpose: format(cert.serial_number, "x") for purpose, cert in soft.certificates.items()}

    outcome = renew(practice_issuer, tmp_path / "journal")

    assert outcome.ok and not outcome.already_current, outcome
    serials, keys, cert_ids = on_card()
    assert sorted(serials) == sorted(old) and all(len(s) == 1 for s in serials.values()), serials
    assert set().union(*keys.values()) == cert_ids  # the old keys went with their certificates
    issued = {e["serial"]: e for e in practice_issuer.service.ledger.entries() if e["event"] == "issued"}
    for purpose, [serial] in serials.items():
        assert issued[serial]["replaces_serial"] == old[purpose]
    _path, [card] = discover(SOFTHSM_MODULE)
    assert all(c.info.not_after > dt.datetime.now(dt.UTC) + dt.timedelta(days=700) for c in card.certificates())


def test_a_service_failure_half_way_resumes_without_new_keys(
    practice_issuer: IssuerServer, practice_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new keys are made, then the service fails: the old pair stays and works; the next run asks for the
    certificates of the keys already made, and ends renewed with nothing left over."""
    soft = provision_due_softhsm(tmp_path / "card", practice_state, 20)
    use_softhsm_conf(monkeypatch, soft.conf)
    practice_issuer.set_fault("http_500")

    failed = renew(practice_issuer, tmp_path / "journal")

    assert not failed.ok and failed.retry_safe, failed
    journal = JournalStore(tmp_path / "journal").load(soft_serial(), Kind.RENEWAL)
    assert journal is not None and {p.state for p in journal.pairs} == {PairState.KEY_READY}
    made = {p.new_key_id for p in journal.pairs}
    practice_issuer.set_fault("none")

    assert renew(practice_issuer, tmp_path / "journal").ok
    _serials, keys, cert_ids = on_card()
    assert {k.hex() for k in cert_ids} == made and set().union(*keys.values()) == cert_ids


def soft_serial() -> str:
    _path, [card] = discover(SOFTHSM_MODULE)
    return card.serial
