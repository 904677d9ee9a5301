"""What every command shares: its card options, its configuration, and its one line on failure."""

from __future__ import annotations

import argparse
import sys

from sithsclient import config as config_mod
from sithsclient import exitcodes


def fail(code: str, message: str) -> int:
    print(f"sithsclient: {message} [{code}]", file=sys.stderr)
    return exitcodes.for_code(code)


def load_config(args: argparse.Namespace) -> config_mod.Config:
    overrides = {
        "module": getattr(args, "module", None),
        "issuer_url": getattr(args, "issuer", None),
        "trust": getattr(args, "trust", None),
    }
    return config_mod.load(getattr(args, "config", None), overrides=overrides)


def add_card_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--module", metavar="PATH", help="PKCS#11 module to use (default: tried per OS)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
