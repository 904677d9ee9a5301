"""The extra certificate pair on the PC/SC rig (the practice card: virtual PIV card, ykcs11), with the card pulled
half-way: the pair is finished once the same card is back, and the card's own pairs are never touched."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.vcard import state as card_state
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine, Outcome
from sithsclient.upgrade.extra import ExtraOrder, ExtraPairPlan
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.pcsc import PivCard
from tests.test_engine_piv import AUTH, engine_for, the_card

pytestmark = pytest.mark.pcsc
OTHER_HSA_ID = "SE2120001234-S000000000777"
BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}
OWN_CERT_OBJECTS = (0x5FC105, 0x5FC10A)  # PIV's certificate objects of slots 9a and 9c
OWN_KEY_SLOTS = (0x9A, 0x9C)


def by_holder(serial: int) -> dict[str, dict[Generation, set[Purpose]]]:
    found: dict[str, dict[Generation, set[Purpose]]] = {}
    for cert in the_card(serial).certificates():
        found.setdefault(cert.info.hsa_id, {}).setdefault(cert.info.generation, set()).add(cert.info.purpose)
    return found


def test_extra_pair_survives_a_pull_and_the_upgrade_after_keeps_it(
    piv_card: PivCard,
    piv_issuer: IssuerServer,
    tmp_path: Path,
) -> None:
    order = piv_issuer.add_order(OTHER_HSA_ID)
    assert order.secret is not None
    before = card_state.load(piv_card.state_path)
    own_before = ({o: before.objects[o] for o in OWN_CERT_OBJECTS}, {s: before.keys[s] for s in OWN_KEY_SLOTS})
    events: list[ev.Event] = []
    pulled = threading.Event()

    def listener(event: ev.Event) -> None:
        events.append(event)
        if isinstance(event, ev.Progress) and event.purpose is Purpose.SIGNATURE and not pulled.is_set():
            pulled.set()
            piv_card.rig.pull(wait=False)  # as the second key pair is being made

    engine = Engine(
        the_card(piv_card.serial),
        ExtraPairPlan(ExtraOrder(order.reference, order.secret)),
        CmpEnroller(piv_issuer.client_settings()),
        ScriptedUser([{AUTH: piv_card.pin}]),
        journal_store=JournalStore(tmp_path / "j"),
        listener=listener,
        presence=CardPresence(watch=True),
        wait_for_card_s=60,
    )
    result: list[Outcome] = []
    runner = threading.Thread(target=lambda: result.append(engine.run()))
    runner.start()
    assert pulled.wait(60)
    piv_card.rig.wait_for_card(present=False)
    piv_card.rig.insert(piv_card.state_path)
    runner.join(90)
    assert result and result[0].ok, result
    assert any(isinstance(e, ev.Paused) and e.code == "card.removed" for e in events)
    assert any(isinstance(e, ev.Resumed) for e in events)

    after = card_state.load(piv_card.state_path)
    own_after = ({o: after.objects[o] for o in OWN_CERT_OBJECTS}, {s: after.keys[s] for s in OWN_KEY_SLOTS})
    assert own_after == own_before  # the card's own certificates and keys: byte for byte the same
    assert by_holder(piv_card.serial) == {
        PRACTICE_HOLDER.hsa_id: {Generation.LEGACY: BOTH},
        OTHER_HSA_ID: {Generation.CURRENT: BOTH},
    }

    upgrade = engine_for(
        the_card(piv_card.serial), piv_issuer, ScriptedUser([{AUTH: piv_card.pin}]), tmp_path / "j", []
    )
    assert upgrade.run().ok
    assert by_holder(piv_card.serial) == {
        PRACTICE_HOLDER.hsa_id: {Generation.CURRENT: BOTH},
        OTHER_HSA_ID: {Generation.CURRENT: BOTH},
    }
