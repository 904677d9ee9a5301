"""Where CMP may be sent, and how it is labelled: the part of the transport that needs no HTTP library, so that
the wizard and the CLI can check a URL without loading requests (it is loaded when a request is sent)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from sithsclient.enroll.errors import InsecureUrlError

CONTENT_TYPE = "application/pkixcmp"


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Refuses what may never be used: non-HTTP schemes, and plain HTTP to anything but this computer."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return
    raise InsecureUrlError(f"refusing {parts.scheme or 'no scheme'} to {parts.hostname or 'no host'}")
