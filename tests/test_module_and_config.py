"""Choosing the PKCS#11 module and reading configuration: clear errors, the documented precedence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient import config
from sithsclient.card import module
from sithsclient.card.errors import NoModuleError
from sithsclient.demo.softhsm import SOFTHSM_MODULE


def test_missing_module_names_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(module.ENV_MODULE, raising=False)
    with pytest.raises(NoModuleError) as err:
        module.load_module("/nowhere/iidp11.so")
    assert err.value.tried == [("/nowhere/iidp11.so", "not found")]
    assert "/nowhere/iidp11.so" in err.value.message


def test_a_file_that_is_not_a_module_is_reported(tmp_path: Path) -> None:
    fake = tmp_path / "fake-pkcs11.so"
    fake.write_bytes(b"not a shared library")
    with pytest.raises(NoModuleError) as err:
        module.load_module(str(fake))
    assert "could not be loaded" in err.value.tried[0][1]


def test_explicit_beats_environment_beats_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(module.ENV_MODULE, "/env/module.so")
    assert module.candidate_paths("/cli/module.so", "/conf/module.so") == ["/cli/module.so"]
    assert module.candidate_paths(None, "/conf/module.so") == ["/env/module.so"]
    monkeypatch.delenv(module.ENV_MODULE)
    assert module.candidate_paths(None, "/conf/module.so") == ["/conf/module.so"]
    defaults = module.candidate_paths()
    assert defaults[-1] == SOFTHSM_MODULE  # Thales SAC first, SoftHSM2 last
    assert "eTPkcs11" in defaults[0]


def test_windows_defaults_try_sac_then_net_id() -> None:
    names = [p.rsplit("\\", 1)[-1].lower() for p in module.default_module_paths("win32")]
    assert names[:2] == ["etpkcs11.dll", "idprimepkcs1164.dll"]
    assert names.index("iidp11.dll") == 2


def test_config_layers(tmp_path: Path) -> None:
    machine = tmp_path / "machine.toml"
    user = tmp_path / "user.toml"
    machine.write_text('issuer_url = "https://ca.example.se/.well-known/cmp"\nkey_type = "rsa3072"\n')
    user.write_text('key_type = "ecp256"\ntrust = ["root.pem"]\n')
    cfg = config.load(machine_file=machine, user_file=user, overrides={"key_type": None, "module": "/m.so"})
    assert cfg.issuer_url == "https://ca.example.se/.well-known/cmp"
    assert cfg.key_type == "ecp256"  # user beats machine
    assert cfg.trust == (str(tmp_path / "root.pem"),)  # relative to the file
    assert cfg.module == "/m.so"  # command line beats all
    assert cfg.sources == (str(machine), str(user))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("issuer_url = ", "Invalid value"),
        ('colour = "blue"\n', "unknown setting"),
        ('key_type = "dsa"\n', "key_type must be"),
        ('issuer_url = "ftp://x"\n', "https://"),
        ("module = 3\n", "text value"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(config.ConfigError) as err:
        config.load(str(bad), machine_file=tmp_path / "none", user_file=tmp_path / "none")
    assert str(bad) in str(err.value)
    assert fragment in str(err.value)


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="does not exist"):
        config.load(str(tmp_path / "missing.toml"), machine_file=tmp_path / "n", user_file=tmp_path / "n")


# -- the machine registry layer (Windows; written by the MSI) -------------------------------------------------
# The real reader (config.read_machine_registry) needs Windows' winreg: on Linux these tests give load() a fake
# reader through the RegistryReader interface, and the last one type-checks the real reader against winreg's
# Windows stubs. Reading what the MSI really wrote is verified only on Windows (docs/it-departments.md).


def test_registry_is_the_lowest_layer(tmp_path: Path) -> None:
    machine = tmp_path / "machine.toml"
    machine.write_text('key_type = "rsa3072"\nmodule = "C:\\\\Program Files\\\\Other\\\\p11.dll"\n')
    root, policy = tmp_path / "certs" / "root.pem", tmp_path / "certs" / "policy.pem"  # absolute on this OS
    values = {
        "issuer_url": "https://ca.region.se/.well-known/cmp",
        "module": r"C:\Windows\System32\iidp11.dll",
        "trust": f"{root}; {policy};",
    }
    cfg = config.load(machine_file=machine, user_file=tmp_path / "none", registry=lambda: values)
    assert cfg.issuer_url == "https://ca.region.se/.well-known/cmp"  # only the registry sets it
    assert cfg.trust == (str(root), str(policy))  # ";"-separated, blanks dropped
    assert cfg.module == r"C:\Program Files\Other\p11.dll"  # the machine file beats the registry
    assert cfg.key_type == "rsa3072"
    assert cfg.sources == (r"HKLM\Software\sithsclient", str(machine))


def test_registry_empty_values_and_lists(tmp_path: Path) -> None:
    none = tmp_path / "none"
    root = str(tmp_path / "ca" / "root.pem")  # absolute on this OS
    cfg = config.load(
        machine_file=none, user_file=none, registry=lambda: {"issuer_url": "", "trust": [root, "rel.pem"]}
    )
    assert cfg.issuer_url is None
    assert cfg.trust == (root, str(config.machine_config_path().parent / "rel.pem"))
    assert cfg.sources == (r"HKLM\Software\sithsclient",)
    assert config.load(machine_file=none, user_file=none, registry=dict).sources == ()


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"issuer": "https://x"}, "unknown setting(s) issuer"),
        ({"issuer_url": "ftp://x"}, "https://"),
        ({"module": 1}, "module must be a text value"),
    ],
)
def test_bad_registry_value_is_a_clear_error(tmp_path: Path, values: dict[str, object], fragment: str) -> None:
    with pytest.raises(config.ConfigError) as err:
        config.load(machine_file=tmp_path / "n", user_file=tmp_path / "n", registry=lambda: values)
    assert str(err.value).startswith(r"The machine configuration in the registry HKLM\Software\sithsclient")
    assert fragment in str(err.value)


def test_no_registry_off_windows() -> None:
    assert sys.platform != "win32"  # this suite runs on Linux; on Windows the reader below is the real one
    assert config.read_machine_registry() == {}


def test_registry_reader_type_checks_for_windows() -> None:
    """mypy skips the winreg code on Linux as unreachable; checking as for Windows is what looks at it here."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--platform", "win32", "--no-incremental", "src/sithsclient/config.py"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(sys.platform != "win32", reason="the real winreg: run under wine by tests/test_windows_python.py")
def test_the_registry_is_read_through_winreg_on_windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What the MSI writes, read back by the real reader: REG_SZ as text, REG_MULTI_SZ as a list, REG_DWORD
    refused by name. A key of the test's own (64-bit view), deleted after, so an installed program's is untouched."""
    if sys.platform == "win32":  # always, under the skipif: mypy then checks this as for Windows only
        import winreg

        key_name = rf"Software\sithsclient-test-{tmp_path.name}"
        monkeypatch.setattr(config, "REGISTRY_KEY", key_name)
        access = winreg.KEY_WRITE | winreg.KEY_WOW64_64KEY
        root = str(tmp_path / "root.pem")
        with winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, key_name, 0, access) as key:
            winreg.SetValueEx(key, "issuer_url", 0, winreg.REG_SZ, "https://ca.region.se/.well-known/cmp")
            winreg.SetValueEx(key, "trust", 0, winreg.REG_MULTI_SZ, [root, "policy.pem"])
        try:
            assert config.read_machine_registry() == {
                "issuer_url": "https://ca.region.se/.well-known/cmp",
                "trust": [root, "policy.pem"],
            }
            none = tmp_path / "none"
            cfg = config.load(machine_file=none, user_file=none, registry=config.read_machine_registry)
            assert cfg.issuer_url == "https://ca.region.se/.well-known/cmp"
            assert cfg.trust == (root, str(config.machine_config_path().parent / "policy.pem"))
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key_name, 0, access) as key:
                winreg.SetValueEx(key, "module", 0, winreg.REG_DWORD, 1)
            with pytest.raises(config.ConfigError, match="module must be a text value"):
                config.load(machine_file=none, user_file=none, registry=config.read_machine_registry)
        finally:
            winreg.DeleteKeyEx(winreg.HKEY_LOCAL_MACHINE, key_name, winreg.KEY_WOW64_64KEY)
        assert config.read_machine_registry() == {}
