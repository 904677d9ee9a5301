"""The PKCS#11 module is one per process: C_Finalize ends every session in it, whoever opened them. `card/` owns
that lifetime: a restart waits for the logins and reads on present cards (bounded), or refuses, and never ends
one under its user. On a real module (SoftHSM2)."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pkcs11
import pytest

from sithsclient.card import discovery
from sithsclient.card import module as card_module
from sithsclient.card.errors import CardRemovedError
from sithsclient.card.layouts import PinRole
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.upgrade import events as ev
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.softhsm import SoftHsmCard

AUTH = PinRole.AUTHENTICATION
KEY = bytes([0x11])  # the legacy authentication key and its certificate


def test_a_restart_waits_for_an_open_login_which_goes_on_working(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    session = card.open(AUTH, "123456")
    restarted = threading.Event()

    def restart() -> None:  # another part of the program looking for a card put back
        card_module.reinitialize(SOFTHSM_MODULE)
        restarted.set()

    other = threading.Thread(target=restart)
    other.start()
    assert not restarted.wait(0.5)  # waiting for the login
    session.test_signature(KEY)  # the login works: it was not ended under its user
    assert [k.key_id for k in session.private_keys()] == [KEY]
    session.close()
    assert restarted.wait(5)  # the login's end lets the restart go
    other.join()
    with card.open(AUTH, "123456") as again:
        again.test_signature(KEY)


def test_a_restart_refuses_once_its_wait_is_over(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    with card.open(AUTH, "123456") as session:
        with pytest.raises(card_module.ModuleBusy):
            card_module.reinitialize(SOFTHSM_MODULE, wait_s=0.2)
        session.test_signature(KEY)


def test_a_look_at_the_readers_leaves_a_login_alone(softhsm_card: SoftHsmCard) -> None:
    """The wizard's first page starts the modules over before each look (start_over_all): never under a run."""
    card = softhsm_card.card
    card.hold()
    with card.open(AUTH, "123456") as session:
        card_module.start_over_all()
        session.test_signature(KEY)
        assert len(card.certificates()) == 2
    card.release()


def test_the_sessions_of_a_card_that_left_hold_no_restart(softhsm_card: SoftHsmCard) -> None:
    """After a pull the card's sessions are dead with it; finding the card again must start the module over."""
    card = softhsm_card.card
    session = card.open(AUTH, "123456")
    card.gate.close()  # the watcher saw the card go
    card_module.reinitialize(SOFTHSM_MODULE, wait_s=0)
    again = card.find_again()
    with again.open(AUTH, "123456") as fresh:
        fresh.test_signature(KEY)
    del session


def test_a_login_dropped_without_closing_holds_no_restart(softhsm_card: SoftHsmCard) -> None:
    """The engine drops a pulled card's logins unclosed (closing would send commands): they must not count."""
    session = softhsm_card.card.open(AUTH, "123456")
    del session
    gc.collect()
    card_module.reinitialize(SOFTHSM_MODULE, wait_s=0)


def test_a_defect_while_looking_for_the_card_is_no_pull(
    softhsm_card: SoftHsmCard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug of ours inside the look for a card put back surfaces as what it is. Taken for "the card is not
    back yet", it kept the person waiting for a card already in the reader until the wait ran out (600 s)."""

    def defect(lib: object) -> list[discovery.TokenView]:
        raise KeyError("a defect of the program")

    monkeypatch.setattr(discovery, "list_tokens", defect)
    with pytest.raises(KeyError, match="a defect of the program"):
        softhsm_card.card.find_again()


def test_the_card_software_saying_no_card_is_still_no_card(
    softhsm_card: SoftHsmCard, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_there(lib: object) -> list[discovery.TokenView]:
        raise pkcs11.TokenNotPresent()

    monkeypatch.setattr(discovery, "list_tokens", not_there)
    with pytest.raises(CardRemovedError):
        softhsm_card.card.find_again()


def test_an_upgrade_that_meets_such_a_defect_ends_with_it_at_once(
    softhsm_card: SoftHsmCard, practice_issuer: IssuerServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The person's side of it: the card leaves while keys are made, and the look for it meets a defect. The run
    ends with that defect now, instead of waiting out `wait_for_card_s` for a card that is in the reader."""
    card = softhsm_card.card

    def defect(lib: object) -> list[discovery.TokenView]:
        raise KeyError("a defect of the program")

    def on_event(event: ev.Event) -> None:
        if isinstance(event, ev.StepStarted) and event.step is ev.Step.GENERATE:
            monkeypatch.setattr(discovery, "list_tokens", defect)
            card.gate.close()  # as the watcher does the moment the reader reports the card gone

    user = ScriptedUser([{AUTH: "123456", PinRole.SIGNATURE: "654321"}])
    started = time.monotonic()
    with pytest.raises(KeyError, match="a defect of the program"):
        run_engine(card, practice_issuer, tmp_path / "journal", user, wait_for_card_s=20, listener=on_event)
    assert time.monotonic() - started < 15
