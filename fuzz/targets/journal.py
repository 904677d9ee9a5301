"""The journal loader: upgrade/journal.py (`JournalStore.load`, `Journal.from_json`) and diagnose's own reading
of the same files (diagnostics.py), fed the bytes of a journal file.

Promise (journal.py): a file that cannot be read is moved aside, never deleted, and the card decides (load
returns None); a journal that is returned holds what the engine and the wizard read from it, in the types it
declares: its serial and kind, pairs with a purpose and a state, key ids in hex, an issued certificate that can
be read, `last_error` a mapping of texts. Diagnose reports every file, readable or not, as JSON.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

from fuzz.harness import Broken, Target
from fuzz.world import World, scratch
from sithsclient import diagnostics
from sithsclient.demo.hierarchy import PRACTICE_HOLDER
from sithsclient.pki.model import Purpose
from sithsclient.upgrade.journal import Journal, JournalStore, Kind, PairRecord, PairState, Phase

MAX_LEN = 8192
SERIAL = "7a3c91e0"


# The rest of a diagnose report, as small as as_text() takes it.
_REPORT: dict[str, object] = {
    "generated_at": "2026-12-02T00:00:00+00:00",
    "versions": {},
    "config": {},
    "status": {"error": {"code": "card.no_reader", "message": "-"}},
    "issuer": {"url": None, "reachable": None, "detail": "-"},
    "journal_directory": "-",
    "log_file": "-",
    "log_tail": [],
}


def _texts(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _check(journal: Journal, kind: Kind) -> None:
    """What the engine (engine.py, extra.py) and the wizard (ui/snapshot.py) do with a loaded journal."""
    if journal.card_serial != SERIAL or journal.kind is not kind or not isinstance(journal.hsa_id, str):
        raise Broken(f"a journal of {journal.card_serial!r}/{journal.kind!r} loaded for {SERIAL}/{kind}")
    if not isinstance(journal.phase, Phase) or not isinstance(journal.pairs, list):
        raise Broken(f"phase {journal.phase!r}, pairs {type(journal.pairs).__name__}")
    for pair in journal.pairs:
        if not isinstance(pair, PairRecord) or not isinstance(pair.purpose, Purpose):
            raise Broken(f"pair {pair!r}")
        if not isinstance(pair.state, PairState) or not isinstance(pair.old_key_id, str):
            raise Broken(f"pair {pair!r}")
        if pair.new_key_id is not None:
            bytes.fromhex(pair.new_key_id)  # engine.py and extra.py do this
        _ = pair.issued_cert  # engine.py installs it
    for text in (journal.started_at, journal.updated_at):
        if not isinstance(text, str):
            raise Broken(f"a time {text!r}")
    for optional in (journal.terms_accepted_at, journal.reference):
        if optional is not None and not isinstance(optional, str):
            raise Broken(f"{optional!r} where a text or nothing belongs")
    if journal.last_error is not None:
        (journal.last_error or {}).get("code", "")  # ui/snapshot.py
        if not _texts(journal.last_error):
            raise Broken(f"last_error {journal.last_error!r}")
    if not all(isinstance(k, str) for k in journal.abandoned_key_ids):
        raise Broken(f"abandoned_key_ids {journal.abandoned_key_ids!r}")
    if not all(_texts(entry) for entry in journal.history):
        raise Broken(f"history {journal.history!r}")
    json.dumps(journal.to_json(), ensure_ascii=False)  # JournalStore.save writes it so


def _seeds(work: Path, hierarchy: Path) -> list[bytes]:
    """Journals as the program writes them: an upgrade in each state, finished, failed; an extra pair's."""
    world = World.make(hierarchy, work / "state")
    store = JournalStore(work / "seed-journals")
    issued = world.hierarchy.person_ca.issue(
        PRACTICE_HOLDER.subject(), world.new_keys[Purpose.AUTHENTICATION].public_key(), Purpose.AUTHENTICATION
    )
    out = []
    for state in PairState:
        journal = Journal(SERIAL, PRACTICE_HOLDER.hsa_id, [PairRecord(Purpose.AUTHENTICATION, "01", "ab" * 32)])
        signature = PairRecord(Purpose.SIGNATURE, "02", "cd" * 32, new_key_id="05", state=state)
        journal.pairs.append(signature)
        if state is not PairState.PLANNED:
            signature.set_issued(issued)
            journal.terms_accepted_at = journal.started_at
        journal.note(f"signature: {state.value}")
        if state is PairState.OLD_DELETED:
            journal.phase = Phase.DONE
        if state is PairState.FETCHED:
            journal.last_error = {"code": "card.removed", "message": "Kortet togs ur läsaren."}
            journal.abandoned_key_ids = ["06", "07"]
        store.save(journal)
        out.append(store.path(SERIAL).read_bytes())
    extra = Journal(SERIAL, "SE2120001234-S000000000777", [], kind=Kind.EXTRA, reference=world.order.reference)
    extra.pairs.append(PairRecord(Purpose.AUTHENTICATION, "", "", new_key_id="0a", state=PairState.KEY_READY))
    store.save(extra)
    out.append(store.path(SERIAL, Kind.EXTRA).read_bytes())
    out.append(json.dumps({"version": 1, "card_serial": SERIAL}).encode())
    out.append(base64.b64encode(b"not json"))
    return out


def prepare(work: Path, hierarchy: Path) -> Target:
    seeds = _seeds(work, hierarchy)
    directory = scratch(work, "journals")  # every input writes, renames and lists files
    store = JournalStore(directory)

    def one_input(data: bytes) -> None:
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        for kind in Kind:
            store.path(SERIAL, kind).write_bytes(data)
        store.set_aside.clear()
        for kind in Kind:
            path = store.path(SERIAL, kind)
            journal = store.load(SERIAL, kind)
            if journal is not None:
                _check(journal, kind)
            elif not path.exists():  # set aside: it must be kept as it was
                if len(store.set_aside) != 1 or store.set_aside[0].read_bytes() != data:
                    raise Broken(f"an unreadable journal was not kept: {store.set_aside}")
                store.set_aside.clear()
                path.write_bytes(data)  # for diagnose below
        report = diagnostics._journals(store)
        json.dumps(report, ensure_ascii=False)  # diagnose --json prints it so
        diagnostics.as_text({**_REPORT, "journals": report})  # and diagnose without --json so
        if len(report) < 2:
            raise Broken(f"diagnose lists {len(report)} journals, not the 2 files there")

    return Target(seeds, one_input)
