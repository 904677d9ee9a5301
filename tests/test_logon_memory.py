"""The logon reminder's memory of a card that needed nothing (app/logon_memory.py): which cards it recognises
and for how long. The whole logon with a real card on PC/SC is in tests/test_start_imports.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sithsclient.app import logon_memory

CARD = ("Reader A 00 00", bytes.fromhex("3bff9600008131fe4380318065b0846566fb12017882900085"))
OTHER_KIND = ("Reader A 00 00", bytes.fromhex("3bfd1300008131fe158073c021c057597562694b657940"))


@pytest.fixture(autouse=True)
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITHSCLIENT_LOG_DIR", str(tmp_path))
    return tmp_path


def test_the_same_cards_are_recognised_until_the_answer_ends() -> None:
    logon_memory.remember([CARD], ["54797136"])
    said = logon_memory.recalled([CARD])
    assert said is not None and "card 54797136" in said
    assert logon_memory.recalled([CARD], now=time.time() + logon_memory.HOLDS_S + 1) is None  # the next day
    assert logon_memory.recalled([OTHER_KIND]) is None  # another kind of card in the reader
    assert logon_memory.recalled([CARD, ("Reader B", CARD[1])]) is None  # a second card beside it
    assert logon_memory.recalled([CARD], now=time.time() - 60) is None  # the clock turned back: read the card


def test_a_certificate_near_its_warning_days_ends_the_answer_sooner() -> None:
    soon = time.time() + 3600
    logon_memory.remember([CARD], ["1"], until=soon)
    assert logon_memory.recalled([CARD]) is not None
    assert logon_memory.recalled([CARD], now=soon + 1) is None
    logon_memory.remember([CARD], ["1"], until=time.time() - 1)  # already within them: nothing remembered
    assert logon_memory.recalled([CARD]) is None


def test_nothing_is_remembered_of_a_card_without_an_atr_and_forget_forgets(log_dir: Path) -> None:
    logon_memory.remember([("Reader A", b"")], ["1"])
    assert not (log_dir / logon_memory.FILE).exists()
    logon_memory.remember([CARD], ["1"])
    logon_memory.forget()
    assert logon_memory.recalled([CARD]) is None


@pytest.mark.parametrize("text", ["", "{", "[]", '{"cards": 1, "checked": "x", "quiet_until": 2, "serials": []}'])
def test_a_file_not_written_by_the_program_means_the_card_is_read(log_dir: Path, text: str) -> None:
    (log_dir / logon_memory.FILE).write_text(text, encoding="utf-8")
    assert logon_memory.recalled([CARD]) is None


def test_an_unwritable_place_only_means_nothing_is_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "log"
    not_a_folder.write_text("", encoding="utf-8")  # fails for root too, unlike a folder's permission bits
    monkeypatch.setenv("SITHSCLIENT_LOG_DIR", str(not_a_folder))
    logon_memory.remember([CARD], ["1"])  # no exception: the next logon reads the card
    assert logon_memory.recalled([CARD]) is None
    logon_memory.forget()
