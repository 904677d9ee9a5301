"""What the card forgets when it loses power or is reset: security status and half-done exchanges."""

from __future__ import annotations

from dataclasses import dataclass

from sithsclient.demo.vcard.apdu import CardError
from sithsclient.demo.vcard.constants import Sw
from sithsclient.demo.vcard.state import CardState


@dataclass
class Session:
    selected: bool = False
    pin_verified: bool = False
    # True from a successful VERIFY until the next use of a PIN-policy-"always" key, which consumes it.
    pin_fresh: bool = False
    # The signature PIN of a two-PIN card (pins.py), with the same meaning as the two above.
    sig_verified: bool = False
    sig_fresh: bool = False
    mgmt_authenticated: bool = False
    # Management-key authentication in progress: the plaintext the host must return (mutual) or the
    # challenge the host must encrypt (single), each valid for the next GENERAL AUTHENTICATE only.
    witness: bytes | None = None
    challenge: bytes | None = None

    def clear_security(self) -> None:
        self.pin_verified = False
        self.pin_fresh = False
        self.sig_verified = False
        self.sig_fresh = False
        self.mgmt_authenticated = False
        self.witness = None
        self.challenge = None


@dataclass
class Context:
    """What a command handler works on; `dirty` tells the card to write its state file afterwards."""

    state: CardState
    session: Session
    dirty: bool = False

    def require_management(self) -> None:
        if not self.session.mgmt_authenticated:
            raise CardError(Sw.SECURITY_STATUS)
