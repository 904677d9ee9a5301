"""Facts of this installation that IT support asks for: the versions of the program and of its parts, and
where the IT-support runbook is. The report (diagnostics.py) and the error dialog show them."""

from __future__ import annotations

import importlib.metadata
import platform
import ssl
import sys
from pathlib import Path

from sithsclient import __version__

PACKAGES = ("PySide6-Essentials", "pyscard", "python-pkcs11", "cryptography", "asn1crypto", "truststore", "rich")


def versions() -> dict[str, str]:
    found = {
        "sithsclient": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "openssl": ssl.OPENSSL_VERSION,
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def runbook_file(language: str = "en") -> Path | None:
    """The IT-support runbook (docs/runbook-*.md): inside the frozen program (build_win.spec), else in the
    source tree; None when neither has it."""
    name = f"runbook-{'sv' if language == 'sv' else 'en'}.md"
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    found = base / "docs" / name
    return found if found.exists() else None


def runbook_link(code: str, language: str = "en") -> str:
    """Where the runbook explains `code`: its file and the code as anchor, or the file name alone to look for."""
    found = runbook_file(language)
    return f"{found}#{code}" if found is not None else f"runbook-{language}.md#{code}"


__all__ = ["PACKAGES", "runbook_file", "runbook_link", "versions"]
