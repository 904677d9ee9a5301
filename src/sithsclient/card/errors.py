"""Typed card errors that carry state, so a page or the CLI can say exactly what happened.

Every error has a stable `code` (shown to users and IT support, used in exit codes and logs) and an English
sentence; the UI translates by code. No error ever holds a PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sithsclient.card.layouts import PinRole

# In the English sentences of the errors; a view names the PIN in its own language from `role`.
ROLE_NAMES = {
    PinRole.AUTHENTICATION: "authentication PIN (PIN för legitimering)",
    PinRole.SIGNATURE: "signature PIN (PIN för underskrift)",
}


class PinState(StrEnum):
    OK = "ok"
    COUNT_LOW = "count_low"  # at least one wrong try since the last right one
    FINAL_TRY = "final_try"  # one more wrong PIN blocks it
    LOCKED = "locked"  # blocked: only the PUK helps
    UNKNOWN = "unknown"  # the module does not say (SoftHSM2)


@dataclass(frozen=True)
class PinStatus:
    state: PinState
    tries_left: int | None = None  # None: the module does not tell the count

    def describe(self) -> str:
        if self.state is PinState.LOCKED:
            return "blocked"
        if self.tries_left is not None:
            return f"{self.tries_left} tries left"
        return {
            PinState.OK: "ok",
            PinState.COUNT_LOW: "a wrong PIN was entered before",
            PinState.FINAL_TRY: "one try left",
            PinState.UNKNOWN: "tries left unknown",
        }[self.state]


class CardError(Exception):
    code = "card.error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoModuleError(CardError):
    """No PKCS#11 module could be loaded; says which paths were tried and why."""

    code = "card.no_module"

    def __init__(self, tried: list[tuple[str, str]]) -> None:
        self.tried = tried
        detail = "; ".join(f"{path}: {why}" for path, why in tried) or "no candidate paths"
        super().__init__(f"No smart-card software (PKCS#11 module) could be loaded. Tried: {detail}")


class NoReaderError(CardError):
    code = "card.no_reader"

    def __init__(self) -> None:
        super().__init__("No card reader was found. Connect the card reader and try again.")


class NoCardError(CardError):
    code = "card.no_card"

    def __init__(self, detail: str = "") -> None:
        msg = "No card was found in the card reader. Insert your card."
        super().__init__(f"{msg} ({detail})" if detail else msg)


class CardRemovedError(CardError):
    code = "card.removed"

    def __init__(self) -> None:
        super().__init__("The card was removed from the reader. Put the same card back to continue.")


class WrongCardError(CardError):
    code = "card.wrong_card"

    def __init__(self, expected: str, found: str) -> None:
        self.expected = expected
        self.found = found
        super().__init__(f"This is another card (serial {found}). Put back the card with serial {expected}.")


class PinFormatError(CardError):
    code = "pin.format"

    def __init__(self, reason: str) -> None:
        super().__init__(f"The PIN is not valid: {reason}. Nothing was sent to the card.")


class PinIncorrectError(CardError):
    code = "pin.incorrect"

    def __init__(self, role: PinRole, status: PinStatus) -> None:
        self.role = role
        self.status = status
        super().__init__(f"Wrong {ROLE_NAMES[role]} ({status.describe()}).")


class PinFinalTryError(CardError):
    """Raised BEFORE sending a PIN when one more wrong try would block it and the user has not confirmed."""

    code = "pin.final_try"

    def __init__(self, role: PinRole) -> None:
        self.role = role
        super().__init__(
            f"The {ROLE_NAMES[role]} has one try left. A wrong PIN now blocks it and a new PUK costs money. "
            "Nothing was sent to the card; confirm to try anyway."
        )


class PinBlockedError(CardError):
    code = "pin.blocked"

    def __init__(self, role: PinRole) -> None:
        self.role = role
        super().__init__(f"The {ROLE_NAMES[role]} is blocked. Unblock it with your PUK code.")


class PukIncorrectError(CardError):
    code = "puk.incorrect"

    def __init__(self, status: PinStatus) -> None:
        self.status = status
        super().__init__(f"Wrong PUK ({status.describe()}).")


class PukFinalTryError(CardError):
    """Raised BEFORE sending a PUK on its final try when the person has not said yes: a blocked PUK costs a card."""

    code = "puk.final_try"

    def __init__(self, role: PinRole) -> None:
        self.role = role
        super().__init__(
            "The PUK has one try left. A wrong PUK now blocks it for good. Nothing was sent to the card; confirm to "
            "try anyway."
        )


class NotSupportedError(CardError):
    code = "card.not_supported"


class CardOperationError(CardError):
    """A card command failed for a reason the user cannot fix by retyping something."""

    code = "card.operation_failed"


class CardFullError(CardError):
    """The card has no room for another key (CKR_DEVICE_MEMORY; a PIV card's 6A84 through ykcs11). Nothing of the
    card's set was touched: an old key is never deleted to make room."""

    code = "card.full"

    def __init__(self) -> None:
        super().__init__(
            "The card has no room for the new keys. Your card still has its old certificates and works as before. "
            "Contact your local card office (biträdande utgivare): the card may have to be replaced."
        )
