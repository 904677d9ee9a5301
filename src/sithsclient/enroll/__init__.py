"""enroll: fetching new certificates from the issuing service (CMP). No Qt here.

The engine needs only `Enroller`, the request/result types and the errors; `CmpEnroller` is the CMP adapter.
"""

from sithsclient.enroll.client import CmpEnroller, CmpSettings
from sithsclient.enroll.errors import (
    CertificateRejected,
    ConfigurationError,
    EnrollmentError,
    HttpStatusError,
    InsecureUrlError,
    MalformedMessage,
    NonceMismatch,
    ProtectionError,
    ProtocolError,
    ResponseTooLarge,
    ServiceErrorMessage,
    ServiceRefused,
    ServiceReported,
    ServiceTimeout,
    ServiceUnreachable,
    StillPending,
    TlsError,
    TransactionMismatch,
    TransportError,
    UnexpectedMessage,
    WrongContentType,
)
from sithsclient.enroll.interface import CardCredential, Enroller, KeyUpdateRequest, KeyUpdateResult

__all__ = [
    "CardCredential",
    "CertificateRejected",
    "CmpEnroller",
    "CmpSettings",
    "ConfigurationError",
    "Enroller",
    "EnrollmentError",
    "HttpStatusError",
    "InsecureUrlError",
    "KeyUpdateRequest",
    "KeyUpdateResult",
    "MalformedMessage",
    "NonceMismatch",
    "ProtectionError",
    "ProtocolError",
    "ResponseTooLarge",
    "ServiceErrorMessage",
    "ServiceRefused",
    "ServiceReported",
    "ServiceTimeout",
    "ServiceUnreachable",
    "StillPending",
    "TlsError",
    "TransactionMismatch",
    "TransportError",
    "UnexpectedMessage",
    "WrongContentType",
]
