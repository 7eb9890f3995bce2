"""Standing: where each member stands now, and who asks (a Viewer).

The charter gives tiers; governance (suspend, expel, withdraw, admit, deny) changes
standing at run time. The policy only ever sees a `CoalitionState` snapshot, so every
decision is a pure function of values.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from allyhub.charter import Charter, Tier


class Standing(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPELLED = "expelled"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"  # an invitee that said no


@dataclass(frozen=True, slots=True)
class MemberState:
    member: str
    tier: Tier
    standing: Standing = Standing.ACTIVE
    since: int | None = None  # when the current standing began (µs), for suspension cuts

    @property
    def sees_nothing(self) -> bool:
        return self.standing in (Standing.EXPELLED, Standing.WITHDRAWN, Standing.DECLINED)

    @property
    def in_good_standing(self) -> bool:
        return self.standing is Standing.ACTIVE


@dataclass(frozen=True, slots=True)
class CoalitionState:
    """Every member's standing and every originator's deny list, at one moment."""

    members: Mapping[str, MemberState]
    denies: Mapping[str, frozenset[str]] = field(default_factory=dict)  # originator -> denied
    identities: Mapping[str, str] = field(default_factory=dict)  # STIX identity -> member id
    names: Mapping[str, str] = field(default_factory=dict)  # member id -> display name
    # member id -> the hubs where its people work (the charter's `hosts`; a member admitted
    # by governance works at the hub where its admission was moved)
    hosts: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def identity_of(self, member_id: str) -> str | None:
        for identity, member in self.identities.items():
            if member == member_id:
                return identity
        return None

    def member(self, member_id: str) -> MemberState | None:
        return self.members.get(member_id)

    def hosted_at(self, member_id: str, hub_id: str) -> bool:
        return hub_id in self.hosts.get(member_id, ())

    def denied_by(self, originator: str) -> frozenset[str] | None:
        denied = self.denies.get(originator)
        return denied if denied else None


def initial_state(charter: Charter) -> CoalitionState:
    """The state a coalition starts in: every chartered member active at its tier."""
    return CoalitionState(
        members={m.id: MemberState(m.id, m.tier) for m in charter.members},
        identities={m.identity: m.id for m in charter.members},
        names={m.id: m.name for m in charter.members},
        hosts={
            m.id: frozenset(h.id for h in charter.hubs if m.id in h.hosts) for m in charter.members
        },
    )
