"""HTTPS in front of the practice issuing service, for the bench's "a user's upgrade" memory figure.

A region's issuing service is reached over HTTPS and checked against the PC's trust store; the practice service
speaks plain HTTP. `TlsFront` listens on 127.0.0.1 with a certificate from a CA of its own, unwraps each
connection and passes its bytes to the service and back, in the bench's process (so none of it is counted in
the wizard's). `trust_store()` writes the system's CA bundle with that CA added: the wizard, given it as
SSL_CERT_FILE, loads a whole trust store through truststore as on a user's PC, not one certificate.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import select
import socket
import ssl
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")  # Debian's, which truststore reads on Linux


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificates(host: str) -> tuple[x509.Certificate, x509.Certificate, ec.EllipticCurvePrivateKey]:
    """(CA, server certificate for `host`, its key), conforming to RFC 5280 as Python's strict checks want."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    end = start + dt.timedelta(days=1)
    ca = (
        x509.CertificateBuilder(issuer_name=_name("Bench TLS CA"), subject_name=_name("Bench TLS CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server = (
        x509.CertificateBuilder(issuer_name=ca.subject, subject_name=_name(host))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return ca, server, key


class TlsFront:
    """`with TlsFront(("127.0.0.1", port), directory) as front:` then `front.url(path)` is the service over TLS."""

    HOST = "127.0.0.1"

    def __init__(self, backend: tuple[str, int], directory: Path) -> None:
        self.backend = backend
        directory.mkdir(parents=True, exist_ok=True)
        ca, server, key = _certificates(self.HOST)
        self.ca_pem = ca.public_bytes(serialization.Encoding.PEM)
        chain, key_file = directory / "tls-server.pem", directory / "tls-server.key"
        chain.write_bytes(server.public_bytes(serialization.Encoding.PEM))
        unencrypted = serialization.NoEncryption()  # a throwaway key for 127.0.0.1, for one bench run
        key_file.write_bytes(
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, unencrypted)
        )
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(chain, key_file)
        self.listener = socket.create_server((self.HOST, 0))
        self._closed = False

    def trust_store(self, path: Path) -> Path:
        path.write_bytes(SYSTEM_BUNDLE.read_bytes() + b"\n" + self.ca_pem)
        return path

    def url(self, path: str) -> str:
        return f"https://{self.HOST}:{self.listener.getsockname()[1]}{path}"

    def __enter__(self) -> TlsFront:
        threading.Thread(target=self._accept, name="tls-front", daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self._closed = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        """One connection: TLS on the wizard's side, the service's plain HTTP on the other, until either closes.
        One thread does both directions (an SSL socket must not be read and written from two threads)."""
        try:
            tls = self.context.wrap_socket(client, server_side=True)
        except (OSError, ssl.SSLError):
            client.close()
            return
        with tls, socket.create_connection(self.backend) as service:
            while True:
                ready, _, _ = select.select([tls, service], [], [], 60)
                if not ready:
                    return
                for side in ready:
                    other = service if side is tls else tls
                    try:
                        data = side.recv(65536)
                    except ssl.SSLWantReadError:
                        continue
                    except OSError:
                        return
                    if not data:
                        return
                    other.sendall(data)
                while tls.pending():  # bytes OpenSSL has decrypted already, which select cannot see
                    service.sendall(tls.recv(tls.pending()))
