"""What the engine asks of the person in front of the card. The CLI and the wizard each implement it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sithsclient.card.errors import CardError, PinStatus
from sithsclient.card.layouts import PinRole
from sithsclient.pki.card_set import CardSet
from sithsclient.upgrade.operation import Operation


@dataclass(frozen=True)
class PinRequest:
    roles: list[PinRole]  # one on a PIV card (shared PIN), both on a Net iD card
    statuses: dict[PinRole, PinStatus]
    problem: CardError | None = None  # why we ask again: a wrong PIN, a malformed one


@dataclass(frozen=True)
class UnblockRequest:
    role: PinRole  # the blocked PIN
    puk: PinStatus  # the PUK's tries left, as far as the card tells
    problem: CardError | None = None  # why we ask again: a wrong PUK, a malformed one


@dataclass(frozen=True)
class Terms:
    holder: str
    hsa_id: str
    certificates_to_replace: int
    seconds_expected: int
    operation: Operation  # whose words the terms are said in
    # Where the certificates come from when not the card's own issuer: an extra pair's ordering organisation.
    organisation: str = ""
    # On a card that cannot delete a key (PIV): how many more runs of this operation fit after this one.
    runs_left: int | None = None
    card_set: CardSet | None = None  # what the card will hold afterwards (pki/card_set.py); None: as before
    fetch_later: bool = False  # the service's set has a signature certificate the card lacks: `fetch` adds it


class Prompter(Protocol):
    def pins(self, request: PinRequest) -> dict[PinRole, str] | None:
        """The PINs for `request.roles`, or None to cancel."""
        ...

    def confirm_final_try(self, role: PinRole, *, puk: bool = False) -> bool:
        """One wrong PIN more blocks it (and a new PUK costs money): may we try this PIN anyway? With `puk`: the
        PUK that unblocks `role` is on its final try."""
        ...

    def unblock(self, request: UnblockRequest) -> tuple[str, str] | None:
        """The PIN is blocked: (PUK, new PIN) to unblock it, or None to stop here. Asked again after a wrong PUK."""
        ...

    def accept_terms(self, terms: Terms) -> bool:
        """'Jag godkänner villkoren', including that mail encrypted to the old certificates becomes unreadable."""
        ...
