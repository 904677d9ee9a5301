"""The practice issuing service over HTTP: CMP at /.well-known/cmp (RFC 9483 6.1) and /pkix/ (OpenSSL's default).

Also a small control endpoint, answered only to this computer, with which practice mode's panel switches
faults while the service runs:  GET /control/fault  and  PUT /control/fault  {"fault": "delay", "delay_seconds": 3}.
In-process, use `IssuerServer.set_fault` instead.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from cryptography import x509

from sithsclient.demo.hierarchy import CA, Holder, PracticeHierarchy
from sithsclient.demo.issuer.faults import FaultSetting, FaultSwitch
from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.ledger import Ledger
from sithsclient.demo.issuer.orders import ORDER_ORGANISATION, PAIR, Order, OrderBook
from sithsclient.demo.issuer.replies import Reply
from sithsclient.demo.issuer.service import IssuingService
from sithsclient.demo.issuer.sets import SetChoice
from sithsclient.enroll.client import CmpSettings
from sithsclient.enroll.urls import CONTENT_TYPE, is_loopback
from sithsclient.pki.card_set import DEFAULT_SET
from sithsclient.pki.model import Purpose

log = logging.getLogger(__name__)

CMP_PATH = "/.well-known/cmp"
MAX_REQUEST_BYTES = 256 * 1024
_CMP_PATHS = (CMP_PATH, "/pkix", "")
_POLL_SECONDS = 0.05  # how soon serve_forever notices stop(); the default 0.5 s makes every stop slow


def _is_cmp_path(path: str) -> bool:
    bare = path.split("?", 1)[0].rstrip("/")
    return bare in _CMP_PATHS or bare.startswith(CMP_PATH + "/")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a client may hold one connection for the whole transaction
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle and the client's delayed ACK add ~40 ms to
        # every answer on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s " + format, self.client_address[0], *args)

    def _send(self, status: int, body: bytes, content_type: str, *, announce_length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if announce_length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (as it should on an oversized answer)

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._send(411, b"Content-Length required\n", "text/plain")
            return None
        if int(length) > MAX_REQUEST_BYTES:
            self._send(413, b"Request too large\n", "text/plain")
            self.close_connection = True
            return None
        return self.rfile.read(int(length))

    def do_POST(self) -> None:
        if not _is_cmp_path(self.path):
            self._send(404, b"Not found: CMP is served at /.well-known/cmp\n", "text/plain")
            return
        body = self._read_body()
        if body is None:
            return
        if self.headers.get("Content-Type", "").split(";")[0].strip().lower() != CONTENT_TYPE:
            self._send(415, b"Content-Type must be application/pkixcmp\n", "text/plain")
            return
        reply: Reply = self.server.service.handle(body)
        if reply.delay and self.server.stopping.wait(reply.delay):
            return  # stopping: do not answer late
        self._send(reply.status, reply.body, reply.content_type, announce_length=reply.announce_length)

    def _control_allowed(self) -> bool:
        if self.path.rstrip("/") != "/control/fault":
            self._send(404, b"Not found\n", "text/plain")
            return False
        if not is_loopback(self.client_address[0]):
            self._send(403, b"The control endpoint answers only this computer\n", "text/plain")
            return False
        return True

    def _send_fault(self) -> None:
        payload = json.dumps(self.server.service.faults.get().as_dict()).encode()
        self._send(200, payload, "application/json")

    def do_GET(self) -> None:
        if self._control_allowed():
            self._send_fault()

    def do_PUT(self) -> None:
        if not self._control_allowed():
            return
        body = self._read_body()
        if body is None:
            return
        try:
            data = json.loads(body) if body.strip().startswith(b"{") else {"fault": body.decode().strip()}
            setting = FaultSetting.from_dict(data)
        except (ValueError, UnicodeDecodeError) as exc:
            self._send(400, f"{exc}\n".encode(), "text/plain")
            return
        self.server.service.faults.set(setting)
        log.info("fault switched to %s", setting)
        self._send_fault()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler sleeping in a "delay" fault must not hold up stop()

    def __init__(self, address: tuple[str, int], service: IssuingService) -> None:
        self.service = service
        self.stopping = threading.Event()
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client closing its kept-alive connection is normal; the default prints a traceback to stderr.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class IssuerServer:
    """The practice issuing service, in-process. `with IssuerServer.open(state) as issuer: issuer.url ...`"""

    def __init__(
        self,
        service: IssuingService,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        hierarchy: PracticeHierarchy | None = None,
    ) -> None:
        self.service = service
        self.hierarchy = hierarchy
        self._server = _Server((host, port), service)
        self._thread: threading.Thread | None = None

    @classmethod
    def open(
        cls,
        state: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        fault: FaultSetting | None = None,
        ca: CA | None = None,
        trust: tuple[x509.Certificate, ...] = (),
        card_set: str | None = DEFAULT_SET,
    ) -> IssuerServer:
        """A service whose practice hierarchy and ledger live in `state` (the hierarchy made on first start).

        `ca` replaces the practice "SITHS e-id Person HSA-id 3 CA v1 (övning)" as the issuing CA; `trust`
        replaces the practice roots as the anchors that old certificates must chain to.
        """
        hierarchy = PracticeHierarchy.load_or_create(state)
        return cls.for_hierarchy(
            hierarchy, state, host=host, port=port, fault=fault, ca=ca, trust=trust, card_set=card_set
        )

    @classmethod
    def for_hierarchy(
        cls,
        hierarchy: PracticeHierarchy,
        state: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        fault: FaultSetting | None = None,
        ca: CA | None = None,
        trust: tuple[x509.Certificate, ...] = (),
        card_set: str | None = DEFAULT_SET,
    ) -> IssuerServer:
        """Like `open`, for a hierarchy already in memory (practice mode has it; loading it again takes time).
        Only the issued log and the orders are kept in `state`."""
        issuing = ca or hierarchy.person_ca
        chain = tuple(hierarchy.chain_of(issuing)) if ca is None else (ca.cert,)
        keys = IssuerKeys(
            issuing=issuing,
            chain=chain,
            trust_anchors=trust or tuple(hierarchy.trust_anchors()),
            intermediates=(
                hierarchy.legacy_ca.cert,
                hierarchy.person_ca.cert,
                hierarchy.spare_ca.cert,
                hierarchy.id_ca.cert,
            ),
            untrusted=hierarchy.foreign_ca,
        )
        sets = SetChoice(card_set, hierarchy.id_ca, tuple(hierarchy.chain_of(hierarchy.id_ca)))
        service = IssuingService(keys, Ledger(state), FaultSwitch(fault), OrderBook(state), sets)
        return cls(service, host=host, port=port, hierarchy=hierarchy)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = str(self._server.server_address[0])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{CMP_PATH}"

    @property
    def control_url(self) -> str:
        return self.url.removesuffix(CMP_PATH) + "/control/fault"

    def set_card_set(self, name: str | None) -> None:
        """Which set the service issues from now on (pki/card_set.py SETS); None: it cannot say (issuer/sets.py)."""
        self.service.sets.name = name

    def set_fault(self, setting: FaultSetting | str) -> None:
        self.service.faults.set(FaultSetting.parse(setting) if isinstance(setting, str) else setting)

    def add_order(
        self,
        hsa_id: str,
        *,
        given_name: str = "Anna",
        surname: str = "Andersson",
        organisation: str = ORDER_ORGANISATION,
        purposes: Iterable[Purpose] = PAIR,
    ) -> Order:
        """Orders a first certificate pair for the holder with `hsa_id` in `organisation`, as its card office
        would; the returned order has the reference and the one-time code to give the holder (`order.secret`)."""
        assert self.service.orders is not None  # every IssuerServer's service has an order book
        return self.service.orders.create(Holder(given_name, surname, hsa_id, organisation), purposes)

    def client_settings(self, **overrides: Any) -> CmpSettings:
        """What a client needs to use this service: its URL, the CA that signs answers (pinned), and the top of
        the issuing CA's chain as the trust anchor for issued certificates. `overrides` replace any field."""
        keys = self.service.keys
        settings = CmpSettings(
            url=self.url,
            cmp_trust=(keys.issuing.cert,),
            trust_anchors=keys.chain[-1:],
            intermediates=keys.chain,
            recipient=keys.issuing.cert.subject,
        )
        return replace(settings, **overrides)

    def start(self) -> IssuerServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(_POLL_SECONDS,), name="practice-issuer", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever(_POLL_SECONDS)

    def stop(self) -> None:
        self._server.stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> IssuerServer:
        return self.start() if self._thread is None else self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
