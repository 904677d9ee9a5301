"""CMP over HTTP (RFC 6712 as profiled by RFC 9483 section 6.1): POST application/pkixcmp, one session each.

- One `requests.Session` per CMP transaction: some servers (OpenSSL's among them) bind a transaction to its
  keep-alive connection.
- TLS is verified against the system trust store (truststore, so Windows' own store and its policies apply) or
  a configured CA bundle, never both and never the certifi bundle. Plain HTTP is refused except to this
  computer (the practice service).
- Timeouts on every request, a cap on the size of an answer, no redirects, and retries only of connection
  attempts that never reached the server: a CMP request that did arrive may have had its effect.
"""

from __future__ import annotations

import ssl
import time
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests
import truststore
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError, NewConnectionError
from urllib3.util.retry import Retry

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

__all__ = ["CONTENT_TYPE", "HttpTransfer", "check_url", "is_loopback"]

_CHUNK = 64 * 1024


class _VerifiedAdapter(HTTPAdapter):
    """An adapter whose TLS trust is exactly `context`: requests would otherwise add the certifi bundle."""

    def __init__(self, context: ssl.SSLContext, retries: Retry) -> None:
        self._context = context
        super().__init__(max_retries=retries)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None


def _tls_context(ca_bundle: Path | None) -> ssl.SSLContext:
    if ca_bundle is None:
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca_bundle))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # Python 3.13's defaults (the Windows program's) on every Python: the same bundle is accepted alike.
    context.verify_flags |= ssl.VERIFY_X509_STRICT | ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


def _connection_never_made(exc: requests.exceptions.ConnectionError) -> bool:
    reason: object = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError | NameResolutionError)


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
        self._timeout = (connect_timeout, read_timeout)
        self._max = max_response_bytes
        self._session = requests.Session()
        # Proxies from the environment (and, on Windows, the registry) but nothing else from it: no netrc
        # credentials, no REQUESTS_CA_BUNDLE widening the trust chosen here.
        self._session.trust_env = False
        host = urlsplit(url).hostname or ""
        if not is_loopback(host):
            self._session.proxies = requests.utils.get_environ_proxies(url)
        retries = Retry(
            total=connect_retries,
            connect=connect_retries,
            read=0,
            status=0,
            other=0,
            redirect=0,
            backoff_factor=0.3,
            raise_on_status=False,
        )
        if urlsplit(url).scheme == "https":
            self._session.mount("https://", _VerifiedAdapter(_tls_context(ca_bundle), retries))
        else:
            self._session.mount("http://", HTTPAdapter(max_retries=retries))

    def post(self, message: bytes) -> bytes:
        """Sends one PKIMessage and returns the answer's bytes (a PKIMessage, not yet read)."""
        try:
            response = self._session.post(
                self.url,
                data=message,
                headers={
                    "Content-Type": CONTENT_TYPE,
                    "Accept": CONTENT_TYPE,
                    # Identity only: a compressed answer could expand past the size cap inside requests.
                    "Accept-Encoding": "identity",
                },
                timeout=self._timeout,
                allow_redirects=False,
                stream=True,
            )
            with response:
                return self._body(response)
        except requests.exceptions.SSLError as exc:
            raise TlsError(str(exc)[:300]) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise ServiceUnreachable(f"connecting timed out: {self.url}") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise ServiceTimeout(f"no answer within {self._timeout[1]} s") from exc
        except requests.exceptions.ConnectionError as exc:
            if _connection_never_made(exc):
                raise ServiceUnreachable(str(exc)[:300]) from exc
            raise TransportError(str(exc)[:300]) from exc
        except requests.exceptions.RequestException as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}"[:300]) from exc

    def _body(self, response: requests.Response) -> bytes:
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if response.status_code != 200 and content_type != CONTENT_TYPE:
            raise HttpStatusError(response.status_code, f"HTTP {response.status_code} {response.reason}")
        if content_type != CONTENT_TYPE:
            raise WrongContentType(f"Content-Type {content_type or 'missing'}")
        announced = response.headers.get("Content-Length")
        if announced and announced.isdigit() and int(announced) > self._max:
            raise ResponseTooLarge(f"{announced} bytes announced, at most {self._max} accepted")
        # read_timeout bounds each read; this bounds the whole body, against a server that trickles bytes.
        deadline = time.monotonic() + self._timeout[1]
        body = bytearray()
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > self._max:
                raise ResponseTooLarge(f"more than {self._max} bytes")
            if time.monotonic() > deadline:
                raise ServiceTimeout(f"the answer took more than {self._timeout[1]} s to arrive")
        return bytes(body)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpTransfer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
