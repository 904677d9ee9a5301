"""The practice service's ledger against an independent client, OpenSSL's `openssl cmp`: a certificate the client
rejects in certConf, one it never confirms, and one it asks to have revoked (rr, RFC 9483 4.2) are each settled as
not valid; one confirmed stays valid."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cryptography import x509

from sithsclient.demo.hierarchy import make_ca
from sithsclient.demo.issuer import IssuerServer
from tests.fixtures.cmp import OPENSSL, SoftwareCard, ledger_events, write_pem
from tests.fixtures.ledger import after_confirmation_timeout, valid_serials
from tests.test_issuer_openssl_client import openssl_kur


def test_a_certificate_openssl_rejects_in_certconf_is_not_valid(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    stranger = make_ca("CN=Not the SITHS root")
    run, _issued, _ = openssl_kur(
        issuer,
        tmp_path,
        soft_card.auth_cert,
        soft_card.auth_key,
        extra=("-out_trusted", str(write_pem(tmp_path / "stranger.pem", stranger.cert))),
    )
    assert run.returncode != 0, run.stdout
    assert ledger_events(issuer) == ["issued", "rejected_by_client"], run.stdout
    assert valid_serials(issuer.service) == set()


def test_a_certificate_openssl_never_confirms_is_revoked_when_its_transaction_times_out(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    run, issued, _ = openssl_kur(issuer, tmp_path, soft_card.auth_cert, soft_card.auth_key, extra=("-disable_confirm",))
    assert run.returncode == 0, run.stdout
    assert issued is not None and "CERTCONF" not in run.stdout
    issuer.service.settle_overdue()
    assert valid_serials(issuer.service) == {issued.serial_number}  # not yet: its transaction is still open
    after_confirmation_timeout(issuer.service)
    assert ledger_events(issuer) == ["issued", "revoked"]
    assert valid_serials(issuer.service) == set()


def openssl_rr(issuer: IssuerServer, files: Path, cert: x509.Certificate) -> subprocess.CompletedProcess[str]:
    """OpenSSL's rr for `cert`, signed with its own key (files/newkey.pem, from openssl_kur)."""
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    args = [
        OPENSSL, "cmp", "-cmd", "rr",
        "-server", f"127.0.0.1:{issuer.port}", "-path", ".well-known/cmp",
        "-cert", str(write_pem(files / "issued.pem", cert)),
        "-key", str(files / "newkey.pem"),
        "-oldcert", str(files / "issued.pem"),
        "-revreason", "5",
        "-extracerts", str(write_pem(files / "issuing.pem", hierarchy.person_ca.cert)),
        "-trusted", str(files / "root.pem"),
        "-msg_timeout", "10",
    ]  # fmt: skip
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)


def test_a_certificate_openssl_asks_to_revoke_is_revoked_once(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    run, issued, _ = openssl_kur(issuer, tmp_path, soft_card.auth_cert, soft_card.auth_key)
    assert run.returncode == 0 and issued is not None, run.stdout
    assert valid_serials(issuer.service) == {issued.serial_number}

    revoked = openssl_rr(issuer, tmp_path, issued)
    assert revoked.returncode == 0, revoked.stdout
    assert ledger_events(issuer) == ["issued", "confirmed", "revoked"]
    assert valid_serials(issuer.service) == set()

    again = openssl_rr(issuer, tmp_path, issued)  # the service says it is revoked already
    assert ledger_events(issuer) == ["issued", "confirmed", "revoked"], again.stdout
