"""The per-card journal: what an upgrade has done so far, so any step can resume (docs/design.md, invariant 3).

One JSON file per card serial in the user's data directory, written atomically (temp file, fsync, rename).
It holds no secret: key ids, certificate fingerprints and the issued certificates (public data). A file that
cannot be read is moved aside, never deleted, and the card itself then decides what is left to do.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from sithsclient.pki.model import Purpose

log = logging.getLogger(__name__)

VERSION = 1
# Windows refuses to replace or rename a file while another handle has it open (a support tool reading the
# journal, an antivirus scan): such readers let go within moments, so a replace is tried again for this long.
REPLACE_TIMEOUT = 5.0


class PairState(StrEnum):
    PLANNED = "planned"  # a key id chosen, written here before the key is generated
    KEY_READY = "key_ready"  # the new key pair is on the card
    RECEIVED = "received"  # the certificate is below, not yet confirmed: `pending` names its open transaction
    FETCHED = "fetched"  # the issuing service answered and the certificate is confirmed, not yet on the card
    INSTALLED = "installed"  # on the card, read back and proven by a test signature
    OLD_DELETED = "old_deleted"


class Kind(StrEnum):
    """What a journal is of: the upgrade of the card's own pairs, an extra pair from another organisation, or the
    renewal of the card's own current pairs. Each has its own file per card, so that none reads another's steps."""

    UPGRADE = "upgrade"
    EXTRA = "extra"
    RENEWAL = "renewal"
    FETCH = "fetch"  # a certificate the card lacks, fetched later (fetch_plan.py)


class Phase(StrEnum):
    RUNNING = "running"
    DONE = "done"


@dataclass
class PairRecord:
    purpose: Purpose
    old_key_id: str  # hex
    old_cert_sha256: str
    new_key_id: str | None = None
    issued_cert_der_b64: str | None = None
    state: PairState = PairState.PLANNED
    # While RECEIVED: the transaction the certificate came in ("transaction_id", "server_nonce", hex), so that
    # its certConf is sent in it after a pull or a kill, and it is never asked for again.
    pending: dict[str, str] | None = None
    profile: str = ""  # the certProfile of the service's set (pki/card_set.py); "": the one of the old pair
    subject_serial: str = ""  # the serialNumber that profile's template named (a personnummer); "": the old one's

    @property
    def issued_cert(self) -> x509.Certificate | None:
        if not self.issued_cert_der_b64:
            return None
        return x509.load_der_x509_certificate(base64.b64decode(self.issued_cert_der_b64))

    def set_issued(self, cert: x509.Certificate) -> None:
        self.issued_cert_der_b64 = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()

    def unsettled(self, why: str) -> dict[str, str] | None:
        """This pair's certificate, if the service issued it and it is not on the card, as `Journal.unsettled`
        keeps it: for an attempt given up, whose certificate must be revoked before its key goes."""
        issued = self.state in (PairState.RECEIVED, PairState.FETCHED)
        if not issued or not self.issued_cert_der_b64 or not self.new_key_id:
            return None
        return {"certificate": self.issued_cert_der_b64, "key_id": self.new_key_id, "why": why}


@dataclass
class Journal:
    card_serial: str
    hsa_id: str
    pairs: list[PairRecord]
    version: int = VERSION
    phase: Phase = Phase.RUNNING
    started_at: str = field(default_factory=lambda: _now())
    updated_at: str = field(default_factory=lambda: _now())
    terms_accepted_at: str | None = None
    abandoned_key_ids: list[str] = field(default_factory=list)  # new keys of attempts given up: delete
    last_error: dict[str, str] | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    kind: Kind = Kind.UPGRADE
    reference: str | None = None  # an extra pair's order; its one-time code is never written
    # Certificates the service issued that will never be installed (an attempt given up): each is revoked, signed
    # by its own key, before that key may be deleted ("certificate", "key_id", "purpose", "why").
    unsettled: list[dict[str, str]] = field(default_factory=list)
    # Old key ids deleted in the clean-up with no new certificate in their place (a set smaller than the old one)
    retired_key_ids: list[str] = field(default_factory=list)
    card_set: str = ""  # the set's name and where it came from ("four, service"): for IT support

    def pair(self, purpose: Purpose) -> PairRecord | None:
        return next((p for p in self.pairs if p.purpose is purpose), None)

    def note(self, what: str) -> None:
        self.history.append({"at": _now(), "what": what})
        del self.history[:-50]  # bounded: it is for IT support's eyes, not an audit log

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Journal:
        """The journal in `data` (parsed JSON), or ValueError/KeyError/TypeError for anything the program did not
        write: a journal that loads must hold what the engine reads from it, in the declared types, so that a
        damaged file is set aside here rather than failing later, half-way through a resumed upgrade."""
        if not isinstance(data, dict):
            raise TypeError(f"a journal is a JSON object, not {type(data).__name__}")
        if data.get("version") != VERSION:
            raise ValueError(f"unknown journal version {data.get('version')!r}")
        pairs = [
            PairRecord(
                purpose=Purpose(p["purpose"]),
                old_key_id=str(p["old_key_id"]),
                old_cert_sha256=str(p["old_cert_sha256"]),
                new_key_id=_key_id(p.get("new_key_id")),
                issued_cert_der_b64=_certificate(p.get("issued_cert_der_b64")),
                state=PairState(p["state"]),
                pending=None if p.get("pending") is None else _texts(p["pending"]),
                profile=str(p.get("profile", "")),
                subject_serial=str(p.get("subject_serial", "")),
            )
            for p in _list(data["pairs"], dict)
        ]
        return cls(
            card_serial=str(data["card_serial"]),
            hsa_id=str(data["hsa_id"]),
            pairs=pairs,
            version=VERSION,
            phase=Phase(data["phase"]),
            started_at=str(data["started_at"]),
            updated_at=str(data["updated_at"]),
            terms_accepted_at=_optional_text(data.get("terms_accepted_at")),
            abandoned_key_ids=[str(k) for k in _list(data.get("abandoned_key_ids", []), str)],
            last_error=None if data.get("last_error") is None else _texts(data["last_error"]),
            history=[_texts(entry) for entry in _list(data.get("history", []), dict)],
            kind=Kind(data.get("kind", Kind.UPGRADE)),
            reference=_optional_text(data.get("reference")),
            unsettled=[_unsettled(entry) for entry in _list(data.get("unsettled", []), dict)],
            retired_key_ids=[str(k) for k in _list(data.get("retired_key_ids", []), str)],
            card_set=str(data.get("card_set", "")),
        )


def _list(value: Any, item: type) -> list[Any]:
    if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
        raise TypeError(f"a list of {item.__name__} expected, not {value!r:.80}")
    return value


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError(f"an object of texts expected, not {value!r:.80}")
    return value


def _optional_text(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"a text expected, not {value!r:.80}")
    return value


def _key_id(value: Any) -> str | None:
    """A key id in hex, as the engine turns it back into bytes."""
    text = _optional_text(value)
    if text is not None:
        bytes.fromhex(text)
    return text


def _certificate(value: Any) -> str | None:
    """An issued certificate, proven readable now, its key too: the engine installs it from here and compares
    its key with the card's. cryptography's InvalidVersion and UnsupportedAlgorithm are not ValueErrors."""
    text = _optional_text(value)
    if text:
        try:
            x509.load_der_x509_certificate(base64.b64decode(text, validate=True)).public_key()
        except (x509.InvalidVersion, UnsupportedAlgorithm) as exc:
            raise ValueError(f"the issued certificate cannot be read: {exc}") from exc
    return text


def _unsettled(value: Any) -> dict[str, str]:
    entry = _texts(value)
    _certificate(entry["certificate"])
    _key_id(entry["key_id"])
    return entry


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def default_directory() -> Path:
    return Path(platformdirs.user_data_dir("sithsclient", appauthor=False)) / "journal"


# A journal with two pairs and their certificates is a few KB; the check writes several times that, so that a
# disk with only a few bytes free is found too.
WRITE_CHECK_BYTES = 64 * 1024


class JournalStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_directory()
        self.set_aside: list[Path] = []  # corrupt files moved away during this run, for the report

    def path(self, serial: str, kind: Kind = Kind.UPGRADE) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", serial) or "unknown"
        return self.directory / (f"{safe}.json" if kind is Kind.UPGRADE else f"{safe}.{kind.value}.json")

    def load(self, serial: str, kind: Kind = Kind.UPGRADE) -> Journal | None:
        path = self.path(serial, kind)
        if not path.exists():
            return None
        try:
            journal = Journal.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError, OSError, RecursionError) as exc:  # RecursionError: deep nesting
            aside = path.with_name(f"{path.stem}.corrupt-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json")
            try:
                _replace(path, aside)
            except OSError as held:
                log.warning("journal %s could not be read (%s) nor set aside (%s); the card decides", path, exc, held)
                return None
            self.set_aside.append(aside)
            log.warning("journal %s could not be read (%s); kept as %s, the card decides", path, exc, aside)
            return None
        if journal.card_serial != serial or journal.kind is not kind:
            log.warning("journal %s belongs to card %s, not %s; ignored", path, journal.card_serial, serial)
            return None
        return journal

    def own(self, serial: str) -> str:
        """The card's own HSA-ID as its last renewal or its upgrade journalled it; "" when no journal here says."""
        for kind in (Kind.RENEWAL, Kind.UPGRADE):
            journal = self.load(serial, kind)
            if journal is not None and journal.hsa_id:
                return journal.hsa_id
        return ""

    def check_writable(self) -> None:
        """Write, flush and remove a file the size of a few journals in the journal folder: a read-only or full
        disk shows here, before the card is touched, not half-way through an upgrade. Raises OSError."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=self.directory, prefix="write-check", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"\0" * WRITE_CHECK_BYTES)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            Path(probe).unlink(missing_ok=True)

    def save(self, journal: Journal) -> None:
        journal.updated_at = _now()
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path(journal.card_serial, journal.kind)
        data = json.dumps(journal.to_json(), indent=2, ensure_ascii=False).encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=target.stem, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            _replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_directory(self.directory)

    def remove(self, serial: str, kind: Kind = Kind.UPGRADE) -> None:
        self.path(serial, kind).unlink(missing_ok=True)


def _replace(source: str | Path, target: Path) -> None:
    """os.replace, tried again while Windows says the file is in use (PermissionError: sharing violation or
    access denied). POSIX replaces an open file at once, so there it is one call."""
    deadline = time.monotonic() + REPLACE_TIMEOUT
    delay = 0.01
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _fsync_directory(directory: Path) -> None:
    """The rename itself must survive a power cut (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
