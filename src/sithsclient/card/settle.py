"""How long a card's view needs to settle after it may have left: the one place for this quirk.

ykcs11 reads a card that is being pulled as an empty one, and keeps its copy of the card's objects after a pull,
so a read alone does not prove the card is there. pcscd looks at a reader's presence every 400 ms: once a little
longer than that has passed, a card that left reads as absent. With a PC/SC watcher running, the card's gate
closes the moment the removal is reported, so the wait ends at once then instead of running its full length.
Where the card can be asked (a PIV card in a PC/SC reader), a card that answers a harmless command now is proof
enough, and the wait is not needed at all: it was most of an upgrade's time on the rig (two waits of 0.8 s).

A card that has just gone in is the other side of it: PC/SC shows it while the card software shows none yet, or
shows it empty (ykcs11, slow readers; another program reading it at that moment), and no further PC/SC event
comes to correct that. `look_until_settled` looks again a few times; the views (the wizard's first page, the
command line) only wait for its answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sithsclient.card.gate import CardGate

log = logging.getLogger(__name__)

T = TypeVar("T")

SETTLE_S = 0.8  # longer than pcscd's 400 ms presence poll: after it, a pulled card reads as absent

# A look at a card that has just gone in: it can read as absent or empty for a moment (ykcs11, slow readers) and
# no further PC/SC event comes to correct that, so it is read again this often, this many times.
FRESH_CARD_LOOK_AGAIN_S = 0.6
FRESH_CARD_LOOKS = 5


def settle(gate: CardGate, reader: str = "") -> None:
    """Wait until a pulled card would read as absent, or until PC/SC has said that it left (the gate closed).
    With `reader`, a card in it that answers now ends the wait at once."""
    if not answers_now(gate, reader):
        gate.wait_closed(SETTLE_S)


def answers_now(gate: CardGate, reader: str) -> bool:
    """True when the card in `reader` answers a command now (pcsc.card_answers); False when that is not proven."""
    if not reader or not gate.is_open:
        return False
    from sithsclient.card import pcsc  # pyscard: loaded only where a card is being worked on

    return pcsc.card_answers(reader)


def settled(card_in_a_reader: bool, cards_shown: int, empty_cards: int = 0) -> bool:
    """Whether a look can be believed: no card in any reader, or the card software shows cards and none of them
    reads as empty. Otherwise a card may have just gone in."""
    return not card_in_a_reader or (cards_shown > 0 and empty_cards == 0)


def look_until_settled(
    look: Callable[[], T],
    is_settled: Callable[[T], bool],
    *,
    start_over: Callable[[], None] | None = None,
    unsettled: Callable[[T], None] | None = None,
    stop: threading.Event | None = None,
) -> T:
    """`look()`, and again up to FRESH_CARD_LOOKS times, FRESH_CARD_LOOK_AGAIN_S apart, while its answer is not
    `is_settled`; the last answer. `start_over` before each new look (the module, for ykcs11); `unsettled` is told
    each answer that is looked at again (a view may show it meanwhile); `stop` ends the looking at once. Blocks:
    a view with a GUI runs it on its worker thread."""
    stop = stop or threading.Event()
    found = look()
    for again in range(1, FRESH_CARD_LOOKS + 1):
        if is_settled(found) or stop.is_set():
            break
        log.info("a card is in a reader but does not read as one yet: looking again (%d of %d)", again,
                 FRESH_CARD_LOOKS)  # fmt: skip
        if unsettled is not None:
            unsettled(found)
        if stop.wait(FRESH_CARD_LOOK_AGAIN_S):
            break
        if start_over is not None:
            start_over()
        found = look()
    return found
