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

from allyhub.charter import Tier, Tlp, derived_uuid
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.policy import governance as rules
from allyhub.policy.governance import Motion, MotionKind, MotionStatus
from allyhub.policy.permissions import Action
from allyhub.policy.standing import Standing
from allyhub.service.admission import Admission, Admitted, Intake
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, ObjectStore, UnitOfWork
from allyhub.service.principals import Principal
from allyhub.stix.markings import GOVERNANCE_EXTENSION, TLP2_ID, releasability_marking
from allyhub.timestamps import format_timestamp

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
        self,
        coalition: Coalition,
        store: ObjectStore,
        clock: Clock,
        audit: AuditLog,
        admission: Admission,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._clock = clock
        self._audit = audit
        self._admission = admission

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
            )
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

    def propose(
        self,
        principal: Principal,
        kind: MotionKind,
        subject: str,
        *,
        name: str = "",
        tier: Tier = Tier.ASSOCIATE,
    ) -> Motion:
        self._admission.require(principal, Action.PROPOSE)
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
                # the new member's people will work here: peers accept its acts from here
                "subject_hub": self._coalition.hub.id,
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
            m
            for m in self._coalition.governance().motions.values()
            if m.subject == subject and m.status is MotionStatus.OPEN
        ]
        if open_:
            raise InvalidRequest(f"motion {open_[0].id} about {subject!r} is still open")
        record = self._record(
            rules.MOTION,
            principal,
            f"allyhub-motion--{uuid.uuid4()}",
            {"motion": kind.value, "subject": subject, **extra},
        )
        self._write(principal, Action.PROPOSE, record, "motion", about=subject)
        return self.motion(principal, record["id"])

    # -- who may act: one answer for the acts below and for the console's buttons --------

    def allowed(self, principal: Principal, action: Action, motion: Motion | None = None) -> bool:
        """May this principal do this (on this motion) now? The console shows a button
        only when this says yes; the acts enforce the same rules."""
        if not self._coalition.allowed(principal, action):
            return False
        if motion is None:
            return True
        if action is Action.VOTE:
            return _vote_problem(principal, motion) is None
        if action is Action.ANSWER:
            return _answer_problem(principal, motion) is None
        return True

    def vote(self, principal: Principal, motion_id: str, yes: bool) -> Motion:
        self._admission.require(principal, Action.VOTE)
        motion = self.motion(principal, motion_id)
        problem = _vote_problem(principal, motion)
        if problem is not None:
            raise problem
        vote_id = f"allyhub-vote--{uuid.uuid5(_NAMESPACE, motion_id + '/' + principal.member)}"
        record = self._record(
            rules.VOTE,
            principal,
            vote_id,
            {"motion_ref": motion_id, "vote": "yes" if yes else "no"},
        )
        self._write(principal, Action.VOTE, record, "vote", about=motion.subject)
        return self.motion(principal, motion_id)

    def respond(self, principal: Principal, motion_id: str, accept: bool) -> Motion:
        self._admission.require(principal, Action.ANSWER)
        motion = self.motion(principal, motion_id)
        problem = _answer_problem(principal, motion)
        if problem is not None:
            raise problem
        record = self._record(
            rules.RESPONSE,
            principal,
            f"allyhub-response--{uuid.uuid4()}",
            {"motion_ref": motion_id, "response": "accept" if accept else "decline"},
        )
        act = "accept" if accept else "decline"
        self._write(principal, Action.ANSWER, record, act, about=principal.member)
        return self._coalition.governance().motions[motion_id]  # a decliner sees nothing now

    def withdraw(self, principal: Principal) -> None:
        self._admission.require(principal, Action.WITHDRAW)
        record = self._record(
            rules.WITHDRAWAL,
            principal,
            f"allyhub-withdrawal--{uuid.uuid4()}",
            {"member": principal.member},
        )
        self._write(principal, Action.WITHDRAW, record, "withdraw", about=principal.member)

    def deny(self, principal: Principal, member: str, denied: bool = True) -> None:
        """Skip (or stop skipping) `member` in this member's future shares."""
        self._admission.require(principal, Action.DENY)
        if self._coalition.state().member(member) is None:
            raise NotFound(f"{member!r} is not a member")
        if member == principal.member:
            raise InvalidRequest("a member cannot deny itself")
        deny_id = f"allyhub-deny--{uuid.uuid5(_NAMESPACE, principal.member + '/' + member)}"
        record = self._record(rules.DENY, principal, deny_id, {"member": member, "denied": denied})
        act = "deny" if denied else "allow"
        self._write(principal, Action.DENY, record, act, about=member, private=True)

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
        action: Action,
        record: dict[str, Any],
        act: str,
        *,
        about: str,
        private: bool = False,
    ) -> None:
        """Store a record, released to every member still in the coalition, with its
        audit entry, in one transaction (through the admission step, like any write).

        Every hub must fold the same motions, votes and answers, so they skip no one: the
        release list is all members who see anything, and the author's deny list does not
        apply. A deny switch is `private`: released to its author alone, it reaches only
        the hubs where the author shares, which are the only ones that apply it (to the
        author's later shares); nobody else learns whom a member denies.
        """
        state = self._coalition.state()
        author = state.identity_of(principal.member) or ""
        audience = (
            [author]
            if private
            else [
                identity
                for identity, member in state.identities.items()
                if (found := state.member(member)) is not None and not found.sees_nothing
            ]
        )
        marking = releasability_marking(audience, author)
        record["object_marking_refs"] = [TLP2_ID[Tlp.AMBER], marking["id"]]
        detail = {k: v for k, v in record.items() if k not in _NOT_AUDITED}

        def audit(writer: UnitOfWork, admitted: Admitted) -> None:
            entry = Act(
                principal.id,
                principal.member,
                act,
                about=about,
                subject=record["id"],
                detail=detail,
            )
            self._audit.append(writer, entry)

        admitted = self._admission.local(
            principal,
            self._coalition.governance_collection,
            [marking, record],
            kind=Intake.GOVERNANCE,
            action=action,
            then=audit,
        )
        refused = admitted.refusals
        if refused:
            raise InvalidRequest(f"{refused[0].id}: {refused[0].message}")


def _vote_problem(principal: Principal, motion: Motion) -> Exception | None:
    """Why this principal's member may not vote on this motion (standing aside)."""
    if motion.status is not MotionStatus.OPEN:
        return InvalidRequest(f"motion {motion.id} is {motion.status}; votes are closed")
    if principal.member == motion.subject:
        return NotPermitted("a member does not vote on a motion about itself")
    return None


def _answer_problem(principal: Principal, motion: Motion) -> Exception | None:
    """Why this principal's member may not answer this invitation (standing aside)."""
    if motion.kind is not MotionKind.ADMIT or motion.subject != principal.member:
        return NotPermitted(f"{principal.member!r} was not invited by motion {motion.id}")
    if motion.status is not MotionStatus.PASSED:
        return InvalidRequest(f"motion {motion.id} is {motion.status}: there is nothing to answer")
    return None
