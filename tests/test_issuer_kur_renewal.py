"""Renewal at the practice issuing service, with OpenSSL's client (`openssl cmp -cmd kur`) as the independent
peer: a key update protected by a certificate the service issued itself, believed only while its ledger does."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from cryptography import x509

from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.demo.issuer import IssuerServer
from sithsclient.pki.issued import key_usage_fits
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import OPENSSL, ledger_events, rsa_key, write_pem
from tests.fixtures.renewal import due_card


def openssl_renew(
    issuer: IssuerServer, files: Path, cert: x509.Certificate, key: object, *extra: str
) -> tuple[subprocess.CompletedProcess[str], x509.Certificate | None]:
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    files.mkdir(exist_ok=True)
    out = files / "new.pem"
    args = [
        OPENSSL, "cmp", "-cmd", "kur",
        "-server", f"127.0.0.1:{issuer.port}", "-path", ".well-known/cmp",
        "-cert", str(write_pem(files / "current.pem", cert)),
        "-key", str(write_pem(files / "current.key", key)),  # type: ignore[arg-type]
        "-newkey", str(write_pem(files / "newkey.pem", rsa_key())),
        "-extracerts", str(write_pem(files / "chain.pem", hierarchy.person_ca.cert)),
        "-trusted", str(write_pem(files / "root.pem", hierarchy.root.cert)),
        "-certout", str(out),
        "-msg_timeout", "10",
        *extra,
    ]  # fmt: skip
    run = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    return run, x509.load_pem_x509_certificate(out.read_bytes()) if out.exists() else None


def test_a_current_pair_due_in_20_days_is_renewed_for_the_full_term(issuer: IssuerServer, tmp_path: Path) -> None:
    card = due_card(issuer, days=20)

    run, issued = openssl_renew(issuer, tmp_path, card.auth_cert, card.auth_key)

    assert run.returncode == 0, run.stdout
    assert issued is not None
    assert issued.subject == card.auth_cert.subject
    assert key_usage_fits(issued, Purpose.AUTHENTICATION)
    assert issued.not_valid_after_utc - dt.datetime.now(dt.UTC) > dt.timedelta(days=700)
    entry = [e for e in issuer.service.ledger.entries() if e["event"] == "issued"][-1]
    assert entry["replaces_serial"] == format(card.auth_cert.serial_number, "x")
    assert ledger_events(issuer, entry["transaction_id"]) == ["issued", "confirmed"]


def test_the_signature_certificate_is_renewed_under_the_authentication_certificate(
    issuer: IssuerServer, tmp_path: Path
) -> None:
    card = due_card(issuer, days=20)
    old = write_pem(tmp_path / "old-signature.pem", card.sign_cert)
    # The replaced certificate travels in extraCerts, beside the issuing CA's (one -extracerts file holds both).
    both = write_pem(tmp_path / "extra.pem", card.sign_cert, *card.chain[:1])

    run, issued = openssl_renew(
        issuer, tmp_path, card.auth_cert, card.auth_key, "-oldcert", str(old), "-extracerts", str(both)
    )

    assert run.returncode == 0, run.stdout
    assert issued is not None and key_usage_fits(issued, Purpose.SIGNATURE)


def test_a_certificate_of_its_ca_that_the_ledger_lacks_is_refused(issuer: IssuerServer, tmp_path: Path) -> None:
    """Made with the issuing CA's key, but never issued by the service: a CA renews what it knows it issued."""
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    key = rsa_key()
    unknown = hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), key.public_key(), Purpose.AUTHENTICATION, days=20)
    before = ledger_events(issuer)

    run, issued = openssl_renew(issuer, tmp_path, unknown, key)

    assert run.returncode != 0 and issued is None
    assert "was not issued by this service" in run.stdout, run.stdout
    assert ledger_events(issuer).count("issued") == before.count("issued")


def test_a_certificate_given_up_in_the_ledger_is_refused(issuer: IssuerServer, tmp_path: Path) -> None:
    card = due_card(issuer, days=20)
    serial = format(card.auth_cert.serial_number, "x")
    tid = next(e["transaction_id"] for e in issuer.service.ledger.entries() if e.get("serial") == serial)
    issuer.service.ledger.settled(bytes.fromhex(tid), "rejected_by_client", "never installed")

    run, issued = openssl_renew(issuer, tmp_path, card.auth_cert, card.auth_key)

    assert run.returncode != 0 and issued is None
    assert "revoked or was never accepted" in run.stdout, run.stdout


def test_an_expired_certificate_of_its_own_cannot_renew(issuer: IssuerServer, tmp_path: Path) -> None:
    """RFC 9483 4.1.3: the certificate protecting a key update must be valid; after its end, the card office."""
    service = issuer.service
    key = rsa_key()
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    expired = service.keys.issuing.issue(
        PRACTICE_HOLDER.subject(), key.public_key(), Purpose.AUTHENTICATION, days=30, not_before=long_ago
    )
    service.ledger.issued(os.urandom(16), expired, purpose=Purpose.AUTHENTICATION, replaces=None, fault="none")

    run, issued = openssl_renew(issuer, tmp_path, expired, key)

    assert run.returncode != 0 and issued is None
    assert "not valid now" in run.stdout, run.stdout
