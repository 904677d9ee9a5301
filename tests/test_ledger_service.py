"""Our CMP client and the practice service settling every certificate: one received and confirmed later in its
own transaction, one confirmed too late (the service revoked it), one a restarted service left unconfirmed, and
one the client asks to have revoked (rr, RFC 9483 4.2), signed by its own key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.enroll.client import CmpEnroller, CmpSettings
from sithsclient.enroll.errors import ServiceReported, TransactionClosed
from sithsclient.enroll.interface import Carry, KeyUpdateRequest, Receipt
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import SoftwareCard, StartIssuer, StartMock, ledger_events, rsa_key, write_pem
from tests.fixtures.ledger import after_confirmation_timeout, valid_serials
from tests.test_cmp_initial import ORDERED_HSA_ID, ordered


class Pulled(Exception):
    """The card left before the certConf could be signed."""


def received_only(enroller: CmpEnroller, request: KeyUpdateRequest) -> Receipt:
    """A key update that stops right after the certificate came, as when the card is pulled then."""
    got: list[Receipt] = []

    def journal(receipt: Receipt) -> None:
        got.append(receipt)
        raise Pulled

    with pytest.raises(Pulled), enroller.carrying(Carry(journal)):
        enroller.key_update(request)
    return got[0]


def confirm(enroller: CmpEnroller, request: KeyUpdateRequest, receipt: Receipt) -> None:
    with enroller.carrying(Carry(lambda _r: None, resume=receipt)):
        result = enroller.key_update(request)
    assert result.certificate == receipt.certificate


def test_a_certificate_received_is_confirmed_later_in_its_own_transaction(
    start_issuer: StartIssuer, cmp_hierarchy: PracticeHierarchy, soft_card: SoftwareCard
) -> None:
    issuer = start_issuer(cmp_hierarchy)
    enroller = CmpEnroller(issuer.client_settings())
    request = soft_card.request(Purpose.SIGNATURE)
    receipt = received_only(enroller, request)
    assert ledger_events(issuer) == ["issued"]
    confirm(enroller, request, receipt)
    confirm(enroller, request, receipt)  # its answer lost: confirmed again, nothing new issued
    assert ledger_events(issuer, receipt.transaction_id) == ["issued", "confirmed"]
    assert valid_serials(issuer.service) == {receipt.certificate.serial_number}


def test_a_certificate_confirmed_too_late_is_not_valid_and_the_client_is_told(
    start_issuer: StartIssuer, cmp_hierarchy: PracticeHierarchy, soft_card: SoftwareCard
) -> None:
    issuer = start_issuer(cmp_hierarchy)
    enroller = CmpEnroller(issuer.client_settings())
    request = soft_card.request(Purpose.AUTHENTICATION)
    receipt = received_only(enroller, request)
    after_confirmation_timeout(issuer.service)
    with pytest.raises(TransactionClosed) as closed:
        confirm(enroller, request, receipt)
    assert closed.value.settled and "cert_revoked" in closed.value.fail_info
    assert ledger_events(issuer, receipt.transaction_id) == ["issued", "revoked", "refused"]
    assert valid_serials(issuer.service) == set()


def test_a_restarted_service_settles_what_it_left_unconfirmed(
    start_issuer: StartIssuer, cmp_hierarchy: PracticeHierarchy, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    state = tmp_path / "issuer-state"
    first = start_issuer(cmp_hierarchy, state=state)
    request = soft_card.request(Purpose.AUTHENTICATION)
    receipt = received_only(CmpEnroller(first.client_settings()), request)
    first.stop()
    again = start_issuer(cmp_hierarchy, state=state)
    assert ledger_events(again, receipt.transaction_id) == ["issued", "revoked"]
    with pytest.raises(TransactionClosed) as closed:
        confirm(CmpEnroller(again.client_settings()), request, receipt)
    assert closed.value.settled


@pytest.mark.parametrize("purpose", [Purpose.AUTHENTICATION, Purpose.SIGNATURE])
def test_the_client_revokes_a_certificate_signed_by_its_own_key(
    start_issuer: StartIssuer, cmp_hierarchy: PracticeHierarchy, soft_card: SoftwareCard, purpose: Purpose
) -> None:
    """Also the signature certificate, whose Key Usage is nonRepudiation only: RFC 9483 4.2 has it sign its rr."""
    issuer = start_issuer(cmp_hierarchy)
    enroller = CmpEnroller(issuer.client_settings())
    new_key = rsa_key()
    result = enroller.key_update(soft_card.request(purpose, new_key))
    enroller.revoke(result.certificate, new_key)
    assert ledger_events(issuer, result.transaction_id) == ["issued", "confirmed", "revoked"]
    enroller.revoke(result.certificate, new_key)  # revoked already: done, nothing more written
    assert ledger_events(issuer, result.transaction_id) == ["issued", "confirmed", "revoked"]
    assert valid_serials(issuer.service) == set()


def test_our_revocation_request_is_what_openssl_s_server_accepts(
    openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """The independent peer: OpenSSL's mock server takes our rr for its certificate, signed by that certificate's
    key, and answers rp accepted (it wants the rr to name exactly its -rsp_cert)."""
    key = rsa_key()
    issued = cmp_hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), key.public_key(), Purpose.AUTHENTICATION)
    chain = cmp_hierarchy.chain_of(cmp_hierarchy.person_ca)
    mock = openssl_mock(
        srv=cmp_hierarchy.person_ca,
        rsp_cert=issued,
        trusted=[chain[-1]],
        extra=["-srv_untrusted", str(write_pem(tmp_path / "untrusted.pem", *chain[:-1]))],
    )
    settings = CmpSettings(
        url=mock.url,
        cmp_trust=(cmp_hierarchy.person_ca.cert,),
        trust_anchors=tuple(cmp_hierarchy.trust_anchors()),
        recipient=cmp_hierarchy.person_ca.cert.subject,
        read_timeout=10.0,
    )
    CmpEnroller(settings).revoke(issued, key)
    assert mock.log_text().count("POST /pkix/") == 1
    other_key = rsa_key()
    other = cmp_hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), other_key.public_key(), Purpose.AUTHENTICATION)
    with pytest.raises(ServiceReported):  # not its certificate: the mock refuses, and we hear it
        CmpEnroller(settings).revoke(other, other_key)


def test_an_order_s_certificate_left_unconfirmed_can_be_fetched_again_with_the_same_code(
    start_issuer: StartIssuer, cmp_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """Its answer lost (here: the service restarted before the certConf), the order's place is given back, and the
    code stays good until both certificates are confirmed; then it is erased."""
    state = tmp_path / "issuer-state"
    first = start_issuer(cmp_hierarchy, state=state)
    order = first.add_order(ORDERED_HSA_ID)
    got: list[Receipt] = []

    def journal(receipt: Receipt) -> None:
        got.append(receipt)
        raise Pulled

    enroller = CmpEnroller(first.client_settings())
    with pytest.raises(Pulled), enroller.carrying(Carry(journal)):
        enroller.initial_enroll(ordered(order, Purpose.SIGNATURE))
    first.stop()
    again = start_issuer(cmp_hierarchy, state=state)
    assert ledger_events(again, got[0].transaction_id) == ["issued", "revoked"]
    for purpose in (Purpose.SIGNATURE, Purpose.AUTHENTICATION):
        CmpEnroller(again.client_settings()).initial_enroll(ordered(order, purpose))
    assert again.service.orders is not None
    closed = again.service.orders.get(order.reference)
    assert closed is not None and closed.secret is None and closed.done
    assert set(again.service.ledger.valid()) == valid_serials(again.service) and len(valid_serials(again.service)) == 2
