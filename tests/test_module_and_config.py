"""Choosing the PKCS#11 module and reading configuration: clear errors, the documented precedence."""

from __future__ import annotations

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
    assert defaults[-1] == SOFTHSM_MODULE  # Net iD first, SoftHSM2 last
    assert "iidp11" in defaults[0]


def test_windows_defaults_start_with_net_id() -> None:
    paths = module.default_module_paths("win32")
    assert paths[0].lower().endswith("iidp11.dll")
    assert any("eTPKCS11" in p for p in paths)


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
