"""What the logon reminder last found on the cards in the readers, so the next logon of the day need not read them.

`check --notify` runs at every logon of every PC of a region. With a card in the reader the full answer loads the
card software (PKCS#11) and reads the certificates: several times what asking PC/SC costs. When that full check
found nothing to say, this file remembers the readers' cards as PC/SC shows them (reader name and ATR) and until
when the answer holds: the next day at the latest, or sooner when a certificate comes within the reminder's
warning days. A later logon that sees the same cards before then is quiet from PC/SC alone. A card swapped for
another of the same kind (the same ATR) is therefore read the next day, not at once: the reminder speaks of
dates months away, so a day does not matter. Anything the full check had to say forgets the memory.

Standard library only, and json at most: it is read where the no-card answer is (commands/check.py). The file
lies beside the log, the one place that answer knows without the configuration; a file that cannot be read or
written only means the full check runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import time

from sithsclient import logfile

FILE = "logon-check.json"
HOLDS_S = 20 * 3600  # the next working day's first logon reads the cards again


def _path() -> str:
    return os.path.join(logfile.log_directory(), FILE)


def _cards(present: list[tuple[str, bytes]]) -> list[list[str]]:
    return sorted([reader, atr.hex()] for reader, atr in present)


def remember(present: list[tuple[str, bytes]], serials: list[str], until: float | None = None) -> None:
    """The full check found nothing to say about these cards (reader, ATR): quiet until `until` (seconds since
    the epoch; at most HOLDS_S from now)."""
    now = time.time()
    holds = now + HOLDS_S if until is None else min(until, now + HOLDS_S)
    if not present or any(not atr for _reader, atr in present) or holds <= now:
        forget()
        return
    record = {"cards": _cards(present), "serials": sorted(serials), "checked": now, "quiet_until": holds}
    path = _path()
    try:
        with open(path + ".new", "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(path + ".new", path)
    except OSError:
        pass  # not remembered: the next logon runs the full check


def forget() -> None:
    with contextlib.suppress(OSError):
        os.remove(_path())


def recalled(present: list[tuple[str, bytes]], now: float | None = None) -> str | None:
    """A line for the log when these cards (reader, ATR) are the ones the last full check found nothing to say
    about, and its answer still holds; None when the cards must be read."""
    moment = time.time() if now is None else now
    try:
        with open(_path(), encoding="utf-8") as file:
            record = json.load(file)
        cards, checked, until = record["cards"], float(record["checked"]), float(record["quiet_until"])
        serials = ", ".join(str(s) for s in record["serials"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none, or not one this program wrote: read the cards
    if cards != _cards(present) or not checked <= moment < until:
        return None
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(checked))
    again = time.strftime("%Y-%m-%d %H:%M", time.localtime(until))
    return f"check: the same card(s) as at {when} (card {serials}), which needed nothing; read again after {again}"
