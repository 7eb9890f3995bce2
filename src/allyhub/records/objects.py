"""The records of the object store's port (service/ports.py `ObjectStore`): queries,
versions to store, what is already stored, pages.

The service layer owns them: its ports speak them, store/objects.py implements the port
with them, and tests/unit/service/fakes.py does the same in memory.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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
    after: int | None = None  # strictly after this row (a `next` cursor)
    added_after: int | None = None  # committed strictly after this time (TAXII added_after)
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
    # Every member's sharing of a version, not one per (id, version): what a peer hub
    # replicates (readers get the earliest sharing they may see).
    every_sharing: bool = False


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
    text: str = ""  # its case-folded searchable words, for object_text (search)
    sealed: SealPlace | None = None  # its place in the seal its origin hub signed


@dataclass(frozen=True, slots=True)
class SealRecord:
    """A signed Merkle root (provenance/seals.py): `leaves` only where it was made."""

    hub: str
    root: bytes
    size: int
    signature: bytes
    leaves: bytes | None = None


@dataclass(frozen=True, slots=True)
class SealPlace:
    """A version's place in its seal: its leaf index, and its audit path (None where the
    seal's leaves are kept here and the path is computed when it is served)."""

    seal: SealRecord
    index: int
    path: bytes | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    """The row order numbers of one commit's versions, and the commit's TAXII date_added."""

    seqs: list[int]
    committed: int


@dataclass(frozen=True, slots=True)
class Known:
    """A version already stored, as the admission step weighs it: where it is, who
    shared it, and the labels that decide who may see it (member sets resolved)."""

    stix_id: str
    version: int
    collection: str
    shared_by: str
    deleted: bool
    tlp: int
    audience: frozenset[str] | None
    excluded: frozenset[str] | None
    origin_added: int


@dataclass(frozen=True, slots=True)
class StoredVersion:
    date_added: int  # the hub's row order (cursors carry it encrypted); never served
    committed: int  # TAXII date_added: when the commit that stored it happened
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
