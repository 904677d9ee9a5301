"""The real PC/SC test rig: our own pcscd with a vpcd reader, and virtual PIV cards plugged into it.

Used by the tests (tests/fixtures/pcsc.py) and by practice mode. Needs root (pcscd's socket is fixed at
/run/pcscd/pcscd.comm, so there is one pcscd per machine: a rig holds a lock file while it runs and a second
rig, such as a parallel test run, waits for it; the rig stops a stale pcscd of a dead rig and the system's
socket-activated one) and the Debian packages pcscd, vsmartcard-vpcd and, to talk PKCS#11, ykcs11.

Facts found while building it (pcsc-lite 1.9.9, vsmartcard-vpcd 3.3, ykcs11/libykpiv 2.2.0, python-pkcs11 0.10):
- One vpcd reader file gives TWO readers, "<FRIENDLYNAME> 00 00" on port P and "<FRIENDLYNAME> 00 01" on port
  P+1 (vpcd takes P from DEVICENAME "/dev/null:P" and listens on all addresses). The second is the rig's
  second reader for "two readers" tests; it stays empty otherwise, and ykcs11 lists it as a slot without token.
- ykcs11 uses only readers whose name starts with "Yubico" (strncmp, so case-sensitive): FRIENDLYNAME does.
- pcscd polls vpcd's card presence every 400 ms: a killed card process shows as removed in
  SCardGetStatusChange after 0.25-0.4 s (median 0.4 s), an insertion after about 0.4 s.
- First session, C_GetSlotList to C_Login: 96 APDUs. Connecting sends SELECT, an empty VERIFY (tries left),
  GET VERSION, GET SERIAL; C_OpenSession asks, for each of the 25 key slots, ATTEST, then GET METADATA, then
  GET DATA of the certificate object, then reads CCC, CHUID, discovery and a few other objects. The card
  answers ATTEST with 6D00 (not emulated), so key presence, PIN policy and public key come from GET METADATA.
- Token flags: ykcs11 shows the tries left that the card reported last (at connect, or by a failed VERIFY):
  2 left = CKF_USER_PIN_COUNT_LOW, 1 = CKF_USER_PIN_FINAL_TRY, 0 = CKF_USER_PIN_LOCKED. C_GetTokenInfo sends
  no APDU, so the flags can be stale: after a PUK unblock they say LOCKED until the next login or
  lib.reinitialize(). Wrong PINs raise PinIncorrect (also the one that blocks, 63C0); a blocked PIN raises
  PinLocked (6983), even when right.
- CKA_ID n maps to fixed PIV slots: 1=9a, 2=9c, 3=9d, 4=9e, 5..24 = retired slots 82..95, 25 = f9.
- C_Login(CKU_SO) takes the management key as 48 hex digits, in a R/W session. Key generation, certificate
  import and C_DestroyObject need it. RSA up to 2048 bits (ykcs11 2.2's limit; the card itself also generates
  RSA-3072 at the APDU level). An RSA-2048 generation is 6 APDUs (GET VERSION, GENERATE + GET RESPONSE, PUT
  DATA of a placeholder certificate in two chained parts, ATTEST); ~60 ms here, seconds on a real card.
- C_DestroyObject empties the slot's certificate object; PIV cannot delete a key, so the key objects vanish
  from that session but the public key comes back (from GET METADATA) in the next one.
- PUK: C_InitPIN is not supported. C_SetPIN in a R/W session, not logged in, with old "puk:<PUK>" and new
  "pin:<new PIN>" unblocks the PIN (RESET RETRY COUNTER); old "puk:<PUK>", new "<new PUK>" changes the PUK.
- CKA_ALWAYS_AUTHENTICATE comes from a fixed table in ykcs11 2.2 (true for 9c only), whatever the card's PIN
  policy. python-pkcs11 0.10 never reads it: it logs in context-specifically (C_Login CKU_CONTEXT_SPECIFIC after
  C_SignInit) only when `key.sign(data, pin=...)` is given a PIN. On a real YubiKey, 9c has PIN policy
  "always" and a plain second `key.sign(data)` fails with UserNotLoggedIn. The practice card therefore gives
  every key PIN policy "once" (plain python-pkcs11 signing works with 9a and 9c after one login) unless it is
  provisioned with `pin_policy_always` (see provision.py); the tests show `sign(..., pin=...)` then works.
- A pulled card (card process killed) makes the running call fail (DeviceError for a signature); after
  re-insertion `lib.reinitialize()` makes ykcs11 find the card again.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from sithsclient.demo import pcsc_wait

YKCS11_PATH = "/usr/lib/x86_64-linux-gnu/libykcs11.so"
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
PCSCD_RUN_DIR = Path("/run/pcscd")
DEFAULT_FRIENDLY_NAME = "Yubico YubiKey (sithsclient practice)"
DEFAULT_PORT = 35963
COME_UP_S = 3.0  # a card comes up in about 0.4 s; after this, vpcd is stuck and the reader is replugged
# Every pcscd the rig starts reads a configuration directory with this name: that is how a stale one is known.
_CONF_DIR_NAME = "sithsclient-rig-conf"
_TEMP_PREFIX = "sithsclient-rig-"
# Held (flock) by the rig that owns the one pcscd; a second rig, say a parallel test run, waits for it.
_LOCK_NAME = "sithsclient-rig.lock"


class RigError(RuntimeError):
    """The rig could not be brought up (missing package, a foreign pcscd, a card that would not come up)."""


@dataclass
class InsertedCard:
    """A virtual card process sitting in a reader."""

    state_path: Path
    reader: str
    process: subprocess.Popen[bytes]
    trace_path: Path
    log_path: Path

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def apdu_count(self) -> int:
        """APDUs the card has answered since it was inserted (one trace line each)."""
        try:
            with self.trace_path.open("rb") as handle:
                return sum(1 for _ in handle)
        except FileNotFoundError:
            return 0


@dataclass
class _Slot:
    reader: str
    port: int
    card: InsertedCard | None = None
    insertions: int = 0


@dataclass
class PcscRig:
    """pcscd + vpcd + virtual cards. Use as a context manager, or call start() and stop()."""

    workdir: Path | None = None
    port: int | None = None
    friendly_name: str = DEFAULT_FRIENDLY_NAME
    python: str = sys.executable
    timeout: float = 10.0
    lock_timeout: float = 240.0
    replugs: int = 0  # how often the reader had to be replugged to take a card back (see _replug)
    _pcscd: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _lock: int | None = field(default=None, init=False, repr=False)
    _slots: list[_Slot] = field(default_factory=list, init=False, repr=False)
    _own_workdir: bool = field(default=False, init=False, repr=False)

    # -- life cycle ------------------------------------------------------------------------------------

    def __enter__(self) -> PcscRig:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def readers(self) -> tuple[str, ...]:
        return tuple(slot.reader for slot in self._slots)

    def reader_name(self, reader: int = 0) -> str:
        return self._slots[reader].reader

    def start(self) -> None:
        if self._pcscd is not None:
            return
        for tool in ("pcscd",):
            if shutil.which(tool) is None:
                raise RigError(f"{tool} is not installed (Debian package pcscd; run scripts/setup.sh)")
        if not Path(VPCD_DRIVER).exists():
            raise RigError("the vpcd reader driver is missing (Debian package vsmartcard-vpcd)")
        self._lock = _acquire_lock(self.lock_timeout)
        try:
            _clear_the_way()
        except BaseException:
            self.stop()
            raise
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX))
            self._own_workdir = True
        port = self.port if self.port is not None else _free_port_pair(DEFAULT_PORT)
        conf = self.workdir / _CONF_DIR_NAME
        logs = self.workdir / "logs"  # outside conf: pcscd reads every file there as a reader file
        conf.mkdir(parents=True, exist_ok=True)
        logs.mkdir(exist_ok=True)
        (conf / "vpcd").write_text(
            f'FRIENDLYNAME "{self.friendly_name}"\nDEVICENAME   /dev/null:{port}\nLIBPATH      {VPCD_DRIVER}\n',
            encoding="ascii",
        )
        log = (logs / "pcscd.log").open("ab")
        try:
            self._pcscd = subprocess.Popen(
                ["pcscd", "--foreground", "-c", str(conf)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        names = [f"{self.friendly_name} 00 00", f"{self.friendly_name} 00 01"]
        self._slots = [_Slot(names[0], port), _Slot(names[1], port + 1)]
        try:
            self._wait_for_readers(names)
        except BaseException:
            self.stop()
            raise

    def _wait_for_readers(self, names: list[str]) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            assert self._pcscd is not None
            if self._pcscd.poll() is not None:
                raise RigError(f"pcscd exited with {self._pcscd.returncode}: {self._log_tail('pcscd.log')}")
            try:
                if all(name in pcsc_wait.list_readers() for name in names):
                    return
            except pcsc_wait.PcscUnavailable:
                pass
            if time.monotonic() > deadline:
                raise RigError(f"pcscd did not show the readers {names}: {self._log_tail('pcscd.log')}")
            time.sleep(0.05)

    def _log_tail(self, name: str) -> str:
        assert self.workdir is not None
        try:
            return (self.workdir / "logs" / name).read_text(errors="replace")[-2000:]
        except FileNotFoundError:
            return "(no log)"

    def stop(self) -> None:
        for index in range(len(self._slots)):
            self.pull(index, wait=False)
        if self._pcscd is not None:
            _terminate(self._pcscd)
            self._pcscd = None
        if self._own_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
            self._own_workdir = False
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None

    # -- cards -----------------------------------------------------------------------------------------

    def card(self, reader: int = 0) -> InsertedCard | None:
        return self._slots[reader].card

    def insert(
        self, state_path: Path, *, reader: int = 0, die_after: int | None = None, wait: bool = True
    ) -> InsertedCard:
        """Start a card process for `state_path` in the reader; by default wait until PC/SC shows it."""
        if self._pcscd is None or self.workdir is None:
            raise RigError("the rig is not started")
        slot = self._slots[reader]
        if slot.card is not None and slot.card.alive:
            raise RigError(f"reader {slot.reader!r} already holds a card")
        slot.insertions += 1
        stem = f"card-{reader}-{slot.insertions}"
        logs = self.workdir / "logs"
        trace, log_path = logs / f"{stem}.trace", logs / f"{stem}.log"
        command = [self.python, "-m", "sithsclient.demo.vcard", "--state", str(state_path)]
        command += ["--port", str(slot.port), "--trace", str(trace)]
        if die_after is not None:
            command += ["--die-after", str(die_after)]
        with log_path.open("ab") as log:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        slot.card = InsertedCard(Path(state_path), slot.reader, process, trace, log_path)
        if wait:
            try:
                self.wait_for_card(reader, present=True, timeout=min(self.timeout, COME_UP_S))
            except TimeoutError:
                self._replug(reader, state_path, die_after)
        card = self._slots[reader].card  # a replug made new slots
        assert card is not None
        return card

    def _replug(self, reader: int, state_path: Path, die_after: int | None) -> None:
        """vpcd sometimes does not take a card back after one died in the middle of a module's long exchange
        (the module goes on sending to it, then resets it; vpcd's reset fails and pcscd stops looking). A real
        reader reports a removal itself. Here the rig then restarts pcscd: to the program, the reader was
        unplugged and plugged in again, which it must survive as well. Counted in `replugs`."""
        self.replugs += 1
        others = {i: s.card.state_path for i, s in enumerate(self._slots) if i != reader and s.card and s.card.alive}
        self.stop()
        self.start()
        for index, path in others.items():
            self.insert(path, reader=index)
        slot = self._slots[reader]
        self.insert(state_path, reader=reader, die_after=die_after, wait=False)
        try:
            self.wait_for_card(reader, present=True)
        except TimeoutError as exc:
            card = slot.card
            self.pull(reader, wait=False)
            log_name = card.log_path.name if card else "pcscd.log"
            raise RigError(f"the card did not come up: {self._log_tail(log_name)}") from exc

    def pull(self, reader: int = 0, *, wait: bool = True) -> None:
        """Pull the card: kill its process at once (as a hand yanks it), then wait until PC/SC sees it gone."""
        slot = self._slots[reader]
        card, slot.card = slot.card, None
        if card is not None and card.alive:
            card.process.kill()
        if card is not None:
            card.process.wait()
        if wait:
            self.wait_for_card(reader, present=False)

    def wait_for_card(self, reader: int = 0, *, present: bool = True, timeout: float | None = None) -> float:
        """Wait until PC/SC reports the reader with (or without) a card; returns the seconds waited."""
        return pcsc_wait.wait_for_card(
            self._slots[reader].reader, present=present, timeout=self.timeout if timeout is None else timeout
        )

    def card_present(self, reader: int = 0) -> bool:
        return pcsc_wait.card_present(self._slots[reader].reader)


# -- keeping one pcscd ---------------------------------------------------------------------------------


def _lock_path() -> Path:
    run_lock = Path("/run/lock")
    return (run_lock if run_lock.is_dir() else Path(tempfile.gettempdir())) / _LOCK_NAME


def _acquire_lock(timeout: float) -> int:
    """Wait until no other rig runs. The kernel drops the lock when its holder dies, however it dies."""
    path = _lock_path()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() > deadline:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                os.close(fd)
                raise RigError(f"another PC/SC rig (pid {holder}) has been running for {timeout:.0f} s") from None
            time.sleep(0.2)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _terminate(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _mount_namespace(pid: int | str) -> str:
    try:
        return os.readlink(f"/proc/{pid}/ns/mnt")
    except OSError:
        return ""


def _pcscd_processes() -> list[tuple[int, list[str]]]:
    """pcscd processes that share our /run/pcscd: those in our mount namespace. A pcscd in another one (a
    parallel test run isolated with `unshare --mount`) has a socket of its own and is none of our business."""
    found = []
    ours = _mount_namespace("self")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if _mount_namespace(entry.name) != ours:
            continue
        if argv and argv[0] and os.path.basename(argv[0]) == b"pcscd":
            found.append((int(entry.name), [arg.decode(errors="replace") for arg in argv if arg]))
    return found


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        status = Path(f"/proc/{pid}/stat")
        try:
            if status.read_text().split(") ", 1)[1].startswith("Z"):
                return True  # a zombie holds no socket
        except (OSError, IndexError):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _clear_the_way() -> None:
    """Make room for our pcscd: end a stale one of ours, stop the system's, refuse to touch anyone else's.

    Called with the rig lock held, so a pcscd of ours found here belongs to a rig that died without stop().
    """
    for pid, argv in _pcscd_processes():
        conf_dirs = [Path(arg) for arg in argv if arg.endswith(_CONF_DIR_NAME)]
        if not conf_dirs:
            continue
        os.kill(pid, signal.SIGTERM)
        if not _wait_gone(pid, 5.0):
            os.kill(pid, signal.SIGKILL)
            _wait_gone(pid, 5.0)
        # A rig that died without stop() leaves its temporary directory; a caller-given workdir is kept.
        workdir = conf_dirs[0].parent
        if workdir.name.startswith(_TEMP_PREFIX) and workdir.parent == Path(tempfile.gettempdir()):
            shutil.rmtree(workdir, ignore_errors=True)
    if shutil.which("systemctl") and Path("/run/systemd/system").exists():
        for unit in ("pcscd.socket", "pcscd.service"):
            active = subprocess.run(["systemctl", "is-active", "--quiet", unit], check=False).returncode == 0
            if active:
                subprocess.run(["systemctl", "stop", unit], check=False)
    others = [pid for pid, argv in _pcscd_processes() if not _wait_gone(pid, 2.0)]
    if others:
        raise RigError(
            f"another pcscd (pid {others[0]}) holds {PCSCD_RUN_DIR}/pcscd.comm; stop it before using the rig"
        )


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _free_port_pair(preferred: int) -> int:
    """vpcd listens on P and P+1: take the default pair if free, else any free pair."""
    if _port_free(preferred) and _port_free(preferred + 1):
        return preferred
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("0.0.0.0", 0))
            port = int(probe.getsockname()[1])
        if port < 65535 and _port_free(port) and _port_free(port + 1):
            return port
    raise RigError("no two free consecutive TCP ports for vpcd")
