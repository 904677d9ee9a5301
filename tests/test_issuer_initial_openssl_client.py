"""The practice issuing service's initial enrollment against an independent client: OpenSSL's
(`openssl cmp -cmd ir -ref REFERENCE -secret pass:CODE -newkey ...`), with orders made as a card office would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from sithsclient.demo.issuer import IssuerServer, Order
from sithsclient.demo.issuer.orders import MAX_FAILURES
from sithsclient.pki.issued import key_usage_fits
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import OPENSSL, ledger_events, rsa_key, write_pem

ORDERED_HSA_ID = "SE2120001234-S000000000777"


def openssl_subject(name: x509.Name) -> str:
    """The name in OpenSSL's -subject syntax, in the same order and with the same types."""
    short = {NameOID.SERIAL_NUMBER: "serialNumber", NameOID.GIVEN_NAME: "GN", NameOID.SURNAME: "SN"}
    parts = []
    for attribute in name:
        label = short.get(attribute.oid) or attribute.rfc4514_attribute_name
        parts.append(f"{label}={attribute.value!s}")
    return "/" + "/".join(parts)


def openssl_ir(
    issuer: IssuerServer,
    files: Path,
    order: Order,
    *,
    secret: str | None = None,
    subject: x509.Name | None = None,
    extra: tuple[str, ...] = (),
) -> tuple[subprocess.CompletedProcess[str], x509.Certificate | None, object]:
    """Runs OpenSSL's client for an initial request with the order's reference and code (or `secret`); returns its
    run (output in .stdout), the certificate it saved (if any) and the new key."""
    hierarchy = issuer.hierarchy
    assert hierarchy is not None and order.secret is not None
    files.mkdir(exist_ok=True)
    new_key = rsa_key()
    out = files / "new.pem"
    out.unlink(missing_ok=True)
    args = [
        OPENSSL, "cmp", "-cmd", "ir",
        "-server", f"127.0.0.1:{issuer.port}", "-path", ".well-known/cmp",
        "-ref", order.reference, "-secret", f"pass:{secret or order.secret}",
        "-subject", openssl_subject(subject or order.subject),
        "-newkey", str(write_pem(files / "newkey.pem", new_key)),
        # Refusals come signed by the CA: OpenSSL checks them against the practice root.
        "-trusted", str(write_pem(files / "root.pem", hierarchy.root.cert)),
        "-certout", str(out),
        "-msg_timeout", "10",
        *extra,
    ]  # fmt: skip
    run = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    issued = x509.load_pem_x509_certificate(out.read_bytes()) if out.exists() else None
    return run, issued, new_key


def signature_extensions(files: Path) -> tuple[str, ...]:
    """Asks for the signature certificate of the pair: Key Usage nonRepudiation in the template."""
    files.mkdir(exist_ok=True)
    config = files / "reqexts.cnf"
    config.write_text("[signature]\nkeyUsage = critical, nonRepudiation\n")
    return ("-config", str(config), "-reqexts", "signature")


@pytest.mark.parametrize("mac", ["hmac-sha1", "hmacWithSHA256"])
def test_openssl_client_gets_the_ordered_authentication_certificate(
    issuer: IssuerServer, tmp_path: Path, mac: str
) -> None:
    """hmac-sha1 is OpenSSL's default MAC in PasswordBasedMac: the practice service must take it."""
    order = issuer.add_order(ORDERED_HSA_ID)
    run, issued, new_key = openssl_ir(issuer, tmp_path, order, extra=("-mac", mac))

    assert run.returncode == 0, run.stdout
    assert issued is not None
    assert issued.public_key() == new_key.public_key()  # type: ignore[attr-defined]
    assert issued.subject == order.subject
    assert issued.issuer == issuer.service.keys.issuing.cert.subject
    assert key_usage_fits(issued, Purpose.AUTHENTICATION)
    verified = subprocess.run(
        [
            OPENSSL, "verify",
            "-CAfile", str(tmp_path / "root.pem"),
            "-untrusted", str(write_pem(tmp_path / "person_ca.pem", issuer.service.keys.issuing.cert)),
            str(tmp_path / "new.pem"),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert ledger_events(issuer) == ["issued", "confirmed"]
    assert issuer.service.orders is not None
    after = issuer.service.orders.get(order.reference)
    assert after is not None and after.used == (Purpose.AUTHENTICATION,) and after.secret == order.secret


def test_openssl_client_gets_the_pair_and_the_code_is_then_erased(issuer: IssuerServer, tmp_path: Path) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    run, authentication, _ = openssl_ir(issuer, tmp_path / "a", order)
    assert run.returncode == 0, run.stdout
    run, signature, _ = openssl_ir(issuer, tmp_path / "s", order, extra=signature_extensions(tmp_path / "s"))
    assert run.returncode == 0, run.stdout

    assert authentication is not None and key_usage_fits(authentication, Purpose.AUTHENTICATION)
    assert signature is not None and key_usage_fits(signature, Purpose.SIGNATURE)
    assert issuer.service.orders is not None
    closed = issuer.service.orders.get(order.reference)
    assert closed is not None and closed.secret is None
    assert order.secret is not None
    stored = "".join(p.read_text() for p in (issuer.service.ledger.path.parent / "orders").iterdir())
    assert order.reference in stored and order.secret not in stored


def test_openssl_client_with_a_wrong_code_is_refused_and_the_try_counted(issuer: IssuerServer, tmp_path: Path) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    run, issued, _ = openssl_ir(issuer, tmp_path, order, secret="AAAA-BBBB-CCCC")

    assert run.returncode != 0
    assert issued is None
    assert "badMessageCheck" in run.stdout and "one-time code is wrong" in run.stdout, run.stdout
    assert ledger_events(issuer) == ["refused"]
    assert issuer.service.orders is not None
    counted = issuer.service.orders.get(order.reference)
    assert counted is not None and counted.failures == 1 and counted.secret == order.secret


def test_openssl_client_with_the_right_code_after_too_many_wrong_ones_is_refused(
    issuer: IssuerServer, tmp_path: Path
) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    for attempt in range(MAX_FAILURES):
        run, _, _ = openssl_ir(issuer, tmp_path / str(attempt), order, secret=f"AAAA-BBBB-CCC{attempt}")
        assert run.returncode != 0
    run, issued, _ = openssl_ir(issuer, tmp_path / "right", order)

    assert run.returncode != 0 and issued is None
    assert "blocked" in run.stdout, run.stdout
    assert "issued" not in ledger_events(issuer)


def test_openssl_client_using_an_order_twice_is_refused(issuer: IssuerServer, tmp_path: Path) -> None:
    order = issuer.add_order(ORDERED_HSA_ID, purposes=[Purpose.AUTHENTICATION])
    first, issued, _ = openssl_ir(issuer, tmp_path / "1", order)
    assert first.returncode == 0, first.stdout and issued is not None
    again, issued_again, _ = openssl_ir(issuer, tmp_path / "2", order)

    assert again.returncode != 0
    assert issued_again is None
    assert "duplicateCertReq" in again.stdout, again.stdout
    assert ledger_events(issuer).count("issued") == 1


def test_openssl_client_asking_the_same_certificate_twice_from_a_pair_is_refused(
    issuer: IssuerServer, tmp_path: Path
) -> None:
    """The code still opens the signature certificate, but not a second authentication certificate."""
    order = issuer.add_order(ORDERED_HSA_ID)
    assert openssl_ir(issuer, tmp_path / "1", order)[0].returncode == 0
    again, issued, _ = openssl_ir(issuer, tmp_path / "2", order)
    assert again.returncode != 0 and issued is None
    assert "fetched already" in again.stdout, again.stdout
    assert ledger_events(issuer).count("issued") == 1


def test_openssl_client_asking_another_subject_than_ordered_is_refused(issuer: IssuerServer, tmp_path: Path) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    someone_else = x509.Name(
        [
            x509.NameAttribute(a.oid, "SE2120001234-S000000000999" if a.oid == NameOID.SERIAL_NUMBER else str(a.value))
            for a in order.subject
        ]
    )
    run, issued, _ = openssl_ir(issuer, tmp_path, order, subject=someone_else)
    assert run.returncode != 0 and issued is None
    assert "badCertTemplate" in run.stdout, run.stdout
    assert "issued" not in ledger_events(issuer)


def test_openssl_client_with_an_unknown_reference_is_refused(issuer: IssuerServer, tmp_path: Path) -> None:
    order = issuer.add_order(ORDERED_HSA_ID)
    unknown = Order("ORD-ZZZZZZZZ", order.holder, order.purposes, order.secret)
    run, issued, _ = openssl_ir(issuer, tmp_path, unknown)
    assert run.returncode != 0 and issued is None
    assert "No order has this reference" in run.stdout, run.stdout
