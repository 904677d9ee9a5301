"""A SITHS card on SoftHSM2, laid out like Net iD shows one: a token per PIN, legacy certificates.

For tests and for practice without the PC/SC rig. Keys are made here and imported, as a card office
personalises a card; the program under test only ever generates keys on the token itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.card.layouts import NETID_SUFFIX, PinRole, sac_signature_label
from sithsclient.demo.hierarchy import CA, Holder, PracticeHierarchy
from sithsclient.pki.model import Purpose

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@dataclass
class SoftCard:
    """What a test or a trainee needs to know about a provisioned SoftHSM2 card."""

    conf: Path
    prefix: str
    pins: dict[PinRole, str]
    puk: str
    holder: Holder
    certificates: dict[Purpose, x509.Certificate] = field(default_factory=dict)


def write_conf(directory: Path) -> Path:
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    return conf


def _util(conf: Path, *args: str) -> str:
    exe = shutil.which("softhsm2-util")
    if exe is None:
        raise RuntimeError("softhsm2-util is not installed (Debian package softhsm2)")
    env = dict(os.environ, SOFTHSM2_CONF=str(conf))
    return subprocess.run([exe, *args], env=env, check=True, capture_output=True, text=True).stdout


def _import_key_and_cert(
    conf: Path, label: str, pin: str, key: rsa.RSAPrivateKey, cert: x509.Certificate, key_id: bytes
) -> None:
    # Outside tools, in their own processes: this process's module may already be initialised elsewhere.
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    key_file = conf.parent / f"import-{key_id.hex()}.pem"
    key_file.write_bytes(pem)
    try:
        _util(
            conf,
            "--import", str(key_file), "--token", label, "--label", f"key {key_id.hex()}",
            "--id", key_id.hex(), "--pin", pin,
        )  # fmt: skip
    finally:
        key_file.unlink()
    # softhsm2-util 2.6 cannot import certificates; OpenSC's pkcs11-tool can.
    cert_file = conf.parent / f"import-{key_id.hex()}.der"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    tool = shutil.which("pkcs11-tool")
    if tool is None:
        raise RuntimeError("pkcs11-tool is not installed (Debian package opensc)")
    try:
        subprocess.run(
            [
                tool, "--module", SOFTHSM_MODULE, "--token-label", label, "--login", "--pin", pin,
                "--write-object", str(cert_file), "--type", "cert", "--id", key_id.hex(),
                "--label", f"cert {key_id.hex()}",
            ],
            env=dict(os.environ, SOFTHSM2_CONF=str(conf)),
            check=True,
            capture_output=True,
        )  # fmt: skip
    finally:
        cert_file.unlink()


def provision_softhsm_card(
    directory: Path,
    hierarchy: PracticeHierarchy,
    holder: Holder,
    *,
    prefix: str = "SITHS e-id kort",
    auth_pin: str = "123456",
    sign_pin: str = "654321",
    puk: str = "12345678",
    ca: CA | None = None,
    purposes: tuple[Purpose, ...] = (Purpose.AUTHENTICATION, Purpose.SIGNATURE),
    style: Literal["netid", "netid_generic", "netid_generic_reversed", "sac"] = "netid",
    issue: Callable[[x509.Name, rsa.RSAPublicKey, Purpose], x509.Certificate] | None = None,
) -> SoftCard:
    """Two tokens with a key and certificate each, labelled as `style` says:
    - netid: "<prefix> (Legitimering)" and "<prefix> (Underskrift)";
    - netid_generic: "<prefix> (PIN1)" and "<prefix> (PIN2)" (which is which only the Key Usage tells);
      netid_generic_reversed: the signature PIN is PIN1;
    - sac: "<prefix>" and Thales' cut "<first 8 bytes> (Digital Signature PIN)", CKA_ID the SHA-1 of the
      modulus. A real card gives both tokens its serial; SoftHSM2 aborts on two tokens with one serial, so here
      they differ and only the labels tie them.
    `issue`, where given, makes the certificates instead (a current pair from the issuing service, due soon)."""
    conf = write_conf(directory)
    issuer = ca or hierarchy.legacy_ca
    pins = {PinRole.AUTHENTICATION: auth_pin, PinRole.SIGNATURE: sign_pin}
    card = SoftCard(conf, prefix, pins, puk, holder)
    labels = {role: token_label(prefix, role, style) for role in pins}
    for role, pin in pins.items():
        _util(conf, "--init-token", "--free", "--label", labels[role], "--pin", pin, "--so-pin", puk)
    for index, purpose in enumerate(purposes, start=1):
        role = PinRole.SIGNATURE if purpose is Purpose.SIGNATURE else PinRole.AUTHENTICATION
        key = rsa.generate_private_key(65537, 2048)
        if issue is not None:
            cert = issue(holder.subject(), key.public_key(), purpose)
        elif issuer is hierarchy.legacy_ca:
            cert = hierarchy.legacy_card_certificate(holder, key.public_key(), purpose)
        else:
            cert = issuer.issue(holder.subject(), key.public_key(), purpose)
        key_id = sac_key_id(key.public_key()) if style == "sac" else bytes([0x10 + index])
        _import_key_and_cert(conf, labels[role], pins[role], key, cert, key_id)
        card.certificates[purpose] = cert
    return card


def token_label(prefix: str, role: PinRole, style: str) -> str:
    if style == "sac":
        return prefix if role is PinRole.AUTHENTICATION else sac_signature_label(prefix)
    if style.startswith("netid_generic"):
        first = PinRole.SIGNATURE if style == "netid_generic_reversed" else PinRole.AUTHENTICATION
        return f"{prefix} (PIN1)" if role is first else f"{prefix} (PIN2)"
    return f"{prefix} {NETID_SUFFIX[role]}"


def sac_key_id(public: rsa.RSAPublicKey) -> bytes:
    """Thales IDPrime's default CKA_ID: SHA-1 of the modulus (big-endian, no leading zeros)."""
    n = public.public_numbers().n
    return hashlib.sha1(n.to_bytes((n.bit_length() + 7) // 8, "big")).digest()
