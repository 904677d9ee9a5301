"""The smart card service not running (Windows stops it when the last reader is unplugged): every command says
so, as the wizard's first page does (card.no_reader, exit 4), never "insert your card", whatever software
token is installed (SoftHSM2 here, with an empty slot, found by the usual probing). The logon reminder stays
silent and cheap, and its log says that no reader is there. Real processes, real PC/SC client library: its
socket points where no pcscd listens, so no service answers even when the rig's pcscd runs elsewhere."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sithsclient import exitcodes
from sithsclient.card import module
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.demo.softhsm import write_conf

SAID = {
    "en": (
        "sithsclient: No card reader was found. Connect the card reader and try again. The smart card service of "
        "the computer does not answer. [card.no_reader]\n"
    ),
    "sv": (
        "sithsclient: Ingen kortläsare hittades. Anslut kortläsaren till datorn. Datorns korttjänst "
        "(smartkortstjänsten) svarar inte. [card.no_reader]\n"
    ),
}
NOT_SAID = ("Insert your card", "Sätt in", "card.no_card")


@pytest.fixture
def desk(tmp_path: Path) -> dict[str, str]:
    """A PC away from its reader: no smart card service, SoftHSM2 installed with no card in it."""
    env = {k: v for k, v in os.environ.items() if k not in (module.ENV_MODULE, "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        SITHSCLIENT_LOG_DIR=str(tmp_path / "log"),
        SOFTHSM2_CONF=str(write_conf(tmp_path / "softhsm")),
        PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd" / "pcscd.comm"),
        LANG="C.UTF-8",
    )
    return env


def sithsclient(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sithsclient", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, timeout=120)


def trust(tmp_path: Path) -> str:
    """A CA file for the issuing service, which is never asked: the card is looked for first."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Practice root")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder(subject_name=name, issuer_name=name, public_key=key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "root.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


@pytest.mark.parametrize(
    ("language", "card_software"),
    [("en", None), ("sv", None), ("en", YKCS11_PATH)],
    ids=["probed-en", "probed-sv", "ykcs11-configured"],
)
def test_every_command_says_the_service_is_not_running(
    desk: dict[str, str], tmp_path: Path, language: str, card_software: str | None
) -> None:
    """Probed: SoftHSM2's empty slot would have made it "insert your card". Configured: a PC/SC module, which
    cannot even list its slots without the service (ykcs11: CKR_DEVICE_ERROR), was an unexpected error."""
    if card_software is not None:
        desk[module.ENV_MODULE] = card_software
    issuer = ["--issuer", "http://127.0.0.1:9/.well-known/cmp", "--trust", trust(tmp_path), "--yes"]
    runs = {
        "status": sithsclient({**desk, "LANG": "en_GB.UTF-8" if language == "en" else "sv_SE.UTF-8"}, "status"),
        "check": sithsclient(desk, "check", "--lang", language),
        "upgrade": sithsclient(desk, "upgrade", *issuer, "--pin-stdin", "--lang", language),
        "extra": sithsclient(
            desk, "extra", "--reference", "ORD-1", "--code-stdin", *issuer, "--lang", language, stdin="K7QM-4XPA\n"
        ),
    }
    for name, done in runs.items():
        assert (done.returncode, done.stderr) == (exitcodes.for_code("card.no_reader"), SAID[language]), name
        assert not any(word in done.stdout + done.stderr for word in NOT_SAID), (name, done.stdout)
    readers = {
        "en": "Card readers: the smart card service (PC/SC) is not running",
        "sv": "Kortläsare: smartkortstjänsten (PC/SC) körs inte",
    }
    assert readers[language] in runs["status"].stdout


def test_diagnose_says_the_service_is_not_running(desk: dict[str, str]) -> None:
    done = sithsclient(desk, "diagnose", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "(smart card service not running)" in done.stdout and "Readers: none" in done.stdout
    assert not any(word in done.stdout + done.stderr for word in NOT_SAID)


def test_the_logon_reminder_logs_that_no_reader_is_there(desk: dict[str, str], tmp_path: Path) -> None:
    """At logon away from the reader: nothing shown, exit 0, and the log's two lines say which command ran and
    that the smart card service is not running; no card software is loaded (it would be logged)."""
    log = tmp_path / "log" / "sithsclient.log"
    log.parent.mkdir()
    log.write_text("", encoding="utf-8")
    for args in (["check", "--notify"], ["check", "--notify", "--lang", "en"]):  # the quick way, the ordinary one
        done = sithsclient(desk, *args)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), args
    lines = [line.split(" ", 2)[2] for line in log.read_text(encoding="utf-8").splitlines()]
    said = "INFO sithsclient.commands.check: check: no card reader: the smart card service (PC/SC) is not running"
    assert lines == ["INFO sithsclient: sithsclient 0.1.0: check", said] * 2
