#!/usr/bin/env python3
"""The IT-support runbook in Swedish and English, from the program's codes (codes.py, through ui/runbook.py).

.venv/bin/python scripts/runbook.py           # writes docs/runbook-sv.md and docs/runbook-en.md (make runbook)
.venv/bin/python scripts/runbook.py --check   # exits 1 when the committed files differ from the program
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from sithsclient.ui import i18n, runbook

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def path(language: str) -> Path:
    return DOCS / f"runbook-{language}.md"


def render(language: str) -> str:
    i18n.install(language)
    return runbook.markdown() + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with docs/ instead of writing")
    args = parser.parse_args(argv[1:])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QCoreApplication.instance() or QCoreApplication(["sithsclient-runbook"])
    stale = []
    for language in i18n.LANGUAGES:
        text = render(language)
        target = path(language)
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text, encoding="utf-8")
            print(target.relative_to(ROOT))
    if stale:
        print(f"out of date: {', '.join(stale)}; run `make runbook`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
