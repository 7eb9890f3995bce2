"""The coalition as the service sees it: the charter, plus governance folded into standing.

The state is recomputed only when the governance collection changes (one indexed
`max(date_added)` per request), so a suspension or a deny takes effect on the very next
read, in every process that shares the database.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson

from allyhub.charter import Charter, Collection, Hub, Tier, derived_uuid
from allyhub.errors import NotFound, NotPermitted
from allyhub.policy.filters import everything
from allyhub.policy.governance import Governance, fold
from allyhub.policy.standing import CoalitionState, MemberState
from allyhub.service.ports import ObjectStore
from allyhub.service.principals import Principal
from allyhub.store.objects import ObjectQuery, VersionMatch, VersionPick

ALL_TIERS = frozenset(Tier)


class Coalition:
    """Answers 'who is this member now, and what may it do with this collection?'."""

    def __init__(self, charter: Charter, hub_id: str, store: ObjectStore) -> None:
        hub = charter.hub(hub_id)
        if hub is None:
            raise NotFound(f"hub {hub_id!r} is not in the charter")
        self.charter = charter
        self.hub: Hub = hub
        self.governance_collection = Collection(
            id=derived_uuid(charter.id, "collection", "governance"),
            alias="governance",
            title="Governance",
            description="Motions, votes, invitations and their answers, withdrawals, denies.",
            read=ALL_TIERS,
            write=frozenset(),  # written by the governance API only
        )
        self.definitions_collection = Collection(
            id=derived_uuid(charter.id, "collection", "definitions"),
            alias="definitions",
            title="Definitions",
            description="TLP 2.0 marking definitions and allyhub's extension definitions, "
            "published by the hub so any STIX consumer can resolve what objects refer to.",
            read=ALL_TIERS,
            write=frozenset(),  # written by the hub itself at start
        )
        self._store = store
        self._lock = threading.Lock()
        self._seen: int | None = -1
        self._governance = fold(charter, [])

    def records(self) -> list[dict[str, Any]]:
        """Every governance record (all versions), read without a viewer's filter."""
        rows: list[dict[str, Any]] = []
        after: int | None = None
        while True:
            page = self._store.page(
                ObjectQuery(
                    self.governance_collection.id,
                    limit=1000,
                    after=after,
                    versions=VersionMatch(frozenset({VersionPick.ALL})),
                ),
                everything,
                with_body=True,
            )
            rows += [orjson.loads(row.body or b"{}") for row in page.rows]
            if not page.more:
                return rows
            after = page.rows[-1].date_added

    def governance(self) -> Governance:
        latest = self._store.last_added(self.governance_collection.id)
        with self._lock:
            if latest != self._seen:
                self._governance = fold(self.charter, self.records())
                self._seen = latest
            return self._governance

    def state(self) -> CoalitionState:
        return self.governance().state

    def viewer(self, principal: Principal) -> MemberState:
        state = self.state().member(principal.member)
        if state is None:
            raise NotPermitted(f"{principal.member!r} is not a member of the coalition")
        return state

    def can_read(self, viewer: MemberState, collection: Collection) -> bool:
        return not viewer.sees_nothing and viewer.tier in collection.read

    def can_write(self, viewer: MemberState, collection: Collection) -> bool:
        return (
            not viewer.sees_nothing
            and viewer.tier in collection.write
            and viewer.tier is not Tier.INVITEE
        )

    def all_collections(self) -> tuple[Collection, ...]:
        return (*self.charter.collections, self.governance_collection, self.definitions_collection)

    def collections(self, viewer: MemberState) -> list[Collection]:
        """The collections this member may read or write, in charter order."""
        return [
            c
            for c in self.all_collections()
            if self.can_read(viewer, c) or self.can_write(viewer, c)
        ]

    def collection(self, viewer: MemberState, key: str) -> Collection:
        """A collection by id or alias; NotFound when it does not exist for this member."""
        for collection in self.collections(viewer):
            if key in (collection.id, collection.alias):
                return collection
        raise NotFound(f"no collection {key!r} on this API root")
