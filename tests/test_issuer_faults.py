"""Every fault of the practice issuing service, through our client: a clear typed error, never a certificate.

Also the service's own promises: faults switch while it runs (in-process and over the control endpoint), and
a transaction is never issued twice, not even after a restart.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from sithsclient.demo.issuer import FaultSetting, IssuerServer
from sithsclient.enroll import (
    CertificateRejected,
    CmpEnroller,
    EnrollmentError,
    HttpStatusError,
    MalformedMessage,
    ProtectionError,
    ResponseTooLarge,
    ServiceErrorMessage,
    ServiceRefused,
    ServiceTimeout,
    StillPending,
)
from sithsclient.enroll.build import key_update_body
from sithsclient.enroll.message import header, new_nonce, seal, subject_key_id
from sithsclient.enroll.response import parse_response
from sithsclient.enroll.transport import HttpTransfer
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import SoftwareCard, StartIssuer, ledger_events, rsa_key

FAULTS = [
    # fault, error type, stable code, what the service's log must show for the transaction
    ("http_500", HttpStatusError, "network.http_status", []),
    ("reject", ServiceRefused, "service.refused", ["refused"]),
    ("wrong_key", CertificateRejected, "certificate.wrong_public_key", ["issued", "rejected_by_client"]),
    ("wrong_subject", CertificateRejected, "certificate.wrong_hsa_id", ["issued", "rejected_by_client"]),
    ("untrusted_issuer", CertificateRejected, "certificate.untrusted_issuer", ["issued", "rejected_by_client"]),
    ("bad_protection", ProtectionError, "cmp.protection", ["issued"]),
    ("garbage", MalformedMessage, "cmp.malformed", []),
    ("oversized", ResponseTooLarge, "network.too_large", []),
]


@pytest.mark.parametrize(("fault", "error", "code", "logged"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_gives_a_typed_error_and_no_certificate(
    issuer: IssuerServer,
    soft_card: SoftwareCard,
    fault: str,
    error: type[EnrollmentError],
    code: str,
    logged: list[str],
) -> None:
    issuer.set_fault(fault)
    with pytest.raises(error) as failed:
        CmpEnroller(issuer.client_settings()).key_update(soft_card.request(Purpose.AUTHENTICATION))

    assert failed.value.code == code
    assert failed.value.message  # a sentence for a person, from the one table
    assert "Traceback" not in str(failed.value)
    assert ledger_events(issuer) == logged


def test_a_certificate_that_fails_a_check_is_rejected_in_certconf(
    issuer: IssuerServer, soft_card: SoftwareCard
) -> None:
    """The service learns that its certificate is not in use (so it can revoke it), not just silence."""
    issuer.set_fault("wrong_subject")
    with pytest.raises(CertificateRejected) as failed:
        CmpEnroller(issuer.client_settings()).key_update(soft_card.request(Purpose.SIGNATURE))
    assert failed.value.problems[:2] == ("wrong_hsa_id", "wrong_subject")
    rejected = [e for e in issuer.service.ledger.entries() if e["event"] == "rejected_by_client"]
    assert len(rejected) == 1 and rejected[0]["reason"] == "wrong_hsa_id, wrong_subject"


def test_delay_longer_than_the_timeout_is_a_timeout(issuer: IssuerServer, soft_card: SoftwareCard) -> None:
    issuer.set_fault(FaultSetting.parse("delay=2"))
    enroller = CmpEnroller(issuer.client_settings(read_timeout=0.3))
    with pytest.raises(ServiceTimeout) as failed:
        enroller.key_update(soft_card.request(Purpose.AUTHENTICATION))
    assert failed.value.code == "network.timeout"


def test_short_delay_is_waited_out(issuer: IssuerServer, soft_card: SoftwareCard) -> None:
    issuer.set_fault("delay=0.3")
    result = CmpEnroller(issuer.client_settings()).key_update(soft_card.request(Purpose.AUTHENTICATION))
    assert result.certificate.subject == soft_card.auth_cert.subject


def test_pending_is_polled_with_the_services_pace(issuer: IssuerServer, soft_card: SoftwareCard) -> None:
    issuer.set_fault(FaultSetting.parse("pending=3"))
    waits: list[float] = []
    slept: list[float] = []
    enroller = CmpEnroller(issuer.client_settings(), on_pending=waits.append, sleep=slept.append)

    request = soft_card.request(Purpose.AUTHENTICATION)
    result = enroller.key_update(request)

    assert result.certificate.public_key() == request.new_key.public_key()
    assert waits == [1.0, 1.0, 1.0] == slept  # three pollReps with checkAfter 1 s, then the certificate
    assert ledger_events(issuer, result.transaction_id) == ["issued", "confirmed"]


def test_pending_for_too_long_gives_up_with_a_typed_error(issuer: IssuerServer, soft_card: SoftwareCard) -> None:
    issuer.set_fault("pending=5")
    clock = iter(range(0, 10_000, 100))  # every look at the clock, 100 s have passed
    enroller = CmpEnroller(
        issuer.client_settings(max_pending_seconds=250), sleep=lambda _s: None, clock=lambda: float(next(clock))
    )
    with pytest.raises(StillPending) as failed:
        enroller.key_update(soft_card.request(Purpose.AUTHENTICATION))
    assert failed.value.code == "service.pending"
    assert "issued" not in ledger_events(issuer)


def test_faults_switch_over_the_control_endpoint_while_running(issuer: IssuerServer, soft_card: SoftwareCard) -> None:
    put = urllib.request.Request(issuer.control_url, data=json.dumps({"fault": "reject"}).encode(), method="PUT")
    with urllib.request.urlopen(put, timeout=5) as answer:
        assert json.load(answer)["fault"] == "reject"
    with pytest.raises(ServiceRefused):
        CmpEnroller(issuer.client_settings()).key_update(soft_card.request(Purpose.AUTHENTICATION))

    put = urllib.request.Request(issuer.control_url, data=b"none", method="PUT")
    urllib.request.urlopen(put, timeout=5).close()
    CmpEnroller(issuer.client_settings()).key_update(soft_card.request(Purpose.AUTHENTICATION))


def _kur_bytes(issuer: IssuerServer, card: SoftwareCard) -> bytes:
    """One sealed kur, to be sent more than once."""
    pki_header = header(
        sender=card.auth_cert.subject,
        recipient=None,
        transaction_id=new_nonce(),
        sender_nonce=new_nonce(),
        sender_kid=subject_key_id(card.auth_cert),
    )
    body = key_update_body(rsa_key(), card.auth_cert)
    return seal(pki_header, body, card.auth_key, [card.auth_cert, card.hierarchy.legacy_ca.cert])


def test_a_transaction_is_never_issued_twice_even_after_a_restart(
    start_issuer: StartIssuer, soft_card: SoftwareCard, tmp_path: object
) -> None:
    first = start_issuer(soft_card.hierarchy)
    state = first.service.ledger.path.parent
    message = _kur_bytes(first, soft_card)
    with HttpTransfer(first.url) as http:
        assert parse_response(http.post(message)).body_type == "kup"
        again = parse_response(http.post(message))
    assert again.body_type == "error"
    assert again.error is not None and again.error.status.fail_info == {"transaction_id_in_use"}
    first.stop()

    restarted = start_issuer(soft_card.hierarchy, state=state)
    with HttpTransfer(restarted.url) as http:
        after_restart = parse_response(http.post(message))
    assert after_restart.error is not None and after_restart.error.status.fail_info == {"transaction_id_in_use"}
    assert [e["event"] for e in restarted.service.ledger.entries()].count("issued") == 1


def test_refusals_of_the_request_itself_come_as_protected_error_messages(
    issuer: IssuerServer, soft_card: SoftwareCard
) -> None:
    """A kur protected by a key that is not the old certificate's: the service says so, signed, and issues nothing."""
    request = soft_card.request(Purpose.AUTHENTICATION, protect_with=rsa_key())
    with pytest.raises(ServiceErrorMessage) as refused:
        CmpEnroller(issuer.client_settings()).key_update(request)
    assert refused.value.fail_info == {"bad_message_check"}
    assert "issued" not in ledger_events(issuer)
