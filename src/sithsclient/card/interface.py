"""What the engine and the application layer may ask of a card: the seam between them and the card software.

`card.card.Card` (PKCS#11 through python-pkcs11) is one implementation; the fast engine tests' scripted card is
another. Whatever a module does oddly (settling after a pull, starting the module over to find a card that came
back, ykcs11 keeping its view of a card that left) stays behind this interface, in `card/`.

Errors are those of `card.errors`: `CardRemovedError` when the card left (its gate closes), the PIN errors with
what the card said, any other `CardError` for a command that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sithsclient.card.errors import PinStatus
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import CardCertificate, CardKey, GeneratedKey, KeyType_
from sithsclient.pki.model import Purpose

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey  # on a card: one whose sign() is C_Sign


class PinSession(Protocol):
    """A login with one PIN; it holds that PIN only while it is open."""

    @property
    def role(self) -> PinRole: ...
    def close(self) -> None: ...

    def private_keys(self) -> list[CardKey]: ...
    def has_private_key(self, key_id: bytes) -> bool: ...
    def free_key_id(self) -> bytes:
        """An id for a new key (a free retired slot on PIV, a fresh random one elsewhere)."""
        ...

    def key_room(self) -> int | None:
        """How many more key pairs the card can take, where the module tells (free PIV slots, Thales IDPrime's
        key containers); None where it does not."""
        ...

    @property
    def deletes_keys(self) -> bool:
        """False where a deleted pair's key stays on the card (PIV has no command to delete a key): its room is
        not given back, so each renewal uses room of its own."""
        ...

    def generate_key(self, purpose: Purpose, key_type: KeyType_, key_id: bytes) -> GeneratedKey:
        """Raises CardFullError when the card has no room; the old keys are untouched."""
        ...

    def public_key(self, key_id: bytes) -> PublicKey: ...
    def signer(self, key_id: bytes) -> PrivateKey:
        """A `cryptography` private key whose every signature is made on the card."""
        ...

    def read_certificate(self, key_id: bytes) -> x509.Certificate | None: ...
    def install_certificate(self, cert: x509.Certificate, key_id: bytes) -> None:
        """Store beside the key with this id and read it back byte for byte."""
        ...

    def delete_certificate(self, key_id: bytes) -> None: ...
    def test_signature(self, key_id: bytes) -> None:
        """Sign a fresh challenge on the card and verify it with the key's public key."""
        ...

    def delete_key_pair(self, key_id: bytes) -> int:
        """The certificate and both keys with this id; how many objects went."""
        ...


class SmartCard(Protocol):
    """One physical card in one reader, known by its serial."""

    @property
    def serial(self) -> str: ...
    @property
    def reader(self) -> str: ...
    @property
    def gate(self) -> CardGate:
        """Closed while the card is out of its reader: no command passes."""
        ...

    @property
    def pin_roles(self) -> list[PinRole]:
        """The PINs to ask for: one on a card with one shared PIN (PIV), both on a Net iD card."""
        ...

    @property
    def shared_pin(self) -> bool: ...

    def hold(self) -> None:
        """Keep the card's view open for a whole run; raises CardRemovedError unless the card is surely there."""
        ...

    def release(self) -> None: ...
    def forget(self) -> None:
        """After a pull: drop what is open without sending anything to a card that is not there."""
        ...

    def certificates(self, *, expect: Callable[[list[CardCertificate]], bool] | None = None) -> list[CardCertificate]:
        """What the card holds. With `expect`: a read that does not meet it may be of a card being pulled, so
        the card is read again once a pulled card would read as absent."""
        ...

    def confirm_present(self) -> None:
        """Raise CardRemovedError if the card has left, once a pulled card would read as absent."""
        ...

    def find_again(self) -> SmartCard:
        """This card again after it was out (a new object; this one's gate stays closed). Raises
        CardRemovedError while no card is there and WrongCardError while another card is."""
        ...

    def pin_status(self, role: PinRole) -> PinStatus: ...
    def open(self, role: PinRole, pin: str, *, confirm_final_try: bool = False) -> PinSession:
        """Log in; a PIN on its final try is refused (PinFinalTryError) without being sent unless confirmed."""
        ...

    def change_pin(self, role: PinRole, old: str, new: str, *, confirm_final_try: bool = False) -> None: ...
    def puk_status(self, role: PinRole) -> PinStatus:
        """The tries left of the PUK that unblocks `role`'s PIN, as far as the card tells (nothing is sent)."""
        ...

    def unblock_pin(self, role: PinRole, puk: str, new: str, *, confirm_final_try: bool = False) -> None:
        """A PUK on its final try is refused (PukFinalTryError) without being sent unless confirmed."""
        ...
