"""STIX object versions in SQL: the only code that reads or writes the `objects` table.

It implements the service's `ObjectStore` and `UnitOfWork` ports (service/ports.py) with
the service's records (allyhub.records). Reads take a `Visibility`, called with a table
alias for the policy's where-clause, so that what a principal may see is decided inside
the query: pages stay full, counts stay honest, and nothing invisible is ever fetched.
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
    case,
    exists,
    false,
    func,
    null,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from allyhub.errors import StoreError
from allyhub.records import (
    AuditRow,
    Commit,
    Cursor,
    Known,
    NewVersion,
    ObjectQuery,
    Page,
    Quarantined,
    SealPlace,
    SealRecord,
    StatusRecord,
    StoredVersion,
    VersionMatch,
    VersionPick,
    Visibility,
)
from allyhub.store.aliases import LINE, NEWER, OLDER, READ, SEEN
from allyhub.store.audit import append, head
from allyhub.store.engine import WRITE
from allyhub.store.peers import count_refused, count_served, hold, release, save_cursor
from allyhub.store.schema import (
    hub_clock,
    member_set_members,
    member_sets,
    object_names,
    object_refs,
    objects,
    seals,
)
from allyhub.store.statuses import save_status

_META = (
    objects.c.date_added,
    objects.c.committed,
    objects.c.stix_id,
    objects.c.version,
    objects.c.shared_by,
    objects.c.origin_hub,
    objects.c.origin_added,
    objects.c.tlp,
    objects.c.audience,
    objects.c.excluded,
)


def _row(row: Sequence[Any], with_body: bool) -> StoredVersion:
    return StoredVersion(
        date_added=row[0],
        committed=row[1],
        stix_id=row[2],
        version=row[3],
        shared_by=row[4],
        origin_hub=row[5],
        origin_added=row[6],
        tlp=row[7],
        audience=row[8],
        excluded=row[9],
        body=bytes(row[10]) if with_body else None,
    )


class SqlObjectStore:
    """Object versions, member sets and the hub clock over one SQLAlchemy engine."""

    def __init__(self, engine: Engine, hub_id: str) -> None:
        self.engine = engine
        self.hub_id = hub_id
        self._is_postgres = engine.dialect.name == "postgresql"
        self._sets: dict[int, frozenset[str]] = {}  # member sets never change once made
        self._set_ids: dict[frozenset[str], int] = {}

    def member_sets(self, ids: Iterable[int]) -> dict[int, frozenset[str]]:
        """The members of each member set (release and deny lists)."""
        wanted = set(ids) - self._sets.keys()
        if wanted:
            found: dict[int, set[str]] = {set_id: set() for set_id in wanted}
            statement = select(member_set_members.c.set_id, member_set_members.c.member).where(
                member_set_members.c.set_id.in_(sorted(wanted))
            )
            for set_id, member in self._read(statement):
                found[set_id].add(member)
            self._sets.update({k: frozenset(v) for k, v in found.items()})
        return {set_id: self._sets[set_id] for set_id in ids}

    @contextmanager
    def writing(self) -> Iterator[SqlUnitOfWork]:
        """One write transaction; everything in it commits together or not at all."""
        try:
            with self.engine.connect().execution_options(**WRITE) as connection:
                with connection.begin():
                    if self._is_postgres:
                        # The write lock up front, as SQLite's BEGIN IMMEDIATE: what the
                        # writer reads (`known`) is then what its commit is judged
                        # against, and another process cannot store the same version in
                        # between (it would break the unique index, not be a no-op).
                        connection.execute(
                            select(hub_clock.c.id).where(hub_clock.c.id == 1).with_for_update()
                        )
                    writer = SqlUnitOfWork(
                        connection, self.hub_id, self._is_postgres, self._set_ids
                    )
                    yield writer
                # committed: the sets it made exist now, and may be remembered
                self._set_ids.update(writer.new_sets)
        except SQLAlchemyError as exc:
            raise StoreError(f"database write failed: {exc.__class__.__name__}: {exc}") from exc

    def page(self, query: ObjectQuery, visible: Visibility, *, with_body: bool) -> Page:
        """One page of versions in date_added order, filtered by the query and the policy."""
        o = READ
        columns = [o.c[c.name] for c in _META]
        if with_body:
            columns.append(o.c.body)
        conditions = _where(o, query, visible)
        order = o.c.date_added.desc() if query.newest_first else o.c.date_added
        statement = select(*columns).where(and_(*conditions)).order_by(order).limit(query.limit + 1)
        rows = self._read(statement)
        more = len(rows) > query.limit
        return Page([_row(r, with_body) for r in rows[: query.limit]], more)

    def recent(
        self, after: int, limit: int, types: frozenset[str]
    ) -> list[tuple[int, str, bool, bytes | None]]:
        """(date_added, stix_id, has_newer, body) of versions added after `after`, in every
        collection, oldest first: what the hub's own derivations (fusion) work through.
        Only versions of these `types` carry their body (None for the rest): the others
        move the caller's cursor but are neither copied out nor parsed."""
        body = case((objects.c.type.in_(sorted(types)), objects.c.body), else_=null())
        statement = (
            select(objects.c.date_added, objects.c.stix_id, objects.c.has_newer, body)
            .where(objects.c.date_added > after, objects.c.deleted == false())
            .order_by(objects.c.date_added)
            .limit(limit)
        )
        return [
            (int(d), str(i), bool(n), None if b is None else bytes(b))
            for d, i, n, b in self._read(statement)
        ]

    def visible_ids(self, ids: Iterable[str], visible: Visibility) -> set[str]:
        """The ids among these of which the principal may see some version."""
        wanted = sorted(set(ids))
        found: set[str] = set()
        o = READ
        for start in range(0, len(wanted), 900):
            statement = (
                select(o.c.stix_id)
                .where(
                    o.c.stix_id.in_(wanted[start : start + 900]), o.c.deleted == false(), visible(o)
                )
                .distinct()
            )
            found.update(str(row[0]) for row in self._read(statement))
        return found

    def held(self, versions: Iterable[tuple[str, int]]) -> set[tuple[str, str, int, str]]:
        """(shared_by, stix_id, version, collection) of every stored row of these (stix_id,
        version) pairs, deleted ones included: what replication skips as held. Never shown
        to a caller; a version, once stored, stays held, so the answer cannot go stale."""
        wanted = set(versions)
        pairs = sorted(wanted)
        found: set[tuple[str, str, int, str]] = set()
        # Two lists, not `(stix_id, version) IN (VALUES ...)`, which SQLite answers with a
        # scan of the whole index; the version list keeps the other versions of each id
        # in the index instead of fetching them.
        for start in range(0, len(pairs), 400):
            chunk = pairs[start : start + 400]
            statement = select(
                objects.c.shared_by, objects.c.stix_id, objects.c.version, objects.c.collection
            ).where(
                objects.c.stix_id.in_(sorted({i for i, _ in chunk})),
                objects.c.version.in_(sorted({v for _, v in chunk})),
            )
            found.update(
                (str(s), str(i), int(v), str(c))
                for s, i, v, c in self._read(statement)
                if (i, v) in wanted
            )
        return found

    def seals_held(self, roots: Iterable[bytes]) -> list[SealRecord]:
        """The stored seals with these roots (without their leaves). Every stored seal was
        made here or verified against its origin's pinned key before it was stored."""
        wanted = sorted(set(roots))
        found: list[SealRecord] = []
        for start in range(0, len(wanted), 900):
            statement = select(seals.c.hub, seals.c.root, seals.c.size, seals.c.signature).where(
                seals.c.root.in_(wanted[start : start + 900])
            )
            found.extend(
                SealRecord(str(h), bytes(r), int(n), bytes(g))
                for h, r, n, g in self._read(statement)
            )
        return found

    def latest_visible(
        self, ids: Iterable[str], visible: Visibility
    ) -> dict[str, tuple[str, bytes]]:
        """stix_id -> (shared_by, body) of the newest version of each that may be seen, in
        the line that started first among those seen (as `page` serves them): a line
        starts, for this reader, at the first of its versions the reader may see."""
        wanted = sorted(set(ids))
        # stix_id -> sharer -> (its line's start as seen, newest version, its body)
        lines: dict[str, dict[str, tuple[int, int, bytes]]] = {}
        o = READ
        for start in range(0, len(wanted), 900):
            statement = select(
                o.c.stix_id, o.c.version, o.c.shared_by, o.c.origin_added, o.c.body
            ).where(
                o.c.stix_id.in_(wanted[start : start + 900]), o.c.deleted == false(), visible(o)
            )
            for stix_id, version, shared_by, origin_added, body in self._read(statement):
                by_sharer = lines.setdefault(str(stix_id), {})
                began, newest, kept = by_sharer.get(shared_by, (int(origin_added), -1, b""))
                if int(version) > newest:
                    newest, kept = int(version), bytes(body)
                by_sharer[str(shared_by)] = (min(began, int(origin_added)), newest, kept)
        found: dict[str, tuple[str, bytes]] = {}
        for stix_id, by_sharer in lines.items():
            first = min(by_sharer, key=lambda sharer: (by_sharer[sharer][0], sharer))
            found[stix_id] = (first, by_sharer[first][2])
        return found

    def sharers(self, ids: Iterable[str], visible: Visibility) -> dict[str, set[str]]:
        """stix_id -> the members who shared a version of it that may be seen."""
        wanted = sorted(set(ids))
        found: dict[str, set[str]] = {}
        o = READ
        for start in range(0, len(wanted), 900):
            statement = (
                select(o.c.stix_id, o.c.shared_by)
                .where(
                    o.c.stix_id.in_(wanted[start : start + 900]), o.c.deleted == false(), visible(o)
                )
                .distinct()
            )
            for stix_id, shared_by in self._read(statement):
                found.setdefault(str(stix_id), set()).add(str(shared_by))
        return found

    def count(self, collection: str, visible: Visibility) -> int:
        """Distinct versions the reader may see (a version two members shared counts once)."""
        o = READ
        statement = select(func.count()).where(
            o.c.collection == collection,
            o.c.deleted == false(),
            visible(o),
            _version_clause(o, VersionMatch(frozenset({VersionPick.ALL})), visible),
        )
        count: int = self._read(statement)[0][0]
        return count

    def count_matching(
        self, query: ObjectQuery, visible: Visibility, most: int | None = None
    ) -> int:
        """How many rows `page` would go through for this query (its limit aside): a
        list's total, of what the reader may see only. With `most`, counting stops past
        it (at most + 1), so a count over a million rows costs no more than a page."""
        o = READ
        conditions = and_(*_where(o, query, visible))
        if most is None:
            statement = select(func.count()).where(conditions)
        else:
            matching = select(o.c.date_added).where(conditions).limit(most + 1).subquery()
            statement = select(func.count()).select_from(matching)
        count: int = self._read(statement)[0][0]
        return count

    def tally(
        self, query: ObjectQuery, visible: Visibility, width: int, most: int | None = None
    ) -> list[tuple[int, str, int, int]]:
        """(period start, shared_by, tlp, count) of the rows the query matches (the newest
        `most` of them, when given), by period of `width` µs of when they were committed
        here: the charts of sharing over time."""
        o = READ
        matching = (
            select(o.c.committed, o.c.shared_by, o.c.tlp)
            .where(and_(*_where(o, query, visible)))
            .order_by(o.c.date_added.desc())
            .limit(most)
            .subquery()
        )
        period = (matching.c.committed // width) * width
        statement = (
            select(period, matching.c.shared_by, matching.c.tlp, func.count())
            .group_by(period, matching.c.shared_by, matching.c.tlp)
            .order_by(period)
        )
        return [(int(p), str(m), int(t), int(n)) for p, m, t, n in self._read(statement)]

    def seal_places(self, rows: Iterable[int]) -> dict[int, SealPlace]:
        """row number -> the version's place in its seal, for the rows that have one."""
        wanted = sorted(set(rows))
        places: dict[int, tuple[int, int, bytes | None]] = {}
        for start in range(0, len(wanted), 900):
            statement = select(
                objects.c.date_added, objects.c.seal, objects.c.seal_index, objects.c.proof
            ).where(
                objects.c.date_added.in_(wanted[start : start + 900]), objects.c.seal.is_not(None)
            )
            for row, seal_id, index, proof in self._read(statement):
                places[int(row)] = (
                    int(seal_id),
                    int(index),
                    bytes(proof) if proof is not None else None,
                )
        records: dict[int, SealRecord] = {}
        seal_ids = sorted({seal_id for seal_id, _, _ in places.values()})
        for start in range(0, len(seal_ids), 900):
            statement = select(
                seals.c.id,
                seals.c.hub,
                seals.c.root,
                seals.c.size,
                seals.c.signature,
                seals.c.leaves,
            ).where(seals.c.id.in_(seal_ids[start : start + 900]))
            for seal_id, hub, root, size, signature, leaves in self._read(statement):
                kept = bytes(leaves) if leaves is not None else None
                records[int(seal_id)] = SealRecord(
                    str(hub), bytes(root), int(size), bytes(signature), kept
                )
        return {
            row: SealPlace(records[seal_id], index, proof)
            for row, (seal_id, index, proof) in places.items()
        }

    def last_added(self, collection: str) -> int | None:
        """The newest date_added in a collection (cheap: the collection index's last entry)."""
        statement = select(func.max(objects.c.date_added)).where(objects.c.collection == collection)
        value = self._read(statement)[0][0]
        return int(value) if value is not None else None

    def _read(self, statement: Executable) -> list[Any]:
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(statement))
        except SQLAlchemyError as exc:
            raise StoreError(f"database read failed: {exc.__class__.__name__}: {exc}") from exc


def _where(o: FromClause, query: ObjectQuery, visible: Visibility) -> list[ColumnElement[bool]]:
    """The rows a query matches, among those the policy lets the reader see."""
    # With ids (or one referenced id), find the rows through that index: `|| ''` keeps
    # the planner from walking the whole collection by its index instead (it would,
    # even with statistics).
    in_collection = (
        (o.c.collection + "") == query.collection
        if query.ids or query.refers_to
        else o.c.collection == query.collection
    )
    conditions = [in_collection, o.c.deleted == false(), visible(o)]
    if query.after is not None:
        conditions.append(o.c.date_added > query.after)
    if query.added_after is not None:
        # A commit's rows are numbered from its date on, so the row range finds them
        # by index and the date drops the rest of the commit the time falls in.
        conditions.append(o.c.date_added > query.added_after)
        conditions.append(o.c.committed > query.added_after)
    if query.before is not None:
        conditions.append(o.c.date_added < query.before)
    if query.ids:
        conditions.append(o.c.stix_id.in_(query.ids))
    if query.types:
        conditions.append(o.c.type.in_(query.types))
    if query.not_types:
        conditions.append(o.c.type.not_in(query.not_types))
    if query.shared_by:
        conditions.append(o.c.shared_by.in_(query.shared_by))
    if query.tlps:
        conditions.append(o.c.tlp.in_(query.tlps))
    if query.text:
        named = select(object_names.c.date_added).where(
            object_names.c.names.contains(query.text, autoescape=True)
        )
        conditions.append(o.c.date_added.in_(named))
    if query.refers_to:
        referring = select(object_refs.c.date_added).where(object_refs.c.ref == query.refers_to)
        conditions.append(o.c.date_added.in_(referring))
    conditions.append(
        _version_clause(
            o, query.versions, visible, query.shared_by, every_sharing=query.every_sharing
        )
    )
    return conditions


def _version_clause(
    o: FromClause,
    match: VersionMatch,
    visible: Visibility,
    shared_by: tuple[str, ...] = (),
    every_sharing: bool = False,
) -> ColumnElement[bool]:
    """Which rows of the matching ones a read serves: the version picks of TAXII within
    one member's line of versions, and where several members have lines of the same id,
    only the line that started first among those the reader may see (so a reader gets
    one object per id, and a later line never passes for a newer version of an earlier
    one). With `shared_by`, only those members' lines count.

    A line starts, for a reader, at the first of its versions that reader may see: which
    line it gets must not depend on versions hidden from it (a hidden first version
    would otherwise make a line win that, without it, starts later)."""

    def among(other: FromClause) -> list[ColumnElement[bool]]:
        same = [
            other.c.stix_id == o.c.stix_id,
            other.c.collection == o.c.collection,
            other.c.deleted == false(),
            visible(other),
        ]
        if shared_by:
            same.append(other.c.shared_by.in_(shared_by))
        return same

    def first_line() -> ColumnElement[bool]:
        line, seen = LINE, SEEN
        # when o's line starts for this reader: its first version the reader may see
        start = (
            select(func.min(seen.c.origin_added))
            .where(*among(seen), seen.c.shared_by == o.c.shared_by)
            .correlate_except(seen)  # o is the outer row, two queries up
            .scalar_subquery()
        )
        # a visible version of another line at or before that start began a line first
        earlier = or_(
            line.c.origin_added < start,
            and_(line.c.origin_added == start, line.c.shared_by < o.c.shared_by),
        )
        # Most ids have one member's line: the hint answers without looking further.
        return or_(
            o.c.other_lines == false(),
            ~exists().where(*among(line), line.c.shared_by != o.c.shared_by, earlier),
        )

    # A peer replicates every line (`every_sharing`): the first-line clause, two more
    # copies of the reader's visibility, is not built for it.
    single = true() if every_sharing else first_line()
    if VersionPick.ALL in match.picks:
        return single
    clauses: list[ColumnElement[bool]] = []
    for pick in (VersionPick.LAST, VersionPick.FIRST):
        if pick in match.picks:
            last = pick is VersionPick.LAST
            mine = NEWER if last else OLDER
            beyond = mine.c.version > o.c.version if last else mine.c.version < o.c.version
            hint = o.c.has_newer if last else o.c.has_older
            same_line = mine.c.shared_by == o.c.shared_by
            clauses.append(or_(hint == false(), ~exists().where(*among(mine), same_line, beyond)))
    if match.exact:
        clauses.append(o.c.version.in_(match.exact))
    return and_(single, or_(*clauses)) if clauses else false()


_INSERT_COLUMNS = (
    "date_added",
    "committed",
    "collection",
    "stix_id",
    "type",
    "version",
    "spec_version",
    "shared_by",
    "origin_hub",
    "origin_added",
    "tlp",
    "audience",
    "excluded",
    "deleted",
    "body",
    "has_newer",
    "has_older",
    "other_lines",
    "line_start",
    "seal",
    "seal_index",
    "proof",
)


def bulk_insert(
    connection: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Many rows into one table: the hot path of every share (and of fusion's writes).

    SQLite: plain executemany with positional parameters, skipping SQLAlchemy's per-row
    statement compilation (3x faster here). PostgreSQL: COPY, one statement for all rows,
    where executemany sends and executes each row on its own (in psycopg's pipeline, the
    Python side of it took a fifth of a share's time).
    """
    names = ", ".join(columns)
    if connection.dialect.name != "postgresql":
        markers = ", ".join("?" * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({markers})", rows)
        return
    raw: Any = connection.connection.dbapi_connection  # psycopg's, which has COPY
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class SqlUnitOfWork:
    """The service's `UnitOfWork` in SQL: every write of one `SqlObjectStore.writing()`
    transaction (versions, statuses, cursors, quarantine, audit), valid inside it only."""

    def __init__(
        self,
        connection: Connection,
        hub_id: str,
        is_postgres: bool,
        set_ids: dict[frozenset[str], int],
    ) -> None:
        self.connection = connection
        self.hub_id = hub_id
        self._is_postgres = is_postgres
        self._set_ids = set_ids  # committed sets, shared by the store's writers
        self.new_sets: dict[frozenset[str], int] = {}  # found or made in this transaction

    def known(self, stix_ids: Iterable[str]) -> list[Known]:
        """Every stored version of these ids, in any collection, by any member, with the
        labels that decide who may see it (deleted versions included)."""
        ids = sorted(set(stix_ids))
        rows: list[Sequence[Any]] = []
        for start in range(0, len(ids), 900):
            rows.extend(
                self.connection.execute(
                    select(
                        objects.c.stix_id,
                        objects.c.version,
                        objects.c.collection,
                        objects.c.shared_by,
                        objects.c.deleted,
                        objects.c.tlp,
                        objects.c.audience,
                        objects.c.excluded,
                        objects.c.origin_added,
                    ).where(objects.c.stix_id.in_(ids[start : start + 900]))
                )
            )
        members = self._members({i for r in rows for i in (r[6], r[7]) if i is not None})

        def resolve(set_id: int | None) -> frozenset[str] | None:
            return members[set_id] if set_id is not None else None

        return [
            Known(
                stix_id=r[0],
                version=int(r[1]),
                collection=r[2],
                shared_by=r[3],
                deleted=bool(r[4]),
                tlp=int(r[5]),
                audience=resolve(r[6]),
                excluded=resolve(r[7]),
                origin_added=int(r[8]),
            )
            for r in rows
        ]

    def _members(self, set_ids: set[int]) -> dict[int, frozenset[str]]:
        found: dict[int, set[str]] = {i: set() for i in set_ids}
        if set_ids:
            pairs = self.connection.execute(
                select(member_set_members.c.set_id, member_set_members.c.member).where(
                    member_set_members.c.set_id.in_(sorted(set_ids))
                )
            )
            for set_id, member in pairs:
                found[set_id].add(member)
        return {i: frozenset(m) for i, m in found.items()}

    def save_status(self, record: StatusRecord) -> None:
        save_status(self.connection, record)

    def save_cursor(self, cursor: Cursor) -> None:
        """Move a pull cursor in the same transaction as the versions it brought."""
        save_cursor(self.connection, cursor)

    def hold(self, entries: Sequence[Quarantined]) -> None:
        """Quarantine refused versions in the same transaction as the page they came in."""
        hold(self.connection, entries)

    def release(self, ids: Sequence[int]) -> None:
        """Forget quarantined versions a retry settled, with the versions it stored."""
        release(self.connection, ids)

    def count_served(self, peer: str, count: int, now: int) -> None:
        count_served(self.connection, peer, count, now)

    def count_refused(self, peer: str, collection: str, count: int, last: str | None) -> None:
        """Count what a peer's push brought and this hub refused, with the versions it
        stored (a push moves no pull cursor, but its refusals are the operator's to see)."""
        count_refused(self.connection, peer, collection, count, last)

    def audit_head(self) -> AuditRow | None:
        """The newest audit entry, read under this transaction's write lock."""
        return head(self.connection, lock=True)

    def audit_append(self, entry: AuditRow) -> None:
        append(self.connection, entry)

    def take_commit(self, count: int, now: int) -> Commit:
        """Reserve `count` strictly increasing row numbers and the commit's date (locks
        the hub clock).

        The commit's date is a whole millisecond: the first at or after `now`, or the
        millisecond after the last commit's date if that is later. So every commit's date
        is alone in its millisecond (a client that keeps only milliseconds of a date_added,
        as JavaScript's dates do, still names one commit exactly, and `added_after` at
        millisecond precision means the same under either reading: timestamps.py
        `parse_rfc3339`), and it depends on time and earlier commits' dates only, never
        on how many versions they stored — a reader who sees versions of two commits must
        not learn how many it could not see. Row numbers (microseconds) start at the
        commit's date, or just after the last number taken."""
        statement = select(hub_clock.c.last_added).where(hub_clock.c.id == 1)
        if self._is_postgres:
            statement = statement.with_for_update()
        last = int(self.connection.execute(statement).scalar_one())
        previous = self.connection.execute(
            select(objects.c.committed).where(objects.c.date_added == last)
        ).scalar_one_or_none()
        after = (last if previous is None else previous) // 1000 + 1
        committed = max(-(-now // 1000), after) * 1000
        first = max(committed, last + 1)
        if count:
            self.connection.execute(
                update(hub_clock).where(hub_clock.c.id == 1).values(last_added=first + count - 1)
            )
        return Commit(list(range(first, first + count)), committed)

    def member_set(self, members: frozenset[str] | None) -> int | None:
        """The id of a set of members, created on first use (ids never change, so they are
        remembered by the store for every later write)."""
        if members is None:
            return None
        cached = self._set_ids.get(members) or self.new_sets.get(members)
        if cached is not None:
            return cached
        set_id = self._find_or_make_set(members)
        self.new_sets[members] = set_id
        return set_id

    def _find_or_make_set(self, members: frozenset[str]) -> int:
        key = ",".join(sorted(members))
        found = self.connection.execute(
            select(member_sets.c.id).where(member_sets.c.members == key)
        ).scalar_one_or_none()
        if found is not None:
            return int(found)
        set_id = int(
            self.connection.execute(
                member_sets.insert().values(members=key).returning(member_sets.c.id)
            ).scalar_one()
        )
        if members:
            self.connection.execute(
                member_set_members.insert(),
                [{"member": m, "set_id": set_id} for m in sorted(members)],
            )
        return set_id

    def _seal_ids(self, places: Iterable[SealPlace | None]) -> dict[bytes, int]:
        """The row id of every seal these places name, stored on first sight (in one
        statement: a peer's page names hundreds of seals)."""
        wanted = {p.seal.root: p.seal for p in places if p is not None}
        if not wanted:
            return {}
        found = self._seal_rows(sorted(wanted))
        missing = [wanted[root] for root in sorted(wanted) if root not in found]
        if missing:
            self.connection.execute(
                seals.insert(),
                [
                    {
                        "hub": s.hub,
                        "root": s.root,
                        "size": s.size,
                        "signature": s.signature,
                        "leaves": s.leaves,
                    }
                    for s in missing
                ],
            )
            found.update(self._seal_rows([s.root for s in missing]))
        return found

    def _seal_rows(self, roots: Sequence[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        for start in range(0, len(roots), 900):
            rows = self.connection.execute(
                select(seals.c.root, seals.c.id).where(seals.c.root.in_(roots[start : start + 900]))
            )
            found.update((bytes(root), int(seal_id)) for root, seal_id in rows)
        return found

    def add(
        self,
        versions: Sequence[NewVersion],
        commit: Commit,
        *,
        versioned: Iterable[str] = (),
        twinned: Iterable[str] = (),
        sealed: Sequence[SealPlace] | None = None,
    ) -> list[int]:
        """Insert new versions with the commit's row numbers (the caller has removed
        duplicates); returns each version's row number. `sealed`: each version's place in
        the seals made for this commit (else the place each version carries).

        `versioned` names the ids that had versions stored before, `twinned` the ids of
        which more than one member now has a line here: the version and line hints of
        their rows are recomputed.
        """
        dates = commit.seqs
        sets: dict[frozenset[str] | None, int | None] = {None: None}
        places = list(sealed) if sealed is not None else [v.sealed for v in versions]
        seal_ids = self._seal_ids(places)
        rows = []
        for version, date_added, place in zip(versions, dates, places, strict=True):
            for members in (version.audience, version.excluded):
                if members not in sets:
                    sets[members] = self.member_set(members)
            origin_added = (
                version.origin_added if version.origin_added is not None else commit.committed
            )
            rows.append(
                (
                    date_added,
                    commit.committed,
                    version.collection,
                    version.stix_id,
                    version.type,
                    version.version,
                    version.spec_version,
                    version.shared_by,
                    version.origin_hub,
                    origin_added,
                    version.tlp,
                    sets[version.audience],
                    sets[version.excluded],
                    False,
                    version.body,
                    False,
                    False,
                    False,
                    origin_added,
                    seal_ids[place.seal.root] if place is not None else None,
                    place.index if place is not None else None,
                    place.path if place is not None else None,
                )
            )
        if rows:
            bulk_insert(self.connection, "objects", _INSERT_COLUMNS, rows)
            self._index(versions, dates)
            counts: dict[str, int] = {}
            for version in versions:
                counts[version.stix_id] = counts.get(version.stix_id, 0) + 1
            several = {stix_id for stix_id, count in counts.items() if count > 1}
            self._mark_versions(several | (set(versioned) & counts.keys()))
            self._mark_twins(set(twinned) & counts.keys())
        return dates

    def _index(self, versions: Sequence[NewVersion], dates: Sequence[int]) -> None:
        """Rows of object_refs, object_names and object_text for the versions that have any."""
        refs = [
            (ref, date_added)
            for version, date_added in zip(versions, dates, strict=True)
            for ref in version.refs
        ]
        names = [
            (date_added, version.names)
            for version, date_added in zip(versions, dates, strict=True)
            if version.names
        ]
        if refs:
            bulk_insert(self.connection, "object_refs", ("ref", "date_added"), refs)
        if names:
            bulk_insert(self.connection, "object_names", ("date_added", "names"), names)
        texts = [
            (date_added, version.text)
            for version, date_added in zip(versions, dates, strict=True)
            if version.text
        ]
        if texts:
            bulk_insert(self.connection, "object_text", ("date_added", "text"), texts)

    def _mark_versions(self, stix_ids: set[str]) -> None:
        """Recompute the version hints of every stored version of these ids, writing only
        the rows whose hints change: an id many members shared has dozens of rows, and
        rewriting them all on each new version cost PostgreSQL a new row and new index
        entries apiece (0.8 s for 100 marking definitions at 200k objects)."""
        ids = sorted(stix_ids)
        for start in range(0, len(ids), 900):
            other = objects.alias("other")
            same = (other.c.stix_id == objects.c.stix_id) & (
                other.c.collection == objects.c.collection
            )
            newer = exists().where(same, other.c.version > objects.c.version)
            older = exists().where(same, other.c.version < objects.c.version)
            self.connection.execute(
                update(objects)
                .where(
                    objects.c.stix_id.in_(ids[start : start + 900]),
                    or_(objects.c.has_newer != newer, objects.c.has_older != older),
                )
                .values(has_newer=newer, has_older=older)
            )

    def _mark_twins(self, stix_ids: set[str]) -> None:
        """Recompute the line hints of every stored version of these ids: whether another
        member has a line of the id here, and when each line started (its first version's
        origin time, the same on every hub whatever order versions arrived in). Like the
        version hints, only rows whose hints change are written."""
        ids = sorted(stix_ids)
        for start in range(0, len(ids), 900):
            other = objects.alias("other")
            mine = objects.alias("mine")
            same_id = (other.c.stix_id == objects.c.stix_id) & (
                other.c.collection == objects.c.collection
            )
            first = (
                select(func.min(mine.c.origin_added))
                .where(
                    mine.c.stix_id == objects.c.stix_id,
                    mine.c.collection == objects.c.collection,
                    mine.c.shared_by == objects.c.shared_by,
                )
                .scalar_subquery()
            )
            others = exists().where(same_id, other.c.shared_by != objects.c.shared_by)
            self.connection.execute(
                update(objects)
                .where(
                    objects.c.stix_id.in_(ids[start : start + 900]),
                    or_(objects.c.other_lines != others, objects.c.line_start != first),
                )
                .values(other_lines=others, line_start=first)
            )

    def delete(
        self, collection: str, stix_id: str, shared_by: str, versions: Sequence[int] | None
    ) -> int:
        """Mark one member's versions deleted (all when `versions` is None); how many."""
        statement = update(objects).where(
            objects.c.collection == collection,
            objects.c.stix_id == stix_id,
            objects.c.shared_by == shared_by,
            objects.c.deleted == false(),
        )
        if versions is not None:
            statement = statement.where(objects.c.version.in_(versions))
        return int(self.connection.execute(statement.values(deleted=True)).rowcount)
