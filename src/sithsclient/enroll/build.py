"""The bodies of the client's messages: kur and ir (with proof of possession), certConf, pollReq and rr (RFC 9483
4.1.1, 4.1.3, 4.1.5, 4.2).

The lightweight profile asks one certificate per request, with certReqId 0.
"""

from __future__ import annotations

from asn1crypto import keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from sithsclient.enroll import asn1
from sithsclient.enroll.message import directory_name, status_info, to_asn1_name
from sithsclient.enroll.protection import SigningKey, sign
from sithsclient.pki.model import Purpose

CERT_REQ_ID = 0

# The Key Usage an initial request asks for, as SITHS cards carry it: it is how the service tells which
# certificate of the pair is wanted, since there is no old certificate to tell it.
REQUESTED_KEY_USAGE = {
    Purpose.AUTHENTICATION: {"digital_signature", "key_encipherment"},
    Purpose.SIGNATURE: {"non_repudiation"},
    Purpose.ENCRYPTION: {"key_encipherment", "data_encipherment"},
}


def purpose_of_key_usage(bits: frozenset[str]) -> Purpose | None:
    """The purpose a template's Key Usage asks for, as a certificate's would tell it (pki/inventory.py)."""
    if "non_repudiation" in bits:
        return Purpose.SIGNATURE
    if "digital_signature" in bits:
        return Purpose.AUTHENTICATION
    return None


def key_update_body(new_key: SigningKey, replaces: x509.Certificate) -> asn1.PKIBody:
    """A kur for `new_key`, replacing `replaces`, with the POP signed by `new_key` (one signature on the card)."""
    spki = new_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    old_cert_id = asn1.CertId({"issuer": directory_name(replaces.issuer), "serial_number": replaces.serial_number})
    cert_request = asn1.CertRequest(
        {
            "cert_req_id": CERT_REQ_ID,
            "cert_template": {
                "subject": to_asn1_name(replaces.subject),
                "public_key": keys.PublicKeyInfo.load(spki),
            },
            "controls": [{"type": "old_cert_id", "value": old_cert_id}],
        }
    )
    return asn1.PKIBody(name="kur", value=[{"cert_req": cert_request, "popo": _pop(new_key, cert_request)}])


def initial_body(new_key: SigningKey, subject: x509.Name, purpose: Purpose, *, name: str = "ir") -> asn1.PKIBody:
    """An ir for `new_key` in the name `subject`, asking the Key Usage of `purpose`; the POP signed by `new_key`.

    No oldCertID: nothing is replaced, and the card's own certificates play no part in the request.
    """
    if purpose not in REQUESTED_KEY_USAGE:
        raise ValueError(f"no certificate can be requested for purpose {purpose}")
    spki = new_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cert_request = asn1.CertRequest(
        {
            "cert_req_id": CERT_REQ_ID,
            "cert_template": {
                "subject": to_asn1_name(subject),
                "public_key": keys.PublicKeyInfo.load(spki),
                "extensions": [
                    {"extn_id": "key_usage", "critical": True, "extn_value": REQUESTED_KEY_USAGE[purpose]},
                ],
            },
        }
    )
    # The same request as a cr (RFC 9483 4.1.2) where a current certificate, not a code, proves who asks.
    return asn1.PKIBody(name=name, value=[{"cert_req": cert_request, "popo": _pop(new_key, cert_request)}])


def _pop(new_key: SigningKey, cert_request: asn1.CertRequest) -> asn1.ProofOfPossession:
    """The template carries the subject and the public key, so the POP signs the DER of the CertRequest itself
    (RFC 4211 4.1: poposkInput is then omitted)."""
    algorithm, signature = sign(new_key, cert_request.dump())
    return asn1.ProofOfPossession(
        name="signature",
        value=asn1.POPOSigningKey({"algorithm_identifier": algorithm, "signature": signature}),
    )


def cert_hash(cert: x509.Certificate) -> bytes:
    """RFC 4210 5.3.18: the hash of the DER certificate, with the hash of its own signature algorithm."""
    algorithm = cert.signature_hash_algorithm or hashes.SHA256()
    digest = hashes.Hash(algorithm)
    digest.update(cert.public_bytes(serialization.Encoding.DER))
    return digest.finalize()


def cert_conf_body(cert: x509.Certificate, *, accepted: bool, reason: str | None = None) -> asn1.PKIBody:
    status = status_info("accepted") if accepted else status_info("rejection", {"incorrect_data"}, reason)
    return asn1.PKIBody(
        name="cert_conf",
        value=[{"cert_hash": cert_hash(cert), "cert_req_id": CERT_REQ_ID, "status_info": status}],
    )


def revocation_body(cert: x509.Certificate) -> asn1.PKIBody:
    """An rr for `cert` (RFC 9483 4.2): its issuer and serial number, and why: it was never taken into use."""
    details = asn1.CertTemplate({"issuer": to_asn1_name(cert.issuer), "serial_number": cert.serial_number})
    reason = {"extn_id": "crl_reason", "critical": False, "extn_value": "cessation_of_operation"}
    return asn1.PKIBody(name="rr", value=[{"cert_details": details, "crl_entry_details": [reason]}])


def cert_req_template_body() -> asn1.PKIBody:
    """A genm asking which certificate request the service wants (RFC 9483 4.3.3): for an order, its subject."""
    return asn1.PKIBody(name="genm", value=[{"info_type": "cert_req_template"}])


def poll_req_body() -> asn1.PKIBody:
    return asn1.PKIBody(name="poll_req", value=[{"cert_req_id": CERT_REQ_ID}])
