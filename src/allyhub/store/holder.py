"""Who runs a hub's background work: one server process of the whole deployment.

The sync loop (one thread per peer and feed) and the fusion worker must run once per hub,
however many processes and hosts serve it. Every server process contends for a lock; the
one that takes it runs the work while it holds it, and the others try again every few
seconds, so a survivor takes over when the holder dies.

- SQLite lives on one host: an exclusive `flock` on `<data_dir>/<hub>.lock`, released by
  the kernel when the holding process ends, however it ends.
- PostgreSQL may serve many hosts: a session-level advisory lock (`pg_try_advisory_lock`)
  on a connection of its own, held while that connection lives. A holder killed with its
  host drops the connection and PostgreSQL releases the lock. The connection sets
  keepalives and a TCP user timeout on both ends, shorter on the holder's side (10 s)
  than on the server's (25 s): a holder cut off from the database notices and stops its
  work before the server frees the lock for another host.

The lock keeps the work single for efficiency and order, not for correctness: every
write the work makes is serialised by the database (the hub clock's row lock, the fusion
cursor's compare-and-set), so a stale holder overlapping a new one for a moment stores
nothing twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import Protocol, TextIO

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

log = logging.getLogger("allyhub.holder")

HOLDER_TIMEOUT_MS = 10_000
"""How long the holder waits on an unanswered database before it gives the lock up."""
SERVER_KEEPALIVE = {"idle": 10, "interval": 5, "count": 3}
"""PostgreSQL's probes of the holder's connection: a silent holder is dropped, and its
lock released, after idle + interval x count = 25 s (longer than HOLDER_TIMEOUT_MS)."""


class HolderLock(Protocol):
    """A lock one process of the deployment holds at a time."""

    def take(self) -> bool:
        """Try once, without waiting: True when this process holds the lock now."""
        ...

    def still_held(self) -> bool:
        """The holder's check, made every second or so: False once the lock is lost."""
        ...

    def release(self) -> None:
        """Give the lock up (also when it is already lost)."""
        ...


class FileLock:
    """An exclusive flock on a file of the data directory (SQLite: one host)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: TextIO | None = None

    def take(self) -> bool:
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a")  # noqa: SIM115 - kept open on purpose: the lock lives with it
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def still_held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def advisory_key(hub: str) -> int:
    """The advisory lock's key for a hub: 64 bits of a digest of its id, signed as
    PostgreSQL's bigint (advisory locks are per database; the hub id keeps two hubs that
    share one database apart)."""
    digest = hashlib.sha256(f"allyhub background {hub}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_engine(engine: Engine, hub: str) -> Engine:
    """An engine without a pool for the lock's connection: closing it really closes it
    (which releases the lock), and it never goes back to a pool other code draws from."""
    keepalive = SERVER_KEEPALIVE
    options = (
        f"-c tcp_keepalives_idle={keepalive['idle']} "
        f"-c tcp_keepalives_interval={keepalive['interval']} "
        f"-c tcp_keepalives_count={keepalive['count']} "
        f"-c tcp_user_timeout={HOLDER_TIMEOUT_MS * 5 // 2} "
        f"-c statement_timeout={HOLDER_TIMEOUT_MS}"
    )
    return create_engine(
        engine.url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={
            "application_name": f"allyhub background {hub} {socket.gethostname()}:{os.getpid()}",
            "connect_timeout": HOLDER_TIMEOUT_MS // 1000,
            "keepalives": 1,
            "keepalives_idle": keepalive["idle"],
            "keepalives_interval": keepalive["interval"],
            "keepalives_count": keepalive["count"],
            "tcp_user_timeout": HOLDER_TIMEOUT_MS,
            "options": options,
        },
    )


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock on a connection of its own."""

    def __init__(self, engine: Engine, hub: str) -> None:
        self.key = advisory_key(hub)
        self._engine = _lock_engine(engine, hub)
        self._connection: Connection | None = None
        self._held = False

    def _drop(self) -> None:
        """Close the connection (the lock, if held, goes with it)."""
        connection, self._connection, self._held = self._connection, None, False
        if connection is not None:
            try:
                connection.close()
            except Exception as exc:  # a dead connection may fail to close: it is gone anyway
                log.debug("closing the background lock's connection: %s", exc)

    def take(self) -> bool:
        if self._held:
            return self.still_held()
        try:
            if self._connection is None:
                self._connection = self._engine.connect()
            taken = self._connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
            ).scalar_one()
        except Exception as exc:  # the database is away: not the holder, try again later
            log.warning("cannot reach the database for the background lock: %s", exc)
            self._drop()
            return False
        self._held = bool(taken)
        return self._held

    def still_held(self) -> bool:
        if not self._held or self._connection is None:
            return False
        high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        try:
            held = self._connection.execute(
                text(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                    " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
                    " AND classid = CAST(:high AS bigint)::oid"
                    " AND objid = CAST(:low AS bigint)::oid)"
                ),
                {"high": high, "low": low},
            ).scalar_one()
        except Exception as exc:
            log.warning("the background lock's connection failed: %s", exc)
            self._drop()
            return False
        if not held:
            self._drop()
        return bool(held)

    def release(self) -> None:
        self._drop()
        self._engine.dispose()


def holder_lock(engine: Engine, data_dir: str, hub: str) -> HolderLock:
    """The lock for a hub's background work on this database."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine, hub)
    return FileLock(Path(data_dir) / f"{hub}.lock")
