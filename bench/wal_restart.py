"""What emptying SQLite's WAL costs its writers: TRUNCATE against RESTART, in one process.

A hub's writes dirty random index pages (ids, references, values), each written whole to
the WAL: about 100 MB of WAL a second while members share at 1M objects. The server's
checkpointer keeps the WAL from growing (`store/engine.py`, `Checkpointer`). Emptied
(TRUNCATE), the file's next frames go to blocks the file system allocates and zeroes
first; started over (RESTART, the file kept at `WAL_KEPT`), they are written over old ones.

First it times the file system alone: ``--frames`` writes shaped like WAL frames (a
24-byte header, then a 4 KB page) appended to a new file, then written again over the
same file. Then it times the same writes both ways: ``--transactions`` transactions of
``--rows`` rows with random keys into a table of ``--size`` rows (one index besides its
key), WAL mode, ``synchronous=FULL`` as the server commits, auto-checkpoint off, and a
checkpoint in the given mode every ``--every`` transactions (as the checkpointer's rounds
fall between the server's commits). CPU (user and system) per transaction, the commits
and the checkpoints apart, and the WAL's largest size:

    python bench/wal_restart.py
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from allyhub.store.engine import WAL_KEPT  # noqa: E402


def _cpu() -> float:
    """User and system CPU of this process (os.times() counts in 10 ms ticks)."""
    return time.process_time()


def frame_writes(count: int) -> dict[str, float]:
    """CPU µs per WAL-shaped write (header, then page) into a new file and over an old one:
    what an emptied WAL costs its next writers, without SQLite."""
    work = Path(tempfile.mkdtemp(prefix="allyhub-frames-"))
    header, page = os.urandom(24), os.urandom(4096)
    result: dict[str, float] = {}
    try:
        fd = os.open(work / "frames", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            for case in ("new file", "over an old one"):
                started = _cpu()
                offset = 32
                for _ in range(count):
                    os.pwrite(fd, header, offset)
                    os.pwrite(fd, page, offset + 24)
                    offset += 24 + 4096
                result[case] = round((_cpu() - started) * 1e6 / count, 2)
        finally:
            os.close(fd)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def measure(
    mode: str, size: int, transactions: int, rows: int, every: int, seed: int = 7
) -> dict[str, Any]:
    """CPU µs per transaction of the writes and of the checkpoints, with ``mode``."""
    work = Path(tempfile.mkdtemp(prefix="allyhub-wal-"))
    rng = random.Random(seed)
    try:
        db = sqlite3.connect(work / "bench.sqlite", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.execute(f"PRAGMA journal_size_limit={WAL_KEPT}")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, body BLOB)")
        db.execute("CREATE INDEX t_k ON t (k)")
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO t (k, body) VALUES (?, ?)",
            ((f"{rng.getrandbits(64):016x}", os.urandom(200)) for _ in range(size)),
        )
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        checkpointer = sqlite3.connect(work / "bench.sqlite", isolation_level=None)
        wal = work / "bench.sqlite-wal"
        writes = checkpoints = 0.0
        largest = 0
        for n in range(transactions):
            batch = [(f"{rng.getrandbits(64):016x}", os.urandom(200)) for _ in range(rows)]
            started = _cpu()
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT INTO t (k, body) VALUES (?, ?)", batch)
            db.execute("COMMIT")
            writes += _cpu() - started
            largest = max(largest, wal.stat().st_size)
            if (n + 1) % every == 0:
                started = _cpu()
                checkpointer.execute(f"PRAGMA wal_checkpoint({mode})")
                checkpoints += _cpu() - started
        db.close()
        checkpointer.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "mode": mode,
        "writes_us": round(writes * 1e6 / transactions),
        "checkpoints_us": round(checkpoints * 1e6 / transactions),
        "largest_wal_mb": round(largest / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=500_000, help="rows before timing")
    parser.add_argument("--transactions", type=int, default=400)
    parser.add_argument("--rows", type=int, default=1000, help="rows a transaction inserts")
    parser.add_argument("--every", type=int, default=4, help="transactions per checkpoint")
    parser.add_argument("--rounds", type=int, default=2, help="each mode, alternated")
    parser.add_argument("--frames", type=int, default=16_000, help="frames the file system writes")
    args = parser.parse_args()
    for _ in range(args.rounds):
        costs = frame_writes(args.frames)
        print(", ".join(f"{case}: {us} µs a frame" for case, us in costs.items()))
    print("| mode | writes µs/transaction | checkpoints µs/transaction | largest WAL MB |")
    print("|---|---|---|---|")
    for _ in range(args.rounds):
        for mode in ("TRUNCATE", "RESTART"):
            wall = time.perf_counter()
            r = measure(mode, args.size, args.transactions, args.rows, args.every)
            print(
                f"| {r['mode']} | {r['writes_us']:,} | {r['checkpoints_us']:,} "
                f"| {r['largest_wal_mb']} |",
                f"<!-- {time.perf_counter() - wall:.0f} s -->",
            )


if __name__ == "__main__":
    main()
