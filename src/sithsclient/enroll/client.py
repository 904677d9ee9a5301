"""The CMP client: key update and initial enrollment (RFC 4210/9480 in the lightweight profile, RFC 9483 4.1.1,
4.1.3, 4.1.5, 4.4, 3.5).

One `key_update` or `initial_enroll` is one CMP transaction on one HTTP session:
    kur → kup  or  ir → ip            (or "waiting" → pollReq → pollRep … → kup/ip)
    certConf  →  pkiConf              (skipped only when implicit confirmation was asked for and granted)
Carried by the engine (`carrying`), the certificate is handed over for the journal before its certConf, and a
certConf cut off by a pull or a kill is sent again in the same transaction, never a new request; a certificate
that will never be installed is revoked with rr → rp (RFC 9483 4.2), signed by its own key.
A key update's messages are protected by the card's current authentication key; an initial enrollment's by a
MAC keyed from the one-time code that the ordering organisation gave, and its answers must carry a MAC with that
code or the signature of a configured CA. Either way the request's proof of possession is signed by the new key.
Every answer is checked (protection, transaction, nonces, status) and the issued certificate is checked before
it is confirmed. A certificate that fails a check is rejected in certConf, so the service knows it is not in use.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cryptography import x509

from sithsclient.enroll import asn1
from sithsclient.enroll.build import (
    CERT_REQ_ID,
    cert_conf_body,
    cert_req_template_body,
    initial_body,
    key_update_body,
    poll_req_body,
    revocation_body,
)
from sithsclient.enroll.checks import check_envelope, check_mac_protection, check_protection
from sithsclient.enroll.errors import (
    CertificateRejected,
    EnrollmentError,
    OneTimeCodeRefused,
    OneTimeCodeUsed,
    ServiceErrorMessage,
    ServiceRefused,
    ServiceReported,
    StillPending,
    TlsError,
    TransactionClosed,
    TransactionMismatch,
    TransportError,
    UnexpectedMessage,
)
from sithsclient.enroll.interface import (
    CardCredential,
    Carry,
    InitialRequest,
    KeyUpdateRequest,
    KeyUpdateResult,
    Receipt,
)
from sithsclient.enroll.mac import MacKind, SharedSecret, is_mac_algorithm
from sithsclient.enroll.message import header, new_nonce, seal, seal_mac, subject_key_id
from sithsclient.enroll.protection import SigningKey
from sithsclient.enroll.response import CERT_RESPONSE_BODIES, CertResponse, Response, parse_response
from sithsclient.enroll.sets import SetQueries
from sithsclient.enroll.urls import check_url
from sithsclient.pki.chain import build_path
from sithsclient.pki.issued import check_issued
from sithsclient.pki.model import Purpose

if TYPE_CHECKING:  # requests is loaded with the first request, not with the wizard or the CLI
    from sithsclient.enroll.transport import HttpTransfer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CmpSettings:
    """Where the issuing service is and whom to trust.

    `cmp_trust`: certificates that may sign the service's answers, or their issuers (pin the CA's own
    certificate where possible). `trust_anchors`: the roots an issued certificate must chain to;
    `intermediates`: CA certificates known beforehand, to complete such chains.
    """

    url: str
    cmp_trust: tuple[x509.Certificate, ...]
    trust_anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = ()
    recipient: x509.Name | None = None  # the CA's name; the NULL-DN when unknown (RFC 9483 3.1)
    tls_ca_bundle: Path | None = None  # None: the system trust store
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_response_bytes: int = 256 * 1024
    max_pending_seconds: float = 600.0  # how long to keep polling a "waiting" service
    poll_retries: int = 2  # a pollReq changes nothing at the service, so it may be sent again
    implicit_confirm: bool = False
    # How an initial enrollment's requests are MAC-protected. PasswordBasedMac by default: it is what OpenSSL 3.0
    # speaks; the lightweight profile prefers PBMAC1, which a service may ask for.
    mac: MacKind = MacKind.PASSWORD_BASED_MAC


class _Protection(Protocol):
    """How one transaction's messages are protected and its answers believed."""

    @property
    def sender(self) -> x509.Name | None: ...

    @property
    def sender_kid(self) -> bytes | None: ...

    def seal(self, pki_header: asn1.PKIHeader, body: asn1.PKIBody) -> bytes: ...

    def check(self, response: Response, trust: tuple[x509.Certificate, ...]) -> None: ...


class _CardSignature:
    """Key update: every message signed by the card's current authentication key, which its certificate names;
    answers must be signed by a CA trusted for CMP. A revocation: signed by the key of the certificate revoked."""

    def __init__(self, key: SigningKey, certificate: x509.Certificate, extra: list[x509.Certificate]) -> None:
        self._key = key
        self._extra = [certificate, *(c for c in extra if c != certificate)]
        self.sender = certificate.subject
        self.sender_kid = subject_key_id(certificate)

    @classmethod
    def of(cls, request: KeyUpdateRequest) -> _CardSignature:
        auth = request.authentication
        return cls(auth.key, auth.certificate, [request.replaces, *auth.chain])

    @classmethod
    def of_card(cls, auth: CardCredential) -> _CardSignature:
        """A message that replaces nothing (a genm, a cr): signed by the card's authentication key."""
        return cls(auth.key, auth.certificate, list(auth.chain))

    def seal(self, pki_header: asn1.PKIHeader, body: asn1.PKIBody) -> bytes:
        return seal(pki_header, body, self._key, self._extra)

    def check(self, response: Response, trust: tuple[x509.Certificate, ...]) -> None:
        check_protection(response, trust)


class _OneTimeCode:
    """Initial enrollment: every message MAC-protected with the one-time secret, named by the reference in
    senderKID (RFC 9483 3.2). An answer is believed if its MAC verifies with the same secret, or if it is signed
    by a CA trusted for CMP (RFC 9483 allows either; a service cannot MAC-protect its refusal of a wrong secret
    so that the client could check it, but it can sign it)."""

    def __init__(self, reference: str, secret: str, sender: x509.Name | None, kind: MacKind) -> None:
        self._shared = SharedSecret(reference.encode("utf-8"), secret.encode("utf-8"), kind)
        self.sender = sender
        self.sender_kid = self._shared.reference

    def seal(self, pki_header: asn1.PKIHeader, body: asn1.PKIBody) -> bytes:
        return seal_mac(pki_header, body, self._shared.secret, self._shared.kind)

    def check(self, response: Response, trust: tuple[x509.Certificate, ...]) -> None:
        if response.protection_alg is not None and is_mac_algorithm(response.protection_alg):
            check_mac_protection(response, self._shared.secret)
        else:
            check_protection(response, trust)


@dataclass
class _Transaction:
    """The state of one exchange: how it is protected, what the issued certificate must be, its id, the nonce to
    answer, and the HTTP session it is bound to."""

    http: HttpTransfer
    protection: _Protection
    new_key: SigningKey | None  # None in a genm: no certificate is asked for
    purpose: Purpose
    subject: x509.Name | None  # the issued certificate must name exactly this (with this HSA-ID)
    replaces: x509.Certificate | None  # None in an initial enrollment: nothing on the card is replaced
    transaction_id: bytes = field(default_factory=new_nonce)
    server_nonce: bytes | None = None
    first: bool = True
    profile: str | None = None  # the certProfile named in every message's generalInfo (RFC 9480)


@contextmanager
def _about_the_code() -> Iterator[None]:
    """The verified answers that concern the one-time code itself get errors of their own, with sentences that tell
    the person what to do about the code."""
    try:
        yield
    except ServiceReported as exc:
        if "duplicate_cert_req" in exc.fail_info:
            raise OneTimeCodeUsed(exc.status, exc.fail_info, exc.text) from exc
        if "bad_message_check" in exc.fail_info:
            raise OneTimeCodeRefused(exc.status, exc.fail_info, exc.text) from exc
        raise


class CmpEnroller(SetQueries):
    """`Enroller` over CMP. `sleep` and `clock` are injectable so that tests of polling need not wait."""

    def __init__(
        self,
        settings: CmpSettings,
        *,
        on_pending: Callable[[float], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        check_url(settings.url)
        self.settings = settings
        self._on_pending = on_pending
        self._sleep = sleep
        self._clock = clock
        self._carry: Carry | None = None

    @contextmanager
    def carrying(self, carry: Carry) -> Iterator[None]:
        """For the calls inside: tell `carry.received` of a certificate before it is confirmed, or confirm the
        journalled `carry.resume` instead of asking anew (interface.Carry)."""
        self._carry = carry
        try:
            yield
        finally:
            self._carry = None

    def revoke(self, certificate: x509.Certificate, key: SigningKey) -> None:
        """rr → rp (RFC 9483 4.2), signed by the certificate's own key. Already revoked counts as done."""
        with self._http() as http:
            tx = _Transaction(http, _CardSignature(key, certificate, []), None, Purpose.AUTHENTICATION, None, None)
            log.info("CMP rr for %x, transaction %s", certificate.serial_number, tx.transaction_id.hex())
            try:
                response = self._exchange(tx, revocation_body(certificate))
            except ServiceErrorMessage as exc:
                if "cert_revoked" in exc.fail_info:
                    return
                raise
            self._expect(response, "rp")
            if len(response.revocation) != 1:
                raise UnexpectedMessage(f"{len(response.revocation)} revocation statuses, not one")
            status = response.revocation[0]
            if not status.granted and "cert_revoked" not in status.fail_info:
                raise ServiceRefused(status.status, status.fail_info, status.text)

    def key_update(self, request: KeyUpdateRequest) -> KeyUpdateResult:
        with self._http() as http:
            tx = _Transaction(
                http,
                _CardSignature.of(request),
                request.new_key,
                request.purpose,
                request.subject or request.replaces.subject,
                request.replaces,
                profile=request.profile,
            )
            log.info("CMP kur for %s, transaction %s", request.profile or request.purpose, tx.transaction_id.hex())
            return self._enroll(tx, key_update_body(request.new_key, request.replaces))

    def initial_enroll(self, request: InitialRequest) -> KeyUpdateResult:
        body = initial_body(request.new_key, request.subject, request.purpose)
        with self._http() as http:
            tx = _Transaction(
                http,
                _OneTimeCode(request.reference, request.secret, request.subject, self.settings.mac),
                request.new_key,
                request.purpose,
                request.subject,
                None,
            )
            log.info(
                "CMP ir for %s, reference %s, transaction %s",
                request.purpose,
                request.reference,
                tx.transaction_id.hex(),
            )
            with _about_the_code():
                return self._enroll(tx, body)

    def ordered_subject(self, reference: str, secret: str) -> x509.Name:
        """The name the card office ordered the certificates in, asked of the service with the order's one-time
        code (a genm for id-it-certReqTemplate, RFC 9483 4.3.3) before any key is made on the card: a wrong or
        used code is found out here. Raises OneTimeCodeRefused/OneTimeCodeUsed, or another EnrollmentError."""
        with self._http() as http:
            tx = _Transaction(
                http, _OneTimeCode(reference, secret, None, self.settings.mac), None, Purpose.AUTHENTICATION, None, None
            )
            log.info("CMP genm certReqTemplate, reference %s, transaction %s", reference, tx.transaction_id.hex())
            with _about_the_code():
                response = self._exchange(tx, cert_req_template_body())
            self._expect(response, "genp")
            if response.template_subject is None or not list(response.template_subject):
                raise UnexpectedMessage("the answer names no subject for the order")
            return response.template_subject

    def _card_transaction(
        self,
        http: HttpTransfer,
        credential: CardCredential,
        new_key: SigningKey | None,
        purpose: Purpose,
        profile: str | None,
    ) -> _Transaction:
        """A transaction signed by the card's authentication key that replaces nothing (sets.py: a genm, a cr)."""
        subject = credential.certificate.subject if new_key is not None else None
        signature = _CardSignature.of_card(credential)
        return _Transaction(http, signature, new_key, purpose, subject, None, profile=profile)

    def _http(self) -> HttpTransfer:
        from sithsclient.enroll.transport import HttpTransfer

        s = self.settings
        return HttpTransfer(
            s.url,
            ca_bundle=s.tls_ca_bundle,
            connect_timeout=s.connect_timeout,
            read_timeout=s.read_timeout,
            max_response_bytes=s.max_response_bytes,
        )

    def _enroll(self, tx: _Transaction, request_body: asn1.PKIBody) -> KeyUpdateResult:
        carry = self._carry
        if carry is not None and carry.resume is not None:
            return self._resume(tx, carry.resume)
        response = self._exchange(tx, request_body)
        answer = self._cert_response(response)
        if answer.status.status == "waiting":
            response, answer = self._poll(tx)
        certificate = answer.certificate
        assert certificate is not None  # _cert_response guarantees it for a granted status
        chain = self._check_certificate(tx, certificate, (*response.extra_certs, *response.ca_pubs))
        if carry is not None:  # journalled before the certConf, which needs the card again
            carry.received(Receipt(certificate, tx.transaction_id.hex(), (tx.server_nonce or b"").hex()))
        if self.settings.implicit_confirm and response.implicit_confirm:
            log.info("CMP implicit confirmation granted, transaction %s", tx.transaction_id.hex())
        else:
            confirmed = self._exchange(tx, cert_conf_body(certificate, accepted=True))
            self._expect(confirmed, "pkiconf")
        return KeyUpdateResult(certificate, chain, tx.transaction_id.hex())

    def _resume(self, tx: _Transaction, receipt: Receipt) -> KeyUpdateResult:
        """Confirms a journalled certificate in the transaction it came in (a pull or a kill came between its
        arrival and its certConf). TransactionClosed when the service no longer holds that transaction open."""
        tx.transaction_id = bytes.fromhex(receipt.transaction_id)
        tx.server_nonce = bytes.fromhex(receipt.server_nonce) or None
        tx.first = False
        log.info("CMP certConf resumed, transaction %s", receipt.transaction_id)
        chain = self._check_certificate(tx, receipt.certificate, ())
        result = KeyUpdateResult(receipt.certificate, chain, receipt.transaction_id)
        try:
            confirmed = self._exchange(tx, cert_conf_body(receipt.certificate, accepted=True))
        except ServiceErrorMessage as exc:
            if "cert_confirmed" in exc.fail_info:  # our certConf got there before the stop; its answer did not
                return result
            raise TransactionClosed(exc.status, exc.fail_info, exc.text) from exc
        self._expect(confirmed, "pkiconf")
        return result

    # --- one request and its answer ------------------------------------------------------------------------

    def _seal(self, tx: _Transaction, body: asn1.PKIBody) -> tuple[bytes, bytes]:
        nonce = new_nonce()
        pki_header = header(
            sender=tx.protection.sender,
            recipient=self.settings.recipient,
            transaction_id=tx.transaction_id,
            sender_nonce=nonce,
            recip_nonce=tx.server_nonce,
            sender_kid=tx.protection.sender_kid,
            implicit_confirm=tx.first and self.settings.implicit_confirm,
            profiles=(tx.profile,) if tx.profile else (),
        )
        tx.first = False
        return tx.protection.seal(pki_header, body), nonce

    def _exchange(self, tx: _Transaction, body: asn1.PKIBody, *, retries: int = 0) -> Response:
        message, nonce = self._seal(tx, body)
        attempt = 0
        while True:
            try:
                raw = tx.http.post(message)
                break
            except TlsError:
                raise
            except TransportError as exc:
                if attempt >= retries:
                    raise
                attempt += 1
                log.warning("CMP %s failed (%s), sending it again", body.name, exc.code)
        response = parse_response(raw)
        tx.protection.check(response, self.settings.cmp_trust)
        if response.body_type == "error":
            # A verified error from the CA is reported even if it could not name our nonce (it may not have
            # been able to read our message), but never one from another transaction.
            if response.transaction_id not in (None, tx.transaction_id):
                raise TransactionMismatch("an error message from another transaction")
            assert response.error is not None
            status = response.error.status
            text = " ".join(t for t in (status.text, response.error.details) if t)
            raise ServiceErrorMessage(status.status, status.fail_info, text)
        check_envelope(response, transaction_id=tx.transaction_id, sent_nonce=nonce)
        tx.server_nonce = response.sender_nonce
        log.debug("CMP %s → %s", body.name, response.body_type)
        return response

    @staticmethod
    def _expect(response: Response, *body_types: str) -> None:
        if response.body_type not in body_types:
            raise UnexpectedMessage(f"{response.body_type} where {' or '.join(body_types)} was expected")

    def _cert_response(self, response: Response) -> CertResponse:
        # ip, cp and kup carry the same CertRepMessage; which one comes back is the service's affair.
        self._expect(response, *sorted(CERT_RESPONSE_BODIES))
        if len(response.cert_responses) != 1 or response.cert_responses[0].cert_req_id != CERT_REQ_ID:
            raise UnexpectedMessage(f"{len(response.cert_responses)} certificate responses, not one for id 0")
        answer = response.cert_responses[0]
        if answer.status.status == "waiting":
            return answer
        if not answer.status.granted:
            raise ServiceRefused(answer.status.status, answer.status.fail_info, answer.status.text)
        if answer.certificate is None:
            raise UnexpectedMessage("the certificate was granted but is not in the response")
        return answer

    # --- delayed delivery (RFC 9483 4.4) -------------------------------------------------------------------

    def _poll(self, tx: _Transaction) -> tuple[Response, CertResponse]:
        deadline = self._clock() + self.settings.max_pending_seconds
        while True:
            response = self._exchange(tx, poll_req_body(), retries=self.settings.poll_retries)
            if response.body_type in CERT_RESPONSE_BODIES:
                answer = self._cert_response(response)
                if answer.status.status != "waiting":
                    return response, answer
                wait = 0.0
            else:
                self._expect(response, "poll_rep")
                if len(response.poll_responses) != 1 or response.poll_responses[0].cert_req_id != CERT_REQ_ID:
                    raise UnexpectedMessage("a pollRep not for certReqId 0")
                wait = float(max(0, response.poll_responses[0].check_after))
            if self._clock() + wait > deadline:
                raise StillPending(f"the service asks to wait {wait:.0f} s more; gave up after polling")
            log.info("CMP waiting %.0f s before polling, transaction %s", wait, tx.transaction_id.hex())
            if self._on_pending is not None:
                self._on_pending(wait)
            self._sleep(wait)

    # --- the issued certificate ----------------------------------------------------------------------------

    def _check_certificate(
        self, tx: _Transaction, certificate: x509.Certificate, sent: tuple[x509.Certificate, ...]
    ) -> tuple[x509.Certificate, ...]:
        s = self.settings
        assert tx.new_key is not None and tx.subject is not None  # a certificate is asked for with both
        known = (*s.intermediates, *sent)
        problems = check_issued(
            certificate,
            new_public_key=tx.new_key.public_key(),
            replaces=tx.replaces,
            subject=tx.subject,
            purpose=tx.purpose,
            trust_anchors=s.trust_anchors,
            intermediates=known,
        )
        if problems:
            reasons = ", ".join(problems)
            log.warning("CMP issued certificate refused (%s), transaction %s", reasons, tx.transaction_id.hex())
            self._reject(tx, certificate, reasons)
            raise CertificateRejected(problems)
        path = build_path(certificate, s.trust_anchors, known)
        assert path is not None  # check_issued has just found it
        return tuple(path[1:])

    def _reject(self, tx: _Transaction, certificate: x509.Certificate, reason: str) -> None:
        """Tells the service the certificate is not accepted; best effort, the refusal stands either way."""
        try:
            self._exchange(tx, cert_conf_body(certificate, accepted=False, reason=reason))
        except EnrollmentError as exc:
            log.warning("CMP could not tell the service the certificate was refused: %s", exc.code)
