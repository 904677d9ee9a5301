"""The configuration loader: config.py `load`, with the bytes of a TOML file as the --config file, as the
machine file, or (read as TOML) as the values of the machine registry key the MSI writes.

Promise (config.py; docs/it-support.md, exit 6): a Config, or `ConfigError` naming the file (or the registry key) and
the setting, never a traceback; every setting of a Config that loads has its declared type and an allowed value.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from fuzz.harness import Broken, Target
from sithsclient import config

MAX_LEN = 4096
FILE, MACHINE, REGISTRY = 0, 1, 2

# Configuration files as an organisation writes them (docs/it-departments.md), and what the MSI puts in the registry.
_SEEDS = [
    b'issuer_url = "https://issuing.example.se/.well-known/cmp"\n'
    b'trust = ["siths-root.pem", "/etc/sithsclient/siths-person.pem"]\n'
    b'module = "/usr/lib/x86_64-linux-gnu/libykcs11.so"\nkey_type = "rsa3072"\n',
    b'# Region \xc3\x96vning\nlanguage = "sv"\nmanagement_key = "010203040506070801020304050607080102030405060708"\n'
    b"tls_ca_bundle = 'C:\\\\ProgramData\\\\sithsclient\\\\tls.pem'\nkey_type = \"ecp256\"\n",
    b'trust = "root.pem"\nissuer_url = "http://127.0.0.1:8829/pkix/"\n',
    b'issuer_url = """https://a.example/x"""\n[table]\nkey = 1\n',
    b'issuer_url = "https://issuing.example.se/.well-known/cmp"\n'
    b'trust = "C:\\\\ProgramData\\\\sithsclient\\\\siths-root.pem;siths-person.pem"\nmodule = ""\n',
    b"key_type = 3\nlanguage = [1, 2]\n",
]


def _check(loaded: config.Config) -> None:
    for name in ("module", "issuer_url", "tls_ca_bundle", "management_key", "language"):
        value: Any = getattr(loaded, name)
        if value is not None and not isinstance(value, str):
            raise Broken(f"{name} = {value!r}")
    if not isinstance(loaded.trust, tuple) or not all(isinstance(t, str) for t in loaded.trust):
        raise Broken(f"trust = {loaded.trust!r}")
    if loaded.key_type not in config.KEY_TYPES:
        raise Broken(f"key_type = {loaded.key_type!r}")
    if loaded.issuer_url is not None and not loaded.issuer_url.startswith(("https://", "http://")):
        raise Broken(f"issuer_url = {loaded.issuer_url!r}")


def prepare(work: Path, hierarchy: Path) -> Target:
    seeds = [bytes([mode]) + text for text in _SEEDS for mode in (FILE, MACHINE, REGISTRY)]
    work.mkdir(parents=True, exist_ok=True)
    file, absent = work / "config.toml", work / "absent.toml"

    def one_input(data: bytes) -> None:
        if not data:
            return
        mode, text = data[0] % 3, data[1:]
        registry: dict[str, object] = {}
        if mode == REGISTRY:
            try:
                registry = tomllib.loads(text.decode("utf-8"))  # only to make values of registry types
            except (ValueError, RecursionError):
                return
        else:
            file.write_bytes(text)
        try:
            loaded = config.load(
                str(file) if mode == FILE else None,
                machine_file=file if mode == MACHINE else absent,
                user_file=absent,
                registry=lambda: registry,
            )
        except config.ConfigError as error:
            if not error.path or str(error.path) not in str(error):
                raise Broken(f"a ConfigError that does not name where: {error}") from error
            return
        _check(loaded)

    return Target(seeds, one_input)
