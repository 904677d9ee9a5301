"""The organisation's renewal settings: `renewal_days` (when the holder is told, default 60, seed 004) and
`renewal` (who renews: the holder with this program, or the card office), from every layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from sithsclient import config


def _load(
    tmp_path: Path, text: str = "", *, registry: config.RegistryReader = dict, policy: config.RegistryReader = dict
) -> config.Config:
    user = tmp_path / "user.toml"
    user.write_text(text, encoding="utf-8")
    return config.load(machine_file=tmp_path / "none", user_file=user, registry=registry, policy=policy)


def test_defaults_are_sixty_days_and_the_holder_renews(tmp_path: Path) -> None:
    cfg = _load(tmp_path)
    assert (cfg.renewal_days, cfg.renewal) == (60, "self")


def test_each_layer_gives_the_days_in_its_own_type(tmp_path: Path) -> None:
    assert _load(tmp_path, 'renewal_days = 45\nrenewal = "card_office"\n').renewal_days == 45  # TOML: an integer
    assert _load(tmp_path, registry=lambda: {"renewal_days": "30"}).renewal_days == 30  # an MSI property: text
    from_policy = _load(tmp_path, policy=lambda: {"renewal_days": 21, "renewal": "card_office"})  # REG_DWORD
    assert (from_policy.renewal_days, from_policy.renewal) == (21, "card_office")
    assert from_policy.origin("renewal_days") == config.POLICY_SOURCE


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("renewal_days = 0\n", "renewal_days must be a whole number of days from 1 to 365"),
        ("renewal_days = 400\n", "renewal_days must be a whole number of days from 1 to 365"),
        ('renewal_days = "sixty"\n', "renewal_days must be a whole number of days from 1 to 365"),
        ("renewal_days = true\n", "renewal_days must be a whole number of days from 1 to 365"),
        ('renewal = "never"\n', "renewal must be one of self, card_office"),
    ],
)
def test_a_bad_value_names_the_file_and_the_setting(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(config.ConfigError) as err:
        _load(tmp_path, text)
    assert str(tmp_path / "user.toml") in str(err.value) and says in str(err.value)
