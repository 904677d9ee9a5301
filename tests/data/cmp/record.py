"""Records real CMP exchanges between OpenSSL's client and OpenSSL's mock server, for the parser tests.

Run from the repository root:  .venv/bin/python tests/data/cmp/record.py
It writes, next to itself, the messages as DER (`<case>-<n>-<request|response>.der`), the CA certificate that
protects the responses (`ca.pem`), the roots the requests' certificates chain to (`anchors.pem`) and the time
of recording (`recorded-at.txt`). Recording again changes every
file (fresh keys and nonces); the tests only assume what OpenSSL's messages of each kind hold.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.pki.model import Purpose

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # for tests.fixtures, when run as a script
from tests.fixtures.cmp import OPENSSL, free_port, mock_certificate, rsa_key, write_pem

HERE = Path(__file__).resolve().parent

# case: (mock server options, client options)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "granted": ([], []),
    "polled": (["-poll_count", "2", "-check_after", "0"], []),
    "rejected": (["-pkistatus", "2", "-failure", "23", "-statusstring", "card blocked"], []),
    "error": (["-send_error"], []),
}


def listening(server: subprocess.Popen[bytes], log: Path) -> None:
    """Until OpenSSL's mock server says it accepts connections (as tests/fixtures/cmp.py's openssl_mock waits)."""
    deadline = time.monotonic() + 10
    while b"ACCEPT" not in log.read_bytes():
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"openssl cmp -port did not start listening: {log.read_text(errors='replace')}")
        time.sleep(0.02)


def main() -> None:
    hierarchy = PracticeHierarchy.create()
    old_key, new_key = rsa_key(), rsa_key()
    old = hierarchy.legacy_card_certificate(PRACTICE_HOLDER, old_key.public_key(), Purpose.AUTHENTICATION)
    issued = mock_certificate(hierarchy.legacy_ca, old, new_key.public_key(), Purpose.AUTHENTICATION)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        files = {
            "srv_cert": write_pem(work / "srv.pem", hierarchy.person_ca.cert),
            "srv_key": write_pem(work / "srv.key", hierarchy.person_ca.key),  # type: ignore[arg-type]
            "rsp_cert": write_pem(work / "rsp.pem", issued),
            "trusted": write_pem(work / "trusted.pem", hierarchy.legacy_root.cert),
            "chain": write_pem(work / "chain.pem", hierarchy.legacy_ca.cert),
            "old": write_pem(work / "old.pem", old),
            "old_key": write_pem(work / "old.key", old_key),
            "new_key": write_pem(work / "new.key", new_key),
        }
        for case, (server_options, client_options) in CASES.items():
            port = free_port()
            log = work / f"{case}-server.log"
            with log.open("wb") as out:
                server = subprocess.Popen(
                    [
                        OPENSSL, "cmp", "-port", str(port),
                        "-srv_cert", str(files["srv_cert"]), "-srv_key", str(files["srv_key"]),
                        "-rsp_cert", str(files["rsp_cert"]), "-rsp_extracerts", str(files["chain"]),
                        "-srv_trusted", str(files["trusted"]), *server_options,
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            try:
                listening(server, log)
                requests = ",".join(str(HERE / f"{case}-{n}-request.der") for n in range(1, 5))
                responses = ",".join(str(HERE / f"{case}-{n}-response.der") for n in range(1, 5))
                run = subprocess.run(
                    [
                        OPENSSL, "cmp", "-cmd", "kur", "-server", f"127.0.0.1:{port}", "-path", "pkix/",
                        "-cert", str(files["old"]), "-key", str(files["old_key"]), "-newkey", str(files["new_key"]),
                        "-extracerts", str(files["chain"]), "-srvcert", str(files["srv_cert"]),
                        "-reqout", requests, "-rspout", responses, "-certout", str(work / "out.pem"),
                        *client_options,
                    ],
                    check=False,
                    capture_output=True,
                    text=True,
                )  # fmt: skip
                print(case, "exit status", run.returncode)
            finally:
                server.terminate()
                server.wait()
    write_pem(HERE / "ca.pem", hierarchy.person_ca.cert)
    write_pem(HERE / "anchors.pem", *hierarchy.trust_anchors())
    (HERE / "recorded-at.txt").write_text(dt.datetime.now(dt.UTC).isoformat(timespec="seconds") + "\n")
    for path in sorted(HERE.glob("*.der")):
        print(path.name, path.stat().st_size)


if __name__ == "__main__":
    main()
