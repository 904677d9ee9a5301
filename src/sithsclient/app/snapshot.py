"""What the first page shows, read in one go on the card queue: readers, cards, PINs, certificates, verdicts.

A snapshot is plain data, so a page can be drawn from it on the GUI thread (and in screenshots) without
touching the card. It is read again on every reader or card event; the PKCS#11 module starts over first,
because some modules (ykcs11) only see a re-inserted card after that (card.module.start_over_all).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sithsclient import status
from sithsclient.card import pcsc
from sithsclient.card.errors import CardError, NoModuleError, PinState, PinStatus
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import CardCertificate
from sithsclient.card.source import CardSource, ListedCard, Pkcs11Source
from sithsclient.config import Config
from sithsclient.pki.inventory import CertificateInfo, assess, holders
from sithsclient.pki.model import Purpose, Verdict
from sithsclient.upgrade.journal import Journal, JournalStore, Kind, Phase

log = logging.getLogger(__name__)

_SHOWN_ORDER = (Purpose.AUTHENTICATION, Purpose.SIGNATURE, Purpose.ENCRYPTION, Purpose.UNKNOWN)


@dataclass(frozen=True)
class UnfinishedRun:
    """A run of one operation on this card that stopped half-way: the engine goes on from its journal."""

    kind: Kind  # whose journal (upgrade/operation.py: each operation has its own)
    last_error_code: str = ""
    reference: str = ""  # the order's, for an operation that has one (an extra pair's)


@dataclass(frozen=True)
class CardSnapshot:
    serial: str
    reader: str
    label: str
    holder: str
    hsa_id: str
    shared_pin: bool
    pins: tuple[tuple[PinRole, PinStatus | None], ...]
    certificates: tuple[CertificateInfo, ...]
    verdict: Verdict
    unfinished: tuple[UnfinishedRun, ...] = ()  # of every operation, as this card's journals say
    extra_hsa_id: str = ""  # the HSA-ID of an extra certificate pair from another organisation, if it has one
    extra_organisation: str = ""
    card: ListedCard | None = field(default=None, compare=False, repr=False)
    # The card as IT support's report shows it (status.to_json's entry), made from this same read: the report
    # can describe the card while a run holds it and it must not be read (the PIN and terms pages).
    report: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def unfinished_run(self, kind: Kind) -> UnfinishedRun | None:
        return next((run for run in self.unfinished if run.kind is kind), None)

    @property
    def pin_blocked(self) -> bool:
        return any(s is not None and s.state is PinState.LOCKED for _r, s in self.pins)


@dataclass(frozen=True)
class ReadersSnapshot:
    pcsc_available: bool
    readers: tuple[pcsc.ReaderState, ...]
    cards: tuple[CardSnapshot, ...]
    module: str = ""
    problem: CardError | None = None  # no module: nothing else can be read
    module_reason: str = ""  # why this module (card/module.py), or where the cards come from (practice mode)

    @property
    def card_in_a_reader(self) -> bool:
        return any(r.card_present for r in self.readers)

    def status_json(self) -> dict[str, Any]:
        """This read in the shape of `status --json` (status.to_json), for IT support's report."""
        return {
            "schema": status.SCHEMA_VERSION,
            "module": self.module,
            "module_reason": self.module_reason,
            "pcsc": "available" if self.pcsc_available else "unavailable",
            "readers": [{"name": r.name, "card_present": r.card_present, "atr": r.atr.hex()} for r in self.readers],
            "cards": [card.report for card in self.cards if card.report],
        }


def card_snapshot(
    card: ListedCard,
    certificates: list[CertificateInfo],
    store: JournalStore | None,
    as_read: Sequence[CardCertificate] = (),
) -> CardSnapshot:
    """`as_read`: the certificates as read (with their key ids), for the report's entry of this card."""
    certs = sorted(certificates, key=lambda c: (_SHOWN_ORDER.index(c.purpose), c.not_after))
    pins: list[tuple[PinRole, PinStatus | None]] = []
    for role in card.pin_roles:
        try:
            pins.append((role, card.pin_status(role)))
        except CardError:
            pins.append((role, None))
    unfinished = [] if store is None else [j for kind in Kind if (j := _unfinished(store, card.serial, kind))]
    holder = next((c.holder_name for c in certs if c.holder_name), "")
    on_card = holders(certs, own="" if store is None else store.own(card.serial))
    hsa_id = on_card[0] if on_card else next((c.hsa_id for c in certs if c.hsa_id), "")
    extra_hsa_id = on_card[1] if len(on_card) > 1 else ""
    extra_organisation = next((c.organisation for c in certs if extra_hsa_id and c.hsa_id == extra_hsa_id), "")
    verdict = assess(certs)
    return CardSnapshot(
        serial=card.serial,
        reader=card.reader,
        label=card.label,
        holder=holder,
        hsa_id=hsa_id,
        shared_pin=card.layout.shared_pin,
        pins=tuple(pins),
        certificates=tuple(certs),
        verdict=verdict.verdict,
        unfinished=tuple(
            UnfinishedRun(j.kind, (j.last_error or {}).get("code", ""), j.reference or "") for j in unfinished
        ),
        extra_hsa_id=extra_hsa_id,
        extra_organisation=extra_organisation,
        card=card,
        report=_report_entry(card, pins, as_read, verdict.verdict.value, verdict.reason),
    )


def _report_entry(
    card: ListedCard,
    pins: list[tuple[PinRole, PinStatus | None]],
    certificates: Sequence[CardCertificate],
    verdict: str,
    reason: str,
) -> dict[str, Any]:
    """The card's entry in status.to_json's shape, from what was read already (no second look at the card)."""
    shared = card.layout.shared_pin
    return {
        "serial": card.serial,
        "label": card.label,
        "reader": card.reader,
        "layout": card.layout.kind.value,
        "tokens": [
            {
                "label": _token_label(card, role),
                "pin": "shared" if shared else role.value,
                "pin_state": pin.state.value if pin is not None else "unreachable",
                "tries_left": pin.tries_left if pin is not None else None,
            }
            for role, pin in pins
        ],
        "certificates": [status.certificate_json(c, card) for c in certificates],
        "verdict": verdict,
        "verdict_reason": reason,
        "hsa_ids": holders([c.info for c in certificates]),
    }


def _token_label(card: ListedCard, role: PinRole) -> str:
    try:
        return card.token_label(role) if card.gate.is_open else ""
    except CardError:  # pulled while we looked: the report goes without the label, the page shows the card
        return ""


def _unfinished(store: JournalStore, serial: str, kind: Kind) -> Journal | None:
    try:
        journal = store.load(serial, kind)
    except (OSError, ValueError):  # a damaged journal: the engine sets it aside and the card decides
        return None
    return journal if journal is not None and journal.phase is not Phase.DONE else None


def _readers(source: CardSource) -> tuple[bool, tuple[pcsc.ReaderState, ...]]:
    try:
        return True, tuple(source.readers())
    except pcsc.PcscError:
        return False, ()


def read(config: Config, store: JournalStore | None, source: CardSource | None = None) -> ReadersSnapshot:
    """Everything the first page shows. Runs on the card queue, never on the GUI thread. Without `source`, the
    PC's card software as the configuration says."""
    source = source or Pkcs11Source(config.module, None, config.management_key)
    source.start_over()
    try:
        report = status.gather(source=source)
    except NoModuleError as exc:
        return ReadersSnapshot(*_readers(source), (), problem=exc)
    except Exception as exc:  # the module fails while readers or the smart card service come and go
        log.info("reading the cards failed: %r", exc)
        return ReadersSnapshot(*_readers(source), ())  # the page says what the readers show; the next event reads again
    cards = []
    for entry in report.cards:
        try:
            cards.append(card_snapshot(entry.card, [c.info for c in entry.certificates], store, entry.certificates))
        except CardError as exc:  # pulled while we looked: the next event reads again
            log.info("card %s: %s", entry.card.serial, exc)
    return ReadersSnapshot(
        report.pcsc_available, tuple(report.readers), tuple(cards), report.module, module_reason=report.module_reason
    )
