"""A card with no room for the new keys, through the real module: the virtual PIV card answers 6A84 (not enough
memory) to GENERATE once its key limit is reached, ykcs11 passes that on, and the run ends with `card.full`,
the old set intact and no half-made key left."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient.card.errors import CardFullError
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.vcard import state as card_state
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import events as ev
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.pcsc import PivCard
from tests.test_engine_piv import engine_for, generations, the_card

pytestmark = pytest.mark.pcsc
BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


def fill_card(piv_card: PivCard) -> None:
    """The card keeps the keys it has and takes no more."""
    piv_card.rig.pull()
    state = card_state.load(piv_card.state_path)
    state.key_slot_limit = len(state.keys)
    card_state.save(state, piv_card.state_path)
    piv_card.rig.insert(piv_card.state_path)


def test_a_full_card_stops_the_upgrade_with_card_full_and_keeps_its_old_set(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    fill_card(piv_card)
    keys_before = set(card_state.load(piv_card.state_path).keys)
    events: list[ev.Event] = []
    card = the_card(piv_card.serial)
    user = ScriptedUser([{PinRole.AUTHENTICATION: "123456"}])
    outcome = engine_for(card, piv_issuer, user, tmp_path / "journal", events).run()

    assert not outcome.ok and outcome.code == "card.full"
    assert not outcome.retry_safe  # running again would only fail again: the card office must help
    failed = [e for e in events if isinstance(e, ev.Failed)]
    assert failed and failed[-1].code == "card.full" and "card office" in failed[-1].message
    # The old set, whole; no key was added and none deleted to make room.
    assert generations(piv_card.serial) == {Generation.LEGACY: BOTH}
    assert set(card_state.load(piv_card.state_path).keys) == keys_before


def test_generating_on_a_full_card_raises_card_full(piv_card: PivCard) -> None:
    fill_card(piv_card)
    card = the_card(piv_card.serial)
    with card.open(PinRole.AUTHENTICATION, "123456") as session, pytest.raises(CardFullError):
        session.generate_key(Purpose.AUTHENTICATION)
