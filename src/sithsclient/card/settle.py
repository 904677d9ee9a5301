"""How long a card's view needs to settle after it may have left: the one place for this quirk.

ykcs11 reads a card that is being pulled as an empty one, and keeps its copy of the card's objects after a pull,
so a read alone does not prove the card is there. pcscd looks at a reader's presence every 400 ms: once a little
longer than that has passed, a card that left reads as absent. With a PC/SC watcher running, the card's gate
closes the moment the removal is reported, so the wait ends at once then instead of running its full length.
Where the card can be asked (a PIV card in a PC/SC reader), a card that answers a harmless command now is proof
enough, and the wait is not needed at all: it was most of an upgrade's time on the rig (two waits of 0.8 s).
"""

from __future__ import annotations

from sithsclient.card.gate import CardGate

SETTLE_S = 0.8  # longer than pcscd's 400 ms presence poll: after it, a pulled card reads as absent

# The first page's look at a card that has just gone in: it can read as absent or empty for a moment (ykcs11,
# slow readers) and no further PC/SC event comes to correct that, so it is read again this often, this many times.
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
