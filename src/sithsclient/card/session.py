"""A login on a PKCS#11 card: its keys, certificates and signatures, for as long as the PIN is needed.

The rules both card drivers keep (read-back, test signature, full card, never a last try unasked) are asked of
`rules.py`; what differs between modules is the card's layout (`layouts.py`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pkcs11
from asn1crypto.core import Integer as Asn1Integer
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import Attribute, KeyType, ObjectClass
from pkcs11.util.ec import encode_named_curve_parameters

from sithsclient.card import rules
from sithsclient.card.errors import CardError, CardOperationError, CardRemovedError
from sithsclient.card.layouts import PIV_RETIRED_IDS, SAC_KEY_CONTAINERS, PinRole
from sithsclient.card.model import CardKey, GeneratedKey, KeyType_
from sithsclient.card.module import Lease
from sithsclient.card.objects import REMOVED, public_key_of
from sithsclient.card.rules import load_certificate
from sithsclient.card.signer import CardEcPrivateKey, CardPrivateKey, CardRsaPrivateKey
from sithsclient.pki.model import Purpose

if TYPE_CHECKING:
    from sithsclient.card.errors import PinStatus
    from sithsclient.card.gate import CardGate
    from sithsclient.card.layouts import Layout
    from sithsclient.card.model import CardCertificate

log = logging.getLogger(__name__)
T = TypeVar("T")


class Card(Protocol):
    """What a session asks of its card (card.Card, which makes the sessions): a protocol, so that neither
    module imports the other's."""

    layout: Layout
    reader: str
    gate: CardGate

    def call(self, fn: Callable[[], T]) -> T: ...
    def token(self, role: PinRole) -> pkcs11.Token: ...
    def pin_status(self, role: PinRole) -> PinStatus: ...
    def confirm_present(self, role: PinRole = PinRole.AUTHENTICATION) -> None: ...
    def certificates(self) -> list[CardCertificate]: ...
    def count_public_keys(self) -> int: ...
    def management_key_hex(self) -> str: ...
    def describe_slot(self, key_id: bytes) -> str: ...


LOGIN_AGAIN_TRIES = 3  # how often a signature logs in again after another program reset the card's login


class _RefusedOnce(Exception):
    """A PIV card refused a key generation while present: out of room, or its login reset by another program."""


class CardSession:
    """A logged-in session for one PIN. Holds that PIN only while it is open; `close()` drops it."""

    def __init__(self, card: Card, role: PinRole, session: pkcs11.Session, pin: str, lease: Lease) -> None:
        self.card = card
        self._lease = lease  # the module is not started over under this login (module.py)
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
        self._lease.end()

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
        rules.refuse_login_again(self.card.pin_status(self.role))
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
        return public_key_of(obj)

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
        raise rules.no_room()

    @property
    def deletes_keys(self) -> bool:
        return not self.card.layout.fixed_key_slots  # ykcs11 empties a PIV slot's certificate, not its key

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
                    public = public_key_of(public_obj)
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
            raise rules.no_room() from exc
        except pkcs11.DeviceError as exc:
            if not self.card.layout.fixed_key_slots:
                self.card.gate.close()
                raise CardRemovedError() from exc
            self.card.confirm_present(self.role)  # CardRemovedError if it was a pull
            self._remove_half_made(key_id)
            if again:  # a login another program reset is refused the same way: only a second refusal is "full"
                raise _RefusedOnce() from exc
            raise rules.no_room() from exc
        except REMOVED as exc:
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
        wanted = public_key_of(keys[0])
        found = []
        for obj in self.card.call(lambda: list(self.raw.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))):
            cert = load_certificate(bytes(obj[Attribute.VALUE]))
            if cert is not None and cert.public_key() == wanted:
                found.append(obj)
        return found

    def read_certificate(self, key_id: bytes) -> x509.Certificate | None:
        objs = self._certificate_objects(key_id)
        if not objs:
            return None
        return load_certificate(bytes(objs[0][Attribute.VALUE]))

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
        rules.check_read_back(cert, self.read_certificate(key_id))

    def test_signature(self, key_id: bytes) -> None:
        rules.check_test_signature(self.signer(key_id), self.public_key(key_id), self.card.describe_slot(key_id))

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
        raise rules.management_key_refused()

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
