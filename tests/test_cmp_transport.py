"""The HTTP side: TLS verified (system store or a configured bundle), plain HTTP only on this computer,
no redirects, answers of the wrong kind or size refused, an unreachable service named as such."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sithsclient.demo.issuer import IssuerServer
from sithsclient.enroll import (
    CmpEnroller,
    HttpStatusError,
    InsecureUrlError,
    ResponseTooLarge,
    ServiceUnreachable,
    TlsError,
    WrongContentType,
)
from sithsclient.enroll.transport import HttpTransfer
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import SoftwareCard, StartStub, StubAnswer, free_port, write_pem


def _tls_ca(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # keyCertSign, cRLSign
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _tls_server(tmp_path: Path, *, conforming: bool = True) -> tuple[ssl.SSLContext, Path, Path]:
    """A server context with a certificate for 127.0.0.1 from a test CA; the CA's bundle; another CA's bundle.
    A conforming certificate names its issuer's key (RFC 5280 4.2.1.1), as every CA's do."""
    ca_key, ca_cert = _tls_ca("Test TLS CA")
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    )
    if conforming:
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
        builder = builder.add_extension(aki, critical=False)
    cert = builder.sign(ca_key, hashes.SHA256())
    key_file = tmp_path / "tls.key"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(write_pem(tmp_path / "tls.pem", cert), key_file)
    other = write_pem(tmp_path / "other-ca.pem", _tls_ca("Some other CA")[1])
    return context, write_pem(tmp_path / "tls-ca.pem", ca_cert), other


@pytest.fixture
def tls_server(tmp_path: Path) -> tuple[ssl.SSLContext, Path, Path]:
    return _tls_server(tmp_path)


def test_https_with_the_configured_bundle_completes_a_key_update(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard, tls_server: tuple[ssl.SSLContext, Path, Path]
) -> None:
    context, bundle, _ = tls_server
    url = http_stub(lambda request: StubAnswer(body=issuer.service.handle(request).body), tls=context)
    enroller = CmpEnroller(issuer.client_settings(url=url, tls_ca_bundle=bundle))
    request = soft_card.request(Purpose.AUTHENTICATION)
    assert enroller.key_update(request).certificate.public_key() == request.new_key.public_key()


def test_https_to_a_server_whose_certificate_does_not_conform_is_stopped(
    issuer: IssuerServer, http_stub: StartStub, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    """Strict X.509 checks, as Python 3.13 (the Windows program's) makes by default, on every platform: the
    same configured bundle is accepted or refused alike by the Linux and the Windows program."""
    context, bundle, _ = _tls_server(tmp_path, conforming=False)
    url = http_stub(lambda request: StubAnswer(body=issuer.service.handle(request).body), tls=context)
    with pytest.raises(TlsError, match="Authority Key Identifier"):
        CmpEnroller(issuer.client_settings(url=url, tls_ca_bundle=bundle)).key_update(
            soft_card.request(Purpose.AUTHENTICATION)
        )


@pytest.mark.parametrize("trust", ["system store", "another CA's bundle"])
def test_https_to_a_server_we_cannot_verify_is_stopped(
    issuer: IssuerServer,
    http_stub: StartStub,
    soft_card: SoftwareCard,
    tls_server: tuple[ssl.SSLContext, Path, Path],
    trust: str,
) -> None:
    context, _, other = tls_server
    answered: list[bytes] = []

    def answer(request: bytes) -> StubAnswer:
        answered.append(request)
        return StubAnswer(body=issuer.service.handle(request).body)

    url = http_stub(answer, tls=context)
    bundle = None if trust == "system store" else other
    with pytest.raises(TlsError):
        CmpEnroller(issuer.client_settings(url=url, tls_ca_bundle=bundle)).key_update(
            soft_card.request(Purpose.AUTHENTICATION)
        )
    assert answered == []  # not one CMP message left the computer


@pytest.mark.parametrize(
    "url",
    ["http://issuer.example.org/.well-known/cmp", "http://10.1.2.3/.well-known/cmp", "ftp://127.0.0.1/cmp", "cmp"],
)
def test_plain_http_is_refused_except_to_this_computer(url: str) -> None:
    with pytest.raises(InsecureUrlError) as refused:
        HttpTransfer(url)
    assert refused.value.code == "config.insecure_url"


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/x", "http://localhost:1/x", "http://[::1]:1/x", "https://a.b/x"])
def test_loopback_http_and_any_https_are_allowed(url: str) -> None:
    HttpTransfer(url).close()


def test_nothing_listening_is_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port()}/.well-known/cmp"
    with HttpTransfer(url, connect_retries=0) as http, pytest.raises(ServiceUnreachable) as failed:
        http.post(b"\x30\x00")
    assert failed.value.code == "network.unreachable"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (StubAnswer(200, b"<html>login</html>", (("Content-Type", "text/html"),)), WrongContentType),
        (StubAnswer(302, b"", (("Location", "http://127.0.0.1:1/elsewhere"),)), HttpStatusError),
        (StubAnswer(503, b"busy", (("Content-Type", "text/plain"),)), HttpStatusError),
        (
            StubAnswer(
                200,
                b"\x30" * 100,
                (("Content-Type", "application/pkixcmp"), ("Content-Length", "99999999")),
                announce_length=False,
            ),
            ResponseTooLarge,
        ),
        (StubAnswer(200, b"\x30" * 2000, announce_length=False), ResponseTooLarge),
    ],
    ids=["html-page", "redirect", "http-503", "announced-too-large", "streamed-too-large"],
)
def test_answers_of_the_wrong_kind_or_size_are_refused(
    http_stub: StartStub, answer: StubAnswer, error: type[Exception]
) -> None:
    url = http_stub(lambda _request: answer)
    with HttpTransfer(url, max_response_bytes=1000) as http, pytest.raises(error):
        http.post(b"\x30\x00")
