"""PostgreSQL upkeep in a long-running hub: sessions run without the JIT compiler, and
the hub keeps its tables' statistics (and, where the server does not, their vacuum)
itself, since without statistics PostgreSQL walked the whole table for a page of ids."""

from __future__ import annotations

import time

import orjson
import sqlalchemy as sa

from allyhub.app import Services, build_services
from allyhub.charter import Role
from allyhub.settings import Settings
from allyhub.store.engine import PostgresUpkeep, TableCounts, make_engine, start_upkeep
from tests.conftest import RSII
from tests.factories import envelope, indicator


def _hub(tmp_path: object, url: str) -> Services:
    return build_services(
        Settings(charter=str(RSII), hub="damascus", data_dir=str(tmp_path), db=url, secret_key="k")
    )


def _share(services: Services, count: int) -> None:
    ident = services.charter.member("ru").identity  # type: ignore[union-attr]
    principal = services.keys.authenticate(services.keys.create("ru", Role.ANALYST)[0])
    objects = [indicator(ident, value=f"198.51.100.{i % 250}") for i in range(count)]
    status = services.sharing.share(principal, "joint", orjson.dumps(envelope(*objects)))
    assert not status.failures


def _stats(services: Services, table: str) -> sa.Row[tuple[object, ...]]:
    with services.engine.connect() as connection:
        connection.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
        return connection.exec_driver_sql(
            "SELECT last_analyze, last_vacuum, n_mod_since_analyze "
            "FROM pg_stat_user_tables WHERE relname = %(t)s",
            {"t": table},
        ).one()


def _flush(services: Services) -> None:
    """Make the table counters of the connections that wrote visible to other sessions:
    a backend flushes them when it ends (else at most about once a second while idle)."""
    services.engine.dispose()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with services.engine.connect() as connection:
            if not connection.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).scalar_one():
                return
        time.sleep(0.05)


def test_sessions_run_without_jit_and_keep_the_operators_options(postgres_url: str) -> None:
    engine = make_engine(postgres_url + "?options=-c%20statement_timeout%3D4321")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW jit").scalar_one() == "off"
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "4321ms"
    finally:
        engine.dispose()


def test_the_hub_takes_statistics_as_the_store_changes(tmp_path: object, postgres_url: str) -> None:
    services = _hub(tmp_path, postgres_url)
    try:
        upkeep = start_upkeep(services.engine)
        assert isinstance(upkeep, PostgresUpkeep)
        upkeep.stop.set()
        upkeep.join(timeout=30)
        _share(services, 200)
        _flush(services)
        keeper = PostgresUpkeep(services.engine)
        assert "objects" in keeper.due()[0]
        keeper.tend()
        analyzed = _stats(services, "objects")
        assert analyzed.last_analyze is not None
        assert analyzed.n_mod_since_analyze == 0
        assert "objects" not in keeper.due()[0]  # nothing changed since
    finally:
        services.engine.dispose()


def test_dead_rows_are_vacuumed_when_the_server_does_not(
    tmp_path: object, postgres_url: str
) -> None:
    services = _hub(tmp_path, postgres_url)
    try:
        _share(services, 200)
        with services.engine.begin() as connection:  # what version hints leave behind
            connection.exec_driver_sql("UPDATE objects SET has_newer = has_newer")
            autovacuum = connection.exec_driver_sql("SHOW autovacuum").scalar_one() == "on"
        _flush(services)
        keeper = PostgresUpkeep(services.engine)
        assert ("objects" in keeper.due()[1]) is not autovacuum
        keeper.tend()
        if not autovacuum:
            assert _stats(services, "objects").last_vacuum is not None
            assert "objects" not in keeper.due()[1]
    finally:
        services.engine.dispose()


def test_autovacuums_thresholds() -> None:
    tables = [
        TableCounts("young", live=0, dead=0, changed=51),
        TableCounts("steady", live=10_000, dead=2_000, changed=1_000),
        TableCounts("grown", live=10_000, dead=2_051, changed=1_051),
    ]
    assert PostgresUpkeep.pick(tables, autovacuum=True) == (["young", "grown"], [])
    assert PostgresUpkeep.pick(tables, autovacuum=False) == (["young", "grown"], ["grown"])
