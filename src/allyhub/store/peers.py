"""Federation bookkeeping in SQL: pull cursors, peer credentials, what was served."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from allyhub.errors import StoreError
from allyhub.records import Cursor, PushCursor, Quarantined
from allyhub.store.engine import WRITE
from allyhub.store.schema import (
    misp_feed_events,
    peer_credentials,
    peer_cursors,
    peer_served,
    push_cursors,
    quarantine,
)

_CURSOR_COLUMNS = tuple(peer_cursors.c)
_QUARANTINE_COLUMNS = (
    quarantine.c.source,
    quarantine.c.collection,
    quarantine.c.stix_id,
    quarantine.c.version,
    quarantine.c.reason,
    quarantine.c.body,
    quarantine.c.origin,
    quarantine.c.received,
    quarantine.c.tries,
    quarantine.c.id,
)


def _cursor(row: Sequence[Any]) -> Cursor:
    return Cursor(*row)


def save_cursor(connection: Connection, cursor: Cursor) -> None:
    """Insert or replace a cursor inside the caller's transaction."""
    values = {c.name: getattr(cursor, c.name) for c in _CURSOR_COLUMNS}
    changed = connection.execute(
        update(peer_cursors)
        .where(peer_cursors.c.peer == cursor.peer, peer_cursors.c.collection == cursor.collection)
        .values(**values)
    ).rowcount
    if not changed:
        connection.execute(peer_cursors.insert().values(**values))


def count_refused(
    connection: Connection, peer: str, collection: str, count: int, last: str | None
) -> None:
    """Add refusals to a cursor's count inside the caller's transaction, in one statement
    (a push may land while a pull of the same collection moves the cursor)."""
    changed = connection.execute(
        update(peer_cursors)
        .where(peer_cursors.c.peer == peer, peer_cursors.c.collection == collection)
        .values(refused=peer_cursors.c.refused + count, last_refusal=last)
    ).rowcount
    if not changed:
        save_cursor(connection, Cursor(peer, collection, refused=count, last_refusal=last))


def _quarantined(row: Sequence[Any]) -> Quarantined:
    source, collection, stix_id, version, reason, body, origin, received, tries, ident = row
    return Quarantined(
        source,
        collection,
        stix_id,
        version,
        reason,
        bytes(body),
        bytes(origin) if origin is not None else None,
        received,
        tries,
        ident,
    )


def hold(connection: Connection, entries: Sequence[Quarantined]) -> None:
    """Keep refused versions inside the caller's transaction: one row per source,
    collection, id and version, its reason and body the latest, its tries counted."""
    for entry in entries:
        where = (
            (quarantine.c.source == entry.source)
            & (quarantine.c.collection == entry.collection)
            & (quarantine.c.stix_id == entry.stix_id)
            & (quarantine.c.version == entry.version)
        )
        values = {
            "reason": entry.reason,
            "body": entry.body,
            "origin": entry.origin,
            "received": entry.received,
        }
        changed = connection.execute(
            update(quarantine).where(where).values(tries=quarantine.c.tries + 1, **values)
        ).rowcount
        if not changed:
            connection.execute(
                quarantine.insert().values(
                    source=entry.source,
                    collection=entry.collection,
                    stix_id=entry.stix_id,
                    version=entry.version,
                    tries=1,
                    **values,
                )
            )


def release(connection: Connection, ids: Sequence[int]) -> None:
    """Forget quarantined versions a retry stored (or found already held)."""
    for start in range(0, len(ids), 500):
        connection.execute(delete(quarantine).where(quarantine.c.id.in_(ids[start : start + 500])))


def count_served(connection: Connection, peer: str, count: int, now: int) -> None:
    changed = connection.execute(
        update(peer_served)
        .where(peer_served.c.peer == peer)
        .values(served=peer_served.c.served + count, last_served=now)
    ).rowcount
    if not changed:
        connection.execute(peer_served.insert().values(peer=peer, served=count, last_served=now))


class SqlPeerStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def cursors(self, peer: str | None = None) -> list[Cursor]:
        statement = select(*_CURSOR_COLUMNS).order_by(
            peer_cursors.c.peer, peer_cursors.c.collection
        )
        if peer is not None:
            statement = statement.where(peer_cursors.c.peer == peer)
        with self.engine.connect() as connection:
            return [_cursor(row) for row in connection.execute(statement)]

    def cursor(self, peer: str, collection: str) -> Cursor:
        statement = select(*_CURSOR_COLUMNS).where(
            peer_cursors.c.peer == peer, peer_cursors.c.collection == collection
        )
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        return _cursor(row) if row is not None else Cursor(peer, collection)

    def save(self, cursor: Cursor) -> None:
        with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
            save_cursor(connection, cursor)

    def push_cursor(self, peer: str, collection: str) -> PushCursor:
        statement = select(
            push_cursors.c.after, push_cursors.c.pushed, push_cursors.c.last_push
        ).where(push_cursors.c.peer == peer, push_cursors.c.collection == collection)
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        return (
            PushCursor(peer, collection, *row) if row is not None else PushCursor(peer, collection)
        )

    def save_push(self, cursor: PushCursor) -> None:
        values = {"after": cursor.after, "pushed": cursor.pushed, "last_push": cursor.last_push}
        with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
            changed = connection.execute(
                update(push_cursors)
                .where(
                    push_cursors.c.peer == cursor.peer,
                    push_cursors.c.collection == cursor.collection,
                )
                .values(**values)
            ).rowcount
            if not changed:
                connection.execute(
                    push_cursors.insert().values(
                        peer=cursor.peer, collection=cursor.collection, **values
                    )
                )

    def served(self) -> dict[str, tuple[int, int | None]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(peer_served.c.peer, peer_served.c.served, peer_served.c.last_served)
            )
            return {peer: (served, last) for peer, served, last in rows}

    def quarantined(self, source: str | None = None, limit: int | None = None) -> list[Quarantined]:
        """Refused versions held, oldest first (of one source, or all)."""
        statement = select(*_QUARANTINE_COLUMNS).order_by(quarantine.c.id)
        if source is not None:
            statement = statement.where(quarantine.c.source == source)
        if limit is not None:
            statement = statement.limit(limit)
        with self.engine.connect() as connection:
            return [_quarantined(row) for row in connection.execute(statement)]

    def quarantine_counts(self) -> dict[tuple[str, str], int]:
        """How many refused versions are held, per source and collection."""
        statement = select(quarantine.c.source, quarantine.c.collection, func.count()).group_by(
            quarantine.c.source, quarantine.c.collection
        )
        with self.engine.connect() as connection:
            return {(src, col): int(count) for src, col, count in connection.execute(statement)}

    def misp_taken(self, source: str, collection: str) -> dict[str, str]:
        """A MISP feed's cursor: event UUID -> the digest of its entry as last taken."""
        statement = select(misp_feed_events.c.event, misp_feed_events.c.digest).where(
            misp_feed_events.c.source == source, misp_feed_events.c.collection == collection
        )
        with self.engine.connect() as connection:
            return {event: digest for event, digest in connection.execute(statement)}

    def misp_took(self, source: str, collection: str, event: str, digest: str, now: int) -> None:
        """Move a MISP feed's cursor past one event (after its objects are stored: a
        crash in between only offers them again, as duplicates)."""
        key = (
            misp_feed_events.c.source == source,
            misp_feed_events.c.collection == collection,
            misp_feed_events.c.event == event,
        )
        try:
            with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
                connection.execute(delete(misp_feed_events).where(*key))
                connection.execute(
                    misp_feed_events.insert().values(
                        source=source, collection=collection, event=event, digest=digest, taken=now
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot move the cursor of {source}: {exc}") from exc

    def set_credentials(self, peer: str, principal: str, sealed: bytes) -> None:
        try:
            with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
                connection.execute(peer_credentials.delete().where(peer_credentials.c.peer == peer))
                connection.execute(
                    peer_credentials.insert().values(peer=peer, principal=principal, secret=sealed)
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store credentials for {peer}: {exc}") from exc

    def credentials(self, peer: str) -> tuple[str, bytes] | None:
        statement = select(peer_credentials.c.principal, peer_credentials.c.secret).where(
            peer_credentials.c.peer == peer
        )
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        return (row[0], bytes(row[1])) if row is not None else None
