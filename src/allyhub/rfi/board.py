"""One member's views of the requests: the board (a column per state), the queue (what
waits on it), and events (what changed since a cursor), as plain values a console, a
CLI or an event stream can render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from allyhub.rfi.fold import Coordination, Rfi
from allyhub.rfi.vocabulary import Assignment, Priority, RfiStatus


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    question: str
    priority: Priority
    requester: str
    status: RfiStatus
    created: int
    deadline: int | None
    due_in: int | None  # µs until the deadline; negative once past it
    tasked: tuple[tuple[str, Assignment], ...]
    answers: int  # tasked members that answered
    yours: bool  # asked by the reader's member
    your_task: Assignment | None  # the reader's member's part, when tasked
    requirement_ref: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    status: RfiStatus
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class Board:
    member: str
    columns: tuple[Column, ...]  # one per RfiStatus, in lifecycle order

    @property
    def total(self) -> int:
        return sum(len(column.cards) for column in self.columns)


@dataclass(frozen=True, slots=True)
class QueueItem:
    card: Card
    action: str  # what the member is expected to do next


@dataclass(frozen=True, slots=True)
class Queue:
    member: str
    tasked: tuple[QueueItem, ...]  # requests the member was asked to collect for
    asked: tuple[QueueItem, ...]  # the member's own requests waiting on its decision


@dataclass(frozen=True, slots=True)
class Event:
    """One change, for live notifications. `cursor` is where it landed on this hub
    (date_added): give the last one back to get only what is newer."""

    cursor: int
    rfi: str
    kind: str  # asked, routed, accepted, declined, answered, satisfied, closed
    by: str
    at: int
    members: tuple[str, ...]  # for asked and routed: the members newly tasked
    concerns_you: bool  # the reader's member asked it, or is tasked on it
    question: str
    status: RfiStatus  # the request's status now


def card(rfi: Rfi, member: str, now: int) -> Card:
    mine = rfi.tasking(member)
    return Card(
        id=rfi.id,
        question=rfi.question,
        priority=rfi.priority,
        requester=rfi.requester,
        status=rfi.status,
        created=rfi.created,
        deadline=rfi.deadline,
        due_in=rfi.deadline - now if rfi.deadline is not None else None,
        tasked=tuple((t.member, t.state) for t in rfi.taskings),
        answers=len(rfi.answered),
        yours=rfi.requester == member,
        your_task=mine.state if mine else None,
        requirement_ref=rfi.requirement_ref,
    )


def _urgency(card: Card) -> tuple[int, int, int, str]:
    deadline = card.deadline if card.deadline is not None else 2**62
    return (card.priority.rank, deadline, card.created, card.id)


def board(coordination: Coordination, member: str, now: int) -> Board:
    cards = sorted((card(r, member, now) for r in coordination.rfis.values()), key=_urgency)
    return Board(
        member=member,
        columns=tuple(
            Column(status, tuple(c for c in cards if c.status is status)) for status in RfiStatus
        ),
    )


def _asked_action(rfi: Rfi) -> str | None:
    if rfi.status is RfiStatus.OPEN:
        return "route it to members"
    if rfi.status is RfiStatus.ANSWERED:
        return "satisfy or close it"
    if rfi.status is RfiStatus.EXPIRED:
        return "close it (or ask again)"
    if rfi.taskings and all(t.state is Assignment.DECLINED for t in rfi.taskings):
        return "route it again: every tasked member declined"
    return None


def queue(coordination: Coordination, member: str, now: int) -> Queue:
    tasked: list[QueueItem] = []
    asked: list[QueueItem] = []
    for rfi in coordination.rfis.values():
        mine = rfi.tasking(member)
        # answered by another member, it still waits on this one until its requester ends it
        if mine is not None and (rfi.status.pending or rfi.status is RfiStatus.ANSWERED):
            if mine.state is Assignment.TASKED:
                tasked.append(QueueItem(card(rfi, member, now), "accept or decline"))
            elif mine.state is Assignment.ACCEPTED:
                tasked.append(QueueItem(card(rfi, member, now), "answer"))
        if rfi.requester == member and (action := _asked_action(rfi)) is not None:
            asked.append(QueueItem(card(rfi, member, now), action))
    return Queue(
        member=member,
        tasked=tuple(sorted(tasked, key=lambda i: _urgency(i.card))),
        asked=tuple(sorted(asked, key=lambda i: _urgency(i.card))),
    )


def events(
    coordination: Coordination,
    landed: Mapping[tuple[str, int], int],
    member: str,
    after: int | None = None,
) -> list[Event]:
    """The changes that landed after `after`, oldest first. `landed` maps a record
    version (id, modified) to its date_added here."""
    found: list[Event] = []
    for step in coordination.steps:
        cursor = landed.get((step.stix_id, step.version))
        rfi = coordination.rfis.get(step.rfi)
        if cursor is None or rfi is None or (after is not None and cursor <= after):
            continue
        concerned = member != step.by and (member == rfi.requester or member in rfi.tasked)
        found.append(
            Event(
                cursor,
                rfi.id,
                step.kind,
                step.by,
                step.version,
                step.members,
                concerned,
                rfi.question,
                rfi.status,
            )
        )
    return sorted(found, key=lambda e: (e.cursor, e.rfi, e.kind))
