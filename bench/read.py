"""Budget: a page of 1,000 objects, p99 <= 50 ms at 1M stored objects, whatever the filters;
with 50 members and mixed markings, per member tier; <= 300 MB RSS serving 1M objects.

The store is filled over HTTP (the ingest of bench/ingest.py, one connection, synchronous
full) and paused at each checkpoint; there, for one principal of each tier (full,
associate, observer), `--requests` pages of each filter kind are timed: no filter,
added_after, next (cursor pages), match[type], match[id] (1,000 ids), match[version]=all
and match[version]=first. Prints numbers; asserts nothing.

    python bench/read.py --objects 20000 --checkpoints 10000,20000 --requests 50 --no-peer
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench import client, data, harness  # noqa: E402
from bench.harness import TAXII, Hub, Options, StreamFile  # noqa: E402
from bench.ingest import measure_variant  # noqa: E402

IDS_PER_ENVELOPE = 50  # the stream samples this many ids from each envelope


def plan_at(
    stream: StreamFile, options: Options, stored: int, first: float, last: float
) -> client.ReadPlan:
    envelopes = -(-stored // options.envelope)
    per_envelope = max(1, options.envelope // max(1, options.envelope // IDS_PER_ENVELOPE))
    return client.ReadPlan(
        ids=stream.ids[: envelopes * per_envelope],
        types=stream.types,
        first_added=first,
        last_added=last,
        requests=options.requests,
    )


def read_checkpoint(
    hub: Hub, stream: StreamFile, options: Options, stored: int, first: float, last: float
) -> dict[str, Any]:
    """Time every filter kind for one principal of each tier."""
    assert hub.probe is not None
    plan = plan_at(stream, options, stored, first, last)
    rng = random.Random(options.seed + stored)
    hub.probe.reset()
    tiers: dict[str, list[dict[str, Any]]] = {}
    for tier, member in data.READERS.items():
        headers = {**hub.headers(member), "Accept": TAXII}
        with httpx.Client(headers=headers, timeout=120) as session:
            for _ in range(3):  # warm the connection and the server's caches a little
                client.get_page(session, hub.collection_url(), {})
            tiers[tier] = [
                client.time_kind(
                    session,
                    hub.collection_url(),
                    kind,
                    plan,
                    rng,
                    deadline=time.monotonic() + options.kind_budget,
                    server_cpu=lambda: harness.cpu_seconds(hub.pid, descendants=False),
                )
                for kind in client.KINDS
            ]
    return {
        "stored": stored,
        "member": {tier: member for tier, member in data.READERS.items()},
        "tiers": tiers,
        "peak_rss_while_reading_mb": hub.probe.sampled_peak_mb(),
        "peak_rss_mb": hub.probe.hwm_mb(),
    }


def measure(options: Options, stream: StreamFile, work: Path) -> dict[str, Any]:
    """Fill a hub through HTTP (1 connection, synchronous full), reading at checkpoints."""

    def at_checkpoint(hub: Hub, stored: int, first: float, last: float) -> dict[str, Any]:
        return read_checkpoint(hub, stream, options, stored, first, last)

    return measure_variant(options, stream, work, 1, "full", at_checkpoint)


def run(options: Options) -> dict[str, Any]:
    """`allyhub bench read`: allyhub's pages at each checkpoint, then medallion's."""
    from bench import medallion

    harness.pin_client(options)
    work, remove = harness.work_dir(options)
    report: dict[str, Any] = {"machine": harness.machine(), "options": _options(options)}
    try:
        stream = harness.write_stream(work, options)
        loaded = measure(options, stream, work)
        report["read"] = loaded.pop("reads", [])
        report["ingest"] = [loaded]
        if options.peer:
            report["peer"] = medallion.run(options, stream, work, reads=True)
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

    app(["read", *sys.argv[1:]])
