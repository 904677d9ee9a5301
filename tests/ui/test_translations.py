"""The Swedish translation is complete, keeps every placeholder, matches the code, and is built."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "sithsclient_sv.ts"
QM = ROOT / "src" / "sithsclient" / "ui" / "translations" / "sithsclient_sv.qm"


def translations_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_message_is_translated_with_its_placeholders_and_one_mnemonic_at_most() -> None:
    found = messages(TS)
    assert len(found) > 200
    for context, source, message in found:
        translation = message.find("translation")
        assert translation is not None and translation.text, (context, source)
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), (context, source)
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", translation.text)), source
        assert translation.text.replace("&&", "").count("&") == source.replace("&&", "").count("&"), source


def test_the_translation_source_knows_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over the code finds nothing new: whoever adds a string also translates it."""
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    lupdate = str(Path(sys.executable).parent / "pyside6-lupdate")
    files = [str(p) for p in translations_script().sources()]  # exactly what `make`'s update reads
    subprocess.run([lupdate, *files, "-no-obsolete", "-ts", str(copy)], check=True, capture_output=True)
    before = {(c, s) for c, s, _m in messages(TS)}
    after = {(c, s) for c, s, _m in messages(copy)}
    assert after - before == set(), "new strings: run scripts/translations.py update and translate them"
    assert before - after == set(), "strings no longer in the code: run scripts/translations.py update"


def test_the_compiled_translation_is_up_to_date() -> None:
    assert QM.exists(), "run scripts/translations.py build (make test does)"
    assert QM.stat().st_mtime >= TS.stat().st_mtime
