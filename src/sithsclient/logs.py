"""Logging: a rotating file that a support bundle can carry, and stderr for the terminal.

Nothing logs a PIN: PINs are passed only to the card layer, which never formats them into a message.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_directory() -> Path:
    override = os.environ.get("SITHSCLIENT_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir("sithsclient", appauthor=False))


def log_file() -> Path:
    return log_directory() / "sithsclient.log"


def setup(verbosity: int = 0) -> None:
    root = logging.getLogger()
    if getattr(root, "_sithsclient_configured", False):
        return
    root.setLevel(logging.DEBUG)
    console = logging.StreamHandler()
    console.setLevel([logging.WARNING, logging.INFO, logging.DEBUG][min(verbosity, 2)])
    console.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(console)
    try:
        log_directory().mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setLevel(logging.INFO)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    except OSError as exc:  # a read-only profile must not stop an upgrade
        logging.getLogger(__name__).warning("no log file: %s", exc)
    root._sithsclient_configured = True  # type: ignore[attr-defined]
