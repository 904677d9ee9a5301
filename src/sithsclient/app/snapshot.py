"""What the first page shows, read in one go on the card queue: readers, cards, PINs, certificates, verdicts.

A snapshot is plain data, so a page can be drawn from it on the GUI thread (and in screenshots) without
touching the card. It is read again on every reader or card event; the PKCS#11 module starts over first,
because some modules (ykcs11) only see a re-inserted card after that (card.module.start_over_all).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sithsclient import status
from sithsclient.card import pcsc
from sithsclient.card.errors import CardError, NoModuleError, PinState, PinStatus
from sithsclient.card.layouts import PinRole
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

    @property
    def card_in_a_reader(self) -> bool:
        return any(r.card_present for r in self.readers)


def card_snapshot(card: ListedCard, certificates: list[CertificateInfo], store: JournalStore | None) -> CardSnapshot:
    certs = sorted(certificates, key=lambda c: (_SHOWN_ORDER.index(c.purpose), c.not_after))
    pins: list[tuple[PinRole, PinStatus | None]] = []
    for role in card.pin_roles:
        try:
            pins.append((role, card.pin_status(role)))
        except CardError:
            pins.append((role, None))
    unfinished = [] if store is None else [j for kind in Kind if (j := _unfinished(store, card.serial, kind))]
    holder = next((c.holder_name for c in certs if c.holder_name), "")
    on_card = holders(certs)
    hsa_id = on_card[0] if on_card else next((c.hsa_id for c in certs if c.hsa_id), "")
    extra_hsa_id = on_card[1] if len(on_card) > 1 else ""
    extra_organisation = next((c.organisation for c in certs if extra_hsa_id and c.hsa_id == extra_hsa_id), "")
    return CardSnapshot(
        serial=card.serial,
        reader=card.reader,
        label=card.label,
        holder=holder,
        hsa_id=hsa_id,
        shared_pin=card.layout.shared_pin,
        pins=tuple(pins),
        certificates=tuple(certs),
        verdict=assess(certs).verdict,
        unfinished=tuple(
            UnfinishedRun(j.kind, (j.last_error or {}).get("code", ""), j.reference or "") for j in unfinished
        ),
        extra_hsa_id=extra_hsa_id,
        extra_organisation=extra_organisation,
        card=card,
    )


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
            cards.append(card_snapshot(entry.card, [c.info for c in entry.certificates], store))
        except CardError as exc:  # pulled while we looked: the next event reads again
            log.info("card %s: %s", entry.card.serial, exc)
    return ReadersSnapshot(report.pcsc_available, tuple(report.readers), tuple(cards), report.module)
