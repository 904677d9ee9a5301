"""The command line before any card is touched: usage errors, configuration errors and a missing module each
end in one line with a stable exit code, never a traceback.

Runs here and with the Windows Python under wine (tests/test_windows_python.py), where the paths are Windows'.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sithsclient import __version__, exitcodes
from sithsclient.card import module

WINE_INTERNAL_ERROR = 1359


def sithsclient(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != module.ENV_MODULE}
    env["SITHSCLIENT_LOG_DIR"] = str(tmp_path / "logs")
    for attempt in (1, 2):
        try:
            return subprocess.run(
                [sys.executable, "-m", "sithsclient", *args],
                capture_output=True,
                text=True,  # in the locale's encoding, as the program writes to a pipe (Windows: the ANSI code page)
                stdin=subprocess.DEVNULL,
                env=env,
                timeout=120,
            )
        except OSError as exc:
            # Under wine (tests/test_windows_python.py) CreateProcess now and then fails with ERROR_INTERNAL_ERROR
            # (1359) before the program starts; once seen in CI. That is wine's, not the program's: start it again.
            if attempt == 2 or getattr(exc, "winerror", None) != WINE_INTERNAL_ERROR:
                raise
    raise AssertionError("unreachable")


def test_version(tmp_path: Path) -> None:
    result = sithsclient(tmp_path, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"sithsclient {__version__}")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["renovate"], "invalid choice: 'renovate'"),
        (["upgrade", "--key-type", "dsa"], "invalid choice: 'dsa'"),
        (["extra"], "the following arguments are required: --reference"),
        (["status", "--modules", "x.dll"], "unrecognized arguments: --modules …"),
    ],
    ids=["unknown command", "unknown key type", "extra without its order", "a misspelt option"],
)
def test_wrong_usage_is_exit_2_with_the_reason(tmp_path: Path, args: list[str], says: str) -> None:
    result = sithsclient(tmp_path, "--lang", "en", *args)
    assert result.returncode == exitcodes.USAGE == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_module_that_is_not_there_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "Program Files" / "Net iD" / "iidp11.dll"
    result = sithsclient(tmp_path, "status", "--module", str(missing))
    assert result.returncode == 3, result.stderr
    assert str(missing) in result.stderr
    assert "[card.no_module]" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_configuration_names_the_file_and_setting(tmp_path: Path) -> None:
    bad = tmp_path / "Region Övning" / "sithsclient.toml"
    bad.parent.mkdir()
    bad.write_text('key_type = "dsa"\n', encoding="utf-8")
    result = sithsclient(tmp_path, "--lang", "en", "status", "--config", str(bad))
    assert result.returncode == 6, result.stderr
    assert str(bad) in result.stderr
    assert "key_type must be one of" in result.stderr
    assert "[config.invalid]" in result.stderr


def strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def test_a_name_outside_the_windows_code_page_comes_out_in_valid_json(tmp_path: Path) -> None:
    """A pipe on Windows is written in the ANSI code page (cp1252 here), which has no Ł: a user profile such
    as C:\\Users\\Łukasz must not end `diagnose --json > report.json` in a UnicodeEncodeError. What cannot be
    encoded is escaped, which in JSON reads back as the same letter."""
    logs = tmp_path / "Łukasz" / "AppData"
    env = {k: v for k, v in os.environ.items() if k != module.ENV_MODULE}
    result = subprocess.run(
        [sys.executable, "-m", "sithsclient", "diagnose", "--json"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**env, "SITHSCLIENT_LOG_DIR": str(logs)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert str(logs / "sithsclient.log") in set(strings(json.loads(result.stdout)))


def test_a_one_time_code_given_as_an_argument_is_refused_and_never_shown(tmp_path: Path) -> None:
    """`--code` is not `--code-stdin` abbreviated: the code is refused by name and not repeated anywhere a
    screen, a terminal log or a ticket could keep it."""
    secret = "K7QM-3XRT-9PLA"
    refused = sithsclient(tmp_path, "extra", "--reference", "ORD-7K3M9Q2X", "--code", secret)
    assert refused.returncode == exitcodes.EXTRA, refused.stderr
    assert "[extra.code_argument]" in refused.stderr and "--code-stdin" in refused.stderr
    stray = sithsclient(tmp_path, "extra", "--reference", "ORD-7K3M9Q2X", secret, "--lang", "en")  # no option
    assert stray.returncode == exitcodes.USAGE
    assert "unrecognized arguments: …" in stray.stderr
    for result in (refused, stray):
        assert secret not in result.stdout + result.stderr
    logs = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "logs").glob("*.log*"))
    assert secret not in logs


@pytest.mark.parametrize(
    "args",
    [
        ["upgrade", "--pin", "493017"],
        ["upgrade", "--pin=493017"],
        ["upgrade", "493017"],
        ["--lang", "en", "upgrade", "--puk", "49301788"],
        ["extra", "--reference", "ORD-7K3M9Q2X", "--pin", "493017"],
    ],
    ids=["--pin and the PIN", "--pin=PIN", "the PIN alone", "--puk, --lang before the command", "extra"],
)
def test_a_pin_given_as_an_argument_is_refused_unread_and_never_shown(tmp_path: Path, args: list[str]) -> None:
    """Not "unrecognized arguments": the person is told why and how to give it, and the PIN appears nowhere."""
    result = sithsclient(tmp_path, *args)
    assert result.returncode == exitcodes.USAGE, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.rstrip().endswith("[pin.argument]")
    assert "--pin-stdin" in result.stderr
    english = "--lang" in args
    assert ("A PIN code is not taken on the command line" in result.stderr) is english
    assert ("En PIN-kod tas inte emot på kommandoraden" in result.stderr) is not english
    secret = next(word for word in args if word.endswith(("493017", "49301788"))).split("=")[-1]
    logs = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "logs").glob("*.log*"))
    assert secret not in result.stdout + result.stderr + logs


def test_a_usage_error_shows_the_commands_own_usage(tmp_path: Path) -> None:
    result = sithsclient(tmp_path, "upgrade", "--yes", "--bogus=secret", "--lang", "en")
    assert result.returncode == exitcodes.USAGE
    assert result.stderr.startswith("usage: sithsclient upgrade ")
    assert "sithsclient upgrade: error: unrecognized arguments: --bogus=…" in result.stderr
    assert "secret" not in result.stderr
    swedish = sithsclient(tmp_path, "upgrade", "--yes", "--bogus=secret")  # a system that asks for no language
    assert swedish.stderr.startswith("användning: sithsclient upgrade ")
    assert "sithsclient upgrade: fel: okända argument: --bogus=…" in swedish.stderr


def test_a_card_serial_is_not_taken_for_a_pin(tmp_path: Path) -> None:
    result = sithsclient(tmp_path, "--lang", "en", "upgrade", "--serial", "12345678", "--bogus")
    assert result.returncode == exitcodes.USAGE
    assert "[pin.argument]" not in result.stderr and "unrecognized arguments: --bogus" in result.stderr


def test_an_unwritable_log_folder_is_said_and_the_command_still_runs(tmp_path: Path) -> None:
    blocked = tmp_path / "logs"
    blocked.write_text("a file where the log folder should be", encoding="utf-8")
    for language, said in (
        ("en", "No log is written: {} cannot be written to"),
        ("sv", "Ingen logg skrivs: det går inte att skriva i {}"),
    ):
        result = sithsclient(tmp_path, "--lang", language, "status", "--module", str(tmp_path / "nowhere" / "p11.dll"))
        assert result.returncode == 3, result.stderr  # the command's own answer, unchanged
        assert "[card.no_module]" in result.stderr
        assert said.format(blocked) in result.stderr  # in the run's language, as every other line
        assert result.stderr.count(str(blocked)) == 1 and "Traceback" not in result.stderr
