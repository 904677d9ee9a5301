"""Reading CMP messages: recorded exchanges of OpenSSL's client and mock server (tests/data/cmp, re-recorded by
its record.py), and property tests: whatever bytes arrive, the client raises only its own typed errors and the
practice service always answers with a CMP message."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.issuer import FaultSwitch, IssuerKeys, IssuingService, Ledger
from sithsclient.enroll import EnrollmentError, MalformedMessage
from sithsclient.enroll.checks import check_envelope, check_protection
from sithsclient.enroll.response import Response, parse_response

DATA = Path(__file__).parent / "data" / "cmp"
CA = x509.load_pem_x509_certificate((DATA / "ca.pem").read_bytes())
ANCHORS = x509.load_pem_x509_certificates((DATA / "anchors.pem").read_bytes())
RECORDED_AT = dt.datetime.fromisoformat((DATA / "recorded-at.txt").read_text().strip())
RESPONSES = {p.name: p.read_bytes() for p in sorted(DATA.glob("*-response.der"))}
REQUESTS = {p.name: p.read_bytes() for p in sorted(DATA.glob("*-request.der"))}


def recorded(name: str) -> Response:
    response = parse_response(RESPONSES[name])
    # OpenSSL's encoding of header and body is what its signature covers: proven by checking it as received.
    assert check_protection(response, [CA], at=RECORDED_AT) == CA
    return response


def test_recorded_granted_key_update() -> None:
    kup = recorded("granted-1-response.der")
    assert kup.body_type == "kup" and kup.pvno == 2
    (answer,) = kup.cert_responses
    assert answer.cert_req_id == 0 and answer.status.granted
    assert answer.certificate is not None
    assert answer.certificate.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == (
        "SE2321000131-S000000012345"
    )
    assert CA in kup.extra_certs and len(kup.transaction_id or b"") == 16 and kup.recip_nonce
    confirmed = recorded("granted-2-response.der")
    assert confirmed.body_type == "pkiconf" and confirmed.transaction_id == kup.transaction_id


def test_a_protection_that_declares_unused_bits_is_malformed() -> None:
    """The same signature bytes behind an altered unused-bits octet must not pass as the signed answer."""
    der = RESPONSES["granted-1-response.der"]
    signature = parse_response(der).protection
    assert signature
    at = der.rfind(b"\x00" + signature)
    assert at > 0
    for unused in (1, 7):
        altered = der[:at] + bytes([unused]) + der[at + 1 :]
        with pytest.raises(MalformedMessage, match="not a whole number of octets"):
            parse_response(altered)


def test_recorded_delayed_delivery() -> None:
    assert recorded("polled-1-response.der").cert_responses[0].status.status == "waiting"
    poll = recorded("polled-2-response.der")
    assert poll.body_type == "poll_rep" and [(p.cert_req_id, p.check_after) for p in poll.poll_responses] == [(0, 0)]
    assert recorded("polled-3-response.der").cert_responses[0].certificate is not None


def test_recorded_refusals_keep_the_services_words() -> None:
    (answer,) = recorded("rejected-1-response.der").cert_responses
    assert (answer.status.status, answer.status.fail_info, answer.status.text) == (
        "rejection",
        {"not_authorized"},
        "card blocked",
    )
    error = recorded("error-1-response.der").error
    assert error is not None and error.status.fail_info == {"bad_request"}


def test_a_response_from_another_transaction_is_told_apart() -> None:
    granted = recorded("granted-1-response.der")
    other = recorded("polled-1-response.der")
    assert other.transaction_id != granted.transaction_id
    with pytest.raises(EnrollmentError):
        check_envelope(other, transaction_id=granted.transaction_id or b"", sent_nonce=granted.recip_nonce or b"")


# --- properties ----------------------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, pool: dict[str, bytes]) -> bytes:
    """A recorded message with a few bytes changed, cut, inserted or dropped: close to valid, so deep paths run."""
    data = bytearray(draw(st.sampled_from(sorted(pool.values()))))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1)) if data else 0
        kind = draw(st.sampled_from(["set", "cut", "insert", "drop"]))
        if kind == "set" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif data:
            del data[at]
    return bytes(data)


def read_and_check(data: bytes) -> None:
    """Everything the client does with an answer's bytes before it looks at the body."""
    response = parse_response(data)
    check_protection(response, [CA], at=RECORDED_AT)
    check_envelope(response, transaction_id=response.transaction_id or b"", sent_nonce=response.recip_nonce or b"")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_are_malformed_or_read(data: bytes) -> None:
    with contextlib.suppress(MalformedMessage):
        parse_response(data)


@settings(max_examples=400, deadline=None)
@given(mutated(RESPONSES))
def test_damaged_responses_raise_only_typed_errors(data: bytes) -> None:
    try:
        read_and_check(data)
    except EnrollmentError as error:
        assert error.code and error.message


@pytest.fixture(scope="module")
def fuzzed_service(cmp_hierarchy: PracticeHierarchy, tmp_path_factory: pytest.TempPathFactory) -> IssuingService:
    """The practice service, trusting the recorded requests' roots so that undamaged parts get far."""
    keys = IssuerKeys(
        issuing=cmp_hierarchy.person_ca,
        chain=tuple(cmp_hierarchy.chain_of(cmp_hierarchy.person_ca)),
        trust_anchors=tuple(ANCHORS),
        intermediates=(),
        untrusted=cmp_hierarchy.foreign_ca,
    )
    return IssuingService(keys, Ledger(tmp_path_factory.mktemp("fuzzed-issuer")), FaultSwitch())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(mutated(REQUESTS), st.binary(max_size=512)))
def test_the_practice_service_answers_anything_with_a_cmp_message(fuzzed_service: IssuingService, data: bytes) -> None:
    reply = fuzzed_service.handle(data)
    assert reply.status == 200
    answer = parse_response(reply.body)
    assert answer.body_type in ("error", "kup", "poll_rep", "pkiconf")
    assert check_protection(answer, [fuzzed_service.keys.issuing.cert]) == fuzzed_service.keys.issuing.cert
