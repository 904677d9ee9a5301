"""The report IT support asks for on the phone, and the support bundle a user can attach to a ticket.

It holds versions, configuration, module, readers, cards and their objects, journal state, whether the issuing
service answers, and the recent log. It never holds a PIN: none is asked for, and none is ever logged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sithsclient import advice, catalogue, codes, logs
from sithsclient import config as config_mod
from sithsclient import status as status_mod
from sithsclient.card.errors import CardError
from sithsclient.card.module import ENV_MODULE
from sithsclient.card.source import CardSource, Pkcs11Source
from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.installation import runbook_link as runbook_link  # re-exported: the dialog links the runbook
from sithsclient.installation import versions as versions  # re-exported: the wizard logs them at start
from sithsclient.pki.card_set import Source
from sithsclient.upgrade.journal import JournalStore

CONTEXT = "Diagnostics"  # the text report's words in the catalogue (as_text); the JSON's keys and values stay English
LOG_TAIL_LINES = 200


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
                card_set=data.get("card_set", ""),  # which certificates, and whether the service said so
                history=history[-10:] if isinstance(history, list) else [],
            )
        except (OSError, ValueError, RecursionError) as exc:  # RecursionError: nesting too deep for json
            entry["unreadable"] = str(exc)
        out.append(entry)
    return out


NO_ISSUER = QT_TRANSLATE_NOOP("Diagnostics", "no issuing service configured")


def _issuer(cfg: config_mod.Config) -> dict[str, Any]:
    if not cfg.issuer_url:
        return {"url": None, "reachable": None, "detail": NO_ISSUER}
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


CARDS_NOT_READ = QT_TRANSLATE_NOOP(
    "Diagnostics", "not read now: an upgrade that waits for the user's answer has the card (see its journal)"
)
CARDS_READ_BEFORE = QT_TRANSLATE_NOOP(
    "Diagnostics",
    "Cards as read before the run began (not read now: the run waits for the person's answer and has the card):",
)


def report(
    cfg: config_mod.Config,
    journal_store: JournalStore | None = None,
    *,
    read_cards: bool = True,
    source: CardSource | None = None,
    read_before: dict[str, Any] | None = None,
    run: dict[str, str] | None = None,
    practice: bool = False,
) -> dict[str, Any]:
    """Everything IT support asks for. read_cards=False while a run holds the card (the wizard's PIN and
    terms pages): reading it then could end the run's PKCS#11 session; `read_before` (status.to_json's shape)
    is then what the wizard read before the run, and `run` says which run waits for what (operation,
    card_serial, waiting_for). `source`: where the cards are (practice mode's in-process card), as the wizard's."""
    store = journal_store or JournalStore()
    data: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "config": _config_json(cfg),
        "journal_directory": str(store.directory),
        "log_file": str(logs.log_file()),
    }
    if practice:
        data["practice"] = True
    try:
        if not read_cards:
            raise _NotRead()
        status = status_mod.gather(cfg.module, None, cfg.management_key, source=source)
        data["status"] = status_mod.to_json(status)
        data["objects"] = {
            entry.card.serial: [
                {"role": c.role.value, "key_id": c.key_id_hex, "label": c.label, "subject": c.info.subject}
                for c in entry.certificates
            ]
            for entry in status.cards
        }
    except _NotRead:
        data["status"] = (
            {"skipped": CARDS_NOT_READ} if read_before is None else {**read_before, "read_before_run": True}
        )
    except CardError as exc:
        data["status"] = {"error": {"code": exc.code, "message": exc.message}}
    if source is not None and not isinstance(source, Pkcs11Source):
        data["status"]["in_program"] = True  # no card software, no smart card service: a reader in the program
    if run is not None:
        data["run"] = run
    data["journals"] = _journals(store)
    data["issuer"] = _issuer(cfg)
    data["last_errors"] = [j["last_error"] for j in data["journals"] if j.get("last_error")]
    data["log_tail"] = log_tail()
    return data


_NOT_SET = {
    "module": QT_TRANSLATE_NOOP("Diagnostics", "not set: the card software's usual places on this system are tried"),
    "issuer_url": QT_TRANSLATE_NOOP("Diagnostics", "not set"),
    "tls_ca_bundle": QT_TRANSLATE_NOOP("Diagnostics", "not set: the system's trust store"),
    "language": QT_TRANSLATE_NOOP("Diagnostics", "not set: the system's"),
    "card_office": QT_TRANSLATE_NOOP("Diagnostics", "not set: the person is told to contact their local card office"),
    "it_support": QT_TRANSLATE_NOOP("Diagnostics", "not set: the person is told to contact their local IT support"),
    "terms": QT_TRANSLATE_NOOP("Diagnostics", "not set: the program's own summary of the SITHS terms"),
}


# The journal's set, by where it came from (None: a text from another version, shown as it is)
_CARD_SET = {
    Source.SERVICE: QT_TRANSLATE_NOOP("Diagnostics", "    certificates: {name} ({profiles}), from the issuing service"),
    Source.CONFIGURATION: QT_TRANSLATE_NOOP(
        "Diagnostics",
        "    certificates: {name}, from the configuration (card_set): the issuing service did not say ({reason})",
    ),
    None: QT_TRANSLATE_NOOP("Diagnostics", "    certificates: {set}"),
}


class _Say:
    """The report's words in one language, from the catalogue the terminal reads too (context "Diagnostics");
    the facts (paths, serials, stable codes and values, the layers' details) go in as they are."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.catalogue = catalogue.for_language(language)

    def __call__(self, english: str, **values: object) -> str:
        text = self.catalogue.translate(CONTEXT, english)
        return text.format(**values) if values else text

    def card_set(self, kept: str) -> str:
        """The journal's set (kept in English by upgrade/card_sets.py) in this language; the set's name, its
        profiles and the service's answer are facts and go in as they are."""
        from sithsclient.upgrade.card_sets import described

        source, values = described(kept) or (None, {"set": kept})
        return self(_CARD_SET[source], **values)

    def setting(self, name: str, value: Any) -> str:
        """A configuration value as a person reads it: words for "not set", lists joined."""
        if value is None or value == "":
            return self(_NOT_SET.get(name, _NOT_SET["issuer_url"]))
        if isinstance(value, list):
            return "; ".join(str(v) for v in value) if value else self(QT_TRANSLATE_NOOP("Diagnostics", "none"))
        return str(value)

    def error(self, error: Any) -> str:
        """A stopped run's code: its one sentence (codes.py) in this language, the code, where the runbook
        explains it."""
        if not isinstance(error, dict):
            return str(error)
        code = str(error.get("code", "?"))
        known = codes.find(code)
        sentence = self.catalogue.translate("Texts", known.says) if known else str(error.get("message", ""))
        link = runbook_link(code, self.language)
        return self(
            QT_TRANSLATE_NOOP("Diagnostics", "{sentence} [{code}] (runbook: {link})"),
            sentence=sentence,
            code=code,
            link=link,
        ).strip()


# How the report names a layer that has no file name of its own.
_ORIGIN_WORDS = {
    config_mod.POLICY_SOURCE: QT_TRANSLATE_NOOP("Diagnostics", "group policy, {source}"),
    config_mod.REGISTRY_SOURCE: QT_TRANSLATE_NOOP("Diagnostics", "the installer's settings, {source}"),
    config_mod.COMMAND_LINE: QT_TRANSLATE_NOOP("Diagnostics", "command line"),
}


def _config_lines(config: dict[str, Any], say: _Say) -> list[str]:
    sources = config.get("sources") or []
    read_from = (
        "; ".join(sources)
        if sources
        else say(QT_TRANSLATE_NOOP("Diagnostics", "no file or registry value: the defaults"))
    )
    lines = [say(QT_TRANSLATE_NOOP("Diagnostics", "  read from: {sources}"), sources=read_from)]
    origins = config.get("origins") or {}
    for name, value in config.items():
        if name not in ("sources", "module_from_environment", "origins"):
            origin = origins.get(name)
            where = ""
            if origin and origin != "default":
                named = say(_ORIGIN_WORDS[origin], source=origin) if origin in _ORIGIN_WORDS else origin
                where = say(QT_TRANSLATE_NOOP("Diagnostics", " (from {origin})"), origin=named)
            lines.append(f"  {name}: {say.setting(name, value)}{where}")
    if config.get("module_from_environment"):
        lines.append(
            say(
                QT_TRANSLATE_NOOP("Diagnostics", "  module from the environment ({variable}): {module}"),
                variable=ENV_MODULE,
                module=config["module_from_environment"],
            )
        )
    return lines


def _issuer_line(issuer: dict[str, Any], say: _Say) -> str:
    if issuer["reachable"] is None:
        detail = say(NO_ISSUER) if issuer["detail"] == NO_ISSUER else issuer["detail"]
        return say(QT_TRANSLATE_NOOP("Diagnostics", "Issuing service: not checked ({detail})"), detail=detail)
    if issuer["reachable"]:
        sentence = QT_TRANSLATE_NOOP("Diagnostics", "Issuing service: {url}: answers ({detail})")
    else:
        sentence = QT_TRANSLATE_NOOP("Diagnostics", "Issuing service: {url}: does not answer ({detail})")
    return say(sentence, url=issuer["url"], detail=issuer["detail"])


def _pin_line(token: dict[str, Any], say: _Say) -> str:
    tries = token.get("tries_left")
    if not isinstance(tries, int):
        return say(QT_TRANSLATE_NOOP("Diagnostics", "  PIN {pin}: {state}"), pin=token["pin"], state=token["pin_state"])
    sentence = (
        QT_TRANSLATE_NOOP("Diagnostics", "  PIN {pin}: {state}, 1 try left")
        if tries == 1
        else QT_TRANSLATE_NOOP("Diagnostics", "  PIN {pin}: {state}, {tries} tries left")
    )
    return say(sentence, pin=token["pin"], state=token["pin_state"], tries=tries)


def as_text(data: dict[str, Any], language: str = "en") -> str:
    """The report for reading aloud on the phone, in the run's language (the person's, so IT support and the
    person read the same words; `--lang en` for a vendor): every value in words, none as a Python value."""
    say = _Say(language)
    lines = [say(QT_TRANSLATE_NOOP("Diagnostics", "sithsclient diagnostics, {when}"), when=data["generated_at"]), ""]
    if data.get("practice"):
        lines += [say(PRACTICE_MODE), ""]
    lines += [f"{k}: {v}" for k, v in data["versions"].items()]
    lines += ["", say(QT_TRANSLATE_NOOP("Diagnostics", "Configuration:")), *_config_lines(data["config"], say)]
    lines += ["", *_card_lines(data["status"], say), ""]
    lines.append(_issuer_line(data["issuer"], say))
    journals = data["journals"]
    if data.get("run"):
        lines.append(_run_line(data["run"], journals, say))
    count = str(len(journals)) if journals else say(QT_TRANSLATE_NOOP("Diagnostics", "none"))
    lines.append(
        say(
            QT_TRANSLATE_NOOP("Diagnostics", "Journals in {folder}: {count}"),
            folder=data["journal_directory"],
            count=count,
        )
    )
    for journal in journals:
        if "unreadable" in journal:
            lines.append(
                say(
                    QT_TRANSLATE_NOOP("Diagnostics", "  {file}: unreadable ({why})"),
                    file=journal["file"],
                    why=journal["unreadable"],
                )
            )
            continue
        pairs = ", ".join(f"{p['purpose']}={p['state']}" for p in journal["pairs"])
        lines.append(
            say(
                QT_TRANSLATE_NOOP("Diagnostics", "  card {serial}: {phase} ({pairs}) updated {when}"),
                serial=journal["card_serial"],
                phase=journal["phase"],
                pairs=pairs,
                when=journal["updated_at"],
            )
        )
        if journal.get("card_set"):
            lines.append(say.card_set(str(journal["card_set"])))
        if journal.get("last_error"):
            lines.append(
                say(QT_TRANSLATE_NOOP("Diagnostics", "    last error: {error}"), error=say.error(journal["last_error"]))
            )
    tail = data["log_tail"]
    log_line = (
        say(
            QT_TRANSLATE_NOOP("Diagnostics", "Log ({file}), last {count} lines:"),
            file=data["log_file"],
            count=len(tail),
        )
        if tail
        else say(QT_TRANSLATE_NOOP("Diagnostics", "Log ({file}): empty"), file=data["log_file"])
    )
    lines += ["", log_line, *tail]
    return "\n".join(lines) + "\n"


PRACTICE_MODE = QT_TRANSLATE_NOOP(
    "Diagnostics", "Practice mode: a practice card and a practice issuing service (sithsclient demo), no real card."
)
_WAITING_FOR = {
    "pins": QT_TRANSLATE_NOOP("Diagnostics", "the PIN codes"),
    "terms": QT_TRANSLATE_NOOP("Diagnostics", "the terms"),
    "final_try": QT_TRANSLATE_NOOP("Diagnostics", "whether to use the last PIN try"),
    "unblock": QT_TRANSLATE_NOOP("Diagnostics", "the PUK code and a new PIN code"),
}


def _run_line(run: dict[str, str], journals: list[dict[str, Any]], say: _Say) -> str:
    """The run that waits for the person: which, on which card, for what, and where its journal is."""
    waiting = run.get("waiting_for", "")
    line = say(
        QT_TRANSLATE_NOOP(
            "Diagnostics", "Under way: {operation} of card {serial}, waiting for the person's answer: {what}."
        ),
        operation=run.get("operation", ""),
        serial=run.get("card_serial", ""),
        what=say(_WAITING_FOR[waiting]) if waiting in _WAITING_FOR else waiting,
    )
    if not any(j.get("card_serial") == run.get("card_serial") for j in journals):
        line += " " + say(QT_TRANSLATE_NOOP("Diagnostics", "Its journal is written once the terms are accepted."))
    return line


def _card_lines(status: dict[str, Any], say: _Say) -> list[str]:
    cards = QT_TRANSLATE_NOOP("Diagnostics", "Cards: {cards}")
    if "skipped" in status:
        return [say(cards, cards=say(status["skipped"]))]
    if "error" in status:
        return [say(cards, cards=say.error(status["error"]))]
    lines = [say(CARDS_READ_BEFORE)] if status.get("read_before_run") else []
    if status.get("in_program"):
        lines.append(
            say(QT_TRANSLATE_NOOP("Diagnostics", "Card software: none; the card is in a reader inside the program"))
        )
    else:
        lines.append(
            say(
                QT_TRANSLATE_NOOP("Diagnostics", "PKCS#11 module: {module} (smart card service running)")
                if status["pcsc"] == "available"
                else QT_TRANSLATE_NOOP("Diagnostics", "PKCS#11 module: {module} (smart card service not running)"),
                module=status["module"],
            )
        )
    if status.get("module_reason") and not status.get("in_program"):
        lines.append(
            say(
                QT_TRANSLATE_NOOP("Diagnostics", "  chosen because: {reason}"),
                reason=status_mod.module_words(status["module_reason"], say.language),
            )
        )
    if not status["readers"]:
        lines.append(say(QT_TRANSLATE_NOOP("Diagnostics", "Readers: none")))
    for reader in status["readers"]:
        state = (
            say(QT_TRANSLATE_NOOP("Diagnostics", "a card, ATR {atr}"), atr=reader["atr"])
            if reader["card_present"]
            else say(QT_TRANSLATE_NOOP("Diagnostics", "no card"))
        )
        lines.append(say(QT_TRANSLATE_NOOP("Diagnostics", "Reader: {name}: {state}"), name=reader["name"], state=state))
    if not status["cards"]:
        lines.append(say(cards, cards=say(QT_TRANSLATE_NOOP("Diagnostics", "none"))))
    for card in status["cards"]:
        lines.append(
            say(
                QT_TRANSLATE_NOOP("Diagnostics", "Card {serial} ({layout}) in {reader}: {verdict}"),
                serial=card["serial"],
                layout=card["layout"],
                reader=card["reader"],
                verdict=card["verdict"],
            )
        )
        lines += [_pin_line(token, say) for token in card["tokens"]]
        for cert in card["certificates"]:
            lines.append(
                say(
                    QT_TRANSLATE_NOOP(
                        "Diagnostics", "  {purpose} {generation} {hsa_id} to {date} slot {slot} {issuer}"
                    ),
                    purpose=cert["purpose"],
                    generation=cert["generation"],
                    hsa_id=cert["hsa_id"],
                    date=cert["not_after"][:10],
                    slot=cert["slot"],
                    issuer=cert["issuer"],
                )
            )
    return lines


def write_bundle(
    path: Path, data: dict[str, Any], journal_store: JournalStore | None = None, language: str = "en"
) -> Path:
    """A zip with the report (JSON, and text in `language`), the log files and the journals. No PIN is in any
    of them."""
    store = journal_store or JournalStore()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("report.json", json.dumps(data, indent=2, ensure_ascii=False))
        bundle.writestr("report.txt", as_text(data, language))
        for name, file in _files(logs.log_directory().glob("sithsclient.log*"), "logs"):
            bundle.write(file, name)
        if store.directory.exists():
            for name, file in _files(store.directory.glob("*.json"), "journal"):
                bundle.write(file, name)
    return path


def _files(paths: Iterable[Path], folder: str) -> list[tuple[str, Path]]:
    return [(f"{folder}/{p.name}", p) for p in sorted(paths) if p.is_file()]
