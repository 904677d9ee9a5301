"""An `Enroller` from the organisation's configuration, and a cheap reachability probe for preflight."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cryptography import x509

from sithsclient.enroll.client import CmpEnroller, CmpSettings
from sithsclient.enroll.errors import ConfigurationError


def load_certificates(paths: Iterable[str]) -> list[x509.Certificate]:
    certs: list[x509.Certificate] = []
    for name in paths:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"trust file {name}: {exc.strerror or exc}") from None
        try:
            certs.extend(
                x509.load_pem_x509_certificates(data)
                if b"-----BEGIN" in data
                else [x509.load_der_x509_certificate(data)]
            )
        except ValueError:
            raise ConfigurationError(f"trust file {name} holds no certificate") from None
    return certs


def cmp_enroller(url: str, trust_files: Iterable[str], tls_ca_bundle: str | None = None) -> CmpEnroller:
    """Self-signed certificates among the trust files are the anchors; all of them may sign CMP answers."""
    certs = load_certificates(trust_files)
    if not certs:
        raise ConfigurationError("no trust anchors are configured for the issuing service")
    anchors = tuple(c for c in certs if c.issuer == c.subject)
    intermediates = tuple(c for c in certs if c.issuer != c.subject)
    return CmpEnroller(
        CmpSettings(
            url=url,
            cmp_trust=tuple(certs),
            trust_anchors=anchors,
            intermediates=intermediates,
            tls_ca_bundle=Path(tls_ca_bundle) if tls_ca_bundle else None,
        )
    )


def probe(url: str, timeout: float = 5.0) -> str:
    """Can a connection to the issuing service be opened, the way the upgrade will open it (through the
    computer's proxy, where direct connections are often blocked)? Sends nothing to the service; returns the
    way it went; raises ServiceUnreachable, or TransportError for a proxy that refuses."""
    from sithsclient.enroll.transport import reach  # here: it brings http.client and truststore

    return reach(url, timeout)
