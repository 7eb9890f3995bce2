"""Requests for information as a fold: the visible records give each request's state.

Only the originator versions an object, so each member's acts are its own objects: the
requester versions the request (open, routed with the tasked list, satisfied or closed),
each tasked member versions its response (accepted, declined, answered with links). The
fold sorts every object's versions by `modified` (ties by canonical JSON) and applies
them by the lifecycle rules, ignoring versions that break them, so any hub holding the
same records reaches the same state whatever order they arrived in. Expiry is computed
from the deadline and `now`, never written.

The fold sees only what it is given: the service passes the records one principal may
see, so nothing here can count or describe a request that principal may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

from allyhub.rfi.records import capability_id, response_id
from allyhub.rfi.vocabulary import (
    CAPABILITY,
    RECORD_TYPES,
    REQUIREMENT,
    RESPONSE,
    RFI,
    TERMINAL,
    Assignment,
    Priority,
    Reply,
    RfiStatus,
    Written,
)
from allyhub.timestamps import parse_timestamp

_E = TypeVar("_E")
_NEXT: Mapping[Written, frozenset[Written]] = {
    Written.OPEN: frozenset({Written.OPEN, Written.ROUTED, Written.CLOSED}),
    Written.ROUTED: frozenset({Written.ROUTED, Written.SATISFIED, Written.CLOSED}),
}
_REPLIES: Mapping[Assignment, frozenset[Reply]] = {
    Assignment.TASKED: frozenset(Reply),
    Assignment.ACCEPTED: frozenset(Reply),
    Assignment.ANSWERED: frozenset({Reply.ANSWERED}),
    Assignment.DECLINED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Tasking:
    """One tasked member's part in one request."""

    member: str
    state: Assignment
    tasked_at: int
    replied_at: int | None = None  # its first reply of any kind
    answered_at: int | None = None  # its first answer
    answer_refs: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    """One applied version: who did what, when (`modified`), to which request. `stix_id`
    and `version` name the record version, so the service can find where it landed."""

    rfi: str
    stix_id: str
    version: int
    by: str
    kind: str  # asked, routed, satisfied, closed, accepted, declined, answered
    members: tuple[str, ...] = ()  # for asked and routed: the members newly tasked


@dataclass(frozen=True, slots=True)
class Rfi:
    id: str
    requester: str
    question: str
    priority: Priority
    status: RfiStatus
    written: Written
    created: int
    modified: int
    deadline: int | None
    requirement_ref: str = ""
    region_refs: tuple[str, ...] = ()
    topic_refs: tuple[str, ...] = ()
    disciplines: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    taskings: tuple[Tasking, ...] = ()
    resolution: str = ""
    closed_at: int | None = None
    markings: tuple[str, ...] = ()

    @property
    def tasked(self) -> tuple[str, ...]:
        return tuple(t.member for t in self.taskings)

    def tasking(self, member: str) -> Tasking | None:
        for tasking in self.taskings:
            if tasking.member == member:
                return tasking
        return None

    @property
    def answered(self) -> tuple[Tasking, ...]:
        return tuple(t for t in self.taskings if t.state is Assignment.ANSWERED)

    def overdue_by(self, now: int) -> int | None:
        """How long past its deadline a request still waiting for collection is."""
        if self.status is RfiStatus.EXPIRED and self.deadline is not None:
            return now - self.deadline
        return None


@dataclass(frozen=True, slots=True)
class Declaration:
    """A member's declared capabilities: they replace the charter's for that member."""

    member: str
    modified: int
    disciplines: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    region_refs: tuple[str, ...] = ()
    area_refs: tuple[str, ...] = ()
    topic_refs: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Requirement:
    """A standing intelligence requirement (PIR) stated by a member."""

    id: str
    owner: str
    name: str
    priority: Priority
    status: str
    created: int
    modified: int
    description: str = ""
    region_refs: tuple[str, ...] = ()
    topic_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coordination:
    """Everything one reader may see of the coalition's collection coordination."""

    rfis: Mapping[str, Rfi] = field(default_factory=dict)
    requirements: Mapping[str, Requirement] = field(default_factory=dict)
    declarations: Mapping[str, Declaration] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()


# -- reading record properties defensively: records from peers are validated STIX, but
#    their custom properties may hold anything ---------------------------------------


def _str(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _strs(obj: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = obj.get(key)
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(v for v in value if isinstance(v, str)))


def _time(obj: Mapping[str, Any], key: str) -> int | None:
    value = obj.get(key)
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


def _enum(kind: Callable[[str], _E], value: object) -> _E | None:
    try:
        return kind(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _versions(records: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], list[Any]]:
    """Each object's versions in canonical order, one per `modified` value."""
    groups: dict[tuple[str, str], dict[int, tuple[bytes, Mapping[str, Any]]]] = {}
    for obj in records:
        kind, ident, modified = obj.get("type"), obj.get("id"), _time(obj, "modified")
        if kind not in RECORD_TYPES or not isinstance(ident, str) or modified is None:
            continue
        body = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
        versions = groups.setdefault((str(kind), ident), {})
        if modified not in versions or body < versions[modified][0]:
            versions[modified] = (body, obj)
    return {
        key: [(modified, obj) for modified, (_, obj) in sorted(versions.items())]
        for key, versions in sorted(groups.items())
    }


@dataclass
class _Draft:
    id: str
    requester: str
    created: int
    fields: dict[str, Any]
    written: Written
    tasked_at: dict[str, int]
    modified: int
    closed_at: int | None = None


def _rfi_fields(obj: Mapping[str, Any]) -> dict[str, Any] | None:
    question = _str(obj, "question").strip()
    priority = _enum(Priority, obj.get("priority"))
    if not question or priority is None:
        return None
    return {
        "question": question,
        "priority": priority,
        "deadline": _time(obj, "deadline"),
        "requirement_ref": _str(obj, "requirement_ref"),
        "region_refs": _strs(obj, "region_refs"),
        "topic_refs": _strs(obj, "topic_refs"),
        "disciplines": _strs(obj, "disciplines"),
        "domains": _strs(obj, "domains"),
        "resolution": _str(obj, "resolution"),
        "markings": _strs(obj, "object_marking_refs"),
    }


class _Folder:
    def __init__(self, identities: Mapping[str, str]) -> None:
        self.identities = identities
        self.steps: list[Step] = []

    def member_of(self, obj: Mapping[str, Any]) -> str | None:
        return self.identities.get(_str(obj, "created_by_ref"))

    def tasked(self, obj: Mapping[str, Any], requester: str) -> set[str] | None:
        members = {self.identities.get(ref) for ref in _strs(obj, "tasked_refs")}
        if None in members:
            return None  # names someone who is not a member: the version is ignored
        return {m for m in members if m is not None} - {requester}

    def rfi(self, ident: str, versions: list[tuple[int, Mapping[str, Any]]]) -> _Draft | None:
        draft: _Draft | None = None
        for modified, obj in versions:
            member, fields = self.member_of(obj), _rfi_fields(obj)
            written = _enum(Written, obj.get("status"))
            if member is None or fields is None or written is None:
                continue
            if draft is None:
                tasked = self.tasked(obj, member)
                if (
                    tasked is None
                    or written not in _NEXT
                    or (written is Written.ROUTED) != bool(tasked)
                ):
                    continue
                created = _time(obj, "created") or modified
                draft = _Draft(ident, member, created, fields, written, {}, modified)
                self._task(draft, tasked, modified, obj, "asked")
                continue
            if member != draft.requester or draft.written in TERMINAL:
                continue
            tasked = self.tasked(obj, member)
            if tasked is None or not tasked >= draft.tasked_at.keys():
                continue
            if written not in _NEXT[draft.written] or (written is Written.OPEN and tasked):
                continue
            if written is Written.ROUTED and not tasked:
                continue
            draft.fields, draft.written, draft.modified = fields, written, modified
            if written in TERMINAL:
                draft.closed_at = modified
                self.steps.append(Step(ident, ident, modified, member, written.value))
            else:
                self._task(draft, tasked - draft.tasked_at.keys(), modified, obj, "routed")
        return draft

    def _task(
        self, draft: _Draft, new: set[str], at: int, obj: Mapping[str, Any], kind: str
    ) -> None:
        for member in new:
            draft.tasked_at[member] = at
        if new or kind == "asked":
            self.steps.append(
                Step(draft.id, draft.id, at, draft.requester, kind, tuple(sorted(new)))
            )

    def response(
        self, draft: _Draft, member: str, versions: list[tuple[int, Mapping[str, Any]]]
    ) -> Tasking:
        tasking = Tasking(member, Assignment.TASKED, draft.tasked_at[member])
        deadline = draft.fields["deadline"]
        for modified, obj in versions:
            reply = _enum(Reply, obj.get("response"))
            if self.member_of(obj) != member or _str(obj, "rfi_ref") != draft.id:
                continue
            if reply is None or reply not in _REPLIES[tasking.state]:
                continue
            if deadline is not None and modified > deadline:
                continue  # too late: the request had expired
            if draft.closed_at is not None and modified > draft.closed_at:
                continue  # the requester had already ended it
            refs = _strs(obj, "answer_refs")
            if reply is Reply.ANSWERED and not refs:
                continue
            answered_at = tasking.answered_at
            if answered_at is None and reply is Reply.ANSWERED:
                answered_at = modified
            tasking = Tasking(
                member=member,
                state=Assignment(reply.value),
                tasked_at=tasking.tasked_at,
                replied_at=tasking.replied_at if tasking.replied_at is not None else modified,
                answered_at=answered_at,
                answer_refs=refs if reply is Reply.ANSWERED else tasking.answer_refs,
                comment=_str(obj, "comment"),
            )
            self.steps.append(Step(draft.id, _str(obj, "id"), modified, member, reply.value))
        return tasking


def _status(draft: _Draft, taskings: list[Tasking], now: int) -> RfiStatus:
    if draft.written in TERMINAL:
        return RfiStatus(draft.written.value)
    if any(t.state is Assignment.ANSWERED for t in taskings):
        return RfiStatus.ANSWERED
    deadline = draft.fields["deadline"]
    if deadline is not None and now > deadline:
        return RfiStatus.EXPIRED
    if any(t.state is Assignment.ACCEPTED for t in taskings):
        return RfiStatus.ACCEPTED
    return RfiStatus.ROUTED if taskings else RfiStatus.OPEN


def fold(
    records: Iterable[Mapping[str, Any]], identities: Mapping[str, str], now: int
) -> Coordination:
    """The state of every request, requirement and declaration among `records`.

    `identities` maps STIX identity ids to member ids (records made by no member are
    ignored); `now` decides expiry.
    """
    groups = _versions(records)
    folder = _Folder(identities)
    drafts: dict[str, _Draft] = {}
    for (kind, ident), versions in groups.items():
        if kind == RFI and (draft := folder.rfi(ident, versions)) is not None:
            drafts[ident] = draft

    responses: dict[str, dict[str, Tasking]] = {ident: {} for ident in drafts}
    for (kind, ident), versions in groups.items():
        if kind != RESPONSE:
            continue
        rfi_ref = _str(versions[0][1], "rfi_ref")
        member = folder.member_of(versions[0][1])
        draft = drafts.get(rfi_ref)
        if draft is None or member is None or member not in draft.tasked_at:
            continue
        if ident != response_id(rfi_ref, member):
            continue  # one response per member and request, under its derived id
        responses[rfi_ref][member] = folder.response(draft, member, versions)

    rfis: dict[str, Rfi] = {}
    for ident, draft in drafts.items():
        taskings = [
            responses[ident].get(member, Tasking(member, Assignment.TASKED, at))
            for member, at in sorted(draft.tasked_at.items())
        ]
        rfis[ident] = Rfi(
            id=ident,
            requester=draft.requester,
            status=_status(draft, taskings, now),
            written=draft.written,
            created=draft.created,
            modified=draft.modified,
            taskings=tuple(taskings),
            closed_at=draft.closed_at,
            **draft.fields,
        )

    return Coordination(
        rfis=rfis,
        requirements=_requirements(groups, folder),
        declarations=_declarations(groups, folder),
        steps=tuple(sorted(folder.steps, key=lambda s: (s.version, s.stix_id))),
    )


def _latest_by_creator(
    versions: list[tuple[int, Mapping[str, Any]]], folder: _Folder
) -> tuple[str, int, Mapping[str, Any]] | None:
    """The newest version made by the object's first creator (only it versions it)."""
    owner = folder.member_of(versions[0][1])
    if owner is None:
        return None
    mine = [(modified, obj) for modified, obj in versions if folder.member_of(obj) == owner]
    modified, obj = mine[-1]
    return owner, modified, obj


def _requirements(
    groups: Mapping[tuple[str, str], list[tuple[int, Mapping[str, Any]]]], folder: _Folder
) -> dict[str, Requirement]:
    found: dict[str, Requirement] = {}
    for (kind, ident), versions in groups.items():
        latest = _latest_by_creator(versions, folder) if kind == REQUIREMENT else None
        if latest is None:
            continue
        owner, modified, obj = latest
        name, priority = _str(obj, "name").strip(), _enum(Priority, obj.get("priority"))
        if not name or priority is None:
            continue
        found[ident] = Requirement(
            id=ident,
            owner=owner,
            name=name,
            priority=priority,
            status=_str(obj, "status") or "active",
            created=_time(obj, "created") or modified,
            modified=modified,
            description=_str(obj, "description"),
            region_refs=_strs(obj, "region_refs"),
            topic_refs=_strs(obj, "topic_refs"),
        )
    return found


def _declarations(
    groups: Mapping[tuple[str, str], list[tuple[int, Mapping[str, Any]]]], folder: _Folder
) -> dict[str, Declaration]:
    found: dict[str, Declaration] = {}
    for (kind, ident), versions in groups.items():
        latest = _latest_by_creator(versions, folder) if kind == CAPABILITY else None
        if latest is None or ident != capability_id(latest[0]):
            continue
        member, modified, obj = latest
        found[member] = Declaration(
            member=member,
            modified=modified,
            disciplines=_strs(obj, "disciplines"),
            domains=_strs(obj, "domains"),
            region_refs=_strs(obj, "region_refs"),
            area_refs=_strs(obj, "area_refs"),
            topic_refs=_strs(obj, "topic_refs"),
            description=_str(obj, "description"),
        )
    return found
