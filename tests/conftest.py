"""Shared test set-up: real parts (SoftHSM2, the PC/SC rig, OpenSSL, an offscreen Qt) started by fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.fixtures.softhsm",
    "tests.fixtures.pcsc",
    "tests.fixtures.engine",
    "tests.fixtures.cmp",
    "tests.fixtures.cli",
    "tests.fixtures.inprocess",
]
