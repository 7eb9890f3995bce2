"""What the service needs from the layers below, as Protocols.

The service owns them and types them with its own records (`allyhub.records`); `store/`
meets them structurally (it imports the records, never `service`), composition.py builds
the concrete objects once and passes them in, and tests/unit/service/fakes.py meets them
in memory (tests/unit/service/test_ports.py holds both to every signature here).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

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
    ValueRow,
    Visibility,
)


class Clock(Protocol):
    def __call__(self) -> int:
        """Now, in microseconds since the epoch."""
        ...


class ShareTally(Protocol):
    """Counts what shares did to each object, for the hub's metrics: outcome is accepted,
    duplicate or refused; reason says why an object was refused (empty otherwise)."""

    def __call__(self, outcome: str, reason: str, count: int) -> None: ...


def no_tally(outcome: str, reason: str, count: int) -> None:
    """A ShareTally that counts nothing (services built without metrics)."""


class UnitOfWork(Protocol):
    """One write transaction over everything a write touches, committed together or not at
    all: the versions and their commit, and beside them the TAXII status, a peer's cursor
    and counters, the quarantine, and the audit entry that records the act. A service gets
    one from `ObjectStore.writing()` and hands it to whatever must commit with the act."""

    def known(self, stix_ids: Iterable[str]) -> list[Known]: ...

    def take_commit(self, count: int, now: int) -> Commit: ...

    def add(
        self,
        versions: Sequence[NewVersion],
        commit: Commit,
        *,
        versioned: Iterable[str] = (),
        twinned: Iterable[str] = (),
        sealed: Sequence[SealPlace] | None = None,
    ) -> list[int]: ...

    def delete(
        self, collection: str, stix_id: str, shared_by: str, versions: Sequence[int] | None
    ) -> int: ...

    def save_status(self, record: StatusRecord) -> None: ...

    def save_cursor(self, cursor: Cursor) -> None: ...

    def count_served(self, peer: str, count: int, now: int) -> None: ...

    def count_refused(self, peer: str, collection: str, count: int, last: str | None) -> None: ...

    def hold(self, entries: Sequence[Quarantined]) -> None: ...

    def release(self, ids: Sequence[int]) -> None: ...

    def audit_head(self) -> AuditRow | None: ...

    def audit_append(self, entry: AuditRow) -> None: ...


class ObjectStore(Protocol):
    def writing(self) -> AbstractContextManager[UnitOfWork]: ...

    def page(self, query: ObjectQuery, visible: Visibility, *, with_body: bool) -> Page: ...

    def count(self, collection: str, visible: Visibility) -> int: ...

    def count_matching(
        self, query: ObjectQuery, visible: Visibility, most: int | None = None
    ) -> int: ...

    def tally(
        self, query: ObjectQuery, visible: Visibility, width: int, most: int | None = None
    ) -> list[tuple[int, str, int, int]]: ...

    def last_added(self, collection: str) -> int | None: ...

    def member_sets(self, ids: Iterable[int]) -> dict[int, frozenset[str]]: ...

    def recent(
        self, after: int, limit: int, types: frozenset[str]
    ) -> list[tuple[int, str, bool, bytes | None]]: ...

    def visible_ids(self, ids: Iterable[str], visible: Visibility) -> set[str]: ...

    def held(self, versions: Iterable[tuple[str, int]]) -> set[tuple[str, str, int, str]]: ...

    def seals_held(self, roots: Iterable[bytes]) -> list[SealRecord]: ...

    def latest_visible(
        self, ids: Iterable[str], visible: Visibility
    ) -> dict[str, tuple[str, bytes]]: ...

    def sharers(self, ids: Iterable[str], visible: Visibility) -> dict[str, set[str]]: ...

    def seal_places(self, rows: Iterable[int]) -> dict[int, SealPlace]: ...


class KeyStore(Protocol):
    def add(self, record: KeyRecord) -> None: ...

    def by_digest(self, digest: bytes) -> KeyRecord | None: ...

    def by_id(self, key_id: str) -> KeyRecord | None: ...

    def all(self, member: str | None = None) -> list[KeyRecord]: ...

    def revoke(self, key_id: str, when: int) -> bool: ...


class StatusStore(Protocol):
    def get(self, status_id: str) -> StatusRecord | None: ...


class AuditStore(Protocol):
    """The audit trail as read back (the hub's own entries and those of peers): what
    `AuditLog` needs beside the writer's `audit_head` and `audit_append`."""

    def last(self) -> AuditRow | None: ...

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
    ) -> Iterator[AuditRow]: ...

    def peer_key(self, hub: str) -> bytes | None: ...

    def peer_last(self, hub: str) -> int: ...

    def add_peer(self, hub: str, public_key: bytes, rows: Sequence[AuditRow]) -> int: ...

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
    ) -> list[tuple[str, AuditRow]]: ...


class PeerStore(Protocol):
    """Federation's bookkeeping outside a share's transaction: pull and push cursors per
    peer and collection, what was served, what is held for a retry, the MISP events taken,
    and each peer's sealed credentials."""

    def cursors(self, peer: str | None = None) -> list[Cursor]: ...

    def cursor(self, peer: str, collection: str) -> Cursor: ...

    def save(self, cursor: Cursor) -> None: ...

    def push_cursor(self, peer: str, collection: str) -> PushCursor: ...

    def save_push(self, cursor: PushCursor) -> None: ...

    def served(self) -> dict[str, tuple[int, int | None]]: ...

    def quarantined(
        self, source: str | None = None, limit: int | None = None
    ) -> list[Quarantined]: ...

    def quarantine_counts(self) -> dict[tuple[str, str], int]: ...

    def misp_taken(self, source: str, collection: str) -> dict[str, str]: ...

    def misp_took(
        self, source: str, collection: str, event: str, digest: str, now: int
    ) -> None: ...

    def set_credentials(self, peer: str, principal: str, sealed: bytes) -> None: ...

    def credentials(self, peer: str) -> tuple[str, bytes] | None: ...


class FusionWriter(Protocol):
    """One fusion transaction: what a batch derived, and the worker's cursor with it."""

    def cursor(self) -> int: ...

    def move_cursor(self, to: int) -> None: ...

    def apply(self, derived: Derived) -> None: ...

    def mark_aliases(self, digests: Iterable[str]) -> None:
        """Record these as the charter's aliases whose reports are linked (only these)."""
        ...


class FusionStore(Protocol):
    """Fusion's derived rows (names, links, values, places), each of one stored version.
    Reads for a reader take its `Visibility` and keep, of each object, only the newest
    version it may see."""

    def writing(self) -> AbstractContextManager[FusionWriter]: ...

    def cursor(self) -> int: ...

    def linked_aliases(self) -> set[str]: ...

    def all_names(self) -> Iterator[tuple[str, str, list[str]]]: ...

    def names_filed(self, after: int, upto: int) -> list[tuple[str, str, list[str]]]: ...

    def names(self, entries: Iterable[str]) -> dict[str, tuple[str, list[str]]]: ...

    def links(self, entries: Iterable[str]) -> list[LinkRow]: ...

    def in_band(self, band: str, limit: int) -> list[LinkRow]: ...

    def current(self, ids: Iterable[str], visible: Visibility) -> dict[str, Current]: ...

    def refs_to(
        self, targets: Iterable[str], visible: Visibility
    ) -> list[tuple[str, str, str]]: ...

    def values(self, date_added: int) -> list[ValueRow]: ...

    def sharing_value(
        self, value: ValueRow, visible: Visibility, exclude: str, limit: int
    ) -> list[str]: ...

    def place(self, date_added: int) -> tuple[float, float] | None: ...

    def places_near(
        self, latitude: float, degrees: float, visible: Visibility
    ) -> list[tuple[str, float, float]]: ...

    def backlog(self) -> tuple[int, int | None]: ...


class SearchStore(Protocol):
    """The search box's indexed reads: ids of the newest visible version of each object
    whose words, correlation values or id match."""

    def with_words(self, words: Sequence[str], visible: Visibility, limit: int) -> list[str]: ...

    def with_values(
        self, values: Iterable[tuple[str, str, str, str]], visible: Visibility, limit: int
    ) -> list[str]: ...

    def with_ids(self, ids: Sequence[str], visible: Visibility) -> list[str]: ...
