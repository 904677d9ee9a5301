"""The card side of vsmartcard's vpcd reader driver: a TCP client that pcscd's vpcd reader talks to.

Every message in both directions is a 2-byte big-endian length and a payload. A 1-byte payload from the reader
is a control message (0 power off, 1 power on, 2 reset, 4 send the ATR); anything longer is a command APDU,
answered with the response APDU. Connecting is inserting the card; closing the socket (or dying) is pulling it.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from typing import Protocol

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4
DEFAULT_PORT = 35963


class Card(Protocol):
    apdu_count: int

    def process(self, apdu: bytes) -> bytes: ...
    def reset(self) -> None: ...
    def power_on(self) -> None: ...
    def power_off(self) -> None: ...


class ReaderGone(Exception):
    """vpcd closed the connection (pcscd stopped)."""


def connect(host: str, port: int, timeout: float) -> socket.socket:
    """Connect to vpcd, retrying while pcscd is still starting."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=2.0)
        except OSError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
            continue
        sock.settimeout(None)
        # Small request/response messages: send each at once, and ack at once (see _recv_exact).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


def _recv_exact(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        # Linux turns quick-ack off again after a while; without it the delayed ACK costs ~40 ms per APDU.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        part = sock.recv(count - len(data))
        if not part:
            raise ReaderGone
        data += part
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


def serve(
    sock: socket.socket,
    card: Card,
    atr: bytes,
    *,
    die_after: int | None = None,
    on_apdu: Callable[[bytes, bytes, float], None] | None = None,
) -> None:
    """Answer vpcd until it hangs up. With `die_after`, the process ends abruptly after that many answers.
    `on_apdu(command, response, seconds)` is told of each answered APDU and the seconds the card spent on it,
    from the command's last byte read to the response handed to the socket."""
    try:
        while True:
            length = int.from_bytes(_recv_exact(sock, 2), "big")
            payload = _recv_exact(sock, length) if length else b""
            if len(payload) == 1:
                control = payload[0]
                if control == GET_ATR:
                    _send(sock, atr)
                elif control == POWER_ON:
                    card.power_on()
                elif control == POWER_OFF:
                    card.power_off()
                elif control == RESET:
                    card.reset()
                continue
            received = time.monotonic()
            response = card.process(payload)
            _send(sock, response)
            if on_apdu is not None:
                on_apdu(payload, response, time.monotonic() - received)
            if die_after is not None and card.apdu_count >= die_after:
                # A card pulled mid-operation: no cleanup, no goodbye, the socket just drops.
                os._exit(3)
    except ReaderGone:
        return
    finally:
        sock.close()
