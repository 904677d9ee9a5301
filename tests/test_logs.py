"""The log file IT support asks for: it rotates without losing records or backups, also while another process
(the wizard, the logon reminder, `diagnose`) has it open, which on Windows forbids renaming it.

Runs here and with the Windows Python under wine (tests/test_windows_python.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sithsclient import logs

MAX_BYTES = 2000
RECORD = "record {:04d} " + "x" * 50  # 62 bytes with its newline: 32 records fill a file


@pytest.fixture
def log(tmp_path: Path) -> Iterator[tuple[logging.Logger, logs.SharedRotatingFileHandler, list[str]]]:
    handler = logs.SharedRotatingFileHandler(tmp_path / "sithsclient.log", maxBytes=MAX_BYTES, backupCount=3,
                                             encoding="utf-8")  # fmt: skip
    handler.setFormatter(logging.Formatter("%(message)s"))
    errors: list[str] = []
    handler.handleError = lambda record: errors.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger(f"sithsclient.test.{tmp_path.name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield logger, handler, errors
    logger.removeHandler(handler)
    handler.close()


def records_on_disk(directory: Path) -> list[str]:
    """Every record in the log and its backups, oldest first."""
    files = sorted(directory.glob("sithsclient.log.*"), key=lambda p: -int(p.suffix[1:]))
    return [line for f in [*files, directory / "sithsclient.log"] for line in f.read_text("utf-8").splitlines()]


def test_the_log_rotates_into_numbered_backups(
    tmp_path: Path, log: tuple[logging.Logger, logs.SharedRotatingFileHandler, list[str]]
) -> None:
    logger, _, errors = log
    for n in range(100):
        logger.info(RECORD.format(n))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"sithsclient.log{s}" for s in ("", ".1", ".2", ".3")]
    assert records_on_disk(tmp_path) == [RECORD.format(n) for n in range(100)]
    assert all(p.stat().st_size <= MAX_BYTES for p in tmp_path.iterdir())
    assert errors == []


def test_a_log_another_process_holds_open_keeps_every_record_and_backup(
    tmp_path: Path, log: tuple[logging.Logger, logs.SharedRotatingFileHandler, list[str]]
) -> None:
    logger, _, errors = log
    for n in range(40):  # one rotation: a backup to keep
        logger.info(RECORD.format(n))
    with (tmp_path / "sithsclient.log").open("rb"):  # the other process's handle
        for n in range(40, 100):
            logger.info(RECORD.format(n))
        if os.name == "nt":  # no rename while it is open: the log grows past its size instead
            assert (tmp_path / "sithsclient.log").stat().st_size > MAX_BYTES
            assert sorted(p.name for p in tmp_path.iterdir()) == ["sithsclient.log", "sithsclient.log.1"]
    for n in range(100, 105):  # let go: the next record rotates it
        logger.info(RECORD.format(n))
    assert records_on_disk(tmp_path) == [RECORD.format(n) for n in range(105)]
    assert (tmp_path / "sithsclient.log").stat().st_size <= MAX_BYTES
    assert not list(tmp_path.glob("*.rotating"))
    assert errors == []
