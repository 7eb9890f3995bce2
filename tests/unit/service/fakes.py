"""In-memory fakes of the ports the service layer declares (service/ports.py).

Plain classes passed to the services' constructors, as warehouse passes its fakes: no
registry, no database. tests/unit/service/test_ports.py checks each against its Protocol,
member by member, as warehouse's `verifyClass` does; the unit tests of the services run
over them.

One thing they cannot do is visibility: a port takes the policy's rule as a where-clause
builder (`Visibility`, SQL), so these fakes let every reader see every row. What a reader
may see is proved over the real store (tests/integration, tests/properties).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from allyhub.records import (
    AuditRow,
    Commit,
    Cursor,
    KeyRecord,
    Known,
    NewVersion,
    ObjectQuery,
    Page,
    Quarantined,
    ReadRule,
    SealPlace,
    StatusRecord,
    StoredVersion,
    VersionPick,
    Visibility,
)


@dataclass
class FakeClock:
    """The hub's clock, moved by hand (microseconds)."""

    now: int = 1_800_000_000_000_000

    def __call__(self) -> int:
        return self.now

    def advance(self, micros: int) -> None:
        self.now += micros


@dataclass
class Tables:
    """What a FakeObjectStore holds: rows in the order they were committed."""

    rows: list[tuple[int, int, NewVersion]] = field(default_factory=list)  # seq, commit, v
    deleted: set[int] = field(default_factory=set)
    statuses: dict[str, StatusRecord] = field(default_factory=dict)
    cursors: dict[tuple[str, str], Cursor] = field(default_factory=dict)
    served: dict[str, int] = field(default_factory=dict)
    refused: dict[tuple[str, str], int] = field(default_factory=dict)
    held: list[Quarantined] = field(default_factory=list)
    audit: list[AuditRow] = field(default_factory=list)
    last_seq: int = 0


@dataclass
class FakeUnitOfWork:
    """One write transaction over `Tables` (applied at once: a fake has no rollback)."""

    tables: Tables

    def known(self, stix_ids: Iterable[str]) -> list[Known]:
        wanted = set(stix_ids)
        return [
            Known(
                v.stix_id,
                v.version,
                v.collection,
                v.shared_by,
                seq in self.tables.deleted,
                v.tlp,
                v.audience,
                v.excluded,
                v.origin_added or committed,
            )
            for seq, committed, v in self.tables.rows
            if v.stix_id in wanted
        ]

    def take_commit(self, count: int, now: int) -> Commit:
        first = max(now, self.tables.last_seq + 1)
        self.tables.last_seq = first + count - 1
        return Commit(list(range(first, first + count)), first)

    def add(
        self,
        versions: Sequence[NewVersion],
        commit: Commit,
        *,
        versioned: Iterable[str] = (),
        twinned: Iterable[str] = (),
        sealed: Sequence[SealPlace] | None = None,
    ) -> list[int]:
        places = list(sealed) if sealed is not None else [v.sealed for v in versions]
        for seq, version, place in zip(commit.seqs, versions, places, strict=True):
            stored = replace(version, sealed=place)
            self.tables.rows.append((seq, commit.committed, stored))
        return commit.seqs[: len(versions)]

    def delete(
        self, collection: str, stix_id: str, shared_by: str, versions: Sequence[int] | None
    ) -> int:
        gone = [
            seq
            for seq, _, v in self.tables.rows
            if (v.collection, v.stix_id, v.shared_by) == (collection, stix_id, shared_by)
            and (versions is None or v.version in versions)
            and seq not in self.tables.deleted
        ]
        self.tables.deleted.update(gone)
        return len(gone)

    def save_status(self, record: StatusRecord) -> None:
        self.tables.statuses[record.id] = record

    def save_cursor(self, cursor: Cursor) -> None:
        self.tables.cursors[cursor.peer, cursor.collection] = cursor

    def count_served(self, peer: str, count: int, now: int) -> None:
        self.tables.served[peer] = self.tables.served.get(peer, 0) + count

    def count_refused(self, peer: str, collection: str, count: int, last: str | None) -> None:
        key = (peer, collection)
        self.tables.refused[key] = self.tables.refused.get(key, 0) + count

    def hold(self, entries: Sequence[Quarantined]) -> None:
        start = len(self.tables.held)
        self.tables.held += [replace(e, id=start + i + 1) for i, e in enumerate(entries)]

    def release(self, ids: Sequence[int]) -> None:
        self.tables.held = [e for e in self.tables.held if e.id not in set(ids)]

    def audit_head(self) -> AuditRow | None:
        return self.tables.audit[-1] if self.tables.audit else None

    def audit_append(self, entry: AuditRow) -> None:
        self.tables.audit.append(entry)


@dataclass
class FakeObjectStore:
    """The object store in lists. Every reader sees every row (see the module docstring)."""

    tables: Tables = field(default_factory=Tables)

    @contextmanager
    def writing(self) -> Iterator[FakeUnitOfWork]:
        yield FakeUnitOfWork(self.tables)

    def _live(self) -> list[tuple[int, int, NewVersion]]:
        return [r for r in self.tables.rows if r[0] not in self.tables.deleted]

    def _matching(self, query: ObjectQuery) -> list[tuple[int, int, NewVersion]]:
        rows = [
            (seq, committed, v)
            for seq, committed, v in self._live()
            if v.collection == query.collection
            and (query.after is None or seq > query.after)
            and (query.added_after is None or committed > query.added_after)
            and (not query.ids or v.stix_id in query.ids)
            and (not query.types or v.type in query.types)
            and v.type not in query.not_types
            and (not query.shared_by or v.shared_by in query.shared_by)
        ]
        if VersionPick.ALL not in query.versions.picks:
            newest: dict[str, int] = {}
            for _, _, v in rows:
                newest[v.stix_id] = max(newest.get(v.stix_id, v.version), v.version)
            rows = [r for r in rows if r[2].version == newest[r[2].stix_id]]
        if query.newest_first:
            rows.reverse()
        return rows

    def count_matching(
        self, query: ObjectQuery, visible: Visibility, most: int | None = None
    ) -> int:
        found = len(self._matching(query))
        return found if most is None else min(found, most + 1)

    def tally(
        self, query: ObjectQuery, visible: Visibility, width: int, most: int | None = None
    ) -> list[tuple[int, str, int, int]]:
        rows = sorted(self._matching(query), key=lambda r: r[0], reverse=True)[:most]
        counts: dict[tuple[int, str, int], int] = {}
        for _, committed, v in rows:
            key = (committed // width * width, v.shared_by, v.tlp)
            counts[key] = counts.get(key, 0) + 1
        return [(p, m, t, n) for (p, m, t), n in sorted(counts.items())]

    def page(self, query: ObjectQuery, visible: Visibility, *, with_body: bool) -> Page:
        rows = self._matching(query)
        found = [
            StoredVersion(
                seq,
                committed,
                v.stix_id,
                v.version,
                v.shared_by,
                v.origin_hub,
                v.origin_added or committed,
                v.tlp,
                None,
                None,
                v.body if with_body else None,
            )
            for seq, committed, v in rows[: query.limit]
        ]
        return Page(found, len(rows) > query.limit)

    def count(self, collection: str, visible: Visibility) -> int:
        return len(
            {(v.stix_id, v.version) for _, _, v in self._live() if v.collection == collection}
        )

    def last_added(self, collection: str) -> int | None:
        seqs = [seq for seq, _, v in self.tables.rows if v.collection == collection]
        return max(seqs) if seqs else None

    def member_sets(self, ids: Iterable[int]) -> dict[int, frozenset[str]]:
        return {}  # rows keep their sets whole (NewVersion.audience): no ids to resolve

    def recent(self, after: int, limit: int) -> list[tuple[int, str, bool, bytes]]:
        live = self._live()
        newest: dict[str, int] = {}
        for _, _, v in live:
            newest[v.stix_id] = max(newest.get(v.stix_id, v.version), v.version)
        return [
            (seq, v.stix_id, v.version < newest[v.stix_id], v.body)
            for seq, _, v in live
            if seq > after
        ][:limit]

    def visible_ids(self, ids: Iterable[str], visible: Visibility) -> set[str]:
        return set(ids) & {v.stix_id for _, _, v in self._live()}

    def latest_visible(
        self, ids: Iterable[str], visible: Visibility
    ) -> dict[str, tuple[str, bytes]]:
        wanted = set(ids)
        found: dict[str, tuple[int, str, bytes]] = {}
        for _, _, v in self._live():
            if v.stix_id in wanted and v.version >= found.get(v.stix_id, (-1, "", b""))[0]:
                found[v.stix_id] = (v.version, v.shared_by, v.body)
        return {i: (who, body) for i, (_, who, body) in found.items()}

    def sharers(self, ids: Iterable[str], visible: Visibility) -> dict[str, set[str]]:
        wanted = set(ids)
        found: dict[str, set[str]] = {}
        for _, _, v in self._live():
            if v.stix_id in wanted:
                found.setdefault(v.stix_id, set()).add(v.shared_by)
        return found

    def seal_places(self, rows: Iterable[int]) -> dict[int, SealPlace]:
        wanted = set(rows)
        return {
            seq: v.sealed
            for seq, _, v in self.tables.rows
            if seq in wanted and v.sealed is not None
        }


@dataclass
class FakeKeyStore:
    records: dict[str, KeyRecord] = field(default_factory=dict)

    def add(self, record: KeyRecord) -> None:
        self.records[record.key_id] = record

    def by_digest(self, digest: bytes) -> KeyRecord | None:
        return next((r for r in self.records.values() if r.digest == digest), None)

    def by_id(self, key_id: str) -> KeyRecord | None:
        return self.records.get(key_id)

    def all(self, member: str | None = None) -> list[KeyRecord]:
        return [r for r in self.records.values() if member is None or r.member == member]

    def revoke(self, key_id: str, when: int) -> bool:
        record = self.records.get(key_id)
        if record is None or record.revoked is not None:
            return False
        self.records[key_id] = replace(record, revoked=when)
        return True


@dataclass
class FakeStatusStore:
    tables: Tables

    def get(self, status_id: str) -> StatusRecord | None:
        return self.tables.statuses.get(status_id)


@dataclass
class FakeAuditStore:
    """The audit trail read back, from the rows a FakeUnitOfWork appended."""

    tables: Tables
    peers: dict[str, tuple[bytes, list[AuditRow]]] = field(default_factory=dict)

    def last(self) -> AuditRow | None:
        return self.tables.audit[-1] if self.tables.audit else None

    def entries(
        self,
        *,
        member: str | None = None,
        principal: str | None = None,
        act: str | None = None,
        since: int | None = None,
        until: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        readers: Collection[str] | None = None,
        rule: ReadRule | None = None,
        after: int | None = None,
    ) -> Iterator[AuditRow]:
        found = [
            e
            for e in self.tables.audit
            if (member is None or member in (e.member, e.about))
            and (principal is None or e.principal == principal)
            and (act is None or e.act == act)
            and (since is None or e.at >= since)
            and (until is None or e.at <= until)
            and (after is None or e.seq > after)
            and (readers is None or bool(set(readers) & {e.member, e.about}))
        ]
        if newest_first:
            found.reverse()
        return iter(found[:limit] if limit is not None else found)

    def peer_key(self, hub: str) -> bytes | None:
        return self.peers[hub][0] if hub in self.peers else None

    def peer_last(self, hub: str) -> int:
        rows = self.peers.get(hub, (b"", []))[1]
        return rows[-1].seq if rows else 0

    def add_peer(self, hub: str, public_key: bytes, rows: Sequence[AuditRow]) -> int:
        key, held = self.peers.setdefault(hub, (public_key, []))
        held.extend(rows)
        return len(rows)

    def peer_entries(
        self,
        readers: Collection[str],
        rule: ReadRule,
        *,
        act: str | None = None,
        since: int | None = None,
        until: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[tuple[str, AuditRow]]:
        found = [
            (hub, e)
            for hub, (_, rows) in self.peers.items()
            for e in rows
            if set(readers) & {e.member, e.about} and (act is None or e.act == act)
        ]
        return found[:limit] if limit is not None else found
