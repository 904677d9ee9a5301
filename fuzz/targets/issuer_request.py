"""The practice issuing service's handling of requests: demo/issuer/service.py (every check of a key update,
an initial request with a one-time code, polling, confirmation and the certificate template) and the orders.

An input is one byte choosing the service's fault (none, reject, wrong key, wrong subject, untrusted issuer,
bad protection, pending), then the requests of one transaction as DER PKIMessages one after another, each
handed to the same fresh service (no transactions yet, an empty ledger, the order as it was made).

Promise (service.py `handle`): every request gets HTTP 200 and a CMP message the client can read, protected by
the issuing CA's signature or by a MAC with the order's code; and no request trips the service's last-resort
handler ("failed on a request"): the person still gets an answer there, but one that says nothing about what
was wrong, so an input that reaches it is a finding too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fuzz.harness import Broken, Target
from fuzz.world import World, exchanges, scratch, split_der
from sithsclient.demo.issuer import FaultSetting
from sithsclient.demo.issuer.faults import Fault
from sithsclient.enroll import EnrollmentError
from sithsclient.enroll.checks import check_mac_protection, check_protection
from sithsclient.enroll.mac import is_mac_algorithm
from sithsclient.enroll.response import parse_response

MAX_LEN = 16384
FAULTS = (
    FaultSetting(),
    FaultSetting(Fault.REJECT),
    FaultSetting(Fault.WRONG_KEY),
    FaultSetting(Fault.WRONG_SUBJECT),
    FaultSetting(Fault.UNTRUSTED_ISSUER),
    FaultSetting(Fault.BAD_PROTECTION),
    FaultSetting(Fault.PENDING, polls=1, check_after=0),
)
ANSWERS = frozenset({"error", "kup", "ip", "poll_rep", "pkiconf", "genp"})
RECORDED = Path(__file__).resolve().parents[2] / "tests" / "data" / "cmp"  # OpenSSL's requests (record.py)


class _LastResort(logging.Handler):
    """Keeps the exception of the service's `log.exception("failed on a request")`."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.caught: BaseException | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.caught = record.exc_info[1]


def prepare(work: Path, hierarchy: Path) -> Target:
    world = World.make(hierarchy, scratch(work, "state"))
    seeds = []
    for exchange in exchanges(world):
        seeds.append(bytes([FAULTS.index(next(f for f in FAULTS if f.fault is exchange.fault))]))
        seeds[-1] += b"".join(exchange.requests)
    for recorded in sorted(RECORDED.glob("*-request.der")):
        seeds.append(b"\x00" + recorded.read_bytes())
    last_resort = _LastResort()
    service_log = logging.getLogger("sithsclient.demo.issuer.service")
    service_log.addHandler(last_resort)
    service_log.propagate = False  # the handler above is all we want of it
    issuing = world.issuing.cert
    secret = (world.order.secret or "").encode()

    def one_input(data: bytes) -> None:
        if not data:
            return
        fault = FAULTS[data[0] % len(FAULTS)]
        service = world.service(fault)
        for request in split_der(data[1:]):
            last_resort.caught = None
            reply = service.handle(request)
            if last_resort.caught is not None:
                raise last_resort.caught  # the finding is where it was raised
            if reply.status != 200:
                raise Broken(f"HTTP {reply.status} for a CMP request")
            try:
                answer = parse_response(reply.body)
                if answer.body_type not in ANSWERS:
                    raise Broken(f"answered with a {answer.body_type}")
                if fault.fault is not Fault.BAD_PROTECTION:
                    assert answer.protection_alg is not None
                    if is_mac_algorithm(answer.protection_alg):
                        check_mac_protection(answer, secret)
                    else:
                        check_protection(answer, [issuing])
            except EnrollmentError as error:
                raise Broken(f"the client cannot use the service's answer: {error}") from error

    return Target(seeds, one_input)
