"""Run a virtual PIV card against a vpcd reader: `python -m sithsclient.demo.vcard --state FILE`.

Starting the process inserts the card, killing it pulls the card. `--die-after N` pulls it by itself right
after answering N APDUs. `--trace FILE` appends one line per APDU with its header, lengths, status word and the
microseconds the card spent on it (`us=`, see vpcd.serve) — never its data, which can hold a PIN.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sithsclient.demo.vcard import vpcd
from sithsclient.demo.vcard.constants import YUBIKEY5_ATR
from sithsclient.demo.vcard.piv import VirtualPivCard


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sithsclient.demo.vcard", description=__doc__)
    parser.add_argument("--state", type=Path, required=True, help="the card's state file (see provision.py)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=vpcd.DEFAULT_PORT)
    parser.add_argument("--die-after", type=int, default=None, metavar="N")
    parser.add_argument("--trace", type=Path, default=None, metavar="FILE")
    parser.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS")
    return parser.parse_args(argv)


def _tracer(card: VirtualPivCard, out: TextIO) -> Callable[[bytes, bytes, float], None]:
    def trace(command: bytes, response: bytes, seconds: float) -> None:
        header = command[:4].hex(" ")
        sw = response[-2:].hex()
        us = round(seconds * 1e6)
        out.write(f"{card.apdu_count} {header} in={len(command)} out={len(response) - 2} sw={sw} us={us}\n")

    return trace


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    card = VirtualPivCard.from_file(args.state)
    try:
        sock = vpcd.connect(args.host, args.port, args.connect_timeout)
    except OSError as exc:
        print(f"vcard: cannot reach the vpcd reader at {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    trace_file = args.trace.open("a", buffering=1, encoding="ascii") if args.trace else None
    try:
        on_apdu = _tracer(card, trace_file) if trace_file else None
        vpcd.serve(sock, card, YUBIKEY5_ATR, die_after=args.die_after, on_apdu=on_apdu)
    finally:
        if trace_file:
            trace_file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
