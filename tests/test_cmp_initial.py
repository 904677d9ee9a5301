"""Initial enrollment with a one-time code, our client against the practice service: the pair fetched with one
code, wrong, used or blocked codes refused each with its own error, every fault of the service, polling, keys on
SoftHSM2. What neither side may believe (bent MACs, untrusted signatures, the code in logs, altered bytes) is in
test_cmp_initial_protection.py; the independent peers are in test_cmp_initial_openssl_server.py and
test_issuer_initial_openssl_client.py."""

from __future__ import annotations

import json

import pytest

from sithsclient.card.layouts import PinRole
from sithsclient.codes import find as known_code
from sithsclient.demo.issuer import IssuerServer, Order
from sithsclient.demo.issuer.orders import MAX_FAILURES
from sithsclient.enroll import (
    CertificateRejected,
    CmpEnroller,
    EnrollmentError,
    InitialRequest,
    MacKind,
    MacMismatch,
    MalformedMessage,
    OneTimeCodeRefused,
    OneTimeCodeUsed,
    ServiceRefused,
    asn1,
    mac,
)
from sithsclient.enroll.build import initial_body, key_update_body
from sithsclient.enroll.checks import check_protection
from sithsclient.enroll.message import header, new_nonce, seal, seal_mac, subject_key_id
from sithsclient.enroll.protection import SigningKey
from sithsclient.enroll.response import parse_response
from sithsclient.enroll.transport import HttpTransfer
from sithsclient.pki.issued import key_usage_fits
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import SoftwareCard, ledger_events, rsa_key
from tests.fixtures.softhsm import SoftHsmCard

ORDERED_HSA_ID = "SE2120001234-S000000000777"


def ordered(
    order: Order, purpose: Purpose, new_key: SigningKey | None = None, *, secret: str | None = None
) -> InitialRequest:
    assert order.secret is not None
    return InitialRequest(purpose, order.reference, secret or order.secret, order.subject, new_key or rsa_key())


def enroll(issuer: IssuerServer, request: InitialRequest, **settings_: object) -> CmpEnroller:
    enroller = CmpEnroller(issuer.client_settings(**settings_))
    enroller.initial_enroll(request)
    return enroller


# --- the exchange ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(MacKind))
def test_the_pair_is_fetched_with_one_code_and_the_code_is_then_gone(
    issuer: IssuerServer, soft_card: SoftwareCard, kind: MacKind
) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    enroller = CmpEnroller(issuer.client_settings(mac=kind))
    results = {}
    for purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE):
        request = ordered(order, purpose)
        results[purpose] = result = enroller.initial_enroll(request)
        assert result.certificate.public_key() == request.new_key.public_key()
        assert result.certificate.subject == order.subject
        assert key_usage_fits(result.certificate, purpose)
        assert result.chain == issuer.service.keys.chain
        assert ledger_events(issuer, result.transaction_id) == ["issued", "confirmed"]

    # Another organisation's pair, not the card's: its own HSA-ID, and nothing said about the card's certificates.
    assert results[Purpose.AUTHENTICATION].certificate.subject != soft_card.auth_cert.subject
    assert all("replaces_serial" not in e for e in issuer.service.ledger.entries())
    assert issuer.service.orders is not None
    closed = issuer.service.orders.get(order.reference)
    assert closed is not None and closed.secret is None and closed.used == (Purpose.AUTHENTICATION, Purpose.SIGNATURE)


def test_a_wrong_code_is_refused_with_its_own_error_and_counted(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    with pytest.raises(OneTimeCodeRefused) as refused:
        enroll(issuer, ordered(order, Purpose.AUTHENTICATION, secret="AAAA-BBBB-CCCC"))
    assert refused.value.code == "service.code_refused" and known_code(refused.value.code) is not None
    assert refused.value.fail_info == {"bad_message_check"}
    assert "one-time code" in refused.value.message
    assert issuer.service.orders is not None
    assert issuer.service.orders.get(order.reference).failures == 1  # type: ignore[union-attr]
    enroll(issuer, ordered(order, Purpose.AUTHENTICATION))  # the right code still works


def test_after_too_many_wrong_codes_the_order_is_blocked_and_its_code_erased(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    for attempt in range(MAX_FAILURES):
        with pytest.raises(OneTimeCodeRefused):
            enroll(issuer, ordered(order, Purpose.AUTHENTICATION, secret=f"WRONG-{attempt}"))
    with pytest.raises(OneTimeCodeRefused) as refused:
        enroll(issuer, ordered(order, Purpose.AUTHENTICATION))
    assert "blocked" in refused.value.text
    assert issuer.service.orders is not None
    blocked = issuer.service.orders.get(order.reference)
    assert blocked is not None and blocked.blocked and blocked.secret is None
    assert "issued" not in ledger_events(issuer)


def test_a_used_code_is_refused_with_its_own_error(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID, purposes=[Purpose.AUTHENTICATION])
    enroll(issuer, ordered(order, Purpose.AUTHENTICATION))
    with pytest.raises(OneTimeCodeUsed) as used:
        enroll(issuer, ordered(order, Purpose.AUTHENTICATION))
    assert used.value.code == "service.code_used" and known_code(used.value.code) is not None
    assert ledger_events(issuer).count("issued") == 1


def test_the_same_certificate_of_a_pair_twice_is_refused_as_used(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    enroll(issuer, ordered(order, Purpose.SIGNATURE))
    with pytest.raises(OneTimeCodeUsed):
        enroll(issuer, ordered(order, Purpose.SIGNATURE))
    enroll(issuer, ordered(order, Purpose.AUTHENTICATION))  # the other one is still there


def test_an_unknown_reference_is_refused_as_a_wrong_code(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    request = InitialRequest(Purpose.AUTHENTICATION, "ORD-ZZZZZZZZ", "AAAA", order.subject, rsa_key())
    with pytest.raises(OneTimeCodeRefused) as refused:
        CmpEnroller(issuer.client_settings()).initial_enroll(request)
    assert "No order has this reference" in refused.value.text


def test_a_request_for_another_subject_than_ordered_is_refused(issuer: IssuerServer, soft_card: SoftwareCard) -> None:
    """The card holder's own name and HSA-ID are not what the other organisation ordered."""
    order = issuer.add_order(ORDERED_HSA_ID)
    assert order.secret is not None
    request = InitialRequest(
        Purpose.AUTHENTICATION, order.reference, order.secret, soft_card.auth_cert.subject, rsa_key()
    )
    with pytest.raises(ServiceRefused) as refused:
        CmpEnroller(issuer.client_settings()).initial_enroll(request)
    assert refused.value.fail_info == {"bad_cert_template"}


def test_the_service_takes_a_code_only_for_an_initial_request_and_a_signature_only_for_a_key_update(
    issuer: IssuerServer, soft_card: SoftwareCard
) -> None:
    """An ir signed by the card's certificate is no proof of an order; a kur MAC-protected with a code is no proof
    of holding the certificate it replaces."""
    order = issuer.add_order(ORDERED_HSA_ID)
    assert order.secret is not None
    signed_ir = _sealed(issuer, initial_body(rsa_key(), order.subject, Purpose.AUTHENTICATION), soft_card=soft_card)
    mac_kur = _sealed(issuer, key_update_body(rsa_key(), soft_card.auth_cert), order=order)
    with HttpTransfer(issuer.url) as http:
        for message in (signed_ir, mac_kur):
            answer = parse_response(http.post(message))
            assert answer.error is not None and answer.error.status.fail_info == {"wrong_integrity"}
    assert "issued" not in ledger_events(issuer)


def _sealed(
    issuer: IssuerServer, body: asn1.PKIBody, *, order: Order | None = None, soft_card: SoftwareCard | None = None
) -> bytes:
    """`body` in a message MAC-protected with the order's code, or signed by the card's authentication key."""
    if order is not None:
        assert order.secret is not None
        pki_header = header(
            sender=order.subject,
            recipient=None,
            transaction_id=new_nonce(),
            sender_nonce=new_nonce(),
            sender_kid=order.reference.encode(),
        )
        return seal_mac(pki_header, body, order.secret.encode(), MacKind.PASSWORD_BASED_MAC)
    assert soft_card is not None
    pki_header = header(
        sender=soft_card.auth_cert.subject,
        recipient=None,
        transaction_id=new_nonce(),
        sender_nonce=new_nonce(),
        sender_kid=subject_key_id(soft_card.auth_cert),
    )
    return seal(pki_header, body, soft_card.auth_key, [soft_card.auth_cert, soft_card.hierarchy.legacy_ca.cert])


# --- faults of the practice service, through an initial enrollment ------------------------------------------

FAULTS = [
    ("reject", ServiceRefused, "service.refused"),
    ("wrong_key", CertificateRejected, "certificate.wrong_public_key"),
    ("wrong_subject", CertificateRejected, "certificate.wrong_hsa_id"),
    ("untrusted_issuer", CertificateRejected, "certificate.untrusted_issuer"),
    ("bad_protection", MacMismatch, "cmp.mac"),  # a broken MAC looks exactly like one made with another code
    ("garbage", MalformedMessage, "cmp.malformed"),
]


@pytest.mark.parametrize(("fault", "error", "code"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_gives_a_typed_error_and_no_certificate(
    issuer: IssuerServer, fault: str, error: type[EnrollmentError], code: str
) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    issuer.set_fault(fault)
    with pytest.raises(error) as failed:
        enroll(issuer, ordered(order, Purpose.AUTHENTICATION))
    assert failed.value.code == code
    assert failed.value.message


def test_pending_is_polled_with_the_code(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    issuer.set_fault("pending=2")
    waits: list[float] = []
    enroller = CmpEnroller(issuer.client_settings(), on_pending=waits.append, sleep=lambda _s: None)
    result = enroller.initial_enroll(ordered(order, Purpose.AUTHENTICATION))
    assert waits == [1.0, 1.0]
    assert ledger_events(issuer, result.transaction_id) == ["issued", "confirmed"]


# --- keys on SoftHSM2 ----------------------------------------------------------------------------------------


def test_softhsm_keys_fetch_the_pair_from_the_practice_service(issuer: IssuerServer, softhsm_card: SoftHsmCard) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    enroller = CmpEnroller(issuer.client_settings())
    for purpose, role, pin in (
        (Purpose.AUTHENTICATION, PinRole.AUTHENTICATION, "123456"),
        (Purpose.SIGNATURE, PinRole.SIGNATURE, "654321"),
    ):
        with softhsm_card.card.open(role, pin) as session:
            new = session.generate_key(purpose)
            result = enroller.initial_enroll(ordered(order, purpose, session.signer(new.key_id)))
        assert result.certificate.public_key() == new.public_key
        assert key_usage_fits(result.certificate, purpose)
    assert ledger_events(issuer) == ["issued", "confirmed"] * 2


def test_an_order_file_is_readable_by_its_owner_only(issuer: IssuerServer) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    path = issuer.service.ledger.path.parent / "orders" / f"{order.reference}.json"
    assert path.stat().st_mode & 0o077 == 0
    assert json.loads(path.read_text())["secret"] == order.secret


def test_the_refusal_of_a_wrong_code_is_signed_by_the_ca(issuer: IssuerServer) -> None:
    """A wrong code's refusal cannot carry a MAC the client could check, so it carries the CA's signature."""
    order = issuer.add_order(ORDERED_HSA_ID)
    wrong = Order(order.reference, order.holder, order.purposes, "AAAA-BBBB-CCCC")
    message = _sealed(issuer, initial_body(rsa_key(), order.subject, Purpose.AUTHENTICATION), order=wrong)
    with HttpTransfer(issuer.url) as http:
        answer = parse_response(http.post(message))
    assert answer.error is not None and answer.error.status.fail_info == {"bad_message_check"}
    assert answer.protection_alg is not None and not mac.is_mac_algorithm(answer.protection_alg)
    assert check_protection(answer, (issuer.service.keys.issuing.cert,)) == issuer.service.keys.issuing.cert
