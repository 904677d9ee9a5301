"""Group policy: a value under HKLM\\SOFTWARE\\Policies\\sithsclient wins over every other layer, the program
never writes it, and `diagnose` says where each setting came from.

On Linux the readers are given to load() through the RegistryReader interface; the last test reads the real
registry through winreg and runs under wine (tests/test_windows_python.py lists this module).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sithsclient import config, diagnostics

POLICY = "https://policy.region.se/cmp"
INSTALLER = "https://installer.region.se/cmp"


def _layers(tmp_path: Path) -> tuple[Path, Path]:
    machine, user = tmp_path / "machine.toml", tmp_path / "user.toml"
    machine.write_text('issuer_url = "https://machine.region.se/cmp"\nkey_type = "rsa3072"\n')
    user.write_text('issuer_url = "https://user.region.se/cmp"\ncard_office_name = "Kortkontoret"\n')
    return machine, user


def test_policy_wins_over_installer_files_and_command_line(tmp_path: Path) -> None:
    machine, user = _layers(tmp_path)
    cfg = config.load(
        overrides={"issuer_url": "https://typed.region.se/cmp"},
        machine_file=machine,
        user_file=user,
        registry=lambda: {"issuer_url": INSTALLER, "it_support_phone": "010-123 45 00"},
        policy=lambda: {"issuer_url": POLICY, "card_office_phone": "010-999 00 00"},
    )
    assert cfg.issuer_url == POLICY
    assert cfg.origin("issuer_url") == config.POLICY_SOURCE
    # Below policy the order is as before: the user's file over the machine file over the installer's values.
    assert cfg.card_office_name == "Kortkontoret" and cfg.origin("card_office_name") == str(user)
    assert cfg.key_type == "rsa3072" and cfg.origin("key_type") == str(machine)
    assert cfg.it_support_phone == "010-123 45 00" and cfg.origin("it_support_phone") == config.REGISTRY_SOURCE
    assert cfg.origin("module") == config.DEFAULT
    assert cfg.sources == (config.REGISTRY_SOURCE, str(machine), str(user), config.POLICY_SOURCE)


def test_a_command_line_value_overruled_by_policy_is_logged(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    none = tmp_path / "none"
    cfg = config.load(
        overrides={"issuer_url": "https://typed.region.se/cmp"},
        machine_file=none,
        user_file=none,
        registry=dict,
        policy=lambda: {"issuer_url": POLICY},
    )
    assert cfg.issuer_url == POLICY
    assert "group policy sets issuer_url; the command line's value is not used" in caplog.text


def test_an_empty_policy_value_leaves_the_setting_to_the_other_layers(tmp_path: Path) -> None:
    none = tmp_path / "none"
    cfg = config.load(
        machine_file=none, user_file=none, registry=lambda: {"issuer_url": INSTALLER}, policy=lambda: {"issuer_url": ""}
    )
    assert cfg.issuer_url == INSTALLER and cfg.origin("issuer_url") == config.REGISTRY_SOURCE
    assert config.POLICY_SOURCE not in cfg.sources


def test_a_bad_policy_value_names_the_policy_key(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError) as err:
        config.load(
            machine_file=tmp_path / "n",
            user_file=tmp_path / "n",
            registry=dict,
            policy=lambda: {"issuer_url": "ftp://x"},
        )
    assert str(err.value).startswith(rf"The group policy in the registry {config.POLICY_SOURCE} is not valid")
    assert err.value.path == config.POLICY_SOURCE


def test_no_policy_off_windows() -> None:
    assert sys.platform != "win32"  # on Windows the real reader runs: the test below, under wine
    assert config.read_policy_registry() == {}


def test_diagnose_says_where_each_setting_came_from(tmp_path: Path) -> None:
    machine, user = _layers(tmp_path)
    cfg = config.load(
        machine_file=machine,
        user_file=user,
        registry=lambda: {"it_support_phone": "010-123 45 00"},
        policy=lambda: {"issuer_url": POLICY},
    )
    lines = diagnostics.as_text(diagnostics.report(cfg, read_cards=False)).splitlines()
    assert f"  issuer_url: {POLICY} (from group policy, {config.POLICY_SOURCE})" in lines
    assert f"  key_type: rsa3072 (from {machine})" in lines
    it_support = next(line for line in lines if line.startswith("  it_support: "))
    assert it_support.endswith(f"(from the installer's settings, {config.REGISTRY_SOURCE})")
    module = next(line for line in lines if line.startswith("  module: "))
    assert "(from" not in module  # a default names no layer


@pytest.mark.skipif(sys.platform != "win32", reason="the real winreg: run under wine by tests/test_windows_python.py")
def test_policy_read_through_winreg_wins_over_the_installers_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Keys of the test's own (64-bit view), deleted after: an installed program's settings are untouched."""
    if sys.platform == "win32":  # always, under the skipif: mypy then checks this as for Windows only
        import winreg

        installer_key = rf"Software\sithsclient-test-{tmp_path.name}"
        policy_key = rf"SOFTWARE\Policies\sithsclient-test-{tmp_path.name}"
        monkeypatch.setattr(config, "REGISTRY_KEY", installer_key)
        monkeypatch.setattr(config, "POLICY_KEY", policy_key)
        access = winreg.KEY_WRITE | winreg.KEY_WOW64_64KEY
        with winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, installer_key, 0, access) as key:
            winreg.SetValueEx(key, "issuer_url", 0, winreg.REG_SZ, INSTALLER)
            winreg.SetValueEx(key, "card_office_name", 0, winreg.REG_SZ, "Kortkontoret")
        with winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, policy_key, 0, access) as key:
            winreg.SetValueEx(key, "issuer_url", 0, winreg.REG_SZ, POLICY)
            winreg.SetValueEx(key, "trust", 0, winreg.REG_MULTI_SZ, [str(tmp_path / "root.pem")])
        try:
            none = tmp_path / "none"
            cfg = config.load(machine_file=none, user_file=none)
            assert cfg.issuer_url == POLICY
            assert cfg.trust == (str(tmp_path / "root.pem"),)
            assert cfg.card_office_name == "Kortkontoret"
            lines = diagnostics.as_text(diagnostics.report(cfg, read_cards=False)).splitlines()
            assert f"  issuer_url: {POLICY} (from group policy, {config.POLICY_SOURCE})" in lines
        finally:
            winreg.DeleteKeyEx(winreg.HKEY_LOCAL_MACHINE, policy_key, winreg.KEY_WOW64_64KEY)
            winreg.DeleteKeyEx(winreg.HKEY_LOCAL_MACHINE, installer_key, winreg.KEY_WOW64_64KEY)
