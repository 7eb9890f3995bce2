"""Engines for the two backends, and the schema migration at start-up.

SQLite (WAL) is the embedded default; PostgreSQL is the production backend. Writers take
the database's write lock up front (SQLite `BEGIN IMMEDIATE`; PostgreSQL a row lock on the
hub clock), so concurrent writers queue instead of failing half-way.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from allyhub.errors import StoreError

_MIGRATIONS = Path(__file__).parent / "migrations"
WRITE = {"allyhub_write": True}
log = logging.getLogger("allyhub.store")
_MIGRATING = 0x616C6C7968756221  # the advisory lock key migrations take ("allyhub!")
BUSY_TIMEOUT_MS = 60_000
"""How long a connection waits for SQLite's locks before it gives up."""
WAL_RESTART = 64 << 20
"""WAL bytes in use past which a hub's checkpointer makes the next writer start the WAL
over (`Checkpointer`)."""
WAL_KEPT = 2 * WAL_RESTART
"""The WAL file's size kept after it starts over (SQLite's `journal_size_limit`): its
blocks are written over again instead of being allocated anew (see `Checkpointer`)."""


def normalize_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (as psql takes them) and use psycopg 3."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, sqlite_synchronous: str = "full", sqlite_cache_mb: int = 64) -> Engine:
    """Create an engine configured for allyhub's access pattern."""
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError and ValueError here
        raise StoreError(f"database URL {url!r} is not valid: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database or "", sqlite_synchronous, sqlite_cache_mb)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(url, parsed.query.get("options"))
    raise StoreError(f"database URL {url!r}: only sqlite and postgresql are supported")


def _sqlite_engine(url: str, database: str, synchronous: str, cache_mb: int) -> Engine:
    """An engine whose connections share one page-cache budget per process.

    Why a soft heap limit: `cache_size` is per connection, and a server pools up to 15
    connections, so 64 MB each grew a hub reading pages at 1M objects to 808 MB. SQLite's
    soft heap limit is process-wide: every connection may cache up to the budget (the one
    writer, busy on random index pages, gets most of it), and past the budget SQLite
    recycles cached pages instead of allocating more. A page it dropped is read again from
    the operating system's file cache, which is not the process's memory.
    """
    budget = cache_mb * 1024 * 1024
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own
        # transaction handling would defer it and upgrade read locks too late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{budget // 1024}")
        cursor.execute(f"PRAGMA soft_heap_limit={budget}")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_KEPT}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        if connection.get_execution_options().get("allyhub_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def _postgres_engine(url: str, options: str | tuple[str, ...] | None) -> Engine:
    """An engine whose sessions run without PostgreSQL's JIT compiler.

    The policy's where-clause and the version picks make sub-plans whose estimated cost
    passes `jit_above_cost`, so PostgreSQL compiled every page query before running it:
    2.4 s of JIT for a 10 ms query (EXPLAIN ANALYZE, match[id] page at 190k objects).
    Short queries are all a hub runs, the case PostgreSQL's documentation names for
    turning JIT off. An operator's own `options` in the URL are kept.
    """
    given = " ".join([options] if isinstance(options, str) else options or ())
    return create_engine(
        url,
        pool_size=8,
        max_overflow=8,
        pool_pre_ping=True,
        connect_args={"options": f"{given} -c jit=off".strip()},
    )


def analyze(engine: Engine) -> None:
    """Refresh the planner's statistics (about half a second at a million objects).

    Without them SQLite cannot tell that `collection` has few values and `type` more, and
    picks worse indexes for filtered pages.
    """
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    except SQLAlchemyError:
        pass  # statistics are an optimization; a busy database gets them next time


MIN_ANALYZE = 20_000
"""Rows in `objects` below which the planner's statistics are left untaken."""

LARGE_STORE = {
    "objects_identity": "1000000 2 1 1 1",
    "objects_by_collection": "1000000 250000 1",
    "objects_by_type": "1000000 250000 10000 1",
}
"""The `objects` indexes' statistics (sqlite_stat1) of a large store: a million versions in
a few collections and some dozens of types, about two versions an id."""


def seed_statistics(engine: Engine) -> None:
    """Give a store that has no statistics yet those of a large one (SQLite only).

    Without statistics SQLite rates every index whose first column is bound alike, and for
    "the other versions of this id in this collection" it may take `objects_by_collection`
    and read the whole collection once per row: storing a page of twinned observables
    from a peer then took seconds per statement on a young hub (20,000 versions: 219
    versions/s). Statistics of the store's real shape, as SQLite's planner-stability
    notes suggest, give the young store the plans of a large one; the checkpointer's
    ANALYZE replaces them once the store has grown (MIN_ANALYZE).
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE sqlite_schema")  # makes sqlite_stat1, reads nothing
        taken = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'objects'"
        ).scalar_one()
        if taken:
            return
        for index, stat in LARGE_STORE.items():
            connection.exec_driver_sql(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('objects', ?, ?)", (index, stat)
            )
    engine.dispose()  # statistics are read when a connection loads the schema


class Checkpointer(threading.Thread):
    """Moves SQLite's WAL checkpoints (and statistics) off the share path.

    With `wal_autocheckpoint` the committing request copies the WAL into the database
    file itself (a few milliseconds per 1,000 objects, growing with the store). A
    server instead turns auto-checkpoints off for its connections and lets this thread
    checkpoint every `interval` seconds on a connection of its own; sqlite3 releases the
    GIL meanwhile, so the copying runs on the other core.

    How the WAL is kept from growing is `checkpoint_mode`'s choice: a busy hub writes
    about 100 MB of WAL a second at 1M objects (each object dirties a few random index
    pages, each written whole), and this thread used to truncate the WAL to nothing
    whenever it passed `limit`. Every frame written after that went to blocks the file
    system had to allocate and zero first: 4.4–4.7 µs a frame on this machine's ext4,
    against 2.4 µs for a frame written over an old one (`bench/wal_restart.py`), a
    tenth of the fusion worker's CPU in a profile (docs/benchmarks.md). So the WAL is
    now started over in place (RESTART) and SQLite keeps its file at `WAL_KEPT` bytes;
    it is given back (TRUNCATE) only once the hub is quiet.
    """

    def __init__(
        self,
        engine: Engine,
        interval: float = 0.5,
        limit: int = WAL_RESTART,
        count_every: float = 10.0,
    ) -> None:
        super().__init__(name="sqlite-checkpoint", daemon=True)
        self.engine, self.interval, self.limit = engine, interval, limit
        self.analyze_every = 600.0
        self.count_every = count_every
        self.stop = threading.Event()
        database = engine.url.database or ""
        self.wal = Path(database + "-wal")
        self._last_frames = -1  # frames in the WAL at the last round: unchanged is quiet
        self._frame_bytes = 0  # a WAL frame: a page and its 24-byte header (read once)

    def checkpoint(self) -> str:
        """One round: copy the WAL into the database, then start it over or give it back
        if `checkpoint_mode` says so. Returns the last mode run."""
        with self.engine.connect() as connection:
            # busy: another connection was checkpointing (the fusion worker's commits do);
            # the frame counts are then -1, which says nothing of quiet
            busy, frames, copied = connection.exec_driver_sql(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).one()
            if not self._frame_bytes:
                page = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
                self._frame_bytes = int(page) + 24
            size = self.wal.stat().st_size if self.wal.exists() else 0
            mode = checkpoint_mode(
                used=max(frames, 0) * self._frame_bytes,
                file_size=size,
                limit=self.limit,
                quiet=not busy and frames == copied == self._last_frames,
            )
            self._last_frames = frames
            if mode == "RESTART":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(RESTART)")
            elif mode == "TRUNCATE":
                # Only worth it if no reader holds an older snapshot (a backup, a long
                # page): waiting for one would hold writers back for nothing. Not now,
                # then; the next quiet round tries again.
                connection.exec_driver_sql("PRAGMA busy_timeout=0")
                try:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return mode

    def _rows(self) -> int:
        try:
            with self.engine.connect() as connection:
                return int(connection.exec_driver_sql("SELECT count(*) FROM objects").scalar_one())
        except SQLAlchemyError:
            return 0

    def run(self) -> None:
        analyzed, analyzed_rows, counted = 0.0, 0, 0.0
        while not self.stop.wait(self.interval):
            now = time.monotonic()
            grown, rows = False, 0
            if now - counted > self.count_every:
                # Statistics taken on a small store make the planner scan the whole table
                # for the share path's id lookups once it is large (seen: 0.16 s a lookup
                # at 300k rows). So none are taken below MIN_ANALYZE rows (without any,
                # SQLite assumes a large table and uses the index), and they are refreshed
                # whenever the store has doubled since, not only on a timer.
                counted = now
                rows = self._rows()
                grown = rows >= max(2 * analyzed_rows, MIN_ANALYZE)
            if grown or (analyzed_rows and now - analyzed > self.analyze_every):
                analyzed, analyzed_rows = now, rows if grown else self._rows()
                analyze(self.engine)
            try:
                self.checkpoint()
            except (SQLAlchemyError, OSError):
                continue  # busy or gone: the next round will try again


def checkpoint_mode(*, used: int, file_size: int, limit: int, quiet: bool) -> str:
    """How a round of the checkpointer ends, after its PASSIVE copy: `used` bytes of WAL
    frames, in a file of `file_size`; `quiet` when nothing was written since the round
    before and everything is copied.

    - RESTART when more than `limit` is in use: the next writer starts the WAL over at its
      beginning, writing over blocks the file already has (SQLite trims the file to
      `WAL_KEPT` then). A PASSIVE checkpoint alone never gets there while writers keep
      appending.
    - TRUNCATE when quiet and the file is not empty: an idle hub gives the space back.
    - PASSIVE otherwise: nothing more.

    RESTART waits for readers of older snapshots and holds writers meanwhile, as the
    TRUNCATE of a busy WAL did before; a quiet TRUNCATE does not wait (a reader then
    leaves the file as it is until a later round)."""
    if used > limit:
        return "RESTART"
    if quiet and file_size > 0:
        return "TRUNCATE"
    return "PASSIVE"


class TableCounts(NamedTuple):
    """One table's row counts as PostgreSQL's statistics views keep them."""

    name: str
    live: int
    dead: int
    changed: int  # rows inserted, updated or deleted since its statistics were taken


class PostgresUpkeep(threading.Thread):
    """Keeps PostgreSQL's statistics fresh for the hub's tables, and vacuums them where
    the server does not (`autovacuum = off`).

    A hub cannot count on autovacuum: a server may run without it (the CI image does),
    and even with it a young store is planned without statistics for up to a minute.
    Without statistics PostgreSQL guessed that a page of 1,000 ids matched 46 rows and
    walked the whole table in date order to find them: 330 ms at 190k objects, 13 ms
    after ANALYZE. So this thread applies autovacuum's own rule every `interval` seconds:
    ANALYZE a table once more than 50 rows plus 10% of it changed since its last
    statistics, and, only when autovacuum is off, VACUUM it once more than 50 rows plus
    20% of it are dead (the hub updates version hints in place, which leaves dead rows).
    Both run on a connection of their own and let writers go on.
    """

    ANALYZE_BASE, ANALYZE_SHARE = 50, 0.1
    VACUUM_BASE, VACUUM_SHARE = 50, 0.2

    def __init__(self, engine: Engine, interval: float = 10.0) -> None:
        super().__init__(name="postgres-upkeep", daemon=True)
        self.engine, self.interval = engine, interval
        self.stop = threading.Event()

    def due(self) -> tuple[list[str], list[str]]:
        """The hub's tables to analyze and to vacuum now."""
        with self.engine.connect() as connection:
            autovacuum = connection.exec_driver_sql("SHOW autovacuum").scalar_one() == "on"
            rows = connection.exec_driver_sql(
                "SELECT relname, n_live_tup, n_dead_tup, n_mod_since_analyze "
                "FROM pg_stat_user_tables WHERE schemaname = current_schema()"
            ).all()
        return self.pick([TableCounts(*row) for row in rows], autovacuum=autovacuum)

    @classmethod
    def pick(cls, tables: list[TableCounts], *, autovacuum: bool) -> tuple[list[str], list[str]]:
        """Autovacuum's thresholds, applied to the counts of pg_stat_user_tables."""
        analyze = [
            t.name for t in tables if t.changed > cls.ANALYZE_BASE + cls.ANALYZE_SHARE * t.live
        ]
        vacuum = [
            t.name
            for t in tables
            if not autovacuum and t.dead > cls.VACUUM_BASE + cls.VACUUM_SHARE * t.live
        ]
        return analyze, vacuum

    def tend(self) -> None:
        """One round: what is due, done (VACUUM cannot run inside a transaction)."""
        analyze, vacuum = self.due()
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in vacuum:
                connection.exec_driver_sql(f'VACUUM (ANALYZE) "{table}"')
            for table in set(analyze) - set(vacuum):
                connection.exec_driver_sql(f'ANALYZE "{table}"')

    def run(self) -> None:
        while True:
            try:
                self.tend()
            except SQLAlchemyError as exc:
                log.warning("postgres upkeep: %s (retrying in %.0f s)", exc, self.interval)
            if self.stop.wait(self.interval):
                return


def start_upkeep(engine: Engine) -> Checkpointer | PostgresUpkeep:
    """For a long-running server: the database's upkeep in the background (see above)."""
    if engine.dialect.name == "postgresql":
        keeper = PostgresUpkeep(engine)
        keeper.start()
        return keeper

    @event.listens_for(engine, "connect")
    def _no_autocheckpoint(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

    engine.dispose()  # connections made from now on skip auto-checkpoints
    checkpointer = Checkpointer(engine)
    checkpointer.start()
    return checkpointer


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest revision (safe to run on every start, also by
    several hosts starting together: on PostgreSQL they take turns, under a transaction
    advisory lock, and the later ones find the schema current). An older `revision` is
    for tests and benchmarks of a migration."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATING})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the database: {exc}") from exc


def check_revision(engine: Engine) -> None:
    """Refuse to run against a schema this code does not know."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise StoreError(
            f"database schema is at revision {current}, this allyhub expects {head}: "
            "run `allyhub db upgrade`"
        )
