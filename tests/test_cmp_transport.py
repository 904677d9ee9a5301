"""The HTTP side: TLS verified (system store or a configured bundle), plain HTTP only on this computer,
no redirects, answers of the wrong kind or size refused, an unreachable service named as such."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path
from urllib.parse import urlsplit

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
    TransportError,
    WrongContentType,
)
from sithsclient.enroll.setup import probe
from sithsclient.enroll.transport import HttpTransfer
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import SoftwareCard, StartStub, StubAnswer, connections_to, free_port, wait_closed, write_pem
from tests.fixtures.proxy import connect_proxy

# The issuing service's name when it is reached through a proxy: not this computer, so a proxy is used; the
# proxy stand-in resolves it to this computer, where the client itself could not.
FAR_HOST = "issuer.region.test"


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
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName(FAR_HOST)]),
            critical=False,
        )
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


def test_requests_takes_no_trust_from_the_environment(
    http_stub: StartStub, tls_server: tuple[ssl.SSLContext, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's store means the system's store: requests would otherwise add the bundle these variables name
    (or certifi's) to it, and a PC whose environment names one would trust what its store does not."""
    context, bundle, _ = tls_server
    url = http_stub(lambda request: StubAnswer(body=request), tls=context)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(bundle))
    with HttpTransfer(url, connect_retries=0) as http, pytest.raises(TlsError):
        http.post(b"\x30\x00")
    with HttpTransfer(url, ca_bundle=bundle) as http:
        assert http.post(b"\x30\x00") == b"\x30\x00"


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


def test_a_transaction_keeps_its_connection_and_makes_a_new_one_when_the_server_closed_it(
    http_stub: StartStub,
) -> None:
    """One connection for a transaction's messages (OpenSSL's server binds the transaction to it); a server that
    closed it while idle gets the next message on a new one, not a failure."""
    kept = http_stub(lambda request: StubAnswer(body=request))
    with HttpTransfer(kept) as http:
        assert [http.post(b"\x30\x01\x01"), http.post(b"\x30\x01\x02")] == [b"\x30\x01\x01", b"\x30\x01\x02"]
    assert connections_to(kept) == 1
    closing = http_stub(lambda request: StubAnswer(body=request, then_close=True))
    with HttpTransfer(closing) as http:
        assert http.post(b"\x30\x01\x01") == b"\x30\x01\x01"
        # Idle, as between a transaction's messages (the card signs the confirmation), until the server has
        # closed the connection: the race of a close sent while the next request is already on its way is the
        # network's, and ends as network.failed, which the user may retry.
        wait_closed(closing, 1)
        assert http.post(b"\x30\x01\x02") == b"\x30\x01\x02"
    assert connections_to(closing) == 2


def test_https_through_the_computers_proxy_with_its_login(
    issuer: IssuerServer,
    http_stub: StartStub,
    soft_card: SoftwareCard,
    tls_server: tuple[ssl.SSLContext, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The proxy the computer names (here the environment; on Windows also the registry, read the same way):
    the key update tunnels through it, TLS verified end to end with the issuing service's name, and the login
    in the proxy's address goes to the proxy only."""
    context, bundle, _ = tls_server
    url = http_stub(lambda request: StubAnswer(body=issuer.service.handle(request).body), tls=context, host=FAR_HOST)
    with connect_proxy(credentials=("vårdpersonal", "p@ss word")) as proxy:
        monkeypatch.setenv("https_proxy", f"http://v%C3%A5rdpersonal:p%40ss%20word@127.0.0.1:{proxy.port}")
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        enroller = CmpEnroller(issuer.client_settings(url=url, tls_ca_bundle=bundle))
        request = soft_card.request(Purpose.AUTHENTICATION)
        assert enroller.key_update(request).certificate.public_key() == request.new_key.public_key()
    port = urlsplit(url).port
    assert {(method, target) for method, target, _ in proxy.asked} == {("CONNECT", f"{FAR_HOST}:{port}")}
    assert all(login is not None for _, _, login in proxy.asked)


def test_a_proxy_that_refuses_or_a_host_it_exempts(
    http_stub: StartStub, tls_server: tuple[ssl.SSLContext, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    context, bundle, _ = tls_server
    url = http_stub(lambda request: StubAnswer(body=request), tls=context, host=FAR_HOST)
    with connect_proxy(credentials=("someone", "secret")) as proxy:
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")  # no login given
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        with HttpTransfer(url, ca_bundle=bundle) as http, pytest.raises(TransportError) as refused:
            http.post(b"\x30\x00")
        assert "407" in str(refused.value) and refused.value.code == "network.failed"
        assert len(proxy.asked) == 1  # a refusal is not retried
        # Exempt from the proxy: the client goes to the host itself, whose name only the proxy could resolve.
        monkeypatch.setenv("no_proxy", FAR_HOST)
        with HttpTransfer(url, ca_bundle=bundle, connect_retries=0) as http, pytest.raises(ServiceUnreachable):
            http.post(b"\x30\x00")
        assert len(proxy.asked) == 1
    # A proxy named but not there: unreachable, and the log says through which proxy it was tried.
    gone = free_port()
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{gone}")
    monkeypatch.delenv("no_proxy")
    with HttpTransfer(url, ca_bundle=bundle, connect_retries=0) as http, pytest.raises(ServiceUnreachable) as failed:
        http.post(b"\x30\x00")
    assert f"through the proxy 127.0.0.1:{gone}" in str(failed.value)


def test_the_preflight_reaches_the_service_the_way_the_upgrade_will(
    http_stub: StartStub, tls_server: tuple[ssl.SSLContext, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where direct connections are blocked and only the proxy goes out, the check before any PIN (and
    diagnose's line for IT support) must not call the service unreachable: it goes through the proxy too."""
    context, _, _ = tls_server
    url = http_stub(lambda request: StubAnswer(body=request), tls=context, host=FAR_HOST)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    with pytest.raises(ServiceUnreachable):
        probe(url, timeout=2)  # directly: only the proxy knows the name
    with connect_proxy() as proxy:
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
        assert probe(url, timeout=2) == f"through the proxy 127.0.0.1:{proxy.port}"
        assert [(method, target) for method, target, _ in proxy.asked] == [
            ("CONNECT", f"{FAR_HOST}:{urlsplit(url).port}")
        ]
    with connect_proxy(credentials=("someone", "secret")) as refusing:
        monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{refusing.port}")
        with pytest.raises(TransportError, match="407"):
            probe(url, timeout=2)
