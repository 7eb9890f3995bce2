"""SQLite's page cache is one budget per process, not one per pooled connection."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

from allyhub.store.engine import make_engine


def test_every_connection_shares_the_processes_budget(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite'}", sqlite_cache_mb=16)
    with engine.connect() as one, engine.connect() as two:
        for connection in (one, two):
            assert connection.execute(text("PRAGMA soft_heap_limit")).scalar() == 16 << 20
            assert connection.execute(text("PRAGMA cache_size")).scalar() == -(16 << 10)


PROBE = textwrap.dedent(
    """
    import os, sys
    from sqlalchemy import text
    from allyhub.store.engine import make_engine

    def rss_mb():
        status = open("/proc/self/status").read()
        return int(status.split("VmRSS:")[1].split()[0]) // 1024

    engine = make_engine(f"sqlite:///{sys.argv[1]}", sqlite_cache_mb=int(sys.argv[2]))
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)"))
        c.execute(
            text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)"
                " INSERT INTO t (v) SELECT randomblob(2000) FROM n"
            )
        )
    engine.dispose()
    before = rss_mb()
    connections = [engine.connect() for _ in range(6)]
    for c in connections:
        c.execute(text("SELECT sum(length(v)) FROM t")).scalar()
    print(rss_mb() - before)
    """
)


def test_connections_reading_a_large_store_stay_within_the_budget(tmp_path: Path) -> None:
    """Six connections each read a 120 MB table through: with one 16 MB budget the process
    grows by about that, where caches of their own would hold 6 x 16 MB."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "big.sqlite"), "16"],
        capture_output=True,
        text=True,
        check=True,
    )
    grown = int(done.stdout.strip())
    assert grown < 48, f"six connections grew the process by {grown} MB over a 16 MB budget"


def test_the_fusion_worker_keeps_a_quarter_of_the_servers_cache() -> None:
    from allyhub.app import fusion_settings
    from allyhub.settings import Settings

    assert fusion_settings(Settings(sqlite_cache_mb=64)).sqlite_cache_mb == 16
    assert fusion_settings(Settings(sqlite_cache_mb=8)).sqlite_cache_mb == 4  # the floor
    assert fusion_settings(Settings(sqlite_cache_mb=64, page_size=10)).page_size == 10


def test_the_fusion_worker_commits_without_waiting_for_the_disk(tmp_path: Path) -> None:
    """Its rows are derived and move with its cursor in one transaction: SQLite's WAL in
    synchronous NORMAL loses whole transactions at a power loss, never part of one. The
    server's own connections keep what the operator chose."""
    from allyhub.app import fusion_settings
    from allyhub.settings import Settings

    server = Settings(sqlite_synchronous="full")
    worker = fusion_settings(server)
    assert worker.sqlite_synchronous == "normal" and server.sqlite_synchronous == "full"
    for settings, level in ((server, 2), (worker, 1)):  # SQLite's numbers for FULL, NORMAL
        engine = make_engine(
            f"sqlite:///{tmp_path / 'hub.sqlite'}", sqlite_synchronous=settings.sqlite_synchronous
        )
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar_one() == level
        engine.dispose()


def test_the_fusion_workers_writes_on_postgresql_commit_without_waiting_for_the_disk(
    postgres_url: str,
) -> None:
    """The same trade on PostgreSQL, for the derived rows' transactions alone: every other
    transaction of the hub keeps `synchronous_commit` on."""
    from allyhub.store.fusion import SqlFusionStore

    engine = make_engine(postgres_url)
    try:
        with SqlFusionStore(engine).writing() as writer:
            show = writer.connection.exec_driver_sql("SHOW synchronous_commit").scalar_one()
            assert show == "off"
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar_one() == "on"
    finally:
        engine.dispose()
