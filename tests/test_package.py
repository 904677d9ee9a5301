"""The Windows package, as far as Linux can test it (README, "Deploying on Windows", says what only Windows can).

Once per session: the onedir from build_win.spec and three MSIs of it (the program's version and two newer
ones, for upgrades), built by installer/build.py as `make package` does. Then
- the frozen program runs: --version, status --json on a SoftHSM2 card, the wizard offscreen and on Xvfb (in
  Swedish, so the bundled translation is loaded), within the budgets of bench/package_size.py;
- the onedir holds what Qt needs and not what was trimmed;
- the MSI's tables (msiinfo) say what the WiX source and build.py's additions mean;
- under wine64, silently: install with organisation defaults, two upgrades (remembered and changed settings,
  the logon reminder switched off), a refused downgrade, a refused old Windows, uninstall — asserting files,
  registry values, the Run entry and the Start-menu shortcut.
Wine runs the MSI's logic (Windows Installer's tables and sequences) but not the program, which is a Linux
build here: the .exe is built and started only by the Windows CI workflow.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from types import ModuleType

import pytest

from sithsclient import __version__
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from tests.fixtures.softhsm import SoftHsmCard

pytestmark = [pytest.mark.package, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent
UPGRADE_CODE = "{15A120A3-1DF2-4AEA-853B-06133F4A3E06}"
INSTALL_DIR = r"C:\Program Files\sithsclient"
SETTINGS_KEY = r"HKLM\Software\sithsclient"
INSTALLER_KEY = r"HKLM\Software\sithsclient\Installer"
RUN_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Run"
UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall"
SHORTCUT = "Uppgradera SITHS-kort.lnk"
# Wine hands a Windows exit code to Linux as its low byte: 1603 (ERROR_INSTALL_FAILURE) arrives as 67.
INSTALL_FAILURE = 1603 & 0xFF


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("package_size", ROOT / "bench" / "package_size.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def bumped(version: str, by: int) -> str:
    major, minor, build = [*re.findall(r"\d+", version), "0", "0"][:3]
    return f"{major}.{minor}.{int(build) + by}"


@dataclass
class Package:
    onedir: Path
    msis: list[Path]  # the program's version, then two newer ones
    versions: list[str]
    build_seconds: float

    @property
    def program(self) -> Path:
        return self.onedir / "sithsclient"

    def files(self) -> dict[str, int]:
        """Relative path (Windows separators) -> size, of what the MSI carries: regular files, no links."""
        return {
            str(PureWindowsPath(*p.relative_to(self.onedir).parts)): p.stat().st_size
            for p in self.onedir.rglob("*")
            if p.is_file() and not p.is_symlink()
        }


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    out = tmp_path_factory.mktemp("package")
    build = [sys.executable, str(ROOT / "installer" / "build.py")]
    common = ["--dist", str(out / "dist"), "--work", str(out / "work")]
    started = time.monotonic()
    subprocess.run([*build, "all", *common], check=True, cwd=ROOT, timeout=900)
    onedir = out / "dist" / "sithsclient"
    versions = [bumped(__version__, 0), bumped(__version__, 1), bumped(__version__, 2)]
    msis = [out / "dist" / f"sithsclient-{versions[0]}-x64.msi"]
    for version in versions[1:]:
        msis.append(out / f"sithsclient-{version}-x64.msi")
        subprocess.run(
            [*build, "msi", *common, "--onedir", str(onedir), "--version", version, "--out", str(msis[-1])],
            check=True,
            cwd=ROOT,
            timeout=300,
        )
    return Package(onedir, msis, versions, time.monotonic() - started)


# -- the frozen program ---------------------------------------------------------------------------------------


def run_frozen(package: Package, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(package.program), *args],
        capture_output=True,
        text=True,
        env=bench.private_env(tmp_path, **env),
        timeout=120,
    )


def test_frozen_version(package: Package, tmp_path: Path) -> None:
    result = run_frozen(package, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sithsclient {__version__}"


def test_frozen_status_json_on_softhsm(package: Package, softhsm_card: SoftHsmCard, tmp_path: Path) -> None:
    """pyscard, python-pkcs11, cryptography and asn1crypto all work frozen: the card is read and classified."""
    result = run_frozen(
        package, tmp_path, "status", "--json", "--module", SOFTHSM_MODULE, SOFTHSM2_CONF=str(softhsm_card.soft.conf)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    [card] = data["cards"]
    assert card["serial"] == softhsm_card.card.serial
    assert card["verdict"] == "must_upgrade"
    assert sorted(c["purpose"] for c in card["certificates"]) == ["authentication", "signature"]
    assert {c["hsa_id"] for c in card["certificates"]} == {"SE2321000131-S000000012345"}


def test_frozen_diagnose_reports_bundled_versions(package: Package, tmp_path: Path) -> None:
    """The support report's versions come from importlib.metadata: the spec must carry the packages' metadata."""
    result = run_frozen(package, tmp_path, "diagnose", "--json", "--module", "/nowhere/p11.so")
    data = json.loads(result.stdout)
    versions = data["versions"]
    assert versions["frozen"] == "True"
    for name in ("PySide6-Essentials", "pyscard", "python-pkcs11", "cryptography", "asn1crypto", "requests"):
        assert versions[name] not in ("", "not installed"), name


def test_frozen_wizard_offscreen(package: Package, tmp_path: Path) -> None:
    """The offscreen platform plugin is bundled: the wizard starts, runs its event loop, and closes cleanly on
    SIGTERM (its handler runs from a Qt timer, so a clean exit means the loop was running)."""
    env = bench.private_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([str(package.program), "gui"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = tmp_path / "log" / "sithsclient.log"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and "GUI starting" in log.read_text(encoding="utf-8", errors="replace"):
            break
        time.sleep(0.1)
    time.sleep(1.0)  # a moment with the window up
    assert proc.poll() is None, proc.communicate()[0]
    proc.terminate()
    output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "frozen True" in log.read_text(encoding="utf-8")


def test_frozen_wizard_window_in_swedish_within_budget(package: Package, tmp_path: Path) -> None:
    """On a real X server (the xcb plugin and its libraries), in Swedish (the bundled .qm), in time."""
    with bench.xvfb() as display:
        swedish, title, code = bench.first_window(package.program, display, tmp_path, "--lang", "sv")
        english, english_title, _ = bench.first_window(package.program, display, tmp_path, "--lang", "en")
    print(f"frozen wizard: first window after {swedish:.2f} s (sv), {english:.2f} s (en)")
    assert title == "Uppgradering av SITHS-kort"
    assert english_title == "SITHS card upgrade"
    assert code == 0  # closed by its SIGTERM handler, not killed
    # The better of two starts: one start can be slowed by whatever else the machine does at that moment.
    assert min(swedish, english) <= bench.BUDGETS["first_window_s"]


def test_frozen_logon_reminder(package: Package, softhsm_card: SoftHsmCard, tmp_path: Path) -> None:
    """What the MSI's Run entry starts at logon, `check --notify` with nothing else: for a card that must be
    upgraded the frozen program shows its reminder (a window: Xvfb has no system tray), in Swedish."""
    with bench.xvfb() as display:
        env = bench.private_env(
            tmp_path,
            DISPLAY=display,
            LC_ALL="C.UTF-8",  # not English: the reminder speaks Swedish, as to the staff
            SOFTHSM2_CONF=str(softhsm_card.soft.conf),
            SITHSCLIENT_PKCS11_MODULE=SOFTHSM_MODULE,  # as the MSI's PKCS11_MODULE would say
        )
        proc = subprocess.Popen(
            [str(package.program), "check", "--notify"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            _seconds, title = bench.wait_for_window(proc, env, time.monotonic())
        finally:
            proc.kill()  # the reminder has no SIGTERM handler; it would wait ten minutes for a click
            proc.communicate()
    assert title == "Ditt SITHS-kort"


def test_sizes_within_budget(package: Package) -> None:
    figures = {
        "onedir_mib": bench.tree_size(package.onedir) / bench.MIB,
        "msi_mib": package.msis[0].stat().st_size / bench.MIB,
    }
    onedir, msi = figures["onedir_mib"], figures["msi_mib"]
    print(f"onedir {onedir:.1f} MiB, MSI {msi:.1f} MiB, built in {package.build_seconds:.0f} s")
    assert bench.over_budget(figures) == []


# -- what is in the onedir ------------------------------------------------------------------------------------


def test_onedir_is_trimmed_and_complete(package: Package) -> None:
    internal = package.onedir / "_internal"
    assert (internal / "sithsclient" / "ui" / "translations" / "sithsclient_sv.qm").is_file()
    qt = internal / "PySide6" / "Qt"
    translations = {p.name for p in (qt / "translations").iterdir()}
    assert "qtbase_sv.qm" in translations
    assert all(name.endswith(("_sv.qm", "_en.qm")) for name in translations), translations
    plugins = {f"{p.parent.name}/{p.name}" for p in (qt / "plugins").rglob("*.so")}
    assert {"platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so"} <= plugins
    assert not any(p.startswith(("platformthemes/", "tls/", "sqldrivers/", "networkinformation/")) for p in plugins)
    libraries = {p.name for p in internal.rglob("*.so*")}
    for unused in ("libQt6Network.so.6", "libQt6Svg.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6", "libgtk-3.so.0"):
        assert unused not in libraries
    links = [p for p in package.onedir.rglob("*") if p.is_symlink()]
    assert all(p.exists() for p in links), [str(p) for p in links if not p.exists()]


def test_windows_version_resource_template_parses() -> None:
    """build_win.spec fills installer/version_info.txt.in on Windows; PyInstaller's own parser must accept it.
    (Its module imports pywin32 at the top but needs it only to write the resource into an .exe.)"""
    import PyInstaller.compat

    if not hasattr(PyInstaller.compat, "win32api"):
        PyInstaller.compat.win32api = None  # type: ignore[attr-defined]
    from PyInstaller.utils.win32 import versioninfo

    text = (ROOT / "installer" / "version_info.txt.in").read_text(encoding="utf-8")
    filled = text.replace("@NUMBERS@", "1, 2, 3, 0").replace("@VERSION@", "1.2.3")
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"version_info_{os.getpid()}.txt"
    path.write_text(filled, encoding="utf-8")
    try:
        info = versioninfo.load_version_info_from_text_file(str(path))
    finally:
        path.unlink()
    assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == ((1 << 16) | 2, 3 << 16)
    strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
    assert strings["ProductVersion"] == "1.2.3" and strings["OriginalFilename"] == "sithsclient.exe"
    assert info.toRaw()


# -- the MSI's tables -----------------------------------------------------------------------------------------


def table(msi: Path, name: str) -> list[dict[str, str]]:
    text = subprocess.run(["msiinfo", "export", str(msi), name], check=True, capture_output=True, text=True).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:]]


def test_msi_tables(package: Package) -> None:
    msi = package.msis[0]
    summary = subprocess.run(["msiinfo", "suminfo", str(msi)], check=True, capture_output=True, text=True).stdout
    assert "Template: x64;1033" in summary

    properties = {row["Property"]: row["Value"] for row in table(msi, "Property")}
    assert properties["UpgradeCode"] == UPGRADE_CODE  # never changes: how a newer MSI finds this one
    assert properties["ProductVersion"] == package.versions[0]
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

    registry = {(row["Key"], row["Name"]): row["Value"] for row in table(msi, "Registry")}
    assert registry[(r"Software\sithsclient", "issuer_url")] == "[ISSUER_URL]"
    assert registry[(r"Software\sithsclient", "module")] == "[PKCS11_MODULE]"
    assert registry[(r"Software\sithsclient", "trust")] == "[TRUST_ANCHORS]"
    assert registry[(r"Software\Microsoft\Windows\CurrentVersion\Run", "sithsclient")] == (
        '"[INSTALLDIR]sithsclient" check --notify'  # sithsclientw.exe in the Windows build
    )
    locators = {(row["Key"], row["Name"]) for row in table(msi, "RegLocator")}
    assert locators == {(r"Software\sithsclient", n) for n in ("issuer_url", "module", "trust")} | {
        (r"Software\sithsclient\Installer", "LogonReminder")
    }

    [shortcut] = table(msi, "Shortcut")
    assert shortcut["Directory_"] == "ProgramMenuFolder"
    assert shortcut["Name"] == "Uppgradera SITHS-kort"
    assert shortcut["Target"] == "[INSTALLDIR]sithsclient"
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
    assert len(files) == len(package.files())
    assert sum(int(row["FileSize"]) for row in files) == sum(package.files().values())


# -- install, upgrade, uninstall under wine ---------------------------------------------------------------------


class Wine:
    """A wine64 prefix of this test's own, with wine's menu and browser helpers switched off and HOME inside
    it, so nothing reaches the user's desktop files."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.prefix = base / "prefix"
        (base / "home").mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")},
            "WINEPREFIX": str(self.prefix),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml,winemenubuilder.exe=d",
            "HOME": str(base / "home"),
        }
        self.logs = 0

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["wine", *args], env=self.env, capture_output=True, text=True, timeout=timeout, errors="replace"
        )

    def boot(self) -> None:
        subprocess.run(["wineboot", "-i"], env=self.env, check=True, capture_output=True, timeout=300)
        self.windows_version("win10")

    def windows_version(self, name: str) -> None:
        self.run("winecfg", "/v", name).check_returncode()

    def msiexec(self, *args: str) -> tuple[int, str]:
        """Runs msiexec silently with a verbose log; returns (exit code's low byte, the log)."""
        self.logs += 1
        log = self.base / f"msiexec-{self.logs}.log"
        result = self.run("msiexec", *args, "/qn", "/l*v", self.windows_path(log))
        text = log.read_bytes().decode("utf-8", errors="replace") if log.exists() else ""
        return result.returncode, text

    @staticmethod
    def windows_path(path: Path) -> str:
        return "Z:" + str(path).replace("/", "\\")

    def unix_path(self, windows: str) -> Path:
        drive, _, rest = windows.partition(":")
        assert drive.upper() == "C", windows
        return self.prefix / "drive_c" / Path(*PureWindowsPath(rest).parts[1:])

    def reg(self, key: str) -> dict[str, str] | None:
        """The values of a key ({name: data}), None if there is no such key."""
        result = self.run("reg", "query", key)
        if result.returncode != 0:
            return None
        values: dict[str, str] = {}
        in_key = False
        for line in result.stdout.splitlines():
            if line.strip().lower() == key.lower().replace("hklm", "hkey_local_machine"):
                in_key = True  # values of subkeys, listed after, are not this key's
                continue
            if line.startswith("HKEY_"):
                in_key = False
            found = re.match(r"^\s{4}(\S.*?)\s{4}(REG_\w+)\s{4}(.*)$", line)
            if in_key and found:
                values[found.group(1)] = found.group(3)
        return values

    def products(self) -> dict[str, str]:
        """Installed products named sithsclient: product code -> DisplayVersion."""
        found: dict[str, str] = {}
        listing = self.run("reg", "query", UNINSTALL_KEY).stdout
        for code in re.findall(r"\\(\{[0-9A-F-]{36}\})\s*$", listing, flags=re.MULTILINE):
            values = self.reg(f"{UNINSTALL_KEY}\\{code}") or {}
            if values.get("DisplayName") == "sithsclient":
                found[code] = values.get("DisplayVersion", "")
        return found

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    prefix = Wine(tmp_path_factory.mktemp("wine"))
    prefix.boot()
    yield prefix
    prefix.stop()  # the wineserver of this prefix only


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


def start_menu_entry(wine: Wine, log: str) -> Path:
    """Where Windows Installer put the shortcut: ProgramMenuFolder as the log records it. On Windows a
    per-machine install resolves it to the common Start menu (ProgramData); wine 8 resolves it to the user's."""
    found = re.search(r"Property\(S\): ProgramMenuFolder = (.+?)\s*$", log, flags=re.MULTILINE)
    assert found, "ProgramMenuFolder not in the log"
    return wine.unix_path(found.group(1)) / SHORTCUT


def launch_conditions_failed(log: str) -> bool:
    """The LaunchConditions action failed (1 is success) and the install ended right there."""
    found = re.search(r"Action ended [\d:]+: LaunchConditions\. Return value (\d+)\.\n(.*)\n", log)
    return bool(found) and found.group(1) != "1" and ": INSTALL. Return value" in found.group(2)


def installed_files(wine: Wine) -> dict[str, int]:
    root = wine.unix_path(INSTALL_DIR)
    return {str(PureWindowsPath(*p.relative_to(root).parts)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def test_refused_on_windows_7(package: Package, wine: Wine) -> None:
    wine.windows_version("win7")
    try:
        code, log = wine.msiexec("/i", str(package.msis[0]))
    finally:
        wine.windows_version("win10")
    assert code == INSTALL_FAILURE
    assert "Property(S): VersionNT64 = 601" in log
    assert launch_conditions_failed(log)  # wine logs the condition's message only to a UI, and /qn has none
    assert not wine.unix_path(INSTALL_DIR).exists()
    assert wine.products() == {}


def test_install_upgrade_uninstall(package: Package, wine: Wine) -> None:
    program = f"{INSTALL_DIR}\\sithsclient"  # sithsclientw.exe in the Windows build
    run_entry = f'"{program}" check --notify'
    trust = r"C:\ProgramData\sithsclient\siths-root.pem;C:\ProgramData\sithsclient\siths-person.pem"

    # 1. A first install with organisation defaults; the reminder on by default.
    code, log = wine.msiexec(
        "/i", str(package.msis[0]), "ISSUER_URL=https://ca.region.example/cmp", f"TRUST_ANCHORS={trust}"
    )
    assert code == 0, log[-3000:]
    assert installed_files(wine) == package.files()
    assert wine.reg(SETTINGS_KEY) == {"issuer_url": "https://ca.region.example/cmp", "trust": trust}  # no module
    assert wine.reg(INSTALLER_KEY) == {
        "InstallDir": INSTALL_DIR + "\\",
        "LogonReminder": "1",
        "StartMenuShortcut": "0x1",
    }
    assert (wine.reg(RUN_KEY) or {}).get("sithsclient") == run_entry
    lnk = start_menu_entry(wine, log)
    assert read_lnk(lnk)["target"] == program
    assert read_lnk(lnk)["working_dir"].rstrip("\\") == INSTALL_DIR
    assert list(wine.products().values()) == [package.versions[0]]

    # 2. An upgrade that sets the module and switches the reminder off; the other settings are remembered.
    code, log = wine.msiexec(
        "/i", str(package.msis[1]), r"PKCS11_MODULE=C:\Windows\System32\iidp11.dll", "LOGON_REMINDER=0"
    )
    assert code == 0, log[-3000:]
    assert wine.reg(SETTINGS_KEY) == {
        "issuer_url": "https://ca.region.example/cmp", "trust": trust, "module": r"C:\Windows\System32\iidp11.dll",
    }  # fmt: skip
    assert (wine.reg(INSTALLER_KEY) or {}).get("LogonReminder") == "0"
    assert "sithsclient" not in (wine.reg(RUN_KEY) or {})
    assert list(wine.products().values()) == [package.versions[1]]  # the old version is gone
    assert installed_files(wine) == package.files()
    assert read_lnk(start_menu_entry(wine, log))["target"] == program

    # 3. An upgrade that changes only the issuing service: the reminder stays off, the rest stays.
    code, log = wine.msiexec("/i", str(package.msis[2]), "ISSUER_URL=https://ca2.region.example/cmp")
    assert code == 0, log[-3000:]
    assert wine.reg(SETTINGS_KEY) == {
        "issuer_url": "https://ca2.region.example/cmp", "trust": trust, "module": r"C:\Windows\System32\iidp11.dll",
    }  # fmt: skip
    assert (wine.reg(INSTALLER_KEY) or {}).get("LogonReminder") == "0"
    assert "sithsclient" not in (wine.reg(RUN_KEY) or {})
    assert list(wine.products().values()) == [package.versions[2]]

    # 4. An older MSI is refused and changes nothing.
    code, log = wine.msiexec("/i", str(package.msis[0]))
    assert code == INSTALL_FAILURE
    assert re.search(r"Property\(S\): WIX_DOWNGRADE_DETECTED = \{", log)
    assert launch_conditions_failed(log)
    assert list(wine.products().values()) == [package.versions[2]]
    assert installed_files(wine) == package.files()

    # 5. Uninstall leaves nothing behind.
    code, log = wine.msiexec("/x", str(package.msis[2]))
    assert code == 0, log[-3000:]
    assert not wine.unix_path(INSTALL_DIR).exists()
    assert wine.reg(SETTINGS_KEY) is None
    assert wine.reg(INSTALLER_KEY) is None
    assert "sithsclient" not in (wine.reg(RUN_KEY) or {})
    assert not start_menu_entry(wine, log).exists()
    assert wine.products() == {}
