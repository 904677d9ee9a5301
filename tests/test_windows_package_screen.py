"""The frozen Windows program on a screen: sithsclientw.exe on Xvfb through wine's X11 driver, in Swedish, on its
card page; practice mode in the terminal and on the screen, driven with mouse and keys. The screenshots are
kept in docs/screenshots/. The package is built once per session (tests/fixtures/windows_package.py).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.windows_package import NO_SLOTS, WindowsPackage, run_program
from tests.fixtures.wine import ROOT, Wine

pytestmark = [pytest.mark.package, pytest.mark.timeout(1200)]

SCREENSHOT = ROOT / "docs" / "screenshots" / "windows-sv-01-card-no-reader.png"


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


# Grabs the box every 100 ms until two grabs in a row are the same picture (the windows have finished drawing),
# then saves that picture; exits 1 when the picture is never still within the deadline.
STILL = """
import sys, time
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
path, box, deadline = sys.argv[1], [int(v) for v in sys.argv[2:6]], time.monotonic() + float(sys.argv[6])
last = None
while time.monotonic() < deadline:
    image = app.primaryScreen().grabWindow(0, *box).toImage()
    if image == last:
        sys.exit(0 if image.save(path) else 1)
    last = image
    time.sleep(0.1)
sys.exit(1)
"""


def grab_when_still(display: str, box: tuple[int, int, int, int], path: Path, timeout: float = 20) -> None:
    """The screen's box as it shows it once its drawing is done, taken by Qt (the venv's) through the xcb plugin."""
    env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", STILL, str(path), *map(str, box), str(timeout)], env=env, timeout=timeout + 60
    )
    assert done.returncode == 0, f"the screen did not come to rest within {timeout:.0f} s"


def screenshot(display: str, path: Path) -> None:
    """The wizard's window, once drawn."""
    shell = xdotool(display, "search", "--onlyvisible", "--name", "SITHS", "getwindowgeometry", "--shell")
    geometry = dict(line.split("=", 1) for line in shell.splitlines() if "=" in line)
    x, y, width, height = (int(geometry[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
    grab_when_still(display, (x, y, width, height), path)


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
                # Then until the screen has drawn what was logged, as a person looks before acting: a page
                # logged is not yet a page that takes its keys.
                grab_when_still(self.display, (0, 0, 1280, 1024), self.logfile.parent / "still.png")
                return
            assert self.proc.poll() is None, self.logged()[-3000:]
            time.sleep(0.25)
        pytest.fail(f"not logged within {timeout:.0f} s: {line!r}; the log ends: {self.logged()[-3000:]}")

    def geometry(self, title: str) -> dict[str, int]:
        shell = xdotool(self.display, "getwindowgeometry", "--shell", window_with_title(self.display, title))
        return {k: int(v) for k, v in (line.split("=", 1) for line in shell.splitlines() if "=" in line)}

    def keys(self, title: str, *keys: str) -> None:
        """A click on the window's top edge (its page heading: nothing there takes a click), then the keys, at a
        person's pace. The pauses are that pace, not a wait for something: wine reads the keyboard's state apart
        from its queue of keys, and keys sent without them were lost (Alt+G, Alt+S on the terms page, in two
        runs of 2026-12-07). What the keys did is waited for where it shows, in the log (wait_for)."""
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
        """Wizard and panel as the screen shows them, side by side, once drawn."""
        boxes = [self.geometry(WIZARD_PRACTICE_TITLE), self.geometry(PANEL_TITLE)]
        left, top = min(b["X"] for b in boxes), min(b["Y"] for b in boxes)
        right, bottom = max(b["X"] + b["WIDTH"] for b in boxes), max(b["Y"] + b["HEIGHT"] for b in boxes)
        path = PRACTICE_SCREENSHOTS / f"windows-sv-{name}.png"
        grab_when_still(self.display, (left, top, right - left, bottom - top), path)
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
