"""The set the issuing service decides, asked over CMP: our client against the practice service, and OpenSSL's
client asking the practice service for a template (`openssl cmp -cmd genm -infotype certReqTemplate`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography.x509.oid import NameOID

from sithsclient.demo.issuer import IssuerServer
from sithsclient.demo.issuer.sets import PRACTICE_PERSONNUMMER
from sithsclient.enroll import CmpEnroller, EnrollmentError
from sithsclient.enroll.interface import CardCredential, KeyUpdateRequest
from sithsclient.pki.card_set import FOUR, ONE, SETS, TWO, Identity, from_service
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import OPENSSL, SoftwareCard, ledger_events, rsa_key, write_pem


def _credential(card: SoftwareCard) -> CardCredential:
    return CardCredential(card.auth_key, card.auth_cert, (card.hierarchy.legacy_ca.cert,))


@pytest.mark.parametrize("name", [TWO, FOUR, ONE])
def test_the_client_learns_the_set_the_service_issues(issuer: IssuerServer, soft_card: SoftwareCard, name: str) -> None:
    issuer.set_card_set(name)
    specs = CmpEnroller(issuer.client_settings()).certificate_set(_credential(soft_card), "rsa2048")
    learnt = from_service(specs)
    assert learnt.name == name
    assert learnt.profiles() == SETS[name]
    assert [s.purpose for s in specs][:2] == [Purpose.AUTHENTICATION, Purpose.SIGNATURE][: len(specs)]
    expected_ids = [Identity.HSA_ID] * min(2, len(specs)) + [Identity.PERSONNUMMER] * (len(specs) - 2)
    assert [s.identity for s in specs] == expected_ids
    assert [s.pin for s in specs] == [s.purpose for s in specs]
    assert ledger_events(issuer) == []  # asking issues nothing


def test_a_service_that_cannot_say_is_an_error_the_caller_falls_back_on(
    issuer: IssuerServer, soft_card: SoftwareCard
) -> None:
    issuer.set_card_set(None)
    with pytest.raises(EnrollmentError):
        CmpEnroller(issuer.client_settings()).certificate_set(_credential(soft_card), "rsa2048")


def test_a_key_update_in_the_personnummer_profile_is_issued_on_the_personnummer(
    issuer: IssuerServer, soft_card: SoftwareCard
) -> None:
    issuer.set_card_set(FOUR)
    enroller = CmpEnroller(issuer.client_settings())
    specs = enroller.certificate_set(_credential(soft_card), "rsa2048")
    pnr_sign = next(s for s in specs if s.identity is Identity.PERSONNUMMER and s.purpose is Purpose.SIGNATURE)
    subject = soft_card.sign_cert.subject
    expected = [
        PRACTICE_PERSONNUMMER if a.oid == NameOID.SERIAL_NUMBER else str(a.value) for a in subject
    ]  # the template's subject, as the plan passes it on
    base = soft_card.request(Purpose.SIGNATURE, rsa_key())
    from sithsclient.demo.issuer.sets import subject_in

    request = KeyUpdateRequest(
        base.purpose,
        base.authentication,
        base.replaces,
        base.new_key,
        profile=pnr_sign.profile,
        subject=subject_in(pnr_sign, subject),
    )
    result = enroller.key_update(request)
    info = CertificateInfo.of(result.certificate)
    assert [str(a.value) for a in result.certificate.subject] == expected
    assert info.purpose is Purpose.SIGNATURE
    assert info.issuer.startswith("SITHS e-id Person ID 3 CA v1")
    assert ledger_events(issuer) == ["issued", "confirmed"]


def test_a_profile_the_set_lacks_is_refused_and_nothing_is_issued(
    issuer: IssuerServer, soft_card: SoftwareCard
) -> None:
    issuer.set_card_set(ONE)
    base = soft_card.request(Purpose.SIGNATURE, rsa_key())
    request = KeyUpdateRequest(
        base.purpose, base.authentication, base.replaces, base.new_key, profile="siths-hsa-id-signature"
    )
    with pytest.raises(EnrollmentError):
        CmpEnroller(issuer.client_settings()).key_update(request)
    assert "issued" not in ledger_events(issuer)


def test_openssl_asks_the_practice_service_for_a_template(
    issuer: IssuerServer, soft_card: SoftwareCard, tmp_path: Path
) -> None:
    """OpenSSL 3.0 knows id-it-certReqTemplate by name but not the structure: it prints what it received."""
    hierarchy = issuer.hierarchy
    assert hierarchy is not None
    issuer.set_card_set(FOUR)
    run = subprocess.run(
        [
            OPENSSL, "cmp", "-cmd", "genm", "-infotype", "certReqTemplate",
            "-server", f"127.0.0.1:{issuer.port}", "-path", ".well-known/cmp",
            "-cert", str(write_pem(tmp_path / "auth.pem", soft_card.auth_cert)),
            "-key", str(write_pem(tmp_path / "auth.key", soft_card.auth_key)),
            "-extracerts", str(write_pem(tmp_path / "chain.pem", hierarchy.legacy_ca.cert)),
            "-trusted", str(write_pem(tmp_path / "root.pem", hierarchy.root.cert)),
            "-msg_timeout", "10", "-verbosity", "7",
        ],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout
    assert "GENP" in run.stdout or "genp" in run.stdout.lower(), run.stdout
    assert "certReqTemplate" in run.stdout, run.stdout
