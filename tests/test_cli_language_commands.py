"""One language per run in every command (issue 29, item 1): real processes on a SoftHSM2 card, each command in
both languages with --lang before and after the command, no line of the other language, the same facts.

The system asks for no language here (LANG=C, the `shell` fixture), so without --lang the terminal speaks
Swedish: an English run proves that --lang reached the command wherever it stood."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sithsclient.demo.rig import YKCS11_PATH, PcscRig
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from tests.fixtures.cli import Shell

# Words only the other language's lines have: a command's output in one language holds none of the other's.
ENGLISH = [
    "Card readers", "Reader:", "chosen because", "tries left", "Verdict", "Configuration:", "Journals in",
    "Issuing service", "not set", "Log (", "card software", "Support bundle", "usage:", "error:", "unrecognized",
    "Places tried", "not found", "Insert your", "could not", "display", "Logging in", "Signing", "Card ",
]  # fmt: skip
SWEDISH = [
    "Kortläsare", "Kort 0", "Kort 1", "vald därför", "försök", "Bedömning", "Inställningar", "Journaler",
    "Utfärdartjänst", "inte angiven", "Logg (", "hittades", "användning", "okända", "Platser", "kortprogramvara",
    "Supportpaketet",
    "skärm", "Kortet", " fel", "giltig",
]  # fmt: skip
OTHER = {"sv": ENGLISH, "en": SWEDISH}


def sithsclient(shell: Shell, *words: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command with SoftHSM2's card and no smart card service: the readers of a PC/SC rig running beside
    (another test's) would change between the two runs compared."""
    private = {"PCSCLITE_CSOCK_NAME": str(shell.state.parent / "no-pcscd" / "pcscd.comm")}
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", *words],
        capture_output=True,
        text=True,
        env={**shell.env, **private, **(env or {})},
        timeout=120,
    )


def both_places(shell: Shell, language: str, command: str, *rest: str, **kw: dict[str, str]) -> list[str]:
    """The command's output (stdout, then stderr) with --lang before the command and with it after; the two
    are the same run, so they must print the same lines."""
    before = sithsclient(shell, "--lang", language, command, *rest, **kw)
    after = sithsclient(shell, command, *rest, "--lang", language, **kw)
    assert before.returncode == after.returncode
    outs = [r.stdout + r.stderr for r in (before, after)]
    return [*outs, str(before.returncode)]


def assert_only(language: str, text: str) -> None:
    for word in OTHER[language]:
        assert word not in text, (language, word, text)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_status_in_one_language_wherever_lang_stands(shell: Shell, language: str) -> None:
    before, after, rc = both_places(shell, language, "status", "--module", SOFTHSM_MODULE)
    assert rc == "0", before
    assert before == after
    assert_only(language, before)
    assert "SE2321000131-S000000012345" in before and "must_upgrade" in before
    assert ("Bedömning: must_upgrade" if language == "sv" else "Verdict: must_upgrade") in before


def test_status_says_the_same_facts_in_both_languages(shell: Shell) -> None:
    sv, en = (sithsclient(shell, "status", "--lang", lang, "--module", SOFTHSM_MODULE).stdout for lang in ("sv", "en"))
    assert sv.count("\n") == en.count("\n")
    for fact in ("SE2321000131-S000000012345", SOFTHSM_MODULE, "must_upgrade", "SITHS Type 1 CA v1 (övning)"):
        assert sv.count(fact) == en.count(fact) > 0, fact


def test_status_without_lang_follows_the_configuration_then_the_system(shell: Shell, tmp_path: Path) -> None:
    config = tmp_path / "english.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    configured = sithsclient(shell, "status", "--module", SOFTHSM_MODULE, "--config", str(config))
    assert "Verdict: must_upgrade" in configured.stdout, configured.stdout
    overridden = sithsclient(shell, "--lang", "sv", "status", "--module", SOFTHSM_MODULE, "--config", str(config))
    assert "Bedömning: must_upgrade" in overridden.stdout, overridden.stdout
    system = sithsclient(shell, "status", "--module", SOFTHSM_MODULE, env={"LANG": "en_GB.UTF-8"})
    assert "Verdict: must_upgrade" in system.stdout, system.stdout


@pytest.mark.parametrize("language", ["sv", "en"])
def test_diagnose_report_in_the_runs_language(shell: Shell, language: str, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.zip"
    before, after, rc = both_places(shell, language, "diagnose", "--module", SOFTHSM_MODULE, "--bundle", str(bundle))
    assert rc == "0", before
    for out in (before, after):
        report = out.split("\nLog")[0]  # the log's own lines are English for IT support, quoted as they are
        assert_only(language, report)
        assert "SE2321000131-S000000012345" in report and SOFTHSM_MODULE in report
    written = "Supportpaketet är sparat: " if language == "sv" else "Support bundle written: "
    assert written + str(bundle) in before


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unwritable_bundle_says_where_in_both_languages(shell: Shell, language: str, tmp_path: Path) -> None:
    target = tmp_path / "not there" / "bundle.zip"
    before, after, rc = both_places(shell, language, "diagnose", "--module", SOFTHSM_MODULE, "--bundle", str(target))
    assert rc == "1" and before.splitlines()[-1] == after.splitlines()[-1]  # the report's log tail grows
    line = before.splitlines()[-1]
    assert line.endswith("[bundle.unwritable]") and str(target) in line, line
    assert_only(language, line)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_module_names_the_places_tried_in_both_languages(shell: Shell, language: str) -> None:
    before, after, rc = both_places(shell, language, "status", "--module", "/nowhere/libiidp11.so")
    assert rc == "3" and before == after
    assert before.count("\n") == 1 and before.endswith("[card.no_module]\n")
    assert "/nowhere/libiidp11.so" in before
    assert_only(language, before)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_invalid_configuration_names_file_and_problem_in_both_languages(
    shell: Shell, language: str, tmp_path: Path
) -> None:
    bad = tmp_path / "sithsclient.toml"
    bad.write_text('key_type = "dsa"\n', encoding="utf-8")
    before, after, rc = both_places(shell, language, "status", "--config", str(bad))
    assert rc == "6" and before == after
    assert str(bad) in before and "key_type" in before and before.endswith("[config.invalid]\n")
    said = (
        "Programmets inställningar är inte giltiga. I "
        if language == "sv"
        else "The program's settings are not valid. In "
    )
    assert before.startswith("sithsclient: " + said), before
    # The problem itself too: not the configuration reader's English inside a Swedish line.
    problem = "key_type måste vara en av" if language == "sv" else "key_type must be one of"
    assert problem in before, before


@pytest.mark.parametrize("language", ["sv", "en"])
def test_usage_errors_in_the_runs_language(shell: Shell, language: str) -> None:
    before, after, rc = both_places(shell, language, "status", "--nonsense")
    assert rc == "2" and before == after
    assert "--nonsense" in before
    assert_only(language, before)
    assert ("okända argument" if language == "sv" else "unrecognized arguments") in before


@pytest.mark.parametrize("language", ["sv", "en"])
def test_gui_without_a_display_in_the_runs_language(shell: Shell, language: str) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    before, after, rc = both_places(shell, language, "gui", env=env)
    assert rc == "1" and before == after
    assert_only(language, before)
    assert "sithsclient upgrade" in before


@pytest.mark.pcsc
@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_empty_reader_names_the_card_software_in_both_languages(pcsc_rig: PcscRig, language: str) -> None:
    assert not pcsc_rig.card_present()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    places = (["--lang", language, "status"], ["status", "--lang", language])
    runs = [
        subprocess.run(
            [sys.executable, "-m", "sithsclient", *words, "--module", YKCS11_PATH],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        for words in places
    ]
    assert runs[0].stderr == runs[1].stderr and runs[0].returncode == 5
    line = runs[0].stderr
    assert line.endswith("[card.no_card]\n") and line.count("\n") == 1 and YKCS11_PATH in line, line
    assert_only(language, line)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_issuer_gives_its_hint_in_both_languages(shell: Shell, language: str) -> None:
    before, after, rc = both_places(shell, language, "upgrade", "--yes", env={"SITHSCLIENT_ISSUER_URL": ""})
    assert rc == "1" and before == after
    line = before.splitlines()[-1]
    assert line.endswith("[config.no_issuer]") and "--issuer" in line and "issuer_url" in line, line
    assert_only(language, line)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_check_in_one_language_wherever_lang_stands(shell: Shell, language: str) -> None:
    before, after, rc = both_places(shell, language, "check", "--module", SOFTHSM_MODULE)
    assert rc == "0" and before == after
    assert_only(language, before)
    said = "måste uppgraderas" if language == "sv" else "must be upgraded"
    assert said in before, before


@pytest.mark.parametrize("language", ["sv", "en"])
def test_upgrade_and_extra_take_lang_before_the_command(shell: Shell, language: str) -> None:
    """The terminal's commands read the same one value (commands/terminal.py: args.lang)."""
    unreachable = ["--issuer", "http://127.0.0.1:9/.well-known/cmp", "--trust", str(shell.state / "root.pem")]
    for command, code, exit_code in (
        (["upgrade", "--yes", "--pin-stdin"], "network.unreachable", "30"),
        (["extra", "--reference", "ORD-1", "--code-stdin"], "extra.no_code", "21"),  # no code on stdin
    ):
        before, after, rc = both_places(shell, language, *command, *unreachable)
        assert rc == exit_code and before.splitlines()[-1] == after.splitlines()[-1], (before, after)
        assert before.endswith(f"[{code}]\n"), before
        assert_only(language, before)
