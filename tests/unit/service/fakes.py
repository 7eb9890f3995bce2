"""In-memory fakes of every port the service layer declares (service/ports.py).

Plain classes passed to the services' constructors, as warehouse passes its fakes: no
registry, no database. tests/unit/service/test_ports.py checks each against its Protocol,
member by member, as warehouse's `verifyClass` does; the unit tests of the services run
over them.

What a reader may see is the policy's own answer: each read asks the `Visibility` it is
given (`Visibility.sees`, which calls `policy/visibility.py`), never a rule restated here.
Whether the SQL twin agrees is proved over the real store (tests/properties).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from allyhub.charter import Tlp
from allyhub.policy.visibility import Labels
from allyhub.records import (
    AuditRow,
    Commit,
    Current,
    Cursor,
    Derived,
    KeyRecord,
    Known,
    LinkRow,
    NewVersion,
    ObjectQuery,
    Page,
    PushCursor,
    Quarantined,
    ReadRule,
    SealPlace,
    SealRecord,
    StatusRecord,
    StoredVersion,
    ValueRow,
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
class FakeTally:
    """A ShareTally that remembers what it was told."""

    counted: list[tuple[str, str, int]] = field(default_factory=list)

    def __call__(self, outcome: str, reason: str, count: int) -> None:
        self.counted.append((outcome, reason, count))


Row = tuple[int, int, NewVersion]
"""A stored version: its row number (date_added), its commit date, the version."""


@dataclass
class Tables:
    """What the fakes hold together, as one database does: rows in commit order, and what
    the unit of work writes beside them, and fusion's derived rows."""

    rows: list[Row] = field(default_factory=list)
    deleted: set[int] = field(default_factory=set)
    statuses: dict[str, StatusRecord] = field(default_factory=dict)
    cursors: dict[tuple[str, str], Cursor] = field(default_factory=dict)
    push_cursors: dict[tuple[str, str], PushCursor] = field(default_factory=dict)
    served: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    held: list[Quarantined] = field(default_factory=list)
    audit: list[AuditRow] = field(default_factory=list)
    last_seq: int = 0
    # fusion's derived rows, keyed by the version's row number
    fusion_cursor: int = 0
    linked_aliases: set[str] = field(default_factory=set)
    entries: dict[int, str] = field(default_factory=dict)
    names: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    links: dict[tuple[str, str], LinkRow] = field(default_factory=dict)
    values: list[dict[str, Any]] = field(default_factory=list)
    places: dict[int, tuple[float, float]] = field(default_factory=dict)

    def live(self) -> list[Row]:
        return [r for r in self.rows if r[0] not in self.deleted]

    def seen(self, visible: Visibility) -> list[Row]:
        """The live rows this reader may see, by the policy's own rule."""
        return [
            r
            for r in self.live()
            if visible.sees(r[2].collection, labels(r), sealed=r[2].sealed is not None)
        ]

    def newest_seen(self, visible: Visibility) -> dict[str, Row]:
        """Of each object, the newest version this reader may see (the earliest row of
        it where several collections or members hold that version)."""
        found: dict[str, Row] = {}
        for row in self.seen(visible):
            held = found.get(row[2].stix_id)
            if held is None or row[2].version > held[2].version:
                found[row[2].stix_id] = row
        return found


def labels(row: Row) -> Labels:
    """What the policy knows of a stored version."""
    _, committed, v = row
    return Labels(Tlp(v.tlp), v.audience, v.excluded, v.shared_by, v.origin_added or committed)


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
            # as the SQL store does: a version first landed here originates now
            origin = version.origin_added or commit.committed
            stored = replace(version, sealed=place, origin_added=origin)
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
        served, _ = self.tables.served.get(peer, (0, None))
        self.tables.served[peer] = (served + count, now)

    def count_refused(self, peer: str, collection: str, count: int, last: str | None) -> None:
        old = self.tables.cursors.get((peer, collection), Cursor(peer, collection))
        self.save_cursor(replace(old, refused=old.refused + count, last_refusal=last))

    def hold(self, entries: Sequence[Quarantined]) -> None:
        for entry in entries:
            key = (entry.source, entry.collection, entry.stix_id, entry.version)
            held = [
                e for e in self.tables.held if (e.source, e.collection, e.stix_id, e.version) == key
            ]
            if held:
                again = replace(entry, id=held[0].id, tries=held[0].tries + 1)
                self.tables.held = [again if e is held[0] else e for e in self.tables.held]
            else:
                top = max((e.id or 0 for e in self.tables.held), default=0)
                self.tables.held.append(replace(entry, id=top + 1, tries=1))

    def release(self, ids: Sequence[int]) -> None:
        self.tables.held = [e for e in self.tables.held if e.id not in set(ids)]

    def audit_head(self) -> AuditRow | None:
        return self.tables.audit[-1] if self.tables.audit else None

    def audit_append(self, entry: AuditRow) -> None:
        self.tables.audit.append(entry)


@dataclass
class FakeObjectStore:
    """The object store in lists; each read keeps what its `Visibility` sees."""

    tables: Tables = field(default_factory=Tables)

    @contextmanager
    def writing(self) -> Iterator[FakeUnitOfWork]:
        yield FakeUnitOfWork(self.tables)

    def _matching(self, query: ObjectQuery, visible: Visibility) -> list[Row]:
        rows = [
            (seq, committed, v)
            for seq, committed, v in self.tables.seen(visible)
            if v.collection == query.collection
            and (query.after is None or seq > query.after)
            and (query.before is None or seq < query.before)
            and (query.added_after is None or committed > query.added_after)
            and (not query.ids or v.stix_id in query.ids)
            and (not query.types or v.type in query.types)
            and v.type not in query.not_types
            and (not query.shared_by or v.shared_by in query.shared_by)
            and (not query.tlps or v.tlp in query.tlps)
            and (not query.text or query.text in v.names)
            and (query.refers_to is None or query.refers_to in v.refs)
        ]
        picks = query.versions.picks
        if VersionPick.ALL not in picks:
            by_id: dict[str, list[int]] = {}
            for _, _, v in rows:
                by_id.setdefault(v.stix_id, []).append(v.version)
            rows = [
                r
                for r in rows
                if (VersionPick.LAST in picks and r[2].version == max(by_id[r[2].stix_id]))
                or (VersionPick.FIRST in picks and r[2].version == min(by_id[r[2].stix_id]))
                or r[2].version in query.versions.exact
            ]
        if not query.every_sharing:  # one row per (id, version): the earliest seen
            first: dict[tuple[str, int], int] = {}
            for seq, _, v in rows:
                first.setdefault((v.stix_id, v.version), seq)
            rows = [r for r in rows if first[r[2].stix_id, r[2].version] == r[0]]
        if query.newest_first:
            rows.reverse()
        return rows

    def count_matching(
        self, query: ObjectQuery, visible: Visibility, most: int | None = None
    ) -> int:
        found = len(self._matching(query, visible))
        return found if most is None else min(found, most + 1)

    def tally(
        self, query: ObjectQuery, visible: Visibility, width: int, most: int | None = None
    ) -> list[tuple[int, str, int, int]]:
        rows = sorted(self._matching(query, visible), key=lambda r: r[0], reverse=True)[:most]
        counts: dict[tuple[int, str, int], int] = {}
        for _, committed, v in rows:
            key = (committed // width * width, v.shared_by, v.tlp)
            counts[key] = counts.get(key, 0) + 1
        return [(p, m, t, n) for (p, m, t), n in sorted(counts.items())]

    def page(self, query: ObjectQuery, visible: Visibility, *, with_body: bool) -> Page:
        rows = self._matching(query, visible)
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
            {
                (v.stix_id, v.version)
                for _, _, v in self.tables.seen(visible)
                if v.collection == collection
            }
        )

    def last_added(self, collection: str) -> int | None:
        seqs = [seq for seq, _, v in self.tables.rows if v.collection == collection]
        return max(seqs) if seqs else None

    def member_sets(self, ids: Iterable[int]) -> dict[int, frozenset[str]]:
        return {}  # rows keep their sets whole (NewVersion.audience): no ids to resolve

    def recent(
        self, after: int, limit: int, types: frozenset[str]
    ) -> list[tuple[int, str, bool, bytes | None]]:
        live = self.tables.live()
        newest: dict[str, int] = {}
        for _, _, v in live:
            newest[v.stix_id] = max(newest.get(v.stix_id, v.version), v.version)
        return [
            (seq, v.stix_id, v.version < newest[v.stix_id], v.body if v.type in types else None)
            for seq, _, v in live
            if seq > after
        ][:limit]

    def visible_ids(self, ids: Iterable[str], visible: Visibility) -> set[str]:
        return set(ids) & {v.stix_id for _, _, v in self.tables.seen(visible)}

    def held(self, versions: Iterable[tuple[str, int]]) -> set[tuple[str, str, int, str]]:
        wanted = set(versions)
        return {
            (v.shared_by, v.stix_id, v.version, v.collection)
            for _, _, v in self.tables.rows
            if (v.stix_id, v.version) in wanted
        }

    def seals_held(self, roots: Iterable[bytes]) -> list[SealRecord]:
        wanted = set(roots)
        found = {
            v.sealed.seal.root: replace(v.sealed.seal, leaves=None)
            for _, _, v in self.tables.rows
            if v.sealed is not None and v.sealed.seal.root in wanted
        }
        return list(found.values())

    def latest_visible(
        self, ids: Iterable[str], visible: Visibility
    ) -> dict[str, tuple[str, bytes]]:
        newest = self.tables.newest_seen(visible)
        return {i: (newest[i][2].shared_by, newest[i][2].body) for i in set(ids) & newest.keys()}

    def sharers(self, ids: Iterable[str], visible: Visibility) -> dict[str, set[str]]:
        wanted = set(ids)
        found: dict[str, set[str]] = {}
        for _, _, v in self.tables.seen(visible):
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


def _readable(entry: AuditRow, readers: Collection[str], rule: ReadRule) -> bool:
    """The read rule as store/audit.py applies it, by the rule's own Python twin."""
    return any(rule.allows(member, entry) for member in readers)


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
            and (readers is None or rule is None or _readable(e, readers, rule))
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
        _, held = self.peers.setdefault(hub, (public_key, []))
        new = [r for r in rows if r.seq > (held[-1].seq if held else 0)]
        held.extend(new)
        return len(new)

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
            for hub, (_, rows) in sorted(self.peers.items())
            for e in rows
            if _readable(e, readers, rule)
            and (act is None or e.act == act)
            and (since is None or e.at >= since)
            and (until is None or e.at <= until)
        ]
        if newest_first:
            found.reverse()
        return found[:limit] if limit is not None else found


@dataclass
class FakePeerStore:
    """Federation's bookkeeping, beside the cursors and counters a FakeUnitOfWork writes."""

    tables: Tables
    misp: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    secrets: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def cursors(self, peer: str | None = None) -> list[Cursor]:
        return [c for _, c in sorted(self.tables.cursors.items()) if peer is None or c.peer == peer]

    def cursor(self, peer: str, collection: str) -> Cursor:
        return self.tables.cursors.get((peer, collection), Cursor(peer, collection))

    def save(self, cursor: Cursor) -> None:
        self.tables.cursors[cursor.peer, cursor.collection] = cursor

    def push_cursor(self, peer: str, collection: str) -> PushCursor:
        return self.tables.push_cursors.get((peer, collection), PushCursor(peer, collection))

    def save_push(self, cursor: PushCursor) -> None:
        self.tables.push_cursors[cursor.peer, cursor.collection] = cursor

    def served(self) -> dict[str, tuple[int, int | None]]:
        return dict(self.tables.served)

    def quarantined(self, source: str | None = None, limit: int | None = None) -> list[Quarantined]:
        held = [e for e in self.tables.held if source is None or e.source == source]
        return held[:limit] if limit is not None else held

    def quarantine_counts(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for e in self.tables.held:
            counts[e.source, e.collection] = counts.get((e.source, e.collection), 0) + 1
        return counts

    def misp_taken(self, source: str, collection: str) -> dict[str, str]:
        return dict(self.misp.get((source, collection), {}))

    def misp_took(self, source: str, collection: str, event: str, digest: str, now: int) -> None:
        self.misp.setdefault((source, collection), {})[event] = digest

    def set_credentials(self, peer: str, principal: str, sealed: bytes) -> None:
        self.secrets[peer] = (principal, sealed)

    def credentials(self, peer: str) -> tuple[str, bytes] | None:
        return self.secrets.get(peer)


@dataclass
class FakeFusionWriter:
    """One fusion transaction over `Tables`."""

    tables: Tables

    def cursor(self) -> int:
        return self.tables.fusion_cursor

    def move_cursor(self, to: int) -> None:
        self.tables.fusion_cursor = to

    def mark_aliases(self, digests: Iterable[str]) -> None:
        self.tables.linked_aliases = set(digests)

    def apply(self, derived: Derived) -> None:
        for row in derived.entries:
            self.tables.entries[row["date_added"]] = row["entry"]
        for entry, (kind, texts) in derived.names.items():
            self.tables.names.setdefault(entry, (kind, list(dict.fromkeys(texts))))
        self.tables.links.update(derived.links)
        self.tables.values += derived.values
        for place in derived.places:
            self.tables.places[place["date_added"]] = (place["latitude"], place["longitude"])


def _same_value(row: dict[str, Any], kind: str, value: str, lo: str, hi: str) -> bool:
    """One value as fusion compares it: an IP network by range, a hash of any kind by its
    digits, anything else by kind and value (as store/fusion.py and store/search.py do)."""
    if lo:
        return bool(row["kind"] == kind and row["lo"] <= hi and row["hi"] >= lo)
    if kind.startswith("hash:"):
        return bool(row["kind"].startswith("hash:") and row["value"] == value)
    return bool(row["kind"] == kind and row["value"] == value)


@dataclass
class FakeFusionStore:
    """Fusion's derived rows over the same `Tables` as the object store; reads keep, of
    each object, the newest version the reader may see."""

    tables: Tables

    @contextmanager
    def writing(self) -> Iterator[FakeFusionWriter]:
        yield FakeFusionWriter(self.tables)

    def cursor(self) -> int:
        return self.tables.fusion_cursor

    def linked_aliases(self) -> set[str]:
        return set(self.tables.linked_aliases)

    def _filed(self, entries: Iterable[str]) -> list[tuple[str, str, list[str]]]:
        return [(e, *self.tables.names[e]) for e in sorted(set(entries)) if e in self.tables.names]

    def all_names(self) -> Iterator[tuple[str, str, list[str]]]:
        yield from self._filed(self.tables.names)

    def names_filed(self, after: int, upto: int) -> list[tuple[str, str, list[str]]]:
        return self._filed(e for d, e in self.tables.entries.items() if after < d <= upto)

    def names(self, entries: Iterable[str]) -> dict[str, tuple[str, list[str]]]:
        return {e: (kind, names) for e, kind, names in self._filed(entries)}

    def links(self, entries: Iterable[str]) -> list[LinkRow]:
        wanted = set(entries)
        return [r for r in self.tables.links.values() if r.a in wanted or r.b in wanted]

    def in_band(self, band: str, limit: int) -> list[LinkRow]:
        rows = [r for r in self.tables.links.values() if r.band == band]
        return sorted(rows, key=lambda r: (-r.score, r.a, r.b))[:limit]

    def current(self, ids: Iterable[str], visible: Visibility) -> dict[str, Current]:
        newest = self.tables.newest_seen(visible)
        return {
            i: Current(newest[i][0], newest[i][2].version, self.tables.entries.get(newest[i][0]))
            for i in set(ids) & newest.keys()
        }

    def refs_to(self, targets: Iterable[str], visible: Visibility) -> list[tuple[str, str, str]]:
        wanted = set(targets)
        return sorted(
            {
                (v.stix_id, v.type, ref)
                for _, _, v in self.tables.newest_seen(visible).values()
                for ref in v.refs
                if ref in wanted
            }
        )

    def values(self, date_added: int) -> list[ValueRow]:
        return [
            ValueRow(r["kind"], r["value"], r["lo"], r["hi"])
            for r in self.tables.values
            if r["date_added"] == date_added
        ]

    def sharing_value(
        self, value: ValueRow, visible: Visibility, exclude: str, limit: int
    ) -> list[str]:
        newest = {row[0] for row in self.tables.newest_seen(visible).values()}
        found = {
            v.stix_id
            for seq, _, v in self.tables.live()
            if seq in newest
            and v.stix_id != exclude
            and any(
                r["date_added"] == seq
                and _same_value(r, value.kind, value.value, value.lo, value.hi)
                for r in self.tables.values
            )
        }
        return sorted(found)[:limit]

    def place(self, date_added: int) -> tuple[float, float] | None:
        return self.tables.places.get(date_added)

    def places_near(
        self, latitude: float, degrees: float, visible: Visibility
    ) -> list[tuple[str, float, float]]:
        return sorted(
            (v.stix_id, *self.tables.places[seq])
            for seq, _, v in self.tables.newest_seen(visible).values()
            if seq in self.tables.places and abs(self.tables.places[seq][0] - latitude) <= degrees
        )

    def backlog(self) -> tuple[int, int | None]:
        waiting = [seq for seq, _, _ in self.tables.rows if seq > self.tables.fusion_cursor]
        return len(waiting), min(waiting, default=None)


@dataclass
class FakeSearchStore:
    """The search box's reads over the same `Tables`."""

    tables: Tables

    def _newest(self, rows: Iterable[Row], limit: int) -> list[str]:
        last: dict[str, int] = {}
        for seq, _, v in rows:
            last[v.stix_id] = max(last.get(v.stix_id, 0), seq)
        return [i for i, _ in sorted(last.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]

    def with_words(self, words: Sequence[str], visible: Visibility, limit: int) -> list[str]:
        newest = self.tables.newest_seen(visible).values()
        return self._newest((r for r in newest if all(w in r[2].text for w in words)), limit)

    def with_values(
        self, values: Iterable[tuple[str, str, str, str]], visible: Visibility, limit: int
    ) -> list[str]:
        wanted = list(values)
        newest = self.tables.newest_seen(visible).values()
        return self._newest(
            (
                r
                for r in newest
                if any(
                    v["date_added"] == r[0] and _same_value(v, *w)
                    for v in self.tables.values
                    for w in wanted
                )
            ),
            limit,
        )

    def with_ids(self, ids: Sequence[str], visible: Visibility) -> list[str]:
        wanted = set(ids)
        return self._newest(
            (r for r in self.tables.seen(visible) if r[2].stix_id in wanted), len(ids)
        )
