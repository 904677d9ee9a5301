"""The PUK's tries (issue 29, item 8): told from the card before a try is spent, a wrong PUK asked again with what
is left, and the final try never sent unasked. On the in-process practice card (PIV: the PUK's own retry
counter), on SoftHSM2 (the SO PIN's flags) and through the engine with the terminal's prompter."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from sithsclient import texts
from sithsclient.card.errors import PinState, PinStatus, PukFinalTryError, PukIncorrectError
from sithsclient.card.layouts import PinRole
from sithsclient.commands import terminal
from sithsclient.commands.terminal import TerminalPrompter
from sithsclient.commands.words import Words
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.vcard import state as card_state
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.presence import CardPresence
from sithsclient.upgrade.prompts import Prompter
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.inprocess import PracticeCard, make_inprocess_card
from tests.fixtures.softhsm import SoftHsmCard
from tests.standins import ScriptedIssuer

AUTH, SIGN = PinRole.AUTHENTICATION, PinRole.SIGNATURE


@pytest.fixture
def practice(tmp_path: Path, hierarchy: PracticeHierarchy) -> PracticeCard:
    return make_inprocess_card(tmp_path / "card.json", hierarchy, two_pins=False)


def set_card(practice: PracticeCard, *, pin_tries: int, puk_tries: int) -> None:
    practice.reader.pull()
    state = card_state.load(practice.state_path)
    state.pin_tries_left, state.puk_tries_left = pin_tries, puk_tries
    card_state.save(state, practice.state_path)
    practice.reader.insert()


def test_the_puk_tells_its_tries_and_its_final_try_is_not_sent_unconfirmed(practice: PracticeCard) -> None:
    set_card(practice, pin_tries=0, puk_tries=3)
    card = practice.card()
    assert card.puk_status(AUTH) == PinStatus(PinState.OK, 3)
    with pytest.raises(PukIncorrectError) as wrong:
        card.unblock_pin(AUTH, "87654321", "135790")
    assert wrong.value.status == PinStatus(PinState.COUNT_LOW, 2)
    with pytest.raises(PukIncorrectError):
        card.unblock_pin(AUTH, "87654321", "135790")
    assert card.puk_status(AUTH).state is PinState.FINAL_TRY
    with pytest.raises(PukFinalTryError):
        card.unblock_pin(AUTH, practice.puk, "135790")  # right, but unconfirmed: not sent
    assert card_state.load(practice.state_path).puk_tries_left == 1
    card.unblock_pin(AUTH, practice.puk, "135790", confirm_final_try=True)
    assert card_state.load(practice.state_path).pin == "135790"


def test_softhsm_says_a_wrong_puk_was_typed(softhsm_card: SoftHsmCard) -> None:
    card = softhsm_card.card
    assert card.puk_status(SIGN).state is PinState.UNKNOWN  # no flag: the module may keep no count at all
    with pytest.raises(PukIncorrectError) as wrong:
        card.unblock_pin(SIGN, "87654321", "111222")
    # SoftHSM2 keeps no count of its SO PIN, only that a wrong one was given (CKF_SO_PIN_COUNT_LOW).
    assert wrong.value.status.state is PinState.COUNT_LOW and card.puk_status(SIGN).state is PinState.COUNT_LOW
    card.unblock_pin(SIGN, "12345678", "111222")
    card.open(SIGN, "111222").close()


def upgrade(practice: PracticeCard, user: Prompter, hierarchy: PracticeHierarchy, journals: Path) -> tuple[bool, str]:
    engine = Engine(
        practice.card(),
        UpgradePlan(),
        ScriptedIssuer(hierarchy),
        user,
        journal_store=JournalStore(journals),
        presence=CardPresence(watch=False),
        wait_for_card_s=5,
    )
    outcome = engine.run()
    return outcome.ok, outcome.code


def test_a_wrong_puk_is_asked_again_with_the_tries_left_and_the_run_goes_on(
    practice: PracticeCard, hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    set_card(practice, pin_tries=0, puk_tries=3)
    user = ScriptedUser([], unblock_with=("87654321", "135790"), unblock_again=[(practice.puk, "135790")])
    assert upgrade(practice, user, hierarchy, tmp_path) == (True, "")
    first, second = user.unblock_requests
    assert first.puk == PinStatus(PinState.OK, 3) and first.problem is None
    assert second.problem is not None and second.problem.code == "puk.incorrect"
    assert second.puk == PinStatus(PinState.COUNT_LOW, 2)
    assert card_state.load(practice.state_path).pin == "135790"


@pytest.mark.parametrize("confirm", [False, True], ids=["stop", "go-on"])
def test_the_last_puk_try_needs_a_yes(
    practice: PracticeCard, hierarchy: PracticeHierarchy, tmp_path: Path, confirm: bool
) -> None:
    set_card(practice, pin_tries=0, puk_tries=1)
    user = ScriptedUser([], unblock_with=(practice.puk, "135790"), confirm_final_puk=confirm)
    ok, code = upgrade(practice, user, hierarchy, tmp_path)
    assert user.final_puk_try_asked == [AUTH] and user.unblock_requests[0].puk.state is PinState.FINAL_TRY
    state = card_state.load(practice.state_path)
    if confirm:
        assert ok and state.pin == "135790"
    else:
        assert (ok, code) == (False, "puk.final_try")
        assert state.puk_tries_left == 1 and state.pin_tries_left == 0  # nothing was sent


def test_the_terminal_asks_for_the_puk_again_after_a_wrong_one(
    practice: PracticeCard, hierarchy: PracticeHierarchy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sithsclient upgrade` at a terminal: a wrong PUK is said with the tries left and asked again."""
    set_card(practice, pin_tries=0, puk_tries=3)
    typed = iter(["87654321", "135790", "135790", practice.puk, "135790", "135790"])
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(terminal.getpass, "getpass", getpass)
    monkeypatch.setattr("builtins.input", lambda prompt: "j")
    monkeypatch.setattr(terminal.sys.stdin, "isatty", lambda: True)
    out = io.StringIO()
    prompter = TerminalPrompter(Console(file=out, width=200), Words("sv"), pin_stdin=None, assume_yes=True)
    try:
        assert upgrade(practice, prompter, hierarchy, tmp_path) == (True, "")
    finally:
        texts.translate_with(None)  # the terminal's Swedish was made texts.py's for this process: not the next test's
    printed = out.getvalue()
    assert prompts[0] == "PUK-kod (3 försök kvar): " and prompts[3] == "PUK-kod: "
    assert "Fel PUK-kod. 2 försök kvar." in printed
    assert card_state.load(practice.state_path).pin == "135790"
