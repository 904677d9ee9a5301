"""Finding and loading the PKCS#11 module: explicit path > environment > configuration > per-OS defaults."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pkcs11

from sithsclient.card.atr import identify, middleware_of_path
from sithsclient.card.errors import NoModuleError
from sithsclient.card.gate import CardGate

log = logging.getLogger(__name__)

ENV_MODULE = "SITHSCLIENT_PKCS11_MODULE"

# Tried in this order: Thales SAC first (Inera's SITHS eID app ships it since 2.0; Inera ended Net iD support on
# 2023-06-30), then Net iD, OpenSC, Yubico's ykcs11, SoftHSM2.
_DEFAULTS: dict[str, tuple[str, ...]] = {
    "win32": (
        r"C:\Windows\System32\eTPKCS11.dll",
        r"C:\Windows\System32\IDPrimePKCS1164.dll",
        r"C:\Windows\System32\iidp11.dll",
        r"C:\Program Files\SecMaker\Net iD\iidp11.dll",
        r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
        r"C:\Program Files\Yubico\Yubico PIV Tool\bin\libykcs11.dll",
        r"C:\SoftHSM2\lib\softhsm2-x64.dll",
    ),
    "darwin": (
        "/usr/local/lib/libeTPkcs11.dylib",
        "/Library/SecMaker/NetiD/libiidp11.dylib",
        "/Library/OpenSC/lib/opensc-pkcs11.so",
        "/usr/local/lib/libykcs11.dylib",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ),
    "linux": (
        "/usr/lib/libeTPkcs11.so",
        "/usr/lib/libiidp11.so",
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/x86_64-linux-gnu/libykcs11.so",
        "/usr/lib/softhsm/libsofthsm2.so",
    ),
}


def default_module_paths(platform: str = sys.platform) -> tuple[str, ...]:
    key = "win32" if platform.startswith("win") else "darwin" if platform == "darwin" else "linux"
    return _DEFAULTS[key]


def candidate_paths(explicit: str | None = None, configured: str | None = None) -> list[str]:
    """The paths to try, in order. An explicit choice is the only candidate: never fall back silently."""
    if explicit:
        return [explicit]
    env = os.environ.get(ENV_MODULE)
    if env:
        return [env]
    if configured:
        return [configured]
    return list(default_module_paths())


# python-pkcs11 ships no usable type for its lib class.
Pkcs11Lib = Any

_loaded: dict[str, Pkcs11Lib] = {}
_lock = threading.Lock()


def _load(path: str, tried: list[tuple[str, str]]) -> Pkcs11Lib | None:
    """One `pkcs11.lib` per path per process: C_Initialize runs once."""
    with _lock:
        if path in _loaded:
            return _loaded[path]
        if not Path(path).exists():
            tried.append((path, "not found"))
            return None
        try:
            lib = pkcs11.lib(path)
        except Exception as exc:  # a broken module can raise anything; report it, try the next
            tried.append((path, f"could not be loaded ({exc.__class__.__name__}: {exc})"))
            return None
        _loaded[path] = lib
        log.info("loaded PKCS#11 module %s (%s)", path, getattr(lib, "library_description", "?"))
        return lib


def load_module(explicit: str | None = None, configured: str | None = None) -> tuple[str, Pkcs11Lib]:
    """Load the first module that works."""
    tried: list[tuple[str, str]] = []
    for path in candidate_paths(explicit, configured):
        lib = _load(path, tried)
        if lib is not None:
            return path, lib
    raise NoModuleError(tried)


def is_explicit(explicit: str | None = None, configured: str | None = None) -> bool:
    """A module given by option, environment or configuration: the only one tried."""
    return bool(explicit or os.environ.get(ENV_MODULE) or configured)


@dataclass(frozen=True)
class ModuleChoice:
    path: str
    lib: Pkcs11Lib
    reason: str  # for status, diagnose and IT support, in English


def _sees_a_card(lib: Pkcs11Lib) -> bool:
    try:
        return bool(lib.get_slots(token_present=True))
    except Exception:  # a module in trouble sees nothing
        return False


def choose_module(
    explicit: str | None = None, configured: str | None = None, atrs: Sequence[bytes] = ()
) -> ModuleChoice:
    """The card software to use, and why. An explicit choice (option, environment, configuration) is the only one
    tried. Otherwise every default that loads is a candidate: the one made for the card in a reader (its ATR in
    card/atr.py's table) wins, then the first, in the defaults' order, that shows a card, then the first."""
    if is_explicit(explicit, configured):
        path, lib = load_module(explicit, configured)
        how = (
            "given with --module"
            if explicit
            else f"set in {ENV_MODULE}"
            if os.environ.get(ENV_MODULE)
            else "set in the configuration"
        )
        return ModuleChoice(path, lib, f"{how}; no other card software is tried")
    tried: list[tuple[str, str]] = []
    loaded = [(path, lib) for path in default_module_paths() if (lib := _load(path, tried)) is not None]
    if not loaded:
        raise NoModuleError(tried)
    if len(loaded) == 1:
        return ModuleChoice(*loaded[0], "the only card software found on this computer")
    for atr in atrs:
        known = identify(atr)
        if known is None:
            continue
        for path, lib in loaded:
            if middleware_of_path(path) is known.middleware:
                return ModuleChoice(
                    path,
                    lib,
                    f"the card in the reader is a {known.name} (ATR {atr.hex()}), for which this is the card software",
                )
    for path, lib in loaded:
        if _sees_a_card(lib):
            return ModuleChoice(path, lib, "the first card software, in the usual order, that shows a card")
    path, lib = loaded[0]
    return ModuleChoice(path, lib, "no card software shows a card: the first in the usual order")


# How long a restart waits for the sessions open on present cards to close before it refuses.
RESTART_WAIT_S = 5.0


class ModuleBusy(Exception):
    """A restart of the module was refused: sessions of it are open on a card that is present, and C_Finalize
    would end them (in this whole process, whoever opened them)."""


class Lease:
    """Someone in this process relies on sessions of a module staying alive: a held card, a login, a read.

    A lease ends with `end()`, or stops counting when its card's gate closes (the card left and took the
    sessions with it) or when it is dropped unended (the engine drops the sessions of a pulled card)."""

    __slots__ = ("__weakref__", "_ended", "_gate")

    def __init__(self, gate: CardGate | None) -> None:
        self._gate = gate
        self._ended = False

    @property
    def live(self) -> bool:
        return not self._ended and (self._gate is None or self._gate.is_open)

    def end(self) -> None:
        with _sessions:
            self._ended = True
            _sessions.notify_all()


_sessions = threading.Condition()  # guards _leases; held through a restart, so no lease begins during one
_leases: dict[str, weakref.WeakSet[Lease]] = {}


def lease(path: str, gate: CardGate | None = None) -> Lease:
    """Take before opening a session of the module at `path` (waits while it restarts), end after closing it."""
    taken = Lease(gate)
    with _sessions:
        _leases.setdefault(path, weakref.WeakSet()).add(taken)
    return taken


@contextlib.contextmanager
def leased(path: str, gate: CardGate | None = None) -> Iterator[None]:
    taken = lease(path, gate)
    try:
        yield
    finally:
        taken.end()


def _live(path: str) -> int:
    return sum(1 for held in list(_leases.get(path, ())) if held.live)


def reinitialize(path: str, *, wait_s: float = RESTART_WAIT_S) -> None:
    """C_Finalize + C_Initialize: after a pulled card, a failed login (python-pkcs11 leaks its session), and
    before looking for a card put back (ykcs11 sees it only then). That ends every session of the module in the
    process, so it waits up to `wait_s` for the leases on present cards to end, and raises ModuleBusy if they
    do not; no session opens during it."""
    with _lock:
        lib = _loaded.get(path)
    if lib is None:
        return
    deadline = time.monotonic() + wait_s
    with _sessions:
        while (live := _live(path)) > 0:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ModuleBusy(f"{live} session(s) of {path} are open on a card that is present")
            _sessions.wait(min(left, 0.05))  # a gate closes without telling this condition: look again soon
        lib.reinitialize()


def start_over_all() -> None:
    """Before looking at the readers again: some modules (ykcs11) see a card put back only after C_Finalize and
    C_Initialize, and keep a dead session of a card that left until then. A module in use on a present card is
    not started over (the look sees what it shows; the card in use is there)."""
    for path in loaded_paths():
        try:
            reinitialize(path, wait_s=0)
        except ModuleBusy as busy:
            log.info("not starting over: %s", busy)
        except Exception as exc:  # a module in a bad state shows in the look that follows
            log.info("re-initialising %s: %s", path, exc)


def loaded_paths() -> Sequence[str]:
    return tuple(_loaded)
