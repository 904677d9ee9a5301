"""Every line the terminal prints in the chosen language (issue 16, item 13), and a wrong PIN said as the
wizard says it (item 5): real processes, as docs/it-support.md runs them, on a SoftHSM2 card against the practice
issuing service. A line in the other language is caught by the sentences of each table: the terminal's own
(commands/words.py) and the wizard's per stable code (codes.py), their Swedish both read from the .qm."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sithsclient import catalogue, texts
from sithsclient.commands import words
from tests.fixtures.cli import Shell

# What an English run printed in Swedish before, and the Swedish run in English (the report).
ENGLISH_IN_SV = ["Restart the programs", "Card ", "seconds", "certificates are replaced", "nothing to do"]
SWEDISH_IN_EN = ["Jag godkänner", "Genererar", "Raderar", "uppgraderingen är klar", "Kortet", "sekunder"]


def own_lines(language: str) -> list[str]:
    """The terminal's own sentences in `language` where the two languages differ, cut before the first value
    put in: none may appear in a run in the other language."""
    sv = words.Words("sv")
    chosen = [(sv(english) if language == "sv" else english) for english in words.LINES if sv(english) != english]
    heads = [line.split("{")[0].strip() for line in chosen]
    return [head for head in heads if len(head) > 12]


def run(shell: Shell, *extra: str, pins: str = "123456\n654321\n") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*shell.upgrade_args(), *extra], input=pins, capture_output=True, text=True, env=shell.env, timeout=120
    )


def test_upgrade_in_swedish_has_no_english_line(shell: Shell) -> None:
    result = run(shell, "--lang", "sv")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Starta om de program som använder kortet." in out
    assert "Jag godkänner villkoren: ja (--yes)" in out
    assert "Hämtar och installerar certifikat" in out
    for english in ENGLISH_IN_SV + own_lines("en"):
        assert english not in out, (english, out)
    again = run(shell, "--lang", "sv")
    assert "Kortet är redan uppgraderat: inget att göra." in again.stdout, again.stdout


@pytest.mark.slow  # `make test` only: make check runs the Swedish one
def test_upgrade_in_english_has_no_swedish_line(shell: Shell) -> None:
    result = run(shell, "--lang", "en")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Restart the programs that use the card." in out
    assert "I accept the terms: yes (--yes)" in out
    assert "Fetching and installing certificates" in out
    for swedish in SWEDISH_IN_EN + own_lines("sv"):
        assert swedish not in out, (swedish, out)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("sv", "Fel PIN-kod för underskrift. Kortet visar inte hur många försök som är kvar."),
        ("en", "Wrong PIN code for signing (underskrift). The card does not tell how many tries are left."),
    ],
)
def test_wrong_pin_names_the_pin_on_a_two_pin_card_in_the_chosen_language(
    shell: Shell, language: str, sentence: str
) -> None:
    result = run(shell, "--lang", language, pins="123456\n000000\n")
    assert result.returncode == 10, result.stderr
    # SoftHSM2 keeps no count of tries: the sentence says so rather than nothing (the rig's test has the count).
    assert result.stderr.startswith(f"sithsclient: {sentence} "), result.stderr
    assert result.stderr.endswith(" [pin.incorrect]\n") and result.stderr.count("\n") == 1


def test_an_error_is_the_wizards_sentence_with_the_same_code(shell: Shell) -> None:
    shell.issuer_url = "http://127.0.0.1:9/.well-known/cmp"  # nothing listens
    sv = run(shell, "--lang", "sv")
    en = run(shell, "--lang", "en")
    assert sv.returncode == en.returncode == 30
    assert sv.stderr.endswith("[network.unreachable]\n") and en.stderr.endswith("[network.unreachable]\n")
    assert sv.stderr.startswith("sithsclient: Det gick inte att nå utfärdartjänsten. Kör kommandot igen"), sv.stderr
    assert en.stderr.startswith("sithsclient: The issuing service could not be reached."), en.stderr


def test_check_with_no_card_says_so_in_swedish_without_qt(tmp_path: object) -> None:
    probe = (
        "import sys\n"
        "from sithsclient.cli import main\n"
        "rc = main(['check', '--module', '/nonexistent/libnothing.so'])\n"
        "print('qt' if any(m.startswith('PySide6') for m in sys.modules) else 'no qt')\n"
        "sys.exit(rc)\n"
    )
    env = {"LANG": "sv_SE.UTF-8", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == "no qt", result.stdout + result.stderr
    assert result.returncode == 3
    assert "[card.no_module]" in result.stderr
    assert "kortprogram" in result.stderr.lower() or "hittades inte" in result.stderr, result.stderr


def test_the_qm_reader_reads_what_qt_reads() -> None:
    """The terminal's Swedish is the wizard's: every message of the .qm, as QTranslator gives it."""
    from PySide6.QtCore import QTranslator

    path = catalogue.TRANSLATIONS_DIR / "sithsclient_sv.qm"
    qt = QTranslator()
    assert qt.load(str(path))
    entries = catalogue.read_qm(path)
    assert len(entries) > 200
    for (context, source), translation in entries.items():
        assert qt.translate(context, source) == translation, source
    assert catalogue.Catalogue("sv").translate(texts.CONTEXT, "The PIN code was wrong.") == "PIN-koden var fel."
