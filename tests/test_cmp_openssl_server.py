"""Our CMP client against an independent server: OpenSSL's mock CMP server (`openssl cmp -port`).

Keys are ordinary `cryptography` keys here, and on SoftHSM2 and the virtual PIV card through the card layer's
signer (the same interface, one C_Sign per signature).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.card import Card
from sithsclient.card.discovery import discover
from sithsclient.card.layouts import PinRole
from sithsclient.codes import Helper, lookup
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.enroll import (
    CardCredential,
    CmpEnroller,
    CmpSettings,
    KeyUpdateRequest,
    ProtectionError,
    ServiceErrorMessage,
    ServiceRefused,
)
from sithsclient.enroll.protection import SigningKey
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import ImpostorKey, OpenSslMock, SoftwareCard, StartMock, mock_certificate, rsa_key
from tests.fixtures.pcsc import PivCard
from tests.fixtures.softhsm import SoftHsmCard


def start_mock(
    openssl_mock: StartMock,
    hierarchy: PracticeHierarchy,
    replaces: x509.Certificate,
    new_key: SigningKey,
    purpose: Purpose,
    extra: Sequence[str] = (),
) -> tuple[OpenSslMock, x509.Certificate]:
    public = new_key.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    certificate = mock_certificate(hierarchy.legacy_ca, replaces, public, purpose)
    # Only roots on either side: the legacy CA's certificate must travel in extraCerts, both ways.
    mock = openssl_mock(
        srv=hierarchy.person_ca,
        rsp_cert=certificate,
        trusted=[hierarchy.legacy_root.cert],
        rsp_chain=[hierarchy.legacy_ca.cert],
        extra=extra,
    )
    return mock, certificate


def mock_for(
    openssl_mock: StartMock, card: SoftwareCard, request: KeyUpdateRequest, extra: Sequence[str] = ()
) -> tuple[OpenSslMock, x509.Certificate]:
    """A mock that answers `request` (for the public key it claims) with a certificate for that key."""
    return start_mock(openssl_mock, card.hierarchy, request.replaces, request.new_key, request.purpose, extra)


def settings(mock: OpenSslMock, hierarchy: PracticeHierarchy, **overrides: object) -> CmpSettings:
    base: dict[str, object] = {
        "url": mock.url,
        "cmp_trust": (hierarchy.person_ca.cert,),
        "trust_anchors": tuple(hierarchy.trust_anchors()),
        "recipient": hierarchy.person_ca.cert.subject,
        "read_timeout": 10.0,
    }
    return CmpSettings(**{**base, **overrides})  # type: ignore[arg-type]


def requests_seen(mock: OpenSslMock) -> int:
    return mock.log_text().count("POST /pkix/")


# --- software keys -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", [Purpose.AUTHENTICATION, Purpose.SIGNATURE])
def test_key_update_returns_the_certificate_for_the_new_key_and_confirms_it(
    openssl_mock: StartMock, soft_card: SoftwareCard, purpose: Purpose
) -> None:
    request = soft_card.request(purpose)
    mock, issued = mock_for(openssl_mock, soft_card, request)

    result = CmpEnroller(settings(mock, soft_card.hierarchy)).key_update(request)

    assert result.certificate == issued
    assert result.certificate.public_key() == request.new_key.public_key()
    assert result.chain == (soft_card.hierarchy.legacy_ca.cert, soft_card.hierarchy.legacy_root.cert)
    assert requests_seen(mock) == 2  # kur, then certConf


def test_openssl_refuses_a_request_protected_by_another_key(openssl_mock: StartMock, soft_card: SoftwareCard) -> None:
    request = soft_card.request(Purpose.AUTHENTICATION, protect_with=rsa_key())
    mock, _ = mock_for(openssl_mock, soft_card, request)

    with pytest.raises(ServiceErrorMessage) as refused:
        CmpEnroller(settings(mock, soft_card.hierarchy)).key_update(request)
    assert refused.value.status == "rejection"
    assert requests_seen(mock) == 1


def test_openssl_refuses_a_proof_of_possession_by_another_key(openssl_mock: StartMock, soft_card: SoftwareCard) -> None:
    claimed = rsa_key()
    request = soft_card.request(Purpose.AUTHENTICATION, ImpostorKey(rsa_key(), claimed.public_key()))
    mock, _ = mock_for(openssl_mock, soft_card, request)  # the claimed key: its certificate, were POP right

    with pytest.raises(ServiceRefused) as refused:
        CmpEnroller(settings(mock, soft_card.hierarchy)).key_update(request)
    assert "bad_pop" in refused.value.fail_info


def test_polls_until_openssl_delivers(openssl_mock: StartMock, soft_card: SoftwareCard) -> None:
    request = soft_card.request(Purpose.AUTHENTICATION)
    mock, issued = mock_for(openssl_mock, soft_card, request, extra=["-poll_count", "2", "-check_after", "1"])
    waits: list[float] = []
    enroller = CmpEnroller(settings(mock, soft_card.hierarchy), on_pending=waits.append, sleep=lambda _s: None)

    assert enroller.key_update(request).certificate == issued
    assert waits and all(w == 1 for w in waits)  # the server's checkAfter, passed on for the progress view


def test_implicit_confirmation_granted_by_openssl_skips_certconf(
    openssl_mock: StartMock, soft_card: SoftwareCard
) -> None:
    request = soft_card.request(Purpose.AUTHENTICATION)
    mock, issued = mock_for(openssl_mock, soft_card, request, extra=["-grant_implicitconf"])
    result = CmpEnroller(settings(mock, soft_card.hierarchy, implicit_confirm=True)).key_update(request)
    assert result.certificate == issued
    assert requests_seen(mock) == 1


def test_openssl_rejection_reaches_the_user_with_its_reason(openssl_mock: StartMock, soft_card: SoftwareCard) -> None:
    request = soft_card.request(Purpose.AUTHENTICATION)
    mock, _ = mock_for(
        openssl_mock,
        soft_card,
        request,
        extra=["-pkistatus", "2", "-failure", "23", "-statusstring", "card blocked by the card office"],
    )
    with pytest.raises(ServiceRefused) as refused:
        CmpEnroller(settings(mock, soft_card.hierarchy)).key_update(request)
    assert refused.value.fail_info == {"not_authorized"}
    assert refused.value.text == "card blocked by the card office"
    assert lookup(refused.value.code).helper is Helper.CARD_OFFICE  # the person is sent to the card office


def test_answers_signed_by_a_ca_we_do_not_trust_for_cmp_are_not_believed(
    openssl_mock: StartMock, soft_card: SoftwareCard
) -> None:
    request = soft_card.request(Purpose.AUTHENTICATION)
    mock, _ = mock_for(openssl_mock, soft_card, request)
    other_ca = soft_card.hierarchy.spare_ca.cert  # a SITHS CA, but not the one configured to answer
    with pytest.raises(ProtectionError):
        CmpEnroller(settings(mock, soft_card.hierarchy, cmp_trust=(other_ca,))).key_update(request)


# --- keys on a PKCS#11 token: SoftHSM2, and the virtual PIV card through ykcs11 ---------------------------


def card_exchange(
    openssl_mock: StartMock,
    hierarchy: PracticeHierarchy,
    card: Card,
    pin: str,
    auth_key_id: bytes,
    old: x509.Certificate,
    *,
    wrong: str | None = None,
) -> None:
    """A key update of the authentication certificate with both signatures made on the card."""
    with card.open(PinRole.AUTHENTICATION, pin) as session:
        new = session.generate_key(Purpose.AUTHENTICATION)
        new_signer: SigningKey = session.signer(new.key_id)
        protect: SigningKey = session.signer(auth_key_id)
        if wrong == "protection":
            protect = new_signer  # a real card key, but not the one the old certificate is for
        elif wrong == "pop":
            new_signer = ImpostorKey(session.signer(auth_key_id), new_signer.public_key())  # type: ignore[arg-type]
        mock, issued = start_mock(openssl_mock, hierarchy, old, new_signer, Purpose.AUTHENTICATION)
        request = KeyUpdateRequest(
            Purpose.AUTHENTICATION, CardCredential(protect, old, (hierarchy.legacy_ca.cert,)), old, new_signer
        )
        result = CmpEnroller(settings(mock, hierarchy)).key_update(request)
        assert result.certificate == issued
        assert result.certificate.public_key() == new.public_key


def test_softhsm_keys_update_against_openssl(openssl_mock: StartMock, softhsm_card: SoftHsmCard) -> None:
    old = softhsm_card.soft.certificates[Purpose.AUTHENTICATION]
    card_exchange(openssl_mock, softhsm_card.hierarchy, softhsm_card.card, "123456", bytes([0x11]), old)


@pytest.mark.parametrize(("wrong", "error"), [("protection", ServiceErrorMessage), ("pop", ServiceRefused)])
def test_softhsm_wrong_key_is_refused_by_openssl(
    openssl_mock: StartMock, softhsm_card: SoftHsmCard, wrong: str, error: type[Exception]
) -> None:
    old = softhsm_card.soft.certificates[Purpose.AUTHENTICATION]
    with pytest.raises(error):
        card_exchange(
            openssl_mock, softhsm_card.hierarchy, softhsm_card.card, "123456", bytes([0x11]), old, wrong=wrong
        )


def _piv(piv_card: PivCard) -> Card:
    _path, cards = discover(YKCS11_PATH, management_key_hex=piv_card.management_key_hex)
    assert len(cards) == 1, cards
    return cards[0]


@pytest.mark.pcsc
def test_virtual_piv_card_keys_update_against_openssl(
    openssl_mock: StartMock, piv_card: PivCard, ykcs11: object
) -> None:
    card_exchange(
        openssl_mock, piv_card.hierarchy, _piv(piv_card), piv_card.pin, bytes([0x01]), piv_card.certificates[0x9A]
    )


@pytest.mark.pcsc
@pytest.mark.parametrize(("wrong", "error"), [("protection", ServiceErrorMessage), ("pop", ServiceRefused)])
def test_virtual_piv_card_wrong_key_is_refused_by_openssl(
    openssl_mock: StartMock, piv_card: PivCard, ykcs11: object, wrong: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        card_exchange(
            openssl_mock,
            piv_card.hierarchy,
            _piv(piv_card),
            piv_card.pin,
            bytes([0x01]),
            piv_card.certificates[0x9A],
            wrong=wrong,
        )
