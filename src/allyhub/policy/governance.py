"""Governance as a fold: the charter plus every governance record gives the state now.

Records are STIX objects (motions, votes, responses, withdrawals, deny switches) made by
the member entitled to each act. Folding them in a canonical order, (created, id), gives
the same state on every hub whatever order they arrived in, so governance replicates like
any other object. Records that break a rule (a vote by a suspended member, a response by
someone not invited) are ignored by the fold and refused earlier by the service.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from allyhub.charter import Charter, Tier, Vote
from allyhub.policy.standing import CoalitionState, MemberState, Standing, initial_state
from allyhub.timestamps import parse_timestamp

MOTION = "allyhub-motion"
VOTE = "allyhub-vote"
RESPONSE = "allyhub-response"
WITHDRAWAL = "allyhub-withdrawal"
DENY = "allyhub-deny"
RECORD_TYPES = frozenset({MOTION, VOTE, RESPONSE, WITHDRAWAL, DENY})


class MotionKind(enum.StrEnum):
    ADMIT = "admit"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    EXPEL = "expel"


class MotionStatus(enum.StrEnum):
    OPEN = "open"
    PASSED = "passed"  # for admit: the invitation stands, awaiting the invitee's answer
    FAILED = "failed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class Motion:
    id: str
    kind: MotionKind
    subject: str
    proposer: str
    created: int
    status: MotionStatus = MotionStatus.OPEN
    decided: int | None = None
    votes: Mapping[str, bool] = field(default_factory=dict)
    needed: int = 0
    eligible: tuple[str, ...] = ()
    subject_name: str = ""
    subject_tier: Tier | None = None
    subject_identity: str = ""
    subject_hub: str = ""  # for admit: the hub that will host the new member


@dataclass(frozen=True, slots=True)
class Governance:
    state: CoalitionState
    motions: Mapping[str, Motion]


def _member_of(obj: Mapping[str, Any], state: _State) -> str | None:
    creator = obj.get("created_by_ref")
    return state.identities.get(creator) if isinstance(creator, str) else None


@dataclass
class _State:
    members: dict[str, MemberState]
    identities: dict[str, str]
    names: dict[str, str]
    denies: dict[str, set[str]]
    motions: dict[str, Motion]
    rules: Mapping[MotionKind, Vote]
    hosts: dict[str, frozenset[str]]

    def eligible(self, motion: Motion) -> tuple[str, ...]:
        """Full members in good standing, the motion's subject excepted."""
        return tuple(
            sorted(
                m.member
                for m in self.members.values()
                if m.tier is Tier.FULL and m.in_good_standing and m.member != motion.subject
            )
        )

    def set_standing(self, member: str, standing: Standing, at: int) -> None:
        self.members[member] = replace(self.members[member], standing=standing, since=at)


def _motion(obj: Mapping[str, Any], state: _State, at: int) -> None:
    proposer = _member_of(obj, state)
    proposer_state = state.members.get(proposer or "")
    if proposer is None or proposer_state is None:
        return
    if proposer_state.tier is not Tier.FULL or not proposer_state.in_good_standing:
        return
    try:
        kind = MotionKind(str(obj.get("motion")))
    except ValueError:
        return
    subject = obj.get("subject")
    if not isinstance(subject, str):
        return
    current = state.members.get(subject)
    if kind is MotionKind.ADMIT:
        if current is not None and not current.sees_nothing:
            return
        try:
            tier = Tier(obj.get("subject_tier", "associate"))
        except ValueError:
            return
        motion = Motion(
            id=obj["id"],
            kind=kind,
            subject=subject,
            proposer=proposer,
            created=at,
            subject_name=str(obj.get("subject_name", subject)),
            subject_tier=tier,
            subject_identity=str(obj.get("subject_identity", "")),
            subject_hub=str(obj.get("subject_hub", "")),
        )
    else:
        if current is None:
            return
        allowed = {
            MotionKind.SUSPEND: current.standing is Standing.ACTIVE,
            MotionKind.REINSTATE: current.standing is Standing.SUSPENDED,
            MotionKind.EXPEL: current.standing in (Standing.ACTIVE, Standing.SUSPENDED),
        }[kind]
        if not allowed or subject == proposer:
            return
        motion = Motion(id=obj["id"], kind=kind, subject=subject, proposer=proposer, created=at)
    state.motions[motion.id] = motion


def _apply(motion: Motion, state: _State, at: int) -> None:
    if motion.kind is MotionKind.ADMIT:
        state.members[motion.subject] = MemberState(motion.subject, Tier.INVITEE, since=at)
        if motion.subject_identity:
            state.identities[motion.subject_identity] = motion.subject
        state.names[motion.subject] = motion.subject_name
        if motion.subject_hub:
            state.hosts[motion.subject] = frozenset({motion.subject_hub})
    elif motion.kind is MotionKind.SUSPEND:
        state.set_standing(motion.subject, Standing.SUSPENDED, at)
    elif motion.kind is MotionKind.REINSTATE:
        state.set_standing(motion.subject, Standing.ACTIVE, at)
    else:
        state.set_standing(motion.subject, Standing.EXPELLED, at)


def _vote(obj: Mapping[str, Any], state: _State, at: int) -> None:
    voter = _member_of(obj, state)
    motion = state.motions.get(str(obj.get("motion_ref")))
    if voter is None or motion is None or motion.status is not MotionStatus.OPEN:
        return
    eligible = state.eligible(motion)
    if voter not in eligible or obj.get("vote") not in ("yes", "no"):
        return
    votes = {**motion.votes, voter: obj["vote"] == "yes"}
    needed = state.rules[motion.kind].needed(len(eligible))
    yes = sum(1 for member in eligible if votes.get(member) is True)
    no = sum(1 for member in eligible if votes.get(member) is False)
    status = MotionStatus.OPEN
    if yes >= needed:
        status = MotionStatus.PASSED
    elif len(eligible) - no < needed:
        status = MotionStatus.FAILED
    decided = at if status is not MotionStatus.OPEN else None
    updated = replace(
        motion, votes=votes, needed=needed, eligible=eligible, status=status, decided=decided
    )
    state.motions[motion.id] = updated
    if status is MotionStatus.PASSED:
        _apply(updated, state, at)


def _response(obj: Mapping[str, Any], state: _State, at: int) -> None:
    motion = state.motions.get(str(obj.get("motion_ref")))
    responder = _member_of(obj, state)
    if motion is None or motion.kind is not MotionKind.ADMIT:
        return
    if motion.status is not MotionStatus.PASSED or responder != motion.subject:
        return
    current = state.members.get(responder)
    if current is None or current.tier is not Tier.INVITEE or not current.in_good_standing:
        return  # a suspended or expelled invitee cannot lift that by answering
    if obj.get("response") == "accept" and motion.subject_tier is not None:
        state.members[motion.subject] = MemberState(motion.subject, motion.subject_tier, since=at)
        state.motions[motion.id] = replace(motion, status=MotionStatus.ACCEPTED)
    elif obj.get("response") == "decline":
        state.set_standing(motion.subject, Standing.DECLINED, at)
        state.motions[motion.id] = replace(motion, status=MotionStatus.DECLINED)


def _withdrawal(obj: Mapping[str, Any], state: _State, at: int) -> None:
    member = _member_of(obj, state)
    if member is not None and member in state.members and not state.members[member].sees_nothing:
        state.set_standing(member, Standing.WITHDRAWN, at)


def _deny(obj: Mapping[str, Any], state: _State) -> None:
    originator = _member_of(obj, state)
    target = obj.get("member")
    if originator is None or not isinstance(target, str) or target == originator:
        return
    denied = state.denies.setdefault(originator, set())
    if obj.get("denied") is True:
        denied.add(target)
    else:
        denied.discard(target)


def _order(obj: Mapping[str, Any]) -> tuple[int, str, int]:
    modified = obj.get("modified") or obj.get("created")
    return (parse_timestamp(obj["created"]), obj["id"], parse_timestamp(str(modified)))


def fold(charter: Charter, records: Iterable[Mapping[str, Any]]) -> Governance:
    """The coalition's state after every governance record, in canonical order.

    Deny switches are versions of one object per (originator, member): each version is
    folded in `modified` order, so the newest switch wins.
    """
    start = initial_state(charter)
    state = _State(
        members=dict(start.members),
        identities=dict(start.identities),
        names=dict(start.names),
        denies={},
        motions={},
        rules={
            MotionKind.ADMIT: charter.rules.admission,
            MotionKind.SUSPEND: charter.rules.suspension,
            MotionKind.REINSTATE: charter.rules.suspension,
            MotionKind.EXPEL: charter.rules.expulsion,
        },
        hosts=dict(start.hosts),
    )

    def sort_key(obj: Mapping[str, Any]) -> tuple[int, str, int]:
        created, ident, modified = _order(obj)
        # deny switches are ordered by their version time; everything else by creation
        return (
            (modified, ident, modified) if obj.get("type") == DENY else (created, ident, modified)
        )

    for obj in sorted((r for r in records if r.get("type") in RECORD_TYPES), key=sort_key):
        kind = obj["type"]
        at = sort_key(obj)[0]
        if kind == MOTION:
            _motion(obj, state, at)
        elif kind == VOTE:
            _vote(obj, state, at)
        elif kind == RESPONSE:
            _response(obj, state, at)
        elif kind == WITHDRAWAL:
            _withdrawal(obj, state, at)
        else:
            _deny(obj, state)
    return Governance(
        state=CoalitionState(
            members=state.members,
            denies={k: frozenset(v) for k, v in state.denies.items() if v},
            identities=state.identities,
            names=state.names,
            hosts=state.hosts,
        ),
        motions=state.motions,
    )
