"""Every TAXII read: collections, objects, one object, versions, manifest, status.

Each read resolves the principal to its standing now, asks the policy for the where-clause
of what that member may see, and lets the store page through it. An object the member
may not see and one that does not exist raise the same NotFound with the same message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from allyhub.charter import Collection
from allyhub.errors import NotFound, NotPermitted
from allyhub.provenance import Seal, sealed_to_wire, seals_to_wire
from allyhub.records import ObjectQuery, Page, StoredVersion, VersionMatch, VersionPick
from allyhub.service.audit import AuditLog, refuse_read
from allyhub.service.coalition import Coalition, Reader, find_collection
from allyhub.service.cursors import Cursors, digest
from allyhub.service.ports import Clock, ObjectStore, StatusStore
from allyhub.service.principals import Principal
from allyhub.service.seals import SealedPaths
from allyhub.service.sharing import Status, status_from_record

SPEC_VERSIONS = ("2.1",)


@dataclass(frozen=True, slots=True)
class Filters:
    """TAXII filter parameters, already parsed by the edge."""

    added_after: int | None = None
    next: str | None = None
    limit: int | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    versions: VersionMatch = field(default_factory=VersionMatch)
    spec_versions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadPage:
    """One page of versions for a principal, with TAXII paging facts."""

    rows: list[StoredVersion]
    more: bool
    next: str | None
    extensions: dict[str, Any] = field(default_factory=dict)  # for peer hubs only

    @property
    def first_added(self) -> int | None:
        """TAXII's X-TAXII-Date-Added-First: the commit date of the first version."""
        return self.rows[0].committed if self.rows else None

    @property
    def last_added(self) -> int | None:
        return self.rows[-1].committed if self.rows else None


@dataclass(frozen=True, slots=True)
class CollectionView:
    collection: Collection
    can_read: bool
    can_write: bool


def next_context(query: ObjectQuery, filters: Filters) -> bytes:
    """What a `next` token is bound to: the collection and every filter of the request
    but `limit` (and `next` itself). A token works only with the request it came from."""
    match = query.versions
    versions = (sorted(p.value for p in match.picks), sorted(match.exact))
    filtered = (sorted(query.ids), sorted(query.types), versions, sorted(filters.spec_versions))
    return digest("taxii next", query.collection, filters.added_after, filtered)


def view_fingerprint(reader: Reader) -> str:
    """Changes whenever what a peer may see could change (a hosted member's standing)."""
    key = "|".join(
        f"{v.member}:{v.tier}:{v.standing}:{v.since}"
        for v in sorted(reader.viewers, key=lambda v: v.member)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class ReadingService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        statuses: StatusStore,
        page_size: int,
        audit: AuditLog,
        clock: Clock,
        cursors: Cursors,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._statuses = statuses
        self._page_size = page_size
        self._audit = audit
        self._clock = clock
        self._paths = SealedPaths()
        self._cursors = cursors

    # -- collections ------------------------------------------------------------------

    def collections(self, principal: Principal) -> list[CollectionView]:
        reader = self._coalition.reader(principal)
        return [self._view(reader, c) for c in reader.readable]

    def collection(self, principal: Principal, key: str) -> CollectionView:
        reader = self._coalition.reader(principal)
        return self._view(reader, find_collection(reader.readable, key))

    def _view(self, reader: Reader, collection: Collection) -> CollectionView:
        if reader.principal.peer:
            return CollectionView(collection, can_read=True, can_write=False)
        viewer = reader.viewers[0]
        return CollectionView(
            collection,
            self._coalition.can_read(viewer, collection),
            self._coalition.can_write(viewer, collection),
        )

    def _readable(self, principal: Principal, key: str) -> tuple[Reader, Collection]:
        reader = self._coalition.reader(principal)
        collection = find_collection(reader.readable, key)
        if not self._view(reader, collection).can_read:
            raise NotPermitted(f"{principal.id} may not read collection {key!r}")
        return reader, collection

    # -- objects ----------------------------------------------------------------------

    def _query(self, collection: Collection, filters: Filters) -> ObjectQuery:
        limit = min(filters.limit or self._page_size, self._page_size)
        query = ObjectQuery(
            collection=collection.id,
            limit=limit,
            added_after=filters.added_after,
            ids=filters.ids,
            types=filters.types,
            versions=filters.versions,
        )
        if filters.next is None:
            return query
        bound_to = "this collection with these filters (added_after, match[...])"
        context = next_context(query, filters)
        cursor = self._cursors.open(filters.next, context, param="next", bound_to=bound_to)
        return replace(query, after=cursor)

    def _page(
        self, reader: Reader, query: ObjectQuery, filters: Filters, *, with_body: bool
    ) -> ReadPage:
        if filters.spec_versions and not set(filters.spec_versions) & set(SPEC_VERSIONS):
            return ReadPage([], False, None)
        page: Page = self._store.page(query, reader.visibility, with_body=with_body)
        token = None
        if page.more and page.rows:
            context = next_context(query, filters)
            token = self._cursors.seal(page.rows[-1].date_added, context)
        return ReadPage(page.rows, page.more, token)

    def objects(self, principal: Principal, key: str, filters: Filters) -> ReadPage:
        reader, collection = self._readable(principal, key)
        query = self._query(collection, filters)
        if principal.peer:  # a peer replicates every member's sharing of a version
            query = replace(query, every_sharing=True)
        page = self._page(reader, query, filters, with_body=True)
        if principal.peer:
            return replace(page, extensions=self._provenance(reader, page))
        return page

    def _provenance(self, reader: Reader, page: ReadPage) -> dict[str, Any]:
        """What a peer hub needs to store these versions as we do: each version's
        originator, origin and labels, and a fingerprint of the view it was given."""
        sets = self._store.member_sets(
            {i for row in page.rows for i in (row.audience, row.excluded) if i is not None}
        )
        places = self._store.seal_places(row.date_added for row in page.rows)
        records = []
        seals: list[Seal] = []
        for row in page.rows:
            record: dict[str, Any] = {
                "id": row.stix_id,
                "version": row.version,
                "shared_by": row.shared_by,
                "origin_hub": row.origin_hub,
                "origin_added": row.origin_added,
                "tlp": row.tlp,
                "audience": sorted(sets[row.audience]) if row.audience is not None else None,
                "excluded": sorted(sets[row.excluded]) if row.excluded is not None else None,
            }
            place = places.get(row.date_added)
            if place is not None:
                sealed = self._paths.sealed(place)
                record["seal"] = sealed_to_wire(sealed)
                seals.append(sealed.seal)
            records.append(record)
        if page.rows:
            with self._store.writing() as writer:
                writer.count_served(reader.principal.peer, len(page.rows), self._clock())
        return {
            "x_allyhub_provenance": records,
            "x_allyhub_seals": seals_to_wire(seals),
            "x_allyhub_view": view_fingerprint(reader),
        }

    def manifest(self, principal: Principal, key: str, filters: Filters) -> ReadPage:
        reader, collection = self._readable(principal, key)
        return self._page(reader, self._query(collection, filters), filters, with_body=False)

    def _require_visible(self, reader: Reader, collection: Collection, stix_id: str) -> None:
        """NotFound unless the reader may see some version.

        A refusal does the same work whether the object exists hidden or not at all: one
        query through the reader's visibility, then one audit entry by the reader with no
        `about` (the owner of a hidden object would name it). So the answer, the entry the
        reader can read back, the SQL statements and the writes are the same for both; the
        operator's trail still holds every refused read, and joins it to the objects table.
        """
        any_version = ObjectQuery(
            collection.id,
            limit=1,
            ids=(stix_id,),
            versions=VersionMatch(frozenset({VersionPick.ALL})),
        )
        if self._store.page(any_version, reader.visibility, with_body=False).rows:
            return
        refuse_read(self._audit, reader.principal, stix_id, collection.id, via="taxii")
        raise NotFound(f"no object {stix_id} in this collection")

    def object(self, principal: Principal, key: str, stix_id: str, filters: Filters) -> ReadPage:
        reader, collection = self._readable(principal, key)
        self._require_visible(reader, collection, stix_id)
        query = self._query(collection, replace(filters, ids=(stix_id,), types=()))
        return self._page(reader, query, filters, with_body=True)

    def versions(self, principal: Principal, key: str, stix_id: str, filters: Filters) -> ReadPage:
        reader, collection = self._readable(principal, key)
        self._require_visible(reader, collection, stix_id)
        all_versions = VersionMatch(frozenset({VersionPick.ALL}))
        query = self._query(
            collection, replace(filters, ids=(stix_id,), types=(), versions=all_versions)
        )
        return self._page(reader, query, filters, with_body=False)

    # -- status -----------------------------------------------------------------------

    def status(self, principal: Principal, status_id: str) -> Status:
        """A status is the sharing member's: others get the same 404 as for a missing one."""
        record = self._statuses.get(status_id)
        if record is None or record.member != principal.member:
            raise NotFound(f"no status {status_id}")
        return status_from_record(record)
