"""Making and sealing PKIMessages: header, protection, extraCerts. Shared by the client and the practice service.

The protection signature covers the DER of ProtectedPart (header and body). When checking a received message
we sign-check the header and body exactly as they were received, not a re-encoding of them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence

from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sithsclient.enroll import asn1, mac
from sithsclient.enroll.protection import SigningKey, algorithm_for, sign

NONCE_BYTES = 16  # RFC 9483 section 3.1: 128 bits for transactionID and nonces


def new_nonce() -> bytes:
    return os.urandom(NONCE_BYTES)


def to_asn1_name(name: x509.Name | None) -> asn1_x509.Name:
    """The NULL-DN when no name is known (RFC 9483 allows it for the recipient)."""
    if name is None:
        return asn1_x509.Name.build({})
    return asn1_x509.Name.load(name.public_bytes())


def from_asn1_name(name: asn1_x509.Name) -> x509.Name:
    """A received name as `cryptography` holds it, attribute by attribute (it reads no bare DER Name)."""
    rdns = [
        x509.RelativeDistinguishedName(
            x509.NameAttribute(x509.ObjectIdentifier(pair["type"].dotted), str(pair["value"].native)) for pair in rdn
        )
        for rdn in name.chosen
    ]
    return x509.Name(rdns)


def directory_name(name: x509.Name | None) -> asn1_x509.GeneralName:
    return asn1_x509.GeneralName(name="directory_name", value=to_asn1_name(name))


def load_certificate(value: asn1_x509.Certificate) -> x509.Certificate:
    """A received certificate, read now: cryptography parses extensions and keys on first use, so a malformed
    certificate would otherwise fail later, inside some check. Raises ValueError, TypeError or
    UnsupportedAlgorithm."""
    try:
        cert = x509.load_der_x509_certificate(value.untag().dump())
        _ = cert.extensions, cert.public_key(), cert.subject, cert.issuer, cert.not_valid_after_utc
    # Neither is a ValueError, unlike cryptography's other parse errors: a bad version number, and an extension
    # twice (found by the issuer_request fuzz campaign in a request's extraCerts).
    except (x509.InvalidVersion, x509.DuplicateExtension) as exc:
        raise ValueError(str(exc)) from exc
    return cert


def to_asn1_certificate(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def subject_key_id(cert: x509.Certificate) -> bytes | None:
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        return None


def der_sequence(content: bytes) -> bytes:
    """A DER SEQUENCE around already-encoded members."""
    length = len(content)
    if length < 0x80:
        encoded_length = bytes([length])
    else:
        octets = length.to_bytes((length.bit_length() + 7) // 8, "big")
        encoded_length = bytes([0x80 | len(octets)]) + octets
    return b"\x30" + encoded_length + content


def protected_part(header: asn1.PKIHeader, body: asn1.PKIBody) -> bytes:
    return der_sequence(header.dump() + body.dump())


def header(
    *,
    sender: x509.Name | None,
    recipient: x509.Name | None,
    transaction_id: bytes,
    sender_nonce: bytes,
    recip_nonce: bytes | None = None,
    sender_kid: bytes | None = None,
    implicit_confirm: bool = False,
    free_text: str | None = None,
    profiles: Sequence[str] = (),
) -> asn1.PKIHeader:
    fields: dict[str, object] = {
        "pvno": asn1.PVNO_CMP2000,
        "sender": directory_name(sender),
        "recipient": directory_name(recipient),
        "message_time": core.GeneralizedTime(dt.datetime.now(dt.UTC).replace(microsecond=0)),
        "transaction_id": transaction_id,
        "sender_nonce": sender_nonce,
    }
    if sender_kid is not None:
        fields["sender_kid"] = sender_kid
    if recip_nonce is not None:
        fields["recip_nonce"] = recip_nonce
    if free_text:
        fields["free_text"] = [free_text]
    general_info: list[dict[str, object]] = []
    if implicit_confirm:
        general_info.append({"info_type": "implicit_confirm", "info_value": core.Null()})
    if profiles:  # RFC 9480: the certificate profile the request (or the template asked for) is for
        general_info.append({"info_type": "cert_profile", "info_value": asn1.CertProfileValue(list(profiles))})
    if general_info:
        fields["general_info"] = general_info
    return asn1.PKIHeader(fields)


def seal(
    pki_header: asn1.PKIHeader,
    body: asn1.PKIBody,
    key: SigningKey,
    extra_certs: Sequence[x509.Certificate] = (),
) -> bytes:
    """The message protected by a signature of `key` (RFC 9483 section 3.2), extraCerts first the signer's."""
    pki_header["protection_alg"] = algorithm_for(key)
    _, signature = sign(key, protected_part(pki_header, body))
    message: dict[str, object] = {
        "header": pki_header,
        "body": body,
        "protection": signature,
    }
    if extra_certs:
        message["extra_certs"] = [to_asn1_certificate(c) for c in extra_certs]
    return bytes(asn1.PKIMessage(message).dump())


def seal_mac(
    pki_header: asn1.PKIHeader,
    body: asn1.PKIBody,
    secret: bytes,
    kind: mac.MacKind,
    extra_certs: Sequence[x509.Certificate] = (),
) -> bytes:
    """The message protected by a MAC keyed from `secret` (RFC 9483 section 3.2, MAC-based protection).

    The header's senderKID must already name the secret (the order's reference): that is how the receiver finds it.
    """
    pki_header["protection_alg"] = mac.new_algorithm(kind)
    value = mac.compute(pki_header["protection_alg"], protected_part(pki_header, body), secret)
    message: dict[str, object] = {"header": pki_header, "body": body, "protection": value}
    if extra_certs:
        message["extra_certs"] = [to_asn1_certificate(c) for c in extra_certs]
    return bytes(asn1.PKIMessage(message).dump())


def status_info(status: str, fail_info: Iterable[str] = (), text: str | None = None) -> asn1.PKIStatusInfo:
    fields: dict[str, object] = {"status": status}
    if text:
        fields["status_string"] = [text]
    bits = set(fail_info)
    if bits:
        fields["fail_info"] = bits
    return asn1.PKIStatusInfo(fields)
