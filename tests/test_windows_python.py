"""The test modules that need no card, run again by the Windows Python under wine: the same code on Windows
semantics (a file cannot be replaced or renamed while another handle has it open, drive-letter paths, the
Windows trust store through truststore, no POSIX signals or permission bits).

The Windows Python is installer/winpython.py's (the official embeddable CPython 3.13 with the pinned Windows
wheels of the program, and pytest's own site-packages for test runs). Its python313._pth makes it ignore
PYTHONPATH, so the run gets a Python home of its own: the same files, hard-linked, with a ._pth that also names
the repository's src, the repository (for `tests.*`) and the test runner's site-packages. Subprocesses that the
tests start with sys.executable see the same paths.

The conftest's PC/SC fixtures need fcntl (the virtual-card rig is Linux only): `-p no:tests.fixtures.pcsc`
keeps them out of the Windows run; none of these modules uses them. The Windows run must pass exactly the
tests that pytest collects from these modules on Linux, less DESELECTED, each of which says why it cannot run
on Windows.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.wine import load_installer_module

winpython = load_installer_module("winpython")

pytestmark = [pytest.mark.package, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 240  # the whole Windows run, wine's start-up and pytest's imports included

MODULES = [
    "tests/test_pki_inventory.py",
    "tests/test_pki_issued.py",
    "tests/test_cmp_parser.py",
    "tests/test_cmp_client_checks.py",
    "tests/test_cmp_transport.py",
    "tests/test_cmp_initial.py",
    "tests/test_cmp_initial_protection.py",
    "tests/test_issuer_faults.py",
    "tests/test_issuer_orders.py",
    "tests/test_issuer_cli.py",
    "tests/test_module_and_config.py",
    "tests/test_group_policy.py",
    "tests/test_journal.py",
    "tests/test_logs.py",
    "tests/test_cli_parsing.py",
]

SIGINT = "stops the practice service with SIGINT (Ctrl+C); Popen.send_signal sends only SIGTERM on Windows"
DESELECTED = {
    "tests/test_cmp_initial.py::test_softhsm_keys_fetch_the_pair_from_the_practice_service": "needs SoftHSM2",
    "tests/test_cmp_initial_protection.py::test_pbmac1_is_pbkdf2_then_hmac_as_openssl_computes_them": (
        "runs the openssl binary"
    ),
    "tests/test_cmp_initial.py::test_an_order_file_is_readable_by_its_owner_only": (
        "POSIX permission bits: Windows has ACLs, and the orders lie in the user's own profile"
    ),
    "tests/test_issuer_orders.py::test_an_order_made_on_the_command_line_is_honoured_by_the_running_service": SIGINT,
    "tests/test_issuer_cli.py::test_issuer_command_prints_its_url_serves_and_stops_on_ctrl_c": SIGINT,
    "tests/test_module_and_config.py::test_explicit_beats_environment_beats_configuration": (
        "its defaults end with Linux's SoftHSM2 path; test_windows_defaults_start_with_net_id checks Windows'"
    ),
    "tests/test_module_and_config.py::test_no_registry_off_windows": "asserts it is not on Windows",
    "tests/test_group_policy.py::test_no_policy_off_windows": "asserts it is not on Windows",
    "tests/test_module_and_config.py::test_registry_reader_type_checks_for_windows": (
        "runs mypy, a development tool the Windows Python does not carry; on Linux it checks the Windows code"
    ),
}


def windows_test_python(python: Any, base: Path) -> Path:
    """A Python home of hard links to the Windows Python's own files, whose ._pth adds the sources and pytest."""
    home: Path = python.home
    tests_site: Path = python.tests
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    pth = f"python{winpython.PY}._pth"
    for item in home.iterdir():
        if item.is_file() and item.name != pth:
            try:
                (base / item.name).hardlink_to(item)
            except OSError:  # another file system
                shutil.copy2(item, base / item.name)
    paths = [f"python{winpython.PY}.zip", ".", *(winpython.windows_path(p) for p in (
        home / "Lib" / "site-packages", tests_site, ROOT / "src", ROOT))]  # fmt: skip
    (base / pth).write_text("\n".join([*paths, "import site", ""]))
    return base / "python.exe"


def linux_collection() -> set[str]:
    """The node ids pytest collects from MODULES here, less DESELECTED."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *MODULES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ids = {line for line in result.stdout.splitlines() if "::" in line}
    assert set(DESELECTED) <= ids, f"deselected tests that no longer exist: {set(DESELECTED) - ids}"
    return ids - set(DESELECTED)


def junit_outcomes(report: Path) -> dict[str, str]:
    """node id -> passed | failed | error | skipped, from pytest's JUnit XML."""
    outcomes: dict[str, str] = {}
    for case in ET.parse(report).iter("testcase"):
        module = case.get("classname", "").replace(".", "/") + ".py"
        node = f"{module}::{case.get('name')}"
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[node] = {"failure": "failed", "error": "error", "skipped": "skipped"}.get(
            kinds[0] if kinds else "", "passed"
        )
    return outcomes


def test_the_no_card_modules_pass_with_the_windows_python_under_wine(tmp_path: Path) -> None:
    python = winpython.prepare()
    exe = windows_test_python(python, ROOT / "build" / "windows-tests" / "python")
    report = tmp_path / "junit.xml"
    deselect = [arg for node in DESELECTED for arg in ("--deselect", node)]
    args = ["-m", "pytest", "-p", "no:tests.fixtures.pcsc", "-p", "no:cacheprovider", "--tb=short",
            "--basetemp", winpython.windows_path(tmp_path / "basetemp"), "--junitxml", winpython.windows_path(report),
            "-o", "junit_family=xunit1", *deselect, *MODULES]  # fmt: skip
    started = time.monotonic()
    result = subprocess.run(
        ["wine", str(exe), *args],
        env=python.env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,  # a Windows console program without a valid standard input stops at start-up
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    tail = "\n".join(output.splitlines()[-60:])

    assert re.search(r"^platform win32 -- Python 3\.13", output, re.MULTILINE), output[:2000]
    assert result.returncode == 0, tail
    summary = output.strip().splitlines()[-1]
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|failed|errors?|skipped|deselected)", summary)}
    assert counts.get("deselected") == len(DESELECTED), summary
    assert not {"failed", "error", "errors", "skipped"} & set(counts), summary

    outcomes = junit_outcomes(report)
    assert set(outcomes.values()) == {"passed"}, {n: o for n, o in outcomes.items() if o != "passed"}
    assert counts["passed"] == len(outcomes)
    expected = linux_collection()
    assert set(outcomes) == expected, (
        f"collected on Linux, not passed on Windows: {sorted(expected - set(outcomes))}\n"
        f"passed on Windows, not collected on Linux: {sorted(set(outcomes) - expected)}"
    )
    for module in MODULES:
        passed = sum(node.startswith(f"{module}::") for node in outcomes)
        print(f"{module}: {passed} passed under wine")
        assert passed, f"{module}: no test ran on Windows"
    print(f"{summary} ({elapsed:.0f} s with wine's start-up)")
    assert elapsed < BUDGET_SECONDS, f"the Windows run took {elapsed:.0f} s"
