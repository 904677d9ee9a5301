"""The report IT support asks for on the phone, and the support bundle a user can attach to a ticket.

It holds versions, configuration, module, readers, cards and their objects, journal state, whether the issuing
service answers, and the recent log. It never holds a PIN: none is asked for, and none is ever logged.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import ssl
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sithsclient import __version__, advice, logs
from sithsclient import config as config_mod
from sithsclient import status as status_mod
from sithsclient.card.errors import CardError
from sithsclient.card.module import ENV_MODULE
from sithsclient.upgrade.journal import JournalStore

PACKAGES = ("PySide6-Essentials", "pyscard", "python-pkcs11", "cryptography", "asn1crypto", "truststore", "rich")
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
        "card_office": advice.contacts(cfg)[advice.Helper.CARD_OFFICE].line() or None,
        "it_support": advice.contacts(cfg)[advice.Helper.IT_SUPPORT].line() or None,
        "terms": cfg.terms_url or (f"a text of {len(cfg.terms_text)} characters" if cfg.terms_text else None),
        "renewal": cfg.renewal,
        "renewal_days": cfg.renewal_days,
        # The environment's module is not configuration but wins over it (card/module.py's order).
        "module_from_environment": os.environ.get(ENV_MODULE) or None,
        "origins": {name: _origin(cfg, fields) for name, fields in _CONFIG_FIELDS.items()},
    }


# Each setting of the report and the configuration keys it is made of, for where it came from.
_CONFIG_FIELDS = {
    "module": ("module",),
    "issuer_url": ("issuer_url",),
    "trust": ("trust",),
    "tls_ca_bundle": ("tls_ca_bundle",),
    "key_type": ("key_type",),
    "management_key": ("management_key",),
    "language": ("language",),
    "card_office": ("card_office_name", "card_office_phone", "card_office_web"),
    "it_support": ("it_support_name", "it_support_phone", "it_support_web"),
    "terms": ("terms_url", "terms_text"),
    "renewal": ("renewal",),
    "renewal_days": ("renewal_days",),
}


def _origin(cfg: config_mod.Config, names: tuple[str, ...]) -> str:
    """Where a setting came from; a setting made of several keys names each layer once."""
    found = dict.fromkeys(cfg.origin(name) for name in names if cfg.origin(name) != config_mod.DEFAULT)
    return "; ".join(found) or config_mod.DEFAULT


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
        way = probe(cfg.issuer_url, timeout=5)
    except EnrollmentError as exc:
        return {"url": cfg.issuer_url, "reachable": False, "detail": exc.detail or exc.message}
    return {"url": cfg.issuer_url, "reachable": True, "detail": f"a TCP connection opens {way}"}


def log_tail(lines: int = LOG_TAIL_LINES) -> list[str]:
    path = logs.log_file()
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]


class _NotRead(Exception):
    pass


CARDS_NOT_READ = "not read now: an upgrade that waits for the user's answer has the card (see its journal)"


def report(
    cfg: config_mod.Config, journal_store: JournalStore | None = None, *, read_cards: bool = True
) -> dict[str, Any]:
    """Everything IT support asks for. read_cards=False while a run holds the card (the wizard's PIN and
    terms pages): reading it then could end the run's PKCS#11 session; the journal tells where the run is."""
    store = journal_store or JournalStore()
    data: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "config": _config_json(cfg),
        "journal_directory": str(store.directory),
        "log_file": str(logs.log_file()),
    }
    try:
        if not read_cards:
            raise _NotRead()
        status = status_mod.gather(cfg.module, None, cfg.management_key)
        data["status"] = status_mod.to_json(status)
        data["objects"] = {
            entry.card.serial: [
                {"role": c.role.value, "key_id": c.key_id_hex, "label": c.label, "subject": c.info.subject}
                for c in entry.certificates
            ]
            for entry in status.cards
        }
    except _NotRead:
        data["status"] = {"skipped": CARDS_NOT_READ}
    except CardError as exc:
        data["status"] = {"error": {"code": exc.code, "message": exc.message}}
    data["journals"] = _journals(store)
    data["issuer"] = _issuer(cfg)
    data["last_errors"] = [j["last_error"] for j in data["journals"] if j.get("last_error")]
    data["log_tail"] = log_tail()
    return data


_NOT_SET = {
    "module": "not set: the card software's usual places on this system are tried",
    "issuer_url": "not set",
    "tls_ca_bundle": "not set: the system's trust store",
    "language": "not set: the system's",
    "card_office": "not set: the person is told to contact their local card office",
    "it_support": "not set: the person is told to contact their local IT support",
    "terms": "not set: the program's own summary of the SITHS terms",
}


def _setting(name: str, value: Any) -> str:
    """A configuration value as a person reads it: words for "not set", lists joined."""
    if value is None or value == "":
        return _NOT_SET.get(name, "not set")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else "none"
    return str(value)


# How the report names a layer that has no file name of its own.
_ORIGIN_WORDS = {
    config_mod.POLICY_SOURCE: f"group policy, {config_mod.POLICY_SOURCE}",
    config_mod.REGISTRY_SOURCE: f"the installer's settings, {config_mod.REGISTRY_SOURCE}",
}


def _config_lines(config: dict[str, Any]) -> list[str]:
    sources = config.get("sources") or []
    lines = ["  read from: " + ("; ".join(sources) if sources else "no file or registry value: the defaults")]
    origins = config.get("origins") or {}
    for name, value in config.items():
        if name not in ("sources", "module_from_environment", "origins"):
            origin = origins.get(name)
            where = f" (from {_ORIGIN_WORDS.get(origin, origin)})" if origin and origin != "default" else ""
            lines.append(f"  {name}: {_setting(name, value)}{where}")
    if config.get("module_from_environment"):
        lines.append(f"  module from the environment ({ENV_MODULE}): {config['module_from_environment']}")
    return lines


def _issuer_line(issuer: dict[str, Any]) -> str:
    if issuer["reachable"] is None:
        return f"Issuing service: not checked ({issuer['detail']})"
    verdict = "answers" if issuer["reachable"] else "does not answer"
    return f"Issuing service: {issuer['url']}: {verdict} ({issuer['detail']})"


def _pin_line(token: dict[str, Any]) -> str:
    tries = token.get("tries_left")
    left = f", {tries} {'try' if tries == 1 else 'tries'} left" if isinstance(tries, int) else ""
    return f"  PIN {token['pin']}: {token['pin_state']}{left}"


def runbook_file(language: str = "en") -> Path | None:
    """The IT-support runbook (docs/runbook-*.md): inside the frozen program (build_win.spec), else in the
    source tree; None when neither has it."""
    name = f"runbook-{'sv' if language == 'sv' else 'en'}.md"
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    found = base / "docs" / name
    return found if found.exists() else None


def runbook_link(code: str, language: str = "en") -> str:
    """Where the runbook explains `code`: its file and the code as anchor, or the file name alone to look for."""
    found = runbook_file(language)
    return f"{found}#{code}" if found is not None else f"runbook-{language}.md#{code}"


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        code = error.get("code", "?")
        return f"{error.get('message', '')} [{code}] (runbook: {runbook_link(code)})".strip()
    return str(error)


def as_text(data: dict[str, Any]) -> str:
    """The report for reading aloud on the phone: every value in words, none as a Python value."""
    lines = [f"sithsclient diagnostics, {data['generated_at']}", ""]
    lines += [f"{k}: {v}" for k, v in data["versions"].items()]
    lines += ["", "Configuration:", *_config_lines(data["config"])]
    status = data["status"]
    lines.append("")
    if "skipped" in status:
        lines.append(f"Cards: {status['skipped']}")
    elif "error" in status:
        lines.append(f"Cards: {_error_text(status['error'])}")
    else:
        pcsc = "running" if status["pcsc"] == "available" else "not running"
        lines.append(f"PKCS#11 module: {status['module']} (smart card service {pcsc})")
        if status.get("module_reason"):
            lines.append(f"  chosen because: {status['module_reason']}")
        if not status["readers"]:
            lines.append("Readers: none")
        for reader in status["readers"]:
            state = f"a card, ATR {reader['atr']}" if reader["card_present"] else "no card"
            lines.append(f"Reader: {reader['name']}: {state}")
        if not status["cards"]:
            lines.append("Cards: none")
        for card in status["cards"]:
            lines.append(f"Card {card['serial']} ({card['layout']}) in {card['reader']}: {card['verdict']}")
            lines += [_pin_line(token) for token in card["tokens"]]
            for cert in card["certificates"]:
                lines.append(
                    f"  {cert['purpose']} {cert['generation']} {cert['hsa_id']} to {cert['not_after'][:10]}"
                    f" slot {cert['slot']} {cert['issuer']}"
                )
    lines.append("")
    lines.append(_issuer_line(data["issuer"]))
    journals = data["journals"]
    lines.append(f"Journals in {data['journal_directory']}: {len(journals) if journals else 'none'}")
    for journal in journals:
        if "unreadable" in journal:
            lines.append(f"  {journal['file']}: unreadable ({journal['unreadable']})")
            continue
        pairs = ", ".join(f"{p['purpose']}={p['state']}" for p in journal["pairs"])
        lines.append(f"  card {journal['card_serial']}: {journal['phase']} ({pairs}) updated {journal['updated_at']}")
        if journal.get("last_error"):
            lines.append(f"    last error: {_error_text(journal['last_error'])}")
    tail = data["log_tail"]
    lines += ["", f"Log ({data['log_file']}), last {len(tail)} lines:" if tail else f"Log ({data['log_file']}): empty"]
    lines += tail
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
