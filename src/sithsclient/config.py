"""Configuration: command line > user file > machine file > built-in defaults (TOML).

An organisation profile sets the issuing service, its trust anchors, the PKCS#11 module and the key type. On
Windows the MSI writes the machine configuration; elsewhere it is a file. A bad file is a clear error that
names the file and the key, never a traceback.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

APP = "sithsclient"
ENV_CONFIG = "SITHSCLIENT_CONFIG"
KEY_TYPES = ("rsa2048", "rsa3072", "ecp256")


class ConfigError(Exception):
    code = "config.invalid"

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        super().__init__(f"The configuration file {path} is not valid: {message}")


@dataclass(frozen=True)
class Config:
    module: str | None = None  # PKCS#11 module path; None tries the per-OS defaults
    issuer_url: str | None = None  # the CMP endpoint of the issuing service
    trust: tuple[str, ...] = ()  # CA certificate files the issued certificates must chain to
    tls_ca_bundle: str | None = None  # None: the system trust store
    key_type: str = "rsa2048"
    management_key: str | None = None  # PIV SO login; None: the factory default
    language: str | None = None  # "sv" or "en"; None follows the system
    sources: tuple[str, ...] = field(default=(), compare=False)  # files read, for diagnose


def machine_config_path() -> Path:
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "sithsclient" / "config.toml"
    return Path(platformdirs.site_config_dir(APP)) / "config.toml"


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


_KNOWN = {f.name for f in fields(Config)} - {"sources"}


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, str(exc)) from None
    except OSError as exc:
        raise ConfigError(path, exc.strerror or str(exc)) from None
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ConfigError(path, f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "trust":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(path, "trust must be a file name or a list of file names")
            value = tuple(str((path.parent / v) if not Path(v).is_absolute() else v) for v in value)
        elif not isinstance(value, str):
            raise ConfigError(path, f"{key} must be a text value")
        if key == "key_type" and value not in KEY_TYPES:
            raise ConfigError(path, f"key_type must be one of {', '.join(KEY_TYPES)}")
        if key == "issuer_url" and not value.startswith(("https://", "http://")):
            raise ConfigError(path, "issuer_url must start with https://")
        out[key] = value
    return out


def load(
    explicit_file: str | None = None,
    *,
    overrides: dict[str, Any] | None = None,
    machine_file: Path | None = None,
    user_file: Path | None = None,
) -> Config:
    """Merge the layers. An explicit file (--config or SITHSCLIENT_CONFIG) must exist; the others may not."""
    config = Config()
    sources: list[str] = []
    layers: list[tuple[Path, bool]] = [
        (machine_file or machine_config_path(), False),
        (user_file or user_config_path(), False),
    ]
    chosen = explicit_file or os.environ.get(ENV_CONFIG)
    if chosen:
        layers.append((Path(chosen), True))
    for path, required in layers:
        if not path.exists():
            if required:
                raise ConfigError(path, "the file does not exist")
            continue
        config = replace(config, **_parse(path))
        sources.append(str(path))
    given = {k: v for k, v in (overrides or {}).items() if v not in (None, (), [])}
    if "trust" in given:
        given["trust"] = tuple(given["trust"])
    return replace(config, **given, sources=tuple(sources))


def replace_key_type(config: Config, key_type: str) -> Config:
    return replace(config, key_type=key_type)
