"""The coalition as the service sees it: the charter, plus standing at this moment."""

from __future__ import annotations

from allyhub.charter import Charter, Collection, Hub, Tier
from allyhub.errors import NotFound, NotPermitted
from allyhub.policy.standing import CoalitionState, MemberState, initial_state
from allyhub.service.principals import Principal


class Coalition:
    """Answers 'who is this member now, and what may it do with this collection?'."""

    def __init__(self, charter: Charter, hub_id: str) -> None:
        hub = charter.hub(hub_id)
        if hub is None:
            raise NotFound(f"hub {hub_id!r} is not in the charter")
        self.charter = charter
        self.hub: Hub = hub
        self._state = initial_state(charter)

    def state(self) -> CoalitionState:
        return self._state

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

    def collections(self, viewer: MemberState) -> list[Collection]:
        """The collections this member may read or write, in charter order."""
        return [
            c
            for c in self.charter.collections
            if self.can_read(viewer, c) or self.can_write(viewer, c)
        ]

    def collection(self, viewer: MemberState, key: str) -> Collection:
        """A collection by id or alias; NotFound when it does not exist for this member."""
        collection = self.charter.collection(key)
        if collection is None or collection not in self.collections(viewer):
            raise NotFound(f"no collection {key!r} on this API root")
        return collection
