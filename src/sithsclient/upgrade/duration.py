"""How long a run is said to take on the terms page: from what is known before it starts (the key type, how
many keys, a practice card or a real one, and how fast the issuing service answers), never a fixed figure (the
old web page said "about 90 seconds" for everything, also where it takes two).

The service's speed is the configured one where it is known (the practice service set to answer slowly), else
the one measured in this session's earlier runs; before any run a typical answer is assumed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sithsclient.card.model import KeyType_

# Making a key on a real SITHS card is the slow part: RSA key generation on a smart card's chip takes seconds
# to a minute, longer for larger keys; an EC key is quick.
_KEY_S = {KeyType_.RSA_2048: 20, KeyType_.RSA_3072: 60, KeyType_.EC_P256: 3}
_SERVICE_S = 3.0  # the issuing service's answer to one request, until one is measured
_CARD_PER_CERTIFICATE_S = 2  # writing the certificate, reading it back, the test signature
_START_S = 5  # reading the card and logging in
_PRACTICE_PER_KEY_S = 1  # the practice card is software on this computer


class ServiceSpeed:
    """Seconds the issuing service takes to give one certificate: `configured()` where the service's speed is
    set (practice mode), else the last measured. One per session, shared by its runs (the engine measures on
    its own thread, the wizard reads it on the GUI thread)."""

    def __init__(self, configured: Callable[[], float | None] | None = None) -> None:
        self._configured = configured
        self._lock = threading.Lock()
        self._measured: float | None = None

    def record(self, seconds: float) -> None:
        with self._lock:
            self._measured = seconds

    def per_certificate(self) -> float | None:
        configured = self._configured() if self._configured is not None else None
        if configured is not None:
            return configured
        with self._lock:
            return self._measured


def expected_seconds(key_type: KeyType_, keys: int, *, practice: bool, service_s: float | None = None) -> int:
    """`service_s`: the service's seconds per certificate (ServiceSpeed); None: a typical answer."""
    if practice:  # the practice service answers at once unless it is set to answer slowly
        return max(2, round(1 + keys * (_PRACTICE_PER_KEY_S + (service_s or 0.0))))
    service = _SERVICE_S if service_s is None else service_s
    raw = _START_S + keys * (_KEY_S.get(key_type, _KEY_S[KeyType_.RSA_2048]) + _CARD_PER_CERTIFICATE_S + service)
    return max(10, 10 * round(raw / 10))  # "about 60 seconds", not "about 57"
