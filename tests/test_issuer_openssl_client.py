"""The practice issuing service against an independent client: OpenSSL's (`openssl cmp -cmd kur`)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, make_ca
from sithsclient.demo.issuer import IssuerServer
from sithsclient.pki.issued import key_usage_fits
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import OPENSSL, SoftwareCard, ledger_events, rsa_key, write_pem


def openssl_kur(
    issuer: IssuerServer,
    files: Path,
    cert: x509.Certificate,
    key: object,
    *,
    extra: tuple[str, ...] = (),
) -> tuple[subprocess.CompletedProcess[str], x509.Certificate | None, object]:
    """Runs OpenSSL's client for a key update; returns its run (output in .stdout), the certificate it saved (if
    any) and the new key."""
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    files.mkdir(exist_ok=True)
    new_key = rsa_key()
    out = files / "new.pem"
    args = [
        OPENSSL, "cmp", "-cmd", "kur",
        "-server", f"127.0.0.1:{issuer.port}", "-path", ".well-known/cmp",
        "-cert", str(write_pem(files / "old.pem", cert)),
        "-key", str(write_pem(files / "old.key", key)),  # type: ignore[arg-type]
        "-newkey", str(write_pem(files / "newkey.pem", new_key)),
        "-extracerts", str(write_pem(files / "chain.pem", hierarchy.legacy_ca.cert)),
        "-trusted", str(write_pem(files / "root.pem", hierarchy.root.cert)),
        "-certout", str(out),
        "-msg_timeout", "10",
        *extra,
    ]  # fmt: skip
    run = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    issued = x509.load_pem_x509_certificate(out.read_bytes()) if out.exists() else None
    return run, issued, new_key


def test_openssl_client_gets_a_valid_certificate_for_its_new_key(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    run, issued, new_key = openssl_kur(issuer, tmp_path, soft_card.auth_cert, soft_card.auth_key)

    assert run.returncode == 0, run.stdout
    assert issued is not None
    assert issued.public_key() == new_key.public_key()  # type: ignore[attr-defined]
    assert issued.subject == soft_card.auth_cert.subject
    assert issued.issuer == soft_card.hierarchy.person_ca.cert.subject
    assert key_usage_fits(issued, Purpose.AUTHENTICATION)
    verified = subprocess.run(
        [
            OPENSSL, "verify",
            "-CAfile", str(tmp_path / "root.pem"),
            "-untrusted", str(write_pem(tmp_path / "person_ca.pem", soft_card.hierarchy.person_ca.cert)),
            str(tmp_path / "new.pem"),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert ledger_events(issuer) == ["issued", "confirmed"]


def test_openssl_client_updates_the_signature_certificate_protected_by_the_authentication_key(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    old_signature = write_pem(tmp_path / "old-signature.pem", soft_card.sign_cert)
    run, issued, _ = openssl_kur(
        issuer,
        tmp_path,
        soft_card.auth_cert,
        soft_card.auth_key,
        extra=("-oldcert", str(old_signature), "-extracerts", str(old_signature)),
    )
    assert run.returncode == 0, run.stdout
    assert issued is not None
    assert key_usage_fits(issued, Purpose.SIGNATURE)
    assert issued.subject == soft_card.sign_cert.subject


def test_openssl_client_with_a_forged_old_certificate_is_refused(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    """Someone else's key, in a certificate from a CA that only looks like the legacy SITHS CA."""
    forger = make_ca(soft_card.hierarchy.legacy_ca.name, make_ca(soft_card.hierarchy.legacy_root.name))
    wrong_key = rsa_key()
    forged = forger.issue(PRACTICE_HOLDER.subject(), wrong_key.public_key(), Purpose.AUTHENTICATION)

    run, issued, _ = openssl_kur(issuer, tmp_path, forged, wrong_key)

    assert run.returncode != 0
    assert issued is None
    assert "signerNotTrusted" in run.stdout or "not from a trusted CA" in run.stdout, run.stdout
    assert "issued" not in ledger_events(issuer)


def test_openssl_client_with_an_expired_old_certificate_is_refused(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    key = rsa_key()
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=3000)
    expired = soft_card.hierarchy.legacy_ca.issue(
        PRACTICE_HOLDER.subject(), key.public_key(), Purpose.AUTHENTICATION, days=365, not_before=long_ago
    )
    run, issued, _ = openssl_kur(issuer, tmp_path, expired, key)
    assert run.returncode != 0
    assert issued is None
    assert "issued" not in ledger_events(issuer)


def test_openssl_client_polls_a_pending_answer_and_gets_the_certificate(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    issuer.set_fault("pending=1")  # one pollRep, checkAfter 1 s
    run, issued, new_key = openssl_kur(issuer, tmp_path, soft_card.auth_cert, soft_card.auth_key)
    assert run.returncode == 0, run.stdout
    assert issued is not None and issued.public_key() == new_key.public_key()  # type: ignore[attr-defined]
    assert "POLLREP" in run.stdout or "pollRep" in run.stdout, run.stdout


def test_openssl_client_asking_implicit_confirmation_gets_it(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    run, issued, _ = openssl_kur(
        issuer, tmp_path, soft_card.auth_cert, soft_card.auth_key, extra=("-implicit_confirm",)
    )
    assert run.returncode == 0, run.stdout
    assert issued is not None
    assert ledger_events(issuer) == ["issued", "implicitly_confirmed"]
    assert "CERTCONF" not in run.stdout


@pytest.mark.parametrize("digest", ["sha256", "sha384"])
def test_openssl_client_signature_digests_are_accepted(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path, digest: str
) -> None:
    run, issued, _ = openssl_kur(issuer, tmp_path, soft_card.auth_cert, soft_card.auth_key, extra=("-digest", digest))
    assert run.returncode == 0, run.stdout
    assert issued is not None
    assert issued.signature_hash_algorithm is not None
    assert isinstance(issued.signature_hash_algorithm, hashes.SHA256)  # the CA's own choice, whatever the client's
