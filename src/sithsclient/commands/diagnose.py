"""`sithsclient diagnose [--bundle FILE.zip] [--json]`: what IT support needs, to read out or to attach."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sithsclient import diagnostics, exitcodes
from sithsclient.codes import Code
from sithsclient.commands import words
from sithsclient.commands.common import add_card_options, add_language_option, fail, load_config


def cmd_diagnose(args: argparse.Namespace) -> int:

    cfg = load_config(args)
    data = diagnostics.report(cfg)
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        sys.stdout.write(diagnostics.as_text(data, words.current().language))
    if args.bundle:
        try:
            path = diagnostics.write_bundle(Path(args.bundle), data, language=words.current().language)
        except OSError as exc:  # a folder that is not there, a read-only share: the report above still stands
            return fail(
                Code.BUNDLE_UNWRITABLE,
                f"The support bundle could not be written to {args.bundle} ({exc.strerror or exc}). Choose a "
                "folder that exists and can be written, for example your Desktop.",
                details={"path": args.bundle, "problem": exc.strerror or str(exc)},
            )
        print(words.current()("Support bundle written: {path}", path=path.resolve()), file=sys.stderr)
    return exitcodes.OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:

    p = sub.add_parser("diagnose", help="a report for IT support; --bundle writes it with the logs to a zip")
    add_card_options(p)
    add_language_option(p)
    p.add_argument("--issuer", metavar="URL", help="the issuing service to check")
    p.add_argument("--bundle", metavar="FILE.zip", help="also write a support bundle (report, logs, journals)")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.set_defaults(func=cmd_diagnose)
