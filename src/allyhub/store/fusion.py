"""Fusion's derived tables in SQL: name entries, links, correlation values, places.

Everything here was derived from one stored version (an `objects` row, by date_added) and
never changes after. Reads made for a reader take the policy's `Visibility` and keep, of
each object, only the newest version that reader may see (`newest_visible`): a name, value
or place of a version it may not see — or of an older version than the one it sees —
never reaches it, and counts and limits apply after that choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Executable,
    FromClause,
    and_,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    update,
)

from allyhub.records import Current, Derived, LinkRow, ValueRow, Visibility
from allyhub.store.aliases import NEWER, READ
from allyhub.store.engine import WRITE
from allyhub.store.objects import bulk_insert
from allyhub.store.schema import (
    HAS_RANGE,
    fusion_aliases,
    fusion_entries,
    fusion_links,
    fusion_names,
    fusion_places,
    fusion_state,
    fusion_values,
    object_refs,
    objects,
)


def _chunks(items: Sequence[str], size: int = 900) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def newest_visible(o: FromClause, visible: Visibility) -> ColumnElement[bool]:
    """The version in `o` is the newest of its object that the reader may see (in any
    collection it may read: `visible` carries that too)."""
    newer = NEWER
    return ~exists().where(
        newer.c.stix_id == o.c.stix_id,
        newer.c.version > o.c.version,
        newer.c.deleted == false(),
        visible(newer),
    )


class SqlFusionWriter:
    """Writes of one fusion transaction (with the cursor move)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def cursor(self) -> int:
        statement = select(fusion_state.c.cursor).where(fusion_state.c.id == 1)
        if self.connection.dialect.name == "postgresql":
            statement = statement.with_for_update()  # one worker at a time
        return int(self.connection.execute(statement).scalar_one())

    def move_cursor(self, to: int) -> None:
        self.connection.execute(
            update(fusion_state).where(fusion_state.c.id == 1).values(cursor=to)
        )

    def mark_aliases(self, digests: Iterable[str]) -> None:
        self.connection.execute(delete(fusion_aliases))
        rows = [{"digest": digest} for digest in sorted(set(digests))]
        if rows:
            self.connection.execute(insert(fusion_aliases), rows)

    def apply(self, derived: Derived) -> None:
        """Add the derived rows in a few bulk statements (store/objects.py's bulk path):
        the write lock, which the share path waits for, is held for milliseconds, not for
        the scoring that produced them nor for building statements row by row."""
        connection = self.connection
        if derived.entries:
            rows = [(e["date_added"], e["entry"]) for e in derived.entries]
            bulk_insert(connection, "fusion_entries", ("date_added", "entry"), rows)
        new = sorted(derived.names)
        held = {
            str(row[0])
            for chunk in _chunks(new)
            for row in connection.execute(
                select(fusion_names.c.entry).where(fusion_names.c.entry.in_(chunk)).distinct()
            )
        }
        names = [
            (entry, name, kind)
            for entry, (kind, texts) in derived.names.items()
            if entry not in held
            for name in dict.fromkeys(texts)
        ]
        if names:
            bulk_insert(connection, "fusion_names", ("entry", "name", "kind"), names)
        if derived.links:
            _replace_links(connection, list(derived.links.values()))
        if derived.values:
            values = [
                (v["date_added"], v["kind"], v["value"], v["lo"], v["hi"]) for v in derived.values
            ]
            bulk_insert(
                connection, "fusion_values", ("date_added", "kind", "value", "lo", "hi"), values
            )
        if derived.places:
            places = [(p["date_added"], p["latitude"], p["longitude"]) for p in derived.places]
            bulk_insert(
                connection, "fusion_places", ("date_added", "latitude", "longitude"), places
            )


def _replace_links(connection: Connection, rows: list[LinkRow]) -> None:
    """Write these links, each replacing the one stored for its pair (scored again).
    SQLite: one INSERT OR REPLACE, plain executemany (a delete, then an insert, searched
    the keys twice: the delete was 3% of the worker's samples at 500k objects). PostgreSQL:
    the pairs deleted, then COPY (`bulk_insert`)."""
    links = [(r.a, r.b, r.score, r.band, r.why) for r in rows]
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO fusion_links (a, b, score, band, why) VALUES (?, ?, ?, ?, ?)",
            links,
        )
        return
    connection.execute(
        delete(fusion_links).where(
            fusion_links.c.a == bindparam("a_"), fusion_links.c.b == bindparam("b_")
        ),
        [{"a_": r.a, "b_": r.b} for r in rows],
    )
    bulk_insert(connection, "fusion_links", ("a", "b", "score", "band", "why"), links)


class SqlFusionStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def writing(self) -> Iterator[SqlFusionWriter]:
        """One transaction of derived rows. On PostgreSQL its commit does not wait for the
        WAL to reach the disk (`synchronous_commit` off for this transaction only), as the
        worker's SQLite connection commits with `synchronous NORMAL` (app.fusion_settings):
        the rows and the fusion cursor are lost together or kept together, and what is
        lost is derived again from the versions, which were committed durably."""
        with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            yield SqlFusionWriter(connection)

    def _rows(self, statement: Executable) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(statement))

    def cursor(self) -> int:
        return int(self._rows(select(fusion_state.c.cursor))[0][0])

    def linked_aliases(self) -> set[str]:
        return {str(row[0]) for row in self._rows(select(fusion_aliases.c.digest))}

    # -- the name index's entries (global: every reader's search is filtered after) ----

    @staticmethod
    def _grouped(rows: Iterable[Any]) -> Iterator[tuple[str, str, list[str]]]:
        current: tuple[str, str, list[str]] | None = None
        for entry, kind, name in rows:
            if current is None or current[0] != entry:
                if current is not None:
                    yield current
                current = (str(entry), str(kind), [])
            current[2].append(str(name))
        if current is not None:
            yield current

    def all_names(self) -> Iterator[tuple[str, str, list[str]]]:
        """(entry, kind, names) of every name entry, for rebuilding the index."""
        statement = select(fusion_names.c.entry, fusion_names.c.kind, fusion_names.c.name)
        with self.engine.connect() as connection:
            yield from self._grouped(connection.execute(statement.order_by(fusion_names.c.entry)))

    def names_filed(self, after: int, upto: int) -> list[tuple[str, str, list[str]]]:
        """(entry, kind, names) of the entries of versions added in (after, upto]: what
        another process's worker filed since a name index was last brought up to date."""
        changed = select(fusion_entries.c.entry).where(
            fusion_entries.c.date_added > after, fusion_entries.c.date_added <= upto
        )
        statement = (
            select(fusion_names.c.entry, fusion_names.c.kind, fusion_names.c.name)
            .where(fusion_names.c.entry.in_(changed))
            .order_by(fusion_names.c.entry)
        )
        return list(self._grouped(self._rows(statement)))

    def names(self, entries: Iterable[str]) -> dict[str, tuple[str, list[str]]]:
        """entry -> (kind, names)."""
        found: dict[str, tuple[str, list[str]]] = {}
        for chunk in _chunks(sorted(set(entries))):
            statement = select(
                fusion_names.c.entry, fusion_names.c.kind, fusion_names.c.name
            ).where(fusion_names.c.entry.in_(chunk))
            for entry, kind, name in self._rows(statement):
                found.setdefault(str(entry), (str(kind), []))[1].append(str(name))
        return found

    def links(self, entries: Iterable[str]) -> list[LinkRow]:
        """Links with either end among these entries."""
        found: dict[tuple[str, str], LinkRow] = {}
        columns = (
            fusion_links.c.a,
            fusion_links.c.b,
            fusion_links.c.score,
            fusion_links.c.band,
            fusion_links.c.why,
        )
        for chunk in _chunks(sorted(set(entries))):
            statement = select(*columns).where(
                or_(fusion_links.c.a.in_(chunk), fusion_links.c.b.in_(chunk))
            )
            for a, b, score, band, why in self._rows(statement):
                found[(str(a), str(b))] = LinkRow(str(a), str(b), float(score), str(band), str(why))
        return list(found.values())

    def in_band(self, band: str, limit: int) -> list[LinkRow]:
        """Links in one band (e.g. review), best first, at most `limit`."""
        statement = (
            select(
                fusion_links.c.a,
                fusion_links.c.b,
                fusion_links.c.score,
                fusion_links.c.band,
                fusion_links.c.why,
            )
            .where(fusion_links.c.band == band)
            .order_by(fusion_links.c.score.desc(), fusion_links.c.a, fusion_links.c.b)
            .limit(limit)
        )
        return [
            LinkRow(str(a), str(b), float(score), str(kind), str(why))
            for a, b, score, kind, why in self._rows(statement)
        ]

    # -- a reader's view: the newest version of each object it may see ------------------

    def current(self, ids: Iterable[str], visible: Visibility) -> dict[str, Current]:
        """stix_id -> the newest version of it the reader may see (and its entry)."""
        o = READ
        found: dict[str, Current] = {}
        for chunk in _chunks(sorted(set(ids))):
            statement = (
                select(o.c.stix_id, o.c.version, o.c.date_added, fusion_entries.c.entry)
                .select_from(
                    o.outerjoin(fusion_entries, fusion_entries.c.date_added == o.c.date_added)
                )
                .where(o.c.stix_id.in_(chunk), o.c.deleted == false(), visible(o))
            )
            for stix_id, version, date_added, entry in self._rows(statement):
                row = Current(int(date_added), int(version), entry)
                held = found.get(stix_id)
                # the newest version; of one version in two collections, either (same body)
                if held is None or (row.version, row.entry is not None, -row.date_added) > (
                    held.version,
                    held.entry is not None,
                    -held.date_added,
                ):
                    found[str(stix_id)] = row
        return found

    def refs_to(self, targets: Iterable[str], visible: Visibility) -> list[tuple[str, str, str]]:
        """(source id, source type, target) of the objects whose newest version the reader
        may see refers to one of these ids (the share path indexes references in
        `object_refs`)."""
        o = READ
        found: set[tuple[str, str, str]] = set()
        for chunk in _chunks(sorted(set(targets))):
            statement = (
                select(o.c.stix_id, o.c.type, object_refs.c.ref)
                .join(o, o.c.date_added == object_refs.c.date_added)
                .where(
                    object_refs.c.ref.in_(chunk),
                    o.c.deleted == false(),
                    visible(o),
                    newest_visible(o, visible),
                )
            )
            found.update((str(s), str(t), str(r)) for s, t, r in self._rows(statement))
        return sorted(found)

    def values(self, date_added: int) -> list[ValueRow]:
        """The observable values of one version."""
        statement = select(
            fusion_values.c.kind, fusion_values.c.value, fusion_values.c.lo, fusion_values.c.hi
        ).where(fusion_values.c.date_added == date_added)
        return [
            ValueRow(str(k), str(v), str(lo), str(hi)) for k, v, lo, hi in self._rows(statement)
        ]

    def sharing_value(
        self, value: ValueRow, visible: Visibility, exclude: str, limit: int
    ) -> list[str]:
        """Objects whose newest visible version has the same value (for IP networks:
        overlapping ranges), at most `limit`, counted after visibility."""
        o = READ
        same = (
            and_(
                fusion_values.c.kind == value.kind,
                HAS_RANGE,
                fusion_values.c.lo <= value.hi,
                fusion_values.c.hi >= value.lo,
            )
            if value.lo
            else and_(fusion_values.c.kind == value.kind, fusion_values.c.value == value.value)
        )
        statement = (
            select(o.c.stix_id)
            .join(o, o.c.date_added == fusion_values.c.date_added)
            .where(
                same,
                o.c.stix_id != exclude,
                o.c.deleted == false(),
                visible(o),
                newest_visible(o, visible),
            )
            .distinct()
            .order_by(o.c.stix_id)
            .limit(limit)
        )
        return [str(row[0]) for row in self._rows(statement)]

    def place(self, date_added: int) -> tuple[float, float] | None:
        """The coordinates of one version, if it has any."""
        statement = select(fusion_places.c.latitude, fusion_places.c.longitude).where(
            fusion_places.c.date_added == date_added
        )
        rows = self._rows(statement)
        return (float(rows[0][0]), float(rows[0][1])) if rows else None

    def places_near(
        self, latitude: float, degrees: float, visible: Visibility
    ) -> list[tuple[str, float, float]]:
        """(stix_id, latitude, longitude) of the objects whose newest visible version lies
        within a latitude band (the caller checks the true distance)."""
        o = READ
        statement = (
            select(o.c.stix_id, fusion_places.c.latitude, fusion_places.c.longitude)
            .join(o, o.c.date_added == fusion_places.c.date_added)
            .where(
                fusion_places.c.latitude.between(latitude - degrees, latitude + degrees),
                o.c.deleted == false(),
                visible(o),
                newest_visible(o, visible),
            )
        )
        return sorted({(str(s), float(a), float(b)) for s, a, b in self._rows(statement)})

    def backlog(self) -> tuple[int, int | None]:
        """Versions stored but not yet derived (after the fusion cursor), and the
        date_added of the oldest of them: what the hub's metrics report."""
        cursor = select(fusion_state.c.cursor).where(fusion_state.c.id == 1).scalar_subquery()
        statement = select(func.count(), func.min(objects.c.date_added)).where(
            objects.c.date_added > cursor
        )
        count, oldest = self._rows(statement)[0]
        return int(count), int(oldest) if oldest is not None else None
