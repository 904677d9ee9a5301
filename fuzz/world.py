"""The practice world the CMP targets run in: the practice hierarchy, an issuing service, a card's keys, and the
real exchanges between the client and the service that seed both CMP targets.

Three things are bent here, for the fuzzer's sake only, and each is said where it is done:
- every nonce and transaction id of this process is one fixed value, so that a mutated answer still belongs to
  the client's transaction and the fuzzer gets past the envelope check into the body and the issued certificate;
- the card's keys and the issuing CA's key are EC P-256 (a signature costs ~50 µs, RSA-2048 ~1.5 ms: a million
  inputs would take hours), while the roots above them stay the practice hierarchy's RSA CAs;
- MACs are made with the fewest iterations the checks accept (100 for PasswordBasedMac, 1000 for PBMAC1), so
  that a MAC-protected message costs microseconds, not the 10,000 hashes sent in earnest.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from sithsclient.demo.hierarchy import CA, PRACTICE_HOLDER, Holder, PracticeHierarchy, make_ca
from sithsclient.demo.issuer import FaultSetting, FaultSwitch, IssuerKeys, IssuingService, Ledger
from sithsclient.demo.issuer.faults import Fault
from sithsclient.demo.issuer.orders import Order, OrderBook
from sithsclient.enroll import CardCredential, CmpEnroller, CmpSettings, EnrollmentError, KeyUpdateRequest, mac, message
from sithsclient.enroll.errors import HttpStatusError, ServiceUnreachable
from sithsclient.enroll.interface import InitialRequest
from sithsclient.pki.model import Purpose

if TYPE_CHECKING:
    from sithsclient.enroll.transport import HttpTransfer

FIXED_NONCE = bytes.fromhex("f00dfeedf00dfeedf00dfeedf00dfeed")
OTHER_HOLDER = Holder("Bo", "Berg", "SE2120001234-S000000000777", "Kommun Övning")


class _FixedRandom:
    """Stands in for the `os` module inside `sithsclient.enroll.message`, whose only use of it is new_nonce."""

    @staticmethod
    def urandom(size: int) -> bytes:
        return (FIXED_NONCE * (size // len(FIXED_NONCE) + 1))[:size]


def bend_for_fuzzing() -> None:
    """Fixed nonces and cheap MACs for this process (see the module's docstring). Idempotent."""
    setattr(message, "os", _FixedRandom)  # noqa: B010 (mypy would refuse a plain assignment of another type)
    setattr(mac, "PBM_ITERATIONS", 100)  # noqa: B010
    setattr(mac, "PBMAC1_ITERATIONS", 1000)  # noqa: B010
    # The service logs every refusal at INFO and the client every exchange; a million of them are noise.
    logging.getLogger("sithsclient").setLevel(logging.ERROR)


def scratch(work: Path, name: str) -> Path:
    """A directory for files written on every input: on tmpfs where there is one (opening a file on the disk
    here costs milliseconds under load), one per work directory so that two campaigns never share it."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        return work / name
    tag = hashlib.sha256(str(work.resolve()).encode()).hexdigest()[:12]
    return shm / f"sithsclient-fuzz-{tag}" / name


def _ec_ca(cn: str, parent: CA) -> CA:
    """An issuing CA with an EC key under a practice root, with what the client wants of a CMP signer."""
    return make_ca(cn, parent, key=ec.generate_private_key(ec.SECP256R1()))


class MemoryLedger(Ledger):
    """The service's issued log in memory: the real one fsyncs a line per refusal, a million fsyncs here. Its
    folder stays empty, so each service starts with no history, as a fresh one does."""

    def __init__(self) -> None:
        super().__init__(Path(tempfile.gettempdir()) / "sithsclient-fuzz-ledger")
        self.events = 0

    def _write(self, entry: dict[str, Any]) -> None:
        self.events += 1


@dataclass
class Recording:
    """An HTTP transfer that hands each request to the service in-process and keeps both sides."""

    service: IssuingService
    requests: list[bytes] = field(default_factory=list)
    responses: list[bytes] = field(default_factory=list)

    def post(self, data: bytes) -> bytes:
        self.requests.append(data)
        reply = self.service.handle(data)
        if reply.status != 200:
            raise HttpStatusError(reply.status)
        self.responses.append(reply.body)
        return reply.body

    def close(self) -> None:
        pass

    def __enter__(self) -> Recording:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class Replay:
    """An HTTP transfer that answers the client's requests with given answers, in order, then fails."""

    def __init__(self, answers: list[bytes]) -> None:
        self._answers = answers

    def post(self, data: bytes) -> bytes:
        if not self._answers:
            raise ServiceUnreachable("no more answers in this input")
        return self._answers.pop(0)

    def close(self) -> None:
        pass

    def __enter__(self) -> Replay:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class OfflineEnroller(CmpEnroller):
    """The real client with the HTTP transfer given: `transfer()` makes a fresh one for each transaction."""

    def __init__(self, settings: CmpSettings, transfer: Callable[[], Recording | Replay]) -> None:
        super().__init__(settings, sleep=lambda seconds: None)
        self._transfer = transfer

    def _http(self) -> HttpTransfer:
        return cast("HttpTransfer", self._transfer())


@dataclass
class World:
    hierarchy: PracticeHierarchy
    issuing: CA
    state: Path  # the orders' directory lives here
    auth_key: ec.EllipticCurvePrivateKey
    auth_cert: x509.Certificate
    sign_key: ec.EllipticCurvePrivateKey
    sign_cert: x509.Certificate
    new_keys: dict[Purpose, ec.EllipticCurvePrivateKey]
    order: Order
    order_file: Path
    order_bytes: bytes  # the order as made, written back before each input so that inputs do not interact

    @classmethod
    def make(cls, hierarchy_dir: Path, state: Path) -> World:
        bend_for_fuzzing()
        hierarchy = PracticeHierarchy.load_or_create(hierarchy_dir)
        issuing = _ec_ca("SITHS e-id Person HSA-id 3 CA v1 (fuzz)", hierarchy.root)
        auth_key, sign_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(parents=True)
        order = OrderBook(state).create(OTHER_HOLDER)
        order_file = state / OrderBook.DIRECTORY / f"{order.reference}.json"
        return cls(
            hierarchy=hierarchy,
            issuing=issuing,
            state=state,
            auth_key=auth_key,
            auth_cert=hierarchy.legacy_card_certificate(PRACTICE_HOLDER, auth_key.public_key(), Purpose.AUTHENTICATION),
            sign_key=sign_key,
            sign_cert=hierarchy.legacy_card_certificate(PRACTICE_HOLDER, sign_key.public_key(), Purpose.SIGNATURE),
            new_keys={p: ec.generate_private_key(ec.SECP256R1()) for p in Purpose},
            order=order,
            order_file=order_file,
            order_bytes=order_file.read_bytes(),
        )

    def keys(self) -> IssuerKeys:
        h = self.hierarchy
        return IssuerKeys(
            issuing=self.issuing,
            chain=(self.issuing.cert, h.root.cert),
            trust_anchors=tuple(h.trust_anchors()),
            intermediates=(h.legacy_ca.cert, h.spare_ca.cert),
            untrusted=h.foreign_ca,
        )

    def service(self, fault: FaultSetting | None = None) -> IssuingService:
        """A fresh service (no transactions, an empty ledger) with the order as it was made."""
        self.order_file.write_bytes(self.order_bytes)
        return IssuingService(self.keys(), MemoryLedger(), FaultSwitch(fault), OrderBook(self.state))

    def settings(self, **overrides: object) -> CmpSettings:
        settings = CmpSettings(
            url="http://127.0.0.1:1/pkix/",
            cmp_trust=(self.issuing.cert,),
            trust_anchors=(self.hierarchy.root.cert,),
            intermediates=(self.issuing.cert, self.hierarchy.root.cert),
            recipient=self.issuing.cert.subject,
            max_pending_seconds=5.0,
            poll_retries=0,
        )
        return replace(settings, **overrides)  # type: ignore[arg-type]

    def key_update(self, purpose: Purpose) -> KeyUpdateRequest:
        return KeyUpdateRequest(
            purpose=purpose,
            authentication=CardCredential(self.auth_key, self.auth_cert, (self.hierarchy.legacy_ca.cert,)),
            replaces=self.auth_cert if purpose is Purpose.AUTHENTICATION else self.sign_cert,
            new_key=self.new_keys[purpose],
        )

    def initial(self, purpose: Purpose, secret: str | None = None) -> InitialRequest:
        return InitialRequest(
            purpose=purpose,
            reference=self.order.reference,
            secret=self.order.secret or "" if secret is None else secret,
            subject=self.order.subject,
            new_key=self.new_keys[purpose],
        )


# --- real exchanges, for the seeds ---------------------------------------------------------------------------

# What the client does in each recorded exchange.
KEY_UPDATE_AUTH, KEY_UPDATE_SIGN, INITIAL, ORDERED_SUBJECT = 0, 1, 2, 3


@dataclass(frozen=True)
class Exchange:
    name: str
    operation: int
    fault: Fault
    requests: tuple[bytes, ...]
    responses: tuple[bytes, ...]


_SCENARIOS: tuple[tuple[str, int, FaultSetting, dict[str, object], str | None], ...] = (
    ("kur-auth", KEY_UPDATE_AUTH, FaultSetting(), {}, None),
    ("kur-sign", KEY_UPDATE_SIGN, FaultSetting(), {}, None),
    ("kur-implicit", KEY_UPDATE_AUTH, FaultSetting(), {"implicit_confirm": True}, None),
    ("kur-pending", KEY_UPDATE_SIGN, FaultSetting(Fault.PENDING, polls=2, check_after=0), {}, None),
    ("kur-reject", KEY_UPDATE_AUTH, FaultSetting(Fault.REJECT), {}, None),
    ("kur-wrong-key", KEY_UPDATE_AUTH, FaultSetting(Fault.WRONG_KEY), {}, None),
    ("kur-wrong-subject", KEY_UPDATE_AUTH, FaultSetting(Fault.WRONG_SUBJECT), {}, None),
    ("kur-untrusted", KEY_UPDATE_AUTH, FaultSetting(Fault.UNTRUSTED_ISSUER), {}, None),
    ("kur-bad-protection", KEY_UPDATE_AUTH, FaultSetting(Fault.BAD_PROTECTION), {}, None),
    ("ir-pbm", INITIAL, FaultSetting(), {}, None),
    ("ir-pbmac1", INITIAL, FaultSetting(), {"mac": mac.MacKind.PBMAC1}, None),
    ("ir-pending", INITIAL, FaultSetting(Fault.PENDING, polls=1, check_after=0), {}, None),
    ("ir-wrong-code", INITIAL, FaultSetting(), {}, "WRONG-CODE-0000"),
    ("genm-template", ORDERED_SUBJECT, FaultSetting(), {}, None),
    ("genm-wrong-code", ORDERED_SUBJECT, FaultSetting(), {}, "WRONG-CODE-0000"),
)


def run_client(world: World, enroller: CmpEnroller, operation: int, secret: str | None = None) -> None:
    """One client operation; raises what the client raises."""
    if operation == KEY_UPDATE_AUTH:
        enroller.key_update(world.key_update(Purpose.AUTHENTICATION))
    elif operation == KEY_UPDATE_SIGN:
        enroller.key_update(world.key_update(Purpose.SIGNATURE))
    elif operation == INITIAL:
        enroller.initial_enroll(world.initial(Purpose.SIGNATURE, secret))
    else:
        enroller.ordered_subject(world.order.reference, world.order.secret or "" if secret is None else secret)


def exchanges(world: World) -> list[Exchange]:
    """Each scenario run for real, client against service, every message kept."""
    out = []
    for name, operation, fault, overrides, secret in _SCENARIOS:
        service = world.service(fault)
        recordings: list[Recording] = []

        def transfer(service: IssuingService = service, recordings: list[Recording] = recordings) -> Recording:
            recordings.append(Recording(service))
            return recordings[-1]

        with contextlib.suppress(EnrollmentError):  # the faults' exchanges end so; what was said is recorded
            run_client(world, OfflineEnroller(world.settings(**overrides), transfer), operation, secret)
        for recording in recordings:
            out.append(Exchange(name, operation, fault.fault, tuple(recording.requests), tuple(recording.responses)))
    return out


def split_der(data: bytes, limit: int = 8) -> list[bytes]:
    """Concatenated DER messages, split by their outer lengths; what cannot be split stays one (last) piece.
    DER delimits itself, so an input can be a whole exchange and the fuzzer still mutates plain messages."""
    parts: list[bytes] = []
    while data and len(parts) < limit - 1:
        size = _der_size(data)
        if size is None or size >= len(data):
            break
        parts.append(data[:size])
        data = data[size:]
    if data:
        parts.append(data)
    return parts


def _der_size(data: bytes) -> int | None:
    if len(data) < 2:
        return None
    first = data[1]
    if first < 0x80:
        return 2 + first
    octets = first & 0x7F
    if not 1 <= octets <= 4 or len(data) < 2 + octets:
        return None
    return 2 + octets + int.from_bytes(data[2 : 2 + octets], "big")
