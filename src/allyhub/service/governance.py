"""Governance acts: propose, vote, answer an invitation, withdraw, deny and re-allow.

Each act is a STIX record made by the acting member (so it replicates and converges like
any object) stored in the governance collection, plus an audit entry, in one
transaction. The rules are checked here first so that a person gets a clear refusal; the
fold in policy/governance.py applies the same rules to whatever arrives from peers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from allyhub.charter import Role, Tier, Tlp, derived_uuid
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.policy import governance as rules
from allyhub.policy.governance import Motion, MotionKind, MotionStatus
from allyhub.policy.standing import MemberState, Standing
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, ObjectStore
from allyhub.service.principals import Principal
from allyhub.service.versions import new_version
from allyhub.stix.markings import GOVERNANCE_EXTENSION
from allyhub.stix.timestamps import format_timestamp

_NOT_AUDITED = ("extensions", "spec_version")
_NAMESPACE = uuid.UUID("3c9a7e15-2b8d-5f40-9a61-7d2e4b8c0f13")


@dataclass(frozen=True, slots=True)
class MemberView:
    id: str
    name: str
    tier: Tier
    standing: Standing
    since: int | None
    identity: str
    denies: tuple[str, ...]


class GovernanceService:
    def __init__(
        self, coalition: Coalition, store: ObjectStore, clock: Clock, audit: AuditLog
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._clock = clock
        self._audit = audit

    # -- reads --------------------------------------------------------------------------

    def members(self, principal: Principal) -> list[MemberView]:
        """Every member and its standing: governance records all members can read."""
        viewer = self._coalition.viewer(principal)
        if viewer.sees_nothing:
            raise NotPermitted(f"{principal.member!r} is {viewer.standing}")
        state = self._coalition.state()
        return [
            MemberView(
                id=m.member,
                name=state.names.get(m.member, m.member),
                tier=m.tier,
                standing=m.standing,
                since=m.since,
                identity=state.identity_of(m.member) or "",
                denies=tuple(sorted(state.denies.get(m.member, ())))
                if m.member == principal.member
                else (),
            )  # fmt: skip
            for m in state.members.values()
        ]

    def motions(self, principal: Principal) -> list[Motion]:
        viewer = self._coalition.viewer(principal)
        if viewer.sees_nothing:
            raise NotPermitted(f"{principal.member!r} is {viewer.standing}")
        found = list(self._coalition.governance().motions.values())
        if viewer.tier is Tier.INVITEE:
            found = [m for m in found if m.subject == principal.member]
        return sorted(found, key=lambda m: (m.created, m.id))

    def motion(self, principal: Principal, motion_id: str) -> Motion:
        for motion in self.motions(principal):
            if motion.id == motion_id:
                return motion
        raise NotFound(f"no motion {motion_id}")

    # -- acts ---------------------------------------------------------------------------

    def _actor(self, principal: Principal, *, liaison: bool, full: bool) -> MemberState:
        viewer = self._coalition.viewer(principal)
        if liaison and principal.role is not Role.LIAISON:
            raise NotPermitted(
                f"{principal.id} is an {principal.role}: governance acts need a liaison key"
            )
        if not viewer.in_good_standing:
            raise NotPermitted(f"{principal.member!r} is {viewer.standing} and may not act")
        if full and viewer.tier is not Tier.FULL:
            raise NotPermitted(
                f"only full members may do this; {principal.member!r} is {viewer.tier}"
            )
        return viewer

    def propose(
        self,
        principal: Principal,
        kind: MotionKind,
        subject: str,
        *,
        name: str = "",
        tier: Tier = Tier.ASSOCIATE,
    ) -> Motion:
        self._actor(principal, liaison=True, full=True)
        state = self._coalition.state()
        current = state.member(subject)
        extra: dict[str, Any] = {}
        if kind is MotionKind.ADMIT:
            if current is not None and not current.sees_nothing:
                raise InvalidRequest(
                    f"{subject!r} is already a member ({current.tier}, {current.standing})"
                )
            if tier is Tier.INVITEE:
                raise InvalidRequest("admit a member as full, associate or observer")
            extra = {
                "subject_name": name or subject,
                "subject_tier": tier.value,
                "subject_identity": "identity--"
                + derived_uuid(self._coalition.charter.id, "member", subject),
            }
        else:
            if current is None:
                raise NotFound(f"{subject!r} is not a member")
            if subject == principal.member:
                raise InvalidRequest("a member cannot move a motion about itself")
            needed = {
                MotionKind.SUSPEND: (Standing.ACTIVE,),
                MotionKind.REINSTATE: (Standing.SUSPENDED,),
                MotionKind.EXPEL: (Standing.ACTIVE, Standing.SUSPENDED),
            }[kind]
            if current.standing not in needed:
                raise InvalidRequest(f"cannot {kind} {subject!r}: it is {current.standing}")
        open_ = [
            m for m in self._coalition.governance().motions.values()
            if m.subject == subject and m.status is MotionStatus.OPEN
        ]  # fmt: skip
        if open_:
            raise InvalidRequest(f"motion {open_[0].id} about {subject!r} is still open")
        record = self._record(
            rules.MOTION, principal, f"allyhub-motion--{uuid.uuid4()}",
            {"motion": kind.value, "subject": subject, **extra},
        )  # fmt: skip
        self._write(principal, record, "motion", about=subject, extra_audience={subject})
        return self.motion(principal, record["id"])

    def vote(self, principal: Principal, motion_id: str, yes: bool) -> Motion:
        self._actor(principal, liaison=True, full=True)
        motion = self.motion(principal, motion_id)
        if motion.status is not MotionStatus.OPEN:
            raise InvalidRequest(f"motion {motion_id} is {motion.status}; votes are closed")
        if principal.member == motion.subject:
            raise NotPermitted("a member does not vote on a motion about itself")
        vote_id = f"allyhub-vote--{uuid.uuid5(_NAMESPACE, motion_id + '/' + principal.member)}"
        record = self._record(
            rules.VOTE,
            principal,
            vote_id,
            {"motion_ref": motion_id, "vote": "yes" if yes else "no"},
        )
        self._write(
            principal, record, "vote", about=motion.subject, extra_audience={motion.subject}
        )
        return self.motion(principal, motion_id)

    def respond(self, principal: Principal, motion_id: str, accept: bool) -> Motion:
        viewer = self._coalition.viewer(principal)
        motion = self.motion(principal, motion_id)
        if motion.kind is not MotionKind.ADMIT or motion.subject != principal.member:
            raise NotPermitted(f"{principal.member!r} was not invited by motion {motion_id}")
        if motion.status is not MotionStatus.PASSED or viewer.tier is not Tier.INVITEE:
            raise InvalidRequest(
                f"motion {motion_id} is {motion.status}: there is nothing to answer"
            )
        record = self._record(
            rules.RESPONSE, principal, f"allyhub-response--{uuid.uuid4()}",
            {"motion_ref": motion_id, "response": "accept" if accept else "decline"},
        )  # fmt: skip
        self._write(principal, record, "accept" if accept else "decline", about=principal.member)
        return self._coalition.governance().motions[motion_id]  # a decliner sees nothing now

    def withdraw(self, principal: Principal) -> None:
        viewer = self._coalition.viewer(principal)
        if principal.role is not Role.LIAISON:
            raise NotPermitted("withdrawing needs a liaison key")
        if viewer.sees_nothing:
            raise InvalidRequest(f"{principal.member!r} is already {viewer.standing}")
        record = self._record(
            rules.WITHDRAWAL,
            principal,
            f"allyhub-withdrawal--{uuid.uuid4()}",
            {"member": principal.member},
        )
        self._write(principal, record, "withdraw", about=principal.member)

    def deny(self, principal: Principal, member: str, denied: bool = True) -> None:
        """Skip (or stop skipping) `member` in this member's future shares."""
        self._actor(principal, liaison=True, full=False)
        if self._coalition.state().member(member) is None:
            raise NotFound(f"{member!r} is not a member")
        if member == principal.member:
            raise InvalidRequest("a member cannot deny itself")
        deny_id = f"allyhub-deny--{uuid.uuid5(_NAMESPACE, principal.member + '/' + member)}"
        record = self._record(rules.DENY, principal, deny_id, {"member": member, "denied": denied})
        self._write(principal, record, "deny" if denied else "allow", about=member)

    # -- writing ------------------------------------------------------------------------

    def _record(
        self, kind: str, principal: Principal, ident: str, props: dict[str, Any]
    ) -> dict[str, Any]:
        identity = self._coalition.state().identity_of(principal.member)
        now = format_timestamp(self._clock())
        return {
            "type": kind,
            "spec_version": "2.1",
            "id": ident,
            "created": now,
            "modified": now,
            "created_by_ref": identity,
            **props,
            "extensions": {GOVERNANCE_EXTENSION: {"extension_type": "new-sdo"}},
        }

    def _write(
        self,
        principal: Principal,
        record: dict[str, Any],
        act: str,
        *,
        about: str,
        extra_audience: set[str] | None = None,
    ) -> None:
        """Store a record released to every member still in the coalition (and the
        subject of a motion), with its audit entry, in one transaction."""
        state = self._coalition.state()
        audience = {m.member for m in state.members.values() if not m.sees_nothing}
        audience |= extra_audience or set()
        collection = self._coalition.governance_collection.id
        with self._store.writing() as writer:
            now = self._clock()
            writer.add(
                [
                    new_version(
                        record,
                        collection=collection,
                        shared_by=principal.member,
                        tlp=int(Tlp.AMBER),
                        audience=frozenset(audience),
                        origin_hub=self._coalition.hub.id,
                    )  # fmt: skip
                ],
                now,
                versioned={k.stix_id for k in writer.known([record["id"]])},
            )
            self._audit.append(
                writer,
                Act(principal.id, principal.member, act, about=about, subject=record["id"],
                    detail={k: v for k, v in record.items() if k not in _NOT_AUDITED}),
            )  # fmt: skip
