r"""Configuration, highest first: group policy (Windows only) > command line > --config file (or
SITHSCLIENT_CONFIG) > user file > machine file > machine registry (Windows only) > built-in defaults. Files are TOML.

Group policy (installer/policy/*.admx, or Intune with the same templates) writes HKLM\SOFTWARE\Policies\sithsclient;
the program only reads it, and a value set there wins over every other layer: that is what a region's IT
department means by a policy. Each setting remembers where it came from, for `diagnose`.

An organisation profile sets the issuing service, its trust anchors, the PKCS#11 module and the key type. On
Windows the MSI writes its public properties (ISSUER_URL, PKCS11_MODULE, TRUST_ANCHORS, and the organisation's
CARD_OFFICE_NAME/_PHONE/_WEB, IT_SUPPORT_NAME/_PHONE/_WEB, TERMS_URL) as values of
HKLM\Software\sithsclient named like the TOML keys (installer/sithsclient.wxs); the machine file, which IT can
edit by hand, overrides them. A bad file or registry value is a clear error that names where it is and the
key, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from sithsclient.codes import Code

_log = logging.getLogger(__name__)

APP = "sithsclient"
ENV_CONFIG = "SITHSCLIENT_CONFIG"
KEY_TYPES = ("rsa2048", "rsa3072", "ecp256")
CARD_SETS = ("two", "four", "one")  # pki/card_set.py: the set used where the issuing service cannot say which
RENEWALS = ("self", "card_office")  # who renews a current certificate: the holder with this program, or the office
MAX_RENEWAL_DAYS = 365  # a SITHS certificate lives a few years; a window of more than a year warns at once
RENEWAL_DAYS = 60  # seed 004: a warning about 60 days before a certificate expires
REGISTRY_KEY = r"Software\sithsclient"  # under HKEY_LOCAL_MACHINE, in the 64-bit view; the MSI writes it
REGISTRY_SOURCE = "HKLM\\" + REGISTRY_KEY  # how errors and `sources` name it
POLICY_KEY = r"SOFTWARE\Policies\sithsclient"  # under HKEY_LOCAL_MACHINE; group policy writes it, never we
POLICY_SOURCE = "HKLM\\" + POLICY_KEY
COMMAND_LINE = "command line"
DEFAULT = "default"

# Reads the values of the machine registry key: {name: data}, empty when the key does not exist. An interface
# so that the layer can be tested on any OS with a fake (the real reader needs Windows).
RegistryReader = Callable[[], Mapping[str, object]]


class ConfigError(Exception):
    code: str = Code.CONFIG_INVALID

    def __init__(self, path: Path | str, message: str, *, kind: str = "configuration file") -> None:
        self.path = str(path)
        self.problem = message  # the fact, for a sentence in the run's language (commands/words.py)
        super().__init__(f"The {kind} {path} is not valid: {message}")


@dataclass(frozen=True)
class Config:
    module: str | None = None  # PKCS#11 module path; None tries the per-OS defaults
    issuer_url: str | None = None  # the CMP endpoint of the issuing service
    trust: tuple[str, ...] = ()  # CA certificate files the issued certificates must chain to
    tls_ca_bundle: str | None = None  # None: the system trust store
    key_type: str = "rsa2048"
    management_key: str | None = None  # PIV SO login; None: the factory default
    language: str | None = None  # "sv" or "en"; None follows the system
    # The organisation's own helpers and terms, shown on the failure pages, the terms page and to IT support
    # (advice.py); any may be left out, and the wording then names the kind of helper only.
    card_office_name: str | None = None  # e.g. "Kortkontoret, Region Exempel"
    card_office_phone: str | None = None
    card_office_web: str | None = None
    it_support_name: str | None = None
    it_support_phone: str | None = None
    it_support_web: str | None = None
    terms_url: str | None = None  # the organisation's terms for the card, as a link
    terms_text: str | None = None  # or as text (the machine file; too long for an MSI property)
    # When the holder is told of (and may start) the renewal of a current certificate: so many days before its end.
    renewal_days: int = RENEWAL_DAYS
    renewal: str = "self"  # one of RENEWALS; "card_office": the reminder names the card office instead
    card_set: str = "two"  # one of CARD_SETS: the fallback when the service does not say which set it issues
    sources: tuple[str, ...] = field(default=(), compare=False)  # files read, for diagnose
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)  # setting -> the layer that set it

    def origin(self, name: str) -> str:
        """Where the setting `name` came from: a layer's source, or DEFAULT."""
        return self.origins.get(name, DEFAULT)


def machine_config_path() -> Path:
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "sithsclient" / "config.toml"
    return Path(platformdirs.site_config_dir(APP, appauthor=False)) / "config.toml"


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


_KNOWN = {f.name for f in fields(Config)} - {"sources", "origins"}
_WEB_ADDRESSES = ("card_office_web", "it_support_web", "terms_url")


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, str(exc)) from None
    except UnicodeDecodeError as exc:  # TOML is UTF-8; Notepad's "ANSI" writes å, ä, ö as one byte each
        raise ConfigError(path, f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ConfigError(path, "values are nested too deeply") from None
    except OSError as exc:
        raise ConfigError(path, exc.strerror or str(exc)) from None
    return _checked(data, base=path.parent, error=lambda message: ConfigError(path, message))


def _checked(data: Mapping[str, Any], *, base: Path, error: Callable[[str], ConfigError]) -> dict[str, Any]:
    """The settings of one layer, validated; relative trust files are taken relative to `base`."""
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise error(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "trust":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise error("trust must be a file name or a list of file names")
            value = tuple(str((base / v) if not Path(v).is_absolute() else v) for v in value)
        elif key == "renewal_days":
            value = _days(value, error)
        elif not isinstance(value, str):
            raise error(f"{key} must be a text value")
        if key == "renewal" and value not in RENEWALS:
            raise error(f"renewal must be one of {', '.join(RENEWALS)}")
        if key == "card_set" and value not in CARD_SETS:
            raise error(f"card_set must be one of {', '.join(CARD_SETS)}")
        if key == "key_type" and value not in KEY_TYPES:
            raise error(f"key_type must be one of {', '.join(KEY_TYPES)}")
        if key == "issuer_url" and not value.startswith(("https://", "http://")):
            raise error("issuer_url must start with https://")
        if key in _WEB_ADDRESSES and not value.startswith(("https://", "http://")):
            raise error(f"{key} must be a web address starting with https://")
        out[key] = value
    return out


def _days(value: object, error: Callable[[str], ConfigError]) -> int:
    """A number of days: an integer in TOML or a policy's REG_DWORD, digits in an MSI property's REG_SZ."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RENEWAL_DAYS:
        raise error(f"renewal_days must be a whole number of days from 1 to {MAX_RENEWAL_DAYS}")
    return value


def read_machine_registry() -> dict[str, object]:
    """The values of HKLM\\Software\\sithsclient (64-bit view), {} where there is no such key or no Windows.
    REG_SZ reads as str, REG_MULTI_SZ as list[str], REG_DWORD as int (which _registry_layer refuses)."""
    return _read_hklm(REGISTRY_KEY)


def read_policy_registry() -> dict[str, object]:
    """The values group policy set under HKLM\\SOFTWARE\\Policies\\sithsclient, as read_machine_registry."""
    return _read_hklm(POLICY_KEY)


def _read_hklm(key_name: str) -> dict[str, object]:
    """Read only: the program never writes a key it reads configuration from."""
    if sys.platform != "win32":
        return {}
    import winreg  # only on Windows; mypy checks this part with --platform win32

    try:
        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key_name, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
    except FileNotFoundError:
        return {}
    values: dict[str, object] = {}
    with key:
        index = 0
        while True:
            try:
                name, data, _kind = winreg.EnumValue(key, index)
            except OSError:  # ERROR_NO_MORE_ITEMS
                break
            values[name] = data
            index += 1
    return values


def _registry_layer(values: Mapping[str, object], source: str = REGISTRY_SOURCE) -> dict[str, Any]:
    """The MSI writes a value only for a property that was set, but an empty value (written by hand or by
    another tool) means the same as none; so does a policy's empty text box. TRUST_ANCHORS is one string with
    files separated by ";" (a REG_MULTI_SZ list works too); relative names are taken relative to the machine
    file's folder."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value in ("", [], None):
            continue
        if name == "trust" and isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        data[name] = value
    kind = "group policy in the registry" if source == POLICY_SOURCE else "machine configuration in the registry"
    return _checked(
        data,
        base=machine_config_path().parent,
        error=lambda message: ConfigError(source, message, kind=kind),
    )


def load(
    explicit_file: str | None = None,
    *,
    overrides: dict[str, Any] | None = None,
    machine_file: Path | None = None,
    user_file: Path | None = None,
    registry: RegistryReader = read_machine_registry,
    policy: RegistryReader = read_policy_registry,
) -> Config:
    """Merge the layers. An explicit file (--config or SITHSCLIENT_CONFIG) must exist; the others may not."""
    merged: dict[str, Any] = {}
    origins: dict[str, str] = {}
    sources: list[str] = []

    def take(layer: Mapping[str, Any], source: str) -> None:
        merged.update(layer)
        origins.update(dict.fromkeys(layer, source))

    from_registry = _registry_layer(registry())
    if from_registry:
        take(from_registry, REGISTRY_SOURCE)
        sources.append(REGISTRY_SOURCE)
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
        take(_parse(path), str(path))
        sources.append(str(path))
    given = {k: v for k, v in (overrides or {}).items() if v not in (None, (), [])}
    if "trust" in given:
        given["trust"] = tuple(given["trust"])
    take(given, COMMAND_LINE)
    from_policy = _registry_layer(policy(), POLICY_SOURCE)
    for name in sorted(set(from_policy) & set(given)):
        if from_policy[name] != given[name]:
            _log.warning("group policy sets %s; the command line's value is not used", name)
    if from_policy:
        take(from_policy, POLICY_SOURCE)
        sources.append(POLICY_SOURCE)
    return replace(Config(), **merged, sources=tuple(sources), origins=origins)


def replace_key_type(config: Config, key_type: str) -> Config:
    return replace(config, key_type=key_type)
