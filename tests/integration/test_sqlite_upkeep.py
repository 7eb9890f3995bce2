"""SQLite upkeep in a long-running hub: a new store starts with the statistics of a large
one (without any, the planner may read a whole collection per row), real ones are not
taken on a small store (they would make the share path's id lookups scan the table once it
is large) and follow the store as it grows."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from allyhub.app import Services, build_services
from allyhub.charter import Role
from allyhub.settings import Settings
from allyhub.store import engine as engine_module
from allyhub.store.engine import BUSY_TIMEOUT_MS, LARGE_STORE, Checkpointer, checkpoint_mode
from tests.conftest import RSII
from tests.factories import envelope, indicator


def _sqlite(tmp_path: Path) -> Services:
    return build_services(
        Settings(
            charter=str(RSII),
            hub="damascus",
            data_dir=str(tmp_path),
            db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
            secret_key="test-secret",
        )
    )


def _share(services: Services, count: int) -> list[str]:
    ident = services.charter.member("ru").identity  # type: ignore[union-attr]
    principal = services.keys.authenticate(services.keys.create("ru", Role.ANALYST)[0])
    objects = [indicator(ident, value=f"198.51.100.{i % 250}") for i in range(count)]
    status = services.sharing.share(principal, "joint", orjson.dumps(envelope(*objects)))
    assert not status.failures
    return [o["id"] for o in objects]


def analyzed_rows(services: Services) -> int:
    """Rows of `objects` when the statistics were taken (0: none taken)."""
    query = "SELECT stat FROM sqlite_stat1 WHERE tbl = 'objects'"
    with services.engine.connect() as connection:
        try:
            rows = connection.exec_driver_sql(query).all()
        except sa.exc.OperationalError:
            return 0  # no statistics table yet
    return max((int(row[0].split()[0]) for row in rows), default=0)


SEEDED = max(int(stat.split()[0]) for stat in LARGE_STORE.values())


def _wait_for_statistics(services: Services, rows: int) -> None:
    """Until the statistics are the store's own, taken at `rows` rows or more."""
    deadline = time.monotonic() + 30
    while not rows <= analyzed_rows(services) < SEEDED:
        assert time.monotonic() < deadline, f"no statistics for {rows} rows within 30 s"
        time.sleep(0.05)


def test_statistics_are_taken_only_on_a_large_enough_store_and_follow_its_growth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "MIN_ANALYZE", 1200)
    services = _sqlite(tmp_path)
    checkpointer = Checkpointer(services.engine, interval=0.05, count_every=0.1)
    checkpointer.analyze_every = 0  # the timer alone would analyze at once: it must not
    try:
        checkpointer.start()
        _share(services, 900)
        time.sleep(1)  # a small store keeps the seeded ones: its own would mislead later
        assert analyzed_rows(services) == SEEDED
        _share(services, 600)  # past MIN_ANALYZE (lowered for the test)
        _wait_for_statistics(services, 1500)
        checkpointer.analyze_every = 3600  # from here on only growth triggers them
        _share(services, 1600)  # the store has doubled
        _wait_for_statistics(services, 3000)
    finally:
        checkpointer.stop.set()
        checkpointer.join(timeout=10)
        services.engine.dispose()


def test_a_new_store_plans_like_a_large_one(tmp_path: Path) -> None:
    """Two members share one observable (one deterministic id): storing the second line
    recomputes the lines of that id. On a store without statistics SQLite looked the other
    lines up through `objects_by_collection`, reading the whole collection for each row."""
    services = _sqlite(tmp_path)
    statements: list[tuple[str, object]] = []

    def seen(
        _conn: object, _cursor: object, statement: str, parameters: object, *_: object
    ) -> None:
        if statement.startswith("UPDATE objects SET"):  # the line and version hints
            statements.append((statement, parameters))

    sa.event.listen(services.engine, "before_cursor_execute", seen)
    try:
        twin = {"type": "ipv4-addr", "spec_version": "2.1", "value": "203.0.113.9"}
        twin["id"] = "ipv4-addr--ff2c6b63-4b46-5f39-b6a8-06e7a8b3d8e4"
        for member in ("ru", "sy"):
            key = services.keys.create(member, Role.ANALYST)[0]
            status = services.sharing.share(
                services.keys.authenticate(key), "joint", orjson.dumps(envelope(twin))
            )
            assert not status.failures, status.failures
        assert statements, "the second line did not recompute the id's lines"
        with services.engine.connect() as connection:
            for statement, parameters in statements:
                plan = connection.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}",
                    parameters,  # type: ignore[arg-type]
                ).all()
                used = " / ".join(str(row[-1]) for row in plan)
                assert "objects_by_collection" not in used and "SCAN" not in used, used
    finally:
        services.engine.dispose()


def _wal_frames(services: Services) -> tuple[int, int]:
    """(frames in the WAL, frames copied into the database) after a PASSIVE checkpoint."""
    with services.engine.connect() as connection:
        _busy, frames, copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    return int(frames), int(copied)


def test_a_busy_wal_starts_over_in_its_own_file_and_a_quiet_one_is_given_back(
    tmp_path: Path,
) -> None:
    """Under load the checkpointer restarts the WAL instead of truncating it: writers then
    write over the blocks the file has (an emptied file makes the file system allocate
    and zero each block first: about twice the CPU a frame, `bench/wal_restart.py`). A
    quiet hub's WAL is emptied."""
    services = _sqlite(tmp_path)
    # as in a server (`start_upkeep`): only the checkpointer copies the WAL
    sa.event.listen(
        services.engine,
        "connect",
        lambda connection, _record: connection.execute("PRAGMA wal_autocheckpoint=0"),
    )
    services.engine.dispose()
    wal = tmp_path / "hub.sqlite-wal"
    try:
        _share(services, 400)
        frames, _copied = _wal_frames(services)
        checkpointer = Checkpointer(services.engine, limit=frames * 4096 // 2)  # half in use
        assert checkpointer.checkpoint() == "RESTART"
        size = wal.stat().st_size
        assert size > 0, "the WAL was emptied: the next frames would need new blocks"

        _share(services, 5)  # the next writer starts over at the file's beginning
        again, _copied = _wal_frames(services)
        assert 0 < again < frames // 4
        assert wal.stat().st_size == size, "written over, neither grown nor trimmed"
        assert checkpointer.checkpoint() == "PASSIVE"  # in use, under the limit

        assert checkpointer.checkpoint() == "TRUNCATE"  # nothing written since: quiet
        assert wal.stat().st_size == 0
        assert checkpointer.checkpoint() == "PASSIVE"  # nothing left to give back
        ids = _share(services, 3)  # and the hub goes on writing
        with services.engine.connect() as connection:
            stored = connection.exec_driver_sql(
                "SELECT count(*) FROM objects WHERE stix_id IN (?, ?, ?)", tuple(ids)
            ).scalar_one()
        assert stored == 3
    finally:
        services.engine.dispose()


@pytest.mark.timeout(30)  # waiting for the reader would take the busy timeout, 60 s
def test_a_quiet_wal_is_not_given_back_while_a_reader_holds_it(tmp_path: Path) -> None:
    """Emptying the WAL of a quiet hub waits for no reader (a backup, a long page): it is
    left for a later round, and writers are not held back meanwhile."""
    services = _sqlite(tmp_path)
    wal = tmp_path / "hub.sqlite-wal"
    reader = sqlite3.connect(tmp_path / "hub.sqlite", isolation_level=None)
    try:
        _share(services, 50)
        checkpointer = Checkpointer(services.engine)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM objects").fetchone()  # holds its snapshot
        assert checkpointer.checkpoint() == "PASSIVE"
        assert checkpointer.checkpoint() == "TRUNCATE"  # quiet: tried, and given up
        assert wal.stat().st_size > 0
        _share(services, 1)  # a writer is not held back
        reader.execute("COMMIT")
        checkpointer.checkpoint()  # the share above: not quiet yet
        assert checkpointer.checkpoint() == "TRUNCATE"
        assert wal.stat().st_size == 0
        with services.engine.connect() as connection:
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
        assert timeout == BUSY_TIMEOUT_MS  # the pool's connection got its wait back
    finally:
        reader.close()
        services.engine.dispose()


@pytest.mark.parametrize(
    ("used", "file_size", "quiet", "mode"),
    [
        (65, 200, False, "RESTART"),
        (65, 200, True, "RESTART"),  # over the limit: started over before it is given back
        (64, 200, False, "PASSIVE"),
        (10, 200, True, "TRUNCATE"),
        (0, 0, True, "PASSIVE"),
    ],
)
def test_checkpoint_mode(used: int, file_size: int, quiet: bool, mode: str) -> None:
    assert checkpoint_mode(used=used, file_size=file_size, limit=64, quiet=quiet) == mode
