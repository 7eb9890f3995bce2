"""Budget: share over TAXII with full validation, >= 25,000 objects/s on SQLite, flat from
10k to 1M stored objects; <= 300 MB RSS.

Each variant (client connections x SQLite `synchronous`) gets a fresh hub and database and
POSTs the same stream of 1,000-object envelopes; objects/s is reported per segment between
checkpoints and over the last 10,000 objects before each checkpoint, with the server's
CPU time per object and its peak resident set. Prints numbers; asserts nothing.

    python bench/ingest.py --objects 20000 --checkpoints 10000,20000 --no-peer
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench import client, harness  # noqa: E402
from bench.harness import TAXII, Hub, Options, StreamFile  # noqa: E402

Checkpoint = Callable[[Hub, int, float, float], dict[str, Any]]
"""Called at each checkpoint with (hub, stored objects, first and last added µs)."""

CATCH_UP_TIMEOUT = 1800.0
"""Seconds to wait at most for the fusion worker to reach the last shared object."""
CATCH_UP_POLL = 0.5
"""Seconds between two looks at the fusion backlog while waiting for it to reach 0."""


def _now_us() -> float:
    return time.time() * 1_000_000


def measure_variant(
    options: Options,
    stream: StreamFile,
    work: Path,
    connections: int,
    synchronous: str,
    at_checkpoint: Checkpoint | None = None,
) -> dict[str, Any]:
    """Ingest the stream into a fresh hub; returns the variant's figures."""
    name = f"allyhub c{connections} {synchronous}"
    hub = Hub(work / f"hub-c{connections}-{synchronous}", options, synchronous)
    hub.prepare()
    hub.start()
    assert hub.probe is not None
    report: dict[str, Any] = {
        "server": "allyhub",
        "connections": connections,
        "synchronous": synchronous,
        "db": "sqlite" if options.db in ("", "sqlite") else "postgresql",
        "checkpoints": [],
    }
    try:
        first_added = _now_us()
        response = httpx.post(
            hub.collection_url(),
            content=stream.definitions,
            headers={**hub.headers("m01"), "Content-Type": TAXII, "Accept": TAXII},
            timeout=120,
        )
        response.raise_for_status()
        log = client.IngestLog()
        bodies = stream.read()
        marks = options.marks()
        sent = 0
        last_shared = time.perf_counter()
        cpu_before = harness.cpu_seconds(hub.pid, descendants=False)
        all_before = harness.cpu_seconds(hub.pid)
        cpu_marks: list[dict[str, Any]] = []
        reads: list[dict[str, Any]] = []
        with harness.progress() as bar:
            task = bar.add_task(f"{name}: sharing", total=options.objects)
            for mark in marks:
                envelopes = -(-(mark - sent) // options.envelope)
                client.post_all(
                    hub.collection_url(),
                    hub.headers,
                    bodies,
                    envelopes,
                    connections,
                    log,
                    on_done=lambda n: bar.advance(task, n),
                )
                sent += envelopes * options.envelope
                last_shared = time.perf_counter()
                cpu_now = harness.cpu_seconds(hub.pid, descendants=False)
                all_now = harness.cpu_seconds(hub.pid)
                count = max(1, envelopes * options.envelope)
                cpu_marks.append(
                    {
                        "stored": mark,
                        "server_cpu_us_per_object": round((cpu_now - cpu_before) * 1e6 / count, 1),
                        "fusion_cpu_us_per_object": round(
                            ((all_now - all_before) - (cpu_now - cpu_before)) * 1e6 / count, 1
                        ),
                        "rss_mb": hub.probe.rss_mb(),
                        "peak_rss_mb": hub.probe.hwm_mb(),
                        "database_mb": hub.database_mb(),
                        "fusion_backlog": hub.fusion_backlog(),
                    }
                )
                if at_checkpoint is not None:
                    pause = time.perf_counter()
                    bar.update(task, description=f"{name}: reading at {mark:,}")
                    reads.append(at_checkpoint(hub, mark, first_added, _now_us()))
                    bar.update(task, description=f"{name}: sharing")
                    _shift(log, time.perf_counter() - pause)
                cpu_before = harness.cpu_seconds(hub.pid, descendants=False)
                all_before = harness.cpu_seconds(hub.pid)
        report.update(fusion_catch_up(hub, last_shared))
        rates = client.segment_rates(log, marks)
        for rate, cpu in zip(rates, cpu_marks, strict=False):
            rate.update(cpu)
            if rate.get("segment_objects_per_s"):
                # The share of one core the server got: < 1 means it waited (on the disk,
                # on the client, or on other processes using its core).
                busy = rate["server_cpu_us_per_object"] * rate["segment_objects_per_s"] / 1e6
                rate["server_core_share"] = round(busy, 2)
        report["checkpoints"] = rates
        report["series"] = client.window_series(log, max(options.envelope, options.objects // 50))
        total = sum(p.objects for p in log.posted)
        busy = sum(p.seconds for p in log.posted) / connections
        report["objects"] = total
        report["stored"] = sum(p.successes for p in log.posted)
        report["failures"] = sum(p.failures for p in log.posted)
        report["errors"] = log.errors[:20]
        span = log.posted[-1].done - log.started if log.posted else 0.0
        report["objects_per_s"] = round(total / span) if span > 0 else None
        report["busy_objects_per_s"] = round(total / busy) if busy else None
        report["peak_rss_mb"] = hub.probe.hwm_mb()
        report["database_mb"] = hub.database_mb()
        if reads:
            report["reads"] = reads
    finally:
        hub.stop()
    return report


def fusion_catch_up(
    hub: Hub,
    since: float,
    timeout: float = CATCH_UP_TIMEOUT,
    poll: float = CATCH_UP_POLL,
    backlog: Callable[[], int] | None = None,
) -> dict[str, Any]:
    """How long the hub's fusion worker needed after the last share (``since``, a
    ``perf_counter`` time) to derive everything shared: the fusion backlog is polled
    until it is 0. Reads made at the last checkpoint run meanwhile and are counted in.
    On timeout the seconds are None and the backlog left is reported."""
    look = backlog or hub.fusion_backlog
    left = look()
    while left > 0 and time.perf_counter() - since < timeout:
        time.sleep(poll)
        left = look()
    return {
        "fusion_catch_up_s": round(time.perf_counter() - since, 1) if left == 0 else None,
        "fusion_backlog_left": left,
    }


def _shift(log: client.IngestLog, seconds: float) -> None:
    """Move the start and the envelopes posted so far later by `seconds`, so that time
    spent reading at a checkpoint does not count against the ingest rate."""
    log.started += seconds
    for posted in log.posted:
        posted.done += seconds


def run(options: Options) -> dict[str, Any]:
    """`allyhub bench ingest`: every variant, then medallion as the peer."""
    from bench import medallion

    harness.pin_client(options)
    work, remove = harness.work_dir(options)
    report: dict[str, Any] = {"machine": harness.machine(), "options": _options(options)}
    try:
        stream = harness.write_stream(work, options)
        report["ingest"] = [
            measure_variant(options, stream, work, connections, synchronous)
            for connections, synchronous in options.variants
        ]
        if options.peer:
            report["peer"] = medallion.run(options, stream, work, reads=False)
    finally:
        if remove:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    return report


def _options(options: Options) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(options)


if __name__ == "__main__":
    from allyhub.cli.bench import app

    app(["ingest", *sys.argv[1:]])
