"""What the service needs from the layers below, as Protocols.

`store/` meets these structurally and never imports `service`; app.py builds the concrete
objects once and passes them in. Tests may pass plain fakes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

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


class ObjectWriter(Protocol):
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
    def writing(self) -> AbstractContextManager[ObjectWriter]: ...

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

    def recent(self, after: int, limit: int) -> list[tuple[int, str, bool, bytes]]: ...

    def visible_ids(self, ids: Iterable[str], visible: Visibility) -> set[str]: ...

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
