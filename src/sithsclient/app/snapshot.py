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
    resumable: bool = False  # an upgrade of this card stopped half-way: the engine goes on from its journal
    last_error_code: str = ""
    extra_hsa_id: str = ""  # the HSA-ID of an extra certificate pair from another organisation, if it has one
    extra_organisation: str = ""
    extra_reference: str = ""  # an extra pair begun and not finished: its order's reference
    card: ListedCard | None = field(default=None, compare=False, repr=False)

    @property
    def upgradable(self) -> bool:
        return self.verdict is Verdict.MUST_UPGRADE or self.resumable

    @property
    def can_take_extra_pair(self) -> bool:
        """An ordinary SITHS card with room for an extra pair (one per card), or one whose extra pair is half-way."""
        if self.verdict not in (Verdict.MUST_UPGRADE, Verdict.CURRENT):
            return False
        return not self.extra_hsa_id or bool(self.extra_reference)

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
    resumable, last_error, extra_reference = False, "", ""
    if store is not None:
        journal, extra = _unfinished(store, card.serial, Kind.UPGRADE), _unfinished(store, card.serial, Kind.EXTRA)
        if journal is not None:
            resumable = True
            last_error = (journal.last_error or {}).get("code", "")
        if extra is not None:
            extra_reference = extra.reference or ""
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
        resumable=resumable,
        last_error_code=last_error,
        extra_hsa_id=extra_hsa_id,
        extra_organisation=extra_organisation,
        extra_reference=extra_reference,
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
