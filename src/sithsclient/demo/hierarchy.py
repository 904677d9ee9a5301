"""The practice CA hierarchy: named like the real SITHS one with " (övning)" added.

Used by practice mode, by the local issuing service and by the tests: it makes the legacy certificates that
a practice card starts with, and the CA that issues the new ones. Kept in a state directory as PEM files so
that a restarted issuing service still trusts the cards it made.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sithsclient.pki.model import Purpose
from sithsclient.pki.profiles import PRACTICE_SUFFIX

CertificatePublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey
CAPrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

# Practice certificate policies: a private arc of this project's, NOT the real SITHS policy OIDs.
PRACTICE_POLICY_LOA3 = "1.3.6.1.4.1.99999.1.3"
PRACTICE_POLICY_LOA2 = "1.3.6.1.4.1.99999.1.2"

_SMARTCARD_LOGON = x509.ObjectIdentifier("1.3.6.1.4.1.311.20.2.2")


@dataclass(frozen=True)
class Holder:
    """The person a card belongs to."""

    given_name: str
    surname: str
    hsa_id: str
    organisation: str = "Region Övning"

    @property
    def common_name(self) -> str:
        return f"{self.given_name} {self.surname}"

    def subject(self) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, self.common_name),
                x509.NameAttribute(NameOID.GIVEN_NAME, self.given_name),
                x509.NameAttribute(NameOID.SURNAME, self.surname),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, self.hsa_id),
            ]
        )


PRACTICE_HOLDER = Holder("Anna", "Andersson", "SE2321000131-S000000012345")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def key_usage_for(purpose: Purpose) -> x509.KeyUsage:
    """Key Usage as on real SITHS cards: authentication signs, signature is non-repudiation."""
    return x509.KeyUsage(
        digital_signature=purpose is Purpose.AUTHENTICATION,
        content_commitment=purpose is Purpose.SIGNATURE,
        key_encipherment=purpose in (Purpose.AUTHENTICATION, Purpose.ENCRYPTION),
        data_encipherment=purpose is Purpose.ENCRYPTION,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class CA:
    """One certificate authority: its key and certificate."""

    key: CAPrivateKey
    cert: x509.Certificate

    @property
    def name(self) -> str:
        return str(self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)

    def _hash(self) -> hashes.SHA256:
        return hashes.SHA256()

    def issue(
        self,
        subject: x509.Name,
        public_key: CertificatePublicKey,
        purpose: Purpose,
        *,
        days: int = 730,
        not_before: dt.datetime | None = None,
        policy: str = PRACTICE_POLICY_LOA3,
    ) -> x509.Certificate:
        start = not_before or (now() - dt.timedelta(minutes=5))
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(key_usage_for(purpose), critical=True)
            .add_extension(
                x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(policy), None)]),
                critical=False,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
        )
        if purpose is Purpose.AUTHENTICATION:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, _SMARTCARD_LOGON]), critical=False
            )
        return builder.sign(self.key, self._hash())


def _ca_name(cn: str, org: str = "Inera AB (övning)") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def make_ca(
    cn: str, parent: CA | None = None, *, days: int = 3650, org: str | None = None, key: CAPrivateKey | None = None
) -> CA:
    """A CA certificate (RSA-2048 unless a key is given) under parent, or self-signed without one."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _ca_name(cn) if org is None else _ca_name(cn, org)
    issuer_key: CAPrivateKey = parent.key if parent else key
    issuer_name = parent.cert.subject if parent else name
    start = now() - dt.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None if parent is None else 0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,  # OpenSSL's CMP client wants it on the message-protection certificate
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if parent is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()), critical=False
        )
    return CA(key, builder.sign(issuer_key, hashes.SHA256()))


_NAMES = {
    "legacy_root": "SITHS Root CA v1",
    "legacy_ca": "SITHS Type 1 CA v1",
    "root": "SITHS e-id Root CA v2",
    "person_ca": "SITHS e-id Person HSA-id 3 CA v1",
    "spare_ca": "SITHS e-id Person HSA-id 2 CA v1",
    "id_ca": "SITHS e-id Person ID 3 CA v1",  # the personnummer pair of a set of four (pki/card_set.py)
}
_FOREIGN_NAME = ("Telia e-legitimation CA v3", "Telia Company AB")


@dataclass
class PracticeHierarchy:
    """Every CA of practice mode. `person_ca` issues the new certificates; `legacy_ca` the old ones."""

    legacy_root: CA
    legacy_ca: CA
    root: CA
    person_ca: CA
    spare_ca: CA
    foreign_ca: CA
    id_ca: CA

    @classmethod
    def create(cls) -> PracticeHierarchy:
        legacy_root = make_ca(_NAMES["legacy_root"] + PRACTICE_SUFFIX)
        root = make_ca(_NAMES["root"] + PRACTICE_SUFFIX)
        return cls(
            legacy_root=legacy_root,
            legacy_ca=make_ca(_NAMES["legacy_ca"] + PRACTICE_SUFFIX, legacy_root),
            root=root,
            person_ca=make_ca(_NAMES["person_ca"] + PRACTICE_SUFFIX, root),
            spare_ca=make_ca(_NAMES["spare_ca"] + PRACTICE_SUFFIX, root),
            foreign_ca=make_ca(_FOREIGN_NAME[0] + PRACTICE_SUFFIX, org=_FOREIGN_NAME[1]),
            id_ca=make_ca(_NAMES["id_ca"] + PRACTICE_SUFFIX, root),
        )

    def _all(self) -> dict[str, CA]:
        return {
            "legacy_root": self.legacy_root,
            "legacy_ca": self.legacy_ca,
            "root": self.root,
            "person_ca": self.person_ca,
            "spare_ca": self.spare_ca,
            "foreign_ca": self.foreign_ca,
            "id_ca": self.id_ca,
        }

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for role, ca in self._all().items():
            self._save_ca(directory, role, ca)

    @staticmethod
    def _save_ca(directory: Path, role: str, ca: CA) -> None:
        key_path = directory / f"{role}.key"
        key_path.write_bytes(
            ca.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        os.chmod(key_path, 0o600)
        (directory / f"{role}.pem").write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))

    @staticmethod
    def _load_ca(directory: Path, role: str) -> CA:
        key = serialization.load_pem_private_key((directory / f"{role}.key").read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
        return CA(key, x509.load_pem_x509_certificate((directory / f"{role}.pem").read_bytes()))

    @classmethod
    def load(cls, directory: Path) -> PracticeHierarchy:
        cas: dict[str, CA] = {}
        if not (directory / "id_ca.pem").exists():  # a state directory from before the set of four
            root = cls._load_ca(directory, "root")
            made = make_ca(_NAMES["id_ca"] + PRACTICE_SUFFIX, root)
            cls._save_ca(directory, "id_ca", made)
        for role in ("legacy_root", "legacy_ca", "root", "person_ca", "spare_ca", "foreign_ca", "id_ca"):
            cas[role] = cls._load_ca(directory, role)
        return cls(**cas)

    @classmethod
    def load_or_create(cls, directory: Path) -> PracticeHierarchy:
        if (directory / "foreign_ca.pem").exists():
            return cls.load(directory)
        hierarchy = cls.create()
        hierarchy.save(directory)
        return hierarchy

    def trust_anchors(self) -> list[x509.Certificate]:
        """The roots a client trusts for issued certificates in practice mode."""
        return [self.root.cert, self.legacy_root.cert]

    def chain_of(self, ca: CA) -> list[x509.Certificate]:
        """The CA's certificate and its parents up to the root."""
        parents = {"legacy_ca": self.legacy_root, "person_ca": self.root, "spare_ca": self.root, "id_ca": self.root}
        for role, candidate in self._all().items():
            if candidate is ca and role in parents:
                return [ca.cert, parents[role].cert]
        return [ca.cert]

    def legacy_card_certificate(
        self, holder: Holder, public_key: CertificatePublicKey, purpose: Purpose, *, days: int = 1460
    ) -> x509.Certificate:
        """A certificate like those on cards ordered before 2020-02-11 (the cards that must be upgraded)."""
        return self.legacy_ca.issue(
            holder.subject(), public_key, purpose, days=days, not_before=now() - dt.timedelta(days=900)
        )
