"""A card that says it has no room for the keys still to make is refused before anything is written."""

from __future__ import annotations

from pathlib import Path

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.standins import UPGRADED, ScriptedCard, ScriptedIssuer


def test_a_card_that_says_it_has_no_room_is_refused_before_any_key_is_made(tmp_path: Path) -> None:
    """Where the module tells the free room (free PIV slots, IDPrime's key containers), a card with room for one
    pair and two to make is refused before anything is written. Scripted stand-ins: the engine's decision only."""

    hierarchy = PracticeHierarchy.create()
    card = ScriptedCard(key_room=1)
    for index, purpose in enumerate(UPGRADED, start=1):
        key = card.put_key(bytes([index]), purpose, label="old")
        card.certs[bytes([index])] = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key.public_key(), purpose)
    pins = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}
    engine = Engine(
        card,
        UpgradePlan(),
        ScriptedIssuer(hierarchy),
        ScriptedUser([pins]),
        journal_store=JournalStore(tmp_path / "journal"),
        presence=CardPresence(watch=False),
    )
    outcome = engine.run()
    assert outcome.code == "card.full" and not outcome.retry_safe
    assert card.writes == 0 and len(card.keys) == len(UPGRADED)
