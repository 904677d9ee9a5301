"""The client reading and checking the issuing service's answers: enroll/response.py (parsing), checks.py
(protection, transaction, nonces), mac.py and protection.py (MAC and signature checks), client.py (the bodies,
polling, confirmation) and pki/ (the checks of an issued certificate), all through the real `CmpEnroller`.

An input is one byte saying what the client does (low two bits: key update of the authentication or the
signature certificate, initial enrollment with a one-time code, or asking for an order's subject; 0x04: believe
any protection, so that mutated signed parts reach the body and certificate checks; 0x08: PBMAC1 rather than
PasswordBasedMac; 0x10: ask for implicit confirmation), then the service's answers as DER PKIMessages one after
another: each request of the client gets the next one; when they run out the service is unreachable.

Promise (enroll/interface.py `Enroller`): every failure is an `EnrollmentError` with a stable code
(enroll/errors.py); a success is a certificate for the card's new key (or, for the order, a non-empty name).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509

from fuzz.harness import Broken, Target
from fuzz.world import (
    FIXED_NONCE,
    INITIAL,
    KEY_UPDATE_AUTH,
    KEY_UPDATE_SIGN,
    ORDERED_SUBJECT,
    OfflineEnroller,
    Replay,
    World,
    exchanges,
    scratch,
    split_der,
)
from sithsclient.enroll import EnrollmentError, KeyUpdateResult, MacKind, asn1, build
from sithsclient.enroll import client as client_module
from sithsclient.enroll.response import Response
from sithsclient.pki.model import Purpose

MAX_LEN = 16384
TRUST_ANY, PBMAC1, IMPLICIT = 0x04, 0x08, 0x10
RECORDED = Path(__file__).resolve().parents[2] / "tests" / "data" / "cmp"  # OpenSSL's answers (record.py)


def _believe(self: object, response: Response, trust: tuple[x509.Certificate, ...]) -> None:
    pass


@contextmanager
def _any_protection_believed(on: bool) -> Iterator[None]:
    """Skips the protection check of both ways of protecting, for one input: a signed part changed by one bit
    would otherwise never get past it, and what comes after must hold even for a CA that sends odd content."""
    if not on:
        yield
        return
    saved = client_module._CardSignature.check, client_module._OneTimeCode.check
    client_module._CardSignature.check = _believe  # type: ignore[method-assign]
    client_module._OneTimeCode.check = _believe  # type: ignore[method-assign]
    try:
        yield
    finally:
        client_module._CardSignature.check, client_module._OneTimeCode.check = saved  # type: ignore[method-assign]


class _AnswersOnly(OfflineEnroller):
    """The client with its requests not built: the answers it gets do not depend on them (Replay ignores them,
    the nonce is fixed), and building and signing them is four fifths of the time of an input."""

    def _seal(self, tx: client_module._Transaction, body: asn1.PKIBody) -> tuple[bytes, bytes]:
        tx.first = False
        return b"", FIXED_NONCE


def _no_request_bodies() -> None:
    body = build.poll_req_body()  # any body: the client only logs its name

    def any_body(*args: object, **kwargs: object) -> asn1.PKIBody:
        return body

    for name in ("key_update_body", "initial_body", "cert_req_template_body", "poll_req_body", "cert_conf_body"):
        setattr(client_module, name, any_body)


def prepare(work: Path, hierarchy: Path) -> Target:
    world = World.make(hierarchy, scratch(work, "state"))
    seeds = []
    for exchange in exchanges(world):
        for extra in (0, TRUST_ANY):
            seeds.append(bytes([exchange.operation | extra]) + b"".join(exchange.responses))
    seeds.append(
        bytes([INITIAL | PBMAC1]) + b"".join(e.responses[0] for e in exchanges(world) if e.name == "ir-pbmac1")
    )
    for recorded in sorted(RECORDED.glob("*-response.der")):
        seeds.append(bytes([KEY_UPDATE_AUTH]) + recorded.read_bytes())

    _no_request_bodies()  # after the seeds: they are real exchanges

    def one_input(data: bytes) -> None:
        if not data:
            return
        mode, answers = data[0], split_der(data[1:])
        operation = mode & 0x03
        settings = world.settings(
            mac=MacKind.PBMAC1 if mode & PBMAC1 else MacKind.PASSWORD_BASED_MAC, implicit_confirm=bool(mode & IMPLICIT)
        )
        enroller = _AnswersOnly(settings, lambda: Replay(list(answers)))
        with _any_protection_believed(bool(mode & TRUST_ANY)):
            try:
                if operation == ORDERED_SUBJECT:
                    name = enroller.ordered_subject(world.order.reference, world.order.secret or "")
                    if not isinstance(name, x509.Name) or not list(name):
                        raise Broken(f"ordered_subject returned {name!r}")
                    return
                if operation == INITIAL:
                    purpose = Purpose.SIGNATURE
                    result = enroller.initial_enroll(world.initial(purpose))
                else:
                    purpose = Purpose.AUTHENTICATION if operation == KEY_UPDATE_AUTH else Purpose.SIGNATURE
                    assert operation in (KEY_UPDATE_AUTH, KEY_UPDATE_SIGN)
                    result = enroller.key_update(world.key_update(purpose))
            except EnrollmentError as error:
                if not (error.code and error.message):
                    raise Broken(f"{type(error).__name__} without a code or a sentence") from error
                return
        if not isinstance(result, KeyUpdateResult):
            raise Broken(f"the client returned {result!r}")
        if result.certificate.public_key() != world.new_keys[purpose].public_key():
            raise Broken("the client accepted a certificate for another key than the card's new one")

    return Target(seeds, one_input)
