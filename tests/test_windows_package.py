"""The Windows program, for real: built from the Windows Python (`make windows`), signed, run and installed here.

Once per session, installer/build.py builds the Windows onedir with PyInstaller running in the embeddable
Windows CPython under wine (installer/winpython.py), signs its two executables with a code-signing
certificate this test makes, and makes three signed MSIs of it (the program's version and two newer ones,
for upgrades). Then, under wine64 (prefixes of the tests' own, Windows 10, with the stand-in DLLs of
installer/winpython.py in system32):
- the onedir holds Windows files only, and none of the stand-ins; the signatures verify, a changed byte breaks them;
- the frozen Windows program: --version, status (no card software; the stand-in module with no reader),
  diagnose and its support bundle (Windows paths, a zip that opens), check --notify and upgrade with no card:
  a clear sentence with a stable code and exit code, never a traceback;
- the wizard (sithsclientw.exe) on Xvfb, in Swedish, on its card page; a screenshot kept in docs/screenshots/;
- the MSI's tables, and msiexec /qn: install with organisation defaults read back by the installed program
  through winreg, two upgrades, a refused downgrade, refused Windows 7 and Windows 10 1607 / Server 2016,
  uninstall that removes the program and keeps the user's journal and logs.

What wine cannot show (Windows Installer itself, UAC, SmartScreen, the real card software and smart card
service, the logon reminder at a real logon) is listed in docs/it-departments.md, "What is verified here, and
what only on Windows".
"""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sithsclient import __version__
from tests.fixtures.wine import INSTALL_FAILURE, ROOT, Wine, booted, winpython

pytestmark = [pytest.mark.package, pytest.mark.timeout(1200)]

UPGRADE_CODE = "{15A120A3-1DF2-4AEA-853B-06133F4A3E06}"
INSTALL_DIR = r"C:\Program Files\sithsclient"
SETTINGS_KEY = r"HKLM\Software\sithsclient"
INSTALLER_KEY = r"HKLM\Software\sithsclient\Installer"
RUN_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Run"
UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall"
CURRENT_VERSION_KEY = r"HKLM\Software\Microsoft\Windows NT\CurrentVersion"
SHORTCUT = "Uppgradera SITHS-kort.lnk"
NO_SLOTS = winpython.NOSLOTS_MODULE_PATH
SCREENSHOT = ROOT / "docs" / "screenshots" / "windows-sv-01-card-no-reader.png"
# Measured 2026-12 (Windows onedir 75 MiB, MSI 35 MiB): room for the program to grow, not for a Qt module or
# plugin family that slipped back in (tens of MiB each).
BUDGETS_MIB = {"onedir": 95.0, "msi": 45.0}


def bumped(version: str, by: int) -> str:
    major, minor, build = [*re.findall(r"\d+", version), "0", "0"][:3]
    return f"{major}.{minor}.{int(build) + by}"


# -- the code-signing certificate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeSigning:
    ca: Path
    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Region Övning"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@pytest.fixture(scope="session")
def code_signing(tmp_path_factory: pytest.TempPathFactory) -> CodeSigning:
    """An organisation's code-signing CA and certificate, as its own PKI would issue them."""
    out = tmp_path_factory.mktemp("codesigning")
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(65537, 3072)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Region Övning Code Signing CA"))
        .issuer_name(_name("Region Övning Code Signing CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(65537, 3072)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("sithsclient (Region Övning)"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = CodeSigning(out / "ca.pem", out / "codesigning.pem", out / "codesigning.key")
    paths.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + paths.ca.read_bytes())
    paths.key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


# -- the build ------------------------------------------------------------------------------------------------


@dataclass
class WindowsPackage:
    onedir: Path
    msis: list[Path]  # the program's version, then two newer ones
    versions: list[str]
    build_seconds: float

    def files(self) -> dict[str, int]:
        """Relative path (Windows separators) -> size of every file of the onedir: what the MSI carries."""
        return {
            str(PureWindowsPath(*p.relative_to(self.onedir).parts)): p.stat().st_size
            for p in self.onedir.rglob("*")
            if p.is_file()
        }


@pytest.fixture(scope="session")
def windows_package(tmp_path_factory: pytest.TempPathFactory, code_signing: CodeSigning) -> WindowsPackage:
    out = tmp_path_factory.mktemp("windows")
    build = [sys.executable, str(ROOT / "installer" / "build.py")]
    common = ["--dist", str(out / "dist"), "--work", str(out / "work")]
    sign = ["--sign-cert", str(code_signing.cert), "--sign-key", str(code_signing.key)]
    started = time.monotonic()
    subprocess.run([*build, "windows", *common, *sign], check=True, cwd=ROOT, timeout=1500)
    onedir = out / "dist" / "windows" / "sithsclient"
    versions = [bumped(__version__, 0), bumped(__version__, 1), bumped(__version__, 2)]
    msis = [out / "dist" / f"sithsclient-{versions[0]}-x64.msi"]
    for version in versions[1:]:
        msis.append(out / f"sithsclient-{version}-x64.msi")
        subprocess.run(
            [*build, "msi", *common, *sign, "--onedir", str(onedir), "--version", version, "--out", str(msis[-1])],
            check=True,
            cwd=ROOT,
            timeout=300,
        )
    return WindowsPackage(onedir, msis, versions, time.monotonic() - started)


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


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    with booted(tmp_path_factory.mktemp("wine-run")) as prefix:
        yield prefix


def run_program(
    wine: Wine, package: WindowsPackage, home: Path, *args: str, program: str = "sithsclient.exe", **env: str
) -> subprocess.CompletedProcess[str]:
    """The console program as IT support runs it, its log in a folder of the test's own."""
    log = home / "log"
    log.mkdir(parents=True, exist_ok=True)
    exe = wine.windows_path(package.onedir / program)
    return wine.run(exe, *args, timeout=180, SITHSCLIENT_LOG_DIR=wine.windows_path(log), **env)


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
    result = run_program(wine, windows_package, tmp_path, "status", "--json")
    assert result.returncode == 3, result.stderr
    assert_one_clear_line(result, "card.no_module")
    assert r"C:\Windows\System32\eTPKCS11.dll: not found" in result.stderr
    assert r"C:\Windows\System32\iidp11.dll: not found" in result.stderr


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
        wine, windows_package, tmp_path, "diagnose", "--bundle", wine.windows_path(bundle), "--module", NO_SLOTS
    )
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


# -- the wizard on a screen -----------------------------------------------------------------------------------


def xdotool(display: str, *args: str) -> str:
    found = subprocess.run(
        ["xdotool", *args], env={"DISPLAY": display, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    return found.stdout


def window_titles(display: str) -> list[str]:
    return [
        t
        for t in xdotool(display, "search", "--onlyvisible", "--name", "SITHS", "getwindowname", "%@").split("\n")
        if t
    ]


def screenshot(display: str, path: Path) -> None:
    """The wizard's window as the screen shows it, taken by Qt (the venv's) through the xcb plugin."""
    shell = xdotool(display, "search", "--onlyvisible", "--name", "SITHS", "getwindowgeometry", "--shell")
    geometry = dict(line.split("=", 1) for line in shell.splitlines() if "=" in line)
    box = ", ".join(geometry[k] for k in ("X", "Y", "WIDTH", "HEIGHT"))
    code = (
        "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication(sys.argv[:1]); "
        f"sys.exit(0 if app.primaryScreen().grabWindow(0, {box}).save(sys.argv[1]) else 1)"
    )
    env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True, timeout=60)


def test_wizard_on_screen_in_swedish(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    """sithsclientw.exe, as the Start menu starts it, on Xvfb through wine's X11 driver, on a Swedish Windows:
    the Swedish wizard opens on its card page and says that no reader was found (the stand-in module is the
    card software; the smart card service does not answer); the screenshot is kept for docs/it-departments.md."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from package_size import xvfb
    finally:
        sys.path.remove(str(ROOT / "bench"))
    log = tmp_path / "log"
    log.mkdir()
    with xvfb() as display:
        env = {**wine.env, "DISPLAY": display, "SITHSCLIENT_LOG_DIR": wine.windows_path(log),
               "SITHSCLIENT_PKCS11_MODULE": NO_SLOTS, "LANG": "sv_SE.UTF-8", "LC_ALL": "sv_SE.UTF-8"}  # fmt: skip
        # As the Start menu starts it: no arguments, the language from the user's Windows locale (wine takes
        # it from LANG). Output through a pipe: wine gives a Windows program a regular file as an invalid
        # standard handle.
        proc = subprocess.Popen(
            ["wine", wine.windows_path(windows_package.onedir / "sithsclientw.exe")],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 90
            logged = ""
            while time.monotonic() < deadline:
                logfile = log / "sithsclient.log"
                logged = logfile.read_text(encoding="utf-8", errors="replace") if logfile.exists() else ""
                if "card page: card.no_reader" in logged and window_titles(display):
                    break
                assert proc.poll() is None, proc.communicate()[0]
                time.sleep(0.5)
            else:
                pytest.fail(f"no wizard saying card.no_reader within 90 s: {logged[-2000:]}")
            assert window_titles(display) == ["Uppgradering av SITHS-kort"]
            time.sleep(1.0)  # let the page finish drawing
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            screenshot(display, SCREENSHOT)
            assert proc.poll() is None  # still running: it was not an error box that closed
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
    assert "frozen True" in logged
    assert "Traceback" not in logged
    assert SCREENSHOT.stat().st_size > 10_000  # a drawn window, not a black screen


# -- practice mode in the Windows program (the in-process practice card: no smart card service needed) ----------


def test_practice_upgrade_in_the_terminal(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    """`sithsclient.exe demo --terminal --pins 2`: the practice card inside the program, the practice issuing
    service on loopback, the whole upgrade to its end; wine's winscard is a stub, so nothing else could work."""
    practice = tmp_path / "practice"
    result = run_program(
        wine, windows_package, tmp_path, "demo", "--terminal", "--pins", "2", "--lang", "en",
        "--directory", wine.windows_path(practice),
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "practice card in the program" in out and "two PINs" in out
    # wine's console is not UTF-8 (and rich writes what it cannot encode as escapes): English, the ASCII lines.
    for line in (
        "Signing (underskrift): Generating a new key pair on the card",
        "Logging in (legitimering): Installing and testing the new certificate",
        "Signing (underskrift): Deleting the old certificate",
        "Restart the programs that use the card.",
    ):
        assert line in out, out  # fmt: skip
    assert "Traceback" not in out + result.stderr
    card = json.loads((practice / "card.json").read_text(encoding="utf-8"))
    assert card["sig_pin"] is not None and any(int(slot, 16) >= 0x82 for slot in card["signature_slots"])
    (journal,) = (practice / "journal").glob("*.json")
    assert json.loads(journal.read_text(encoding="utf-8"))["phase"] == "done"


PRACTICE_SCREENSHOTS = ROOT / "docs" / "screenshots"


class PracticeScreen:
    """The frozen Windows program's practice mode on an X display, driven as a person drives it: a mouse click on
    a window (wine's windows take the keyboard from a click; there is no window manager), then its keys, the
    mnemonics of the Swedish buttons. What the program did is read where IT support reads it: in its log."""

    def __init__(self, display: str, logfile: Path, proc: subprocess.Popen[bytes]) -> None:
        self.display, self.logfile, self.proc = display, logfile, proc
        self.seen = 0  # how far into the log the steps so far have read

    def logged(self) -> str:
        return self.logfile.read_text(encoding="utf-8", errors="replace") if self.logfile.exists() else ""

    def wait_for(self, line: str, timeout: float = 60) -> None:
        """Until `line` is logged after what was read so far (so a page shown twice is waited for twice)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.logged().find(line, self.seen)
            if found >= 0:
                self.seen = found + len(line)
                time.sleep(0.5)  # let the page finish drawing
                return
            assert self.proc.poll() is None, self.logged()[-3000:]
            time.sleep(0.25)
        pytest.fail(f"not logged within {timeout:.0f} s: {line!r}; the log ends: {self.logged()[-3000:]}")

    def geometry(self, title: str) -> dict[str, int]:
        shell = xdotool(self.display, "getwindowgeometry", "--shell", window_with_title(self.display, title))
        return {k: int(v) for k, v in (line.split("=", 1) for line in shell.splitlines() if "=" in line)}

    def keys(self, title: str, *keys: str) -> None:
        """A click on the window's top edge (its page heading: nothing there takes a click), then the keys."""
        box = self.geometry(title)
        xdotool(self.display, "mousemove", str(box["X"] + 8), str(box["Y"] + 6), "click", "1")
        time.sleep(0.3)
        for key in keys:
            if key.startswith("type:"):
                xdotool(self.display, "type", "--delay", "40", key.removeprefix("type:"))
            else:
                xdotool(self.display, "key", key)
            time.sleep(0.3)

    def shot(self, name: str) -> Path:
        """Wizard and panel as the screen shows them, side by side."""
        boxes = [self.geometry(WIZARD_PRACTICE_TITLE), self.geometry(PANEL_TITLE)]
        left, top = min(b["X"] for b in boxes), min(b["Y"] for b in boxes)
        right, bottom = max(b["X"] + b["WIDTH"] for b in boxes), max(b["Y"] + b["HEIGHT"] for b in boxes)
        path = PRACTICE_SCREENSHOTS / f"windows-sv-{name}.png"
        code = (
            "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication(sys.argv[:1]); "
            f"sys.exit(0 if app.primaryScreen().grabWindow(0, {left}, {top}, {right - left}, {bottom - top})"
            ".save(sys.argv[1]) else 1)"
        )
        env = {"DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb", "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True, timeout=60)
        assert path.stat().st_size > 10_000  # drawn windows, not a black screen
        return path


def window_with_title(display: str, title: str) -> str:
    """The id of the shown window of that very title ("" if none): xdotool's own search takes a regular
    expression, which does not take the Ö of "Övningsläge"."""
    for window in xdotool(display, "search", "--onlyvisible", "--name", ".").split():
        if xdotool(display, "getwindowname", window).strip() == title:
            return window
    return ""


def panel_shown(display: str) -> bool:
    return bool(window_with_title(display, PANEL_TITLE))


WIZARD_PRACTICE_TITLE = "Uppgradering av SITHS-kort – övningsläge"
PANEL_TITLE = "Övningsläge"
PRACTICE_PIN = "123456"  # the practice card's PIN, which its panel shows


def test_practice_upgrade_on_screen(wine: Wine, windows_package: WindowsPackage, tmp_path: Path) -> None:
    """`sithsclientw.exe demo --pins 2` on Xvfb, in Swedish, driven with mouse and keys: the wizard on the
    two-PIN practice card with the practice panel beside it; the issuing service set to fail from the panel; the
    upgrade started, the card pulled on the PIN page (the wizard says so) and put back, both PINs typed, the
    terms accepted; the failure page for the service's fault, saying the card still works; the service mended
    and "Försök igen"; done, and the practice card holds its new certificates. Each step's screenshot is kept."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from package_size import xvfb
    finally:
        sys.path.remove(str(ROOT / "bench"))
    log = tmp_path / "log"
    log.mkdir()
    practice = tmp_path / "practice"
    with xvfb() as display:
        env = {**wine.env, "DISPLAY": display, "SITHSCLIENT_LOG_DIR": wine.windows_path(log),
               "LANG": "sv_SE.UTF-8", "LC_ALL": "sv_SE.UTF-8"}  # fmt: skip
        proc = subprocess.Popen(
            ["wine", wine.windows_path(windows_package.onedir / "sithsclientw.exe"), "demo", "--pins", "2",
             "--directory", wine.windows_path(practice)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        screen = PracticeScreen(display, log / "sithsclient.log", proc)
        try:
            screen.wait_for("card page: Kortet i läsaren", timeout=120)
            deadline = time.monotonic() + 30  # the first window makes way for the wizard; the panel comes beside
            while time.monotonic() < deadline:
                if window_titles(display) == [WIZARD_PRACTICE_TITLE] and panel_shown(display):
                    break
                time.sleep(0.5)
            else:
                pytest.fail(f"not one practice wizard and its panel: {window_titles(display)}, {panel_shown(display)}")
            screen.shot("02-practice-mode")

            # The panel: Beteende (Alt+B), three down: Internt fel (HTTP 500)
            screen.keys(PANEL_TITLE, "alt+b", "Down", "Down", "Down")
            screen.wait_for("practice: the issuing service's behaviour is http_500")
            screen.keys(WIZARD_PRACTICE_TITLE, "alt+u")  # Uppgradera kortet
            screen.wait_for("page: pins")

            screen.keys(PANEL_TITLE, "alt+d")  # Dra ut kortet
            screen.wait_for("card out of the reader during the upgrade")
            screen.shot("03-practice-card-out-on-pin-page")
            screen.keys(PANEL_TITLE, "alt+s")  # Sätt i kortet
            screen.wait_for("card back in the reader during the upgrade")

            # The first PIN field has the focus the page gave it; Fortsätt (Alt+F)
            screen.keys(WIZARD_PRACTICE_TITLE, f"type:{PRACTICE_PIN}", "Tab", f"type:{PRACTICE_PIN}", "alt+f")
            screen.wait_for("page: terms")
            screen.keys(WIZARD_PRACTICE_TITLE, "alt+g", "alt+s")  # Jag godkänner villkoren; Starta nedladdning
            screen.wait_for("ended: network.http_status")
            screen.wait_for("page: failure")
            screen.shot("04-practice-service-fault")

            screen.keys(PANEL_TITLE, "alt+b", "Home")  # Fungerar som vanligt
            screen.wait_for("practice: the issuing service's behaviour is none")
            screen.keys(WIZARD_PRACTICE_TITLE, "alt+f")  # Försök igen: the PINs again, they were not kept
            screen.wait_for("page: pins")
            screen.keys(WIZARD_PRACTICE_TITLE, f"type:{PRACTICE_PIN}", "Tab", f"type:{PRACTICE_PIN}", "alt+f")
            screen.wait_for("page: done")
            screen.shot("05-practice-done")
            assert proc.poll() is None
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
    logged = screen.logged()
    assert "Traceback" not in logged
    assert PRACTICE_PIN not in logged  # typed twice, never written
    # The service's fault, then done: one card throughout, the pull and re-insert did not make it another
    runs = re.findall(r"upgrade of card (\d+) (started|ended: [\w.]+)", logged)
    serial = runs[0][0]
    assert runs == [(serial, "started"), (serial, "ended: network.http_status"), (serial, "started"),
                    (serial, "ended: ok")], runs  # fmt: skip
    card = json.loads((practice / "card.json").read_text(encoding="utf-8"))
    assert card["sig_pin"] is not None and any(int(slot, 16) >= 0x82 for slot in card["signature_slots"])
    (journal,) = (practice / "journal").glob("*.json")
    assert json.loads(journal.read_text(encoding="utf-8"))["phase"] == "done"


# -- the MSI's tables -----------------------------------------------------------------------------------------


def table(msi: Path, name: str) -> list[dict[str, str]]:
    text = subprocess.run(["msiinfo", "export", str(msi), name], check=True, capture_output=True, text=True).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:]]


def test_msi_tables(windows_package: WindowsPackage) -> None:
    msi = windows_package.msis[0]
    summary = subprocess.run(["msiinfo", "suminfo", str(msi)], check=True, capture_output=True, text=True).stdout
    assert "Template: x64;1033" in summary

    properties = {row["Property"]: row["Value"] for row in table(msi, "Property")}
    assert properties["UpgradeCode"] == UPGRADE_CODE  # never changes: how a newer MSI finds this one
    assert properties["ProductVersion"] == windows_package.versions[0]
    assert properties["ALLUSERS"] == "1"
    assert set(properties["SecureCustomProperties"].split(";")) >= {
        "ISSUER_URL", "PKCS11_MODULE", "TRUST_ANCHORS", "LOGON_REMINDER", "WIX_UPGRADE_DETECTED",
    }  # fmt: skip
    for public in ("ISSUER_URL", "PKCS11_MODULE", "TRUST_ANCHORS", "LOGON_REMINDER"):
        assert public not in properties  # no default: set on the command line or remembered

    conditions = {row["Component"]: row["Condition"] for row in table(msi, "Component")}
    assert conditions["SettingIssuerUrl"] == "ISSUER_URL"
    assert conditions["SettingModule"] == "PKCS11_MODULE"
    assert conditions["SettingTrust"] == "TRUST_ANCHORS"
    assert conditions["LogonReminderRun"] == 'LOGON_REMINDER <> "0"'
    organisation = {
        "CARD_OFFICE_NAME": "card_office_name", "CARD_OFFICE_PHONE": "card_office_phone",
        "CARD_OFFICE_WEB": "card_office_web", "IT_SUPPORT_NAME": "it_support_name",
        "IT_SUPPORT_PHONE": "it_support_phone", "IT_SUPPORT_WEB": "it_support_web", "TERMS_URL": "terms_url",
    }  # fmt: skip
    assert set(properties["SecureCustomProperties"].split(";")) >= set(organisation)
    registry_rows = {(row["Key"], row["Name"]): row for row in table(msi, "Registry")}
    for prop, name in organisation.items():
        assert prop not in properties
        row = registry_rows[(r"Software\sithsclient", name)]
        assert row["Value"] == f"[{prop}]" and conditions[row["Component_"]] == prop  # written only when set

    registry = {(row["Key"], row["Name"]): row["Value"] for row in table(msi, "Registry")}
    assert registry[(r"Software\sithsclient", "issuer_url")] == "[ISSUER_URL]"
    assert registry[(r"Software\sithsclient", "module")] == "[PKCS11_MODULE]"
    assert registry[(r"Software\sithsclient", "trust")] == "[TRUST_ANCHORS]"
    assert registry[(r"Software\Microsoft\Windows\CurrentVersion\Run", "sithsclient")] == (
        '"[INSTALLDIR]sithsclientw.exe" check --notify'  # the windowed program: no console at logon
    )
    locators = {(row["Key"], row["Name"]) for row in table(msi, "RegLocator")}
    remembered = ("issuer_url", "module", "trust", *organisation.values())
    assert locators == {(r"Software\sithsclient", n) for n in remembered} | {
        (r"Software\sithsclient\Installer", "LogonReminder"),
        (r"SOFTWARE\Microsoft\Windows NT\CurrentVersion", "CurrentBuildNumber"),
    }

    [shortcut] = table(msi, "Shortcut")
    assert shortcut["Directory_"] == "ProgramMenuFolder"
    assert shortcut["Name"] == "Uppgradera SITHS-kort"
    assert shortcut["Target"] == "[INSTALLDIR]sithsclientw.exe"
    assert shortcut["WkDir"] == "INSTALLDIR"

    upgrades = table(msi, "Upgrade")
    assert {row["UpgradeCode"] for row in upgrades} == {UPGRADE_CODE}
    assert {row["ActionProperty"] for row in upgrades} == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}

    execute = {row["Action"]: int(row["Sequence"]) for row in table(msi, "InstallExecuteSequence")}
    assert execute["InstallValidate"] < execute["RemoveExistingProducts"] < execute["InstallInitialize"]
    for sequence in ("InstallExecuteSequence", "InstallUISequence"):
        steps = {row["Action"]: int(row["Sequence"]) for row in table(msi, sequence)}
        for name in ("IssuerUrl", "Module", "Trust", "LogonReminder"):
            assert steps[f"SaveCmd{name}"] < steps["AppSearch"] < steps[f"RestoreCmd{name}"] < steps["CostInitialize"]
        assert steps["RestoreCmdLogonReminder"] < steps["DefaultLogonReminder"] < steps["CostInitialize"]

    files = table(msi, "File")
    assert len(files) == len(windows_package.files())
    assert sum(int(row["FileSize"]) for row in files) == sum(windows_package.files().values())


# -- install, upgrade, uninstall under wine ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def msi_wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    """A prefix of its own for msiexec: nothing installed in it but what these tests install."""
    with booted(tmp_path_factory.mktemp("wine-msi")) as prefix:
        yield prefix


def read_lnk(path: Path) -> dict[str, str]:
    """The target and working folder of a Windows shortcut (MS-SHLLINK: header, ID list, LinkInfo, strings)."""
    data = path.read_bytes()
    assert data[:4] == b"\x4c\x00\x00\x00", "not a shell link"
    flags = struct.unpack_from("<I", data, 0x14)[0]
    offset = 0x4C
    if flags & 0x01:  # HasLinkTargetIDList
        offset += 2 + struct.unpack_from("<H", data, offset)[0]
    out: dict[str, str] = {}
    if flags & 0x02:  # HasLinkInfo: LocalBasePath, an ANSI string
        size, _header, info_flags, _volume, base = struct.unpack_from("<IIIII", data, offset)
        if info_flags & 0x01:
            end = data.index(b"\x00", offset + base)
            out["target"] = data[offset + base : end].decode("latin-1")
        offset += size
    unicode = bool(flags & 0x80)
    for bit, name in ((0x04, "name"), (0x08, "relative_path"), (0x10, "working_dir"), (0x20, "arguments")):
        if flags & bit:
            count = struct.unpack_from("<H", data, offset)[0]
            width = 2 if unicode else 1
            raw = data[offset + 2 : offset + 2 + count * width]
            out[name] = raw.decode("utf-16-le" if unicode else "latin-1").rstrip("\x00")  # wine counts the NUL
            offset += 2 + count * width
    return out


def start_menu_entry(msi_wine: Wine, log: str) -> Path:
    """Where Windows Installer put the shortcut: ProgramMenuFolder as the log records it. On Windows a
    per-machine install resolves it to the common Start menu (ProgramData); wine 8 resolves it to the user's."""
    found = re.search(r"Property\(S\): ProgramMenuFolder = (.+?)\s*$", log, flags=re.MULTILINE)
    assert found, "ProgramMenuFolder not in the log"
    return msi_wine.unix_path(found.group(1)) / SHORTCUT


def launch_conditions_failed(log: str) -> bool:
    """The LaunchConditions action failed (1 is success) and the install ended right there."""
    found = re.search(r"Action ended [\d:]+: LaunchConditions\. Return value (\d+)\.\n(.*)\n", log)
    return bool(found) and found.group(1) != "1" and ": INSTALL. Return value" in found.group(2)


def installed_files(msi_wine: Wine) -> dict[str, int]:
    root = msi_wine.unix_path(INSTALL_DIR)
    return {str(PureWindowsPath(*p.relative_to(root).parts)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def test_refused_on_windows_7(windows_package: WindowsPackage, msi_wine: Wine) -> None:
    msi_wine.windows_version("win7")
    try:
        code, log = msi_wine.msiexec("/i", str(windows_package.msis[0]))
    finally:
        msi_wine.windows_version("win10")
    assert code == INSTALL_FAILURE
    assert "Property(S): VersionNT64 = 601" in log
    assert launch_conditions_failed(log)  # wine logs the condition's message only to a UI, and /qn has none
    assert not msi_wine.unix_path(INSTALL_DIR).exists()
    assert msi_wine.products(UNINSTALL_KEY) == {}


def test_refused_on_windows_10_1607_and_server_2016(windows_package: WindowsPackage, msi_wine: Wine) -> None:
    """Build 14393 has no system ICU, which Qt 6 needs: the MSI refuses rather than install a program that
    cannot start."""
    build = (msi_wine.reg(CURRENT_VERSION_KEY) or {})["CurrentBuildNumber"]
    msi_wine.set_reg(CURRENT_VERSION_KEY, "CurrentBuildNumber", "14393")
    try:
        code, log = msi_wine.msiexec("/i", str(windows_package.msis[0]))
    finally:
        msi_wine.set_reg(CURRENT_VERSION_KEY, "CurrentBuildNumber", build)
    assert code == INSTALL_FAILURE
    assert "Property(S): WINDOWS_BUILD = 14393" in log
    assert launch_conditions_failed(log)
    assert not msi_wine.unix_path(INSTALL_DIR).exists()
    assert msi_wine.products(UNINSTALL_KEY) == {}


def user_folder(msi_wine: Wine, *parts: str) -> Path:
    """%LOCALAPPDATA%\\sithsclient\\... of the prefix's user."""
    users = msi_wine.prefix / "drive_c" / "users"
    [user] = [p for p in users.iterdir() if p.name not in ("Public", "public")]
    return user.joinpath("AppData", "Local", "sithsclient", *parts)


def test_install_upgrade_uninstall(windows_package: WindowsPackage, msi_wine: Wine) -> None:
    program = f"{INSTALL_DIR}\\sithsclientw.exe"
    run_entry = f'"{program}" check --notify'
    trust = r"C:\ProgramData\sithsclient\siths-root.pem;C:\ProgramData\sithsclient\siths-person.pem"

    # 1. A first install with organisation defaults; the reminder on by default.
    code, log = msi_wine.msiexec(
        "/i",
        str(windows_package.msis[0]),
        "ISSUER_URL=https://ca.region.example/cmp",
        f"TRUST_ANCHORS={trust}",
        "CARD_OFFICE_PHONE=010-1234567",
        "IT_SUPPORT_WEB=https://it.region.example/siths",
    )
    assert code == 0, log[-3000:]
    assert installed_files(msi_wine) == windows_package.files()
    organisation = {"card_office_phone": "010-1234567", "it_support_web": "https://it.region.example/siths"}
    assert msi_wine.reg(SETTINGS_KEY) == {
        "issuer_url": "https://ca.region.example/cmp",
        "trust": trust,
        **organisation,
    }  # no module; fmt: skip
    assert msi_wine.reg(INSTALLER_KEY) == {
        "InstallDir": INSTALL_DIR + "\\",
        "LogonReminder": "1",
        "StartMenuShortcut": "0x1",
    }
    assert (msi_wine.reg(RUN_KEY) or {}).get("sithsclient") == run_entry
    lnk = start_menu_entry(msi_wine, log)
    assert read_lnk(lnk)["target"] == program
    assert read_lnk(lnk)["working_dir"].rstrip("\\") == INSTALL_DIR
    assert list(msi_wine.products(UNINSTALL_KEY).values()) == [windows_package.versions[0]]
    # The installed program reads what the MSI wrote, through winreg.
    result = msi_wine.run(program.replace("sithsclientw.exe", "sithsclient.exe"), "diagnose", timeout=180)
    assert result.returncode == 0, result.stderr
    assert r"read from: HKLM\Software\sithsclient" in result.stdout
    assert "issuer_url: https://ca.region.example/cmp" in result.stdout
    assert "card_office: 010-1234567" in result.stdout  # the organisation's helpers, as the person is told
    assert "it_support: https://it.region.example/siths" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    # A journal of an earlier upgrade, as the engine leaves it in the user's folder.
    journal = user_folder(msi_wine, "journal", "0123456789ABCDEF.json")
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text('{"schema": 1}', encoding="utf-8")
    logfile = user_folder(msi_wine, "Logs", "sithsclient.log")
    assert ": diagnose" in logfile.read_text(encoding="utf-8")

    # 2. An upgrade that sets the module and switches the reminder off; the other settings are remembered.
    code, log = msi_wine.msiexec(
        "/i", str(windows_package.msis[1]), r"PKCS11_MODULE=C:\Windows\System32\iidp11.dll", "LOGON_REMINDER=0"
    )
    assert code == 0, log[-3000:]
    assert msi_wine.reg(SETTINGS_KEY) == {
        "issuer_url": "https://ca.region.example/cmp", "trust": trust, "module": r"C:\Windows\System32\iidp11.dll",
        **organisation,
    }  # fmt: skip
    assert (msi_wine.reg(INSTALLER_KEY) or {}).get("LogonReminder") == "0"
    assert "sithsclient" not in (msi_wine.reg(RUN_KEY) or {})
    assert list(msi_wine.products(UNINSTALL_KEY).values()) == [windows_package.versions[1]]  # the old version is gone
    assert installed_files(msi_wine) == windows_package.files()
    assert read_lnk(start_menu_entry(msi_wine, log))["target"] == program

    # 3. An upgrade that changes only the issuing service: the reminder stays off, the rest stays.
    code, log = msi_wine.msiexec("/i", str(windows_package.msis[2]), "ISSUER_URL=https://ca2.region.example/cmp")
    assert code == 0, log[-3000:]
    assert msi_wine.reg(SETTINGS_KEY) == {
        "issuer_url": "https://ca2.region.example/cmp", "trust": trust, "module": r"C:\Windows\System32\iidp11.dll",
        **organisation,
    }  # fmt: skip
    assert (msi_wine.reg(INSTALLER_KEY) or {}).get("LogonReminder") == "0"
    assert "sithsclient" not in (msi_wine.reg(RUN_KEY) or {})
    assert list(msi_wine.products(UNINSTALL_KEY).values()) == [windows_package.versions[2]]

    # 4. An older MSI is refused and changes nothing.
    code, log = msi_wine.msiexec("/i", str(windows_package.msis[0]))
    assert code == INSTALL_FAILURE
    assert re.search(r"Property\(S\): WIX_DOWNGRADE_DETECTED = \{", log)
    assert launch_conditions_failed(log)
    assert list(msi_wine.products(UNINSTALL_KEY).values()) == [windows_package.versions[2]]
    assert installed_files(msi_wine) == windows_package.files()

    # 5. Uninstall leaves nothing behind.
    code, log = msi_wine.msiexec("/x", str(windows_package.msis[2]))
    assert code == 0, log[-3000:]
    assert not msi_wine.unix_path(INSTALL_DIR).exists()
    assert msi_wine.reg(SETTINGS_KEY) is None
    assert msi_wine.reg(INSTALLER_KEY) is None
    assert "sithsclient" not in (msi_wine.reg(RUN_KEY) or {})
    assert not start_menu_entry(msi_wine, log).exists()
    assert msi_wine.products(UNINSTALL_KEY) == {}
    # ...but what is the user's: the journal of their card and the logs IT support may still ask for.
    assert journal.read_text(encoding="utf-8") == '{"schema": 1}'
    assert logfile.exists()
