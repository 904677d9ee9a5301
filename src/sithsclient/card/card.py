"""A physical card: its tokens, PINs, certificates and keys, whatever the module's layout.

The engine uses only this interface; `layouts.py` holds what differs between modules.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pkcs11
from asn1crypto.core import Integer as Asn1Integer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from pkcs11 import Attribute, KeyType, ObjectClass, TokenFlag
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

from sithsclient.card import module as card_module
from sithsclient.card import settle as card_settle
from sithsclient.card.errors import (
    CardError,
    CardFullError,
    CardOperationError,
    CardRemovedError,
    NotSupportedError,
    PinBlockedError,
    PinFormatError,
    PinIncorrectError,
    PinState,
    PinStatus,
    PukIncorrectError,
    WrongCardError,
    refuse_unsafe_try,
)
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import (
    PIV_RETIRED_IDS,
    PIV_SLOT_NAMES,
    SAC_KEY_CONTAINERS,
    Layout,
    LayoutKind,
    PinRole,
    is_placeholder_certificate,
    management_key,
)
from sithsclient.card.model import CardCertificate, CardKey, GeneratedKey, KeyType_, role_for_purpose
from sithsclient.card.module import Pkcs11Lib
from sithsclient.card.signer import CardEcPrivateKey, CardPrivateKey, CardRsaPrivateKey
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose

log = logging.getLogger(__name__)

T = TypeVar("T")

# The card answered in a way that means it is gone (pulled, reader unplugged, service restarted).
_REMOVED = (
    pkcs11.DeviceRemoved,
    pkcs11.TokenNotPresent,
    pkcs11.SessionHandleInvalid,
    pkcs11.SessionClosed,
    pkcs11.DeviceError,
    pkcs11.SlotIDInvalid,
    pkcs11.TokenNotRecognised,
)


def check_pin_format(pin: str, *, min_len: int = 4, max_len: int = 8) -> None:
    """SITHS PINs are digits (6 on real cards); check before anything reaches the card."""
    if not pin:
        raise PinFormatError("it is empty")
    if not pin.isdigit() or not pin.isascii():
        raise PinFormatError("it may contain digits only")
    if not min_len <= len(pin) <= max_len:
        raise PinFormatError(f"it must have {min_len} to {max_len} digits")


def _public_key_of(obj: Any) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
    if obj.key_type == KeyType.RSA:
        modulus = int.from_bytes(obj[Attribute.MODULUS], "big")
        exponent = int.from_bytes(obj[Attribute.PUBLIC_EXPONENT], "big")
        return rsa.RSAPublicNumbers(exponent, modulus).public_key()
    key = serialization.load_der_public_key(encode_ec_public_key(obj))
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key


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
        refuse_unsafe_try(role, status, confirmed=confirm_final_try)
        token = self.token(role)
        try:
            with self._card_errors():
                session = token.open(rw=True, user_pin=pin)
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
        return CardSession(self, self.role_for(role), session, pin)

    def confirm_present(self, role: PinRole = PinRole.AUTHENTICATION) -> None:
        """Raise CardRemovedError if the card has left, once the reader has had time to notice.
        (ykcs11 checks its card connection on every C_GetSlotList, which `token()` calls.)"""
        card_settle.settle(self.gate, self._askable_reader)
        self.token(role)

    def find_again(self) -> Card:
        """This card after it was out: the module is started over (its sessions died with the card, and ykcs11
        finds a card put back only then), and the card is looked up by its serial; slot ids may have changed."""
        try:
            card_module.reinitialize(self.module_path)
            return self._find(self.serial)
        except (CardRemovedError, WrongCardError):
            raise
        except Exception as exc:  # the module may fail in many ways while readers settle
            log.info("looking for the card: %r", exc)
            raise CardRemovedError() from exc

    def change_pin(self, role: PinRole, old: str, new: str, *, confirm_final_try: bool = False) -> None:
        check_pin_format(new)
        with self.open(role, old, confirm_final_try=confirm_final_try) as session, self._card_errors():
            session.raw.set_pin(old, new)

    def unblock_pin(self, role: PinRole, puk: str, new: str) -> None:
        """Unblock a blocked PIN with the PUK and set a new PIN.

        Net iD and SoftHSM2: the PUK is the SO PIN, then C_InitPIN. ykcs11 has no C_InitPIN: C_SetPIN on a
        session that is not logged in, old "puk:<PUK>", new "pin:<new PIN>" (RESET RETRY COUNTER).
        """
        check_pin_format(new)
        check_pin_format(puk, min_len=6, max_len=8)
        token = self.token(role)
        try:
            if self.layout.kind is LayoutKind.PIV:
                with self._card_errors():
                    session = token.open(rw=True)
                    try:
                        session.set_pin("puk:" + puk, "pin:" + new)
                    finally:
                        session.close()
            else:
                with self._card_errors():
                    session = token.open(rw=True, so_pin=puk)
                    try:
                        session.init_pin(new)
                    finally:
                        session.close()
        except pkcs11.PinIncorrect:
            raise PukIncorrectError(self._puk_status(role)) from None
        except pkcs11.PinLocked:
            raise PukIncorrectError(PinStatus(PinState.LOCKED, 0)) from None
        if self.layout.kind is LayoutKind.PIV:
            # ykcs11's token flags keep the tries seen last (LOCKED) until the module looks again.
            with self._card_errors():
                self.lib.reinitialize()

    def _puk_status(self, role: PinRole) -> PinStatus:
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
                    cert = _load_certificate(bytes(obj[Attribute.VALUE]))
                    if cert is None:
                        log.debug("unreadable or placeholder certificate object %r", obj[Attribute.LABEL])
                        continue
                    key_id = key_ids.get(_public_der(cert.public_key()), bytes(obj[Attribute.ID]))
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
                ids[_public_der(_public_key_of(obj))] = bytes(obj[Attribute.ID])
        return ids

    @contextlib.contextmanager
    def _public_session(self, role: PinRole) -> Iterator[pkcs11.Session]:
        if self._held is not None:
            self.gate.check()
            yield self._held
            return
        token = self.token(role)
        with self._card_errors():
            session = token.open()
        yield session
        # Closed only when the read went well: after a pull, closing would send commands to a card that is not
        # there (ykcs11 resets it), and with vpcd that can leave the reader unable to take the card back.
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
            with self._card_errors():
                self._held = token.open(rw=True)  # read-only would forbid the SO login later
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

    def release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            with contextlib.suppress(pkcs11.PKCS11Error):
                held.close()

    @contextlib.contextmanager
    def _card_errors(self) -> Iterator[None]:
        """Turn a module's 'the card is gone' into CardRemovedError and close the gate."""
        try:
            yield
        except _REMOVED as exc:
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


LOGIN_AGAIN_TRIES = 3  # how often a signature logs in again after another program reset the card's login


class _RefusedOnce(Exception):
    """A PIV card refused a key generation while present: out of room, or its login reset by another program."""


class CardSession:
    """A logged-in session for one PIN. Holds that PIN only while it is open; `close()` drops it."""

    def __init__(self, card: Card, role: PinRole, session: pkcs11.Session, pin: str) -> None:
        self.card = card
        self.role = role
        self.raw = session
        self._pin: str | None = pin
        # ykcs11 reads every object of the card again (~95 APDUs) whenever a session opens while none is open.
        # Switching between the user and the SO login closes and opens sessions, so keep one quiet public session
        # open for as long as this one lives: the card then sees only the commands that matter.
        self._anchor: pkcs11.Session | None = None
        if card.layout.writes_need_so:
            with contextlib.suppress(pkcs11.PKCS11Error):
                self._anchor = session.token.open(rw=True)  # a read-only one would forbid the SO login

    def __enter__(self) -> CardSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pin = None
        with contextlib.suppress(pkcs11.PKCS11Error, CardError):
            self.raw.close()
        if self._anchor is not None:
            with contextlib.suppress(pkcs11.PKCS11Error, CardError):
                self._anchor.close()
            self._anchor = None

    # -- keys -------------------------------------------------------------------------------------------

    def has_private_key(self, key_id: bytes) -> bool:
        return any(k.key_id == key_id for k in self.private_keys())

    def private_keys(self) -> list[CardKey]:
        keys = self.card.call(lambda: list(self.raw.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})))
        return [
            CardKey(bytes(k[Attribute.ID]), k[Attribute.LABEL], self.role, KeyType(k[Attribute.KEY_TYPE]).name)
            for k in keys
        ]

    def _private_key(self, key_id: bytes) -> Any:
        try:
            return self.card.call(lambda: self.raw.get_key(object_class=ObjectClass.PRIVATE_KEY, id=key_id))
        except pkcs11.NoSuchKey:
            raise CardOperationError(f"The key in slot {self.card.describe_slot(key_id)} is not on the card.") from None

    def _log_in_again(self) -> None:
        """All of this login's sessions closed and opened again with its PIN: the module then logs in anew."""
        pin = self._pin
        if pin is None:
            raise CardOperationError("The session is closed; the PIN is needed again.")
        status = self.card.pin_status(self.role)
        if status.state in (PinState.FINAL_TRY, PinState.LOCKED):  # never a last try unasked
            raise CardOperationError("The card no longer accepts the login of this run.")
        token = self.raw.token
        for old in (self.raw, self._anchor):
            if old is not None:
                with contextlib.suppress(pkcs11.PKCS11Error):
                    old.close()
        self._anchor = None
        self.raw = self.card.call(lambda: token.open(rw=True, user_pin=pin))
        if self.card.layout.writes_need_so:
            with contextlib.suppress(pkcs11.PKCS11Error):
                self._anchor = self.raw.token.open(rw=True)
        log.info("logged in again on %s: another program had reset the card's login", self.card.reader)

    def public_key(self, key_id: bytes) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
        cert = self.read_certificate(key_id)
        if cert is not None:
            key = cert.public_key()
            assert isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey)
            return key
        obj = self.card.call(lambda: self.raw.get_key(object_class=ObjectClass.PUBLIC_KEY, id=key_id))
        return _public_key_of(obj)

    def signer(self, key_id: bytes) -> CardPrivateKey:
        """A `cryptography` private key whose sign() is one C_Sign on the card."""
        key = self._private_key(key_id)
        public = self.public_key(key_id)
        mechanisms = self._mechanisms()
        always_auth = False
        with contextlib.suppress(pkcs11.PKCS11Error, KeyError, NotImplementedError):
            always_auth = bool(key[Attribute.ALWAYS_AUTHENTICATE])

        def sign(data: bytes, mechanism: pkcs11.Mechanism, param: Any) -> bytes:
            # A key with CKA_ALWAYS_AUTHENTICATE (PIV 9c) wants the PIN again right before each signature.
            pin = self._pin if always_auth else None
            if always_auth and pin is None:
                raise CardOperationError("The session is closed; the PIN is needed again.")
            nonlocal key
            for attempt in range(LOGIN_AGAIN_TRIES + 1):
                try:
                    return bytes(self.card.call(lambda: key.sign(data, mechanism=mechanism, pin=pin)))  # noqa: B023 - called at once
                except pkcs11.UserNotLoggedIn:
                    # Another program selected the card's application between our login and this signature
                    # (the SITHS eID app or Net iD reading the card in the background): a PIV card forgets the
                    # PIN on selection while the module still counts itself logged in. Log in again with the PIN
                    # that worked a moment ago (a right PIN costs no try), and sign; a program that selects the
                    # card in a tight loop can win that race again, so a few times.
                    if attempt == LOGIN_AGAIN_TRIES:
                        raise CardOperationError(
                            "Another program keeps taking the card's login away; close it and try again."
                        ) from None
                    self._log_in_again()
                    key = self._private_key(key_id)
            raise AssertionError("unreachable")

        if isinstance(public, rsa.RSAPublicKey):
            return CardRsaPrivateKey(sign, public, mechanisms)
        return CardEcPrivateKey(sign, public, mechanisms)

    def _mechanisms(self) -> frozenset[pkcs11.Mechanism]:
        slot = self.raw.token.slot
        return frozenset(self.card.call(lambda: set(slot.get_mechanisms())))

    def free_key_id(self) -> bytes:
        """A CKA_ID for a new key: a free retired slot on PIV, a fresh random id elsewhere."""
        if not self.card.layout.fixed_key_slots:
            return os.urandom(8)
        used = {k.key_id for k in self.private_keys()}
        used |= {c.key_id for c in self.card.certificates()}
        for slot_id in PIV_RETIRED_IDS:
            if bytes([slot_id]) not in used:
                return bytes([slot_id])
        raise CardFullError()

    def key_room(self) -> int | None:
        """Free PIV slots (of the retired ones new keys go to); on Thales IDPrime the free key containers of the
        whole card, one per public key on any of its tokens; None where the module does not tell."""
        if self.card.layout.fixed_key_slots:
            used = {k.key_id for k in self.private_keys()} | {c.key_id for c in self.card.certificates()}
            return sum(1 for slot_id in PIV_RETIRED_IDS if bytes([slot_id]) not in used)
        if self.card.layout.binds_by_public_key:
            return max(0, SAC_KEY_CONTAINERS - self.card.count_public_keys())
        return None

    def generate_key(
        self, purpose: Purpose, key_type: KeyType_ = KeyType_.RSA_2048, key_id: bytes | None = None
    ) -> GeneratedKey:
        """A new key pair on the card: sensitive, never extractable, for `purpose`.

        `key_id` lets the engine choose (and journal) the id before the key exists, so that a pull during
        generation leaves a key it can find again.
        """
        key_id = key_id or self.free_key_id()
        label = f"SITHS {purpose.value} {key_id.hex()}"
        private_template: dict[Attribute, Any] = {
            Attribute.TOKEN: True,
            Attribute.PRIVATE: True,
            Attribute.SENSITIVE: True,
            Attribute.SIGN: True,
        }
        if self.card.layout.private_template_allows_extractable:
            private_template[Attribute.EXTRACTABLE] = False
        public_template: dict[Attribute, Any] = {Attribute.TOKEN: True, Attribute.VERIFY: True}
        capabilities = pkcs11.MechanismFlag.SIGN | pkcs11.MechanismFlag.VERIFY

        def generate() -> Any:
            if key_type is KeyType_.EC_P256:
                params = self.raw.create_domain_parameters(
                    KeyType.EC,
                    {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
                    local=True,
                )
                return params.generate_keypair(
                    id=key_id,
                    label=label,
                    store=True,
                    capabilities=capabilities,
                    public_template=public_template,
                    private_template=private_template,
                )
            bits = 3072 if key_type is KeyType_.RSA_3072 else 2048
            return self.raw.generate_keypair(
                KeyType.RSA,
                bits,
                id=key_id,
                label=label,
                store=True,
                capabilities=capabilities,
                public_template=public_template,
                private_template=private_template,
            )

        for attempt in range(2):
            try:
                with self._writing():
                    public_obj = self._generate_or_full(generate, key_id, again=attempt == 0)
                    public = _public_key_of(public_obj)
                break
            except _RefusedOnce:
                # Another program selected the card since our management-key login (the SITHS eID app reading
                # it in the background): a PIV card forgets that login on selection. Log in again and try once.
                log.info("the card refused the key generation once; logging in again and trying once more")
        log.info("generated %s key on the card in slot %s", key_type.value, self.card.describe_slot(key_id))
        return GeneratedKey(key_id, purpose, public)

    def _remove_half_made(self, key_id: bytes) -> None:
        def destroy() -> None:
            for object_class in (ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY):
                for obj in list(self.raw.get_objects({Attribute.CLASS: object_class, Attribute.ID: key_id})):
                    obj.destroy()

        with contextlib.suppress(pkcs11.PKCS11Error, CardError):
            self.card.call(destroy)

    def _generate_or_full(self, generate: Callable[[], Any], key_id: bytes, *, again: bool = False) -> Any:
        """Run the generation; a card out of room ends it with CardFullError, after removing whatever half of the
        new pair the card kept (only objects with the new id: an old key is never touched).

        Thales IDPrime answers CKR_DEVICE_MEMORY. ykcs11 2.2 answers CKR_DEVICE_ERROR to every refused GENERATE,
        the PIV card's 6A84 (not enough memory) among them (seen on the rig), which also means a pulled card: so a
        PIV card still present after that refused for want of room."""
        self.card.gate.check()
        try:
            public_obj, _private_obj = generate()
            return public_obj
        except pkcs11.DeviceMemory as exc:
            self._remove_half_made(key_id)
            raise CardFullError() from exc
        except pkcs11.DeviceError as exc:
            if not self.card.layout.fixed_key_slots:
                self.card.gate.close()
                raise CardRemovedError() from exc
            self.card.confirm_present(self.role)  # CardRemovedError if it was a pull
            self._remove_half_made(key_id)
            if again:  # a login another program reset is refused the same way: only a second refusal is "full"
                raise _RefusedOnce() from exc
            raise CardFullError() from exc
        except _REMOVED as exc:
            self.card.gate.close()
            raise CardRemovedError() from exc

    # -- certificates -----------------------------------------------------------------------------------

    def _certificate_objects(self, key_id: bytes) -> list[Any]:
        """The certificate objects of the key with this id. Thales SAC binds a certificate to its key by public
        key, not CKA_ID: there the certificate whose public key is the key's is the one."""
        if not self.card.layout.binds_by_public_key:
            return self.card.call(
                lambda: list(self.raw.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: key_id}))
            )
        keys = self.card.call(
            lambda: list(self.raw.get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY, Attribute.ID: key_id}))
        )
        if not keys:
            return []
        wanted = _public_key_of(keys[0])
        found = []
        for obj in self.card.call(lambda: list(self.raw.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))):
            cert = _load_certificate(bytes(obj[Attribute.VALUE]))
            if cert is not None and cert.public_key() == wanted:
                found.append(obj)
        return found

    def read_certificate(self, key_id: bytes) -> x509.Certificate | None:
        objs = self._certificate_objects(key_id)
        if not objs:
            return None
        return _load_certificate(bytes(objs[0][Attribute.VALUE]))

    def install_certificate(self, cert: x509.Certificate, key_id: bytes, label: str | None = None) -> None:
        """Store the certificate beside its key (same CKA_ID), then read it back byte for byte."""
        der = cert.public_bytes(serialization.Encoding.DER)
        serial_der = Asn1Integer(cert.serial_number).dump()
        attrs: dict[Attribute, Any] = {
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.PRIVATE: False,
            Attribute.ID: key_id,
            Attribute.LABEL: label or cert.subject.rfc4514_string()[:64],
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.ISSUER: cert.issuer.public_bytes(),
            Attribute.SERIAL_NUMBER: serial_der,
            Attribute.VALUE: der,
        }
        with self._writing():
            self.card.call(lambda: self.raw.create_object(attrs))
        back = self.read_certificate(key_id)
        if back is None or back.public_bytes(serialization.Encoding.DER) != der:
            raise CardOperationError("The certificate read back from the card differs from the one written.")

    def test_signature(self, key_id: bytes) -> None:
        """Sign a fresh challenge on the card and verify it with the certificate's public key."""
        challenge = os.urandom(32)
        signer = self.signer(key_id)
        public = self.public_key(key_id)
        try:
            if isinstance(signer, CardRsaPrivateKey):
                assert isinstance(public, rsa.RSAPublicKey)
                signature = signer.sign(challenge, padding.PKCS1v15(), hashes.SHA256())
                public.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
            else:
                assert isinstance(public, ec.EllipticCurvePublicKey)
                signature = signer.sign(challenge, ec.ECDSA(hashes.SHA256()))
                public.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
        except CardError:
            raise
        except Exception as exc:  # InvalidSignature and friends
            raise CardOperationError(
                f"The test signature with the key in {self.card.describe_slot(key_id)} did not verify."
            ) from exc

    def delete_certificate(self, key_id: bytes) -> None:
        """Remove only the certificate (a wrong or half-written one); the key stays for the next try."""

        def destroy() -> None:
            for obj in self._certificate_objects(key_id):
                obj.destroy()

        with self._writing():
            self.card.call(destroy)

    def delete_key_pair(self, key_id: bytes) -> int:
        """Delete the certificate and both keys with this CKA_ID. Returns how many objects went."""

        def destroy_all() -> int:
            count = 0
            for obj in self._certificate_objects(key_id) if self.card.layout.binds_by_public_key else []:
                obj.destroy()
                count += 1
            for object_class in (ObjectClass.CERTIFICATE, ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY):
                for obj in list(self.raw.get_objects({Attribute.CLASS: object_class, Attribute.ID: key_id})):
                    obj.destroy()
                    count += 1
            return count

        with self._writing():
            count = self.card.call(destroy_all)
        log.info("deleted %d objects in slot %s", count, self.card.describe_slot(key_id))
        return count

    # -- PIV: writes need the SO login ------------------------------------------------------------------

    def _so_login(self, token: pkcs11.Token) -> pkcs11.Session:
        """The SO login with the management key. ykcs11 reports a card that left during the mutual
        authentication as a wrong key; PIV management keys have no retry counter, so look and try once more."""
        key = self.card.management_key_hex()
        for attempt in range(2):
            try:
                return self.card.call(functools.partial(token.open, rw=True, so_pin=key))
            except pkcs11.PinIncorrect:
                if attempt == 0:
                    self.card.confirm_present(self.role)
                    token = self.card.token(self.role)
        raise CardOperationError(
            "The card refused the management key. If your organisation changed it, set management_key in the "
            "configuration."
        )

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """On PIV, switch to the SO login (management key) for a write, then back to the user PIN."""
        if not self.card.layout.writes_need_so:
            yield
            return
        if self._pin is None:
            raise CardOperationError("The session is closed.")
        token = self.raw.token
        with contextlib.suppress(pkcs11.PKCS11Error):
            self.raw.close()
        so = self._so_login(token)
        user_raw = self.raw
        self.raw = so
        try:
            yield
        finally:
            self.raw = user_raw
            with contextlib.suppress(pkcs11.PKCS11Error):
                so.close()
            pin = self._pin
            self.raw = self.card.call(lambda: token.open(rw=True, user_pin=pin))


def _public_der(key: Any) -> bytes:
    der: bytes = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return der


def _load_certificate(der: bytes) -> x509.Certificate | None:
    """The certificate, or None for garbage and for a module's placeholder (see layouts.py)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # placeholders have serial 0, which cryptography warns about
            cert = x509.load_der_x509_certificate(der)
            cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)  # names are parsed on first use
    except (ValueError, x509.InvalidVersion):  # InvalidVersion is not a ValueError (found by fuzzing journals)
        return None
    if is_placeholder_certificate(str(cn[0].value) if cn else "", cert.subject == cert.issuer):
        return None
    return cert


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
