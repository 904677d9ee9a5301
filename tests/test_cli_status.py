"""`sithsclient status` run as IT support runs it: a subprocess, its output and its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient.demo.rig import YKCS11_PATH, PcscRig
from sithsclient.demo.softhsm import SOFTHSM_MODULE, write_conf
from tests.fixtures.softhsm import SoftHsmCard


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_status_json_describes_the_softhsm_card(softhsm_card: SoftHsmCard) -> None:
    result = run("status", "--json", "--module", SOFTHSM_MODULE)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"readers", "cards", "module"} <= set(data)
    [card] = data["cards"]
    assert card["serial"] == softhsm_card.card.serial
    assert card["verdict"] == "must_upgrade"
    assert [t["label"] for t in card["tokens"]] == ["SITHS e-id kort (Legitimering)", "SITHS e-id kort (Underskrift)"]
    assert sorted(c["purpose"] for c in card["certificates"]) == ["authentication", "signature"]
    for cert in card["certificates"]:
        assert cert["hsa_id"] == "SE2321000131-S000000012345"
        assert cert["generation"] == "legacy"
        assert cert["issuer"] == "SITHS Type 1 CA v1 (övning)"
        assert isinstance(cert["days_left"], int) and cert["days_left"] > 0
        assert cert["not_after"] and cert["subject"] and cert["key_id"]


def test_status_text_says_what_to_do(softhsm_card: SoftHsmCard) -> None:
    result = run("status", "--module", SOFTHSM_MODULE)
    assert result.returncode == 0
    assert "must_upgrade" in result.stdout
    assert "SE2321000131-S000000012345" in result.stdout


def test_no_module_is_one_line_and_exit_3() -> None:
    result = run("status", "--module", "/nowhere/libiidp11.so")
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1
    assert "/nowhere/libiidp11.so" in result.stderr and "card.no_module" in result.stderr


def test_no_smart_card_service_is_no_reader_whatever_module(tmp_path: Path) -> None:
    """SoftHSM2 with no initialised token has a slot, but without the smart card service there is no reader:
    exit 4, as the wizard says it (tests/test_cli_service_down.py has every command)."""
    conf = write_conf(tmp_path)
    nowhere = str(tmp_path / "no-pcscd" / "pcscd.comm")
    result = run("status", "--module", SOFTHSM_MODULE, env={"SOFTHSM2_CONF": str(conf), "PCSCLITE_CSOCK_NAME": nowhere})
    assert result.returncode == 4, result.stderr
    assert result.stderr.endswith("[card.no_reader]\n") and result.stderr.count("\n") == 1


@pytest.mark.pcsc
def test_an_empty_reader_is_no_card_exit_5(pcsc_rig: PcscRig) -> None:
    assert not pcsc_rig.card_present()
    result = run("status", "--module", YKCS11_PATH)
    assert result.returncode == 5, result.stderr
    assert result.stderr.endswith("[card.no_card]\n") and result.stderr.count("\n") == 1


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("sithsclient ")
