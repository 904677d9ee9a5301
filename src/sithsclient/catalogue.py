"""The program's translations, read from the compiled `.qm` without Qt: the terminal's lines, the steps' names and
the sentences per stable code.

One catalogue for both views: the command line reads the very `.qm` the wizard loads (`scripts/translations.py
build` makes it from `resources/translations/sithsclient_sv.ts`). Reading it here rather than through QtCore
keeps `check` and the other commands free of PySide6's start-up cost. The format is
Qt's (qtbase `src/corelib/kernel/qtranslator.cpp`): a magic number, then tagged blocks; the messages block
holds, per message, its translation (UTF-16BE), source text and context (UTF-8), each tagged.
"""

from __future__ import annotations

import logging
import struct
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "ui" / "translations"  # where ui/i18n.py loads them

_BLOCK_MESSAGES = 0x69
_TAG_END, _TAG_TRANSLATION, _TAG_OBSOLETE1 = 1, 3, 5
_TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT = 6, 7, 8


def _messages(block: bytes) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    pos = 0
    translation = source = context = None
    while pos < len(block):
        tag = block[pos]
        pos += 1
        if tag == _TAG_END:
            if translation is not None and source is not None:
                found[(context or "", source)] = translation
            translation = source = context = None
            continue
        if tag == _TAG_OBSOLETE1:
            pos += 4
            continue
        (length,) = struct.unpack_from(">I", block, pos)
        pos += 4
        if length == 0xFFFFFFFF:  # a null string
            continue
        data = block[pos : pos + length]
        pos += length
        if tag == _TAG_TRANSLATION:
            translation = data.decode("utf-16-be")
        elif tag == _TAG_SOURCE:
            source = data.decode("utf-8")
        elif tag == _TAG_CONTEXT:
            context = data.decode("utf-8")
        elif tag != _TAG_COMMENT:
            raise ValueError(f"unknown tag {tag:#x} in a .qm message")
    return found


def read_qm(path: Path) -> dict[tuple[str, str], str]:
    """Every (context, source text) → translation in the `.qm` at `path`."""
    data = path.read_bytes()
    if not data.startswith(QM_MAGIC):
        raise ValueError(f"{path} is not a Qt translation file")
    pos = len(QM_MAGIC)
    while pos + 5 <= len(data):
        tag = data[pos]
        (length,) = struct.unpack_from(">I", data, pos + 1)
        pos += 5
        if tag == _BLOCK_MESSAGES:
            return _messages(data[pos : pos + length])
        pos += length
    return {}


class Catalogue:
    """translate(context, text) as QCoreApplication.translate does: the source text when there is none."""

    def __init__(self, language: str) -> None:
        self.entries: dict[tuple[str, str], str] = {}
        if language == "en":
            return
        path = TRANSLATIONS_DIR / f"sithsclient_{language}.qm"
        try:
            self.entries = read_qm(path)
        except (OSError, ValueError, UnicodeDecodeError, struct.error) as exc:
            # A build without `make`: English is better than no sentence at all, and the log says why.
            log.error("translation %s could not be read (%s); run scripts/translations.py build", path, exc)

    def translate(self, context: str, text: str) -> str:
        return self.entries.get((context, text), text)


@cache
def for_language(language: str) -> Catalogue:
    """The catalogue of `language`, read once per process (when a line first needs it)."""
    return Catalogue(language)
