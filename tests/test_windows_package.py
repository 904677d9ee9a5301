"""The Windows program, for real: built from the Windows Python (`make windows`), signed, and run here.

The package is built once per session (tests/fixtures/windows_package.py). Then, under wine64 (prefixes of the
tests' own, Windows 10, with the stand-in DLLs of installer/winpython.py in system32):
- the onedir holds Windows files only, and none of the stand-ins; the signatures verify, a changed byte breaks them;
- the frozen Windows program: --version, status (no card software; the stand-in module with no reader),
  diagnose and its support bundle (Windows paths, a zip that opens), check --notify and upgrade with no card:
  a clear sentence with a stable code and exit code, never a traceback.
The wizard on a screen and practice mode are in tests/test_windows_package_screen.py; the MSI's tables,
install, upgrades and uninstall in tests/test_windows_package_msi.py.

What wine cannot show (Windows Installer itself, UAC, SmartScreen, the real card software and smart card
service, the logon reminder at a real logon) is listed in docs/it-departments.md, "What is verified here, and
what only on Windows".
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from sithsclient import __version__
from tests.fixtures.windows_package import NO_SLOTS, CodeSigning, WindowsPackage, run_program
from tests.fixtures.wine import Wine, winpython

pytestmark = [pytest.mark.package, pytest.mark.timeout(1200)]

# Measured 2026-12 (Windows onedir 75 MiB, MSI 35 MiB): room for the program to grow, not for a Qt module or
# plugin family that slipped back in (tens of MiB each).
BUDGETS_MIB = {"onedir": 95.0, "msi": 45.0}


# -- what is in the onedir, and its signatures ----------------------------------------------------------------


def test_onedir_holds_windows_files_only(windows_package: WindowsPackage) -> None:
    onedir = windows_package.onedir
    binaries = [p for p in onedir.rglob("*") if p.suffix.lower() in (".exe", ".dll", ".pyd")]
    assert {"sithsclient.exe", "sithsclientw.exe"} <= {p.name for p in onedir.iterdir()}
    assert all(p.read_bytes()[:2] == b"MZ" for p in binaries), [p.name for p in binaries if p.read_bytes()[:2] != b"MZ"]
    elf = [p.name for p in onedir.rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF"]
    assert elf == []
    names = {p.name.lower() for p in onedir.rglob("*")}
    # The wine prefix's stand-ins belong to the tests: Windows brings its own icuuc.dll and bcryptprimitives.dll.
    assert not names & {"icuuc.dll", "bcryptprimitives.dll", winpython.NOSLOTS_MODULE, "_wmi.pyd"}
    assert not any(n.startswith(("icuuc78", "icudt78")) for n in names)
    qt = onedir / "_internal" / "PySide6"
    assert (qt / "plugins" / "platforms" / "qwindows.dll").is_file()
    assert (qt / "plugins" / "styles" / "qmodernwindowsstyle.dll").is_file()
    assert all(p.name.endswith(("_sv.qm", "_en.qm")) for p in (qt / "translations").iterdir())
    assert (onedir / "_internal" / "sithsclient" / "ui" / "translations" / "sithsclient_sv.qm").is_file()
    onedir_mib = sum(windows_package.files().values()) / 2**20
    msi_mib = windows_package.msis[0].stat().st_size / 2**20
    print(f"Windows onedir {onedir_mib:.1f} MiB, MSI {msi_mib:.1f} MiB, built in {windows_package.build_seconds:.0f} s")
    assert onedir_mib <= BUDGETS_MIB["onedir"] and msi_mib <= BUDGETS_MIB["msi"]


def verify_signature(path: Path, ca: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["osslsigncode", "verify", "-CAfile", str(ca), "-in", str(path)], capture_output=True, text=True, timeout=120
    )


def test_programs_and_msi_are_signed(
    windows_package: WindowsPackage, code_signing: CodeSigning, tmp_path: Path
) -> None:
    programs = [windows_package.onedir / "sithsclient.exe", windows_package.onedir / "sithsclientw.exe"]
    for path in [*programs, *windows_package.msis]:
        result = verify_signature(path, code_signing.ca)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Signature verification: ok" in result.stdout
        assert "sithsclient (Region Övning)" in result.stdout or "sithsclient (Region \\xC3\\x96vning)" in result.stdout
    # A program changed after signing (one byte of its code) no longer verifies.
    changed = tmp_path / "sithsclient.exe"
    data = bytearray((windows_package.onedir / "sithsclient.exe").read_bytes())
    data[0x400] ^= 0xFF
    changed.write_bytes(bytes(data))
    assert verify_signature(changed, code_signing.ca).returncode != 0


# -- the frozen Windows program -------------------------------------------------------------------------------


def assert_one_clear_line(result: subprocess.CompletedProcess[str], code: str) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sithsclient: ") and lines[0].endswith(f"[{code}]"), lines[0]


def test_version(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    result = run_program(wine, windows_package, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sithsclient {__version__}"


def test_status_without_card_software(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    """A PC with no card software: every place the Windows defaults look is named, SAC's among them."""
    result = run_program(wine, windows_package, tmp_path, "status", "--json", "--lang", "en")
    assert result.returncode == 3, result.stderr
    assert_one_clear_line(result, "card.no_module")
    assert r"C:\Windows\System32\eTPKCS11.dll (not found)" in result.stderr
    assert r"C:\Windows\System32\iidp11.dll (not found)" in result.stderr


def test_status_with_no_reader(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    """The card software is there (the stand-in module, loaded through python-pkcs11 with LoadLibrary), the
    smart card service is not (as Windows stops it when no reader is connected): no reader, exit 4."""
    result = run_program(wine, windows_package, tmp_path, "status", "--json", "--module", NO_SLOTS)
    assert result.returncode == 4, result.stderr
    assert_one_clear_line(result, "card.no_reader")
    data = json.loads(result.stdout)
    assert data["module"].lower() == NO_SLOTS.lower()
    assert (data["pcsc"], data["readers"], data["cards"]) == ("unavailable", [], [])


def test_diagnose_and_support_bundle(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    bundle = tmp_path / "support.zip"
    result = run_program(
        wine, windows_package, tmp_path, "diagnose", "--bundle", wine.windows_path(bundle), "--module", NO_SLOTS,
        "--lang", "en",  # the report's words asserted below; it follows the run's language
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "frozen: True" in result.stdout
    assert "platform: Windows-10" in result.stdout
    # The per-user folders are Windows' own, and named once (platformdirs would add an author folder).
    journals = re.search(r"^Journals in (.+): none$", result.stdout, flags=re.MULTILINE)
    assert journals and journals.group(1).endswith(r"\AppData\Local\sithsclient\journal"), result.stdout
    assert "Support bundle written: Z:" in result.stderr
    with zipfile.ZipFile(bundle) as archive:
        assert {"report.json", "report.txt", "logs/sithsclient.log"} <= set(archive.namelist())
        assert archive.testzip() is None
        report = json.loads(archive.read("report.json").decode("utf-8"))
        log_text = archive.read("logs/sithsclient.log").decode("utf-8")
    assert NO_SLOTS.lower() in json.dumps(report, ensure_ascii=False).lower().replace("\\\\", "\\")
    assert "sithsclient " + __version__ + ": diagnose" in log_text


def test_check_notify_with_no_card_is_quiet(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    """The logon reminder on a PC with no reader: nothing shown, nothing printed, a clean exit."""
    started = time.monotonic()
    result = run_program(
        wine, windows_package, tmp_path, "check", "--notify", program="sithsclientw.exe",
        SITHSCLIENT_PKCS11_MODULE=NO_SLOTS,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert time.monotonic() - started < 60


def test_upgrade_with_no_card(
    wine: Wine, windows_package: WindowsPackage, code_signing: CodeSigning, tmp_path: Path
) -> None:
    result = run_program(
        wine, windows_package, tmp_path, "upgrade", "--issuer", "https://ca.region.example/cmp",
        "--trust", wine.windows_path(code_signing.ca), "--module", NO_SLOTS, "--yes", "--lang", "en",
    )  # fmt: skip
    assert result.returncode == 4, result.stdout + result.stderr
    assert_one_clear_line(result, "card.no_reader")
    assert "Connect the card reader" in result.stderr
