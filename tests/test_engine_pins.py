"""The PIN and terms steps on the scripted card, fast: a blocked PIN is met with the PUK before any PIN is asked
for and the run goes on with the new PIN; a stop before any card write (a cancel on the PIN or the terms page)
leaves no journal, so nothing reads as a half-done upgrade afterwards; the time said on the terms page is this
run's (key type, number of keys, practice or not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient.card.layouts import PinRole
from sithsclient.card.model import KeyType_
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.pki.model import Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer

PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def legacy_card(hierarchy: PracticeHierarchy) -> ScriptedCard:
    card = ScriptedCard(pins=dict(PINS))
    for index, purpose in enumerate(UPGRADED, start=1):
        key = card.put_key(bytes([index]), purpose, label="old")
        card.certs[bytes([index])] = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key.public_key(), purpose)
    return card


def engine(
    card: ScriptedCard, user: ScriptedUser, hierarchy: PracticeHierarchy, journals: Path, **kw: object
) -> tuple[Engine, list[ev.Event]]:
    events: list[ev.Event] = []
    run = Engine(
        card,
        UpgradePlan(),
        ScriptedIssuer(hierarchy),
        user,
        journal_store=JournalStore(journals),
        listener=events.append,
        presence=CardPresence(watch=False),
        wait_for_card_s=5,
        **kw,  # type: ignore[arg-type]
    )
    return run, events


def test_a_blocked_pin_meets_the_puk_first_and_the_run_goes_on_with_the_new_pin(
    hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    card = legacy_card(hierarchy)
    card.blocked.add(PinRole.SIGNATURE)
    user = ScriptedUser([{PinRole.AUTHENTICATION: PINS[PinRole.AUTHENTICATION]}], unblock_with=("12345678", "246802"))
    run, events = engine(card, user, hierarchy, tmp_path)
    outcome = run.run()
    assert outcome.ok, outcome
    assert user.unblock_asked == [PinRole.SIGNATURE]
    # The PIN page asked only for the PIN that can be used: never for the blocked one.
    assert all(PinRole.SIGNATURE not in request.roles for request in user.asked)
    assert [e.role for e in events if isinstance(e, ev.PinUnblocked)] == [PinRole.SIGNATURE]
    assert card.pins[PinRole.SIGNATURE] == "246802" and card.complete_set()


def test_no_puk_given_stops_before_anything_is_written(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = legacy_card(hierarchy)
    card.blocked.add(PinRole.AUTHENTICATION)
    outcome = engine(card, ScriptedUser([dict(PINS)]), hierarchy, tmp_path)[0].run()
    assert (outcome.ok, outcome.code) == (False, "pin.blocked")
    assert card.writes == 0 and not list(tmp_path.glob("*.json"))


@pytest.mark.parametrize("where", ["pins", "terms"])
def test_a_cancel_before_any_card_write_leaves_no_half_done_upgrade(
    hierarchy: PracticeHierarchy, tmp_path: Path, where: str
) -> None:
    card = legacy_card(hierarchy)
    user = ScriptedUser([] if where == "pins" else [dict(PINS)], accept=False)
    outcome = engine(card, user, hierarchy, tmp_path)[0].run()
    assert (outcome.ok, outcome.code) == (False, "cancelled")
    assert card.writes == 0
    assert not list(tmp_path.glob("*.json"))  # the card page then offers the plain upgrade, not "go on"


def test_a_stop_after_a_card_write_keeps_the_journal(hierarchy: PracticeHierarchy, tmp_path: Path) -> None:
    card = legacy_card(hierarchy)
    issuer_fails = ScriptedIssuer(hierarchy)

    def refuse(_request: object) -> object:
        from sithsclient.enroll.errors import EnrollmentError

        raise EnrollmentError("the service is down")

    issuer_fails.key_update = refuse  # type: ignore[method-assign,assignment]
    run = Engine(
        card,
        UpgradePlan(),
        issuer_fails,
        ScriptedUser([dict(PINS)]),
        journal_store=JournalStore(tmp_path),
        presence=CardPresence(watch=False),
    )
    outcome = run.run()
    assert not outcome.ok and card.writes > 0
    assert [p.name for p in tmp_path.glob("*.json")] == [f"{card.serial}.json"]  # resumable: it goes on later


@pytest.mark.parametrize(
    ("key_type", "practice", "seconds"),
    [(KeyType_.RSA_2048, False, 60), (KeyType_.RSA_3072, False, 140), (KeyType_.EC_P256, False, 20),
     (KeyType_.RSA_2048, True, 3)],
)  # fmt: skip
def test_the_terms_say_the_time_of_this_run(
    hierarchy: PracticeHierarchy, tmp_path: Path, key_type: KeyType_, practice: bool, seconds: int
) -> None:
    user = ScriptedUser([dict(PINS)], accept=False)
    engine(legacy_card(hierarchy), user, hierarchy, tmp_path, key_type=key_type, practice=practice)[0].run()
    [terms] = user.terms_seen
    assert terms.seconds_expected == seconds
    assert terms.certificates_to_replace == len([p for p in UPGRADED if p is not Purpose.UNKNOWN])
