"""The renewal's decisions on the engine's stand-ins (tests/standins.py): what is due, what is refused, how many
renewals still fit on a card that cannot delete a key, and a pull after any card write ending renewed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.journal import JournalStore, Kind, Phase
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.renew_plan import RenewPlan, due_from
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer

PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def current_card(hierarchy: PracticeHierarchy, days: dict[Purpose, int], **options: object) -> ScriptedCard:
    """A card whose own current pair ends in `days` days per purpose (negative: ended that long ago)."""
    card = ScriptedCard(**options)  # type: ignore[arg-type]
    for index, purpose in enumerate(UPGRADED, start=1):
        key = card.put_key(bytes([index]), purpose, label="card office")
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
        card.certs[bytes([index])] = hierarchy.person_ca.issue(
            PRACTICE_HOLDER.subject(), key.public_key(), purpose, days=400 + days[purpose], not_before=start
        )
    return card


def renew(card: ScriptedCard, hierarchy: PracticeHierarchy, journal: Path, plan: RenewPlan | None = None) -> Outcome:
    user = ScriptedUser([dict(PINS) for _ in range(20)])
    engine = Engine(
        card,
        plan or RenewPlan(60),
        ScriptedIssuer(hierarchy),
        user,
        journal_store=JournalStore(journal),
        presence=CardPresence(watch=False),
        wait_for_card_s=5,
    )
    return engine.run()


def days_left(card: ScriptedCard) -> dict[Purpose, list[int]]:
    found: dict[Purpose, list[int]] = {}
    for cert in card.certs.values():
        info = CertificateInfo.of(cert)
        found.setdefault(info.purpose, []).append(info.days_left())
    return found


def test_a_pair_due_in_20_days_is_renewed_and_the_old_one_deleted(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: 20, Purpose.SIGNATURE: 20})
    old_keys = set(card.keys)

    outcome = renew(card, hierarchy, tmp_path)

    assert outcome.ok and not outcome.already_current, outcome
    assert card.breaches == []
    left = days_left(card)
    assert sorted(left) == sorted(UPGRADED) and all(len(v) == 1 and v[0] > 700 for v in left.values()), left
    assert not old_keys & set(card.keys)  # the old keys went with their certificates
    journal = JournalStore(tmp_path).load(card.serial, Kind.RENEWAL)
    assert journal is not None and journal.phase is Phase.DONE
    again = RenewPlan(60)
    assert renew(card, hierarchy, tmp_path, again).already_current  # renewed: nothing due any more
    assert again.due_from is not None and again.due_from > dt.date.today() + dt.timedelta(days=600)


def test_only_the_certificate_that_is_due_is_renewed(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: 300, Purpose.SIGNATURE: 10})
    current_auth = card.certs[bytes([1])]

    assert renew(card, hierarchy, tmp_path).ok

    assert card.certs[bytes([1])] == current_auth  # the authentication pair stays as it was
    assert [days > 700 for days in days_left(card)[Purpose.SIGNATURE]] == [True]


def test_a_card_not_yet_due_says_from_when_it_will_be(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: 100, Purpose.SIGNATURE: 100})
    plan = RenewPlan(60)

    outcome = renew(card, hierarchy, tmp_path, plan)

    assert outcome.ok and outcome.already_current and card.writes == 0
    not_after = CertificateInfo.of(card.certs[bytes([1])]).not_after
    assert plan.due_from == due_from(not_after, 60)
    assert plan.due_from in (dt.date.today() + dt.timedelta(days=39), dt.date.today() + dt.timedelta(days=40))


def test_an_expired_certificate_is_sent_to_the_card_office(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: -3, Purpose.SIGNATURE: -3})

    outcome = renew(card, hierarchy, tmp_path)

    assert (outcome.code, outcome.retry_safe, card.writes) == ("renewal.expired", False, 0)


def test_a_legacy_card_is_upgraded_instead(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = ScriptedCard()
    for index, purpose in enumerate(UPGRADED, start=1):
        key = card.put_key(bytes([index]), purpose)
        card.certs[bytes([index])] = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key.public_key(), purpose)

    assert renew(card, hierarchy, tmp_path).code == "renewal.upgrade_first"
    assert card.writes == 0


def test_a_card_that_cannot_delete_keys_says_how_many_renewals_still_fit(
    hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: 20, Purpose.SIGNATURE: 20}, key_room=7, deletes_keys=False)
    user = ScriptedUser([dict(PINS)])
    engine = Engine(
        card, RenewPlan(60), ScriptedIssuer(hierarchy), user, journal_store=JournalStore(tmp_path), wait_for_card_s=5
    )
    assert engine.run().ok
    assert [t.runs_left for t in user.terms_seen] == [2]  # 7 free, 2 for this one: room for 2 more pairs


def test_a_full_card_that_cannot_delete_keys_is_refused_before_anything_is_written(
    hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: 20, Purpose.SIGNATURE: 20}, key_room=1, deletes_keys=False)
    user = ScriptedUser([dict(PINS)])
    engine = Engine(
        card, RenewPlan(60), ScriptedIssuer(hierarchy), user, journal_store=JournalStore(tmp_path), wait_for_card_s=5
    )
    outcome = engine.run()
    assert (outcome.code, card.writes, user.terms_seen) == ("card.full", 0, [])
    assert JournalStore(tmp_path).load(card.serial, Kind.RENEWAL) is None  # nothing begun, nothing to resume


@pytest.mark.parametrize("pull_after", range(1, 7))  # 2 keys made, 2 installed, 2 old pairs deleted
def test_a_pull_after_any_write_ends_renewed(hierarchy: PracticeHierarchy, tmp_path: Path, pull_after: int) -> None:
    card = current_card(hierarchy, {Purpose.AUTHENTICATION: 20, Purpose.SIGNATURE: 20}, pull_after_writes=pull_after)

    outcome = renew(card, hierarchy, tmp_path)

    assert outcome.ok, outcome
    assert card.breaches == []
    assert "back" in card.log  # it was pulled, and the renewal went on with the same card
    assert all(len(v) == 1 and v[0] > 700 for v in days_left(card).values())
