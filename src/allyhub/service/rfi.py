"""Requests for information: ask, route, accept, decline, answer, close; capabilities,
standing requirements; and each member's board, queue, coverage and live changes.

Every act is a STIX record made by the acting member (the request's versions by the
requester, a response by each tasked member) stored in the charter's `rfi` collection
with the labels the publish rules give it, plus an audit entry, in one transaction; so it
replicates and converges like any object. The rules are checked here first, for a clear
refusal; the fold in `allyhub.rfi` applies them again to whatever arrives from peers.

Every read starts from the records the principal may see, selected by the policy's SQL
filter, and folds only those: a request hidden from a member is in none of its lists,
counts, gaps, suggestions or events, and asking for it by id gives the same NotFound as
an id never used.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from allyhub import rfi as rules
from allyhub.charter import Collection, Tlp
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.policy.permissions import Action
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels, visible
from allyhub.records import ObjectQuery, StoredVersion, VersionMatch, VersionPick
from allyhub.rfi import (
    Assignment,
    Board,
    Capability,
    Coordination,
    Coverage,
    Event,
    Priority,
    Queue,
    Region,
    Reply,
    Requirement,
    Rfi,
    RfiStatus,
    Routing,
    Written,
)
from allyhub.service.admission import Admission, Admitted, Intake, Offer
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition, Reader
from allyhub.service.ports import Clock, ObjectStore, UnitOfWork
from allyhub.service.principals import Principal
from allyhub.stix.markings import TLP2_ID, releasability_marking
from allyhub.timestamps import format_timestamp, parse_timestamp

_ALL = VersionMatch(frozenset({VersionPick.ALL}))
_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Marking:
    """How the author marks a record: a TLP level (None: the charter's default) and the
    members it is released to (always including the author)."""

    tlp: Tlp | None = None
    release_to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """What a member asks. Regions are ISO country codes or ids of locations the asker
    may see; topics are ids of objects (entities) the asker may see."""

    question: str
    priority: Priority = Priority.MEDIUM
    deadline: int | None = None  # None: `within` from now, else by priority (docs/rfi.md)
    within: int | None = None  # µs from now, when no deadline is given
    requirement: str = ""  # the standing requirement (PIR) it serves
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    disciplines: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    task: tuple[str, ...] = ()  # members to task at once
    marking: Marking = field(default_factory=Marking)


@dataclass(frozen=True, slots=True)
class Declared:
    """A member's capabilities as it declares them; they replace the charter's."""

    disciplines: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    description: str = ""
    marking: Marking = field(default_factory=Marking)


@dataclass(frozen=True, slots=True)
class NewRequirement:
    name: str
    priority: Priority = Priority.MEDIUM
    description: str = ""
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    marking: Marking = field(default_factory=Marking)


@dataclass(frozen=True, slots=True)
class RfiView:
    """A request with its regions resolved as the reader may see them."""

    rfi: Rfi
    regions: tuple[Region, ...]


@dataclass(frozen=True, slots=True)
class MemberCapability:
    capability: Capability
    standing: Standing


@dataclass
class _View:
    """What one reader may see of the rfi collection, folded."""

    reader: Reader
    viewer: MemberState
    now: int
    coordination: Coordination
    latest: dict[str, dict[str, Any]]  # newest visible body per record id
    rows: dict[str, StoredVersion]  # newest visible version per record id
    landed: dict[tuple[str, int], int]  # (id, modified) -> date_added


class RfiService:
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

    # -- where and who ------------------------------------------------------------------

    @property
    def collection(self) -> Collection:
        found = self._coalition.charter.collection("rfi")
        if found is None:
            raise NotFound("this coalition's charter has no `rfi` collection")
        return found

    def _refuse(self, principal: Principal, reason: str, subject: str = "") -> NotPermitted:
        self._audit.record(
            Act(
                principal.id,
                principal.member,
                "rfi.refused",
                about=principal.member,
                subject=subject,
                detail={"reason": reason},
            )
        )
        return NotPermitted(reason)

    def _view(self, principal: Principal) -> _View:
        viewer = self._coalition.viewer(principal)
        if not self._coalition.can_read(viewer, self.collection):
            raise NotPermitted(f"{principal.member!r} may not read requests for information")
        reader = self._coalition.reader(principal)
        bodies: list[dict[str, Any]] = []
        latest: dict[str, dict[str, Any]] = {}
        rows: dict[str, StoredVersion] = {}
        landed: dict[tuple[str, int], int] = {}
        after: int | None = None
        while True:
            query = ObjectQuery(
                self.collection.id,
                limit=_PAGE,
                after=after,
                types=tuple(rules.RECORD_TYPES),
                versions=_ALL,
            )
            page = self._store.page(query, reader.visibility, with_body=True)
            for row in page.rows:
                body = orjson.loads(row.body or b"{}")
                bodies.append(body)
                landed[(row.stix_id, row.version)] = row.date_added
                if row.stix_id not in rows or rows[row.stix_id].version < row.version:
                    rows[row.stix_id], latest[row.stix_id] = row, body
            if not page.more:
                break
            after = page.rows[-1].date_added
        now = self._clock()
        coordination = rules.fold(bodies, self._coalition.state().identities, now)
        return _View(reader, viewer, now, coordination, latest, rows, landed)

    def _writer(self, principal: Principal, *, liaison: bool = False) -> MemberState:
        """The acting member, if it may act on requests here (policy/permissions.py)."""
        action = Action.DECLARE if liaison else Action.RFI
        return self._admission.require(principal, action, self.collection)

    def _rfi(self, view: _View, rfi_id: str) -> Rfi:
        found = view.coordination.rfis.get(rfi_id)
        if found is None:
            raise NotFound(f"no request for information {rfi_id}")
        return found

    # -- looking things up as the reader may see them -----------------------------------

    def _lookup(self, reader: Reader, ids: Iterable[str]) -> dict[str, StoredVersion]:
        """The newest visible version of each id, in any charter collection the reader may
        read (with bodies)."""
        wanted = tuple(sorted(set(ids)))
        found: dict[str, StoredVersion] = {}
        if not wanted:
            return found
        viewer = reader.viewers[0]
        for collection in self._coalition.charter.collections:
            if not self._coalition.can_read(viewer, collection):
                continue
            for start in range(0, len(wanted), 500):
                query = ObjectQuery(collection.id, limit=_PAGE, ids=wanted[start : start + 500])
                for row in self._store.page(query, reader.visibility, with_body=True).rows:
                    if row.stix_id not in found or found[row.stix_id].version < row.version:
                        found[row.stix_id] = row
        return found

    def _resolver(self, view: _View, refs: Iterable[str]) -> rules.Resolve:
        custom = [r for r in set(refs) if not rules.is_country_location(r)]
        locations = {
            ident: orjson.loads(row.body or b"{}")
            for ident, row in self._lookup(view.reader, custom).items()
        }
        return lambda ref: rules.region_of(ref, locations)

    def _all_region_refs(self, view: _View) -> set[str]:
        coordination = view.coordination
        refs = {r for rfi in coordination.rfis.values() for r in rfi.region_refs}
        refs |= {r for req in coordination.requirements.values() for r in req.region_refs}
        for declared in coordination.declarations.values():
            refs |= {*declared.region_refs, *declared.area_refs}
        return refs

    def _labels_of(self, row: StoredVersion) -> Labels:
        sets = self._store.member_sets([i for i in (row.audience, row.excluded) if i is not None])
        return Labels(
            tlp=Tlp(row.tlp),
            audience=sets[row.audience] if row.audience is not None else None,
            excluded=sets[row.excluded] if row.excluded is not None else None,
            shared_by=row.shared_by,
            origin_added=row.origin_added,
        )

    def _supply(self) -> dict[str, MemberState]:
        """Members that can be tasked: in good standing, allowed to read the collection."""
        return {
            m.member: m
            for m in self._coalition.state().members.values()
            if m.in_good_standing and self._coalition.can_read(m, self.collection)
        }

    def _capabilities(self, view: _View, resolve: rules.Resolve) -> dict[str, Capability]:
        return rules.capabilities(self._coalition.charter, view.coordination.declarations, resolve)

    # -- reads --------------------------------------------------------------------------

    def rfis(
        self, principal: Principal, status: RfiStatus | None = None, mine: bool = False
    ) -> list[RfiView]:
        """Requests the principal may see, most urgent first; `mine`: asked by its member
        or tasked to it."""
        view = self._view(principal)
        member = principal.member
        found = [
            rfi
            for rfi in view.coordination.rfis.values()
            if (status is None or rfi.status is status)
            and (not mine or rfi.requester == member or member in rfi.tasked)
        ]
        found.sort(key=lambda r: (r.priority.rank, r.deadline or 2**62, r.created, r.id))
        resolve = self._resolver(view, (ref for rfi in found for ref in rfi.region_refs))
        return [RfiView(rfi, tuple(map(resolve, rfi.region_refs))) for rfi in found]

    def get(self, principal: Principal, rfi_id: str) -> RfiView:
        view = self._view(principal)
        rfi = self._rfi(view, rfi_id)
        resolve = self._resolver(view, rfi.region_refs)
        return RfiView(rfi, tuple(map(resolve, rfi.region_refs)))

    def suggestions(self, principal: Principal, rfi_id: str) -> Routing:
        """Members the hub proposes to task, scored with reasons, from what the principal
        may see (capabilities, and the requests it can see that they answered)."""
        view = self._view(principal)
        rfi = self._rfi(view, rfi_id)
        resolve = self._resolver(view, self._all_region_refs(view))
        labels = self._labels_of(view.rows[rfi.id])
        candidates = {
            member: visible(state, labels)
            for member, state in self._supply().items()
            if member != rfi.requester
        }
        return rules.suggest(
            rfi,
            self._capabilities(view, resolve),
            candidates,
            resolve,
            view.coordination.rfis.values(),
        )

    def queue(self, principal: Principal) -> Queue:
        """What waits on the principal's member: requests it is tasked on (to accept,
        decline or answer) and its own requests waiting on its decision."""
        view = self._view(principal)
        return rules.queue(view.coordination, principal.member, view.now)

    def board(self, principal: Principal) -> Board:
        """Every request the principal may see, in a column per state."""
        view = self._view(principal)
        return rules.board(view.coordination, principal.member, view.now)

    def coverage(self, principal: Principal) -> Coverage:
        view = self._view(principal)
        resolve = self._resolver(view, self._all_region_refs(view))
        supply = self._supply()
        caps = {m: c for m, c in self._capabilities(view, resolve).items() if m in supply}
        coordination = view.coordination
        topics = {ref for rfi in coordination.rfis.values() for ref in rfi.topic_refs}
        topics |= {ref for req in coordination.requirements.values() for ref in req.topic_refs}
        names = {
            ident: str(orjson.loads(row.body or b"{}").get("name") or ident)
            for ident, row in self._lookup(view.reader, topics).items()
        }
        return rules.coverage(view.coordination, caps, resolve, view.now, names)

    def capabilities(self, principal: Principal) -> list[MemberCapability]:
        """Every member's capabilities (the charter's, or its latest declaration the
        principal may see) with its standing."""
        view = self._view(principal)
        resolve = self._resolver(view, self._all_region_refs(view))
        state = self._coalition.state()
        return [
            MemberCapability(cap, member.standing)
            for cap in self._capabilities(view, resolve).values()
            if (member := state.member(cap.member)) is not None and not member.sees_nothing
        ]

    def requirements(self, principal: Principal) -> list[Requirement]:
        view = self._view(principal)
        return sorted(
            view.coordination.requirements.values(), key=lambda r: (r.priority.rank, r.id)
        )

    def last_added(self) -> int | None:
        """Where the rfi collection stands (its newest date_added): a cheap test of whether
        anything landed since, before folding again. Never sent to anyone."""
        return self._store.last_added(self.collection.id)

    def changes(self, principal: Principal, after: int | None = None) -> list[Event]:
        """What changed since `after` (an event's cursor), oldest first: for live
        notifications. Only changes to requests the principal may see."""
        view = self._view(principal)
        return rules.events(view.coordination, view.landed, principal.member, after)

    # -- acts ---------------------------------------------------------------------------

    def ask(self, principal: Principal, question: Question) -> RfiView:
        self._writer(principal)
        view = self._view(principal)
        text = question.question.strip()
        if not text:
            raise InvalidRequest("question: say what you need to know")
        now = self._clock()
        deadline = question.deadline
        if deadline is None and question.within is not None:
            deadline = now + question.within
        if deadline is None:
            deadline = rules.default_deadline(question.priority, now)
        elif deadline <= now:
            raise InvalidRequest(f"deadline: {format_timestamp(deadline)} has passed already")
        regions = self._regions(view, question.regions)
        topics = self._topics(view, question.topics)
        if question.requirement and question.requirement not in view.coordination.requirements:
            raise NotFound(f"no standing requirement {question.requirement}")
        markings, definitions = self._markings(principal, question.marking)
        identities = self._identities(question.task)
        record = rules.rfi_record(
            ident=rules.new_id(rules.RFI),
            requester=self._identity(principal.member),
            at=now,
            question=text,
            priority=question.priority,
            deadline=deadline,
            status=Written.ROUTED if identities else Written.OPEN,
            markings=markings,
            requirement_ref=question.requirement,
            region_refs=regions,
            topic_refs=topics,
            disciplines=self._terms(question.disciplines),
            domains=self._terms(question.domains),
            tasked_refs=identities,
        )
        self._write(
            principal,
            record,
            "rfi.ask",
            extra=[*definitions.values()],
            check=lambda labels: self._check_tasking(principal.member, question.task, labels),
            detail={"priority": question.priority.value, "tasked": sorted(question.task)},
        )
        return self.get(principal, record["id"])

    def route(self, principal: Principal, rfi_id: str, members: Sequence[str]) -> RfiView:
        """Task (more) members: a new version of the request by its requester."""
        self._writer(principal)
        view = self._view(principal)
        rfi = self._rfi(view, rfi_id)
        self._own(principal, rfi, "route")
        self._still_open(rfi)
        new = sorted(set(members) - set(rfi.tasked))
        if not new:
            raise InvalidRequest("name at least one member not tasked already")
        body = view.latest[rfi.id]
        now = self._next(rfi.modified)
        record = rules.revise(
            body,
            now,
            status=Written.ROUTED.value,
            tasked_refs=self._identities((*rfi.tasked, *new)),
        )
        self._write(
            principal,
            record,
            "rfi.route",
            detail={"tasked": new},
            check=lambda labels: self._check_tasking(principal.member, new, labels),
        )
        return self.get(principal, rfi_id)

    def respond(
        self,
        principal: Principal,
        rfi_id: str,
        reply: Reply,
        answer_refs: Sequence[str] = (),
        comment: str = "",
    ) -> RfiView:
        """A tasked member accepts, declines or answers (with links to its own reports,
        sightings or notes), as a new version of its response."""
        self._writer(principal)
        view = self._view(principal)
        rfi = self._rfi(view, rfi_id)
        mine = rfi.tasking(principal.member)
        if mine is None:
            raise self._refuse(principal, _not_tasked(principal, rfi), rfi_id)
        self._still_open(rfi)
        problem = _reply_problem(principal, rfi, reply)
        if problem:
            raise InvalidRequest(problem)
        refs: list[str] = []
        if reply is Reply.ANSWERED:
            refs = [*mine.answer_refs, *(r for r in answer_refs if r not in mine.answer_refs)]
            if len(refs) == len(mine.answer_refs):
                raise InvalidRequest("answer_refs: link the reports, sightings or notes you shared")
            self._check_answers(view, rfi, refs[len(mine.answer_refs) :])
        ident = rules.response_id(rfi.id, principal.member)
        previous = view.latest.get(ident)
        created = parse_timestamp(previous["created"]) if previous else self._clock()
        modified = self._next(parse_timestamp(previous["modified"])) if previous else created
        markings, definitions = self._response_markings(principal, view, rfi, refs)
        record = rules.response_record(
            rfi_ref=rfi.id,
            member=principal.member,
            responder=self._identity(principal.member),
            created=created,
            modified=modified,
            reply=reply,
            markings=markings,
            answer_refs=refs,
            comment=comment.strip(),
        )
        requester = self._coalition.state().member(rfi.requester)

        def seen_by_requester(labels: Labels) -> None:
            if requester is None or not visible(requester, labels):
                raise InvalidRequest(f"{rfi.requester!r} would not see your response")

        act = {Reply.ACCEPTED: "rfi.accept", Reply.DECLINED: "rfi.decline"}.get(reply, "rfi.answer")
        self._write(
            principal,
            record,
            act,
            extra=list(definitions.values()),
            check=seen_by_requester,
            detail={"rfi": rfi.id, "answer_refs": refs},
            reply=True,
        )
        return self.get(principal, rfi_id)

    def _response_markings(
        self, principal: Principal, view: _View, rfi: Rfi, answer_refs: Sequence[str]
    ) -> tuple[list[str], dict[str, dict[str, Any]]]:
        """A response is released to exactly the members who may see its request and
        every report it links (the request's TLP, and a list naming them). So it never
        reaches a member the request or an answer is hidden from (a narrower list, a
        deny list), while those who see the request but not the answer still see the
        earlier versions (accepted); and it always reaches the requester, even an
        associate asking under AMBER, which it sees as the originator."""
        labels = self._labels_of(view.rows[rfi.id])
        answers = [self._labels_of(row) for row in self._lookup(view.reader, answer_refs).values()]
        if labels.tlp is Tlp.CLEAR and all(a.tlp is Tlp.CLEAR for a in answers):
            return [TLP2_ID[Tlp.CLEAR]], {}
        audience = [
            member
            for member, state in self._coalition.state().members.items()
            if visible(state, labels) and all(visible(state, a) for a in answers)
        ]
        definition = releasability_marking(
            self._identities(audience), self._identity(principal.member)
        )
        tlp = max(labels.tlp, Tlp.GREEN)  # CLEAR would ignore the list
        return [TLP2_ID[tlp], definition["id"]], {definition["id"]: definition}

    def close(
        self, principal: Principal, rfi_id: str, satisfied: bool, resolution: str = ""
    ) -> RfiView:
        """The requester ends its request: satisfied by the answers, or closed."""
        self._writer(principal)
        view = self._view(principal)
        rfi = self._rfi(view, rfi_id)
        self._own(principal, rfi, "close")
        problem = _close_problem(rfi, satisfied)
        if problem:
            raise InvalidRequest(problem)
        written = Written.SATISFIED if satisfied else Written.CLOSED
        now = self._next(rfi.modified)
        record = rules.revise(
            view.latest[rfi.id], now, status=written.value, resolution=resolution.strip()
        )
        act = f"rfi.{'satisfy' if satisfied else 'close'}"
        self._write(principal, record, act, detail={"rfi": rfi.id})
        return self.get(principal, rfi_id)

    def declare(self, principal: Principal, declared: Declared) -> list[MemberCapability]:
        """A member's liaison declares what it can collect, where, and where it is
        responsible; the declaration replaces the charter's (and earlier ones)."""
        self._writer(principal, liaison=True)
        view = self._view(principal)
        regions = self._regions(view, declared.regions)
        areas = self._regions(view, declared.areas)
        ident = rules.capability_id(principal.member)
        previous = view.latest.get(ident)
        created = parse_timestamp(previous["created"]) if previous else self._clock()
        modified = self._next(parse_timestamp(previous["modified"])) if previous else created
        markings, definitions = self._markings(principal, declared.marking)
        record = rules.capability_record(
            member=principal.member,
            declarer=self._identity(principal.member),
            created=created,
            modified=modified,
            markings=markings,
            disciplines=self._terms(declared.disciplines),
            domains=self._terms(declared.domains),
            region_refs=regions,
            area_refs=areas,
            topic_refs=self._topics(view, declared.topics),
            description=declared.description.strip(),
        )
        self._write(
            principal,
            record,
            "rfi.capabilities",
            extra=[*definitions.values()],
            action=Action.DECLARE,
        )
        return self.capabilities(principal)

    def add_requirement(self, principal: Principal, new: NewRequirement) -> Requirement:
        """State a standing intelligence requirement (PIR) that requests may serve."""
        self._writer(principal)
        view = self._view(principal)
        if not new.name.strip():
            raise InvalidRequest("name: say what the requirement is")
        regions = self._regions(view, new.regions)
        markings, definitions = self._markings(principal, new.marking)
        now = self._clock()
        record = rules.requirement_record(
            ident=rules.new_id(rules.REQUIREMENT),
            creator=self._identity(principal.member),
            at=now,
            name=new.name.strip(),
            priority=new.priority,
            markings=markings,
            description=new.description.strip(),
            region_refs=regions,
            topic_refs=self._topics(view, new.topics),
        )
        self._write(
            principal,
            record,
            "rfi.requirement",
            extra=[*definitions.values()],
        )
        return self._view(principal).coordination.requirements[record["id"]]

    # -- the rules of acts --------------------------------------------------------------

    def allowed(self, principal: Principal, rfi: Rfi) -> dict[RfiAct, str]:
        """What the principal may do to this request now: each act, with "" when it may,
        or the reason it may not. The same checks the acts below enforce, so the console
        offers a button only where the act would pass (ask: `may_ask`)."""
        decision = self._coalition.allowed(principal, Action.RFI, self.collection)
        found: dict[RfiAct, str] = {}
        for act in RfiAct:
            if not decision:
                found[act] = decision.reason
            elif act in _REQUESTER_ACTS:
                state = (
                    _open_problem(rfi)
                    if act is RfiAct.ROUTE
                    else _close_problem(rfi, act is RfiAct.SATISFY)
                )
                found[act] = _own_problem(principal, rfi, act.value) or state
            else:
                found[act] = _open_problem(rfi) or _reply_problem(principal, rfi, _REPLIES[act])
        return found

    def may_ask(self, principal: Principal) -> str:
        """ "" when the principal may ask a request here, else why not."""
        return self._coalition.allowed(principal, Action.RFI, self.collection).reason

    def _own(self, principal: Principal, rfi: Rfi, act: str) -> None:
        problem = _own_problem(principal, rfi, act)
        if problem:
            raise self._refuse(principal, problem, rfi.id)

    def _still_open(self, rfi: Rfi) -> None:
        problem = _open_problem(rfi)
        if problem:
            raise InvalidRequest(problem)

    def _check_tasking(self, requester: str, members: Iterable[str], labels: Labels) -> None:
        """Tasked members must be able to act on the request and to see it: tasking a
        member the request is not released to is refused, never a silent release."""
        supply = self._supply()
        for member in sorted(set(members)):
            if member == requester:
                raise InvalidRequest("a member does not task itself")
            state = supply.get(member)
            if state is None:
                raise InvalidRequest(
                    f"{member!r} cannot be tasked: it is not a member in good standing that "
                    "reads requests for information"
                )
            if not visible(state, labels):
                raise InvalidRequest(
                    f"{member!r} may not see this request (its markings do not release it "
                    f"to {member!r}); ask again with markings that include it"
                )

    def _check_answers(self, view: _View, rfi: Rfi, refs: Sequence[str]) -> None:
        found = self._lookup(view.reader, refs)
        requester = self._coalition.state().member(rfi.requester)
        for ref in refs:
            row = found.get(ref)
            kind = ref.split("--", 1)[0]
            if row is None or kind not in rules.ANSWER_TYPES:
                raise InvalidRequest(
                    f"answer_refs: {ref} is not a report, sighting or note you can see"
                )
            if row.shared_by != view.viewer.member:
                raise InvalidRequest(f"answer_refs: {ref} is not yours; link what you shared")
            if requester is None or not visible(requester, self._labels_of(row)):
                raise InvalidRequest(
                    f"answer_refs: {rfi.requester!r} may not see {ref}; share it released "
                    f"to {rfi.requester!r} first"
                )

    # -- building records ---------------------------------------------------------------

    def _identity(self, member: str) -> str:
        identity = self._coalition.state().identity_of(member)
        if identity is None:
            raise InvalidRequest(f"{member!r} is not a member of the coalition")
        return identity

    def _identities(self, members: Iterable[str]) -> list[str]:
        return [self._identity(m) for m in sorted(set(members))]

    def _terms(self, words: Iterable[str]) -> tuple[str, ...]:
        try:
            return rules.terms(words)
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from None

    def _next(self, previous: int) -> int:
        """A new version's `modified`: now, and always after the previous version."""
        return max(self._clock(), previous + 1)

    def _regions(self, view: _View, texts: Iterable[str]) -> list[str]:
        """Region references. Country locations are the hub's definitions, published at
        start (`SharingService.publish_definitions`): nothing is stored with a request."""
        refs: list[str] = []
        custom = [t for t in texts if t.startswith("location--")]
        seen = self._lookup(view.reader, [t for t in custom if not rules.is_country_location(t)])
        for text in texts:
            if text.startswith("location--"):
                if not rules.is_country_location(text) and text not in seen:
                    raise NotFound(f"regions: no location {text} that you can see")
                ref = text
            else:
                try:
                    place = rules.country_location(text)
                except ValueError as exc:
                    raise InvalidRequest(f"regions: {exc}") from None
                ref = place["id"]
            if ref not in refs:
                refs.append(ref)
        return refs

    def _topics(self, view: _View, topics: Iterable[str]) -> list[str]:
        wanted = list(dict.fromkeys(topics))
        found = self._lookup(view.reader, wanted)
        missing = [t for t in wanted if t not in found]
        if missing:
            raise NotFound(f"topics: no object {missing[0]} that you can see")
        return wanted

    def _markings(
        self, principal: Principal, marking: Marking
    ) -> tuple[list[str], dict[str, dict[str, Any]]]:
        """Marking refs for a record, and the releasability definition to store with it."""
        tlp = (
            marking.tlp
            if marking.tlp is not None
            else self._coalition.charter.rules.default_marking
        )
        refs = [TLP2_ID[tlp]]
        definitions: dict[str, dict[str, Any]] = {}
        if marking.release_to and tlp is not Tlp.CLEAR:
            identities = self._identities({*marking.release_to, principal.member})
            definition = releasability_marking(identities, self._identity(principal.member))
            refs.append(definition["id"])
            definitions[definition["id"]] = definition
        return refs, definitions

    # -- writing ------------------------------------------------------------------------

    def _write(
        self,
        principal: Principal,
        record: dict[str, Any],
        act: str,
        *,
        extra: Sequence[dict[str, Any]] = (),
        check: Callable[[Labels], None] | None = None,
        detail: dict[str, Any] | None = None,
        action: Action = Action.RFI,
        reply: bool = False,
    ) -> None:
        """Store a record with the release list it refers to, and its audit entry, in one
        transaction, through the admission step. The labels come from the publish rules;
        `check` may refuse the record's labels before anything is stored. The hub's
        country locations are never stored here: they are its definitions."""
        offers = [*(Offer(obj) for obj in extra), Offer(record)]

        def checked(obj: Mapping[str, Any], labels: Labels) -> None:
            if check is not None and obj["id"] == record["id"]:
                check(labels)

        state = record.get("status") or record.get("response") or ""
        entry = Act(
            principal.id,
            principal.member,
            act,
            about=principal.member,
            subject=record["id"],
            detail={"status": state, **(detail or {})},
        )

        def audit(writer: UnitOfWork, _admitted: Admitted) -> None:
            self._audit.append(writer, entry)

        admitted = self._admission.local(
            principal,
            self.collection,
            offers,
            kind=Intake.RFI,
            action=action,
            check=checked,
            then=audit,
            deny_lists=False if reply else None,
        )
        if admitted.refusals:
            raise InvalidRequest(f"{admitted.refusals[0].id}: {admitted.refusals[0].message}")


class RfiAct(enum.StrEnum):
    """What a member does to a request, as the console offers it."""

    ROUTE = "route"
    CLOSE = "close"
    SATISFY = "satisfy"
    ACCEPT = "accept"
    DECLINE = "decline"
    ANSWER = "answer"


_REQUESTER_ACTS = frozenset({RfiAct.ROUTE, RfiAct.CLOSE, RfiAct.SATISFY})
_REPLIES = {
    RfiAct.ACCEPT: Reply.ACCEPTED,
    RfiAct.DECLINE: Reply.DECLINED,
    RfiAct.ANSWER: Reply.ANSWERED,
}


def _own_problem(principal: Principal, rfi: Rfi, act: str) -> str:
    if rfi.requester != principal.member:
        return f"only the requester ({rfi.requester!r}) may {act} {rfi.id}"
    return ""


def _open_problem(rfi: Rfi) -> str:
    if rfi.written in rules.TERMINAL:
        return f"{rfi.id} is {rfi.status}"
    if rfi.status is RfiStatus.EXPIRED and rfi.deadline is not None:
        return (
            f"{rfi.id} expired at {format_timestamp(rfi.deadline)}; its requester may "
            "close it or ask again"
        )
    return ""


def _close_problem(rfi: Rfi, satisfied: bool) -> str:
    if rfi.written in rules.TERMINAL:
        return f"{rfi.id} is {rfi.status} already"
    if satisfied and not rfi.answered:
        return f"{rfi.id} has no answer yet: close it instead"
    return ""


def _not_tasked(principal: Principal, rfi: Rfi) -> str:
    return (
        f"{principal.member!r} is not tasked on {rfi.id}: only a tasked member accepts, "
        "declines or answers"
    )


def _reply_problem(principal: Principal, rfi: Rfi, reply: Reply) -> str:
    mine = rfi.tasking(principal.member)
    if mine is None:
        return _not_tasked(principal, rfi)
    if mine.state is Assignment.DECLINED:
        return f"{principal.member!r} declined {rfi.id} already"
    if mine.state is Assignment.ANSWERED and reply is not Reply.ANSWERED:
        return f"{principal.member!r} answered {rfi.id} already"
    return ""
