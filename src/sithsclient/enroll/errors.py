"""What can go wrong while fetching a certificate, as types with a stable code.

Each class has a `code` (stable: journals, logs and the wizard key on it) and a sentence for a person
(`message`, from `texts.py`). `detail` is the technical reason, for the log and IT support; it never holds a
PIN or key material. The families match what the wizard does next: a `TransportError` is worth a retry, a
`ServiceRefused` is a matter for the card office, a `CertificateRejected` means nothing may go onto the card.
"""

from __future__ import annotations

from collections.abc import Iterable

from sithsclient.enroll.texts import text_for


class EnrollmentError(Exception):
    code = "enroll.failed"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def message(self) -> str:
        return text_for(self.code)

    def __str__(self) -> str:
        return f"{self.message} [{self.code}: {self.detail}]" if self.detail else f"{self.message} [{self.code}]"


# --- configuration -----------------------------------------------------------------------------------------


class ConfigurationError(EnrollmentError):
    code = "config.invalid"


class InsecureUrlError(ConfigurationError):
    """Plain HTTP to anything but this computer: the practice service is the only one allowed without TLS."""

    code = "config.insecure_url"


# --- network -----------------------------------------------------------------------------------------------


class TransportError(EnrollmentError):
    code = "network.failed"


class ServiceUnreachable(TransportError):
    code = "network.unreachable"


class ServiceTimeout(TransportError):
    code = "network.timeout"


class TlsError(TransportError):
    code = "network.tls"


class HttpStatusError(TransportError):
    code = "network.http_status"

    def __init__(self, status: int, detail: str = "") -> None:
        super().__init__(detail or f"HTTP status {status}")
        self.status = status


class ResponseTooLarge(TransportError):
    code = "network.too_large"


class WrongContentType(TransportError):
    code = "network.content_type"


# --- the CMP exchange --------------------------------------------------------------------------------------


class ProtocolError(EnrollmentError):
    code = "cmp.failed"


class MalformedMessage(ProtocolError):
    code = "cmp.malformed"


class UnexpectedMessage(ProtocolError):
    code = "cmp.unexpected"


class TransactionMismatch(ProtocolError):
    code = "cmp.transaction"


class NonceMismatch(ProtocolError):
    code = "cmp.nonce"


class ProtectionError(ProtocolError):
    """Missing, broken or untrusted signature on a response: it may not come from the issuing service."""

    code = "cmp.protection"


class SignerNotValidNow(ProtectionError):
    """The answer's signature holds, but its signer's certificate is not valid at this computer's time: with a
    SITHS CA that is almost always the PC's clock (years behind: not yet valid; years ahead: expired)."""

    code = "cmp.not_valid_now"


class MacMismatch(ProtectionError):
    """An answer protected by a MAC that does not verify with the one-time secret given.

    Nothing in it can be believed, not even an error text; but since the service holds the right secret, the
    likeliest cause is a mistyped reference or code, and that is what the person is told.
    """

    code = "cmp.mac"


# --- the service said no -----------------------------------------------------------------------------------


class ServiceReported(EnrollmentError):
    """The service answered, validly protected, that it will not issue. Carries what it said."""

    code = "service.error"

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

    code = "service.refused"


class ServiceErrorMessage(ServiceReported):
    """An `error` message."""

    code = "service.error"


class OneTimeCodeRefused(ServiceReported):
    """The service, in a verified answer, did not accept the reference and one-time code (badMessageCheck)."""

    code = "service.code_refused"


class OneTimeCodeUsed(OneTimeCodeRefused):
    """The one-time code has been used already for this certificate (duplicateCertReq)."""

    code = "service.code_used"


class StillPending(EnrollmentError):
    """The service kept saying "waiting" past our patience; the transaction can be retried later."""

    code = "service.pending"


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
