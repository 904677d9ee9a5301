"""The extra certificate pair (seeds 000, 003) on a SoftHSM2 card against the practice issuing service over HTTP.

An employee of two organisations adds the pair the other organisation ordered; the card's own pairs must not be
touched, a card takes one extra pair only, and the one-time code, like a PIN, is never written anywhere.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.orders import ORDER_ORGANISATION, Order
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.pki.inventory import assess, holders
from sithsclient.pki.model import Generation, Purpose, Verdict
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.extra import ExtraOrder
from sithsclient.upgrade.journal import JournalStore, Kind, PairState, Phase
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.softhsm import SoftHsmCard

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE
RIGHT = {AUTH: "123456", SIGN: "654321"}
OTHER_HSA_ID = "SE2120001234-S000000000777"
THIRD_HSA_ID = "SE2120005678-S000000000888"
BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


def order_of(order: Order) -> ExtraOrder:
    assert order.secret is not None
    return ExtraOrder(order.reference, order.secret)


def fingerprints(card: SoftHsmCard) -> dict[str, set[Purpose]]:
    """HSA-ID → purposes of the certificates on the card, with each certificate's own private key present."""
    found: dict[str, set[Purpose]] = {}
    for role, pin in RIGHT.items():
        with card.card.open(role, pin) as session:
            keys = {k.key_id for k in session.private_keys()}
        for cert in card.card.certificates():
            if cert.role is role and cert.key_id in keys:
                found.setdefault(cert.info.hsa_id, set()).add(cert.info.purpose)
    return found


def own_certificates(card: SoftHsmCard) -> set[bytes]:
    return {
        c.info.cert.fingerprint(hashes.SHA256())
        for c in card.card.certificates()
        if c.info.hsa_id == PRACTICE_HOLDER.hsa_id
    }


def test_extra_pair_is_added_beside_the_own_pairs(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    before = own_certificates(softhsm_card)
    order = practice_issuer.add_order(OTHER_HSA_ID)
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(order))
    assert run.outcome.ok, run.outcome

    assert own_certificates(softhsm_card) == before  # the card's own certificates: the very same ones
    assert fingerprints(softhsm_card) == {PRACTICE_HOLDER.hsa_id: BOTH, OTHER_HSA_ID: BOTH}
    extra = [c for c in softhsm_card.card.certificates() if c.info.hsa_id == OTHER_HSA_ID]
    assert {c.info.generation for c in extra} == {Generation.CURRENT}
    for cert in extra:
        organisation = cert.info.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
        assert organisation == ORDER_ORGANISATION
    # The card's own old certificates still have to be upgraded: the other organisation's new pair hides nothing.
    assert assess([c.info for c in softhsm_card.card.certificates()]).verdict is Verdict.MUST_UPGRADE

    steps = [e.step for e in run.events if isinstance(e, ev.StepDone)]
    assert steps == [
        ev.Step.PREFLIGHT,
        ev.Step.PINS,
        ev.Step.TERMS,
        ev.Step.GENERATE,
        ev.Step.FETCH_INSTALL,
        ev.Step.DONE,
    ]
    terms = run.user.terms_seen[0]
    assert (terms.hsa_id, terms.organisation, terms.certificates_to_replace) == (
        OTHER_HSA_ID,
        ORDER_ORGANISATION,
        0,
    )
    journal = JournalStore(tmp_path / "j").load(softhsm_card.card.serial, Kind.EXTRA)
    assert journal is not None and journal.phase is Phase.DONE and journal.reference == order.reference
    assert JournalStore(tmp_path / "j").load(softhsm_card.card.serial) is None  # the upgrade's journal: untouched


@pytest.mark.slow  # `make test` only: a whole upgrade after the extra pair
def test_the_card_upgrades_afterwards_and_keeps_the_extra_pair(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    order = practice_issuer.add_order(OTHER_HSA_ID)
    assert run_engine(
        softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(order)
    ).outcome.ok
    extra_before = {c.info.cert for c in softhsm_card.card.certificates() if c.info.hsa_id == OTHER_HSA_ID}

    upgrade = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]))
    assert upgrade.outcome.ok and not upgrade.outcome.already_current
    certs = softhsm_card.card.certificates()
    assert {c.info.cert for c in certs if c.info.hsa_id == OTHER_HSA_ID} == extra_before
    assert fingerprints(softhsm_card) == {PRACTICE_HOLDER.hsa_id: BOTH, OTHER_HSA_ID: BOTH}
    assert {c.info.generation for c in certs} == {Generation.CURRENT}
    assert assess([c.info for c in certs]).verdict is Verdict.CURRENT


def test_a_second_extra_pair_is_refused_before_any_pin(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    first = practice_issuer.add_order(OTHER_HSA_ID)
    assert run_engine(
        softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(first)
    ).outcome.ok
    on_card = {c.info.cert for c in softhsm_card.card.certificates()}

    second = practice_issuer.add_order(THIRD_HSA_ID)
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(second))
    assert (run.outcome.ok, run.outcome.code, run.outcome.retry_safe) == (False, "extra.limit", False)
    assert OTHER_HSA_ID in run.outcome.message and "only one" in run.outcome.message
    assert run.user.asked == []  # refused before a PIN was asked
    assert {c.info.cert for c in softhsm_card.card.certificates()} == on_card
    # The refused order is not used up: the card office can still give it to a card that has room.
    assert practice_issuer.service.orders is not None
    assert practice_issuer.service.orders.get(second.reference).open_purposes == (
        Purpose.AUTHENTICATION,
        Purpose.SIGNATURE,
    )  # type: ignore[union-attr]
    assert holders([c.info for c in softhsm_card.card.certificates()]) == [PRACTICE_HOLDER.hsa_id, OTHER_HSA_ID]


def test_a_wrong_code_is_refused_before_any_key_is_made(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    order = practice_issuer.add_order(OTHER_HSA_ID)
    run = run_engine(
        softhsm_card.card,
        practice_issuer,
        tmp_path / "j",
        ScriptedUser([RIGHT]),
        order=ExtraOrder(order.reference, "AAAA-BBBB-CCCC"),
    )
    assert (run.outcome.ok, run.outcome.code) == (False, "service.code_refused")
    assert "one-time code" in run.outcome.message
    assert run.user.asked == []
    assert fingerprints(softhsm_card) == {PRACTICE_HOLDER.hsa_id: BOTH}
    with softhsm_card.card.open(AUTH, RIGHT[AUTH]) as session:
        assert {k.key_id for k in session.private_keys()} == {bytes([0x11])}


@pytest.mark.slow  # `make test` only
def test_the_code_is_forgiving_of_spaces_and_case(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    order = practice_issuer.add_order(OTHER_HSA_ID)
    assert order.secret is not None
    typed = ExtraOrder(f" {order.reference.lower()} ", " " + order.secret.lower().replace("-", "- "))
    assert run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=typed).outcome.ok


def test_an_order_for_the_cards_own_hsa_id_is_refused(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    order = practice_issuer.add_order(PRACTICE_HOLDER.hsa_id)
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(order))
    assert (run.outcome.ok, run.outcome.code) == (False, "extra.own_hsa_id")
    assert fingerprints(softhsm_card) == {PRACTICE_HOLDER.hsa_id: BOTH}


def test_a_stopped_extra_pair_resumes_without_fetching_twice(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    """The service fails after the authentication certificate is on the card; a second run with the same order
    fetches only the signature certificate (the code works once per certificate)."""
    order = practice_issuer.add_order(OTHER_HSA_ID)

    def fail_the_signature(event: ev.Event) -> None:
        if isinstance(event, ev.Progress) and event.purpose is Purpose.SIGNATURE and "fetching" in event.message:
            practice_issuer.set_fault("http_500")

    first = run_engine(
        softhsm_card.card,
        practice_issuer,
        tmp_path / "j",
        ScriptedUser([RIGHT]),
        order=order_of(order),
        listener=fail_the_signature,
    )
    assert (first.outcome.ok, first.outcome.code, first.outcome.retry_safe) == (False, "network.http_status", True)
    journal = JournalStore(tmp_path / "j").load(softhsm_card.card.serial, Kind.EXTRA)
    assert journal is not None
    assert [(p.purpose, p.state) for p in journal.pairs] == [
        (Purpose.AUTHENTICATION, PairState.INSTALLED), (Purpose.SIGNATURE, PairState.KEY_READY)
    ]  # fmt: skip

    practice_issuer.set_fault("none")
    again = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(order))
    assert again.outcome.ok, again.outcome
    assert again.user.terms_seen == []  # accepted in the first run
    assert fingerprints(softhsm_card) == {PRACTICE_HOLDER.hsa_id: BOTH, OTHER_HSA_ID: BOTH}
    fetching = [e.purpose for e in again.events if isinstance(e, ev.Progress) and "fetching" in e.message]
    assert fetching == [Purpose.SIGNATURE]


def test_the_code_is_never_written(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order = practice_issuer.add_order(OTHER_HSA_ID)
    assert order.secret is not None
    stop_at_signature = ScriptedUser([RIGHT])
    practice_issuer.set_fault("reject")  # stopped half-way: the journal is written with a failure in it
    run = run_engine(softhsm_card.card, practice_issuer, tmp_path / "j", stop_at_signature, order=order_of(order))
    practice_issuer.set_fault("none")
    assert not run.outcome.ok
    secret = order.secret.encode()
    written = [p.read_bytes() for p in (tmp_path / "j").rglob("*") if p.is_file()]
    assert written and not any(secret in data for data in written)
    assert order.secret not in caplog.text
    assert order.secret not in repr(order_of(order))
    assert all(order.secret not in repr(e) for e in run.events)


@pytest.mark.slow  # `make test` only
def test_practice_order_subject_is_what_the_certificates_name(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path
) -> None:
    order = practice_issuer.add_order(OTHER_HSA_ID, given_name="Anna", surname="Andersson")
    assert run_engine(
        softhsm_card.card, practice_issuer, tmp_path / "j", ScriptedUser([RIGHT]), order=order_of(order)
    ).outcome.ok
    names: set[x509.Name] = {
        c.info.cert.subject for c in softhsm_card.card.certificates() if c.info.hsa_id == OTHER_HSA_ID
    }
    assert names == {order.subject}
