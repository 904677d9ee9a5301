"""enroll: fetching new certificates from the issuing service (CMP): key update, and initial enrollment with a
one-time code. No Qt here.

The engine needs only `Enroller`, the request/result types and the errors; `CmpEnroller` is the CMP adapter.
"""

from sithsclient.enroll.client import CmpEnroller, CmpSettings
from sithsclient.enroll.errors import (
    CertificateRejected,
    ConfigurationError,
    EnrollmentError,
    HttpStatusError,
    InsecureUrlError,
    MacMismatch,
    MalformedMessage,
    NonceMismatch,
    OneTimeCodeRefused,
    OneTimeCodeUsed,
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
from sithsclient.enroll.interface import (
    CardCredential,
    Enroller,
    InitialRequest,
    KeyUpdateRequest,
    KeyUpdateResult,
)
from sithsclient.enroll.mac import MacKind

__all__ = [
    "CardCredential",
    "CertificateRejected",
    "CmpEnroller",
    "CmpSettings",
    "ConfigurationError",
    "Enroller",
    "EnrollmentError",
    "HttpStatusError",
    "InitialRequest",
    "InsecureUrlError",
    "KeyUpdateRequest",
    "KeyUpdateResult",
    "MacKind",
    "MacMismatch",
    "MalformedMessage",
    "NonceMismatch",
    "OneTimeCodeRefused",
    "OneTimeCodeUsed",
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
