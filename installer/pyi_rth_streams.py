"""PyInstaller runtime hook: give the windowed program (sithsclientw.exe) somewhere to write.

Without a console Python sets sys.stdout and sys.stderr to None, and the first print() or log line to stderr
(logs.setup adds a stderr handler) would raise. The log file still records everything.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
