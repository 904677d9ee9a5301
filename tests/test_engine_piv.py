"""The engine on the PC/SC rig: the PIN situations a user calls about, another card, and cancelling."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from sithsclient.card import module as card_module
from sithsclient.card.card import Card
from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.demo.vcard import state as card_state
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.pcsc import PivCard, make_practice_card

pytestmark = pytest.mark.pcsc
AUTH = PinRole.AUTHENTICATION
BOTH = {Purpose.AUTHENTICATION, Purpose.SIGNATURE}


def the_card(serial: int) -> Card:
    card_module.load_module(YKCS11_PATH)
    card_module.reinitialize(YKCS11_PATH)
    _path, cards = discover(YKCS11_PATH)
    [card] = [c for c in cards if c.serial == str(serial)]
    return card


def engine_for(card: Card, issuer: IssuerServer, user: ScriptedUser, journal: Path, events: list[ev.Event]):  # type: ignore[no-untyped-def]
    return Engine(
        card,
        UpgradePlan(),
        CmpEnroller(issuer.client_settings()),
        user,
        journal_store=JournalStore(journal),
        listener=events.append,
        presence=CardPresence(watch=True),
        wait_for_card_s=30,
    )


def set_tries(piv_card: PivCard, tries: int) -> None:
    piv_card.rig.pull()
    state = card_state.load(piv_card.state_path)
    state.pin_tries_left = tries
    card_state.save(state, piv_card.state_path)
    piv_card.rig.insert(piv_card.state_path)


def generations(serial: int) -> dict[Generation, set[Purpose]]:
    found: dict[Generation, set[Purpose]] = {}
    for cert in the_card(serial).certificates():
        found.setdefault(cert.info.generation, set()).add(cert.info.purpose)
    return found


def test_final_try_is_a_hard_stop_unless_the_user_says_yes(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    set_tries(piv_card, 1)
    events: list[ev.Event] = []
    user = ScriptedUser([{AUTH: piv_card.pin}])
    outcome = engine_for(the_card(piv_card.serial), piv_issuer, user, tmp_path / "j", events).run()
    assert outcome.code == "pin.final_try" and user.final_try_asked == [AUTH]
    piv_card.rig.pull()
    assert card_state.load(piv_card.state_path).pin_tries_left == 1  # nothing was sent
    piv_card.rig.insert(piv_card.state_path)

    user = ScriptedUser([{AUTH: piv_card.pin}], confirm_final=True)
    outcome = engine_for(the_card(piv_card.serial), piv_issuer, user, tmp_path / "j", events).run()
    assert outcome.ok, outcome
    assert generations(piv_card.serial) == {Generation.CURRENT: BOTH}


def test_blocked_pin_offers_the_puk_and_goes_on(piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path) -> None:
    set_tries(piv_card, 0)
    events: list[ev.Event] = []
    declined = ScriptedUser([{AUTH: piv_card.pin}])
    outcome = engine_for(the_card(piv_card.serial), piv_issuer, declined, tmp_path / "j", events).run()
    assert outcome.code == "pin.blocked" and declined.unblock_asked == [AUTH]

    user = ScriptedUser([{AUTH: piv_card.pin}], unblock_with=(piv_card.puk, "246810"))
    outcome = engine_for(the_card(piv_card.serial), piv_issuer, user, tmp_path / "j", events).run()
    assert outcome.ok, outcome
    the_card(piv_card.serial).open(AUTH, "246810").close()  # the new PIN is the PIN now


def test_another_card_after_a_pull_is_refused_and_the_right_one_resumes(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    rig = piv_card.rig
    other_state = tmp_path / "colleague.json"
    other_serial, _certs = make_practice_card(other_state, piv_card.hierarchy)
    events: list[ev.Event] = []
    pulled = threading.Event()

    def listener(event: ev.Event) -> None:
        events.append(event)
        if isinstance(event, ev.StepStarted) and event.step is ev.Step.FETCH_INSTALL and not pulled.is_set():
            pulled.set()
            rig.pull(wait=False)  # the user pulls the card as the certificates are about to be fetched

    engine = engine_for(the_card(piv_card.serial), piv_issuer, ScriptedUser([{AUTH: piv_card.pin}]), tmp_path / "j", [])
    engine.listener = listener
    result: list[object] = []
    runner = threading.Thread(target=lambda: result.append(engine.run()))
    runner.start()
    assert pulled.wait(30)

    def wait_for(code: str) -> None:
        deadline = time.monotonic() + 20
        while not any(isinstance(e, ev.Paused) and e.code == code for e in events):
            assert time.monotonic() < deadline, f"no Paused({code}): {events[-5:]}"
            time.sleep(0.05)

    wait_for("card.removed")
    rig.wait_for_card(present=False)
    rig.insert(other_state)  # a colleague's card
    wait_for("card.wrong_card")
    wrong = next(e for e in events if isinstance(e, ev.Paused) and e.code == "card.wrong_card")
    assert str(other_serial) in wrong.message and str(piv_card.serial) in wrong.message
    assert card_state.load(other_state).keys.keys() == {0x9A, 0x9C}  # nothing was done to the colleague's card
    rig.pull()
    rig.insert(piv_card.state_path)
    runner.join(60)
    assert result and getattr(result[0], "ok", False), result
    assert any(isinstance(e, ev.Resumed) for e in events)
    assert generations(piv_card.serial) == {Generation.CURRENT: BOTH}


def test_cancel_before_deletion_leaves_a_working_card_and_a_later_run_completes(
    piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path
) -> None:
    events: list[ev.Event] = []
    engine = engine_for(the_card(piv_card.serial), piv_issuer, ScriptedUser([{AUTH: piv_card.pin}]), tmp_path / "j", [])

    def listener(event: ev.Event) -> None:
        events.append(event)
        if isinstance(event, ev.StepDone) and event.step is ev.Step.GENERATE:
            assert engine.cancel()

    engine.listener = listener
    outcome = engine.run()
    assert outcome.code == "cancelled" and outcome.retry_safe
    assert generations(piv_card.serial) == {Generation.LEGACY: BOTH}
    backup = tmp_path / "after-cancel.json"
    shutil.copy(piv_card.state_path, backup)
    again = engine_for(the_card(piv_card.serial), piv_issuer, ScriptedUser([{AUTH: piv_card.pin}]), tmp_path / "j", [])
    assert again.run().ok
    assert generations(piv_card.serial) == {Generation.CURRENT: BOTH}


def test_cancel_is_refused_once_deletion_began(piv_card: PivCard, piv_issuer: IssuerServer, tmp_path: Path) -> None:
    answers: list[bool] = []
    engine = engine_for(the_card(piv_card.serial), piv_issuer, ScriptedUser([{AUTH: piv_card.pin}]), tmp_path / "j", [])

    def listener(event: ev.Event) -> None:
        if isinstance(event, ev.StepStarted) and event.step is ev.Step.DELETE_OLD:
            answers.append(engine.cancel())

    engine.listener = listener
    assert engine.run().ok
    assert answers == [False]
