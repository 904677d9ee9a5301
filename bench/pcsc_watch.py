"""A plain PC/SC watcher, the yardstick for the wizard's reaction to a pulled card.

    python bench/pcsc_watch.py READER

One thread blocked in SCardGetStatusChange on one reader (nothing else: no pseudo-reader, no listener, no Qt),
in a process of its own so that it shares no interpreter lock with the program measured. It prints
`ready`, then one line per change, `removed T` or `inserted T`, T being time.monotonic() when the call
returned (CLOCK_MONOTONIC, the same clock in every process of this machine). If the PC/SC service goes away
(the rig replugs its reader by restarting pcscd) it waits for it and goes on.
"""

from __future__ import annotations

import sys
import time

from smartcard import scard


def watch(reader: str) -> None:
    announced = False
    while True:
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            time.sleep(0.1)
            continue
        try:
            known, present = scard.SCARD_STATE_UNAWARE, None
            while True:
                # UNAWARE: the first call returns the reader's state at once; after it, only changes wake it.
                result, states = scard.SCardGetStatusChange(context, scard.INFINITE, [(reader, known)])
                at = time.monotonic()
                if result != scard.SCARD_S_SUCCESS:
                    break
                known = int(states[0][1]) & ~int(scard.SCARD_STATE_CHANGED)
                now = bool(known & scard.SCARD_STATE_PRESENT)
                if present is not None and now != present:
                    print(f"{'inserted' if now else 'removed'} {at:.6f}", flush=True)
                present = now
                if not announced:
                    print("ready", flush=True)
                    announced = True
        finally:
            scard.SCardReleaseContext(context)
        time.sleep(0.1)


if __name__ == "__main__":
    watch(sys.argv[1])
