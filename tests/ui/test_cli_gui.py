"""The GUI's commands from a shell without a display: no window is attempted, and the user is told what to
do instead (the wizard itself is tested offscreen in the other files)."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_no_arguments_without_a_display_says_the_wizard_needs_one() -> None:
    """`sithsclient` alone is the wizard: without a display it did not open, and says what to run instead."""
    result = run()
    assert result.returncode == 1
    assert "sithsclient upgrade" in result.stderr and "sithsclient --help" in result.stderr


def test_gui_without_a_display_says_what_to_use_instead() -> None:
    result = run("gui", "--lang", "en")
    assert result.returncode == 1
    assert "no display to open the wizard on" in result.stderr and "sithsclient upgrade" in result.stderr
    swedish = run("gui", "--lang", "sv")
    assert "ingen skärm att öppna guiden på" in swedish.stderr and "sithsclient upgrade" in swedish.stderr


def test_a_display_that_is_not_there_is_said_plainly_not_aborted() -> None:
    """DISPLAY left over from an ssh session or a closed Xvfb: Qt would abort (exit 134, a message about
    xcb-cursor0); the program says the display does not answer, as it does with no display at all."""
    result = run("--lang", "en", "gui", DISPLAY=":987")
    assert result.returncode == 1, result.stderr
    assert "the display :987 does not answer" in result.stderr and "sithsclient upgrade" in result.stderr
    assert "xcb" not in result.stderr
    bare = run("--lang", "en", DISPLAY=":987")  # `sithsclient` alone is the wizard too
    assert bare.returncode == 1 and "does not answer" in bare.stderr and "xcb" not in bare.stderr


def test_the_wizards_language_on_the_bare_command() -> None:
    """`sithsclient --lang en` is the wizard in English, as `sithsclient` alone is the wizard: no usage error.
    Without a display it says so (the window was asked for), rather than listing the commands."""
    result = run("--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "no display to open the wizard on" in result.stderr
    assert run("--lang", "fi").returncode == 2  # not a language the wizard speaks
