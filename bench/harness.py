"""Shared machinery of the benchmarks: the run's options, the synthetic stream on disk,
a hub process (with its keys, database and memory/CPU probes), and small statistics.

The hub runs as its own process, pinned to CPU 0; the client pins itself to CPU 1, so
on the 2-core machine the server has a core to itself (as far as other users allow).
"""

from __future__ import annotations

import base64
import os
import platform
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bench import data

BENCH_DIR = Path(__file__).resolve().parent
TAXII = "application/taxii+json;version=2.1"
console = Console(stderr=True)


@dataclass(frozen=True)
class Options:
    """What one `allyhub bench` run does; the CLI and the scripts build this."""

    objects: int = 1_000_000
    checkpoints: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    db: str = "sqlite"  # "sqlite" or a PostgreSQL URL (a fresh database is made per hub)
    peer: bool = True
    peer_objects: int = 20_000
    peer_timeout: float = 60.0
    peer_read_budget: float = 300.0  # seconds of medallion reads per checkpoint, at most
    requests: int = 200  # timed pages per filter kind, per principal, per checkpoint
    kind_budget: float = 60.0  # seconds at most for one filter kind's pages (allyhub)
    envelope: int = 1_000
    seed: int = 2015
    work_dir: str = ""  # empty: a temporary directory, removed afterwards
    out: str = "bench/out/bench.json"
    pin: bool = True
    variants: tuple[tuple[int, str], ...] = ((1, "full"), (2, "full"), (1, "normal"), (2, "normal"))
    workers: int = 1  # allyhub serve --workers; with more than one the server is not pinned
    # With `pin`, the fusion worker's core: "other" (CPU 1, beside the client: the core a
    # deployment leaves it) or "server" (CPU 0, which it inherits; runs before 2026-12-02
    # night were measured so)
    fusion_core: str = "other"

    def marks(self) -> list[int]:
        """Checkpoints up to `objects`, always ending at `objects`."""
        marks = sorted({c for c in self.checkpoints if 0 < c < self.objects} | {self.objects})
        return marks


# -- the machine -------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def pin_client(options: Options) -> None:
    if options.pin and (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {1})


def _pin_server() -> None:
    if (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {0})


def _pin_children(pid: int, cpus: set[int]) -> None:
    """Move a pinned server's child processes (its fusion worker: it starts before the
    server answers) to other cores."""
    if (os.cpu_count() or 1) < 2:
        return
    for child in _family(pid)[1:]:
        try:
            os.sched_setaffinity(child, cpus)
        except OSError:  # gone already
            continue


# -- the synthetic stream on disk --------------------------------------------------------


@dataclass
class StreamFile:
    """Envelopes written once per run, one line each: `member<TAB>json`."""

    path: Path
    definitions: bytes
    envelopes: int
    ids: list[str]
    types: list[str]

    def read(self, start: int = 0) -> Iterator[tuple[str, bytes]]:
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle):
                if number < start:
                    continue
                member, _, body = line.rstrip(b"\n").partition(b"\t")
                yield member.decode(), body


def progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def write_stream(work: Path, options: Options) -> StreamFile:
    """Generate the stream for `options.objects` objects (reused if already on disk)."""
    count = -(-options.objects // options.envelope)
    path = work / f"stream-{options.seed}-{options.envelope}x{count}.tsv"
    meta_path = path.with_suffix(".meta.json")
    if path.exists() and meta_path.exists():
        meta = orjson.loads(meta_path.read_bytes())
        return StreamFile(path, meta["definitions"].encode(), count, meta["ids"], meta["types"])
    stream = data.Stream(options.seed, options.envelope)
    definitions = orjson.dumps(stream.list_definitions())
    with path.open("wb") as handle, progress() as bar:
        task = bar.add_task("generating STIX", total=count * options.envelope)
        for member, envelope in stream.envelopes_for(count):
            handle.write(member.encode() + b"\t" + orjson.dumps(envelope) + b"\n")
            bar.advance(task, options.envelope)
    ids = stream.all_ids
    meta = {"definitions": definitions.decode(), "ids": ids, "types": sorted(stream.types_seen)}
    meta_path.write_bytes(orjson.dumps(meta))
    return StreamFile(path, definitions, count, ids, sorted(stream.types_seen))


def work_dir(options: Options) -> tuple[Path, bool]:
    """(directory, whether to remove it afterwards)."""
    if options.work_dir:
        path = Path(options.work_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path, False
    return Path(tempfile.mkdtemp(prefix="allyhub-bench-")), True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- process probes ----------------------------------------------------------------------


def _family(pid: int) -> list[int]:
    """A process and its descendants (the worker processes of `serve --workers`)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    family, todo = [], [pid]
    while todo:
        current = todo.pop()
        family.append(current)
        todo += children.get(current, [])
    return family


def _status_kb(pid: int, field_name: str) -> int:
    """A /proc status field summed over the process and its descendants."""
    total = 0
    for member in _family(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith(field_name + ":"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def cpu_seconds(pid: int, *, descendants: bool = True) -> float:
    """User plus system CPU time of a process (all threads) so far, and of its descendants
    unless told not to (a hub's fusion worker is its child)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in _family(pid) if descendants else [pid]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


class MemoryProbe:
    """Samples a process's resident set every 200 ms; VmHWM gives the kernel's own peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, _status_kb(self.pid, "VmRSS"))

    def reset(self) -> None:
        self.peak_kb = _status_kb(self.pid, "VmRSS")

    def rss_mb(self) -> float:
        return round(_status_kb(self.pid, "VmRSS") / 1024, 1)

    def hwm_mb(self) -> float:
        return round(_status_kb(self.pid, "VmHWM") / 1024, 1)

    def sampled_peak_mb(self) -> float:
        return round(max(self.peak_kb, _status_kb(self.pid, "VmRSS")) / 1024, 1)

    def stop(self) -> None:
        self._stop.set()


def wait_until_up(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before answering")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer at {url} within 120 s") from None
            time.sleep(0.1)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- an allyhub hub ----------------------------------------------------------------------


def fresh_postgres(admin: str, prefix: str = "allyhub_bench") -> tuple[str, str]:
    """A new, empty database on the server of `admin` (a PostgreSQL URL): (its URL, its name)."""
    import psycopg

    admin = admin.replace("postgresql+psycopg://", "postgresql://")
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + "/" + name, name


def drop_postgres(admin: str, name: str) -> None:
    """Drop a database `fresh_postgres` made, whoever is still connected to it."""
    import psycopg

    admin = admin.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Hub:
    """One `allyhub serve` process with a fresh database and a key per member."""

    directory: Path
    options: Options
    synchronous: str = "full"
    port: int = field(default_factory=free_port)
    secret: str = field(default_factory=lambda: secrets.token_hex(16))
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # member -> (user, key)
    process: subprocess.Popen[bytes] | None = None
    probe: MemoryProbe | None = None
    db_url: str = ""
    _dropper: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def charter_path(self) -> Path:
        return self.directory / "charter.toml"

    def collection_url(self) -> str:
        from allyhub.charter.model import derived_uuid

        collection = derived_uuid(data.COALITION, "collection", "joint")
        return f"{self.url}/taxii2/{data.COALITION}/collections/{collection}/objects/"

    def _database(self) -> str:
        if self.options.db in ("", "sqlite"):
            return f"sqlite:///{self.directory / 'hub.sqlite'}"
        url, self._dropper = fresh_postgres(self.options.db)
        return url

    def prepare(self) -> None:
        """Charter, database, keys for every member (before the server starts)."""
        from allyhub.app import open_services
        from allyhub.charter import Role
        from allyhub.settings import Settings

        self.directory.mkdir(parents=True, exist_ok=True)
        self.charter_path.write_text(data.charter_toml(self.port))
        self.db_url = self._database()
        settings = Settings(
            charter=str(self.charter_path),
            hub=data.HUB,
            data_dir=str(self.directory),
            db=self.db_url,
            secret_key=self.secret,
            sqlite_synchronous=self.synchronous,
        )
        with open_services(settings) as services:
            for member, _tier in data.member_ids():
                key, record = services.keys.create(member, Role.ANALYST)
                self.keys[member] = (record.principal, key)
            for originator, denied in data.DENIES.items():  # real governance acts
                liaison = services.keys.authenticate(
                    services.keys.create(originator, Role.LIAISON)[0]
                )
                for member in denied:
                    services.governance.deny(liaison, member)

    def start(self) -> None:
        environ = {
            **os.environ,
            "ALLYHUB_SECRET_KEY": self.secret,
            "ALLYHUB_SQLITE_SYNCHRONOUS": self.synchronous,
        }
        command = [
            sys.executable,
            "-m",
            "allyhub",
            "serve",
            "--charter",
            str(self.charter_path),
            "--hub",
            data.HUB,
            "--db",
            self.db_url,
            "--data-dir",
            str(self.directory),
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            "--workers",
            str(self.options.workers),
        ]
        self.process = subprocess.Popen(
            command,
            env=environ,
            preexec_fn=_pin_server if self.options.pin and self.options.workers == 1 else None,
            stdout=subprocess.DEVNULL,
        )
        wait_until_up(self.url + "/taxii2/", self.process, "allyhub serve")
        if self.options.pin and self.options.workers == 1 and self.options.fusion_core == "other":
            _pin_children(self.process.pid, {1})
        self.probe = MemoryProbe(self.process.pid)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        if self.probe is not None:
            self.probe.stop()
        if self.process is not None:
            stop_process(self.process)
        if self._dropper and self.options.work_dir:
            print(f"kept for --work-dir: {self.db_url}", file=sys.stderr)
        elif self._dropper:
            drop_postgres(self.options.db, self._dropper)

    def headers(self, member: str) -> dict[str, str]:
        user, key = self.keys[member]
        token = base64.b64encode(f"{user}:{key}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    def fusion_backlog(self) -> int:
        """Versions the hub's fusion worker has not reached yet (it yields to sharing)."""
        from sqlalchemy import create_engine, text

        from allyhub.store.engine import normalize_url

        engine = create_engine(normalize_url(self.db_url))
        try:
            with engine.connect() as connection:
                return int(
                    connection.execute(
                        text(
                            "SELECT count(*) FROM objects WHERE date_added > "
                            "(SELECT cursor FROM fusion_state WHERE id = 1)"
                        )
                    ).scalar_one()
                )
        finally:
            engine.dispose()

    def database_mb(self) -> float:
        """The store's size on disk: SQLite's file and WAL, PostgreSQL's database."""
        if self._dropper:
            import psycopg

            with psycopg.connect(self.db_url) as connection:
                size = connection.execute("SELECT pg_database_size(current_database())")
                return round(int(size.fetchone()[0]) / 1e6, 1)  # type: ignore[index]
        path = self.directory / "hub.sqlite"
        total = sum(
            p.stat().st_size for p in (path, path.with_name("hub.sqlite-wal")) if p.exists()
        )
        return round(total / 1e6, 1)


# -- statistics --------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def latency_summary(latencies_s: list[float]) -> dict[str, float]:
    if not latencies_s:
        return {}
    ms = [x * 1000 for x in latencies_s]
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p90_ms": round(percentile(ms, 90), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2),
    }


def write_report(report: dict[str, Any], out: str) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    return path
