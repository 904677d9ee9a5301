"""`sithsclient issuer order` as a trainer uses it: it prints a reference and a one-time code, and a practice
service already running in the same state directory honours the order at once."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

from sithsclient.enroll import CmpEnroller, CmpSettings, InitialRequest, OneTimeCodeUsed
from sithsclient.pki.issued import hsa_id_of
from sithsclient.pki.model import Purpose
from tests.fixtures.cmp import rsa_key


def sithsclient(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sithsclient", *args], capture_output=True, text=True, timeout=60)


def printed(label: str, output: str) -> str:
    found = re.search(rf"^\s*{label}:\s+(\S.*)$", output, re.MULTILINE)
    assert found, output
    return found.group(1).strip()


def test_an_order_made_on_the_command_line_is_honoured_by_the_running_service(tmp_path: Path) -> None:
    state = tmp_path / "state"
    service = subprocess.Popen(
        [sys.executable, "-m", "sithsclient", "issuer", "--port", "0", "--state", str(state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert service.stdout is not None
        banner = [service.stdout.readline()]
        while banner[-1] and not banner[-1].startswith("Stop with Ctrl-C"):
            banner.append(service.stdout.readline())
        url = banner[0].split()[-1]
        assert "issuer order --state" in "".join(banner)

        made = sithsclient(
            "issuer", "order", "--state", str(state), "--hsa-id", "SE2120001234-S000000000777",
            "--name", "Anna Maria Andersson", "--organisation", "Kommun Övning", "--purpose", "signature",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        reference, code = printed("reference", made.stdout), printed("one-time code", made.stdout)
        assert re.fullmatch(r"ORD-[A-Z2-9]{8}", reference) and re.fullmatch(r"([A-Z2-9]{4}-){2}[A-Z2-9]{4}", code)
        assert "serialNumber=SE2120001234-S000000000777" in printed("subject", made.stdout)
        stored = (state / "orders" / f"{reference}.json").stat()
        assert stored.st_mode & 0o077 == 0

        subject = x509.Name.from_rfc4514_string(
            "serialNumber=SE2120001234-S000000000777,SN=Andersson,GN=Anna Maria,CN=Anna Maria Andersson,"
            "O=Kommun Övning,C=SE",
            {"GN": x509.NameOID.GIVEN_NAME, "SN": x509.NameOID.SURNAME, "serialNumber": x509.NameOID.SERIAL_NUMBER},
        )
        settings = CmpSettings(
            url=url,
            cmp_trust=(x509.load_pem_x509_certificate((state / "person_ca.pem").read_bytes()),),
            trust_anchors=(x509.load_pem_x509_certificate((state / "root.pem").read_bytes()),),
        )
        request = InitialRequest(Purpose.SIGNATURE, reference, code, subject, rsa_key())
        result = CmpEnroller(settings).initial_enroll(request)
        assert hsa_id_of(result.certificate.subject) == "SE2120001234-S000000000777"
        with pytest.raises(OneTimeCodeUsed):
            CmpEnroller(settings).initial_enroll(request)
    finally:
        service.send_signal(signal.SIGINT)
        output, _ = service.communicate(timeout=10)
    assert service.returncode == 0, output
    assert code not in output


def test_an_order_needs_an_hsa_id_and_a_full_name(tmp_path: Path) -> None:
    bad_id = sithsclient("issuer", "order", "--state", str(tmp_path), "--hsa-id", "12345", "--name", "Anna Andersson")
    assert bad_id.returncode == 2 and "not an HSA-ID" in bad_id.stderr
    one_name = sithsclient(
        "issuer", "order", "--state", str(tmp_path), "--hsa-id", "SE2120001234-S000000000777", "--name", "Anna"
    )
    assert one_name.returncode == 2 and "surname" in one_name.stderr
    assert not (tmp_path / "orders").exists()
