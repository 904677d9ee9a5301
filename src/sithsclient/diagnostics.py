"""The report IT support asks for on the phone, and the support bundle a user can attach to a ticket.

It holds versions, configuration, module, readers, cards and their objects, journal state, whether the issuing
service answers, and the recent log. It never holds a PIN: none is asked for, and none is ever logged.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import platform
import ssl
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sithsclient import __version__, logs
from sithsclient import config as config_mod
from sithsclient import status as status_mod
from sithsclient.card.errors import CardError
from sithsclient.upgrade.journal import JournalStore

PACKAGES = ("PySide6-Essentials", "pyscard", "python-pkcs11", "cryptography", "asn1crypto", "requests", "rich")
LOG_TAIL_LINES = 200


def versions() -> dict[str, str]:
    found = {
        "sithsclient": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "openssl": ssl.OPENSSL_VERSION,
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _config_json(cfg: config_mod.Config) -> dict[str, Any]:
    return {
        "sources": list(cfg.sources),
        "module": cfg.module,
        "issuer_url": cfg.issuer_url,
        "trust": list(cfg.trust),
        "tls_ca_bundle": cfg.tls_ca_bundle,
        "key_type": cfg.key_type,
        "management_key": "configured" if cfg.management_key else "factory default",
        "language": cfg.language,
    }


def _journals(store: JournalStore) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not store.directory.exists():
        return out
    for path in sorted(store.directory.glob("*.json")):
        entry: dict[str, Any] = {"file": str(path)}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"a journal is a JSON object, not {type(data).__name__}")
            # Shown as found, for IT support, however damaged: only what cannot be listed is left out.
            pairs, history = data.get("pairs", []), data.get("history", [])
            entry.update(
                card_serial=data.get("card_serial"),
                kind=data.get("kind", "upgrade"),
                reference=data.get("reference"),
                phase=data.get("phase"),
                updated_at=data.get("updated_at"),
                pairs=[
                    {"purpose": p.get("purpose"), "state": p.get("state")}
                    for p in (pairs if isinstance(pairs, list) else [])
                    if isinstance(p, dict)
                ],
                last_error=data.get("last_error"),
                history=history[-10:] if isinstance(history, list) else [],
            )
        except (OSError, ValueError, RecursionError) as exc:  # RecursionError: nesting too deep for json
            entry["unreadable"] = str(exc)
        out.append(entry)
    return out


def _issuer(cfg: config_mod.Config) -> dict[str, Any]:
    if not cfg.issuer_url:
        return {"url": None, "reachable": None, "detail": "no issuing service configured"}
    from sithsclient.enroll.errors import EnrollmentError
    from sithsclient.enroll.setup import probe

    try:
        probe(cfg.issuer_url, timeout=5)
    except EnrollmentError as exc:
        return {"url": cfg.issuer_url, "reachable": False, "detail": exc.detail or exc.message}
    return {"url": cfg.issuer_url, "reachable": True, "detail": "a TCP connection opens"}


def log_tail(lines: int = LOG_TAIL_LINES) -> list[str]:
    path = logs.log_file()
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]


def report(cfg: config_mod.Config, journal_store: JournalStore | None = None) -> dict[str, Any]:
    store = journal_store or JournalStore()
    data: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "config": _config_json(cfg),
        "journal_directory": str(store.directory),
        "log_file": str(logs.log_file()),
    }
    try:
        status = status_mod.gather(cfg.module, None, cfg.management_key)
        data["status"] = status_mod.to_json(status)
        data["objects"] = {
            entry.card.serial: [
                {"role": c.role.value, "key_id": c.key_id_hex, "label": c.label, "subject": c.info.subject}
                for c in entry.certificates
            ]
            for entry in status.cards
        }
    except CardError as exc:
        data["status"] = {"error": {"code": exc.code, "message": exc.message}}
    data["journals"] = _journals(store)
    data["issuer"] = _issuer(cfg)
    data["last_errors"] = [j["last_error"] for j in data["journals"] if j.get("last_error")]
    data["log_tail"] = log_tail()
    return data


def as_text(data: dict[str, Any]) -> str:
    lines = [f"sithsclient diagnostics, {data['generated_at']}", ""]
    lines += [f"{k}: {v}" for k, v in data["versions"].items()]
    lines += ["", "Configuration:"] + [f"  {k}: {v}" for k, v in data["config"].items()]
    status = data["status"]
    lines.append("")
    if "error" in status:
        lines.append(f"Cards: {status['error']['message']} [{status['error']['code']}]")
    else:
        lines.append(f"PKCS#11 module: {status['module']} (PC/SC {status['pcsc']})")
        for reader in status["readers"]:
            lines.append(f"Reader: {reader['name']}: {'card' if reader['card_present'] else 'empty'} {reader['atr']}")
        for card in status["cards"]:
            lines.append(f"Card {card['serial']} ({card['layout']}) in {card['reader']}: {card['verdict']}")
            for token in card["tokens"]:
                lines.append(f"  PIN {token['pin']}: {token['pin_state']} (tries left {token['tries_left']})")
            for cert in card["certificates"]:
                lines.append(
                    f"  {cert['purpose']} {cert['generation']} {cert['hsa_id']} to {cert['not_after'][:10]}"
                    f" slot {cert['slot']} {cert['issuer']}"
                )
    lines.append("")
    issuer = data["issuer"]
    lines.append(f"Issuing service: {issuer['url']}: reachable={issuer['reachable']} ({issuer['detail']})")
    lines.append(f"Journals in {data['journal_directory']}:")
    for journal in data["journals"]:
        if "unreadable" in journal:
            lines.append(f"  {journal['file']}: unreadable ({journal['unreadable']})")
            continue
        pairs = ", ".join(f"{p['purpose']}={p['state']}" for p in journal["pairs"])
        lines.append(f"  card {journal['card_serial']}: {journal['phase']} ({pairs}) updated {journal['updated_at']}")
        if journal.get("last_error"):
            lines.append(f"    last error: {journal['last_error']}")
    lines += ["", f"Log ({data['log_file']}), last {len(data['log_tail'])} lines:"] + data["log_tail"]
    return "\n".join(lines) + "\n"


def write_bundle(path: Path, data: dict[str, Any], journal_store: JournalStore | None = None) -> Path:
    """A zip with the report (JSON and text), the log files and the journals. No PIN is in any of them."""
    store = journal_store or JournalStore()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("report.json", json.dumps(data, indent=2, ensure_ascii=False))
        bundle.writestr("report.txt", as_text(data))
        for name, file in _files(logs.log_directory().glob("sithsclient.log*"), "logs"):
            bundle.write(file, name)
        if store.directory.exists():
            for name, file in _files(store.directory.glob("*.json"), "journal"):
                bundle.write(file, name)
    return path


def _files(paths: Iterable[Path], folder: str) -> list[tuple[str, Path]]:
    return [(f"{folder}/{p.name}", p) for p in sorted(paths) if p.is_file()]
