"""Orders for a first certificate pair from another organisation, as that organisation's card office makes them.

An employee of two organisations keeps their own card and adds ONE extra certificate pair from the other
organisation (seeds 000 and 003). The other organisation's card office registers an order (the holder's name and
their HSA-ID in that organisation) and hands the holder a reference and a one-time code; the holder proves
themselves with these, not with the card's certificates (RFC 9483 4.1.5, MAC-based protection).

- One JSON file per order in `state/orders/`, so that `sithsclient issuer order` can add one while the service
  runs, and the service rewrites only the order it is using.
- The code is good once for each certificate of the order (authentication, signature); once every one is
  issued and confirmed, or after `MAX_FAILURES` wrong codes, the order is closed and the code is erased from the
  file: it then exists nowhere. A certificate settled as not valid (rejected, revoked, not confirmed in time)
  gives its place in the order back, so the holder can fetch it again with the same code. Until the order is
  closed the code is kept in clear, as the service must have it to check a MAC; the file is readable by its
  owner only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography import x509

from sithsclient.demo.hierarchy import Holder
from sithsclient.pki.model import Purpose

ORDER_ORGANISATION = "Kommun Övning"  # the "other organisation" of practice mode
PAIR = (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
MAX_FAILURES = 5
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: the holder types these
_REFERENCE = re.compile(r"ORD-[A-Z2-9]{8}")
_HSA_ID = re.compile(r"SE\d{10}-[A-Za-z0-9]+")


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_secret() -> str:
    """12 characters from 32 (60 bits), in groups of four: "K7QM-3XRT-9PLA". The dashes are part of the code."""
    return "-".join(_random(4) for _ in range(3))


def valid_hsa_id(text: str) -> bool:
    return _HSA_ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Order:
    """One order. `secret` is None once the order is closed (used up or blocked); it stays out of repr()."""

    reference: str
    holder: Holder
    purposes: tuple[Purpose, ...]
    secret: str | None = field(repr=False)
    used: tuple[Purpose, ...] = ()
    failures: int = 0
    created: str = ""
    confirmed: tuple[Purpose, ...] = ()  # used, and the holder confirmed the certificate

    @property
    def subject(self) -> x509.Name:
        return self.holder.subject()

    @property
    def blocked(self) -> bool:
        return self.failures >= MAX_FAILURES

    @property
    def open_purposes(self) -> tuple[Purpose, ...]:
        return tuple(p for p in self.purposes if p not in self.used)

    @property
    def done(self) -> bool:
        return all(p in self.confirmed for p in self.purposes)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "holder": {
                "given_name": self.holder.given_name,
                "surname": self.holder.surname,
                "hsa_id": self.holder.hsa_id,
                "organisation": self.holder.organisation,
            },
            "purposes": [p.value for p in self.purposes],
            "secret": self.secret,
            "used": [p.value for p in self.used],
            "failures": self.failures,
            "created": self.created,
            "confirmed": [p.value for p in self.confirmed],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Order:
        return cls(
            reference=str(data["reference"]),
            holder=Holder(**{k: str(v) for k, v in data["holder"].items()}),
            purposes=tuple(Purpose(p) for p in data["purposes"]),
            secret=data.get("secret"),
            used=tuple(Purpose(p) for p in data.get("used", [])),
            failures=int(data.get("failures", 0)),
            created=str(data.get("created", "")),
            confirmed=tuple(Purpose(p) for p in data.get("confirmed", [])),
        )


def order_settled(book: OrderBook, issued: dict[str, Any], event: str) -> None:
    """The ledger's word on a certificate (ledger.py), passed on to the order it was issued for, if any."""
    if issued.get("order"):
        valid = event in ("confirmed", "implicitly_confirmed")
        book.settled(str(issued["order"]), Purpose(issued["purpose"]), valid=valid)


class OrderBook:
    DIRECTORY = "orders"

    def __init__(self, state: Path) -> None:
        self.directory = state / self.DIRECTORY
        self._lock = threading.Lock()

    def _path(self, reference: str) -> Path | None:
        # The reference comes from a request's senderKID: only our own format may become a file name.
        return self.directory / f"{reference}.json" if _REFERENCE.fullmatch(reference) else None

    def _write(self, order: Order, *, new: bool = False) -> None:
        path = self._path(order.reference)
        assert path is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = (json.dumps(order.to_json(), ensure_ascii=False, indent=1) + "\n").encode()
        if new:
            # O_EXCL: a reference is never reused, not even by another process making an order at the same time.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        else:
            temporary = path.with_suffix(".tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        if not new:
            os.replace(temporary, path)

    def create(self, holder: Holder, purposes: Iterable[Purpose] = PAIR) -> Order:
        """A new order with a fresh reference and one-time code."""
        wanted = tuple(dict.fromkeys(purposes))
        if not wanted or any(p not in PAIR for p in wanted):
            raise ValueError("an order is for the authentication and/or the signature certificate")
        if not valid_hsa_id(holder.hsa_id):
            raise ValueError(f"{holder.hsa_id!r} is not an HSA-ID (like SE2321000131-S000000012345)")
        while True:
            order = Order(
                reference=f"ORD-{_random(8)}",
                holder=holder,
                purposes=wanted,
                secret=new_secret(),
                created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
            try:
                self._write(order, new=True)
            except FileExistsError:
                continue
            return order

    def get(self, reference: str) -> Order | None:
        path = self._path(reference)
        if path is None or not path.exists():
            return None
        return Order.from_json(json.loads(path.read_text(encoding="utf-8")))

    def orders(self) -> list[Order]:
        if not self.directory.exists():
            return []
        return [o for p in sorted(self.directory.glob("ORD-*.json")) if (o := self.get(p.stem)) is not None]

    def failed(self, reference: str) -> Order:
        """One more wrong code; the order is blocked, and its code erased, at `MAX_FAILURES`."""
        with self._lock:
            order = self.get(reference)
            assert order is not None
            order = replace(order, failures=order.failures + 1)
            if order.blocked:
                order = replace(order, secret=None)
            self._write(order)
            return order

    def use(self, reference: str, purpose: Purpose) -> Order:
        """Takes the order's certificate for `purpose`, once only (LookupError after, until `settled` gives it back)."""
        with self._lock:
            order = self.get(reference)
            if order is None or order.secret is None or order.blocked or purpose not in order.open_purposes:
                raise LookupError(f"order {reference} has no open {purpose.value} certificate")
            order = replace(order, used=(*order.used, purpose))
            self._write(order)
            return order

    def settled(self, reference: str, purpose: Purpose, *, valid: bool) -> None:
        """The certificate taken for `purpose` was confirmed (the code is erased with the order's last one), or
        settled as not valid: its place in the order is given back."""
        with self._lock:
            order = self.get(reference)
            if order is None or purpose not in order.used:
                return
            if valid:
                order = replace(order, confirmed=tuple(dict.fromkeys((*order.confirmed, purpose))))
                if order.done:
                    order = replace(order, secret=None)
            elif purpose not in order.confirmed:
                order = replace(order, used=tuple(p for p in order.used if p is not purpose))
            self._write(order)
