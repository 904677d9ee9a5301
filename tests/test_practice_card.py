"""The in-process practice card as a user meets it: its two-PIN layout, a pull from the reader, another card,
and the pull matrix (the card leaves right after its k-th answer of a whole upgrade, for every k) in both layouts.

Everything here is the real engine, the real CMP client and issuing service, and the vcard's own card logic;
only the reader is in this process instead of pcscd + vpcd (demo/inprocess.py).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from sithsclient.card.errors import (
    CardFullError,
    CardOperationError,
    CardRemovedError,
    PinBlockedError,
    WrongCardError,
)
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import KeyType_
from sithsclient.card.watcher import WatchEvent, WatchKind
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.inprocess import PracticeReader, PracticeSource
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.vcard import state as card_state
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.model import Generation
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.inprocess import PracticeCard, make_inprocess_card
from tests.test_fault_matrix_pull import BOTH, RETIRED, stored_sets

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE


def test_pulling_the_card_fails_the_next_command_and_closes_the_gate(practice_card: PracticeCard) -> None:
    card = practice_card.card()
    heard: list[WatchEvent] = []
    watcher = practice_card.source.watcher(heard.append)
    watcher.start()
    practice_card.reader.pull()
    with pytest.raises(CardRemovedError):
        card.certificates()
    assert not card.gate.is_open
    with pytest.raises(CardRemovedError):
        card.find_again()  # nothing in the reader
    practice_card.reader.insert()
    again = card.find_again()
    assert again.serial == card.serial and again.gate.is_open and again.certificates()
    with pytest.raises(CardRemovedError):
        card.certificates()  # the old link died with the pull, as a PC/SC handle does
    watcher.stop()
    assert [e.kind for e in heard] == [
        WatchKind.READER_ADDED,
        WatchKind.CARD_INSERTED,
        WatchKind.CARD_REMOVED,
        WatchKind.CARD_INSERTED,
    ]


def test_a_practice_card_without_a_free_slot_is_full(practice_card: PracticeCard) -> None:
    """As on a card through its PKCS#11 module: `card.full` (the card office helps), not a generic failure."""
    practice_card.reader.pull()
    state = card_state.load(practice_card.state_path)
    some_key = next(iter(state.keys.values()))
    for slot in RETIRED:
        state.keys.setdefault(slot, some_key)
    card_state.save(state, practice_card.state_path)
    practice_card.reader.insert()
    card = practice_card.card()
    with card.open(AUTH, practice_card.pin) as session:
        assert session.key_room() == 0
        with pytest.raises(CardFullError):
            session.free_key_id()


def test_another_card_in_the_reader_is_refused(tmp_path: Path, hierarchy: PracticeHierarchy) -> None:
    mine = make_inprocess_card(tmp_path / "mine.json", hierarchy, two_pins=False)
    other = make_inprocess_card(tmp_path / "other.json", hierarchy, two_pins=False)
    card = mine.card()
    mine.reader.pull()
    mine.reader.state_path = other.state_path  # a colleague's card into the same reader
    mine.reader.insert()
    with pytest.raises(WrongCardError) as wrong:
        card.find_again()
    assert wrong.value.expected == mine.serial and wrong.value.found == other.serial


def test_two_pins_each_guard_their_own_keys_with_their_own_tries_and_puk(
    tmp_path: Path, hierarchy: PracticeHierarchy
) -> None:
    practice = make_inprocess_card(tmp_path / "card.json", hierarchy, two_pins=True)
    card = practice.card()
    signature = next(c for c in card.certificates() if c.role is SIGN)
    with card.open(AUTH, practice.pin) as session, pytest.raises(CardOperationError):
        session.test_signature(signature.key_id)  # the authentication PIN does not unlock the signature key
    for _ in range(2):
        with pytest.raises(Exception, match="Wrong signature PIN"):
            card.open(SIGN, "999999")
    with pytest.raises(PinBlockedError):
        card.open(SIGN, "999999", confirm_final_try=True)
    assert card.pin_status(SIGN).tries_left == 0
    assert card.pin_status(AUTH).tries_left == 3  # the other PIN is untouched
    card.open(AUTH, practice.pin).close()
    with pytest.raises(Exception, match="Wrong PUK"):
        card.unblock_pin(SIGN, "87654321", "246810")
    card.unblock_pin(SIGN, practice.puk, "246810")
    assert card_state.load(practice.state_path).puk_tries_left == 3  # the signature PIN has a PUK of its own
    with card.open(SIGN, "246810") as session:
        session.test_signature(signature.key_id)


# -- the pull matrix ---------------------------------------------------------------------------------------


def _upgrade(practice: PracticeCard, issuer: IssuerServer, journal: Path) -> tuple[bool, list[str], int]:
    """`sithsclient upgrade` on the practice card: (ok, what the user was asked, APDUs of this run)."""
    while True:
        try:
            card = practice.card()
        except AssertionError:  # pulled during the look for the card: a user puts it back and starts again
            time.sleep(0.01)
            continue
        user = ScriptedUser([practice.pins] * 3)
        engine = Engine(
            card,
            UpgradePlan(),
            CmpEnroller(issuer.client_settings()),
            user,
            journal_store=JournalStore(journal),
            presence=CardPresence(watch=True, source=practice.source),
            wait_for_card_s=20,
            key_type=KeyType_(os.environ.get("P13_KEY", "ecp256")),
        )
        outcome = engine.run()
        if not outcome.ok and outcome.code == "card.removed":
            continue  # pulled before the engine's first look: run again, as a user would
        return outcome.ok, [str(r) for r in user.asked], practice.reader.apdu_count


def _put_back_after_checking(practice: PracticeCard, k: int) -> None:
    def on_event(event: WatchEvent) -> None:
        if event.kind is not WatchKind.CARD_REMOVED:
            return
        complete, _keys, _certs = stored_sets(practice.state_path)
        legacy, current = complete.get(Generation.LEGACY, set()), complete.get(Generation.CURRENT, set())
        if not (BOTH <= legacy or BOTH <= current):
            failures.append(f"k={k}: no complete working set on the pulled card: {complete}")
        threading.Timer(0.02, practice.reader.insert).start()  # a hand putting the same card back

    failures: list[str] = []
    practice.reader.listen(on_event)
    _FAILURES[k] = failures


_FAILURES: dict[int, list[str]] = {}


# `make check` pulls after every SLICE-th APDU (k = 1, 1 + SLICE, ...), `make test` after all the others too
# (the `slow` part): every k once in all.
SLICE = 40


@pytest.mark.timeout(900)
@pytest.mark.parametrize("part", ["every-40th", pytest.param("the-rest", marks=pytest.mark.slow)])
@pytest.mark.parametrize("two_pins", [False, True], ids=["one-pin", "two-pins"])
def test_pull_after_every_apdu_of_a_whole_upgrade(
    two_pins: bool, part: str, tmp_path: Path, hierarchy: PracticeHierarchy, practice_state: Path
) -> None:
    template = tmp_path / "template.json"
    make_inprocess_card(template, hierarchy, two_pins=two_pins).reader.pull()
    with IssuerServer.open(practice_state) as issuer:
        shutil.copy(template, tmp_path / "twin.json")
        reader = PracticeReader(tmp_path / "twin.json")
        reader.insert()
        twin = PracticeCard(reader, PracticeSource(reader), hierarchy, "", two_pins)
        ok, _asked, total = _upgrade(twin, issuer, tmp_path / "journal-twin")
        assert ok and total > 50
        print(f"a whole upgrade: {total} APDUs")
        step = int(os.environ.get("MATRIX_STEP", "1"))
        cases = [k for k in range(1, total + 1, step) if ((k - 1) % SLICE == 0) == (part == "every-40th")]
        assert cases, f"MATRIX_STEP={step} leaves no case in {part} of {total} APDUs"
        for k in cases:
            state = tmp_path / f"card-{k}.json"
            shutil.copy(template, state)  # the same card each time
            reader = PracticeReader(state, die_after=k)
            practice = PracticeCard(reader, PracticeSource(reader), hierarchy, twin.serial, two_pins)
            _put_back_after_checking(practice, k)
            practice.reader.insert()
            ok, asked, _n = _upgrade(practice, issuer, tmp_path / f"journal-{k}")
            assert not _FAILURES[k], _FAILURES[k]
            assert ok, f"k={k}: the upgrade did not complete"
            assert len(asked) == 1, f"k={k}: the PINs were asked again: {asked}"
            complete, keys, certs = stored_sets(state)
            assert complete == {Generation.CURRENT: BOTH}, f"k={k}: {complete}"
            orphans = {slot for slot in keys if slot in RETIRED and slot not in certs}
            assert not orphans, f"k={k}: keys of ours without a certificate in slots {sorted(orphans)}"
