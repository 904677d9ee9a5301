"""What the client refuses to believe: answers that are validly signed by the CA but belong elsewhere, and
answers that are not signed at all. The practice service makes each answer; a scripted peer bends one thing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from asn1crypto import core

from sithsclient.demo.issuer import IssuerServer
from sithsclient.enroll import (
    CmpEnroller,
    EnrollmentError,
    NonceMismatch,
    ProtectionError,
    TransactionMismatch,
    UnexpectedMessage,
    asn1,
)
from sithsclient.enroll.message import new_nonce, protected_part
from sithsclient.enroll.protection import sign
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import SoftwareCard, StartStub, StubAnswer


def resealed(issuer: IssuerServer, answer: bytes, change: Callable[[asn1.PKIMessage], None]) -> bytes:
    """The service's answer with `change` applied, then signed again with the CA's own key: only the change is wrong."""
    message = asn1.PKIMessage.load(answer)
    change(message)
    _, signature = sign(issuer.service.keys.issuing.key, protected_part(message["header"], message["body"]))
    message["protection"] = signature
    return bytes(message.dump(force=True))


def through(
    issuer: IssuerServer, change: Callable[[asn1.PKIMessage], None], *, only: str = "kur"
) -> Callable[..., StubAnswer]:
    """A peer that passes requests to the practice service and bends the answer to `only` requests."""

    def answer(request: bytes) -> StubAnswer:
        reply = issuer.service.handle(request).body
        if asn1.PKIMessage.load(request)["body"].name == only:
            reply = resealed(issuer, reply, change)
        return StubAnswer(body=reply)

    return answer


def key_update(issuer: IssuerServer, url: str, card: SoftwareCard) -> None:
    CmpEnroller(issuer.client_settings(url=url)).key_update(card.request(Purpose.AUTHENTICATION))


def test_an_answer_replayed_from_another_transaction_is_refused(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard
) -> None:
    recorded: list[bytes] = []

    def replaying(request: bytes) -> StubAnswer:
        if recorded and asn1.PKIMessage.load(request)["body"].name == "kur":
            return StubAnswer(body=recorded[0])  # the first transaction's kup, CA signature and all
        reply = issuer.service.handle(request).body
        recorded.append(reply)
        return StubAnswer(body=reply)

    url = http_stub(replaying)
    key_update(issuer, url, soft_card)  # the first transaction is fine
    with pytest.raises(TransactionMismatch):
        key_update(issuer, url, soft_card)


def test_an_answer_that_does_not_repeat_our_nonce_is_refused(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard
) -> None:
    def other_nonce(message: asn1.PKIMessage) -> None:
        message["header"]["recip_nonce"] = new_nonce()

    with pytest.raises(NonceMismatch):
        key_update(issuer, http_stub(through(issuer, other_nonce)), soft_card)


def test_a_confirmation_answer_for_another_transaction_is_refused(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard
) -> None:
    def other_transaction(message: asn1.PKIMessage) -> None:
        message["header"]["transaction_id"] = new_nonce()

    with pytest.raises(TransactionMismatch):
        key_update(issuer, http_stub(through(issuer, other_transaction, only="cert_conf")), soft_card)


@pytest.mark.parametrize("fault", ["none", "reject"])
def test_an_unprotected_answer_is_not_believed_even_a_refusal(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard, fault: str
) -> None:
    issuer.set_fault(fault)

    def unprotected(request: bytes) -> StubAnswer:
        signed = asn1.PKIMessage.load(issuer.service.handle(request).body)
        bare = asn1.PKIMessage(
            {"header": signed["header"], "body": signed["body"], "extra_certs": signed["extra_certs"]}
        )
        return StubAnswer(body=bytes(bare.dump()))

    with pytest.raises(ProtectionError) as failed:
        key_update(issuer, http_stub(unprotected), soft_card)
    assert "not protected" in failed.value.detail


def _body(name: str, value: object) -> Callable[[asn1.PKIMessage], None]:
    def replace(message: asn1.PKIMessage) -> None:
        message["body"] = asn1.PKIBody(name=name, value=value)

    return replace


@pytest.mark.parametrize(
    "change",
    [
        _body("pkiconf", core.Null()),  # a confirmation where the certificate was expected
        _body("kup", {"response": []}),  # no answer to our request
        _body("kup", {"response": [{"cert_req_id": 7, "status": {"status": "accepted"}}]}),  # another request's
        _body("kup", {"response": [{"cert_req_id": 0, "status": {"status": "accepted"}}]}),  # granted, no certificate
    ],
    ids=["pkiconf", "no-response", "other-request-id", "granted-without-certificate"],
)
def test_an_answer_that_does_not_answer_the_request_is_refused(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard, change: Callable[[asn1.PKIMessage], None]
) -> None:
    with pytest.raises(UnexpectedMessage):
        key_update(issuer, http_stub(through(issuer, change)), soft_card)


def test_every_refusal_is_an_enrollment_error_with_a_known_code(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard
) -> None:
    """What the wizard relies on: one base class, and a code that has its own sentence."""
    from sithsclient.codes import find

    with pytest.raises(EnrollmentError) as failed:
        key_update(issuer, http_stub(through(issuer, _body("pkiconf", core.Null()))), soft_card)
    assert find(failed.value.code) is not None
