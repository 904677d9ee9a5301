"""Who the practice issuing service is and whom it believes."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509

from sithsclient.demo.hierarchy import CA, PRACTICE_POLICY_LOA3


@dataclass(frozen=True)
class IssuerKeys:
    """Who the service is and whom it believes.

    `issuing` issues the certificates and signs the answers (its certificate has Key Usage digitalSignature,
    which OpenSSL's CMP client demands); `chain` is its certificate upward, sent in extraCerts. Old
    certificates must chain to `trust_anchors`, with `intermediates` to complete the chain.
    """

    issuing: CA
    chain: tuple[x509.Certificate, ...]
    trust_anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    untrusted: CA  # issues the "untrusted issuer" fault's certificate
    policy: str = PRACTICE_POLICY_LOA3
    days: int = 730
