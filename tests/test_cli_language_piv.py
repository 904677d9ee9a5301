"""A wrong PIN on a card with one shared PIN, in a shell (issue 16, item 5): the sentence counts the tries left,
as far as the card tells them, and does not name a PIN the card does not have ("for legitimering"). The PC/SC
rig's PIV card (ykcs11), which keeps a real retry counter; run through scripts/isolated.sh. ykcs11 tells no
number through PKCS#11, only its "count low" flag, so what follows "Wrong PIN code." is the wizard's sentence for
that flag (texts.py pin_status_text); a number needs the card layer to ask the card (not done here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.rig import YKCS11_PATH
from tests.fixtures.pcsc import PivCard

pytestmark = pytest.mark.pcsc


@pytest.mark.parametrize(
    ("language", "sentence", "other_language"),
    [
        ("sv", "sithsclient: Fel PIN-kod. ", ("try", "tries", "wrong", "Running")),
        ("en", "sithsclient: Wrong PIN code. ", ("försök", "felaktig", "Kör")),
    ],
)
def test_wrong_shared_pin_says_the_tries_left(
    piv_card: PivCard,
    piv_issuer: IssuerServer,
    tmp_path: Path,
    language: str,
    sentence: str,
    other_language: tuple[str, ...],
) -> None:
    command = [
        sys.executable, "-m", "sithsclient", "upgrade", "--module", YKCS11_PATH, "--issuer", piv_issuer.url,
        "--trust", str(tmp_path / "issuer" / "root.pem"), "--pin-stdin", "--yes", "--lang", language,
        "--journal-dir", str(tmp_path / "journal"),
    ]  # fmt: skip
    env = {**os.environ, "SITHSCLIENT_LOG_DIR": str(tmp_path / "logs")}
    wrong = "000000" if piv_card.pin != "000000" else "111111"
    result = subprocess.run(command, input=f"{wrong}\n", capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 10, result.stdout + result.stderr
    assert result.stderr.startswith(sentence), result.stderr
    assert result.stderr.endswith("[pin.incorrect]\n") and result.stderr.count("\n") == 1
    assert "legitimering" not in result.stderr.lower() and "logging in" not in result.stderr.lower()
    for word in other_language:  # the tries-left part too is in the chosen language
        assert word not in result.stderr, result.stderr
