"""STIX object versions in SQL: the only code that reads or writes the `objects` table.

Reads take a `Visibility` (a function from a table alias to a where-clause, built by the
policy) so that what a principal may see is decided inside the query: pages stay full,
counts stay honest, and nothing invisible is ever fetched.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Executable,
    FromClause,
    and_,
    exists,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from allyhub.errors import StoreError
from allyhub.store.audit import AuditRow, append, head
from allyhub.store.engine import WRITE
from allyhub.store.peers import Cursor, count_served, save_cursor
from allyhub.store.schema import (
    hub_clock,
    member_set_members,
    member_sets,
    object_names,
    object_refs,
    objects,
)
from allyhub.store.statuses import StatusRecord, save_status

Visibility = Callable[[FromClause], ColumnElement[bool]]
"""Where-clause builder for one table alias: the policy's rule for one principal."""


class VersionPick(enum.Enum):
    LAST = "last"
    FIRST = "first"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class VersionMatch:
    """TAXII `match[version]`: keywords and exact versions, OR-ed together."""

    picks: frozenset[VersionPick] = frozenset({VersionPick.LAST})
    exact: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ObjectQuery:
    collection: str
    limit: int
    after: int | None = None  # strictly after this date_added (added_after or next)
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    versions: VersionMatch = VersionMatch()
    # For the console (TAXII leaves them unset):
    before: int | None = None  # strictly before this date_added
    not_types: tuple[str, ...] = ()
    shared_by: tuple[str, ...] = ()  # members who shared the version
    tlps: tuple[int, ...] = ()  # TLP levels
    text: str = ""  # a case-folded substring of one of its names (object_names)
    refers_to: str | None = None  # versions about this id (object_refs)
    newest_first: bool = False


@dataclass(frozen=True, slots=True)
class NewVersion:
    """A validated version ready to store; visibility already decided by the policy."""

    collection: str
    stix_id: str
    type: str
    version: int
    spec_version: str
    shared_by: str
    tlp: int
    audience: frozenset[str] | None
    excluded: frozenset[str] | None
    body: bytes
    origin_hub: str
    origin_added: int | None = None  # None: first landed here, now
    refs: tuple[str, ...] = ()  # what it is about (stix/index.py), for object_refs
    names: str = ""  # its case-folded names, for object_names


@dataclass(frozen=True, slots=True)
class Known:
    """A version already stored, as the write path needs to see it."""

    stix_id: str
    version: int
    collection: str
    shared_by: str
    deleted: bool


@dataclass(frozen=True, slots=True)
class StoredVersion:
    date_added: int
    stix_id: str
    version: int
    shared_by: str
    origin_hub: str
    origin_added: int
    tlp: int
    audience: int | None  # member_sets ids; resolve with SqlObjectStore.member_sets
    excluded: int | None
    body: bytes | None  # None when the read asked for metadata only


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[StoredVersion]
    more: bool


_META = (
    objects.c.date_added,
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
        stix_id=row[1],
        version=row[2],
        shared_by=row[3],
        origin_hub=row[4],
        origin_added=row[5],
        tlp=row[6],
        audience=row[7],
        excluded=row[8],
        body=bytes(row[9]) if with_body else None,
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
    def writing(self) -> Iterator[SqlObjectWriter]:
        """One write transaction; everything in it commits together or not at all."""
        try:
            with self.engine.connect().execution_options(**WRITE) as connection:
                with connection.begin():
                    writer = SqlObjectWriter(
                        connection, self.hub_id, self._is_postgres, self._set_ids
                    )
                    yield writer
                # committed: the sets it made exist now, and may be remembered
                self._set_ids.update(writer.new_sets)
        except SQLAlchemyError as exc:
            raise StoreError(f"database write failed: {exc.__class__.__name__}: {exc}") from exc

    def page(self, query: ObjectQuery, visible: Visibility, *, with_body: bool) -> Page:
        """One page of versions in date_added order, filtered by the query and the policy."""
        o = objects.alias("o")
        columns = [o.c[c.name] for c in _META]
        if with_body:
            columns.append(o.c.body)
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
        conditions.append(_version_clause(o, query.versions, visible))
        order = o.c.date_added.desc() if query.newest_first else o.c.date_added
        statement = select(*columns).where(and_(*conditions)).order_by(order).limit(query.limit + 1)
        rows = self._read(statement)
        more = len(rows) > query.limit
        return Page([_row(r, with_body) for r in rows[: query.limit]], more)

    def recent(self, after: int, limit: int) -> list[tuple[int, str, bool, bytes]]:
        """(date_added, stix_id, has_newer, body) of versions added after `after`, in every
        collection, oldest first: what the hub's own derivations (fusion) work through."""
        statement = (
            select(objects.c.date_added, objects.c.stix_id, objects.c.has_newer, objects.c.body)
            .where(objects.c.date_added > after, objects.c.deleted == false())
            .order_by(objects.c.date_added)
            .limit(limit)
        )
        return [(int(d), str(i), bool(n), bytes(b)) for d, i, n, b in self._read(statement)]

    def visible_ids(self, ids: Iterable[str], visible: Visibility) -> set[str]:
        """The ids among these of which the principal may see some version."""
        wanted = sorted(set(ids))
        found: set[str] = set()
        o = objects.alias("o")
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

    def latest_visible(
        self, ids: Iterable[str], visible: Visibility
    ) -> dict[str, tuple[str, bytes]]:
        """stix_id -> (shared_by, body) of the newest version of each that may be seen."""
        wanted = sorted(set(ids))
        found: dict[str, tuple[int, str, bytes]] = {}
        o = objects.alias("o")
        for start in range(0, len(wanted), 900):
            statement = select(o.c.stix_id, o.c.version, o.c.shared_by, o.c.body).where(
                o.c.stix_id.in_(wanted[start : start + 900]), o.c.deleted == false(), visible(o)
            )
            for stix_id, version, shared_by, body in self._read(statement):
                if stix_id not in found or found[stix_id][0] < version:
                    found[stix_id] = (int(version), str(shared_by), bytes(body))
        return {k: (v[1], v[2]) for k, v in found.items()}

    def sharers(self, ids: Iterable[str], visible: Visibility) -> dict[str, set[str]]:
        """stix_id -> the members who shared a version of it that may be seen."""
        wanted = sorted(set(ids))
        found: dict[str, set[str]] = {}
        o = objects.alias("o")
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
        o = objects.alias("o")
        statement = select(func.count()).where(
            o.c.collection == collection, o.c.deleted == false(), visible(o)
        )
        count: int = self._read(statement)[0][0]
        return count

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


def _version_clause(o: FromClause, match: VersionMatch, visible: Visibility) -> ColumnElement[bool]:
    if VersionPick.ALL in match.picks:
        return true()
    clauses: list[ColumnElement[bool]] = []
    for pick in (VersionPick.LAST, VersionPick.FIRST):
        if pick in match.picks:
            last = pick is VersionPick.LAST
            other = objects.alias("newer" if last else "older")
            beyond = other.c.version > o.c.version if last else other.c.version < o.c.version
            hint = o.c.has_newer if last else o.c.has_older
            # Most objects have one version: the hint answers without looking further.
            clauses.append(
                or_(
                    hint == false(),
                    ~exists().where(
                        other.c.stix_id == o.c.stix_id,
                        other.c.collection == o.c.collection,
                        beyond,
                        other.c.deleted == false(),
                        visible(other),
                    ),
                )
            )
    if match.exact:
        clauses.append(o.c.version.in_(match.exact))
    return or_(*clauses) if clauses else false()


_INSERT_COLUMNS = (
    "date_added",
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
)


class SqlObjectWriter:
    """The write side, valid inside one `SqlObjectStore.writing()` transaction."""

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
        marker = "%s" if is_postgres else "?"
        self._insert_sql = (
            f"INSERT INTO objects ({', '.join(_INSERT_COLUMNS)}) "
            f"VALUES ({', '.join([marker] * len(_INSERT_COLUMNS))})"
        )
        self._refs_sql = f"INSERT INTO object_refs (ref, date_added) VALUES ({marker}, {marker})"
        self._names_sql = (
            f"INSERT INTO object_names (date_added, names) VALUES ({marker}, {marker})"
        )

    def known(self, stix_ids: Iterable[str]) -> list[Known]:
        """Every stored version of these ids, in any collection."""
        ids = sorted(set(stix_ids))
        found: list[Known] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            rows = self.connection.execute(
                select(
                    objects.c.stix_id,
                    objects.c.version,
                    objects.c.collection,
                    objects.c.shared_by,
                    objects.c.deleted,
                ).where(objects.c.stix_id.in_(chunk))
            )
            found.extend(Known(r[0], int(r[1]), r[2], r[3], bool(r[4])) for r in rows)
        return found

    def version_labels(
        self, stix_ids: Iterable[str]
    ) -> dict[str, list[tuple[int, frozenset[str] | None, frozenset[str] | None, str, int]]]:
        """(tlp, audience, excluded, shared_by, origin_added) of every stored version of
        these ids, in any collection: what the reference rule weighs."""
        ids = sorted(set(stix_ids))
        found: dict[str, list[tuple[int, int | None, int | None, str, int]]] = {}
        for start in range(0, len(ids), 900):
            rows = self.connection.execute(
                select(
                    objects.c.stix_id, objects.c.tlp, objects.c.audience, objects.c.excluded,
                    objects.c.shared_by, objects.c.origin_added,
                ).where(
                    objects.c.stix_id.in_(ids[start : start + 900]), objects.c.deleted == false()
                )
            )  # fmt: skip
            for stix_id, tlp, audience, excluded, shared_by, origin_added in rows:
                found.setdefault(stix_id, []).append(
                    (int(tlp), audience, excluded, str(shared_by), int(origin_added))
                )
        set_ids = {
            i for versions in found.values() for v in versions for i in v[1:3] if i is not None
        }
        members: dict[int, set[str]] = {i: set() for i in set_ids}
        if set_ids:
            pairs = self.connection.execute(
                select(member_set_members.c.set_id, member_set_members.c.member).where(
                    member_set_members.c.set_id.in_(sorted(set_ids))
                )
            )
            for set_id, member in pairs:
                members[set_id].add(member)

        def resolve(set_id: int | None) -> frozenset[str] | None:
            return frozenset(members[set_id]) if set_id is not None else None

        return {
            stix_id: [(t, resolve(a), resolve(x), by, at) for t, a, x, by, at in versions]
            for stix_id, versions in found.items()
        }

    def bodies(self, stix_ids: Iterable[str]) -> dict[str, bytes]:
        """The newest stored body of each id found (used to resolve marking definitions)."""
        ids = sorted(set(stix_ids))
        found: dict[str, tuple[int, bytes]] = {}
        for start in range(0, len(ids), 900):
            rows = self.connection.execute(
                select(objects.c.stix_id, objects.c.version, objects.c.body).where(
                    objects.c.stix_id.in_(ids[start : start + 900]), objects.c.deleted == false()
                )
            )
            for stix_id, version, body in rows:
                if stix_id not in found or found[stix_id][0] < version:
                    found[stix_id] = (int(version), bytes(body))
        return {stix_id: body for stix_id, (_, body) in found.items()}

    def save_status(self, record: StatusRecord) -> None:
        save_status(self.connection, record)

    def save_cursor(self, cursor: Cursor) -> None:
        """Move a pull cursor in the same transaction as the versions it brought."""
        save_cursor(self.connection, cursor)

    def count_served(self, peer: str, count: int, now: int) -> None:
        count_served(self.connection, peer, count, now)

    def audit_head(self) -> AuditRow | None:
        """The newest audit entry, read under this transaction's write lock."""
        return head(self.connection, lock=True)

    def audit_append(self, entry: AuditRow) -> None:
        append(self.connection, entry)

    def take_dates(self, count: int, now: int) -> list[int]:
        """Reserve `count` strictly increasing date_added values (locks the hub clock)."""
        if count == 0:
            return []
        statement = select(hub_clock.c.last_added).where(hub_clock.c.id == 1)
        if self._is_postgres:
            statement = statement.with_for_update()
        last = int(self.connection.execute(statement).scalar_one())
        first = max(now, last + 1)
        self.connection.execute(
            update(hub_clock).where(hub_clock.c.id == 1).values(last_added=first + count - 1)
        )
        return list(range(first, first + count))

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

    def add(
        self, versions: Sequence[NewVersion], now: int, *, versioned: Iterable[str]
    ) -> list[int]:
        """Insert new versions (the caller has removed duplicates); returns date_added each.

        `versioned` names the ids that had versions stored before: with those, and with
        ids that come with several versions at once, the has_newer/has_older hints of
        their rows are recomputed.
        """
        dates = self.take_dates(len(versions), now)
        sets: dict[frozenset[str] | None, int | None] = {None: None}
        rows = []
        for version, date_added in zip(versions, dates, strict=True):
            for members in (version.audience, version.excluded):
                if members not in sets:
                    sets[members] = self.member_set(members)
            origin_added = version.origin_added if version.origin_added is not None else date_added
            rows.append(
                (
                    date_added,
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
                )
            )
        if rows:
            # The hot path of every share: plain executemany with positional parameters,
            # skipping SQLAlchemy's per-row statement compilation (3x faster here).
            self.connection.exec_driver_sql(self._insert_sql, rows)
            self._index(versions, dates)
            counts: dict[str, int] = {}
            for version in versions:
                counts[version.stix_id] = counts.get(version.stix_id, 0) + 1
            several = {stix_id for stix_id, count in counts.items() if count > 1}
            self._mark_versions(several | (set(versioned) & counts.keys()))
        return dates

    def _index(self, versions: Sequence[NewVersion], dates: Sequence[int]) -> None:
        """Rows of object_refs and object_names for the versions that have any."""
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
            self.connection.exec_driver_sql(self._refs_sql, refs)
        if names:
            self.connection.exec_driver_sql(self._names_sql, names)

    def _mark_versions(self, stix_ids: set[str]) -> None:
        """Recompute the version hints of every stored version of these ids."""
        ids = sorted(stix_ids)
        for start in range(0, len(ids), 900):
            other = objects.alias("other")
            same = (other.c.stix_id == objects.c.stix_id) & (
                other.c.collection == objects.c.collection
            )
            self.connection.execute(
                update(objects)
                .where(objects.c.stix_id.in_(ids[start : start + 900]))
                .values(
                    has_newer=exists().where(same, other.c.version > objects.c.version),
                    has_older=exists().where(same, other.c.version < objects.c.version),
                )
            )

    def delete(self, collection: str, stix_id: str, versions: Sequence[int] | None) -> int:
        """Mark versions deleted (all when `versions` is None); returns how many."""
        statement = update(objects).where(
            objects.c.collection == collection,
            objects.c.stix_id == stix_id,
            objects.c.deleted == false(),
        )
        if versions is not None:
            statement = statement.where(objects.c.version.in_(versions))
        return int(self.connection.execute(statement.values(deleted=True)).rowcount)
