"""What can go wrong while fetching a certificate, as types with a stable code.

Each class has a `code` (stable: journals, logs and the wizard key on it) and a sentence for a person
(`message`: the code's one English sentence, from codes.py). `detail` is the technical reason, for the log and
IT support; it never holds a PIN or key material. The families match what the wizard does next: a
`TransportError` is worth a retry, a `ServiceRefused` is a matter for the card office, a `CertificateRejected`
means nothing may go onto the card.
"""

from __future__ import annotations

from collections.abc import Iterable

from sithsclient.codes import Code, lookup


class EnrollmentError(Exception):
    code: str = Code.ENROLL_FAILED

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def message(self) -> str:
        return lookup(self.code).says  # the one English sentence per code, as the wizard says it

    def __str__(self) -> str:
        return f"{self.message} [{self.code}: {self.detail}]" if self.detail else f"{self.message} [{self.code}]"


# --- configuration -----------------------------------------------------------------------------------------


class ConfigurationError(EnrollmentError):
    code = Code.CONFIG_INVALID


class InsecureUrlError(ConfigurationError):
    """Plain HTTP to anything but this computer: the practice service is the only one allowed without TLS."""

    code = Code.CONFIG_INSECURE_URL


# --- network -----------------------------------------------------------------------------------------------


class TransportError(EnrollmentError):
    code = Code.NETWORK_FAILED


class ServiceUnreachable(TransportError):
    code = Code.NETWORK_UNREACHABLE


class ServiceTimeout(TransportError):
    code = Code.NETWORK_TIMEOUT


class TlsError(TransportError):
    code = Code.NETWORK_TLS


class HttpStatusError(TransportError):
    code = Code.NETWORK_HTTP_STATUS

    def __init__(self, status: int, detail: str = "") -> None:
        super().__init__(detail or f"HTTP status {status}")
        self.status = status


class ResponseTooLarge(TransportError):
    code = Code.NETWORK_TOO_LARGE


class WrongContentType(TransportError):
    code = Code.NETWORK_CONTENT_TYPE


# --- the CMP exchange --------------------------------------------------------------------------------------


class ProtocolError(EnrollmentError):
    code = Code.CMP_FAILED


class MalformedMessage(ProtocolError):
    code = Code.CMP_MALFORMED


class UnexpectedMessage(ProtocolError):
    code = Code.CMP_UNEXPECTED


class TransactionMismatch(ProtocolError):
    code = Code.CMP_TRANSACTION


class NonceMismatch(ProtocolError):
    code = Code.CMP_NONCE


class ProtectionError(ProtocolError):
    """Missing, broken or untrusted signature on a response: it may not come from the issuing service."""

    code = Code.CMP_PROTECTION


class SignerNotValidNow(ProtectionError):
    """The answer's signature holds, but its signer's certificate is not valid at this computer's time: with a
    SITHS CA that is almost always the PC's clock (years behind: not yet valid; years ahead: expired)."""

    code = Code.CMP_NOT_VALID_NOW


class MacMismatch(ProtectionError):
    """An answer protected by a MAC that does not verify with the one-time secret given.

    Nothing in it can be believed, not even an error text; but since the service holds the right secret, the
    likeliest cause is a mistyped reference or code, and that is what the person is told.
    """

    code = Code.CMP_MAC


# --- the service said no -----------------------------------------------------------------------------------


class ServiceReported(EnrollmentError):
    """The service answered, validly protected, that it will not issue. Carries what it said."""

    code = Code.SERVICE_ERROR

    def __init__(self, status: str, fail_info: Iterable[str] = (), text: str = "") -> None:
        self.status = status
        self.fail_info = frozenset(fail_info)
        self.text = text
        parts = [f"status {status}"]
        if self.fail_info:
            parts.append("failInfo " + ",".join(sorted(self.fail_info)))
        if text:
            parts.append(f"text {text!r}")
        super().__init__("; ".join(parts))


class ServiceRefused(ServiceReported):
    """A certificate response with status rejection."""

    code = Code.SERVICE_REFUSED


class ServiceErrorMessage(ServiceReported):
    """An `error` message."""

    code = Code.SERVICE_ERROR


class TransactionClosed(ServiceReported):
    """A received certificate could not be confirmed: its transaction is no longer open at the service. With
    failInfo certRevoked the service has settled it as not valid (not confirmed in time); otherwise the client
    must ask for its revocation before it asks for another."""

    code = Code.SERVICE_ERROR

    @property
    def settled(self) -> bool:
        return "cert_revoked" in self.fail_info


class OneTimeCodeRefused(ServiceReported):
    """The service, in a verified answer, did not accept the reference and one-time code (badMessageCheck)."""

    code = Code.SERVICE_CODE_REFUSED


class OneTimeCodeUsed(OneTimeCodeRefused):
    """The one-time code has been used already for this certificate (duplicateCertReq)."""

    code = Code.SERVICE_CODE_USED


class StillPending(EnrollmentError):
    """The service kept saying "waiting" past our patience; the transaction can be retried later."""

    code = Code.SERVICE_PENDING


# --- the issued certificate --------------------------------------------------------------------------------


class CertificateRejected(EnrollmentError):
    """The issued certificate failed a check (see `pki.issued.IssuedProblem`); it must not reach the card."""

    def __init__(self, problems: Iterable[str], detail: str = "") -> None:
        self.problems = tuple(problems)
        super().__init__(detail or ", ".join(self.problems))

    @property
    def code(self) -> str:  # type: ignore[override]
        # The first problem names it: the list is ordered from the most to the least telling.
        return f"certificate.{self.problems[0]}" if self.problems else "certificate.rejected"
