"""The peer: medallion 3.0.0, the OASIS reference TAXII 2.1 server, on the same data.

It gets its own virtual environment in bench/.medallion (`python -m venv` and
`pip install medallion==3.0.0`, made on first use), the memory backend, one API root and
one collection, and listens on loopback, pinned to the server's core like allyhub.
Its memory backend compares each new object with every stored one and deep-copies the
collection on every read, so its work is capped: `--peer-objects` objects (20,000 by
default), a per-request timeout, and a time budget for reads at each checkpoint. What it
did within those limits is reported as it happened.
"""

from __future__ import annotations

import base64
import os
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench import client, data, harness
from bench.harness import TAXII, Options, StreamFile

VERSION = "3.0.0"
VENV = harness.BENCH_DIR / ".medallion"
API_ROOT = "bench"


def ensure_venv() -> Path:
    """The medallion executable, installing it into bench/.medallion the first time."""
    executable = VENV / "bin" / "medallion"
    python = VENV / "bin" / "python"
    if executable.exists():
        check = subprocess.run(
            [str(python), "-c", "import medallion; print(medallion.__version__)"],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.stdout.strip() == VERSION:
            return executable
    harness.console.print(f"installing medallion {VERSION} into {VENV} ...")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"medallion=={VERSION}"], check=True)
    return executable


def _collection_id() -> str:
    from allyhub.charter.model import derived_uuid

    return derived_uuid(data.COALITION, "collection", "joint")


def write_config(directory: Path, port: int, password: str) -> Path:
    """A memory-backend configuration: one API root, one read-write collection."""
    directory.mkdir(parents=True, exist_ok=True)
    store = {
        "/discovery": {
            "title": "medallion (benchmark peer)",
            "description": "The OASIS reference TAXII 2.1 server, measured beside allyhub.",
            "default": f"http://127.0.0.1:{port}/{API_ROOT}/",
            "api_roots": [f"http://127.0.0.1:{port}/{API_ROOT}/"],
        },
        API_ROOT: {
            "information": {
                "title": "Benchmark API root",
                "versions": [TAXII],
                "max_content_length": 64 * 1024 * 1024,
            },
            "status": [],
            "collections": [
                {
                    "id": _collection_id(),
                    "title": "Joint intelligence",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [],
                    "manifest": [],
                }
            ],
        },
    }
    store_path = directory / "medallion-data.json"
    store_path.write_bytes(orjson.dumps(store))
    config = {
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(store_path),
        },
        "users": {"bench": password},
        "taxii": {"max_page_size": 1000},
    }
    config_path = directory / "medallion-config.json"
    config_path.write_bytes(orjson.dumps(config))
    return config_path


def run(options: Options, stream: StreamFile, work: Path, *, reads: bool) -> dict[str, Any]:
    """Share up to `peer_objects` objects into medallion; time reads at its checkpoints."""
    executable = ensure_venv()
    port = harness.free_port()
    password = secrets.token_hex(8)
    config = write_config(work / "medallion", port, password)
    pin = options.pin and (os.cpu_count() or 1) >= 2
    process = subprocess.Popen(
        [
            str(executable),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "ERROR",
            str(config),
        ],
        preexec_fn=(lambda: os.sched_setaffinity(0, {0})) if pin else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    objects_url = f"{url}/{API_ROOT}/collections/{_collection_id()}/objects/"
    report: dict[str, Any] = {
        "server": f"medallion {VERSION} (memory backend)",
        "connections": 1,
        "objects_cap": options.peer_objects,
        "timeout_s": options.peer_timeout,
        "checkpoints": [],
    }
    try:
        harness.wait_until_up(url + "/taxii2/", process, "medallion")
        probe = harness.MemoryProbe(process.pid)
        token = base64.b64encode(f"bench:{password}".encode()).decode()
        basic = {"Authorization": f"Basic {token}"}  # one user for every member
        first_added = time.time() * 1_000_000
        httpx.post(
            objects_url,
            content=stream.definitions,
            headers={**basic, "Content-Type": TAXII, "Accept": TAXII},
            timeout=options.peer_timeout,
        )
        cap = min(options.peer_objects, options.objects)
        read_marks = {min(options.envelope, cap), cap} if reads else set()
        marks = sorted({m for m in options.marks() if m < cap} | {cap} | read_marks)
        log = client.IngestLog()
        bodies = stream.read()
        sent = 0
        with harness.progress() as bar:
            task = bar.add_task("medallion: sharing", total=cap)
            for mark in marks:
                envelopes = -(-(mark - sent) // options.envelope)
                cpu_before = harness.cpu_seconds(process.pid)
                client.post_all(
                    objects_url,
                    lambda _member: basic,
                    bodies,
                    envelopes,
                    1,
                    log,
                    on_done=lambda n: bar.advance(task, n),
                    timeout=max(options.peer_timeout, 600.0),
                )
                sent += envelopes * options.envelope
                cpu = harness.cpu_seconds(process.pid) - cpu_before
                entry: dict[str, Any] = {
                    "stored": mark,
                    "server_cpu_us_per_object": round(cpu * 1e6 / (envelopes * options.envelope)),
                    "rss_mb": probe.rss_mb(),
                    "peak_rss_mb": probe.hwm_mb(),
                }
                report["checkpoints"].append(entry)
                if mark in read_marks:
                    bar.update(task, description=f"medallion: reading at {mark:,}")
                    pause = time.perf_counter()
                    entry["reads"] = _reads(
                        objects_url, basic, stream, options, mark, first_added, process.pid
                    )
                    if entry["reads"].get("stopped") and mark < cap:
                        entry["reads"]["idle_after_s"] = _wait_idle(process.pid)
                    paused = time.perf_counter() - pause
                    log.started += paused
                    for posted in log.posted:
                        posted.done += paused
                    bar.update(task, description="medallion: sharing")
        rates = client.segment_rates(log, marks)
        for rate, entry in zip(rates, report["checkpoints"], strict=False):
            entry.update({k: v for k, v in rate.items() if k != "stored"})
        total = sum(p.objects for p in log.posted)
        span = log.posted[-1].done - log.started if log.posted else 0.0
        report["objects"] = total
        report["objects_per_s"] = round(total / span) if span > 0 else None
        report["failures"] = sum(p.failures for p in log.posted)
        report["errors"] = log.errors[:5]
        report["peak_rss_mb"] = probe.hwm_mb()
        probe.stop()
    finally:
        harness.stop_process(process)
    return report


def _wait_idle(pid: int, limit: float = 600.0) -> float:
    """Wait until an abandoned request stops burning CPU (so later figures are clean)."""
    started = time.monotonic()
    last = harness.cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(1.0)
        now = harness.cpu_seconds(pid)
        if now - last < 0.05:
            break
        last = now
    return round(time.monotonic() - started, 1)


def _reads(
    url: str,
    basic: dict[str, str],
    stream: StreamFile,
    options: Options,
    stored: int,
    first_added: float,
    pid: int,
) -> dict[str, Any]:
    """Every filter kind, each with its share of the time budget; the first timeout ends
    this checkpoint's reads (medallion keeps computing the abandoned request, which would
    slow every later one)."""
    from bench.read import plan_at

    plan = plan_at(stream, options, stored, first_added, time.time() * 1_000_000)
    rng = random.Random(options.seed + stored)
    share = options.peer_read_budget / len(client.KINDS)  # each filter kind gets its part
    kinds: list[dict[str, Any]] = []
    stopped = ""
    with httpx.Client(headers={**basic, "Accept": TAXII}, timeout=options.peer_timeout) as session:
        for kind in client.KINDS:
            deadline = time.monotonic() + share
            result = client.time_kind(
                session, url, kind, plan, rng, deadline, server_cpu=lambda: harness.cpu_seconds(pid)
            )
            result["budget_s"] = round(share)
            kinds.append(result)
            if result.get("timed_out"):
                stopped = (
                    f"{kind}: no answer within {options.peer_timeout:.0f} s; later reads skipped"
                )
                break
    out: dict[str, Any] = {"kinds": kinds}
    if stopped:
        out["stopped"] = stopped
    return out
