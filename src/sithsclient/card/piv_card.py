"""A PIV card spoken to over APDUs (`piv_client`), behind the card interface the engine and the app layer use.

No PKCS#11 module, no PC/SC: the link is given (the in-process practice card of `demo/` is one), so this is
what practice mode runs on Windows, macOS and Linux without drivers. It has the layout of our practice card:
one shared PIN, or two (legitimering and underskrift, each with its own tries and PUK; the signature keys want
the signature PIN). Keys live in ykcs11's slots under ykcs11's CKA_IDs (1=9a ... 5..24 = retired 82..95), so a
journal means the same slot whichever way the card was reached.

A card that left makes its link raise: the gate closes and CardRemovedError follows, as on a real reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa, utils
from cryptography.hazmat.primitives.serialization import Encoding

from sithsclient.card import rules
from sithsclient.card.errors import (
    CardOperationError,
    CardRemovedError,
    PinBlockedError,
    PinFormatError,
    PinIncorrectError,
    PinState,
    PinStatus,
    PukIncorrectError,
    WrongCardError,
)
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import PIV, PIV_SLOT_NAMES, Layout, LayoutKind, PinRole, management_key
from sithsclient.card.model import CardCertificate, CardKey, GeneratedKey, KeyType_
from sithsclient.card.piv_client import (
    ALG_ECCP256,
    ALG_RSA2048,
    ALG_RSA3072,
    KEY_SLOTS,
    PIN_REF,
    PUK_REF,
    SIG_PIN_REF,
    SIG_PUK_REF,
    SW_AUTH_BLOCKED,
    SW_NOT_ENOUGH_MEMORY,
    SW_WRONG_DATA,
    ApduLink,
    KeyMetadata,
    LinkLost,
    PivClient,
    PublicKey,
    StatusError,
    certificate_object,
    parse_tlvs,
    tlv,
)
from sithsclient.card.signer import CardEcPrivateKey, CardPrivateKey, CardRsaPrivateKey
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose

T = TypeVar("T")

# The practice card with two PINs: a PIV card whose PINs are not shared.
PIV_TWO_PINS = Layout(LayoutKind.PIV, False, True, True, False, True)
_ALGORITHMS = {KeyType_.RSA_2048: ALG_RSA2048, KeyType_.RSA_3072: ALG_RSA3072, KeyType_.EC_P256: ALG_ECCP256}
_RETIRED_IDS = range(5, 25)

Connect = Callable[[], ApduLink]  # a new link to whatever card is in the reader now; raises CardRemovedError


@dataclass(frozen=True)
class CardNames:
    """What the card is called where a PKCS#11 module would show its token labels: given by whoever made the
    card (practice mode's words are `demo/`'s), so this layer has none of its own."""

    label: str = ""
    by_role: Mapping[PinRole, str] = field(default_factory=dict)  # a two-PIN card's token per PIN


def _slot(key_id: bytes) -> int:
    if len(key_id) != 1 or not 1 <= key_id[0] <= len(KEY_SLOTS):
        raise CardOperationError(f"No PIV key slot has the id {key_id.hex()}.")
    return KEY_SLOTS[key_id[0] - 1]


def _status_of(total: int, left: int) -> PinStatus:
    if left == 0:
        return PinStatus(PinState.LOCKED, 0)
    if left == 1:
        return PinStatus(PinState.FINAL_TRY, 1)
    return PinStatus(PinState.OK if left >= total else PinState.COUNT_LOW, left)


class PivCard:
    """One PIV card on one link. Build it with `PivCard.connect`."""

    def __init__(
        self,
        client: PivClient,
        *,
        serial: str,
        reader: str,
        two_pins: bool,
        connect: Connect,
        names: CardNames,
        management_key_hex: str | None = None,
        gate: CardGate | None = None,
    ) -> None:
        self.client = client
        self.serial = serial
        self.reader = reader
        self.two_pins = two_pins
        self.layout = PIV_TWO_PINS if two_pins else PIV
        self.names = names
        self.label = names.label
        self.gate = gate or CardGate()
        self._connect = connect
        self._management_key_hex = management_key(management_key_hex)

    @classmethod
    def connect(
        cls,
        connect: Connect,
        reader: str,
        *,
        names: CardNames,
        management_key_hex: str | None = None,
        gate: CardGate | None = None,
    ) -> PivCard:
        """The card in the reader now: selected, its serial and its PINs read (nothing verified)."""
        link = connect()
        client = PivClient(link)
        try:
            client.select()
            serial = str(client.serial())
            two_pins = client.has_reference(SIG_PIN_REF)
        except LinkLost:
            raise CardRemovedError() from None
        except StatusError as exc:
            raise CardOperationError(f"The card did not answer as a PIV card ({exc}).") from None
        return cls(
            client,
            serial=serial,
            reader=reader,
            two_pins=two_pins,
            connect=connect,
            names=names,
            management_key_hex=management_key_hex,
            gate=gate,
        )

    # -- the gate ---------------------------------------------------------------------------------------

    def call(self, fn: Callable[[], T]) -> T:
        """One card command through the gate; a card that left closes it."""
        self.gate.check()
        try:
            return fn()
        except LinkLost:
            self.gate.close()
            raise CardRemovedError() from None

    # -- what the app layer shows -----------------------------------------------------------------------

    @property
    def shared_pin(self) -> bool:
        return not self.two_pins

    @property
    def pin_roles(self) -> list[PinRole]:
        return [PinRole.AUTHENTICATION, PinRole.SIGNATURE] if self.two_pins else [PinRole.AUTHENTICATION]

    def token_label(self, role: PinRole) -> str:
        return self.names.by_role.get(role, self.label) if self.two_pins else self.label

    def describe_slot(self, key_id: bytes) -> str:
        return PIV_SLOT_NAMES.get(key_id[0], key_id.hex()) if len(key_id) == 1 else key_id.hex()

    def pin_reference(self, role: PinRole) -> int:
        return SIG_PIN_REF if self.two_pins and role is PinRole.SIGNATURE else PIN_REF

    def role_of_reference(self, reference: int) -> PinRole:
        return PinRole.SIGNATURE if self.two_pins and reference == SIG_PIN_REF else PinRole.AUTHENTICATION

    # -- SmartCard ------------------------------------------------------------------------------------

    def hold(self) -> None:
        self.confirm_present()

    def release(self) -> None:
        """Nothing is kept open between commands."""

    def forget(self) -> None:
        """Nothing to drop: the link died with the card."""

    def confirm_present(self) -> None:
        self.call(self.client.version)  # harmless: it leaves the card's security status as it is

    def certificates(self, *, expect: Callable[[list[CardCertificate]], bool] | None = None) -> list[CardCertificate]:
        """Every certificate object of the card. A read is of the card as it is (no module's copy of it), so
        `expect` needs no second look."""
        found: list[CardCertificate] = []
        for index, slot in enumerate(KEY_SLOTS, start=1):
            cert = self._certificate_in(slot)
            if cert is None:
                continue
            role = PinRole.AUTHENTICATION
            if self.two_pins:
                meta = self.metadata(slot)
                role = self.role_of_reference(meta.pin_ref) if meta is not None else role
            found.append(
                CardCertificate(CertificateInfo.of(cert), bytes([index]), cert.subject.rfc4514_string()[:64], role)
            )
        return found

    def metadata(self, slot: int) -> KeyMetadata | None:
        return self.call(lambda: self.client.metadata(slot))

    def _certificate_in(self, slot: int) -> x509.Certificate | None:
        value = self.call(lambda: self.client.get_object(certificate_object(slot)))
        if not value:
            return None
        der = _object_fields(value).get(0x70)
        return rules.load_certificate(der) if der else None

    def find_again(self) -> PivCard:
        card = PivCard.connect(
            self._connect, self.reader, names=self.names, management_key_hex=self._management_key_hex
        )
        if card.serial != self.serial:
            raise WrongCardError(self.serial, card.serial)
        return card

    def pin_status(self, role: PinRole) -> PinStatus:
        total, left = self.call(lambda: self.client.tries(self.pin_reference(role)))
        return _status_of(total, left)

    def open(self, role: PinRole, pin: str, *, confirm_final_try: bool = False) -> PivSession:
        rules.check_pin_format(pin)
        status = self.pin_status(role)
        rules.refuse_unsafe_try(role, status, confirmed=confirm_final_try)
        self._verify(role, pin)
        return PivSession(self, role)

    def _verify(self, role: PinRole, pin: str) -> None:
        try:
            self.call(lambda: self.client.verify(self.pin_reference(role), pin))
        except StatusError as exc:
            self._pin_refused(role, exc)

    def _pin_refused(self, role: PinRole, exc: StatusError) -> None:
        if exc.sw == SW_AUTH_BLOCKED or exc.tries_left == 0:
            raise PinBlockedError(role) from None
        if exc.tries_left is not None:
            raise PinIncorrectError(role, self.pin_status(role)) from None
        if exc.sw == SW_WRONG_DATA:
            raise PinFormatError("the card does not accept a PIN of this form") from None
        raise CardOperationError(f"The card refused the PIN command ({exc}).") from None

    def change_pin(self, role: PinRole, old: str, new: str, *, confirm_final_try: bool = False) -> None:
        rules.check_new_pin(new)
        rules.check_pin_format(old)
        status = self.pin_status(role)
        rules.refuse_unsafe_try(role, status, confirmed=confirm_final_try)
        try:
            self.call(lambda: self.client.change_reference(self.pin_reference(role), old, new))
        except StatusError as exc:
            self._pin_refused(role, exc)

    def puk_reference(self, role: PinRole) -> int:
        return SIG_PUK_REF if self.pin_reference(role) == SIG_PIN_REF else PUK_REF

    def puk_status(self, role: PinRole) -> PinStatus:
        """From GET METADATA (no try is spent); a card without it does not tell."""
        try:
            total, left = self.call(lambda: self.client.tries(self.puk_reference(role)))
        except StatusError:
            return PinStatus(PinState.UNKNOWN)
        return _status_of(total, left)

    def unblock_pin(self, role: PinRole, puk: str, new: str, *, confirm_final_try: bool = False) -> None:
        rules.check_new_pin(new)
        rules.check_puk(puk)
        rules.refuse_unsafe_puk_try(role, self.puk_status(role), confirmed=confirm_final_try)
        pin_ref = self.pin_reference(role)
        try:
            self.call(lambda: self.client.reset_retry(pin_ref, puk, new))
        except StatusError as exc:
            if exc.sw == SW_AUTH_BLOCKED or exc.tries_left == 0:
                raise PukIncorrectError(PinStatus(PinState.LOCKED, 0)) from None
            if exc.tries_left is not None:
                raise PukIncorrectError(self.puk_status(role)) from None
            raise CardOperationError(f"The card refused the PUK command ({exc}).") from None

    def management_key(self) -> bytes:
        return bytes.fromhex(self._management_key_hex)


class PivSession:
    """A verified PIN on a PIV card. The card keeps the verification; this only says whose keys are whose."""

    def __init__(self, card: PivCard, role: PinRole) -> None:
        self.card = card
        self.role = role

    def close(self) -> None:
        """The card forgets the verification when it loses power; nothing of the PIN is kept here."""

    def __enter__(self) -> PivSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _mine(self, pin_ref: int) -> bool:
        return not self.card.two_pins or self.card.role_of_reference(pin_ref) is self.role

    def private_keys(self) -> list[CardKey]:
        keys = []
        for index, slot in enumerate(KEY_SLOTS, start=1):
            meta = self.card.metadata(slot)
            if meta is not None and self._mine(meta.pin_ref):
                kind = "EC" if meta.algorithm == ALG_ECCP256 else "RSA"
                keys.append(CardKey(bytes([index]), f"Private key in slot {slot:02x}", self.role, kind))
        return keys

    def has_private_key(self, key_id: bytes) -> bool:
        slot = _slot(key_id)
        return self.card.metadata(slot) is not None

    def free_key_id(self) -> bytes:
        for key_id in _RETIRED_IDS:
            slot = KEY_SLOTS[key_id - 1]
            if self.card.metadata(slot) is None and self.card._certificate_in(slot) is None:
                return bytes([key_id])
        raise rules.no_room()

    deletes_keys = False  # PIV has no command to delete a key

    def key_room(self) -> int | None:
        """Free retired slots, where new keys go (no key and no certificate in them)."""
        return sum(
            1
            for key_id in _RETIRED_IDS
            if self.card.metadata(KEY_SLOTS[key_id - 1]) is None
            and self.card._certificate_in(KEY_SLOTS[key_id - 1]) is None
        )

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Writes need the management key (as the SO login on ykcs11)."""
        try:
            self.card.call(lambda: self.card.client.authenticate_management(self.card.management_key()))
        except StatusError:
            raise rules.management_key_refused() from None
        try:
            yield
        except StatusError as exc:
            raise CardOperationError(f"The card refused to write ({exc}).") from None

    def generate_key(self, purpose: Purpose, key_type: KeyType_, key_id: bytes) -> GeneratedKey:
        slot = _slot(key_id)
        pin_ref = self.card.pin_reference(self.role) if self.card.two_pins else None
        try:
            with self._writing():
                public = self.card.call(lambda: self.card.client.generate(slot, _ALGORITHMS[key_type], pin_ref))
        except CardOperationError as exc:
            if isinstance(exc.__context__, StatusError) and exc.__context__.sw == SW_NOT_ENOUGH_MEMORY:
                raise rules.no_room() from None  # the old keys are untouched
            raise
        return GeneratedKey(key_id, purpose, public)

    def public_key(self, key_id: bytes) -> PublicKey:
        cert = self.read_certificate(key_id)
        if cert is not None:
            key = cert.public_key()
            assert isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey)
            return key
        meta = self.card.metadata(_slot(key_id))
        if meta is None:
            raise CardOperationError(f"There is no key in slot {self.card.describe_slot(key_id)}.")
        return meta.public_key

    def signer(self, key_id: bytes) -> CardPrivateKey:
        slot = _slot(key_id)
        meta = self.card.metadata(slot)
        if meta is None:
            raise CardOperationError(f"There is no key in slot {self.card.describe_slot(key_id)}.")
        public = meta.public_key

        def sign(data: bytes, mechanism: object, param: object) -> bytes:
            # With no mechanisms offered, signer.py hands over a DigestInfo (RSA) or a digest (EC).
            if isinstance(public, rsa.RSAPublicKey):
                size = public.key_size // 8
                block = b"\x00\x01" + b"\xff" * (size - len(data) - 3) + b"\x00" + data  # PKCS#1 v1.5 type 1
            else:
                block = data
            try:
                answer = self.card.call(lambda: self.card.client.sign(slot, meta.algorithm, block))
            except StatusError as exc:
                raise CardOperationError(f"The card refused to sign ({exc}).") from None
            if isinstance(public, rsa.RSAPublicKey):
                return answer
            r, s = utils.decode_dss_signature(answer)
            half = (public.key_size + 7) // 8
            return r.to_bytes(half, "big") + s.to_bytes(half, "big")

        if isinstance(public, rsa.RSAPublicKey):
            return CardRsaPrivateKey(sign, public, frozenset())
        return CardEcPrivateKey(sign, public, frozenset())

    def read_certificate(self, key_id: bytes) -> x509.Certificate | None:
        return self.card._certificate_in(_slot(key_id))

    def install_certificate(self, cert: x509.Certificate, key_id: bytes) -> None:
        value = tlv(0x70, cert.public_bytes(Encoding.DER)) + tlv(0x71, b"\x00") + tlv(0xFE, b"")
        with self._writing():
            self.card.call(lambda: self.card.client.put_object(certificate_object(_slot(key_id)), value))
        rules.check_read_back(cert, self.read_certificate(key_id))

    def delete_certificate(self, key_id: bytes) -> None:
        with self._writing():
            self.card.call(lambda: self.card.client.put_object(certificate_object(_slot(key_id)), b""))

    def delete_key_pair(self, key_id: bytes) -> int:
        """PIV has no command to delete a key (see the README): the certificate goes, the key stays unused."""
        if self.read_certificate(key_id) is None:
            return 0
        self.delete_certificate(key_id)
        return 1

    def test_signature(self, key_id: bytes) -> None:
        rules.check_test_signature(self.signer(key_id), self.public_key(key_id), self.card.describe_slot(key_id))


def _object_fields(value: bytes) -> dict[int, bytes]:
    try:
        return parse_tlvs(value)
    except StatusError:
        return {}
