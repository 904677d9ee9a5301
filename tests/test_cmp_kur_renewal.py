"""Our CMP client renewing a current SITHS e-id pair: a key update protected by the card's current
authentication certificate, against the practice service and against OpenSSL's mock server (`openssl cmp -port`),
with software keys and with both signatures made on a SoftHSM2 card through the card layer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer import IssuerServer
from sithsclient.demo.issuer.standing import issue_for_card
from sithsclient.demo.softhsm import SOFTHSM_MODULE, provision_softhsm_card
from sithsclient.enroll import CardCredential, CmpEnroller, CmpSettings, KeyUpdateRequest, ServiceRefused
from sithsclient.pki.issued import key_usage_fits
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import StartMock, mock_certificate
from tests.fixtures.renewal import due_card
from tests.fixtures.softhsm import use_softhsm_conf


@pytest.mark.parametrize("purpose", [Purpose.AUTHENTICATION, Purpose.SIGNATURE])
def test_a_pair_due_soon_is_renewed_by_the_practice_service(issuer: IssuerServer, purpose: Purpose) -> None:
    card = due_card(issuer, days=20)
    request = card.request(purpose)

    result = CmpEnroller(issuer.client_settings()).key_update(request)

    assert result.certificate.public_key() == request.new_key.public_key()
    assert result.certificate.subject == request.replaces.subject
    assert key_usage_fits(result.certificate, purpose)
    assert result.certificate.not_valid_after_utc > request.replaces.not_valid_after_utc + dt.timedelta(days=600)


def test_a_certificate_the_service_no_longer_believes_cannot_renew(issuer: IssuerServer) -> None:
    card = due_card(issuer, days=20)
    serial = format(card.auth_cert.serial_number, "x")
    tid = next(e["transaction_id"] for e in issuer.service.ledger.entries() if e.get("serial") == serial)
    issuer.service.ledger.settled(bytes.fromhex(tid), "revoked", "practice: revoked")

    with pytest.raises(ServiceRefused) as refused:
        CmpEnroller(issuer.client_settings()).key_update(card.request(Purpose.AUTHENTICATION))
    assert refused.value.fail_info == {"cert_revoked"}


def test_openssl_mock_renews_under_the_current_certificate(issuer: IssuerServer, openssl_mock: StartMock) -> None:
    """The independent server: it checks our protection with the current certificate from extraCerts, chained
    to the new root only, and our POP; OpenSSL 3.0's mock answers its fixed certificate."""
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    card = due_card(issuer, days=20)
    request = card.request(Purpose.AUTHENTICATION)
    public = request.new_key.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    answer = mock_certificate(hierarchy.person_ca, card.auth_cert, public, Purpose.AUTHENTICATION)
    mock = openssl_mock(srv=hierarchy.person_ca, rsp_cert=answer, trusted=[hierarchy.root.cert])
    settings = CmpSettings(
        url=mock.url,
        cmp_trust=(hierarchy.person_ca.cert,),
        trust_anchors=(hierarchy.root.cert,),
        intermediates=(hierarchy.person_ca.cert,),
        recipient=hierarchy.person_ca.cert.subject,
        read_timeout=10.0,
    )

    assert CmpEnroller(settings).key_update(request).certificate == answer


def test_both_signatures_are_made_on_a_softhsm_card(
    issuer: IssuerServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    service = issuer.service

    def issue(subject: x509.Name, public: rsa.RSAPublicKey, purpose: Purpose) -> x509.Certificate:
        return issue_for_card(service.ledger, service.keys.issuing, subject, public, purpose, days=20)

    soft = provision_softhsm_card(tmp_path / "softhsm", hierarchy, PRACTICE_HOLDER, issue=issue)
    use_softhsm_conf(monkeypatch, soft.conf)
    _path, cards = discover(SOFTHSM_MODULE)
    current = soft.certificates[Purpose.AUTHENTICATION]
    with cards[0].open(PinRole.AUTHENTICATION, "123456") as session:
        new = session.generate_key(Purpose.AUTHENTICATION)
        request = KeyUpdateRequest(
            Purpose.AUTHENTICATION,
            CardCredential(session.signer(bytes([0x11])), current, service.keys.chain),
            current,
            session.signer(new.key_id),
        )
        result = CmpEnroller(issuer.client_settings()).key_update(request)
    assert result.certificate.public_key() == new.public_key
    assert result.certificate.subject == current.subject
