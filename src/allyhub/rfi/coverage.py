"""Coverage: what the coalition is asked for against what its members can collect.

Demand is every request still waiting for collection (or expired without an answer, until
its requester closes it) and every active standing requirement; supply is the members'
capabilities. The figures are computed from a fold of the records one reader may see, so
a request hidden from that reader is in no count, gap, time or list here.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from allyhub.rfi.fold import Coordination, Requirement, Rfi
from allyhub.rfi.regions import Region
from allyhub.rfi.routing import Capability, Resolve
from allyhub.rfi.vocabulary import Assignment, Priority, RfiStatus


@dataclass(frozen=True, slots=True)
class Gap:
    """Something asked for that no member covers (or covers only in part)."""

    kind: str  # region, topic, discipline, domain
    ref: str  # the region or topic reference, or the word
    label: str
    wanted_by: tuple[str, ...]  # the requests and requirements that ask for it
    partly: tuple[str, ...] = ()  # members covering part of a region


@dataclass(frozen=True, slots=True)
class Overdue:
    rfi: str
    requester: str
    question: str
    priority: Priority
    deadline: int
    overdue_by: int
    waiting_on: tuple[str, ...]  # tasked members that had not answered (nor declined)


@dataclass(frozen=True, slots=True)
class Timeliness:
    """How one member answers when tasked (times are microseconds)."""

    member: str
    tasked: int
    answered: int
    declined: int
    waiting: int  # tasked on requests still waiting for collection, not yet answered
    median_to_answer: int | None
    slowest: int | None


@dataclass(frozen=True, slots=True)
class Served:
    """A standing requirement and the requests that serve it."""

    requirement: Requirement
    rfis: tuple[str, ...]
    by_status: Mapping[RfiStatus, int]


@dataclass(frozen=True, slots=True)
class Coverage:
    by_status: Mapping[RfiStatus, int]
    gaps: tuple[Gap, ...]
    overdue: tuple[Overdue, ...]
    timeliness: tuple[Timeliness, ...]
    requirements: tuple[Served, ...]
    median_first_answer: int | None  # from asking to the first answer, over answered requests

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def _demand(coordination: Coordination) -> list[tuple[str, Rfi | Requirement]]:
    """Requests still waiting for collection or expired unanswered (and not closed), and
    active standing requirements."""
    wanted: list[tuple[str, Rfi | Requirement]] = [
        (rfi.id, rfi)
        for rfi in coordination.rfis.values()
        if rfi.status.pending or rfi.status is RfiStatus.EXPIRED
    ]
    wanted += [
        (req.id, req) for req in coordination.requirements.values() if req.status == "active"
    ]
    return wanted


def _region_gaps(
    demand: list[tuple[str, Rfi | Requirement]],
    supply: Iterable[Capability],
    resolve: Resolve,
) -> list[Gap]:
    asked: dict[str, tuple[Region, list[str]]] = {}
    for ident, item in demand:
        for ref in item.region_refs:
            asked.setdefault(ref, (resolve(ref), []))[1].append(ident)
    covering = [(cap.member, region) for cap in supply for region in (*cap.regions, *cap.areas)]
    gaps: list[Gap] = []
    for ref, (region, wanted_by) in sorted(asked.items()):
        cover = {member: held.covers(region) for member, held in covering}
        if any(value == 1.0 for value in cover.values()):
            continue
        partly = tuple(sorted({member for member, value in cover.items() if value}))
        gaps.append(Gap("region", ref, region.label, tuple(wanted_by), partly))
    return gaps


def _topic_gaps(
    demand: list[tuple[str, Rfi | Requirement]],
    supply: Iterable[Capability],
    coordination: Coordination,
    names: Mapping[str, str],
) -> list[Gap]:
    followed = {topic for cap in supply for topic in cap.topics}
    followed |= {
        topic for rfi in coordination.rfis.values() if rfi.answered for topic in rfi.topic_refs
    }
    asked: dict[str, list[str]] = {}
    for ident, item in demand:
        for ref in item.topic_refs:
            asked.setdefault(ref, []).append(ident)
    return [
        Gap("topic", ref, names.get(ref, ref), tuple(wanted_by))
        for ref, wanted_by in sorted(asked.items())
        if ref not in followed
    ]


def _word_gaps(demand: list[tuple[str, Rfi | Requirement]], supply: list[Capability]) -> list[Gap]:
    gaps: list[Gap] = []
    for kind in ("discipline", "domain"):
        have = {w for cap in supply for w in getattr(cap, kind + "s")}
        asked: dict[str, list[str]] = {}
        for ident, item in demand:
            for word in getattr(item, kind + "s", ()):
                asked.setdefault(word, []).append(ident)
        gaps += [
            Gap(kind, word, word, tuple(wanted_by))
            for word, wanted_by in sorted(asked.items())
            if word not in have
        ]
    return gaps


def _timeliness(rfis: Iterable[Rfi]) -> tuple[Timeliness, ...]:
    times: dict[str, list[int]] = {}
    counts: dict[str, list[int]] = {}  # tasked, answered, declined, waiting
    for rfi in rfis:
        for t in rfi.taskings:
            count = counts.setdefault(t.member, [0, 0, 0, 0])
            count[0] += 1
            if t.answered_at is not None:
                count[1] += 1
                times.setdefault(t.member, []).append(max(0, t.answered_at - t.tasked_at))
            elif t.state is Assignment.DECLINED:
                count[2] += 1
            elif rfi.status.pending:
                count[3] += 1
    return tuple(
        Timeliness(
            member=member,
            tasked=count[0],
            answered=count[1],
            declined=count[2],
            waiting=count[3],
            median_to_answer=int(statistics.median(times[member])) if member in times else None,
            slowest=max(times[member]) if member in times else None,
        )
        for member, count in sorted(counts.items())
    )


def coverage(
    coordination: Coordination,
    supply: Mapping[str, Capability],
    resolve: Resolve,
    now: int,
    names: Mapping[str, str] | None = None,
) -> Coverage:
    """Coverage of what `coordination` holds, against the capabilities of `supply` (the
    members in good standing). `names` labels topic references the reader may see."""
    rfis = sorted(coordination.rfis.values(), key=lambda r: (r.created, r.id))
    demand = _demand(coordination)
    members = list(supply.values())
    gaps = (
        _region_gaps(demand, members, resolve)
        + _topic_gaps(demand, members, coordination, names or {})
        + _word_gaps(demand, members)
    )
    overdue = [
        Overdue(
            rfi.id,
            rfi.requester,
            rfi.question,
            rfi.priority,
            rfi.deadline,
            overdue,
            tuple(
                t.member
                for t in rfi.taskings
                if t.state in (Assignment.TASKED, Assignment.ACCEPTED)
            ),
        )
        for rfi in rfis
        if (overdue := rfi.overdue_by(now)) is not None and rfi.deadline is not None
    ]
    firsts = [
        min(t.answered_at for t in rfi.answered if t.answered_at is not None) - rfi.created
        for rfi in rfis
        if rfi.answered
    ]
    served = []
    for req in sorted(coordination.requirements.values(), key=lambda r: (r.priority.rank, r.id)):
        serving = [rfi for rfi in rfis if rfi.requirement_ref == req.id]
        served.append(
            Served(
                req,
                tuple(rfi.id for rfi in serving),
                {s: n for s in RfiStatus if (n := sum(1 for r in serving if r.status is s))},
            )
        )
    return Coverage(
        by_status={s: sum(1 for r in rfis if r.status is s) for s in RfiStatus},
        gaps=tuple(gaps),
        overdue=tuple(sorted(overdue, key=lambda o: (-o.overdue_by, o.rfi))),
        timeliness=_timeliness(rfis),
        requirements=tuple(served),
        median_first_answer=int(statistics.median([max(0, f) for f in firsts])) if firsts else None,
    )
