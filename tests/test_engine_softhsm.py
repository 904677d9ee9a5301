"""The upgrade engine on a SoftHSM2 card against the practice issuing service over HTTP (both real)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.softhsm import provision_softhsm_card
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.journal import JournalStore, Phase
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.softhsm import SoftHsmCard, use_softhsm_conf

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE
RIGHT = {AUTH: "123456", SIGN: "654321"}


def certificates_by_generation(card: SoftHsmCard) -> dict[Generation, set[Purpose]]:
    found: dict[Generation, set[Purpose]] = {}
    for cert in card.card.certificates():
        found.setdefault(cert.info.generation, set()).add(cert.info.purpose)
    return found


def private_key_ids(card: SoftHsmCard) -> dict[PinRole, set[bytes]]:
    ids = {}
    for role, pin in RIGHT.items():
        with card.card.open(role, pin) as session:
            ids[role] = {k.key_id for k in session.private_keys()}
    return ids


def assert_one_complete_working_set(card: SoftHsmCard) -> None:
    """Invariant 1: old pair or new pair complete: each certificate with its private key, under its PIN."""
    keys = private_key_ids(card)
    complete: dict[Generation, set[Purpose]] = {}
    for cert in card.card.certificates():
        if cert.key_id in keys[cert.role]:
            complete.setdefault(cert.info.generation, set()).add(cert.info.purpose)
    both = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
    assert both <= complete.get(Generation.LEGACY, set()) or both <= complete.get(Generation.CURRENT, set())


def test_full_upgrade_replaces_both_pairs(softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path):
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "journal", ScriptedUser([RIGHT]))
    assert run.outcome.ok and not run.outcome.already_current

    assert certificates_by_generation(softhsm_card) == {Generation.CURRENT: {Purpose.AUTHENTICATION, Purpose.SIGNATURE}}
    certs = softhsm_card.card.certificates()
    assert assess([c.info for c in certs]).verdict is Verdict.CURRENT
    assert {c.info.hsa_id for c in certs} == {PRACTICE_HOLDER.hsa_id}
    # No orphans: each token holds exactly the one key its new certificate belongs to.
    keys = private_key_ids(softhsm_card)
    assert {role: {c.key_id for c in certs if c.role is role} for role in (AUTH, SIGN)} == keys

    steps = [e.step for e in run.events if isinstance(e, ev.StepDone)]
    assert steps == [
        ev.Step.PREFLIGHT, ev.Step.PINS, ev.Step.TERMS, ev.Step.GENERATE,
        ev.Step.FETCH_INSTALL, ev.Step.DELETE_OLD, ev.Step.DONE,
    ]  # fmt: skip
    assert run.user.terms_seen[0].hsa_id == PRACTICE_HOLDER.hsa_id
    journal = JournalStore(tmp_path / "journal").load(softhsm_card.card.serial)
    assert journal is not None and journal.phase is Phase.DONE


def test_upgraded_card_is_left_alone(softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path):
    assert run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT])).outcome.ok
    again = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([]))
    assert again.outcome.ok and again.outcome.already_current
    assert again.user.asked == []  # no PIN needed to say "already done"


def test_wrong_pin_asks_again_and_nothing_changes_before(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
):
    user = ScriptedUser([{AUTH: "123456", SIGN: "111111"}, RIGHT])
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", user)
    assert run.outcome.ok
    assert len(user.asked) == 2
    assert user.asked[1].problem is not None and user.asked[1].problem.code == "pin.incorrect"
    assert user.asked[1].roles == [SIGN]  # the right authentication PIN is not asked again


def test_no_pin_cancels_with_the_card_untouched(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
):
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([]))
    assert not run.outcome.ok and run.outcome.code == "cancelled"
    assert certificates_by_generation(softhsm_card) == {Generation.LEGACY: {Purpose.AUTHENTICATION, Purpose.SIGNATURE}}


def test_terms_declined_changes_nothing(softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path):
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT], accept=False))
    assert run.outcome.code == "cancelled"
    assert private_key_ids(softhsm_card) == {AUTH: {bytes([0x11])}, SIGN: {bytes([0x12])}}


# `make check` runs three of the faults (the network's, the service's refusal, a forged answer); `make test` all.
@pytest.mark.parametrize(
    ("fault", "code", "settings"),
    [
        ("http_500", "network.http_status", {}),
        ("reject", "service.refused", {}),
        pytest.param(*("wrong_key", "certificate", {}), marks=pytest.mark.slow),
        pytest.param(*("wrong_subject", "certificate", {}), marks=pytest.mark.slow),
        pytest.param(*("untrusted_issuer", "certificate", {}), marks=pytest.mark.slow),
        ("bad_protection", "cmp.protection", {}),
        pytest.param(*("garbage", "cmp.malformed", {}), marks=pytest.mark.slow),
        pytest.param(*("oversized", "network.too_large", {}), marks=pytest.mark.slow),
        pytest.param(*("delay=3", "network.timeout", {"read_timeout": 1.0}), marks=pytest.mark.slow),
    ],
)
def test_each_issuing_fault_leaves_the_old_set_and_a_later_run_completes(
    softhsm_card: SoftHsmCard,
    practice_issuer: IssuerServer,
    tmp_path: Path,
    fault: str,
    code: str,
    settings: dict[str, float],
) -> None:
    practice_issuer.set_fault(fault)
    failed = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), **settings)
    assert not failed.outcome.ok
    assert failed.outcome.code.startswith(code), failed.outcome
    assert failed.outcome.retry_safe
    assert failed.outcome.message  # a sentence for a person
    assert isinstance(failed.events[-1], ev.Failed)
    assert Generation.LEGACY in certificates_by_generation(softhsm_card)
    assert certificates_by_generation(softhsm_card)[Generation.LEGACY] == {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
    assert_one_complete_working_set(softhsm_card)

    practice_issuer.set_fault("none")
    later = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    assert later.outcome.ok, later.outcome
    assert certificates_by_generation(softhsm_card) == {Generation.CURRENT: {Purpose.AUTHENTICATION, Purpose.SIGNATURE}}
    assert later.user.terms_seen == []  # accepted once, remembered by the journal
    keys = private_key_ids(softhsm_card)
    assert all(len(ids) == 1 for ids in keys.values())  # the keys of the failed attempt were reused


@pytest.mark.slow  # `make test` only: polls the service for seconds
def test_pending_answer_is_polled_to_completion(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
):
    practice_issuer.set_fault("pending=2")
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    assert run.outcome.ok, run.outcome


def test_corrupt_journal_is_kept_aside_and_the_card_decides(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
):
    store = JournalStore(tmp_path / "j")
    store.directory.mkdir(parents=True)
    store.path(softhsm_card.card.serial).write_text("{ this is not json")
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    assert run.outcome.ok
    aside = list(store.directory.glob("*.corrupt-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == "{ this is not json"


def test_journal_holds_no_pin(softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path):
    practice_issuer.set_fault("reject")
    run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    practice_issuer.set_fault("none")
    run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    text = "".join(p.read_text() for p in (tmp_path / "j").iterdir())
    assert json.loads(next((tmp_path / "j").glob("*.json")).read_text())["phase"] == "done"
    for pin in RIGHT.values():
        assert pin not in text


@pytest.mark.parametrize(
    ("ca_name", "verdict_code"),
    [("spare_ca", "card.not_upgradable"), ("foreign_ca", "card.not_upgradable")],
)
def test_spare_and_foreign_cards_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hierarchy,  # type: ignore[no-untyped-def]
    practice_issuer: IssuerServer,
    ca_name: str,
    verdict_code: str,
) -> None:
    from sithsclient.card.discovery import discover
    from sithsclient.demo.softhsm import SOFTHSM_MODULE

    soft = provision_softhsm_card(tmp_path / "hsm", hierarchy, PRACTICE_HOLDER, ca=getattr(hierarchy, ca_name))
    use_softhsm_conf(monkeypatch, soft.conf)
    _path, [card] = discover(SOFTHSM_MODULE)
    run = run_engine(card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    assert run.outcome.code == verdict_code and not run.outcome.retry_safe
    assert ("reservkort" if ca_name == "spare_ca" else "biträdande utgivare") in run.outcome.message
    assert run.user.asked == []  # refused before any PIN
