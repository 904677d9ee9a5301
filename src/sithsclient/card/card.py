"""A physical card: its tokens, PINs, certificates and keys, whatever the module's layout.

The engine uses only this interface; `layouts.py` holds what differs between modules.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import TypeVar

import pkcs11
from pkcs11 import Attribute, ObjectClass, TokenFlag

from sithsclient.card import module as card_module
from sithsclient.card import rules
from sithsclient.card import settle as card_settle
from sithsclient.card.errors import (
    CardOperationError,
    CardRemovedError,
    NotSupportedError,
    PinBlockedError,
    PinFormatError,
    PinIncorrectError,
    PinState,
    PinStatus,
    PukIncorrectError,
)
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import PIV_SLOT_NAMES, Layout, LayoutKind, PinRole, management_key
from sithsclient.card.model import CardCertificate, CardKey, GeneratedKey, KeyType_, role_for_purpose
from sithsclient.card.module import Lease, Pkcs11Lib
from sithsclient.card.objects import REMOVED, public_der, public_key_of
from sithsclient.card.rules import check_pin_format, load_certificate
from sithsclient.card.session import CardSession
from sithsclient.pki.inventory import CertificateInfo

log = logging.getLogger(__name__)

T = TypeVar("T")


class Card:
    """One physical card. Tokens are re-read on demand: flags (tries left) change with every login."""

    def __init__(
        self,
        module_path: str,
        lib: Pkcs11Lib,
        layout: Layout,
        slot_ids: dict[PinRole, int],
        *,
        serial: str,
        label: str,
        reader: str,
        management_key_hex: str | None = None,
        find: Callable[[str], Card],
        gate: CardGate | None = None,
    ) -> None:
        self.module_path = module_path
        self.lib = lib
        self.layout = layout
        self.slot_ids = slot_ids
        self.serial = serial
        self.label = label
        self.reader = reader
        self.gate = gate or CardGate()
        self._held: pkcs11.Session | None = None
        self._held_lease: Lease | None = None
        self._management_key = management_key(management_key_hex)
        self._find = find  # the card of a serial among the module's tokens (discovery.py, which builds Cards)

    # -- tokens and PINs ---------------------------------------------------------------------------------

    @property
    def shared_pin(self) -> bool:
        return self.layout.shared_pin

    @property
    def pin_roles(self) -> list[PinRole]:
        """The PINs to ask for: one on a PIV card, both on a Net iD card."""
        return [PinRole.AUTHENTICATION] if self.layout.shared_pin else list(self.slot_ids)

    def role_for(self, role: PinRole) -> PinRole:
        """On a shared-PIN card every role is served by the one token."""
        return role if role in self.slot_ids else next(iter(self.slot_ids))

    def token(self, role: PinRole) -> pkcs11.Token:
        self.gate.check()
        slot_id = self.slot_ids[self.role_for(role)]
        with self._card_errors():
            for slot in self.lib.get_slots(token_present=True):
                if slot.slot_id == slot_id:
                    token: pkcs11.Token = slot.get_token()
                    return token
        raise CardRemovedError()

    def pin_status(self, role: PinRole) -> PinStatus:
        flags = self.token(role).flags
        if not self.layout.pin_tries_in_flags:
            return PinStatus(PinState.UNKNOWN)
        if flags & TokenFlag.USER_PIN_LOCKED:
            return PinStatus(PinState.LOCKED, 0)
        if flags & TokenFlag.USER_PIN_FINAL_TRY:
            return PinStatus(PinState.FINAL_TRY, 1)
        if flags & TokenFlag.USER_PIN_COUNT_LOW:
            return PinStatus(PinState.COUNT_LOW)
        return PinStatus(PinState.OK)

    def open(self, role: PinRole, pin: str, *, confirm_final_try: bool = False) -> CardSession:
        """Log in with the PIN of `role`. Refuses, without sending it, a PIN on its final try unless confirmed."""
        check_pin_format(pin)
        status = self.pin_status(role)
        rules.refuse_unsafe_try(role, status, confirmed=confirm_final_try)
        token = self.token(role)
        lease = card_module.lease(self.module_path, self.gate)
        try:
            with self._login_failed(role, status), self._card_errors():
                session = token.open(rw=True, user_pin=pin)
        except BaseException:
            lease.end()
            raise
        return CardSession(self, self.role_for(role), session, pin, lease)

    @contextlib.contextmanager
    def _login_failed(self, role: PinRole, status: PinStatus) -> Iterator[None]:
        """What a refused login means, in the card's words."""
        try:
            yield
        except pkcs11.PinIncorrect:
            after = self.pin_status(role)
            if self.layout.pin_tries_in_flags and after == status:
                # A wrong PIN costs a try. Nothing was counted: the card left during the login (ykcs11 reports
                # that as CKR_PIN_INCORRECT), so the user must not be told the PIN was wrong.
                self.confirm_present(role)
            if after.state is PinState.LOCKED:
                raise PinBlockedError(role) from None
            raise PinIncorrectError(role, after) from None
        except pkcs11.PinLocked:
            raise PinBlockedError(role) from None
        except (pkcs11.PinLenRange, pkcs11.PinInvalid):
            raise PinFormatError("the card does not accept a PIN of this form") from None

    def confirm_present(self, role: PinRole = PinRole.AUTHENTICATION) -> None:
        """Raise CardRemovedError if the card has left, once the reader has had time to notice.
        (ykcs11 checks its card connection on every C_GetSlotList, which `token()` calls.)"""
        card_settle.settle(self.gate, self._askable_reader)
        self.token(role)

    def find_again(self) -> Card:
        """This card after it was out: the module is started over (its sessions died with the card, and ykcs11
        finds a card put back only then), and the card is looked up by its serial; slot ids may have changed.
        This object's gate closes for good: its sessions died with the card and hold no restart."""
        self.gate.close()
        try:
            card_module.reinitialize(self.module_path)
            return self._find(self.serial)
        except card_module.ModuleBusy as busy:  # another look of this program at a card: this one looks again
            log.info("looking for the card: %s", busy)
            raise CardRemovedError() from busy
        except pkcs11.PKCS11Error as exc:  # the card software's own answer while readers settle: not back yet
            log.info("looking for the card: %r", exc)
            raise CardRemovedError() from exc
        # Anything else is a defect of ours and surfaces as one: taken for "not back yet" it would keep the
        # person waiting for a card that is already in the reader, until the wait ran out.

    def change_pin(self, role: PinRole, old: str, new: str, *, confirm_final_try: bool = False) -> None:
        rules.check_new_pin(new)
        with self.open(role, old, confirm_final_try=confirm_final_try) as session, self._card_errors():
            session.raw.set_pin(old, new)

    def unblock_pin(self, role: PinRole, puk: str, new: str, *, confirm_final_try: bool = False) -> None:
        """Unblock a blocked PIN with the PUK and set a new PIN; a PUK on its final try only when confirmed.

        Net iD and SoftHSM2: the PUK is the SO PIN, then C_InitPIN. ykcs11 has no C_InitPIN: C_SetPIN on a
        session that is not logged in, old "puk:<PUK>", new "pin:<new PIN>" (RESET RETRY COUNTER).
        """
        rules.check_new_pin(new)
        rules.check_puk(puk)
        rules.refuse_unsafe_puk_try(role, self.puk_status(role), confirmed=confirm_final_try)
        token = self.token(role)
        try:
            with card_module.leased(self.module_path, self.gate), self._card_errors():
                if self.layout.kind is LayoutKind.PIV:
                    session = token.open(rw=True)
                    try:
                        session.set_pin("puk:" + puk, "pin:" + new)
                    finally:
                        session.close()
                else:
                    session = token.open(rw=True, so_pin=puk)
                    try:
                        session.init_pin(new)
                    finally:
                        session.close()
        except pkcs11.PinIncorrect:
            raise PukIncorrectError(self.puk_status(role)) from None
        except pkcs11.PinLocked:
            raise PukIncorrectError(PinStatus(PinState.LOCKED, 0)) from None
        if self.layout.kind is LayoutKind.PIV:
            self._look_again_at_tries()

    def _look_again_at_tries(self) -> None:
        """ykcs11's token flags keep the tries seen last (LOCKED) until the module is started over. This card's
        own quiet session goes first and comes back after; another one open in the process is waited for."""
        held = self._held is not None
        self.release()
        try:
            with self._card_errors():
                card_module.reinitialize(self.module_path)
        except card_module.ModuleBusy as busy:
            raise CardOperationError(
                "The PIN is unblocked: from now on it is the new one. The card software was busy, so the card "
                "could not be read again; try again."
            ) from busy
        if held:
            self.hold()

    def puk_status(self, role: PinRole) -> PinStatus:
        """The SO PIN's flags where the PUK is the SO PIN (Net iD, SoftHSM2 says only COUNT_LOW). Through ykcs11
        the SO login is the management key, whose flags say nothing of the PUK."""
        if self.layout.kind is LayoutKind.PIV:
            return PinStatus(PinState.UNKNOWN)
        flags = self.token(role).flags
        if flags & TokenFlag.SO_PIN_LOCKED:
            return PinStatus(PinState.LOCKED, 0)
        if flags & TokenFlag.SO_PIN_FINAL_TRY:
            return PinStatus(PinState.FINAL_TRY, 1)
        if flags & TokenFlag.SO_PIN_COUNT_LOW:
            return PinStatus(PinState.COUNT_LOW)
        return PinStatus(PinState.UNKNOWN)

    # -- reading, without a PIN --------------------------------------------------------------------------

    def certificates(self, *, expect: Callable[[list[CardCertificate]], bool] | None = None) -> list[CardCertificate]:
        """What the card holds. ykcs11 reads a card that is being pulled as an empty one: a read that does not
        meet `expect` is done again once the reader has had time to notice a pull."""
        found = self._read_certificates()
        if expect is not None and not expect(found):
            if card_settle.answers_now(self.gate, self._askable_reader):
                return found  # the card was there all along: the read was whole
            card_settle.settle(self.gate)
            found = self._read_certificates()
        return found

    def _read_certificates(self) -> list[CardCertificate]:
        found: list[CardCertificate] = []
        for role in self.slot_ids:
            with self._public_session(role) as session:
                key_ids = self._key_ids_by_public_key(session)
                for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                    cert = load_certificate(bytes(obj[Attribute.VALUE]))
                    if cert is None:
                        log.debug("unreadable or placeholder certificate object %r", obj[Attribute.LABEL])
                        continue
                    key_id = key_ids.get(public_der(cert.public_key()), bytes(obj[Attribute.ID]))
                    found.append(CardCertificate(CertificateInfo.of(cert), key_id, obj[Attribute.LABEL], role))
        return found

    def count_public_keys(self) -> int:
        """The public key objects on all of the card's tokens (no PIN needed)."""
        count = 0
        for role in self.slot_ids:
            with self._public_session(role) as session:
                count += len(list(session.get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY})))
        return count

    def _key_ids_by_public_key(self, session: pkcs11.Session) -> dict[bytes, bytes]:
        """On SAC a certificate's key is the one with its public key, whatever the certificate's CKA_ID says."""
        if not self.layout.binds_by_public_key:
            return {}
        ids: dict[bytes, bytes] = {}
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY}):
            with contextlib.suppress(pkcs11.PKCS11Error, KeyError, ValueError):
                ids[public_der(public_key_of(obj))] = bytes(obj[Attribute.ID])
        return ids

    @contextlib.contextmanager
    def _public_session(self, role: PinRole) -> Iterator[pkcs11.Session]:
        if self._held is not None:
            self.gate.check()
            yield self._held
            return
        token = self.token(role)
        with card_module.leased(self.module_path, self.gate):
            with self._card_errors():
                session = token.open()
            yield session
            # Closed only when the read went well: after a pull, closing would send commands to a card that is
            # not there (ykcs11 resets it), and with vpcd that can leave the reader unable to take the card back.
            with contextlib.suppress(pkcs11.PKCS11Error):
                session.close()

    def hold(self) -> None:
        """Keep one quiet session open during a whole run (PIV): ykcs11 reads every object of the card again
        (~95 APDUs) each time a session opens while none is open, and a long read is a long window for a pull.

        ykcs11 keeps going when the card leaves in the middle of that read, and then shows what it had read so
        far as the whole card. So the card's presence is confirmed after the read: only then is the view whole.
        """
        if self._held is None and self.layout.writes_need_so:
            token = self.token(PinRole.AUTHENTICATION)
            self._held_lease = card_module.lease(self.module_path, self.gate)
            try:
                with self._card_errors():
                    self._held = token.open(rw=True)  # read-only would forbid the SO login later
            except BaseException:
                self._end_held_lease()
                raise
            try:
                self.confirm_present(PinRole.AUTHENTICATION)
            except CardRemovedError:
                self.forget()
                raise

    @property
    def _askable_reader(self) -> str:
        """The PC/SC reader whose card may be asked whether it is there (card/settle.py): a PIV card's only.
        Other middleware keeps no stale view of a pulled card, and nothing is sent to their cards but theirs."""
        return self.reader if self.layout.kind is LayoutKind.PIV else ""

    def forget(self) -> None:
        """After a pull: drop the held session without closing it. Closing would send commands to a card that is
        not there, and with vpcd that can leave the reader unable to take the card back."""
        self._held = None
        self._end_held_lease()

    def release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            with contextlib.suppress(pkcs11.PKCS11Error):
                held.close()
        self._end_held_lease()

    def _end_held_lease(self) -> None:
        lease, self._held_lease = self._held_lease, None
        if lease is not None:
            lease.end()

    @contextlib.contextmanager
    def _card_errors(self) -> Iterator[None]:
        """Turn a module's 'the card is gone' into CardRemovedError and close the gate."""
        try:
            yield
        except REMOVED as exc:
            log.info("card not reachable: %s", exc.__class__.__name__)
            self.gate.close()
            raise CardRemovedError() from exc

    def call(self, fn: Callable[[], T]) -> T:
        """Run one card command through the gate."""
        self.gate.check()
        with self._card_errors():
            return fn()

    def management_key_hex(self) -> str:
        return self._management_key

    def token_label(self, role: PinRole) -> str:
        """The token's label, as `status` shows it (the card source's ListedCard)."""
        return str(self.token(role).label).strip()

    def describe_slot(self, key_id: bytes) -> str:
        if self.layout.fixed_key_slots and len(key_id) == 1:
            return PIV_SLOT_NAMES.get(key_id[0], key_id.hex())
        return key_id.hex()


__all__ = [
    "Card",
    "CardCertificate",
    "CardKey",
    "CardSession",
    "GeneratedKey",
    "KeyType_",
    "NotSupportedError",
    "check_pin_format",
    "role_for_purpose",
]
