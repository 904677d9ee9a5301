"""The practice issuing service's answers: what the HTTP layer sends, and the CMP messages it sends in them,
signed by the issuing CA, or MAC-protected with the one-time code a transaction was begun with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509

from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.ledger import Ledger
from sithsclient.demo.issuer.verification import Refusal, Request, Transaction
from sithsclient.enroll import asn1
from sithsclient.enroll.build import CERT_REQ_ID
from sithsclient.enroll.message import (
    header,
    new_nonce,
    seal,
    seal_mac,
    status_info,
    subject_key_id,
    to_asn1_certificate,
)
from sithsclient.enroll.urls import CONTENT_TYPE


@dataclass(frozen=True)
class Reply:
    """What the HTTP layer sends. `announce_length` False: no Content-Length, close-delimited (oversized)."""

    body: bytes
    status: int = 200
    content_type: str = CONTENT_TYPE
    delay: float = 0.0
    announce_length: bool = True


class Replies:
    """The answers of one service: its keys sign them, its ledger learns of a certificate confirmed implicitly."""

    def __init__(self, keys: IssuerKeys, ledger: Ledger) -> None:
        self.keys = keys
        self.ledger = ledger

    def certificate(self, request: Request, tx: Transaction, *, bad_protection: bool = False) -> Reply:
        """The transaction's certificate, in the body its request asked for (kup or ip)."""
        assert tx.certificate is not None
        granted_implicitly = tx.implicit_confirm and not tx.settled
        if granted_implicitly:
            self.ledger.settled(tx.transaction_id, "implicitly_confirmed")
            tx.settled = True
        response = {
            "cert_req_id": CERT_REQ_ID,
            "status": status_info("accepted"),
            "certified_key_pair": {
                "cert_or_enc_cert": asn1.CertOrEncCert(name="certificate", value=to_asn1_certificate(tx.certificate))
            },
        }
        body = asn1.PKIBody(name=tx.answer, value={"response": [response]})
        reply = self.reply(request, tx, body, implicit_confirm=granted_implicitly, extra=tx.extra_certs)
        if bad_protection:
            return Reply(_break_protection(reply.body))
        return reply

    def reply(
        self,
        request: Request,
        tx: Transaction,
        body: asn1.PKIBody,
        *,
        implicit_confirm: bool = False,
        extra: Sequence[x509.Certificate] | None = None,
    ) -> Reply:
        """An answer within a transaction, with a fresh nonce of the service that the next request must answer."""
        nonce = new_nonce()
        tx.sent_nonces.append(nonce)
        if tx.code is not None:
            # senderKID names the code (RFC 9483 3.1), and the MAC is of the request's kind: what the client used
            # it can check.
            pki_header = self.header(
                request.message,
                tx.subject,
                nonce,
                implicit_confirm=implicit_confirm,
                sender_kid=tx.code.reference.encode("utf-8"),
            )
            return Reply(seal_mac(pki_header, body, tx.code.secret, tx.code.kind, extra or self.keys.chain))
        pki_header = self.header(
            request.message,
            request.signer.subject if request.signer else None,
            nonce,
            implicit_confirm=implicit_confirm,
        )
        return Reply(seal(pki_header, body, self.keys.issuing.key, extra or self.keys.chain))

    def header(
        self,
        message: asn1.PKIMessage | None,
        recipient: x509.Name | None,
        nonce: bytes,
        *,
        implicit_confirm: bool = False,
        sender_kid: bytes | None = None,
    ) -> asn1.PKIHeader:
        head = message["header"] if message is not None else None
        transaction_id = head["transaction_id"].native if head is not None else None
        recip_nonce = head["sender_nonce"].native if head is not None else None
        return header(
            sender=self.keys.issuing.cert.subject,
            recipient=recipient,
            transaction_id=transaction_id if isinstance(transaction_id, bytes) else new_nonce(),
            sender_nonce=nonce,
            recip_nonce=recip_nonce if isinstance(recip_nonce, bytes) else None,
            sender_kid=sender_kid or subject_key_id(self.keys.issuing.cert),
            implicit_confirm=implicit_confirm,
        )

    def rejected(self, message: asn1.PKIMessage, recipient: x509.Name | None, refusal: Refusal) -> Reply:
        """A refused certificate request: in the body that would have carried the certificate (kup, or ip for an
        ir), signed by the CA like every refusal."""
        body = asn1.PKIBody(
            name="ip" if message["body"].name == "ir" else "kup",
            value={
                "response": [
                    {"cert_req_id": CERT_REQ_ID, "status": status_info("rejection", {refusal.fail_info}, refusal.text)}
                ]
            },
        )
        return self._signed(message, recipient, body)

    def error(self, message: asn1.PKIMessage | None, recipient: x509.Name | None, fail_info: str, text: str) -> Reply:
        body = asn1.PKIBody(
            name="error",
            value={"pki_status_info": status_info("rejection", {fail_info}, text), "error_details": [text]},
        )
        return self._signed(message, recipient, body)

    def _signed(self, message: asn1.PKIMessage | None, recipient: x509.Name | None, body: asn1.PKIBody) -> Reply:
        """A refusal outside any transaction's MAC: the client can check the CA's signature without a code."""
        return Reply(seal(self.header(message, recipient, new_nonce()), body, self.keys.issuing.key, self.keys.chain))


def _break_protection(sealed: bytes) -> bytes:
    """The same message with one bit of its signature flipped: the "bad protection" fault."""
    message = asn1.PKIMessage.load(sealed)
    signature = bytearray(message["protection"].native)
    signature[-1] ^= 0x01
    message["protection"] = bytes(signature)
    return bytes(message.dump())
