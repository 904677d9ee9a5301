"""What the practice service issued: one JSON line per event, appended, never rewritten.

No database: a trainer can read the file, and a restarted service knows which transaction ids it has used,
so it never issues twice for one transaction even across restarts.

Each certificate is "issued", then settled once: "confirmed" (certConf), "implicitly_confirmed", "rejected_by_client"
(certConf with status rejection) or "revoked" (an rr, or not confirmed in time: with implicit confirmation off a CA
does not keep a certificate the holder never confirmed, RFC 9483 4.1.1). Valid: issued and neither rejected nor
revoked; a certificate not yet settled counts as valid, as it would at a real CA.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sithsclient.pki.issued import hsa_id_of

SETTLED = ("confirmed", "implicitly_confirmed", "rejected_by_client", "revoked")
NOT_VALID = ("rejected_by_client", "revoked")


class Ledger:
    FILE_NAME = "issued.jsonl"

    def __init__(self, directory: Path, *, clock: Callable[[], float] = time.monotonic) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / self.FILE_NAME
        self._lock = threading.Lock()
        self._clock = clock
        self._used: set[str] = set()
        self._issued: dict[str, dict[str, Any]] = {}  # transaction id → its "issued" entry
        self._last: dict[str, str] = {}  # transaction id → "issued" or how it was settled
        self._open: dict[str, float] = {}  # issued, not yet settled: transaction id → when
        self.on_settled: Callable[[dict[str, Any], str], None] | None = None
        for entry in self.entries():
            self._index(entry)

    def settle_interrupted(self) -> None:
        """At start: transactions live in the service's memory, so those a previous run left unconfirmed ended
        with it. Called once `on_settled` listens (an order gets its place back)."""
        for tid in self.unsettled():
            self.settled(bytes.fromhex(tid), "revoked", "not confirmed: the service stopped before its transaction")

    def _index(self, entry: dict[str, Any]) -> None:
        tid = entry.get("transaction_id")
        if not isinstance(tid, str):
            return
        self._used.add(tid)
        if entry.get("event") == "issued":
            self._issued[tid] = entry
            self._last[tid] = "issued"
            self._open[tid] = self._clock()
        elif entry.get("event") in SETTLED and tid in self._issued:
            self._last[tid] = entry["event"]
            self._open.pop(tid, None)

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
            self._write(entry)
            self._index(entry)

    def _write(self, entry: dict[str, Any]) -> None:
        """One line per event, on disk before the service answers."""
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())

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
        """`event` is one of SETTLED; `on_settled` hears of it with the certificate's "issued" entry."""
        assert event in SETTLED, event
        self._append({"event": event, "transaction_id": transaction_id.hex(), "reason": reason})
        issued = self._issued.get(transaction_id.hex())
        if self.on_settled is not None and issued is not None:
            self.on_settled(issued, event)

    def open_for(self, order: str, purpose: str) -> bytes | None:
        """The transaction of an unsettled certificate issued for `order`'s `purpose`, if there is one."""
        with self._lock:
            for tid, first in self._issued.items():
                if first.get("order") == order and first.get("purpose") == purpose and self._last[tid] == "issued":
                    return bytes.fromhex(tid)
        return None

    def overdue(self, timeout: float) -> list[bytes]:
        """Transactions whose certificate has waited longer than `timeout` seconds for its confirmation."""
        now = self._clock()
        with self._lock:
            return [bytes.fromhex(tid) for tid, at in self._open.items() if now - at > timeout]

    def state(self, transaction_id: bytes) -> str | None:
        """The last word on the certificate of this transaction: "issued" or how it was settled; None: none."""
        with self._lock:
            return self._last.get(transaction_id.hex())

    def unsettled(self) -> list[str]:
        with self._lock:
            return [tid for tid, last in self._last.items() if last == "issued"]

    @staticmethod
    def _certificate(issued: dict[str, Any]) -> x509.Certificate:
        return x509.load_pem_x509_certificate(str(issued["certificate"]).encode("ascii"))

    def find(self, serial: int) -> tuple[bytes, x509.Certificate, str] | None:
        """The certificate this service issued with `serial`: its transaction, itself, its last event."""
        with self._lock:
            found = [(tid, e) for tid, e in self._issued.items() if e.get("serial") == format(serial, "x")]
            if not found:
                return None
            tid, issued = found[0]
            last = self._last[tid]
        return bytes.fromhex(tid), self._certificate(issued), last

    def valid(self) -> dict[int, x509.Certificate]:
        """Every certificate issued and not settled as not valid, by serial number."""
        with self._lock:
            kept = [e for tid, e in self._issued.items() if self._last[tid] not in NOT_VALID]
        return {(cert := self._certificate(e)).serial_number: cert for e in kept}

    def refused(self, transaction_id: bytes, reason: str) -> None:
        self._append({"event": "refused", "transaction_id": transaction_id.hex(), "reason": reason})
