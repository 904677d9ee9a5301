"""What is in the readers: the data behind `sithsclient status`, `diagnose` and the wizard's first page.

The JSON form is a stable interface (docs/it-support.md, "status --json"): add keys, never rename or remove them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sithsclient import catalogue
from sithsclient.card import pcsc
from sithsclient.card.errors import CardError, NoCardError, NoReaderError
from sithsclient.card.model import CardCertificate
from sithsclient.card.source import CardSource, ListedCard, Pkcs11Source
from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.pki.inventory import Assessment, assess, holders

SCHEMA_VERSION = 1


@dataclass
class CardReport:
    card: ListedCard
    certificates: list[CardCertificate]
    assessment: Assessment


@dataclass
class StatusReport:
    module: str
    readers: list[pcsc.ReaderState]
    pcsc_available: bool
    cards: list[CardReport]
    module_reason: str = ""  # why this module: card/module.py's choose_module


def gather(
    module: str | None = None,
    configured: str | None = None,
    management_key: str | None = None,
    *,
    source: CardSource | None = None,
) -> StatusReport:
    """Raises NoModuleError when no module loads; other card trouble ends up in the report. Without `source`,
    the PC's card software (PKCS#11 and PC/SC); practice mode gives its in-process card."""
    source = source or Pkcs11Source(module, configured, management_key)
    try:
        readers = source.readers()
        pcsc_ok = True
    except pcsc.PcscError:
        readers, pcsc_ok = [], False
    cards = source.cards(atrs=[r.atr for r in readers if r.card_present])
    reports = []
    for card in cards:
        try:
            certs = card.certificates()
        except CardError:
            continue  # pulled while we looked
        reports.append(CardReport(card, certs, assess([c.info for c in certs])))
    return StatusReport(source.name, readers, pcsc_ok, reports, source.reason)


# What the wizard's first page says under card.no_reader when PC/SC does not answer (ui/pages/card.py): the
# command line says the same, in the terminal's language from the same catalogue entry.
SERVICE_DOWN_CONTEXT = "CardPage"
SERVICE_DOWN = "The smart card service of the computer does not answer."


class ServiceDownError(NoReaderError):
    """No reader, because the smart card service (PC/SC) does not answer: Windows stops it when the last reader
    is unplugged, so this is every PC away from its reader. Its code and exit code are card.no_reader's."""

    def __init__(self) -> None:
        super().__init__()
        self.message = f"{self.message} {SERVICE_DOWN}"
        self.args = (self.message,)


def nothing_found(
    module_path: str, readers: list[pcsc.ReaderState] | None = None, *, pcsc_available: bool = True
) -> CardError:
    """Why no card was found: one diagnosis for every command (status, upgrade, extra, check), as the wizard's.

    The smart card service not running is no reader (ServiceDownError), whatever module is installed: a module
    with slots of its own (SoftHSM2) showed no card either, and a card needs a reader. With the service up, no
    reader when PC/SC lists none and the module shows no slot either; SoftHSM2, and modules with readers of
    their own, have slots without PC/SC readers: there it is a reader without a card. `readers` None: asked
    of PC/SC here."""
    if readers is None:
        try:
            readers = pcsc.snapshot()
        except pcsc.PcscError:
            readers, pcsc_available = [], False
    if not pcsc_available:
        return ServiceDownError()
    if not readers and not _module_has_slots(module_path):
        return NoReaderError()
    return NoCardInModuleError(module_path)


class NoCardInModuleError(NoCardError):
    """No card, with the card software that looked: the command line names it in either language."""

    def __init__(self, module: str) -> None:
        super().__init__(f"module {module}")
        self.module = module


def _module_has_slots(path: str) -> bool:
    from sithsclient.card.module import load_module

    try:
        return bool(load_module(path)[1].get_slots(token_present=False))
    except Exception:  # a module that cannot even list its slots shows no reader
        return False


def certificate_json(cert: CardCertificate, card: ListedCard, now: dt.datetime | None = None) -> dict[str, Any]:
    info = cert.info
    return {
        "purpose": info.purpose.value,
        "issuer": info.issuer,
        "subject": info.subject,
        "holder": info.holder_name,
        "hsa_id": info.hsa_id,
        "organisation": info.organisation,
        "not_before": info.not_before.isoformat(),
        "not_after": info.not_after.isoformat(),
        "days_left": info.days_left(now),
        "generation": info.generation.value,
        "loa": info.loa,
        "key_id": cert.key_id_hex,
        "slot": card.describe_slot(cert.key_id),
        "serial_number": f"{info.cert.serial_number:x}",
    }


def to_json(report: StatusReport) -> dict[str, Any]:
    cards = []
    for entry in report.cards:
        card = entry.card
        tokens = []
        for role in card.pin_roles:
            try:
                status = card.pin_status(role)
                state, tries = status.state.value, status.tries_left
            except CardError:
                state, tries = "unreachable", None
            label = card.token_label(role) if card.gate.is_open else ""
            tokens.append(
                {
                    "label": label,
                    "pin": role.value if not card.layout.shared_pin else "shared",
                    "pin_state": state,
                    "tries_left": tries,
                }
            )
        cards.append(
            {
                "serial": card.serial,
                "label": card.label,
                "reader": card.reader,
                "layout": card.layout.kind.value,
                "tokens": tokens,
                "certificates": [certificate_json(c, card) for c in entry.certificates],
                "verdict": entry.assessment.verdict.value,
                "verdict_reason": entry.assessment.reason,
                # The HSA-IDs of the card's valid SITHS certificates, its own first; a second is an extra pair.
                "hsa_ids": holders([c.info for c in entry.certificates]),
            }
        )
    return {
        "schema": SCHEMA_VERSION,
        "module": report.module,
        "module_reason": report.module_reason,
        "pcsc": "available" if report.pcsc_available else "unavailable",
        "readers": [{"name": r.name, "card_present": r.card_present, "atr": r.atr.hex()} for r in report.readers],
        "cards": cards,
    }


# The card layer's English for why a module was chosen and why one did not load (card/module.py), each as a
# pattern of its wording and that sentence with the facts as placeholders: status and diagnose say it in the
# run's language. Wording the card layer changes stays English here (IT support still reads it).
_MODULE_WORDS = (
    (r"given with --module; no other card software is tried",
     QT_TRANSLATE_NOOP("Status", "given with --module; no other card software is tried")),
    (r"set in the configuration; no other card software is tried",
     QT_TRANSLATE_NOOP("Status", "set in the configuration; no other card software is tried")),
    (r"set in (?P<variable>\w+); no other card software is tried",
     QT_TRANSLATE_NOOP("Status", "set in {variable}; no other card software is tried")),
    (r"the only card software found on this computer",
     QT_TRANSLATE_NOOP("Status", "the only card software found on this computer")),
    (r"the card in the reader is a (?P<card>.+) \(ATR (?P<atr>\w+)\), for which this is the card software",
     QT_TRANSLATE_NOOP("Status", "the card in the reader is a {card} (ATR {atr}), for which this is the card "
                                 "software")),
    (r"the first card software, in the usual order, that shows a card",
     QT_TRANSLATE_NOOP("Status", "the first card software, in the usual order, that shows a card")),
    (r"no card software shows a card: the first in the usual order",
     QT_TRANSLATE_NOOP("Status", "no card software shows a card: the first in the usual order")),
    (r"not found", QT_TRANSLATE_NOOP("Status", "not found")),
    (r"could not be loaded \((?P<error>.*)\)", QT_TRANSLATE_NOOP("Status", "could not be loaded ({error})")),
)  # fmt: skip


def module_words(english: str, language: str) -> str:
    """The card layer's reason (a module chosen, a module not loaded) in `language`."""
    for pattern, sentence in _MODULE_WORDS:
        found = re.fullmatch(pattern, english)
        if found:
            return catalogue.for_language(language).translate("Status", sentence).format(**found.groupdict())
    return english
