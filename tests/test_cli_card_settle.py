"""The command line looks again, as the wizard's first page does, when PC/SC has a card in a reader but the card
software shows none yet (a card just put in; another program reading it at that moment, as when two runs start
together): only then, a few times, and the answer is "no card" only after that. Seen in CI: one of two
`sithsclient upgrade` runs started at once on a PC/SC card said "No card was found" with the card in the reader."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sithsclient.card import pcsc, settle
from sithsclient.card.source import cards_once_settled


class CardSoftwareStandIn:
    """Stands in for the PC's card software (Pkcs11Source): shows no card for its first `hidden` looks, then one;
    PC/SC says a card is in the reader throughout (or, with `reader_empty`, that the reader is empty)."""

    def __init__(self, hidden: int, *, reader_empty: bool = False) -> None:
        self.hidden, self.reader_empty = hidden, reader_empty
        self.looks = self.start_overs = 0

    def cards(self, *, atrs: Sequence[bytes] | None = None) -> list[object]:
        self.looks += 1
        return [] if self.looks <= self.hidden else ["the card"]

    def readers(self) -> list[pcsc.ReaderState]:
        return [pcsc.ReaderState("Reader 0", not self.reader_empty, b"" if self.reader_empty else b"\x3b\x00")]

    def start_over(self) -> None:
        self.start_overs += 1


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settle, "FRESH_CARD_LOOK_AGAIN_S", 0.0)


def test_a_card_the_software_shows_late_is_found() -> None:
    software = CardSoftwareStandIn(hidden=2)
    assert cards_once_settled(software) == ["the card"]  # type: ignore[arg-type]
    assert (software.looks, software.start_overs) == (3, 2)  # each look again starts the module over


def test_an_empty_reader_is_not_looked_at_again() -> None:
    software = CardSoftwareStandIn(hidden=99, reader_empty=True)
    assert cards_once_settled(software) == []  # type: ignore[arg-type]
    assert software.looks == 1


def test_a_card_the_software_never_shows_is_no_card_after_the_looks() -> None:
    software = CardSoftwareStandIn(hidden=99)
    assert cards_once_settled(software) == []  # type: ignore[arg-type]
    assert software.looks == 1 + settle.FRESH_CARD_LOOKS
