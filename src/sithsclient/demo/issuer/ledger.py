"""What the practice service issued: one JSON line per event, appended, never rewritten.

No database: a trainer can read the file, and a restarted service knows which transaction ids it has used,
so it never issues twice for one transaction even across restarts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sithsclient.pki.issued import hsa_id_of


class Ledger:
    FILE_NAME = "issued.jsonl"

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / self.FILE_NAME
        self._lock = threading.Lock()
        self._used = {entry["transaction_id"] for entry in self.entries() if "transaction_id" in entry}

    def entries(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if line:
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by a crash; the rest still counts

    def used(self, transaction_id: bytes) -> bool:
        with self._lock:
            return transaction_id.hex() in self._used

    def _append(self, entry: dict[str, Any]) -> None:
        entry = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **entry}
        with self._lock:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
            if "transaction_id" in entry:
                self._used.add(entry["transaction_id"])

    def issued(
        self,
        transaction_id: bytes,
        certificate: x509.Certificate,
        *,
        purpose: str,
        replaces: x509.Certificate | None,
        fault: str,
        order: str | None = None,
    ) -> None:
        """`replaces` for a key update; `order` (its reference, never its code) for an initial request."""
        entry: dict[str, Any] = {
            "event": "issued",
            "transaction_id": transaction_id.hex(),
            "serial": format(certificate.serial_number, "x"),
            "subject": certificate.subject.rfc4514_string(),
            "hsa_id": hsa_id_of(certificate.subject),
            "purpose": purpose,
        }
        if replaces is not None:
            entry["replaces_serial"] = format(replaces.serial_number, "x")
        if order is not None:
            entry["order"] = order
        entry["fault"] = fault
        entry["certificate"] = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        self._append(entry)

    def settled(self, transaction_id: bytes, event: str, reason: str = "") -> None:
        """`event` is "confirmed", "implicitly_confirmed" or "rejected_by_client"."""
        self._append({"event": event, "transaction_id": transaction_id.hex(), "reason": reason})

    def refused(self, transaction_id: bytes, reason: str) -> None:
        self._append({"event": "refused", "transaction_id": transaction_id.hex(), "reason": reason})
