"""What fusion's writes cost at size: the worker's `SqlFusionWriter.apply` and commit alone.

Fills a fresh SQLite database, migrated to ``--revision``, with the rows the worker derives
from ``--size`` versions of a stream shaped like the benchmark's (a sixth of versions name
an entity, half carry an observable value, 38% of those an IP range; one in twenty names
an entity under a name filed before, as the stream's malware families do, and is linked
to ten earlier entries), in the worker's batches, then times ``--batches`` more: CPU µs
per version of each table's writes, of the commit (with SQLite's auto-checkpoint, as the
worker commits), and in all. Nothing else writes meanwhile, unlike in a hub, where the
server's writes share the WAL. Used to compare schemas (``--revision 0013`` against the
head):

    python bench/fusion_writes.py --size 1000000 --revision 0013
    python bench/fusion_writes.py --size 1000000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


_WHY = (
    "link 1.00 (malware): 'Implant family 51' vs 'Implant family 51'; matched "
    "Implant(implant) ~ Implant(implant) (1.00), family ~ family (1.00), 51 ~ 51 (1.00)"
)
"""An explanation as long as the stream's (158 characters on average)."""


def _batch(rng: random.Random, start: int, size: int, filed: list[str]) -> Any:
    """The derived rows of `size` versions from date_added `start` on; `filed` holds the
    entries written before (and gets this batch's)."""
    from allyhub.records import Derived, LinkRow

    derived = Derived()
    for added in range(start, start + size):
        draw = rng.random()
        if draw < 0.16:
            entry = f"campaign--{uuid.UUID(int=rng.getrandbits(128))}@{rng.getrandbits(64):016x}"
            derived.entries.append({"date_added": added, "entry": entry})
            derived.names[entry] = ("organization", (f"Campaign {added}",))
            if draw < 0.05 and len(filed) >= 10:
                for other in rng.sample(filed, 10):
                    derived.link(LinkRow(entry, other, 1.0, "link", _WHY))
            filed.append(entry)
        if draw > 0.48:
            kind = rng.random()
            lo = hi = ""
            if kind < 0.38:
                ip = rng.getrandbits(32)
                kind_name, value = (
                    "ipv4",
                    f"{ip >> 24}.{(ip >> 16) & 255}.{(ip >> 8) & 255}.{ip & 255}/32",
                )
                lo = hi = f"{ip:08x}"
            elif kind < 0.6:
                kind_name, value = "domain", f"c2-{rng.getrandbits(40):x}.example-{added % 97}.net"
            elif kind < 0.82:
                kind_name, value = "hash:SHA-256", f"{rng.getrandbits(256):064x}"
            else:
                kind_name, value = "url", f"https://c2-{rng.getrandbits(40):x}.example.net/{added}"
            derived.values.append(
                {"date_added": added, "kind": kind_name, "value": value, "lo": lo, "hi": hi}
            )
    return derived


@contextmanager
def _timed(spent: dict[str, float]) -> Iterator[None]:
    """Charge each table's bulk insert and each commit to `spent` (CPU seconds)."""
    from sqlalchemy.engine import Connection

    from allyhub.store import fusion
    from allyhub.store.objects import bulk_insert as bulk

    commit = Connection._commit_impl
    links = fusion._replace_links

    def timed_bulk(connection: Any, table: str, columns: Any, rows: Any) -> None:
        start = time.process_time()
        bulk(connection, table, columns, rows)
        spent[table] = spent.get(table, 0.0) + time.process_time() - start

    def timed_links(connection: Any, rows: Any) -> None:
        start = time.process_time()
        links(connection, rows)
        spent["fusion_links"] = spent.get("fusion_links", 0.0) + time.process_time() - start

    def timed_commit(connection: Any) -> None:
        start = time.process_time()
        commit(connection)
        spent["commit"] = spent.get("commit", 0.0) + time.process_time() - start

    setattr(fusion, "bulk_insert", timed_bulk)  # noqa: B010 (the module's own name)
    setattr(fusion, "_replace_links", timed_links)  # noqa: B010
    setattr(Connection, "_commit_impl", timed_commit)  # noqa: B010
    try:
        yield
    finally:
        setattr(fusion, "bulk_insert", bulk)  # noqa: B010
        setattr(fusion, "_replace_links", links)  # noqa: B010
        setattr(Connection, "_commit_impl", commit)  # noqa: B010


def measure(size: int, revision: str, batches: int, batch: int = 2000) -> dict[str, Any]:
    """CPU µs per version of the timed batches, by part, and the database's size."""
    from allyhub.app import fusion_settings
    from allyhub.settings import Settings
    from allyhub.store.engine import make_engine, upgrade
    from allyhub.store.fusion import SqlFusionStore

    work = Path(tempfile.mkdtemp(prefix="allyhub-fusion-writes-"))
    try:
        path = work / "hub.sqlite"
        worker = fusion_settings(Settings(db=f"sqlite:///{path}"))
        engine = make_engine(
            worker.db,
            sqlite_synchronous=worker.sqlite_synchronous,
            sqlite_cache_mb=worker.sqlite_cache_mb,
        )
        upgrade(engine, revision)
        store, rng = SqlFusionStore(engine), random.Random(7)
        added = 1
        filed: list[str] = []  # the entries written so far, which new ones link to
        while added < size:
            with store.writing() as writer:
                writer.apply(_batch(rng, added, batch, filed))
            added += batch
        spent: dict[str, float] = {}
        start = time.process_time()
        with _timed(spent):
            for _ in range(batches):
                with store.writing() as writer:
                    writer.apply(_batch(rng, added, batch, filed))
                added += batch
        total = time.process_time() - start
        engine.dispose()
        versions = batches * batch
        parts = {part: round(seconds / versions * 1e6, 1) for part, seconds in spent.items()}
        return {
            "size": size,
            "revision": revision,
            "versions": versions,
            "cpu_us_per_version": round(total / versions * 1e6, 1),
            "parts": parts,
            "db_mb": round(path.stat().st_size / 2**20, 1),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300_000)
    parser.add_argument("--revision", default="head")
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    result = measure(args.size, args.revision, args.batches)
    print(
        f"revision {result['revision']} at {result['size']:,} versions: "
        f"{result['cpu_us_per_version']} µs CPU per version ({result['parts']}), "
        f"database {result['db_mb']} MB"
    )


if __name__ == "__main__":
    main()
