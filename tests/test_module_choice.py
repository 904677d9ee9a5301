"""Choosing the card software among the modules that load: the one made for the card in the reader (its ATR), else
the first that shows a card; an explicit choice is the only one tried. Real modules: SoftHSM2, ykcs11 on the PC/SC
rig."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient.card import module
from sithsclient.card.atr import Middleware, identify
from sithsclient.card.errors import NoModuleError
from sithsclient.demo.rig import YKCS11_PATH
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from sithsclient.demo.vcard.constants import YUBIKEY5_ATR
from tests.fixtures.pcsc import PivCard
from tests.fixtures.softhsm import SoftHsmCard
from tests.test_cli_status import run

IDPRIME_940 = bytes.fromhex("3b7f96000080318065b0855956fb120ffe829000")


def test_the_atr_table_knows_idprime_and_the_yubikey() -> None:
    found = identify(IDPRIME_940)
    assert found is not None and found.name == "Thales IDPrime 940" and found.middleware is Middleware.SAC
    # The 840 falls under the 940's mask too; it is named as what it is.
    found_840 = identify(bytes.fromhex("3b7f96000080318065b08503 00ef120ffe829000".replace(" ", "")))
    assert found_840 is not None and found_840.name == "Thales IDPrime 840"
    piv = identify(YUBIKEY5_ATR)
    assert piv is not None and piv.middleware is Middleware.PIV
    assert identify(bytes.fromhex("3b8f8001804f0ca000000306030001000000006a")) is None  # a PC/SC storage card


def test_an_explicit_module_is_the_only_one_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "default_module_paths", lambda: (SOFTHSM_MODULE,))
    with pytest.raises(NoModuleError) as err:
        module.choose_module("/nowhere/eTPKCS11.dll")
    assert err.value.tried == [("/nowhere/eTPKCS11.dll", "not found")]
    choice = module.choose_module(SOFTHSM_MODULE)
    assert choice.path == SOFTHSM_MODULE and "--module" in choice.reason


def test_probing_takes_the_module_that_shows_the_card(
    softhsm_card: SoftHsmCard, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listed first, ykcs11 loads but shows no card: no card is in a reader of this run's pcscd between tests.
    monkeypatch.setattr(module, "default_module_paths", lambda: ("/nowhere/eTPKCS11.dll", YKCS11_PATH, SOFTHSM_MODULE))
    monkeypatch.delenv(module.ENV_MODULE, raising=False)
    choice = module.choose_module()
    assert choice.path == SOFTHSM_MODULE
    assert "shows a card" in choice.reason


@pytest.mark.pcsc
def test_status_chooses_ykcs11_for_the_yubikey_atr_and_says_why(
    piv_card: PivCard, softhsm_card: SoftHsmCard, tmp_path: Path
) -> None:
    """Both SoftHSM2 (with a card of its own) and ykcs11 load and both show a card: the ATR of the card in the
    reader decides, and `status --json` says so."""
    config = tmp_path / "config.toml"
    config.write_text("")
    result = run("status", "--json", env={"SITHSCLIENT_CONFIG": str(config)})
    data = json.loads(result.stdout) if result.stdout else {}
    assert result.returncode == 0, result.stderr
    assert data["module"] == YKCS11_PATH, data
    assert "YubiKey 5 (PIV)" in data["module_reason"] and YUBIKEY5_ATR.hex() in data["module_reason"]
    [card] = data["cards"]
    assert card["layout"] == "piv" and card["serial"] == str(piv_card.serial)


@pytest.mark.pcsc
def test_every_command_looks_at_the_atr_the_same_way(piv_card: PivCard) -> None:
    """discover(), as upgrade, check and the wizard call it, chooses as status does: ykcs11 for the YubiKey,
    though OpenSC (listed before it) loads and shows the card too. In a process of its own, as a command runs."""
    code = "from sithsclient.card.discovery import discover; print(discover()[0])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == YKCS11_PATH
