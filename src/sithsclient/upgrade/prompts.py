"""What the engine asks of the person in front of the card. The CLI and the wizard each implement it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sithsclient.card.errors import CardError, PinStatus
from sithsclient.card.layouts import PinRole


@dataclass(frozen=True)
class PinRequest:
    roles: list[PinRole]  # one on a PIV card (shared PIN), both on a Net iD card
    statuses: dict[PinRole, PinStatus]
    problem: CardError | None = None  # why we ask again: a wrong PIN, a malformed one


@dataclass(frozen=True)
class Terms:
    holder: str
    hsa_id: str
    certificates_to_replace: int
    seconds_expected: int
    # An extra pair (seeds 000, 003): the ordering organisation; nothing on the card is replaced, and the terms
    # are the ones the receiving organisation asks the holder to know (two look-alike certificates on one card).
    extra_organisation: str | None = None


class Prompter(Protocol):
    def pins(self, request: PinRequest) -> dict[PinRole, str] | None:
        """The PINs for `request.roles`, or None to cancel."""
        ...

    def confirm_final_try(self, role: PinRole) -> bool:
        """One wrong PIN more blocks it (and a new PUK costs money): may we try this PIN anyway?"""
        ...

    def unblock(self, role: PinRole) -> tuple[str, str] | None:
        """The PIN is blocked: (PUK, new PIN) to unblock it, or None to stop here."""
        ...

    def accept_terms(self, terms: Terms) -> bool:
        """'Jag godkänner villkoren', including that mail encrypted to the old certificates becomes unreadable."""
        ...
