"""The set an operation leaves on the card (pki/card_set.py), learnt before any key is made, and laid out as the
journal's records: one record per new certificate, each replacing the old certificate of its purpose; an old
pair the set has no certificate for is retired, deleted with the others once every new one is proven.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from sithsclient.card.model import CardCertificate
from sithsclient.enroll.errors import EnrollmentError
from sithsclient.enroll.interface import CardCredential, KnowsSets
from sithsclient.pki.card_set import CardSet, Identity, Source, from_service, identity_of_issuer, named_set
from sithsclient.pki.model import Generation, Purpose
from sithsclient.upgrade.engine import fingerprint
from sithsclient.upgrade.journal import Journal, PairRecord, PairState

log = logging.getLogger(__name__)

RETIRED_SEPARATOR = ":"  # a retired old key is journalled as "<purpose>:<key id hex>": its PIN, and the key


def learn_set(
    enroller: object, credential: Callable[[], CardCredential], fallback: str, key_type: str
) -> tuple[CardSet, str]:
    """The service's set, or the configuration's `fallback` where the service cannot say; with the reason of a
    fall-back ("" when the service said), for the log, the journal and the IT-support report."""
    if isinstance(enroller, KnowsSets):
        try:
            return from_service(enroller.certificate_set(credential(), key_type)), ""
        except EnrollmentError as exc:
            reason = exc.code
        except OSError as exc:
            reason = f"network: {exc}"
    else:
        reason = "the issuing service's protocol has no way to say"
    log.warning(
        "the issuing service did not say which certificates it issues (%s); using card_set=%s", reason, fallback
    )
    return named_set(fallback, key_type, Source.CONFIGURATION), reason


_FROM_SERVICE = re.compile(r"^(?P<name>\S+) \((?P<profiles>[^)]*)\), from the issuing service$")
_FROM_CONFIGURATION = re.compile(
    r"^(?P<name>\S+), from the configuration \(card_set\): the issuing service did not say \((?P<reason>.*)\)$"
)


def describe(card_set: CardSet, reason: str) -> str:
    """The set as the journal keeps it, in English, e.g. "four (…), from the issuing service"; `described`
    reads it back for the report, which says it in the report's language."""
    if card_set.source is Source.SERVICE:
        return f"{card_set.name} ({', '.join(card_set.profiles())}), from the issuing service"
    return f"{card_set.name}, from the configuration (card_set): the issuing service did not say ({reason})"


def described(text: str) -> tuple[Source, dict[str, str]] | None:
    """What `describe` wrote: where the set came from and its parts (name, profiles or reason); None for any
    other text (a journal from another version), which the report shows as it is."""
    for source, pattern in ((Source.SERVICE, _FROM_SERVICE), (Source.CONFIGURATION, _FROM_CONFIGURATION)):
        match = pattern.match(text)
        if match:
            return source, match.groupdict()
    return None


def apply_set(journal: Journal, card_set: CardSet, certs: list[CardCertificate]) -> None:
    """Lay the journal's records out as the set: a record per certificate of the set, replacing the old one of
    its purpose; found on the card already (a run whose journal was lost) it is taken as fetched. Called only
    while nothing of this run is on the card but what a lost journal's run left there."""
    old = {p.purpose: p for p in journal.pairs}
    found = {
        (c.info.purpose, identity_of_issuer(c.info.issuer)): c
        for c in certs
        if c.info.generation is Generation.CURRENT and not c.info.expired()
    }
    records: list[PairRecord] = []
    for spec in card_set.certificates:
        replaced = old.get(spec.purpose)
        if replaced is None:
            continue  # the old card had no certificate of this purpose: nothing to replace it from
        reuse = spec.identity is Identity.HSA_ID
        record = replaced if reuse else PairRecord(spec.purpose, replaced.old_key_id, replaced.old_cert_sha256)
        # A profile the service did not name is not sent (it would not know it), except the personnummer one,
        # which no request without it could ask for.
        named = card_set.source is Source.SERVICE or spec.identity is not Identity.HSA_ID
        record.profile = spec.profile if named else ""
        record.subject_serial = spec.serial_number if spec.identity is Identity.PERSONNUMMER else ""
        on_card = found.get((spec.purpose, spec.identity))
        if not reuse and on_card is not None:
            record.new_key_id = on_card.key_id_hex
            record.set_issued(on_card.info.cert)
            record.state = PairState.FETCHED
        records.append(record)
    kept = {id(r) for r in records}
    for record in journal.pairs:
        if id(record) in kept:
            continue
        if record.new_key_id is not None:  # a new key of a lost run that the set has no place for
            journal.abandoned_key_ids.append(record.new_key_id)
        if all(r.old_key_id != record.old_key_id for r in records):
            journal.retired_key_ids.append(f"{record.purpose.value}{RETIRED_SEPARATOR}{record.old_key_id}")
    journal.pairs = records


def retired(journal: Journal) -> list[tuple[Purpose, bytes]]:
    out = []
    for entry in journal.retired_key_ids:
        purpose, _, key_id = entry.partition(RETIRED_SEPARATOR)
        out.append((Purpose(purpose), bytes.fromhex(key_id)))
    return out


def same_old(pair: PairRecord, cert: CardCertificate) -> bool:
    return cert.key_id_hex == pair.old_key_id and fingerprint(cert.info.cert) == pair.old_cert_sha256
