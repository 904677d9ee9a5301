"""A set of four needs room for four new key pairs beside the old two: a card that says it has less is refused
before anything is written (card.full), and one with room gets all four. Scripted stand-ins: the decision only
(the SoftHSM2 and practice-card runs of each set are in test_sets_upgrade.py and tests/ui/test_practice_sets.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.pki.card_set import FOUR
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def legacy_card(hierarchy: PracticeHierarchy, room: int) -> ScriptedCard:
    card = ScriptedCard(key_room=room)
    for index, purpose in enumerate(UPGRADED, start=1):
        key = card.put_key(bytes([index]), purpose, label="old")
        card.certs[bytes([index])] = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key.public_key(), purpose)
    return card


@pytest.mark.parametrize(("room", "ok"), [(3, False), (4, True)])
def test_four_new_pairs_must_fit_before_any_is_made(
    hierarchy: PracticeHierarchy, tmp_path: Path, room: int, ok: bool
) -> None:
    card = legacy_card(hierarchy, room)
    pins = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}
    user = ScriptedUser([pins])
    engine = Engine(
        card,
        UpgradePlan(FOUR),  # the stand-in service cannot say: the configuration's set of four
        ScriptedIssuer(hierarchy),
        user,
        journal_store=JournalStore(tmp_path / "journal"),
        presence=CardPresence(watch=False),
    )
    outcome = engine.run()
    assert user.terms_seen and user.terms_seen[0].card_set is not None
    assert user.terms_seen[0].card_set.name == FOUR
    if ok:
        assert outcome.ok, outcome
        assert len(card.keys) == 4  # the old two deleted, four new
    else:
        assert outcome.code == "card.full" and not outcome.retry_safe
        assert card.writes == 0 and len(card.keys) == len(UPGRADED)
