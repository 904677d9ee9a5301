"""The Linux onedir (build_win.spec built by the venv's PyInstaller), frozen, on real parts.

Once per session: the onedir, built by installer/build.py as `make package` does. Then
- the frozen program runs: --version, status --json on a SoftHSM2 card, the wizard offscreen and on Xvfb (in
  Swedish, so the bundled translation is loaded), the logon reminder, within the budgets of
  bench/package_size.py;
- the onedir holds what Qt needs and not what was trimmed.
The Windows onedir and its MSI are tests/test_windows_package.py's.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from sithsclient import __version__
from sithsclient.demo.softhsm import SOFTHSM_MODULE
from tests.fixtures.softhsm import SoftHsmCard

pytestmark = [pytest.mark.package, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("package_size", ROOT / "bench" / "package_size.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


@dataclass
class Package:
    onedir: Path
    build_seconds: float

    @property
    def program(self) -> Path:
        return self.onedir / "sithsclient"


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    out = tmp_path_factory.mktemp("package")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build.py"), "onedir", "--dist", str(out / "dist"),
         "--work", str(out / "work")],
        check=True, cwd=ROOT, timeout=900,
    )  # fmt: skip
    return Package(out / "dist" / "sithsclient", time.monotonic() - started)


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
    for name in ("PySide6-Essentials", "pyscard", "python-pkcs11", "cryptography", "asn1crypto", "truststore"):
        assert versions[name] not in ("", "not installed"), name


def test_frozen_wizard_offscreen(package: Package, tmp_path: Path) -> None:
    """The offscreen platform plugin is bundled: the wizard starts, runs its event loop, and closes cleanly on
    SIGTERM (its handler runs from a Qt timer, so a clean exit means the loop was running)."""
    env = bench.private_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([str(package.program), "gui"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = tmp_path / "log" / "sithsclient.log"
    deadline = time.monotonic() + 30
    try:
        # Until the wizard has shown its first page (its card page, reading the readers): the window is up.
        while "sithsclient.ui.wizard: page: card" not in (
            log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        ):
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "the wizard showed no page within 30 s"
            time.sleep(0.1)
        assert proc.poll() is None, proc.communicate()[0]
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
    finally:  # a wizard left open would hold the user's one-wizard lock for every later test
        if proc.poll() is None:
            proc.kill()
            proc.wait()
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
    """What the MSI's Run entry starts at logon, `check --notify`: for a card that must be upgraded the frozen
    program shows its reminder (a window: Xvfb has no system tray), in Swedish. The card is SoftHSM2's, which
    needs no smart card service: a logon check without that service has no reader and reads nothing, so the
    module is named on the command line, where it is asked even then (commands/check.py, nothing_to_read)."""
    with bench.xvfb() as display:
        env = bench.private_env(
            tmp_path,
            DISPLAY=display,
            LC_ALL="C.UTF-8",  # not English: the reminder speaks Swedish, as to the staff
            SOFTHSM2_CONF=str(softhsm_card.soft.conf),
            SITHSCLIENT_PKCS11_MODULE=SOFTHSM_MODULE,  # as the MSI's PKCS11_MODULE would say
            PCSCLITE_CSOCK_NAME="/nonexistent/pcscd.comm",  # not the rig's pcscd (an empty reader): SoftHSM2's card
        )
        proc = subprocess.Popen(
            [str(package.program), "check", "--notify", "--module", SOFTHSM_MODULE],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            _seconds, title = bench.wait_for_window(proc, env, time.monotonic())
        finally:
            proc.kill()  # the reminder has no SIGTERM handler; it would wait ten minutes for a click
            proc.communicate()
    assert title == "Ditt SITHS-kort"


def test_sizes_within_budget(package: Package) -> None:
    figures = {"onedir_mib": bench.tree_size(package.onedir) / bench.MIB}
    print(f"onedir {figures['onedir_mib']:.1f} MiB, built in {package.build_seconds:.0f} s")
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
