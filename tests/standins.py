"""Stand-ins for the engine's fast tests: a scripted card and a scripted issuing service, in memory.

They are NOT the real parts. The real card is tested through SoftHSM2 and the PC/SC rig, the real issuing
service over CMP (test_engine_*.py, test_fault_matrix_pull.py). These stand in for both where the engine's own
decisions are what is tested: every journal state against every card state, in milliseconds.

`ScriptedCard` implements `card.interface.SmartCard` over a dict of objects with software keys (EC P-256, so
that making keys is fast); after every write it checks invariant 1 (docs/design.md: a complete working set is on
the card) and records each breach in `breaches`. `pull_after_writes` pulls it after that many writes: the next
command raises CardRemovedError and the card comes back (as the same card) when the engine looks for it.
`ScriptedIssuer` implements `enroll.interface.Enroller` by issuing from the practice hierarchy's person CA.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from sithsclient.card.errors import CardOperationError, PinBlockedError, PinIncorrectError, PinState, PinStatus
from sithsclient.card.gate import CardGate
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import CardCertificate, CardKey, GeneratedKey, KeyType_
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.enroll.errors import OneTimeCodeRefused
from sithsclient.enroll.interface import InitialRequest, KeyUpdateRequest, KeyUpdateResult
from sithsclient.pki.inventory import CertificateInfo, assess
from sithsclient.pki.model import Purpose

UPGRADED = (Purpose.AUTHENTICATION, Purpose.SIGNATURE)


@dataclass
class StoredKey:
    key: ec.EllipticCurvePrivateKey
    label: str
    role: PinRole


@dataclass
class ScriptedCard:
    """An in-memory card with one PIN per role (Net iD style) or one shared PIN."""

    serial: str = "SCRIPTED-0001"
    reader: str = "Scripted reader"
    pins: dict[PinRole, str] = field(
        default_factory=lambda: {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}
    )
    shared_pin: bool = False
    keys: dict[bytes, StoredKey] = field(default_factory=dict)
    certs: dict[bytes, x509.Certificate] = field(default_factory=dict)
    gate: CardGate = field(default_factory=CardGate)
    pull_after_writes: int | None = None
    key_room: int | None = None  # how many more key pairs the card says it takes (None: it does not say)
    deletes_keys: bool = True  # False: like PIV, a deleted pair's key stays and keeps its room
    on_pull: Callable[[], None] | None = None  # told when the card is pulled (e.g. to say it is back at once)
    writes: int = 0
    blocked: set[PinRole] = field(default_factory=set)  # PINs blocked by wrong tries: only the PUK helps
    breaches: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    # -- SmartCard -------------------------------------------------------------------------------------

    @property
    def pin_roles(self) -> list[PinRole]:
        return [PinRole.AUTHENTICATION] if self.shared_pin else list(self.pins)

    def hold(self) -> None:
        self.gate.check()

    def release(self) -> None:
        pass

    def forget(self) -> None:
        pass

    def certificates(self, *, expect: Callable[[list[CardCertificate]], bool] | None = None) -> list[CardCertificate]:
        self.gate.check()
        return [
            CardCertificate(CertificateInfo.of(cert), key_id, "cert", self._role_of(key_id))
            for key_id, cert in self.certs.items()
        ]

    def confirm_present(self) -> None:
        self.gate.check()

    def find_again(self) -> ScriptedCard:
        self.gate.open()  # the same card, back in the reader
        self.log.append("back")
        return self

    def pin_status(self, role: PinRole) -> PinStatus:
        self.gate.check()
        return PinStatus(PinState.LOCKED, 0) if role in self.blocked else PinStatus(PinState.UNKNOWN)

    def open(self, role: PinRole, pin: str, *, confirm_final_try: bool = False) -> ScriptedSession:
        self.gate.check()
        if role in self.blocked:
            raise PinBlockedError(role)
        if self.pins[role] != pin:
            raise PinIncorrectError(role, PinStatus(PinState.UNKNOWN))
        return ScriptedSession(self, role)

    def change_pin(self, role: PinRole, old: str, new: str, *, confirm_final_try: bool = False) -> None:
        self.open(role, old)
        self.pins[role] = new

    def puk_status(self, role: PinRole) -> PinStatus:
        self.gate.check()
        return PinStatus(PinState.UNKNOWN)

    def unblock_pin(self, role: PinRole, puk: str, new: str, *, confirm_final_try: bool = False) -> None:
        self.blocked.discard(role)
        self.pins[role] = new

    # -- what the stand-in adds ------------------------------------------------------------------------

    def _role_of(self, key_id: bytes) -> PinRole:
        stored = self.keys.get(key_id)
        return stored.role if stored is not None else PinRole.AUTHENTICATION

    def put_key(self, key_id: bytes, purpose: Purpose, label: str = "") -> ec.EllipticCurvePrivateKey:
        key = ec.generate_private_key(ec.SECP256R1())
        role = PinRole.SIGNATURE if purpose is Purpose.SIGNATURE and not self.shared_pin else PinRole.AUTHENTICATION
        self.keys[key_id] = StoredKey(key, label or f"SITHS {purpose.value} {key_id.hex()}", role)
        return key

    def complete_set(self) -> bool:
        """Invariant 1: for each upgraded purpose a certificate of one SITHS generation, with its key, and the
        card as a whole still a SITHS card."""
        infos = [CertificateInfo.of(c) for k, c in self.certs.items() if k in self.keys]
        have = {i.purpose for i in infos if not i.expired()}
        return all(p in have for p in UPGRADED) and assess(infos).verdict.value in ("must_upgrade", "current")

    def wrote(self, what: str) -> None:
        self.log.append(what)
        self.writes += 1
        if not self.complete_set():
            self.breaches.append(f"after {what}: no complete working set")
        if self.pull_after_writes is not None and self.writes >= self.pull_after_writes:
            self.pull_after_writes = None
            self.gate.close()  # the next command finds the card gone
            if self.on_pull is not None:
                self.on_pull()


class ScriptedSession:
    def __init__(self, card: ScriptedCard, role: PinRole) -> None:
        self.card = card
        self.role = role

    def _mine(self, key_id: bytes) -> bool:
        stored = self.card.keys.get(key_id)
        return stored is not None and (self.card.shared_pin or stored.role is self.role)

    def close(self) -> None:
        pass

    def private_keys(self) -> list[CardKey]:
        self.card.gate.check()
        return [
            CardKey(key_id, stored.label, stored.role, "EC")
            for key_id, stored in self.card.keys.items()
            if self._mine(key_id)
        ]

    def has_private_key(self, key_id: bytes) -> bool:
        return any(k.key_id == key_id for k in self.private_keys())

    def free_key_id(self) -> bytes:
        self.card.gate.check()
        return os.urandom(8)

    def key_room(self) -> int | None:
        self.card.gate.check()
        return self.card.key_room

    @property
    def deletes_keys(self) -> bool:
        return self.card.deletes_keys

    def generate_key(self, purpose: Purpose, key_type: KeyType_, key_id: bytes) -> GeneratedKey:
        self.card.gate.check()
        key = self.card.put_key(key_id, purpose)
        self.card.wrote(f"generate {key_id.hex()}")
        return GeneratedKey(key_id, purpose, key.public_key())

    def _key(self, key_id: bytes) -> ec.EllipticCurvePrivateKey:
        self.card.gate.check()
        if not self._mine(key_id):
            raise CardOperationError(f"no key {key_id.hex()} under this PIN")
        return self.card.keys[key_id].key

    def public_key(self, key_id: bytes) -> ec.EllipticCurvePublicKey:
        return self._key(key_id).public_key()

    def signer(self, key_id: bytes) -> ec.EllipticCurvePrivateKey:
        return self._key(key_id)

    def read_certificate(self, key_id: bytes) -> x509.Certificate | None:
        self.card.gate.check()
        return self.card.certs.get(key_id)

    def install_certificate(self, cert: x509.Certificate, key_id: bytes) -> None:
        self._key(key_id)
        self.card.certs[key_id] = cert
        self.card.wrote(f"install {key_id.hex()}")

    def delete_certificate(self, key_id: bytes) -> None:
        self.card.gate.check()
        self.card.certs.pop(key_id, None)
        self.card.wrote(f"delete certificate {key_id.hex()}")

    def test_signature(self, key_id: bytes) -> None:
        key = self._key(key_id)
        challenge = os.urandom(32)
        key.public_key().verify(key.sign(challenge, ec.ECDSA(hashes.SHA256())), challenge, ec.ECDSA(hashes.SHA256()))

    def delete_key_pair(self, key_id: bytes) -> int:
        self.card.gate.check()
        count = int(self.card.certs.pop(key_id, None) is not None) + int(self.card.keys.pop(key_id, None) is not None)
        self.card.wrote(f"delete pair {key_id.hex()}")
        return count


@dataclass
class ScriptedIssuer:
    """Issues at once from the practice person CA; counts what it was asked."""

    hierarchy: PracticeHierarchy
    asked: list[Purpose] = field(default_factory=list)
    orders: dict[str, tuple[str, x509.Name]] = field(default_factory=dict)  # reference: (code, ordered subject)

    def key_update(self, request: KeyUpdateRequest) -> KeyUpdateResult:
        self.asked.append(request.purpose)
        public = request.new_key.public_key()
        cert = self.hierarchy.person_ca.issue(request.replaces.subject, public, request.purpose)
        return KeyUpdateResult(cert, tuple(self.hierarchy.chain_of(self.hierarchy.person_ca)), os.urandom(8).hex())

    def initial_enroll(self, request: InitialRequest) -> KeyUpdateResult:
        self.ordered_subject(request.reference, request.secret)
        self.asked.append(request.purpose)
        cert = self.hierarchy.person_ca.issue(request.subject, request.new_key.public_key(), request.purpose)
        return KeyUpdateResult(cert, tuple(self.hierarchy.chain_of(self.hierarchy.person_ca)), os.urandom(8).hex())

    def ordered_subject(self, reference: str, secret: str) -> x509.Name:
        code, subject = self.orders[reference]
        if secret != code:
            raise OneTimeCodeRefused("the scripted order's code differs")
        return subject
