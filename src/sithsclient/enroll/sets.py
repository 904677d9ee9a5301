"""CmpEnroller's part in the set the service decides (pki/card_set.py): which certificates a card gets, asked
before any key is made, and a certificate the card lacks, asked later. Both are transactions of the client
(client.py) signed by the card's current authentication key; a mixin here keeps that module in bounds."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from typing import Any, Protocol

from cryptography.x509.oid import NameOID

from sithsclient.enroll import asn1
from sithsclient.enroll.build import cert_req_template_body, initial_body, purpose_of_key_usage
from sithsclient.enroll.errors import UnexpectedMessage
from sithsclient.enroll.interface import CardCredential, CertificationRequest, KeyUpdateResult
from sithsclient.enroll.protection import SigningKey
from sithsclient.enroll.response import Response
from sithsclient.pki.card_set import CertificateSpec, Identity, identity_of_serial
from sithsclient.pki.model import Purpose

log = logging.getLogger(__name__)


class _Client(Protocol):
    """What the mixin uses of CmpEnroller (client.py); its transactions are opaque here."""

    def _http(self) -> AbstractContextManager[Any]: ...
    def _card_transaction(
        self, http: Any, credential: CardCredential, new_key: SigningKey | None, purpose: Purpose, profile: str | None
    ) -> Any: ...
    def _exchange(self, tx: Any, body: asn1.PKIBody, *, retries: int = 0) -> Response: ...
    def _expect(self, response: Response, *body_types: str) -> None: ...
    def _enroll(self, tx: Any, request_body: asn1.PKIBody) -> KeyUpdateResult: ...
    def _template(self, credential: CardCredential, profile: str | None) -> Response: ...


class SetQueries:
    def certification_request(self: _Client, request: CertificationRequest) -> KeyUpdateResult:
        """A certificate the card lacks (RFC 9483 4.1.2): a cr signed by the card's current authentication key, in
        that certificate's name; the answer is a cp, checked and confirmed as a key update's kup."""
        subject = request.authentication.certificate.subject
        body = initial_body(request.new_key, subject, request.purpose, name="cr")
        with self._http() as http:
            tx = self._card_transaction(http, request.authentication, request.new_key, request.purpose, request.profile)
            log.info("CMP cr for %s, transaction %s", request.profile or request.purpose, tx.transaction_id.hex())
            return self._enroll(tx, body)

    def certificate_set(self: _Client, credential: CardCredential, key_type: str) -> list[CertificateSpec]:
        """The certificates the service issues to this card, asked before any key is made: a genm for
        id-it-certReqTemplate (RFC 9483 4.3.3) signed by the card's authentication key; the answer's generalInfo
        names the profiles of the set (id-it-certProfile, RFC 9480), and a genm per profile asks its template,
        whose subject tells the identity (HSA-id or personnummer) and whose Key Usage the purpose. Raises an
        EnrollmentError where the service cannot say (an error, no profiles): the caller falls back."""
        offered = self._template(credential, None)
        if not offered.profiles:
            raise UnexpectedMessage("the service names no certificate profiles")
        specs = []
        for profile in offered.profiles:
            answer = self._template(credential, profile)
            purpose = purpose_of_key_usage(answer.template_key_usage)
            subject = answer.template_subject
            if purpose is None or subject is None:
                raise UnexpectedMessage(f"the template of profile {profile} names no subject or Key Usage")
            serial = subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
            number = str(serial[0].value) if serial else ""
            identity = identity_of_serial(number) if number else Identity.HSA_ID
            specs.append(CertificateSpec(profile, purpose, identity, key_type, number))
        log.info("CMP the service's set: %s", ", ".join(offered.profiles))
        return specs

    def _template(self: _Client, credential: CardCredential, profile: str | None) -> Response:
        with self._http() as http:
            tx = self._card_transaction(http, credential, None, Purpose.AUTHENTICATION, profile)
            log.info("CMP genm certReqTemplate, profile %s, transaction %s", profile, tx.transaction_id.hex())
            response = self._exchange(tx, cert_req_template_body())
            self._expect(response, "genp")
            return response
