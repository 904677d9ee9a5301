"""CMP over HTTP (RFC 6712 as profiled by RFC 9483 section 6.1): POST application/pkixcmp, one connection each.

- One HTTP connection per CMP transaction, kept alive between its messages: some servers (OpenSSL's among them)
  bind a transaction to its keep-alive connection.
- TLS is verified against the system trust store (truststore, so Windows' own store and its policies apply) or
  a configured CA bundle, never both. Plain HTTP is refused except to this computer (the practice service).
- A proxy as the computer names it (the environment, and on Windows the registry, as urllib reads them), for
  HTTPS by CONNECT; none to this computer or to a host the proxy settings exempt.
- Timeouts on every request, a cap on the size of an answer, no redirects, and retries only of connection
  attempts that never reached the server: a CMP request that did arrive may have had its effect.

Python's own http.client, not a client library: an upgrade needs one POST at a time to one server, and the
library it replaced (requests, with urllib3, idna, charset_normalizer and certifi) was 111 modules and about
5 MiB of the wizard's peak memory for that.
"""

from __future__ import annotations

import base64
import http.client
import select
import socket
import ssl
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

import truststore

from sithsclient import __version__
from sithsclient.enroll.errors import (
    HttpStatusError,
    ResponseTooLarge,
    ServiceTimeout,
    ServiceUnreachable,
    TlsError,
    TransportError,
    WrongContentType,
)
from sithsclient.enroll.urls import CONTENT_TYPE, check_url, is_loopback

__all__ = ["CONTENT_TYPE", "HttpTransfer", "Proxy", "check_url", "is_loopback", "proxy_for", "reach"]

_CHUNK = 64 * 1024
_BACKOFF_S = 0.3  # before the first retry of a connection; doubled before each next one
_TUNNEL_FAILED = "Tunnel connection failed"  # how http.client says the proxy refused the CONNECT


def _tls_context(ca_bundle: Path | None) -> ssl.SSLContext:
    if ca_bundle is None:
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca_bundle))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # Python 3.13's defaults (the Windows program's) on every Python: the same bundle is accepted alike.
    context.verify_flags |= ssl.VERIFY_X509_STRICT | ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


class Proxy:
    """An HTTP proxy that tunnels HTTPS (CONNECT), with the Basic credentials its address may carry."""

    def __init__(self, host: str, port: int, authorization: str | None = None) -> None:
        self.host, self.port, self.authorization = host, port, authorization

    def __repr__(self) -> str:  # never the credentials
        return f"Proxy({self.host}:{self.port})"


def proxy_for(url: str) -> Proxy | None:
    """The proxy the computer's settings name for this URL, or None (this computer, an exempt host, no proxy).
    Raises TransportError for a proxy this client cannot use (one reached over TLS, or not an address)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "https" or is_loopback(host):
        return None  # plain HTTP goes to this computer only, never through a proxy
    address = urllib.request.getproxies().get("https")
    if not address or urllib.request.proxy_bypass(host):
        return None
    if "://" not in address:
        address = f"http://{address}"
    proxy = urlsplit(address)
    if proxy.scheme != "http" or not proxy.hostname:
        raise TransportError(f"the proxy setting {proxy.scheme}://{proxy.hostname or '?'} cannot be used")
    try:
        port = proxy.port or 8080
    except ValueError as exc:
        raise TransportError(f"the proxy setting names no port: {exc}") from None
    authorization = None
    if proxy.username is not None:
        pair = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode("ascii")
    return Proxy(proxy.hostname, port, authorization)


def reach(url: str, timeout: float = 5.0) -> str:
    """Opens a connection to the issuing service the way a transaction will (through the computer's proxy when
    it names one, by CONNECT) and closes it at once: no TLS, no CMP message. Returns the way it went, for the
    support report. Raises ServiceUnreachable, or TransportError for a proxy that answers and refuses."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    proxy = proxy_for(url)
    if proxy is None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as exc:
            raise ServiceUnreachable(f"{host}:{port}: {exc}") from None
        return "directly"
    connection = http.client.HTTPConnection(proxy.host, proxy.port, timeout=timeout)
    headers = {"Proxy-Authorization": proxy.authorization} if proxy.authorization else None
    connection.set_tunnel(host, port, headers=headers)
    try:
        connection.connect()
    except OSError as exc:
        if str(exc).startswith(_TUNNEL_FAILED):
            raise TransportError(f"the proxy {proxy.host}:{proxy.port} refused the connection: {exc}") from None
        raise ServiceUnreachable(f"{host}:{port} through the proxy {proxy.host}:{proxy.port}: {exc}") from None
    finally:
        connection.close()
    return f"through the proxy {proxy.host}:{proxy.port}"


def _dropped(connection: http.client.HTTPConnection) -> bool:
    """Whether a kept-alive connection was closed by the server meanwhile: an idle connection has nothing to
    read, so anything readable is its end (or bytes it should not have sent). Checked before reusing it."""
    sock = connection.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


class HttpTransfer:
    """The HTTP side of one CMP transaction. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        url: str,
        *,
        ca_bundle: Path | None = None,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        max_response_bytes: int = 256 * 1024,
        connect_retries: int = 2,
    ) -> None:
        check_url(url)
        self.url = url
        parts = urlsplit(url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._https else 80)
        self._target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._connect_timeout, self._read_timeout = connect_timeout, read_timeout
        self._max = max_response_bytes
        self._retries = connect_retries
        self._context = _tls_context(ca_bundle) if self._https else None
        self._proxy = proxy_for(url)
        self._connection: http.client.HTTPConnection | None = None

    # --- connecting ----------------------------------------------------------------------------------------

    def _new_connection(self) -> http.client.HTTPConnection:
        host, port = (self._proxy.host, self._proxy.port) if self._proxy else (self._host, self._port)
        connection: http.client.HTTPConnection
        if self._context is not None:
            connection = http.client.HTTPSConnection(host, port, timeout=self._connect_timeout, context=self._context)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self._connect_timeout)
        if self._proxy is not None:
            headers = {"Proxy-Authorization": self._proxy.authorization} if self._proxy.authorization else None
            connection.set_tunnel(self._host, self._port, headers=headers)
        return connection

    def _connected(self) -> http.client.HTTPConnection:
        """The transaction's connection: the one kept alive if the server has not closed it, else a new one,
        retried only while no connection was made at all (so no request can have reached the server)."""
        if self._connection is not None and not _dropped(self._connection):
            return self._connection
        self._drop()
        for attempt in range(self._retries + 1):
            connection = self._new_connection()
            try:
                connection.connect()
            except ssl.SSLError as exc:  # a certificate not trusted, or no TLS both sides accept
                connection.close()
                raise TlsError(str(exc)[:300]) from exc
            except OSError as exc:
                connection.close()
                if str(exc).startswith(_TUNNEL_FAILED):  # the proxy answered, and refused: no retry helps
                    raise TransportError(f"the proxy refused the connection: {exc}"[:300]) from exc
                if attempt == self._retries:
                    way = f" through the proxy {self._proxy.host}:{self._proxy.port}" if self._proxy else ""
                    if isinstance(exc, TimeoutError):
                        raise ServiceUnreachable(f"connecting timed out: {self.url}{way}") from exc
                    raise ServiceUnreachable(f"{self.url}{way}: {exc}"[:300]) from exc
                time.sleep(_BACKOFF_S * 2**attempt)
                continue
            assert connection.sock is not None  # connect() made it
            connection.sock.settimeout(self._read_timeout)  # from now on the timeout is of each read
            self._connection = connection
            return connection
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- one message ---------------------------------------------------------------------------------------

    def post(self, message: bytes) -> bytes:
        """Sends one PKIMessage and returns the answer's bytes (a PKIMessage, not yet read)."""
        connection = self._connected()
        try:
            connection.request(
                "POST",
                self._target,
                body=message,
                headers={
                    "Content-Type": CONTENT_TYPE,
                    "Accept": CONTENT_TYPE,
                    # Identity only: an answer is read as sent, so the size cap is of what arrives.
                    "Accept-Encoding": "identity",
                    "User-Agent": f"sithsclient/{__version__}",
                },
            )
            response = connection.getresponse()
            body = self._body(response)
        except TimeoutError as exc:
            self._drop()
            raise ServiceTimeout(f"no answer within {self._read_timeout} s") from exc
        except ssl.SSLError as exc:
            self._drop()
            raise TlsError(str(exc)[:300]) from exc
        except (http.client.HTTPException, OSError) as exc:
            self._drop()
            raise TransportError(f"{type(exc).__name__}: {exc}"[:300]) from exc
        except BaseException:  # an answer refused half-read: this connection cannot carry another message
            self._drop()
            raise
        if response.will_close:
            self._drop()
        return body

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if response.status != 200 and content_type != CONTENT_TYPE:
            raise HttpStatusError(response.status, f"HTTP {response.status} {response.reason}")
        if content_type != CONTENT_TYPE:
            raise WrongContentType(f"Content-Type {content_type or 'missing'}")
        announced = response.getheader("Content-Length")
        if announced and announced.isdigit() and int(announced) > self._max:
            raise ResponseTooLarge(f"{announced} bytes announced, at most {self._max} accepted")
        # read_timeout bounds each read; this bounds the whole body, against a server that trickles bytes.
        deadline = time.monotonic() + self._read_timeout
        body = bytearray()
        while chunk := response.read1(_CHUNK):
            body += chunk
            if len(body) > self._max:
                raise ResponseTooLarge(f"more than {self._max} bytes")
            if time.monotonic() > deadline:
                raise ServiceTimeout(f"the answer took more than {self._read_timeout} s to arrive")
        # Read to its end, the answer is done with: closed, the connection may carry the next message.
        response.close()
        return bytes(body)

    def close(self) -> None:
        self._drop()

    def __enter__(self) -> HttpTransfer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
