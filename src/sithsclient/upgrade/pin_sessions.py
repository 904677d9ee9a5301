"""A run's PINs and the card sessions they opened: docs/design.md's invariant 4 in one place.

A PIN is asked through the prompter, used to log in, and kept only to log in again after a pull (the card's
sessions die with it) until `forget()` at the run's end. It is never logged, written or sent anywhere but to the
card. A try that would be the PIN's last is made only after the person said yes; a blocked PIN is offered the
PUK, never guessed at. A PIN that worked on this very card a moment ago puts no try at risk when logging in again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sithsclient.card.errors import (
    CardError,
    PinBlockedError,
    PinFinalTryError,
    PinFormatError,
    PinIncorrectError,
    PinState,
    PukFinalTryError,
    PukIncorrectError,
)
from sithsclient.card.interface import PinSession, SmartCard
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import role_for_purpose
from sithsclient.pki.model import Purpose
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.errors import UpgradeStopped
from sithsclient.upgrade.prompts import PinRequest, Prompter, UnblockRequest

T = TypeVar("T")

# What a card says of a PIN or PUK that the person answers (typed again, a yes, the PUK): the engine lets them
# through to here instead of stopping the run.
PIN_QUESTIONS = (
    PinIncorrectError,
    PinFinalTryError,
    PinBlockedError,
    PinFormatError,
    PukIncorrectError,
    PukFinalTryError,
)


class WithCard(Protocol):
    def __call__(self, action: Callable[[], T]) -> T: ...


class PinSessions:
    def __init__(
        self,
        card: Callable[[], SmartCard],
        prompter: Prompter,
        with_card: WithCard,
        emit: ev.Listener,
    ) -> None:
        self._card = card  # the run's card as it is now: a new object after a pull
        self._prompter = prompter
        self._with_card = with_card  # the engine's: waits for the same card after a pull and redoes the action
        self._emit = emit
        self._pins: dict[PinRole, str] = {}
        self._sessions: dict[PinRole, PinSession] = {}

    def session(self, purpose: Purpose) -> PinSession:
        return self._sessions[role_for_purpose(purpose)]

    def sessions(self) -> list[PinSession]:
        """Every open session once (on a card with one shared PIN, that is one)."""
        return list({id(s): s for s in self._sessions.values()}.values())

    def log_in_all(self) -> None:
        """Every PIN the card has, asked together; asked again after a wrong or malformed one."""
        problem: CardError | None = None
        while True:
            card = self._card()
            roles = [r for r in card.pin_roles if r not in self._sessions]
            if not roles:
                return
            statuses = {r: self._with_card(lambda r=r: self._card().pin_status(r)) for r in roles}  # type: ignore[misc]
            blocked = [r for r in roles if statuses[r].state is PinState.LOCKED]
            if blocked:  # the PUK first: asking for a PIN that cannot be used would only cost the person time
                self._unblock(blocked[0])
                continue
            pins = self._prompter.pins(PinRequest(roles, statuses, problem))
            if pins is None:
                raise UpgradeStopped("cancelled", "No PIN was given. Nothing was changed on the card.")
            problem = None
            for role in roles:  # each PIN typed is tried: a wrong one does not throw away a right one beside it
                try:
                    self._open(role, pins.get(role, ""))
                except (PinIncorrectError, PinFormatError) as exc:
                    problem = problem or exc

    def _open(self, role: PinRole, pin: str) -> None:
        """Log in one PIN; a final try only with the person's yes; a blocked PIN offers the PUK."""
        confirmed = False
        while True:
            try:
                session = self._with_card(
                    lambda: self._card().open(role, pin, confirm_final_try=confirmed)  # noqa: B023
                )
            except PinFinalTryError as exc:
                if not self._prompter.confirm_final_try(role):
                    raise UpgradeStopped(exc.code, exc.message) from None
                confirmed = True
                continue
            except PinBlockedError:
                self._unblock(role)
                return
            break
        self._pins[role] = pin
        for served in _roles_served_by(self._card(), role):
            self._sessions[served] = session

    def _unblock(self, role: PinRole) -> None:
        """A blocked PIN: the PUK and a new PIN, then the login with that new PIN. A wrong PUK is asked again
        with the tries it has left; its final try is made only after the person said yes."""
        problem: CardError | None = None
        while True:
            status = self._with_card(lambda: self._card().puk_status(role))
            if status.state is PinState.LOCKED:
                exc = PukIncorrectError(status)
                raise UpgradeStopped(exc.code, exc.message)
            answer = self._prompter.unblock(UnblockRequest(role, status, problem))
            if answer is None:
                raise UpgradeStopped("pin.blocked", "The PIN is blocked and was not unblocked. Nothing was changed.")
            puk, new_pin = answer
            try:
                self._send_puk(role, puk, new_pin)
            except (PukIncorrectError, PinFormatError) as exc:
                problem = exc
                continue
            break
        self._emit(ev.PinUnblocked(role))
        self._open(role, new_pin)

    def _send_puk(self, role: PinRole, puk: str, new_pin: str) -> None:
        confirmed = False
        while True:
            try:
                self._with_card(
                    lambda: self._card().unblock_pin(role, puk, new_pin, confirm_final_try=confirmed)  # noqa: B023
                )
                return
            except PukFinalTryError as exc:
                if confirmed or not self._prompter.confirm_final_try(role, puk=True):
                    raise UpgradeStopped(exc.code, exc.message) from None
                confirmed = True

    def log_in_again(self, card: SmartCard) -> None:
        """The same card is back after a pull: every PIN given logs in again, with no question."""
        sessions: dict[PinRole, PinSession] = {}
        for role, pin in list(self._pins.items()):
            # The PIN worked a moment ago on this very card: no try is at risk.
            session = card.open(role, pin, confirm_final_try=True)
            for served in _roles_served_by(card, role):
                sessions[served] = session
        self._sessions = sessions

    def lost(self) -> None:
        """The card left: its sessions are dead with it (closing them would send commands)."""
        self._sessions.clear()

    def close(self) -> None:
        for session in self.sessions():
            session.close()
        self._sessions.clear()

    def forget(self) -> None:
        """The run ended: the PINs go with it (docs/design.md, invariant 4)."""
        self._pins.clear()


def _roles_served_by(card: SmartCard, role: PinRole) -> list[PinRole]:
    return list(PinRole) if card.shared_pin else [role]
