#!/usr/bin/env python3
"""Builds the packages: the PyInstaller onedirs (build_win.spec) and the MSI (installer/sithsclient.wxs).

    .venv/bin/python installer/build.py windows              # the Windows onedir + its MSI (`make windows`)
    .venv/bin/python installer/build.py onedir               # dist/sithsclient/: the Linux onedir
    .venv/bin/python installer/build.py all                  # both (`make package`)
    .venv/bin/python installer/build.py msi --onedir DIR     # an MSI from an existing Windows onedir (the
                                                             # Windows CI builds the .exe on Windows)

The Windows onedir (dist/windows/sithsclient/) is built by PyInstaller running in the Windows Python under
wine (installer/winpython.py: the embeddable CPython and the Windows wheels, pinned with their hashes), from
the same build_win.spec, so it holds Windows executables and DLLs only, and the MSI is made of it.

Options: --dist DIR (output, default dist/), --work DIR (intermediate files, default build/), --version V (the
MSI's ProductVersion, default the program's; the upgrade test builds a second, newer MSI of the same onedir).
Signing (osslsigncode, Authenticode): --sign-cert CERT.pem --sign-key KEY.pem, or --sign-pkcs12 FILE.pfx with
the password in SITHSCLIENT_SIGN_PASSWORD; --timestamp URL adds an RFC 3161 timestamp. The executables are
signed before the MSI is made of them, then the MSI itself.

The MSI is made by wixl (Debian's msitools), which builds MSIs on Linux from a subset of WiX 3. Two things
the WiX source cannot say to wixl are set afterwards with msibuild, as SQL on the built database:
component conditions (a setting's registry value is written only when its property is set; the logon
reminder only unless LOGON_REMINDER=0) and SecureCustomProperties (so that the properties reach the
elevated part of a per-machine install).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

import winpython

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_win.spec"
WXS = ROOT / "installer" / "sithsclient.wxs"

# Public properties an IT department sets on the msiexec command line.
# The organisation's helpers and terms (advice.py), written like the settings above: each only when it is set.
ORGANISATION_PROPERTIES = {
    "CARD_OFFICE_NAME": "SettingCardOfficeName",
    "CARD_OFFICE_PHONE": "SettingCardOfficePhone",
    "CARD_OFFICE_WEB": "SettingCardOfficeWeb",
    "IT_SUPPORT_NAME": "SettingItSupportName",
    "IT_SUPPORT_PHONE": "SettingItSupportPhone",
    "IT_SUPPORT_WEB": "SettingItSupportWeb",
    "TERMS_URL": "SettingTermsUrl",
    "RENEWAL_DAYS": "SettingRenewalDays",  # when the holder is told to renew (days before the end)
    "RENEWAL": "SettingRenewal",  # "self" or "card_office": who renews
}
PUBLIC_PROPERTIES = ("ISSUER_URL", "PKCS11_MODULE", "TRUST_ANCHORS", "LOGON_REMINDER", *ORGANISATION_PROPERTIES)
# wixl has no <Condition> inside <Component>; these go into the Component table's Condition column.
COMPONENT_CONDITIONS = {
    "SettingIssuerUrl": "ISSUER_URL",
    "SettingModule": "PKCS11_MODULE",
    "SettingTrust": "TRUST_ANCHORS",
    "LogonReminderRun": 'LOGON_REMINDER <> "0"',
    **{component: prop for prop, component in ORGANISATION_PROPERTIES.items()},
}


def program_version() -> str:
    text = (ROOT / "src" / "sithsclient" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if not found:
        raise SystemExit("no __version__ in src/sithsclient/__init__.py")
    return found.group(1)


def msi_version(version: str) -> str:
    """MSI ProductVersion is major.minor.build, numbers only; a pre-release suffix cannot be expressed."""
    numbers = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", version)
    if not numbers:
        raise SystemExit(f"cannot make an MSI version of {version!r}")
    return ".".join(n or "0" for n in numbers.groups())


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


# -- the onedir ---------------------------------------------------------------------------------------------


def build_onedir(dist: Path, work: Path) -> Path:
    # The wizard's Swedish .qm must exist before PyInstaller collects it (the spec refuses to build without).
    run([sys.executable, str(ROOT / "scripts" / "translations.py"), "build"], cwd=ROOT)
    # --clean: PyInstaller's cache compares modification times, and a module edited within the same second
    # as the last build (or restored by git) can be left stale in the archive. --clean also empties
    # PyInstaller's cache folder, which is shared by default: give each work folder its own, so that two builds
    # on one machine (two test runs) do not pull it from under each other.
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(work / "pyinstaller-cache"))
    run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), str(SPEC)],
        cwd=ROOT, env=env,
    )  # fmt: skip
    return dist / "sithsclient"


def build_windows_onedir(dist: Path, work: Path) -> Path:
    """The Windows onedir, by PyInstaller in the Windows Python under wine."""
    run([sys.executable, str(ROOT / "scripts" / "translations.py"), "build"], cwd=ROOT)
    out = windows_pyinstaller(SPEC, dist / "windows", work)
    onedir = out / "sithsclient"
    # The group policy templates beside the program, where an IT department looks for them (not in _internal).
    shutil.copytree(ROOT / "installer" / "policy", onedir / "PolicyDefinitions", dirs_exist_ok=True)
    return onedir


def windows_pyinstaller(spec: Path, dist: Path, work: Path) -> Path:
    """Runs PyInstaller on SPEC in the Windows Python under wine; returns DIST. The program itself goes in as
    a wheel of this checkout, unpacked beside (not into) that Python's site-packages and named by a .pth file
    for the build's duration: build_win.spec copies sithsclient's metadata, which only an installed
    distribution has."""
    python = winpython.prepare()
    wheels = work / "windows-wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)])
    site = work / "windows-site"
    shutil.rmtree(site, ignore_errors=True)
    [wheel] = wheels.glob("sithsclient-*.whl")
    run(["unzip", "-q", str(wheel), "-d", str(site)])
    pth = python.home / "Lib" / "site-packages" / "sithsclient-build.pth"
    pth.write_text(winpython.windows_path(site) + "\n")

    def pyinstaller() -> subprocess.CompletedProcess[str]:
        return python.run(
            "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", winpython.windows_path(dist), "--workpath", winpython.windows_path(work / "pyinstaller-win"),
            winpython.windows_path(spec),
            PYINSTALLER_CONFIG_DIR=winpython.windows_path(work / "pyinstaller-cache-win"),
        )  # fmt: skip

    started = time.monotonic()
    try:
        result = again_after_wine_crashes(pyinstaller)
    finally:
        pth.unlink(missing_ok=True)
    if result.returncode != 0:
        raise SystemExit(f"PyInstaller under wine failed with {result.returncode}")
    print(f"{spec.name} for Windows: {dist} ({time.monotonic() - started:.0f} s under wine)")
    return dist


# Wine now and then kills the helper process in which PyInstaller imports each collected package to find the
# DLL folders it adds (one `make package` in three here, importing 'logging'); the same build run again passes.
# That failure alone is run again, at most WINE_TRIES times in all; any other failure stops the build at once.
WINE_CRASH = re.compile(r"SubprocessDiedError: Isolated subprocess crashed while importing package '[^'\n]*'")
WINE_TRIES = 3


def wine_crashed(result: subprocess.CompletedProcess[str]) -> bool:
    """PyInstaller failed because its isolated subprocess died under wine, not for a fault of the build."""
    return result.returncode != 0 and WINE_CRASH.search(result.stdout + result.stderr) is not None


def again_after_wine_crashes(
    step: Callable[[], subprocess.CompletedProcess[str]], tries: int = WINE_TRIES
) -> subprocess.CompletedProcess[str]:
    """Runs `step` (PyInstaller under wine), again while wine crashed it and tries are left; prints each run's
    output and each retry, and returns the last run."""
    attempt = 1
    while True:
        result = step()
        print(result.stdout + result.stderr, flush=True)
        if attempt == tries or not wine_crashed(result):
            return result
        crashed = WINE_CRASH.search(result.stdout + result.stderr)
        print(
            f"wine crashed PyInstaller ({crashed.group(0) if crashed else ''}): "
            f"try {attempt} of {tries} failed, running it again",
            flush=True,
        )
        attempt += 1


# -- signing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """Authenticode with osslsigncode: a certificate and key in PEM files, or a PKCS#12 file."""

    cert: Path | None = None
    key: Path | None = None
    pkcs12: Path | None = None
    timestamp: str | None = None

    def sign(self, path: Path) -> None:
        if not shutil.which("osslsigncode"):
            raise SystemExit("osslsigncode not found: run installer/deps.sh (Debian package osslsigncode)")
        if self.pkcs12:
            what = ["-pkcs12", str(self.pkcs12)]
            password = os.environ.get("SITHSCLIENT_SIGN_PASSWORD")
            if password:
                what += ["-readpass", "/dev/stdin"]
        else:
            assert self.cert and self.key
            what, password = ["-certs", str(self.cert), "-key", str(self.key)], None
        stamp = ["-ts", self.timestamp] if self.timestamp else []
        signed = path.with_name(path.name + ".signed")
        signed.unlink(missing_ok=True)
        print(f"+ osslsigncode sign … {path.name}", flush=True)
        subprocess.run(
            ["osslsigncode", "sign", *what, *stamp, "-h", "sha256", "-n", "sithsclient",
             "-i", "https://github.com/sithsclient", "-in", str(path), "-out", str(signed)],
            input=password, text=True, check=True, capture_output=True,
        )  # fmt: skip
        signed.replace(path)


def signer_from(args: argparse.Namespace) -> Signer | None:
    if args.sign_pkcs12:
        return Signer(pkcs12=args.sign_pkcs12, timestamp=args.timestamp)
    if args.sign_cert or args.sign_key:
        if not (args.sign_cert and args.sign_key):
            raise SystemExit("--sign-cert and --sign-key go together")
        return Signer(cert=args.sign_cert, key=args.sign_key, timestamp=args.timestamp)
    return None


def sign_programs(onedir: Path, signer: Signer) -> None:
    for name in ("sithsclient.exe", "sithsclientw.exe"):
        signer.sign(onedir / name)


# -- the MSI ------------------------------------------------------------------------------------------------


@dataclass
class Harvest:
    files: int
    size: int
    skipped_links: list[str]


def _id(prefix: str, relative: str) -> str:
    """Stable identifiers (at most 72 characters, a letter first) from the path inside the onedir."""
    return prefix + hashlib.sha1(relative.encode("utf-8")).hexdigest()[:32]


def harvest(onedir: Path, out: Path) -> Harvest:
    """Writes a WiX fragment with every file of the onedir: one component per file, the file its key path
    (the Windows Installer component rules), in the component group ProgramFiles under INSTALLDIR. Sources
    are relative to the repository, where wixl runs: it does not accept absolute paths.

    Symbolic links are left out: an MSI cannot express them, a Windows onedir has none, and the Linux onedir's
    links (libraries linked into _internal/ for the loader) matter only for running it on Linux."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
             "  <Fragment>"]  # fmt: skip
    components: list[str] = []
    skipped: list[str] = []
    total = 0

    def directory(path: Path, indent: str) -> None:
        nonlocal total
        for entry in sorted(path.iterdir(), key=lambda p: p.name):
            relative = entry.relative_to(onedir).as_posix()
            if entry.is_symlink():
                skipped.append(relative)
                continue
            if entry.is_dir():
                lines.append(f"{indent}<Directory Id={quoteattr(_id('d', relative))} Name={quoteattr(entry.name)}>")
                directory(entry, indent + "  ")
                lines.append(f"{indent}</Directory>")
                continue
            component = _id("c", relative)
            components.append(component)
            total += entry.stat().st_size
            lines.append(f'{indent}<Component Id="{component}" Guid="*" Win64="yes">')
            lines.append(
                f'{indent}  <File Id="{_id("f", relative)}" Name={quoteattr(entry.name)} '
                f'Source={quoteattr(os.path.relpath(entry, ROOT))} KeyPath="yes" />'
            )
            lines.append(f"{indent}</Component>")

    lines.append('    <DirectoryRef Id="INSTALLDIR">')
    directory(onedir, "      ")
    lines.append("    </DirectoryRef>")
    lines.append('    <ComponentGroup Id="ProgramFiles">')
    lines += [f'      <ComponentRef Id="{c}" />' for c in components]
    lines += ["    </ComponentGroup>", "  </Fragment>", "</Wix>", ""]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    return Harvest(len(components), total, skipped)


def gui_exe(onedir: Path) -> str:
    """What the Start menu and the logon reminder start: the windowed program where there is one."""
    for name in ("sithsclientw.exe", "sithsclient.exe", "sithsclient"):
        if (onedir / name).is_file():
            return name
    raise SystemExit(f"{onedir} holds no sithsclient program: build the onedir first")


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def patch_msi(msi: Path) -> None:
    """What wixl cannot express, set on the built database (see the module's doc)."""
    queries = [
        f"UPDATE `Component` SET `Condition` = {_sql_string(cond)} WHERE `Component` = {_sql_string(comp)}"
        for comp, cond in COMPONENT_CONDITIONS.items()
    ]
    existing = subprocess.run(["msiinfo", "export", str(msi), "Property"], check=True, capture_output=True, text=True)
    secure = next((line.split("\t", 1)[1] for line in existing.stdout.splitlines()
                   if line.startswith("SecureCustomProperties\t")), "")  # fmt: skip
    wanted = ";".join(dict.fromkeys([*filter(None, secure.split(";")), *PUBLIC_PROPERTIES]))
    value = _sql_string(wanted)
    if secure:
        queries.append(f"UPDATE `Property` SET `Value` = {value} WHERE `Property` = 'SecureCustomProperties'")
    else:
        queries.append(f"INSERT INTO `Property` (`Property`, `Value`) VALUES ('SecureCustomProperties', {value})")
    for query in queries:
        run(["msibuild", str(msi), "-q", query])


def build_msi(onedir: Path, out: Path, work: Path, version: str, signer: Signer | None = None) -> Path:
    for tool in ("wixl", "msibuild", "msiinfo"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found: run installer/deps.sh (Debian packages msitools, wixl)")
    if not (onedir / "sithsclient.exe").is_file():
        raise SystemExit(f"{onedir} is not a Windows onedir (no sithsclient.exe): the MSI carries Windows files only")
    fragment = work / "msi" / "files.wxs"
    found = harvest(onedir.resolve(), fragment)
    links = len(found.skipped_links)
    print(f"harvested {found.files} files, {found.size / 2**20:.1f} MiB; left out {links} symbolic links")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    env = dict(os.environ, G_MESSAGES_DEBUG="")  # wixl logs GLib warnings for attributes it ignores
    run(
        ["wixl", "-a", "x64", "-D", f"Version={msi_version(version)}", "-D", f"GuiExe={gui_exe(onedir)}",
         "-o", str(out), str(WXS), str(fragment)],
        cwd=ROOT, env=env,
    )  # fmt: skip
    patch_msi(out)
    if signer:
        signer.sign(out)
    print(f"{out}: {out.stat().st_size / 2**20:.1f} MiB")
    return out


# -- command line -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="?", choices=("all", "onedir", "windows", "msi"), default="all")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--onedir", type=Path, help="a Windows onedir for `msi` (default: DIST/windows/sithsclient)")
    parser.add_argument("--sign-cert", type=Path, help="code-signing certificate (PEM, with its chain)")
    parser.add_argument("--sign-key", type=Path, help="its private key (PEM)")
    parser.add_argument("--sign-pkcs12", type=Path, help="certificate and key in one PKCS#12 file")
    parser.add_argument("--timestamp", help="an RFC 3161 timestamp server's URL")
    parser.add_argument("--version", default=program_version(), help="the MSI's version (default: the program's)")
    parser.add_argument("--out", type=Path, help="the MSI file (default: DIST/sithsclient-VERSION-x64.msi)")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    onedir = (args.onedir or dist / "windows" / "sithsclient").resolve()
    signer = signer_from(args)
    started = time.monotonic()
    if args.what in ("all", "onedir"):
        linux = build_onedir(dist, work)
        print(f"Linux onedir: {linux} ({time.monotonic() - started:.0f} s)")
    if args.what in ("all", "windows"):
        onedir = build_windows_onedir(dist, work)
        if signer:
            sign_programs(onedir, signer)
    if args.what in ("all", "windows", "msi"):
        out = args.out or dist / f"sithsclient-{msi_version(args.version)}-x64.msi"
        build_msi(onedir, out.resolve(), work, args.version, signer)
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
