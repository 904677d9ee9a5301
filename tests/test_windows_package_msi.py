"""The Windows package's MSI: its tables, and msiexec /qn under wine: install with organisation defaults read back
by the installed program through winreg, two upgrades, a refused downgrade, refused Windows 7 and Windows 10
1607 / Server 2016, uninstall that removes the program and keeps the user's journal and logs. The package is
built once per session (tests/fixtures/windows_package.py).
"""

from __future__ import annotations

import re
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path, PureWindowsPath

import pytest

from tests.fixtures.windows_package import WindowsPackage
from tests.fixtures.wine import INSTALL_FAILURE, Wine, booted

pytestmark = [pytest.mark.package, pytest.mark.timeout(1200)]

UPGRADE_CODE = "{15A120A3-1DF2-4AEA-853B-06133F4A3E06}"
INSTALL_DIR = r"C:\Program Files\sithsclient"
SETTINGS_KEY = r"HKLM\Software\sithsclient"
INSTALLER_KEY = r"HKLM\Software\sithsclient\Installer"
POLICY_KEY = r"HKLM\SOFTWARE\Policies\sithsclient"  # group policy: read by the program, never written
RUN_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Run"
UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall"
CURRENT_VERSION_KEY = r"HKLM\Software\Microsoft\Windows NT\CurrentVersion"
SHORTCUT = "Uppgradera SITHS-kort.lnk"


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
        "RENEWAL_DAYS": "renewal_days", "RENEWAL": "renewal",
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
        "RENEWAL_DAYS=30",
        "RENEWAL=card_office",
    )
    assert code == 0, log[-3000:]
    assert installed_files(msi_wine) == windows_package.files()
    organisation = {
        "card_office_phone": "010-1234567", "it_support_web": "https://it.region.example/siths",
        "renewal_days": "30", "renewal": "card_office",
    }  # fmt: skip
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
    command = program.replace("sithsclientw.exe", "sithsclient.exe")
    result = msi_wine.run(command, "diagnose", "--lang", "en", timeout=180)  # the English words asserted below
    assert result.returncode == 0, result.stderr
    assert r"read from: HKLM\Software\sithsclient" in result.stdout
    assert "issuer_url: https://ca.region.example/cmp" in result.stdout
    assert "card_office: 010-1234567" in result.stdout  # the organisation's helpers, as the person is told
    assert "it_support: https://it.region.example/siths" in result.stdout
    assert "renewal_days: 30 (from" in result.stdout and "renewal: card_office (from" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    # The group policy templates come with the program, and a policy value wins over the MSI's (then removed).
    templates = msi_wine.unix_path(INSTALL_DIR) / "PolicyDefinitions"
    assert {p.relative_to(templates).as_posix() for p in templates.rglob("*.adm?")} == {
        "sithsclient.admx", "en-US/sithsclient.adml", "sv-SE/sithsclient.adml",
    }  # fmt: skip
    msi_wine.set_reg(POLICY_KEY, "issuer_url", "https://policy.region.example/cmp")
    result = msi_wine.run(command, "diagnose", "--lang", "en", timeout=180)
    msi_wine.run("reg", "delete", POLICY_KEY, "/f").check_returncode()
    assert result.returncode == 0, result.stderr
    assert f"issuer_url: https://policy.region.example/cmp (from group policy, {POLICY_KEY})" in result.stdout
    assert f"card_office: 010-1234567 (from the installer's settings, {SETTINGS_KEY})" in result.stdout
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
