"""SQLite upkeep in a long-running hub: the planner's statistics are not taken on a small
store (they would make the share path's id lookups scan the table once it is large) and
follow the store as it grows."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from allyhub.app import Services, build_services
from allyhub.charter import Role
from allyhub.settings import Settings
from allyhub.store import engine as engine_module
from allyhub.store.engine import Checkpointer
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


def _wait_for_statistics(services: Services, rows: int) -> None:
    deadline = time.monotonic() + 30
    while analyzed_rows(services) < rows:
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
        time.sleep(1)  # a small store gets no statistics: stale ones would mislead later
        assert analyzed_rows(services) == 0
        _share(services, 600)  # past MIN_ANALYZE (lowered for the test)
        _wait_for_statistics(services, 1500)
        checkpointer.analyze_every = 3600  # from here on only growth triggers them
        _share(services, 1600)  # the store has doubled
        _wait_for_statistics(services, 3000)
    finally:
        checkpointer.stop.set()
        checkpointer.join(timeout=10)
        services.engine.dispose()
