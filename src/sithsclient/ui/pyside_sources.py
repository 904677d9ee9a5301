"""PySide6 reads the source of every module imported after it; the program never needs that.

PySide6's `__feature__` support (snake_case, true_property) hooks every later import and asks
`inspect.getsource(module)` whether the module says "PySide6", to choose its feature set: it reads each module's
.py file whole into `linecache` and keeps it there. The wizard imports some 300 modules after Qt (cryptography,
asn1crypto, requests, the engine), so this cost about 13 MiB of peak memory and a tenth of a second of CPU at
every start, for a choice this program does not need: it uses no `__feature__`, so every module gets Qt's default
selection, the one it has anyway. (A frozen program has no sources, so there each lookup fails instead: a cost
all the same.) Where PySide6's internals differ from this, nothing is changed.
"""

from __future__ import annotations

import sys

import PySide6  # noqa: F401  (its import installs the hook this replaces)


def skip_source_reading() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        # True: the default selection (0, no features), what a module that uses no __feature__ gets.
        feature._mod_uses_pyside = lambda _module: True  # type: ignore[attr-defined]
