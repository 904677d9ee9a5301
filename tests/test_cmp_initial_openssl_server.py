"""Our initial enrollment (ir with a one-time code) against an independent server: OpenSSL 3.0's mock CMP server.

Found while building it: OpenSSL 3.0's `openssl cmp` speaks PasswordBasedMac only. Its mock server checks a
PasswordBasedMac-protected ir with `-srv_secret` (senderKID `-srv_ref`) and then MAC-protects every answer with
that secret (HMAC-SHA1), even when it also has a signing certificate; PBMAC1 it takes for an unknown signature
algorithm. With `-accept_unprotected` and no secret it signs its answers with `-srv_cert`, which is how the
signature-protected ip is tested here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import CA, Holder, PracticeHierarchy
from sithsclient.enroll import (
    CertificateRejected,
    CmpEnroller,
    CmpSettings,
    InitialRequest,
    MacKind,
    MacMismatch,
    ProtectionError,
    ServiceErrorMessage,
    ServiceRefused,
    client,
)
from sithsclient.enroll.protection import SigningKey
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import ImpostorKey, OpenSslMock, StartMock, rsa_key
from tests.fixtures.softhsm import SoftHsmCard

REFERENCE = "ORD-MOCK2345"
SECRET = "K7QM-3XRT-9PLA"
# The holder in the other organisation: another HSA-ID and organisation than on the card they already have.
ORDERED = Holder("Anna", "Andersson", "SE2120001234-S000000000777", "Kommun Övning")


@dataclass
class Calls:
    mac: int = 0
    signature: int = 0


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[Calls]:
    """Counts how the client believed each answer: by the one-time secret's MAC or by a CA's signature."""
    calls = Calls()
    by_mac: Callable[..., None] = vars(client)["check_mac_protection"]
    by_signature: Callable[..., x509.Certificate] = vars(client)["check_protection"]

    def mac(*args: object) -> None:
        calls.mac += 1
        by_mac(*args)

    def signature(*args: object, **kwargs: object) -> x509.Certificate:
        calls.signature += 1
        return by_signature(*args, **kwargs)

    monkeypatch.setattr(client, "check_mac_protection", mac)
    monkeypatch.setattr(client, "check_protection", signature)
    yield calls


def start(
    openssl_mock: StartMock,
    hierarchy: PracticeHierarchy,
    certificate: x509.Certificate,
    *,
    by_secret: bool = True,
    extra: Sequence[str] = (),
) -> OpenSslMock:
    """A mock that answers any ir with `certificate`: MAC-protected with SECRET, or (by_secret False) signed by the
    practice person CA, accepting our MAC unchecked, since without the secret it cannot check it."""
    protection = ["-srv_ref", REFERENCE, "-srv_secret", f"pass:{SECRET}"] if by_secret else ["-accept_unprotected"]
    return openssl_mock(
        srv=hierarchy.person_ca,
        rsp_cert=certificate,
        trusted=[hierarchy.root.cert],
        rsp_chain=[hierarchy.person_ca.cert],
        extra=[*protection, *extra],
    )


def settings(mock: OpenSslMock, hierarchy: PracticeHierarchy, **overrides: object) -> CmpSettings:
    base: dict[str, object] = {
        "url": mock.url,
        "cmp_trust": (hierarchy.person_ca.cert,),
        "trust_anchors": tuple(hierarchy.trust_anchors()),
        "recipient": hierarchy.person_ca.cert.subject,
        "read_timeout": 10.0,
    }
    return CmpSettings(**{**base, **overrides})  # type: ignore[arg-type]


def request(purpose: Purpose, new_key: SigningKey, *, secret: str = SECRET) -> InitialRequest:
    return InitialRequest(purpose, REFERENCE, secret, ORDERED.subject(), new_key)


def issued_for(ca: CA, key: SigningKey, purpose: Purpose, holder: Holder = ORDERED) -> x509.Certificate:
    public = key.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    return ca.issue(holder.subject(), public, purpose)


def requests_seen(mock: OpenSslMock) -> int:
    return mock.log_text().count("POST /pkix/")


# --- the exchange ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", [Purpose.AUTHENTICATION, Purpose.SIGNATURE])
def test_initial_enrollment_with_a_one_time_code_gets_the_ordered_certificate(
    openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy, checked: Calls, purpose: Purpose
) -> None:
    new_key = rsa_key()
    certificate = issued_for(cmp_hierarchy.person_ca, new_key, purpose)
    mock = start(openssl_mock, cmp_hierarchy, certificate)

    result = CmpEnroller(settings(mock, cmp_hierarchy)).initial_enroll(request(purpose, new_key))

    assert result.certificate == certificate
    assert result.chain == (cmp_hierarchy.person_ca.cert, cmp_hierarchy.root.cert)
    assert requests_seen(mock) == 2  # ir, then certConf
    assert (checked.mac, checked.signature) == (2, 0)  # ip and pkiConf, both believed by the secret's MAC


def test_an_ip_signed_by_the_ca_is_believed_too(
    openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy, checked: Calls
) -> None:
    new_key = rsa_key()
    certificate = issued_for(cmp_hierarchy.person_ca, new_key, Purpose.AUTHENTICATION)
    mock = start(openssl_mock, cmp_hierarchy, certificate, by_secret=False)

    result = CmpEnroller(settings(mock, cmp_hierarchy)).initial_enroll(request(Purpose.AUTHENTICATION, new_key))

    assert result.certificate == certificate
    assert (checked.mac, checked.signature) == (0, 2)


def test_a_signed_ip_from_a_ca_not_trusted_for_cmp_is_not_believed(
    openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy
) -> None:
    new_key = rsa_key()
    mock = start(
        openssl_mock,
        cmp_hierarchy,
        issued_for(cmp_hierarchy.person_ca, new_key, Purpose.AUTHENTICATION),
        by_secret=False,
    )
    other = settings(mock, cmp_hierarchy, cmp_trust=(cmp_hierarchy.spare_ca.cert,))
    with pytest.raises(ProtectionError):
        CmpEnroller(other).initial_enroll(request(Purpose.AUTHENTICATION, new_key))


def test_a_wrong_one_time_code_is_refused_by_openssl_and_reported_as_such(
    openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy
) -> None:
    """OpenSSL answers with an error MAC-protected by the right secret: the client cannot check it, and says that
    the reference or code may be mistyped."""
    new_key = rsa_key()
    mock = start(openssl_mock, cmp_hierarchy, issued_for(cmp_hierarchy.person_ca, new_key, Purpose.AUTHENTICATION))

    with pytest.raises(MacMismatch) as failed:
        CmpEnroller(settings(mock, cmp_hierarchy)).initial_enroll(
            request(Purpose.AUTHENTICATION, new_key, secret="K7QM-3XRT-9PLB")
        )
    assert failed.value.code == "cmp.mac"
    assert "wrong pbm value" in mock.log_text()  # OpenSSL itself found our MAC wrong
    assert requests_seen(mock) == 1


def test_openssl_refuses_a_proof_of_possession_by_another_key(
    openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy
) -> None:
    claimed = rsa_key()
    mock = start(openssl_mock, cmp_hierarchy, issued_for(cmp_hierarchy.person_ca, claimed, Purpose.AUTHENTICATION))
    impostor = ImpostorKey(rsa_key(), claimed.public_key())
    with pytest.raises(ServiceRefused) as refused:
        CmpEnroller(settings(mock, cmp_hierarchy)).initial_enroll(request(Purpose.AUTHENTICATION, impostor))
    assert "bad_pop" in refused.value.fail_info


def test_polls_until_openssl_delivers(openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy) -> None:
    new_key = rsa_key()
    certificate = issued_for(cmp_hierarchy.person_ca, new_key, Purpose.AUTHENTICATION)
    mock = start(openssl_mock, cmp_hierarchy, certificate, extra=["-poll_count", "2", "-check_after", "1"])
    waits: list[float] = []
    enroller = CmpEnroller(settings(mock, cmp_hierarchy), on_pending=waits.append, sleep=lambda _s: None)

    assert enroller.initial_enroll(request(Purpose.AUTHENTICATION, new_key)).certificate == certificate
    # Every pollReq MAC-protected and every pollRep checked by the same secret; the server's checkAfter passed on.
    assert waits and all(w == 1.0 for w in waits)


def test_openssl_3_0_does_not_speak_pbmac1(openssl_mock: StartMock, cmp_hierarchy: PracticeHierarchy) -> None:
    """Why PasswordBasedMac is the default: OpenSSL 3.0 takes PBMAC1 for a signature algorithm it cannot check.
    Should this start to pass an ip, OpenSSL has learnt PBMAC1 and the default can be reconsidered."""
    new_key = rsa_key()
    mock = start(openssl_mock, cmp_hierarchy, issued_for(cmp_hierarchy.person_ca, new_key, Purpose.AUTHENTICATION))
    with pytest.raises(ServiceErrorMessage) as refused:
        CmpEnroller(settings(mock, cmp_hierarchy, mac=MacKind.PBMAC1)).initial_enroll(
            request(Purpose.AUTHENTICATION, new_key)
        )
    # It looks for a certificate to check a signature with ("no suitable sender cert", or "missing trust anchor"
    # when it has no -srv_trusted).
    assert "sender cert" in refused.value.text or "trust anchor" in refused.value.text


# --- the issued certificate: the ordered one, never just any ------------------------------------------------


CARD_HOLDER = Holder("Anna", "Andersson", "SE2321000131-S000000012345")  # the card's own name and HSA-ID


@pytest.mark.parametrize(
    ("issued", "problem"),
    [
        (lambda h, k: issued_for(h.person_ca, k, Purpose.AUTHENTICATION, CARD_HOLDER), "wrong_hsa_id"),
        (lambda h, k: issued_for(h.person_ca, k, Purpose.SIGNATURE), "wrong_key_usage"),
        (lambda h, k: issued_for(h.person_ca, rsa_key(), Purpose.AUTHENTICATION), "wrong_public_key"),
        (lambda h, k: issued_for(h.foreign_ca, k, Purpose.AUTHENTICATION), "untrusted_issuer"),
    ],
    ids=["card-holders-own-hsa-id", "signature-for-authentication", "another-key", "foreign-ca"],
)
def test_a_certificate_that_is_not_the_ordered_one_is_refused(
    openssl_mock: StartMock,
    cmp_hierarchy: PracticeHierarchy,
    issued: object,
    problem: str,
) -> None:
    new_key = rsa_key()
    certificate = issued(cmp_hierarchy, new_key)  # type: ignore[operator]
    mock = start(openssl_mock, cmp_hierarchy, certificate)
    with pytest.raises(CertificateRejected) as rejected:
        CmpEnroller(settings(mock, cmp_hierarchy)).initial_enroll(request(Purpose.AUTHENTICATION, new_key))
    assert rejected.value.problems[0] == problem
    assert requests_seen(mock) == 2  # the refusal was told to OpenSSL in certConf


# --- keys on a PKCS#11 token ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "role", "pin"),
    [(Purpose.AUTHENTICATION, PinRole.AUTHENTICATION, "123456"), (Purpose.SIGNATURE, PinRole.SIGNATURE, "654321")],
)
def test_softhsm_key_enrolls_against_openssl(
    openssl_mock: StartMock, softhsm_card: SoftHsmCard, purpose: Purpose, role: PinRole, pin: str
) -> None:
    hierarchy = softhsm_card.hierarchy
    with softhsm_card.card.open(role, pin) as session:
        new = session.generate_key(purpose)
        signer: SigningKey = session.signer(new.key_id)
        certificate = issued_for(hierarchy.person_ca, signer, purpose)
        mock = start(openssl_mock, hierarchy, certificate)
        result = CmpEnroller(settings(mock, hierarchy)).initial_enroll(request(purpose, signer))
    assert result.certificate == certificate
    assert result.certificate.public_key() == new.public_key
