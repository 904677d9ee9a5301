"""The card journal on disk: what a resumed upgrade reads back, also when another program has the file open.

Runs here and with the Windows Python under wine (tests/test_windows_python.py): Windows refuses to replace or
rename a file while another handle has it open, which POSIX allows.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sithsclient.pki.model import Purpose
from sithsclient.upgrade import journal as journal_module
from sithsclient.upgrade.journal import Journal, JournalStore, Kind, PairRecord, PairState, Phase

SERIAL = "4a0C:11/77"  # a ':' and a '/' cannot be in a Windows file name


def a_journal(state: PairState = PairState.PLANNED) -> Journal:
    pairs = [
        PairRecord(Purpose.AUTHENTICATION, old_key_id="01", old_cert_sha256="aa" * 32, new_key_id="11", state=state),
        PairRecord(Purpose.SIGNATURE, old_key_id="02", old_cert_sha256="bb" * 32),
    ]
    return Journal(card_serial=SERIAL, hsa_id="SE2321000131-S000000012345", pairs=pairs)


@contextmanager
def held_open(path: Path, seconds: float | None = None) -> Iterator[None]:
    """Another reader with the file open (as a support tool or a virus scan would): for `seconds`, or
    throughout the block."""
    handle = path.open("rb")
    timer = threading.Timer(seconds, handle.close) if seconds is not None else None
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        handle.close()


def test_a_saved_journal_is_read_back_as_it_was(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "journal")
    journal = a_journal(PairState.KEY_READY)
    journal.note("key made")
    store.save(journal)
    loaded = store.load(SERIAL)
    assert loaded is not None
    assert loaded.to_json() == journal.to_json()
    assert loaded.pair(Purpose.AUTHENTICATION) == journal.pair(Purpose.AUTHENTICATION)
    assert [p.name for p in (tmp_path / "journal").iterdir()] == ["4a0C_11_77.json"]  # one file, no temp left
    assert store.load("another card") is None


def test_an_upgrade_and_an_extra_pair_have_separate_journals(tmp_path: Path) -> None:
    store = JournalStore(tmp_path)
    store.save(a_journal())
    extra = a_journal(PairState.FETCHED)
    extra.kind, extra.reference = Kind.EXTRA, "ORD-7K3M9Q2X"
    store.save(extra)
    upgrade, loaded_extra = store.load(SERIAL), store.load(SERIAL, Kind.EXTRA)
    assert upgrade is not None and upgrade.kind is Kind.UPGRADE
    assert loaded_extra is not None and loaded_extra.reference == "ORD-7K3M9Q2X"
    store.remove(SERIAL, Kind.EXTRA)
    assert store.load(SERIAL, Kind.EXTRA) is None
    assert store.load(SERIAL) is not None


def test_saving_while_another_program_reads_the_journal_replaces_it(tmp_path: Path) -> None:
    """The case of `sithsclient diagnose` (or a virus scan) reading the journal just as the upgrade writes
    its next step: on Windows the replace waits for the reader to let go, and the step is not lost."""
    store = JournalStore(tmp_path)
    journal = a_journal()
    store.save(journal)
    journal.pair(Purpose.AUTHENTICATION).state = PairState.KEY_READY  # type: ignore[union-attr]
    with held_open(store.path(SERIAL), seconds=0.5):
        store.save(journal)
    loaded = store.load(SERIAL)
    assert loaded is not None
    assert loaded.pair(Purpose.AUTHENTICATION).state is PairState.KEY_READY  # type: ignore[union-attr]
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.path(SERIAL).name]


def test_a_journal_held_open_throughout_keeps_its_last_good_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the reader never lets go, Windows cannot replace the file: the save fails with the error, and
    what is on disk is the previous step, whole, with no temporary file left beside it."""
    monkeypatch.setattr(journal_module, "REPLACE_TIMEOUT", 0.3)
    store = JournalStore(tmp_path)
    journal = a_journal()
    store.save(journal)
    journal.phase = Phase.DONE
    with held_open(store.path(SERIAL)):
        if os.name == "nt":
            with pytest.raises(PermissionError):
                store.save(journal)
        else:
            store.save(journal)  # POSIX replaces an open file; the reader keeps the old one
    loaded = store.load(SERIAL)
    assert loaded is not None
    assert loaded.phase is (Phase.RUNNING if os.name == "nt" else Phase.DONE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.path(SERIAL).name]


@pytest.mark.parametrize(
    "content",
    [b'{"card_serial": "4a0C:11/77", "pai', b"\xff\xfe not json", json.dumps({"version": 99}).encode()],
    ids=["cut short", "not text", "unknown version"],
)
def test_a_journal_that_cannot_be_read_is_kept_aside_not_deleted(tmp_path: Path, content: bytes) -> None:
    store = JournalStore(tmp_path)
    store.path(SERIAL).write_bytes(content)
    with held_open(store.path(SERIAL), seconds=0.5):  # being read by someone as it is found unreadable
        assert store.load(SERIAL) is None
    [aside] = store.set_aside
    assert aside.read_bytes() == content
    assert aside.name.startswith("4a0C_11_77.corrupt-") and aside.suffix == ".json"
    assert not store.path(SERIAL).exists()
    store.save(a_journal())  # the upgrade starts afresh beside it
    assert store.load(SERIAL) is not None
    assert aside.exists()


def test_a_journal_of_another_card_is_ignored(tmp_path: Path) -> None:
    store = JournalStore(tmp_path)
    other = a_journal()
    other.card_serial = "somebody else"
    store.path(SERIAL).write_text(json.dumps(other.to_json()), encoding="utf-8")
    assert store.load(SERIAL) is None
    assert store.set_aside == []
    assert store.path(SERIAL).exists()
