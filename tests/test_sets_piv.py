"""Each set on a PIV card in the PC/SC rig (ykcs11), against the practice service: the card holds exactly the set
afterwards, the old pair gone; a card whose retired slots cannot take four new pairs is refused before anything
is written (card.full)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from sithsclient.card import module as card_module
from sithsclient.card.card import Card
from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.sets import PRACTICE_PERSONNUMMER
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.demo.vcard import state as card_state
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.card_set import FOUR, ONE, TWO
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.pcsc import PivCard

pytestmark = pytest.mark.pcsc
AUTH = PinRole.AUTHENTICATION
COUNT = {TWO: 2, FOUR: 4, ONE: 1}


def the_card(serial: int) -> Card:
    card_module.load_module(YKCS11_PATH)
    card_module.reinitialize(YKCS11_PATH)
    _path, cards = discover(YKCS11_PATH)
    [card] = [c for c in cards if c.serial == str(serial)]
    return card


def upgrade(piv_card: PivCard, issuer: IssuerServer, journal: Path) -> tuple[object, ScriptedUser]:
    user = ScriptedUser([{AUTH: piv_card.pin}])
    engine = Engine(
        the_card(piv_card.serial),
        UpgradePlan(),
        CmpEnroller(issuer.client_settings()),
        user,
        journal_store=JournalStore(journal),
        presence=CardPresence(watch=True),
        wait_for_card_s=30,
    )
    return engine.run(), user


@pytest.mark.parametrize("name", [FOUR, ONE, TWO])
def test_a_piv_card_holds_exactly_the_services_set(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path, name: str
) -> None:
    piv_issuer.set_card_set(name)
    outcome, _user = upgrade(piv_card, piv_issuer, tmp_path / "j")
    assert outcome.ok, outcome  # type: ignore[attr-defined]
    certs = the_card(piv_card.serial).certificates()
    assert len(certs) == COUNT[name]
    assert {c.info.generation for c in certs} == {Generation.CURRENT}
    personnummer = [c for c in certs if c.info.hsa_id == PRACTICE_PERSONNUMMER]
    assert len(personnummer) == (2 if name == FOUR else 0)
    both = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
    assert {c.info.purpose for c in certs} == ({Purpose.AUTHENTICATION} if name == ONE else both)
    state = card_state.load(piv_card.state_path)
    # The new keys in retired slots, no orphan; a PIV card cannot delete the old keys (only their certificates).
    assert len([slot for slot in state.keys if 0x82 <= slot <= 0x95]) == COUNT[name]


def test_a_piv_card_without_room_for_four_is_refused_before_anything_is_written(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    piv_card.rig.pull()
    state = card_state.load(piv_card.state_path)
    taken = state.keys[0x9A]
    for slot in range(0x82, 0x82 + 17):  # 3 of the 20 retired slots left free
        state.keys[slot] = copy.deepcopy(taken)
    card_state.save(state, piv_card.state_path)
    keys_before = len(state.keys)
    piv_card.rig.insert(piv_card.state_path)
    piv_issuer.set_card_set(FOUR)

    outcome, user = upgrade(piv_card, piv_issuer, tmp_path / "j")
    assert outcome.code == "card.full", outcome  # type: ignore[attr-defined]
    assert user.terms_seen and user.terms_seen[0].card_set is not None
    piv_card.rig.pull()
    after = card_state.load(piv_card.state_path)
    assert len(after.keys) == keys_before and 0x9A in after.keys  # nothing generated, nothing deleted
    piv_card.rig.insert(piv_card.state_path)
