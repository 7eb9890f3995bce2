"""Request and response bodies of the RFI API (pydantic, for validation and OpenAPI)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from allyhub import errors
from allyhub.charter import Tlp
from allyhub.rfi import (
    Assignment,
    Board,
    Capability,
    Card,
    Coverage,
    Event,
    Priority,
    Queue,
    Region,
    Requirement,
    RfiStatus,
    Routing,
)
from allyhub.service import Marking, MemberCapability, RfiView
from allyhub.timestamps import format_timestamp, parse_timestamp

_SECOND = 1_000_000
_DURATION = re.compile(r"(\d+)\s*([dhm])\Z")
_UNITS = {"d": 86_400 * _SECOND, "h": 3_600 * _SECOND, "m": 60 * _SECOND}


def _time(micros: int | None) -> str | None:
    return format_timestamp(micros) if micros is not None else None


def _seconds(micros: int | None) -> int | None:
    return micros // _SECOND if micros is not None else None


def timestamp(value: str | None, field: str) -> int | None:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise errors.InvalidRequest(f"{field}: {exc}") from None


def duration(value: str) -> int:
    """`36h`, `3d`, `90m` → microseconds."""
    match = _DURATION.match(value.strip().lower())
    if match is None:
        raise errors.InvalidRequest(f"within: {value!r} is not a duration like 36h, 3d or 90m")
    return int(match.group(1)) * _UNITS[match.group(2)]


class MarkingIn(BaseModel):
    tlp: str | None = Field(
        None, description="clear, green, amber, amber+strict or red; default: the charter's"
    )
    release_to: list[str] = Field(
        default_factory=list, description="Member ids it is released to (you always are)"
    )

    def marking(self) -> Marking:
        try:
            tlp = Tlp.from_label(self.tlp) if self.tlp else None
        except ValueError as exc:
            raise errors.InvalidRequest(f"tlp: {exc}") from None
        return Marking(tlp, tuple(self.release_to))


class AskIn(MarkingIn):
    question: str
    priority: Priority = Priority.MEDIUM
    deadline: str | None = Field(None, description="RFC 3339 timestamp")
    within: str | None = Field(None, description="Or a time from now: 36h, 3d, 90m")
    requirement: str = Field("", description="The standing requirement (PIR) it serves")
    regions: list[str] = Field(
        default_factory=list, description="ISO country codes (SY) or location ids you may see"
    )
    topics: list[str] = Field(default_factory=list, description="Ids of entities you may see")
    disciplines: list[str] = Field(
        default_factory=list, description="open-sources, human, signals, imagery, liaison..."
    )
    domains: list[str] = Field(default_factory=list, description="air, ground, maritime, cyber")
    task: list[str] = Field(default_factory=list, description="Members to task at once")


class TaskIn(BaseModel):
    members: list[str] = Field(description="Members to task (added to those tasked)")


class RfiResponseIn(BaseModel):
    response: Literal["accepted", "declined", "answered"]
    answer_refs: list[str] = Field(
        default_factory=list, description="Your shared reports, sightings or notes answering it"
    )
    comment: str = ""


class ClosureIn(BaseModel):
    outcome: Literal["satisfied", "closed"]
    resolution: str = ""


class DeclareIn(MarkingIn):
    disciplines: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list, description="Where you can collect")
    areas: list[str] = Field(default_factory=list, description="Your areas of responsibility")
    topics: list[str] = Field(default_factory=list, description="Entities you follow")
    description: str = ""


class RequirementIn(MarkingIn):
    name: str
    priority: Priority = Priority.MEDIUM
    description: str = ""
    regions: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)


class RegionOut(BaseModel):
    ref: str
    label: str

    @classmethod
    def of(cls, region: Region) -> RegionOut:
        return cls(ref=region.ref, label=region.label)


class TaskingOut(BaseModel):
    member: str
    state: Assignment
    tasked_at: str
    replied_at: str | None
    answered_at: str | None
    answer_refs: list[str]
    comment: str


class RfiOut(BaseModel):
    id: str
    requester: str
    question: str
    priority: Priority
    status: RfiStatus
    created: str
    modified: str
    deadline: str | None
    requirement_ref: str
    regions: list[RegionOut]
    topic_refs: list[str]
    disciplines: list[str]
    domains: list[str]
    taskings: list[TaskingOut]
    resolution: str
    closed_at: str | None
    object_marking_refs: list[str]

    @classmethod
    def of(cls, view: RfiView) -> RfiOut:
        rfi = view.rfi
        return cls(
            id=rfi.id,
            requester=rfi.requester,
            question=rfi.question,
            priority=rfi.priority,
            status=rfi.status,
            created=format_timestamp(rfi.created),
            modified=format_timestamp(rfi.modified),
            deadline=_time(rfi.deadline),
            requirement_ref=rfi.requirement_ref,
            regions=[RegionOut.of(r) for r in view.regions],
            topic_refs=list(rfi.topic_refs),
            disciplines=list(rfi.disciplines),
            domains=list(rfi.domains),
            taskings=[
                TaskingOut(
                    member=t.member,
                    state=t.state,
                    tasked_at=format_timestamp(t.tasked_at),
                    replied_at=_time(t.replied_at),
                    answered_at=_time(t.answered_at),
                    answer_refs=list(t.answer_refs),
                    comment=t.comment,
                )
                for t in rfi.taskings
            ],
            resolution=rfi.resolution,
            closed_at=_time(rfi.closed_at),
            object_marking_refs=list(rfi.markings),
        )


class SuggestionOut(BaseModel):
    member: str
    score: float
    reasons: list[str]
    may_see: bool = Field(description="The request is released to it, so it may be tasked")
    tasked: bool
    proposed: bool


class RoutingOut(BaseModel):
    rfi: str
    proposed: list[str]
    suggestions: list[SuggestionOut]

    @classmethod
    def of(cls, routing: Routing) -> RoutingOut:
        return cls(
            rfi=routing.rfi,
            proposed=list(routing.proposed),
            suggestions=[
                SuggestionOut(
                    member=s.member,
                    score=s.score,
                    reasons=list(s.reasons),
                    may_see=s.may_see,
                    tasked=s.tasked,
                    proposed=s.proposed,
                )
                for s in routing.suggestions
            ],
        )


class CardOut(BaseModel):
    id: str
    question: str
    priority: Priority
    requester: str
    status: RfiStatus
    deadline: str | None
    due_in_seconds: int | None = Field(description="Negative once the deadline has passed")
    tasked: dict[str, Assignment]
    answers: int
    yours: bool
    your_task: Assignment | None

    @classmethod
    def of(cls, card: Card) -> CardOut:
        return cls(
            id=card.id,
            question=card.question,
            priority=card.priority,
            requester=card.requester,
            status=card.status,
            deadline=_time(card.deadline),
            due_in_seconds=_seconds(card.due_in),
            tasked=dict(card.tasked),
            answers=card.answers,
            yours=card.yours,
            your_task=card.your_task,
        )


class ColumnOut(BaseModel):
    status: RfiStatus
    cards: list[CardOut]


class BoardOut(BaseModel):
    member: str
    total: int
    columns: list[ColumnOut]

    @classmethod
    def of(cls, board: Board) -> BoardOut:
        return cls(
            member=board.member,
            total=board.total,
            columns=[
                ColumnOut(status=c.status, cards=[CardOut.of(card) for card in c.cards])
                for c in board.columns
            ],
        )


class QueueItemOut(BaseModel):
    action: str
    card: CardOut


class QueueOut(BaseModel):
    member: str
    tasked: list[QueueItemOut] = Field(description="Requests your member is tasked on")
    asked: list[QueueItemOut] = Field(description="Your member's requests awaiting its decision")

    @classmethod
    def of(cls, queue: Queue) -> QueueOut:
        return cls(
            member=queue.member,
            tasked=[QueueItemOut(action=i.action, card=CardOut.of(i.card)) for i in queue.tasked],
            asked=[QueueItemOut(action=i.action, card=CardOut.of(i.card)) for i in queue.asked],
        )


class GapOut(BaseModel):
    kind: Literal["region", "topic", "discipline", "domain"]
    ref: str
    label: str
    wanted_by: list[str]
    partly: list[str]


class OverdueOut(BaseModel):
    rfi: str
    requester: str
    question: str
    priority: Priority
    deadline: str
    overdue_seconds: int
    waiting_on: list[str]


class TimelinessOut(BaseModel):
    member: str
    tasked: int
    answered: int
    declined: int
    waiting: int
    median_seconds_to_answer: int | None
    slowest_seconds: int | None


class ServedOut(BaseModel):
    requirement: str
    name: str
    owner: str
    priority: Priority
    rfis: list[str]
    by_status: dict[RfiStatus, int]


class CoverageOut(BaseModel):
    total: int
    by_status: dict[RfiStatus, int]
    gaps: list[GapOut]
    overdue: list[OverdueOut]
    timeliness: list[TimelinessOut]
    requirements: list[ServedOut]
    median_seconds_to_first_answer: int | None

    @classmethod
    def of(cls, coverage: Coverage) -> CoverageOut:
        return cls(
            total=coverage.total,
            by_status=dict(coverage.by_status),
            gaps=[
                GapOut(
                    kind=g.kind,  # type: ignore[arg-type]
                    ref=g.ref,
                    label=g.label,
                    wanted_by=list(g.wanted_by),
                    partly=list(g.partly),
                )
                for g in coverage.gaps
            ],
            overdue=[
                OverdueOut(
                    rfi=o.rfi,
                    requester=o.requester,
                    question=o.question,
                    priority=o.priority,
                    deadline=format_timestamp(o.deadline),
                    overdue_seconds=o.overdue_by // _SECOND,
                    waiting_on=list(o.waiting_on),
                )
                for o in coverage.overdue
            ],
            timeliness=[
                TimelinessOut(
                    member=t.member,
                    tasked=t.tasked,
                    answered=t.answered,
                    declined=t.declined,
                    waiting=t.waiting,
                    median_seconds_to_answer=_seconds(t.median_to_answer),
                    slowest_seconds=_seconds(t.slowest),
                )
                for t in coverage.timeliness
            ],
            requirements=[
                ServedOut(
                    requirement=s.requirement.id,
                    name=s.requirement.name,
                    owner=s.requirement.owner,
                    priority=s.requirement.priority,
                    rfis=list(s.rfis),
                    by_status=dict(s.by_status),
                )
                for s in coverage.requirements
            ],
            median_seconds_to_first_answer=_seconds(coverage.median_first_answer),
        )


class CapabilityOut(BaseModel):
    member: str
    standing: str
    disciplines: list[str]
    domains: list[str]
    regions: list[RegionOut]
    areas: list[RegionOut]
    topic_refs: list[str]
    declared: str | None = Field(description="When declared; null: from the charter")
    description: str

    @classmethod
    def of(cls, entry: MemberCapability) -> CapabilityOut:
        cap: Capability = entry.capability
        return cls(
            member=cap.member,
            standing=entry.standing,
            disciplines=list(cap.disciplines),
            domains=list(cap.domains),
            regions=[RegionOut.of(r) for r in cap.regions],
            areas=[RegionOut.of(r) for r in cap.areas],
            topic_refs=list(cap.topics),
            declared=_time(cap.declared),
            description=cap.description,
        )


class RequirementOut(BaseModel):
    id: str
    owner: str
    name: str
    priority: Priority
    status: str
    description: str
    region_refs: list[str]
    topic_refs: list[str]
    created: str
    modified: str

    @classmethod
    def of(cls, req: Requirement) -> RequirementOut:
        return cls(
            id=req.id,
            owner=req.owner,
            name=req.name,
            priority=req.priority,
            status=req.status,
            description=req.description,
            region_refs=list(req.region_refs),
            topic_refs=list(req.topic_refs),
            created=format_timestamp(req.created),
            modified=format_timestamp(req.modified),
        )


class EventOut(BaseModel):
    cursor: int
    rfi: str
    kind: str
    by: str
    at: str
    members: list[str]
    concerns_you: bool
    question: str
    status: RfiStatus

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(
            cursor=event.cursor,
            rfi=event.rfi,
            kind=event.kind,
            by=event.by,
            at=format_timestamp(event.at),
            members=list(event.members),
            concerns_you=event.concerns_you,
            question=event.question,
            status=event.status,
        )
