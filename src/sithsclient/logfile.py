"""Where the log is and one line appended to it, with nothing but the standard library's lightest modules: the
logon reminder with no card in any reader writes its lines here instead of setting up `logging` (logs.py),
which with argparse and the configuration was most of its cost at every logon of a region."""

from __future__ import annotations

import os
import sys
import time

MAX_BYTES = 1_000_000  # logs.py rotates at this size; a longer file is left to it


def log_directory() -> str:
    """logs.log_directory()'s answer; on Linux computed as platformdirs does (XDG_STATE_HOME, else
    ~/.local/state, then sithsclient/log), elsewhere asked of platformdirs (Windows' known folders)."""
    override = os.environ.get("SITHSCLIENT_LOG_DIR")
    if override:
        return override
    if sys.platform.startswith("linux"):
        state = os.environ.get("XDG_STATE_HOME", "").strip() or os.path.expanduser("~/.local/state")
        return os.path.join(state, "sithsclient", "log")
    import platformdirs

    return str(platformdirs.user_log_dir("sithsclient", appauthor=False))


def append(lines: list[tuple[str, str]]) -> bool:
    """Append (logger name, message) records at INFO in logs.py's format. False, with nothing written, when
    the file is due to rotate or cannot be written: the caller then logs the ordinary way, which rotates it or
    says why nothing is logged."""
    path = os.path.join(log_directory(), "sithsclient.log")
    try:
        if os.path.getsize(path) >= MAX_BYTES:
            return False
    except OSError:
        return False  # no log yet: the ordinary way creates its directory
    now = time.time()
    # logging's asctime: local time, then milliseconds after a comma
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now)) + f",{int(now % 1 * 1000):03d}"
    text = "".join(f"{stamp} INFO {name}: {message}\n" for name, message in lines)
    try:
        with open(path, "a", encoding="utf-8") as log:
            log.write(text)
    except OSError:
        return False
    return True
