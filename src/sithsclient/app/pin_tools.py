"""The PIN tools of the first page, outside an upgrade: change a PIN, unblock a blocked one with the PUK.

The engine's rule holds here too (docs/design.md, invariant 4): a PIN on its final try is never sent unasked.
`change_pin` raises PinFinalTryError without sending anything; the view asks the person and, on a yes, calls it
again with `final_try_confirmed`; the PUK's final try likewise (PukFinalTryError). The PINs and the PUK pass
through and are kept nowhere.
"""

from __future__ import annotations

from sithsclient.app.snapshot import CardSnapshot
from sithsclient.card.errors import PinState, PinStatus
from sithsclient.card.interface import SmartCard
from sithsclient.card.layouts import PinRole


def role_to_unblock(card: SmartCard, snapshot: CardSnapshot | None) -> PinRole:
    """The PIN the first page shows as blocked, or the card's first PIN."""
    first = card.pin_roles[0]
    if snapshot is None:
        return first
    return next((r for r, s in snapshot.pins if s is not None and s.state is PinState.LOCKED), first)


def change_pin(card: SmartCard, role: PinRole, old: str, new: str, *, final_try_confirmed: bool) -> None:
    card.change_pin(role, old, new, confirm_final_try=final_try_confirmed)


def changeable_roles(card: SmartCard, snapshot: CardSnapshot | None) -> list[PinRole]:
    """The PINs that can be changed: every one not blocked (a blocked PIN needs the PUK first)."""
    blocked = {r for r, s in snapshot.pins if s is not None and s.state is PinState.LOCKED} if snapshot else set()
    return [r for r in card.pin_roles if r not in blocked]


def puk_status(card: SmartCard, role: PinRole) -> PinStatus:
    return card.puk_status(role)


def unblock_pin(card: SmartCard, role: PinRole, puk: str, new: str, *, final_try_confirmed: bool) -> None:
    card.unblock_pin(role, puk, new, confirm_final_try=final_try_confirmed)
