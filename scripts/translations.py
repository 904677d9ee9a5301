#!/usr/bin/env python3
"""Qt Linguist translations of the wizard: `update` the .ts sources from the code, `build` the .qm files.

    .venv/bin/python scripts/translations.py update   # after changing user-visible strings (see SHARED too)
    .venv/bin/python scripts/translations.py build    # make test / make demo run this; does nothing if up to date

The .ts sources live in resources/translations/ (edit them with pyside6-linguist); the compiled .qm files go
beside the code (src/sithsclient/ui/translations/), where the wizard loads them, and are not committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "resources" / "translations"
CODE = ROOT / "src" / "sithsclient" / "ui"
PACKAGE = ROOT / "src" / "sithsclient"
# Qt-free, read by both views: the sentences around the codes, the codes themselves (each one's sentence and
# meaning), the steps' names, the terminal's own lines, the IT-support report and status's words.
SHARED = [
    *(PACKAGE / name for name in ("texts.py", "codes.py", "step_texts.py", "diagnostics.py", "status.py")),
    *(PACKAGE / "commands" / name for name in ("words.py", "common.py")),
]
OPERATIONS = PACKAGE / "upgrade"  # each operation's own words: <name>_words.py, Qt-free
OUTPUT = CODE / "translations"
LANGUAGES = ("sv",)


def tool(name: str) -> str:
    """The PySide6 tool next to this Python (the venv's), else one on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 into the venv (scripts/setup.sh)")
    return found


def sources() -> list[Path]:
    """Every file whose marked strings go into the catalogue (tests/ui/test_translations.py reads this too)."""
    return sorted([*CODE.rglob("*.py"), *SHARED, *OPERATIONS.glob("*_words.py")])


def update() -> None:
    files = [str(p.relative_to(ROOT)) for p in sources()]
    for language in LANGUAGES:
        ts = SOURCES / f"sithsclient_{language}.ts"
        subprocess.run(
            [tool("pyside6-lupdate"), *files, "-no-obsolete", "-locations", "none", "-target-language", language,
             "-ts", str(ts.relative_to(ROOT))],
            cwd=ROOT,
            check=True,
        )  # fmt: skip


def build() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = SOURCES / f"sithsclient_{language}.ts"
        qm = OUTPUT / f"sithsclient_{language}.qm"
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        print(f"translations: {qm.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "build"
    if command == "update":
        update()
    elif command == "build":
        build()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
