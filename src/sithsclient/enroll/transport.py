"""CMP over HTTP (RFC 6712 as profiled by RFC 9483 section 6.1): POST application/pkixcmp, through requests.

- One `requests.Session` per CMP transaction, its one connection kept alive between the transaction's messages:
  some servers (OpenSSL's among them) bind a transaction to its keep-alive connection.
- TLS is verified against the system trust store (truststore, so Windows' own store and its policies apply) or
  a configured CA bundle, never both; never certifi's. Plain HTTP is refused except to this computer (the
  practice service).
- A proxy as the computer names it (the environment, and on Windows the registry, as urllib reads them), for
  HTTPS by CONNECT with the Basic credentials its address carries; none to this computer or to a host the proxy
  settings exempt. requests' own reading of the environment (trust_env) is off: it would also take a CA bundle
  and .netrc logins from there.
- Timeouts on every request, a cap on the size of an answer read as it streams in, no redirects, and urllib3's
  retries only of connections never made: a CMP request that did reach the server may have had its effect.

This module is imported with the first message sent (and by the reachability check), never at start-up: requests
brings urllib3, idna, charset_normalizer and certifi.
"""

from __future__ import annotations

import base64
import ssl
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
import truststore
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ProxyError as Urllib3ProxyError
from urllib3.exceptions import ReadTimeoutError as Urllib3ReadTimeout
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util.retry import Retry

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
_BACKOFF_S = 0.3  # urllib3's backoff factor: the second retry of a connection waits 0.6 s, each next one twice
_TUNNEL_FAILED = "Tunnel connection failed"  # how the connection says the proxy answered the CONNECT with a no
_DETAIL = 300  # characters of a technical reason kept for the log


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

    @property
    def url(self) -> str:  # without the credentials: those go in the CONNECT's header only
        return f"http://{self.host}:{self.port}"

    def headers(self) -> dict[str, str]:
        return {"Proxy-Authorization": self.authorization} if self.authorization else {}

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
        # UTF-8 (RFC 7617's charset): requests' own Basic header would encode a login like "vårdpersonal" as Latin-1.
        pair = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode("ascii")
    return Proxy(proxy.hostname, port, authorization)


def _root(exc: BaseException) -> BaseException:
    """The error under requests' and urllib3's wrappers: what the network, the proxy or TLS said."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner: BaseException | None = None
        if isinstance(exc, MaxRetryError):
            inner = exc.reason
        elif isinstance(exc, Urllib3ProxyError):
            inner = exc.original_error
        elif exc.args and isinstance(exc.args[0], BaseException):
            inner = exc.args[0]
        if inner is None:
            inner = exc.__cause__
        if inner is None:
            break
        exc = inner
    return exc


def _never_connected(exc: BaseException) -> bool:
    """Whether no connection was made at all (refused, no route, no name, timed out): the service, or the proxy
    it is reached through, is not reachable. A proxy that answered and said no is not this."""
    while True:
        if isinstance(exc, (NewConnectionError, ConnectTimeoutError)):
            return True
        if isinstance(exc, MaxRetryError) and exc.reason is not None:
            exc = exc.reason
        elif isinstance(exc, Urllib3ProxyError):
            exc = exc.original_error
        elif isinstance(exc, requests.RequestException) and exc.args and isinstance(exc.args[0], BaseException):
            exc = exc.args[0]
        else:
            return False


def reach(url: str, timeout: float = 5.0) -> str:
    """Opens a connection to the issuing service the way a transaction will (urllib3's connection, through the
    computer's proxy when it names one, by CONNECT) and closes it at once: no TLS, no CMP message. Returns the
    way it went, for the support report. Raises ServiceUnreachable, or TransportError for a proxy that answers
    and refuses."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    proxy = proxy_for(url)
    if proxy is None:
        connection = HTTPConnection(host, port, timeout=timeout)
    else:
        connection = HTTPConnection(proxy.host, proxy.port, timeout=timeout)
        connection.set_tunnel(host, port, headers=proxy.headers())
    way = "directly" if proxy is None else f"through the proxy {proxy.host}:{proxy.port}"
    try:
        connection.connect()
    except (OSError, Urllib3Error) as exc:
        root = _root(exc)
        if str(root).startswith(_TUNNEL_FAILED) and proxy is not None:
            raise TransportError(f"the proxy {proxy.host}:{proxy.port} refused the connection: {root}") from None
        suffix = "" if proxy is None else f" {way}"
        raise ServiceUnreachable(f"{host}:{port}{suffix}: {root}"[:_DETAIL]) from None
    finally:
        connection.close()
    return way


class _Adapter(HTTPAdapter):
    """requests' adapter with this transaction's trust (the context, not certifi's bundle) and its proxy's
    credentials as the proxy wants them (UTF-8), and one connection."""

    def __init__(self, context: ssl.SSLContext | None, proxy: Proxy | None, retries: Retry) -> None:
        self._context, self._proxy = context, proxy
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=retries)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        if self._context is not None:
            pool_kwargs["ssl_context"] = self._context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        if self._context is not None:
            proxy_kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def proxy_headers(self, proxy: str) -> dict[str, str]:
        return self._proxy.headers() if self._proxy is not None else {}

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # The context holds the trust; requests would add certifi's bundle (or REQUESTS_CA_BUNDLE's) to it.
        conn.cert_reqs = "CERT_REQUIRED" if url.lower().startswith("https") else "CERT_NONE"
        conn.ca_certs = conn.ca_cert_dir = None


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
        self._timeouts = (connect_timeout, read_timeout)
        self._max = max_response_bytes
        self._proxy = proxy_for(url)
        https = urlsplit(url).scheme == "https"
        # Connections never made are retried; never a request that may have arrived (read=False, and POST is not
        # among urllib3's methods retried on a status), nor a proxy's or the server's refusal (other=0).
        retries = Retry(
            total=None,
            connect=connect_retries,
            read=False,
            redirect=0,
            status=0,
            other=0,
            backoff_factor=_BACKOFF_S,
            raise_on_status=False,
        )
        self._session = requests.Session()
        self._session.trust_env = False
        adapter = _Adapter(_tls_context(ca_bundle) if https else None, self._proxy, retries)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        if self._proxy is not None:
            self._session.proxies = {"https": self._proxy.url}
        self._session.headers.clear()
        self._session.headers.update(
            {
                "Content-Type": CONTENT_TYPE,
                "Accept": CONTENT_TYPE,
                # Identity only: an answer is read as sent, so the size cap is of what arrives.
                "Accept-Encoding": "identity",
                "User-Agent": f"sithsclient/{__version__}",
            }
        )

    @property
    def _way(self) -> str:
        return f" through the proxy {self._proxy.host}:{self._proxy.port}" if self._proxy else ""

    def post(self, message: bytes) -> bytes:
        """Sends one PKIMessage and returns the answer's bytes (a PKIMessage, not yet read)."""
        try:
            response = self._session.post(
                self.url, data=message, timeout=self._timeouts, stream=True, allow_redirects=False
            )
        except requests.RequestException as exc:
            raise self._failed(exc) from exc
        try:
            return self._body(response)
        except (OSError, Urllib3Error) as exc:
            raise self._failed(exc) from exc
        finally:
            response.close()  # read to its end, the connection stays the transaction's; else it is closed

    def _failed(self, exc: BaseException) -> TransportError:
        """The error a person and IT support read for what requests or urllib3 raised."""
        root = _root(exc)
        detail = str(root)
        if isinstance(exc, (requests.exceptions.SSLError, Urllib3SSLError)) or isinstance(root, ssl.SSLError):
            return TlsError(detail[:_DETAIL])  # a certificate not trusted, or no TLS both sides accept
        if isinstance(exc, requests.exceptions.ProxyError) and not _never_connected(exc):
            return TransportError(f"the proxy refused the connection: {detail}"[:_DETAIL])
        if isinstance(exc, requests.exceptions.ConnectTimeout) or (
            _never_connected(exc) and isinstance(root, TimeoutError)
        ):
            return ServiceUnreachable(f"connecting timed out: {self.url}{self._way}"[:_DETAIL])
        if _never_connected(exc):
            return ServiceUnreachable(f"{self.url}{self._way}: {detail}"[:_DETAIL])
        if isinstance(exc, (requests.exceptions.ReadTimeout, Urllib3ReadTimeout)) or isinstance(root, TimeoutError):
            return ServiceTimeout(f"no answer within {self._timeouts[1]} s")
        return TransportError(f"{type(root).__name__}: {detail}"[:_DETAIL])

    def _body(self, response: requests.Response) -> bytes:
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if response.status_code != 200 and content_type != CONTENT_TYPE:
            raise HttpStatusError(response.status_code, f"HTTP {response.status_code} {response.reason}")
        if content_type != CONTENT_TYPE:
            raise WrongContentType(f"Content-Type {content_type or 'missing'}")
        announced = response.headers.get("Content-Length")
        if announced and announced.isdigit() and int(announced) > self._max:
            raise ResponseTooLarge(f"{announced} bytes announced, at most {self._max} accepted")
        # The read timeout bounds each read; this bounds the whole body, against a server that trickles bytes.
        read_timeout = self._timeouts[1]
        deadline = time.monotonic() + read_timeout
        body = bytearray()
        while chunk := response.raw.read1(_CHUNK, decode_content=False):
            body += chunk
            if len(body) > self._max:
                raise ResponseTooLarge(f"more than {self._max} bytes")
            if time.monotonic() > deadline:
                raise ServiceTimeout(f"the answer took more than {read_timeout} s to arrive")
        return bytes(body)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpTransfer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
