"""`sithsclient issuer`: run the practice issuing service until Ctrl-C.
`sithsclient issuer order`: make an order for a first certificate pair from another organisation, as its card
office would, and print the reference and one-time code to hand the holder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from sithsclient.demo.hierarchy import CA, Holder
from sithsclient.demo.issuer.faults import Fault, FaultSetting
from sithsclient.demo.issuer.orders import ORDER_ORGANISATION, PAIR, OrderBook
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.pki.card_set import DEFAULT_SET, SETS
from sithsclient.pki.model import Purpose

DEFAULT_PORT = 8829
EXIT_OK = 0
EXIT_USAGE = 2


def default_state() -> Path:
    return Path(platformdirs.user_state_dir("sithsclient", appauthor=False)) / "practice-issuer"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "issuer",
        help="run the practice issuing service (CMP) for practice mode and tests",
        description=(
            "Serve CMP key updates at http://HOST:PORT/.well-known/cmp, issuing from a practice CA hierarchy "
            "named like the real SITHS one with (övning) added. The hierarchy is made in --state on first start."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)")
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        help=f"directory for the CA hierarchy and the issued log ({default_state()})",
    )
    parser.add_argument("--ca-cert", type=Path, help="issue with this CA certificate instead of the practice one")
    parser.add_argument("--ca-key", type=Path, help="the private key (PEM, unencrypted) of --ca-cert")
    parser.add_argument(
        "--trust",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="CA certificates (PEM) that old certificates must chain to, instead of the practice roots",
    )
    parser.add_argument(
        "--fault",
        default="none",
        metavar="NAME",
        help="start with a fault: " + ", ".join(f.value for f in Fault) + " (delay=SECONDS, pending=POLLS)",
    )
    parser.add_argument(
        "--set",
        dest="card_set",
        choices=(*SETS, "none"),
        default=DEFAULT_SET,
        help="the certificates a card gets: two (a pair, as today), four (an HSA-id and a personnummer pair), "
        "one (authentication only, the 2024 platform); none: the service does not say (default two)",
    )
    parser.set_defaults(func=run)
    commands = parser.add_subparsers(dest="issuer_command", metavar="{order}")
    order = commands.add_parser(
        "order",
        help="order a first certificate pair from another organisation; prints the reference and one-time code",
        description=(
            "Make an order, as the other organisation's card office would, for ONE extra certificate pair on a "
            "holder's existing card, and print the reference and the one-time code to give the holder. The code "
            "works once for each certificate of the pair. A running service sees the order at once."
        ),
    )
    order.add_argument("--state", type=Path, default=None, help=f"the service's state directory ({default_state()})")
    order.add_argument("--hsa-id", required=True, help="the holder's HSA-ID in the ordering organisation")
    order.add_argument("--name", required=True, help='the holder\'s name, "Given Surname"')
    order.add_argument(
        "--organisation", default=ORDER_ORGANISATION, help=f"the ordering organisation (default {ORDER_ORGANISATION})"
    )
    order.add_argument(
        "--purpose",
        choices=[p.value for p in PAIR],
        action="append",
        help="only this certificate of the pair (may be given twice; default both)",
    )
    order.set_defaults(func=run_order)


def _load_ca(cert_path: Path, key_path: Path) -> CA:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError(f"{key_path}: only RSA and EC keys are supported")
    return CA(key, cert)


def _error(message: str) -> int:
    print(f"sithsclient issuer: {message} [config.invalid]", file=sys.stderr)
    return EXIT_USAGE


# The attributes a SITHS subject has that RFC 4514 has no short name for.
_ATTRIBUTE_NAMES = {NameOID.SERIAL_NUMBER: "serialNumber", NameOID.GIVEN_NAME: "givenName", NameOID.SURNAME: "SN"}


def run_order(args: argparse.Namespace) -> int:
    given, _, surname = str(args.name).strip().rpartition(" ")
    if not given or not surname:
        return _error(f"--name {args.name!r}: give the first name and the surname")
    purposes = tuple(Purpose(p) for p in args.purpose) if args.purpose else PAIR
    state: Path = args.state or default_state()
    try:
        made = OrderBook(state).create(Holder(given.strip(), surname, args.hsa_id, args.organisation), purposes)
    except (ValueError, OSError) as exc:
        return _error(str(exc))
    print(f"Order for a first certificate pair from {made.holder.organisation} (practice)")
    print(f"  subject:        {made.subject.rfc4514_string(_ATTRIBUTE_NAMES)}")
    print(f"  certificates:   {', '.join(p.value for p in made.purposes)}")
    print(f"  reference:      {made.reference}")
    print(f"  one-time code:  {made.secret}")
    print("Give the holder the reference and the code; the code works once for each certificate.", flush=True)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if (args.ca_cert is None) != (args.ca_key is None):
        return _error("--ca-cert and --ca-key go together")
    try:
        fault = FaultSetting.parse(args.fault)
        ca = _load_ca(args.ca_cert, args.ca_key) if args.ca_cert else None
        trust = tuple(c for path in args.trust for c in x509.load_pem_x509_certificates(path.read_bytes()))
    except (ValueError, OSError) as exc:
        return _error(str(exc))
    state: Path = args.state or default_state()
    try:
        card_set = None if args.card_set == "none" else args.card_set
        server = IssuerServer.open(
            state, host=args.host, port=args.port, fault=fault, ca=ca, trust=trust, card_set=card_set
        )
    except OSError as exc:
        return _error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    keys = server.service.keys
    print(f"Practice issuing service: {server.url}", flush=True)
    print(f"  issuing CA:  {keys.issuing.name}")
    print(f"  state:       {state} (CA certificates as PEM, issued log {server.service.ledger.path.name})")
    print(f"  fault:       {fault.fault.value}  (switch with PUT {server.control_url})")
    if ca is None:
        print(f"Point the client at it:  sithsclient upgrade --issuer {server.url} --trust {state / 'root.pem'}")
    print(f"Order a first certificate pair from another organisation:  sithsclient issuer order --state {state} ...")
    print("Stop with Ctrl-C.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK
