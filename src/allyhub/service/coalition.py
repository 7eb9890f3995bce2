"""The coalition as the service sees it: the charter, plus governance folded into standing.

The state is recomputed only when the governance collection changes (one indexed
`max(date_added)` per request), so a suspension or a deny takes effect on the very next
read, in every process that shares the database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from allyhub.charter import Charter, Collection, Hub, Tier, derived_uuid
from allyhub.errors import NotFound, NotPermitted
from allyhub.policy.governance import Governance, fold
from allyhub.policy.permissions import Action, Decision, decide
from allyhub.policy.standing import CoalitionState, MemberState
from allyhub.records import EVERYTHING, ObjectQuery, VersionMatch, VersionPick, Visibility
from allyhub.service.ports import ObjectStore
from allyhub.service.principals import Principal

ALL_TIERS = frozenset(Tier)

SYSTEM = "allyhub"
"""`shared_by` of what a hub makes in its own name (definitions, country locations)."""


def _built_in(charter_id: str, alias: str, title: str, description: str) -> Collection:
    """A collection every hub of the charter has beside the charter's own: every tier
    reads it, no member writes it through TAXII (the service writes it)."""
    return Collection(
        id=derived_uuid(charter_id, "collection", alias),
        alias=alias,
        title=title,
        description=description,
        read=ALL_TIERS,
        write=frozenset(),
    )


class Coalition:
    """Answers 'who is this member now, and what may it do with this collection?'."""

    def __init__(self, charter: Charter, hub_id: str, store: ObjectStore) -> None:
        hub = charter.hub(hub_id)
        if hub is None:
            raise NotFound(f"hub {hub_id!r} is not in the charter")
        self.charter = charter
        self.hub: Hub = hub
        self.governance_collection = _built_in(
            charter.id,
            "governance",
            "Governance",
            "Motions, votes, invitations and their answers, withdrawals, denies.",
        )  # written by the governance API only
        self.decisions_collection = _built_in(
            charter.id,
            "decisions",
            "Fusion decisions",
            "Analysts' confirmations and rejections of fused links, each released "
            "to the members who could see both objects when it was made.",
        )  # written by the fusion API only
        self.definitions_collection = _built_in(
            charter.id,
            "definitions",
            "Definitions",
            "TLP 2.0 marking definitions and allyhub's extension definitions, "
            "published by the hub so any STIX consumer can resolve what objects refer to.",
        )  # written by the hub itself at start
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
                EVERYTHING,
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
        """The member a principal acts for, as it stands now (not for peer hubs)."""
        if principal.peer:
            raise NotPermitted(f"{principal.id} is a peer hub; it replicates, it does not act")
        state = self.state().member(principal.member)
        if state is None:
            raise NotPermitted(f"{principal.member!r} is not a member of the coalition")
        return state

    def allowed(
        self, principal: Principal, action: Action, collection: Collection | None = None
    ) -> Decision:
        """May this principal do this here, now? The one answer for the service, which
        enforces it, and for the console, which shows a button only when it is yes."""
        state = self.state()
        member = None if principal.peer else state.member(principal.member)
        return decide(
            action,
            principal.role,
            member,
            hosted=state.hosted_at(principal.member, self.hub.id),
            operator=principal.member == self.hub.operator,
            collection=collection,
        )

    def require(
        self, principal: Principal, action: Action, collection: Collection | None = None
    ) -> MemberState:
        """The acting member as it stands now, or NotPermitted saying why not."""
        decision = self.allowed(principal, action, collection)
        member = self.state().member(principal.member)
        if not decision or member is None:
            raise NotPermitted(decision.reason or f"{principal.id} may not {action}")
        return member

    def visibility_of(self, member: MemberState) -> Visibility:
        """What one member may see now."""
        return Visibility((member,))

    def reader(self, principal: Principal) -> Reader:
        """Who reads: one member, or, for a peer hub, every member that hub hosts."""
        if not principal.peer:
            viewer = self.viewer(principal)
            return Reader(principal, (viewer,), self.collections(viewer))
        hub = self.charter.hub(principal.peer)
        if hub is None:
            raise NotPermitted(f"{principal.peer!r} is not a hub of the coalition")
        state = self.state()
        hosted = tuple(
            member for member_id in hub.hosts if (member := state.member(member_id)) is not None
        )
        return Reader(principal, hosted, self.replicated_collections())

    def can_read(self, viewer: MemberState, collection: Collection) -> bool:
        return not viewer.sees_nothing and viewer.tier in collection.read

    def can_write(self, viewer: MemberState, collection: Collection) -> bool:
        return (
            not viewer.sees_nothing
            and viewer.tier in collection.write
            and viewer.tier is not Tier.INVITEE
        )

    def replicated_collections(self) -> list[Collection]:
        """What hubs pull from each other: the charter's collections, governance records
        and fusion decisions (each hub publishes its own definitions)."""
        return [*self.charter.collections, self.governance_collection, self.decisions_collection]

    def all_collections(self) -> tuple[Collection, ...]:
        return (
            *self.charter.collections,
            self.governance_collection,
            self.decisions_collection,
            self.definitions_collection,
        )

    def collections(self, viewer: MemberState) -> list[Collection]:
        """The collections this member may read or write, in charter order."""
        return [
            c
            for c in self.all_collections()
            if self.can_read(viewer, c) or self.can_write(viewer, c)
        ]

    def collection(self, viewer: MemberState, key: str) -> Collection:
        """A collection by id or alias; NotFound when it does not exist for this member."""
        return find_collection(self.collections(viewer), key)


def find_collection(collections: Iterable[Collection], key: str) -> Collection:
    for collection in collections:
        if key in (collection.id, collection.alias):
            return collection
    raise NotFound(f"no collection {key!r} on this API root")


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads, as the policy needs it: one member, or the members a peer hub hosts."""

    principal: Principal
    viewers: tuple[MemberState, ...]
    readable: list[Collection]  # collections it may read (and, for members, write)

    @property
    def visibility(self) -> Visibility:
        """What this reader may see (a peer: what any of its hosted members may see; RED
        therefore never reaches a hub hosting none of its list). Peers receive only what a
        hub can vouch for: versions under a seal (not a foreign feed's, nor what was stored
        before seals existed)."""
        return Visibility(self.viewers, sealed_only=bool(self.principal.peer))
