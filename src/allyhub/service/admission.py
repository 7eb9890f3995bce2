"""The one admission step: every version this hub stores passes here, whoever offers it.

A member's share, a governance act, a fusion decision, a request for information, the
hub's own definitions, a page pulled from or pushed by a peer, a page of a foreign feed:
each writer shapes its records and names its audit act; this module alone asks the store
what is known and adds versions. It owns the rules every write obeys:

- validation (stix/validate.py) and canonical ids (upper-case UUIDs are lowered);
- placement: governance records, fusion decisions and requests for information live in
  their own collections, and only their own services make them here;
- provenance: a member acts only at a hub that hosts it, publishes only as itself, and
  never as the hub; a peer's record is stored only under a seal its origin hub signed
  with the key the charter pins, from a hub that hosts the author (service/seals.py);
- standing: who may act at all (policy/permissions.py, through `Coalition.require`);
- ownership: a member's versions form its own line; another member's line of the same
  id stops a share only when the sharer may see it (so a reply never reveals a hidden one);
- markings: the labels that decide who sees a version (policy/publishing.py), with the
  charter's default written into an unmarked object so it travels with it;
- references: a version may not reveal what it refers to to someone who may see it but
  not its target — judged on the targets' versions the sharer may see.

Everything the sharer may not see is treated exactly as if it did not exist, so every
answer of this step is a function of the sharer's own view.
"""

from __future__ import annotations

import base64
import binascii
import enum
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from allyhub.charter import Collection, Feed, Tlp
from allyhub.errors import NotPermitted
from allyhub.fusion.entities import DECISION
from allyhub.policy.governance import RECORD_TYPES as GOVERNANCE_TYPES
from allyhub.policy.permissions import Action
from allyhub.policy.publishing import (
    DEFINITION_TYPES,
    Publisher,
    ReferenceCheck,
    Refused,
    check_authorship,
    check_definition,
    check_grading,
    labels_for,
    mark_default,
    unowned,
)
from allyhub.policy.standing import CoalitionState, MemberState
from allyhub.policy.visibility import Labels, visible
from allyhub.provenance import Provenance, Sealed, sealed_from_wire
from allyhub.records import EVERYTHING, Known, NewVersion, SealPlace, SealRecord
from allyhub.rfi import RECORD_TYPES as RFI_TYPES
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import SYSTEM, Coalition
from allyhub.service.ports import Clock, ObjectStore, UnitOfWork
from allyhub.service.principals import Principal
from allyhub.service.seals import SealCheck, Sealer
from allyhub.service.versions import new_version, version_key
from allyhub.stix.index import canonical_references
from allyhub.stix.markings import TLP_MARKINGS, releasability_id, releasable_to
from allyhub.stix.parse import object_version
from allyhub.stix.repairs import repair
from allyhub.stix.validate import Problem, validate

log = logging.getLogger("allyhub.admission")


class Intake(enum.Enum):
    """Which writer offers the objects: it decides what types it may place where."""

    SHARE = "share"  # a member's intelligence (TAXII, console, CLI)
    GOVERNANCE = "governance"  # motions, votes, answers, withdrawals, denies
    DECISION = "decision"  # fusion decisions
    RFI = "rfi"  # requests for information, with the places and markings they name
    DEFINITIONS = "definitions"  # the hub's own marking and extension definitions


_LISTS = "marking-definition"
"""The release list a record is marked with travels in the same write."""
_KIND_TYPES: Mapping[Intake, Callable[[str], bool]] = {
    Intake.SHARE: lambda t: t not in GOVERNANCE_TYPES and t != DECISION and t not in RFI_TYPES,
    Intake.GOVERNANCE: lambda t: t in GOVERNANCE_TYPES or t == _LISTS,
    Intake.DECISION: lambda t: t == DECISION or t == _LISTS,
    Intake.RFI: lambda t: t in RFI_TYPES or t in ("location", _LISTS),
    Intake.DEFINITIONS: lambda t: t in DEFINITION_TYPES or t == "location",
}
_MADE_THROUGH = {
    **{
        t: "governance records are made through /api/motions and /api/denies"
        for t in GOVERNANCE_TYPES
    },
    DECISION: "fusion decisions are made through /api/links",
    **{t: "requests for information are made through /api/rfis" for t in RFI_TYPES},
}
_DENY_LISTS = frozenset({Intake.SHARE, Intake.RFI})
"""Kinds whose versions skip the members their author denies. Governance records and
decisions do not: every hub must fold the same governance, and a decision is released to
exactly who could see both objects."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What became of one offered object."""

    index: int
    id: str
    version: str
    refused: bool = False
    stored: bool = False  # a new version was stored (not a duplicate)
    message: str = ""
    reason: str = ""  # why it was refused, in one word: invalid, wrong_path, policy, references


@dataclass(frozen=True, slots=True)
class Admitted:
    verdicts: list[Verdict]
    rows: list[int] = field(default_factory=list)  # row numbers of the stored versions
    committed: int | None = None  # their commit's date_added

    @property
    def stored(self) -> int:
        return len(self.rows)

    @property
    def refusals(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.refused]


Then = Callable[[UnitOfWork, Admitted], None]
"""Run in the admission's transaction once the versions are added: the writer's status,
cursor and audit entry commit with them, or not at all."""


@dataclass(frozen=True, slots=True)
class Offer:
    """An object a hub's own service offers, with who authors it: the acting member, or
    the hub itself (SYSTEM) for what every hub makes the same way (country locations)."""

    obj: dict[str, Any]
    by_hub: bool = False


@dataclass
class _Candidate:
    """An object on its way in: its own checks passed, its labels not yet known."""

    index: int
    obj: dict[str, Any]
    author: str
    notes: list[str]
    refs: tuple[str, ...]  # what it is about (stix/index.py), computed once
    labels: Labels | None = None


def _describe(obj: Any, index: int) -> tuple[str, str]:
    if isinstance(obj, dict):
        ident = obj.get("id")
        return (ident if isinstance(ident, str) else f"objects[{index}]", object_version(obj))
    return f"objects[{index}]", ""


class _Refusal(Refused):
    """A refusal with its kind, for the hub's metrics (publishing's refusals are `policy`)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _refused(obj: Any, index: int, exc: Refused | str, reason: str = "policy") -> Verdict:
    ident, version = _describe(obj, index)
    kind = exc.reason if isinstance(exc, _Refusal) else reason
    return Verdict(index, ident, version, refused=True, message=str(exc), reason=kind)


def placement(obj_type: str, collection: Collection, coalition: Coalition) -> str | None:
    """Why a version of this type may not be stored in this collection, or None."""
    governance = collection.id == coalition.governance_collection.id
    if obj_type in GOVERNANCE_TYPES and not governance:
        return "type: governance records belong in the governance collection only"
    if governance and obj_type not in GOVERNANCE_TYPES and obj_type != _LISTS:
        return "type: the governance collection holds governance records only"
    decisions = collection.id == coalition.decisions_collection.id
    if obj_type == DECISION and not decisions:
        return "type: fusion decisions belong in the decisions collection only"
    if decisions and obj_type not in (DECISION, _LISTS):
        return "type: the decisions collection holds fusion decisions only"
    if obj_type in RFI_TYPES and collection.alias != "rfi":
        return "type: requests for information belong in the rfi collection only"
    definitions = collection.id == coalition.definitions_collection.id
    if definitions and obj_type not in DEFINITION_TYPES and obj_type != "location":
        return "type: the definitions collection holds the hub's own definitions only"
    return None


def labels_of(known: Known) -> Labels:
    """The policy's view of a stored version."""
    return Labels(
        Tlp(known.tlp), known.audience, known.excluded, known.shared_by, known.origin_added
    )


def _twinned(versions: Sequence[NewVersion], known: Sequence[Known]) -> set[str]:
    """Ids of which more than one member now has a line of versions in a collection."""
    authors = {v.shared_by for v in versions}
    if len(authors) == 1 and all(k.shared_by in authors for k in known):
        return set()  # the common case: one member's lines only
    sharers: dict[tuple[str, str], set[str]] = {}
    for k in known:
        sharers.setdefault((k.stix_id, k.collection), set()).add(k.shared_by)
    for v in versions:
        sharers.setdefault((v.stix_id, v.collection), set()).add(v.shared_by)
    return {key[0] for key, members in sharers.items() if len(members) > 1}


def _not_made_here(kind: Intake, obj_type: str) -> str:
    if kind is Intake.SHARE and obj_type in _MADE_THROUGH:
        return f"type: {_MADE_THROUGH[obj_type]} (the HTTP API), not shared directly"
    return f"type: a {obj_type} is not made by this act"


_HUB_MADE = frozenset({"location", *DEFINITION_TYPES})
"""What a hub makes in its own name (country locations, definitions): CLEAR, by nobody."""


class Admission:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        clock: Clock,
        audit: AuditLog,
        sealer: Sealer,
        seal_check: SealCheck,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._clock = clock
        self._audit = audit
        self._sealer = sealer
        self._seal_check = seal_check
        self._repairs = coalition.charter.rules.stix_intake == "repair"

    # -- who acts -----------------------------------------------------------------------

    def require(
        self, principal: Principal, action: Action, collection: Collection | None = None
    ) -> MemberState:
        """The acting member as it stands now, or NotPermitted with the reason (audited
        as `<action>.refused`, by and about the acting member)."""
        try:
            return self._coalition.require(principal, action, collection)
        except NotPermitted as exc:
            refusal = Act(
                principal.id,
                principal.member,
                f"{action}.refused",
                about=principal.member,
                subject=collection.id if collection else "",
                detail={"reason": exc.message},
            )
            self._audit.record(refusal)
            raise

    # -- what members and the hub's own services offer ----------------------------------

    def local(
        self,
        principal: Principal,
        collection: Collection,
        objects: Sequence[Any],
        *,
        kind: Intake,
        action: Action,
        check: Callable[[Mapping[str, Any], Labels], None] | None = None,
        then: Then | None = None,
        deny_lists: bool | None = None,
    ) -> Admitted:
        """Admit what a member's principal offers: objects parsed from its request, or
        Offers its writer built. Each object gets its verdict; `check` may refuse one of
        the member's objects by its labels (raise Refused); `then` runs in the
        transaction, after the versions are added. `deny_lists`: whether the author's
        deny list skips members (by default as the kind says; a reply addressed to one
        member, such as an RFI response, does not)."""
        author = self.require(principal, action, collection)
        denies = kind in _DENY_LISTS if deny_lists is None else deny_lists
        return self._local(author, collection, objects, kind, check, then, denies)

    def own_definitions(self, objects: Sequence[dict[str, Any]]) -> Admitted:
        """The hub's own definitions, published at start into the definitions collection
        (and the country locations requests for information name: the same on every
        hub, there from the start, so none tells when someone first named a country)."""
        offers = [Offer(obj, by_hub=True) for obj in objects]
        collection = self._coalition.definitions_collection
        return self._local(None, collection, offers, Intake.DEFINITIONS, None, None, False)

    def _local(
        self,
        author: MemberState | None,
        collection: Collection,
        objects: Sequence[Any],
        kind: Intake,
        check: Callable[[Mapping[str, Any], Labels], None] | None,
        then: Then | None,
        deny_lists: bool,
    ) -> Admitted:
        state = self._coalition.state()
        member = author.member if author is not None else SYSTEM
        verdicts: dict[int, Verdict] = {}
        candidates: list[_Candidate] = []
        for index, offered in enumerate(objects):
            by_hub = isinstance(offered, Offer) and offered.by_hub
            obj = offered.obj if isinstance(offered, Offer) else offered
            try:
                author_id = SYSTEM if by_hub else member
                candidate = self._shape(index, obj, author_id, kind, collection, state)
            except Refused as exc:
                verdicts[index] = _refused(obj, index, exc)
                continue
            candidates.append(candidate)
        definitions = self._definitions(candidates, author)
        denied = state.denied_by(member) if deny_lists else None
        # Labels carry the time they take effect from (a suspension hides what is shared
        # after it): now, which the commit's date can only follow.
        labelled = _LabelMemo(
            state, self._coalition.charter.rules.default_marking, denied, self._clock()
        )
        ready: list[_Candidate] = []
        for candidate in candidates:
            try:
                candidate.labels = labelled(candidate, definitions)
                if check is not None and candidate.author == member:
                    check(candidate.obj, candidate.labels)
            except Refused as exc:
                verdicts[candidate.index] = _refused(candidate.obj, candidate.index, str(exc))
                continue
            ready.append(candidate)
        wanted = {c.obj["id"] for c in ready} | {t for c in ready for t in c.refs}
        with self._store.writing() as writer:
            known = writer.known(wanted)
            new = self._settle(ready, known, author, collection, verdicts)
            versions = [self._version(c, collection) for c in new]
            stored = [
                Verdict(
                    c.index,
                    c.obj["id"],
                    object_version(c.obj),
                    stored=True,
                    message="; ".join(c.notes),
                )
                for c in new
            ]
            admitted = self._add(writer, versions, stored, known, verdicts, seal=True)
            if then is not None:
                then(writer, admitted)
            return admitted

    def _shape(
        self,
        index: int,
        obj: Any,
        author: str,
        kind: Intake,
        collection: Collection,
        state: CoalitionState,
    ) -> _Candidate:
        """The checks of one object on its own (no store); Refused says why it may not go."""
        notes, problems = self.checked(obj)
        if problems:
            raise _Refusal("; ".join(str(p) for p in problems[:5]), "invalid")
        obj_type = obj["type"]
        if not _KIND_TYPES[kind](obj_type):
            raise _Refusal(_not_made_here(kind, obj_type), "wrong_path")
        misplaced = placement(obj_type, collection, self._coalition)
        if misplaced:
            raise _Refusal(misplaced, "wrong_path")
        refs, lowered = canonical_references(obj)
        if lowered:
            notes.append("identifiers lower-cased (UUIDs compare in lower case)")
        if author == SYSTEM:
            if obj_type not in _HUB_MADE:
                raise Refused(f"type: a hub does not make a {obj_type} in its own name")
            default = Tlp.CLEAR
        else:
            check_authorship(obj, author, state.identities)
            default = self._coalition.charter.rules.default_marking
        check_definition(obj)
        check_grading(obj)
        if mark_default(obj, default):
            notes.append(
                f"marked TLP:{default.label.upper()}, the charter's default (it had no TLP marking)"
            )
        return _Candidate(index, obj, author, notes, refs)

    def checked(self, obj: Any) -> tuple[list[str], list[Problem]]:
        """What was repaired (in `repair` intake, only when the object breaks a rule) and
        what is still wrong with it; valid objects pass with one validation."""
        problems = validate(obj)
        if not problems or not self._repairs:
            return [], problems
        repaired = repair(obj)
        if not repaired:
            return [], problems
        return [f"repaired {note}" for note in repaired], validate(obj)

    def _definitions(
        self, candidates: Sequence[_Candidate], author: MemberState | None
    ) -> dict[str, Mapping[str, Any]]:
        """The marking definitions the candidates refer to: from the offer itself, else
        those the author may see (a release list it may not see does not exist for it)."""
        offered: dict[str, Mapping[str, Any]] = {
            c.obj["id"]: c.obj for c in candidates if c.obj.get("type") == "marking-definition"
        }
        wanted: set[str] = set()
        for candidate in candidates:
            obj = candidate.obj
            wanted.update(r for r in obj.get("object_marking_refs", ()) if isinstance(r, str))
            for granular in obj.get("granular_markings", ()):
                if isinstance(granular, dict) and isinstance(granular.get("marking_ref"), str):
                    wanted.add(granular["marking_ref"])
        missing = wanted - offered.keys() - TLP_MARKINGS.keys()
        if not missing or author is None:
            return offered
        seen = self._store.latest_visible(missing, self._coalition.visibility_of(author))
        return {**{i: orjson.loads(body) for i, (_by, body) in seen.items()}, **offered}

    def _settle(
        self,
        candidates: list[_Candidate],
        known: list[Known],
        author: MemberState | None,
        collection: Collection,
        verdicts: dict[int, Verdict],
    ) -> list[_Candidate]:
        """Duplicates, ownership and references, judged only on the author's own versions
        and on what the author may see: a hidden version changes no answer."""
        present = {(k.shared_by, k.stix_id, k.version, k.collection) for k in known}
        seen = [
            k
            for k in known
            if author is not None and not k.deleted and visible(author, labels_of(k))
        ]
        lines: dict[str, set[str]] = {}
        for k in seen:
            lines.setdefault(k.stix_id, set()).add(k.shared_by)
        own_lines = {(k.stix_id, k.shared_by) for k in known}
        kept: list[_Candidate] = []
        here: dict[tuple[str, str, int, str], dict[str, Any]] = {}
        for candidate in candidates:
            obj, ident = candidate.obj, candidate.obj["id"]
            key = (candidate.author, ident, version_key(obj), collection.id)
            first = here.get(key)
            if first is not None and _canonical(first) != _canonical(obj):
                verdicts[candidate.index] = _refused(obj, candidate.index, _TWICE, "invalid")
                continue
            here.setdefault(key, obj)
            if key in present:
                notes = "; ".join(["already present", *candidate.notes])
                verdicts[candidate.index] = Verdict(
                    candidate.index, ident, object_version(obj), message=notes
                )
                continue
            others = lines.get(ident, set()) - {candidate.author}
            own_line = (ident, candidate.author) in own_lines
            if others and not own_line and candidate.author != SYSTEM and not unowned(obj):
                verdicts[candidate.index] = _refused(
                    obj,
                    candidate.index,
                    f"id: {ident} belongs to {sorted(others)[0]!r}; only the originator may "
                    "add a version (respond with an opinion, note, sighting or relationship "
                    "of your own)",
                )
                continue
            present.add(key)
            kept.append(candidate)
        refused = self._references(kept, seen)
        for candidate in kept:
            if candidate.index in refused:
                message = refused[candidate.index]
                verdicts[candidate.index] = _refused(
                    candidate.obj, candidate.index, message, "references"
                )
        return [c for c in kept if c.index not in refused]

    def _references(self, candidates: list[_Candidate], seen: list[Known]) -> dict[int, str]:
        """The reference rule (policy/publishing.py ReferenceCheck) over the versions of
        each target the author may see, and those offered with it."""
        versions: dict[str, list[Labels]] = {}
        for k in seen:
            versions.setdefault(k.stix_id, []).append(labels_of(k))
        for candidate in candidates:
            assert candidate.labels is not None
            versions.setdefault(candidate.obj["id"], []).append(candidate.labels)
        check = ReferenceCheck(self._coalition.state().members.values())
        refused: dict[int, str] = {}
        for candidate in candidates:
            assert candidate.labels is not None
            for target in sorted(candidate.refs):
                if target in versions and target != candidate.obj["id"]:
                    try:
                        check(candidate.labels, target, tuple(versions[target]))
                    except Refused as exc:
                        refused[candidate.index] = f"references: {exc}"
                        break
        return refused

    def _version(self, candidate: _Candidate, collection: Collection) -> NewVersion:
        labels = candidate.labels
        assert labels is not None
        return new_version(
            candidate.obj,
            collection=collection.id,
            shared_by=candidate.author,
            tlp=int(labels.tlp),
            audience=labels.audience,
            excluded=labels.excluded,
            origin_hub=self._coalition.hub.id,
            refs=candidate.refs,
        )

    def _add(
        self,
        writer: UnitOfWork,
        versions: list[NewVersion],
        stored: list[Verdict],
        known: list[Known],
        verdicts: dict[int, Verdict],
        *,
        seal: bool,
    ) -> Admitted:
        """Add new versions in the writer's transaction (sealed here when `seal`); every
        offer's verdict, in the order offered (`stored`: those of the new versions)."""
        for verdict in stored:
            verdicts[verdict.index] = verdict
        ordered = [verdicts[i] for i in sorted(verdicts)]
        if not versions:
            return Admitted(ordered)
        commit = writer.take_commit(len(versions), self._clock())
        places = self._sealer.seal(versions, commit.committed) if seal else None
        rows = writer.add(
            versions,
            commit,
            versioned={k.stix_id for k in known},
            twinned=_twinned(versions, known),
            sealed=places,
        )
        return Admitted(ordered, rows, commit.committed)

    # -- what peers and feeds bring -----------------------------------------------------

    def from_peer(
        self,
        peer: str,
        collection: Collection,
        objects: Sequence[Any],
        provenance: Sequence[Any],
        signatures: Mapping[str, Any],
        then: Then | None = None,
    ) -> Admitted:
        """Admit a page a peer hub sent (pulled or pushed): each version only under a
        seal of its origin hub, which must host its author. Versions already held are
        skipped (replication is a union); `then` runs in the transaction.

        What is held already is found first, by the key it would be stored under: in a
        mesh each peer offers a hub its own versions back, and validating those again cost
        as much as storing new ones. A held version's offer is not validated (nothing is
        stored from it), but its provenance and seal are checked as a new version's are,
        so an altered or forged copy is still refused and reported."""
        state = self._coalition.state()
        verdicts: dict[int, Verdict] = {}
        offered: list[tuple[int, NewVersion]] = []
        keys = _offered_keys(objects, provenance, collection.id)
        held = self._held(keys, provenance)
        for index, (obj, origin) in enumerate(zip(objects, provenance, strict=True)):
            version = keys[index][2] if index in keys else None
            if index in held and version is not None:
                try:
                    self._held_offer(obj, origin, signatures, collection, state, version)
                    verdicts[index] = Verdict(
                        index, obj["id"], object_version(obj), message=_DUPLICATE
                    )
                except Refused as exc:
                    verdicts[index] = _refused(obj, index, str(exc))
                continue
            try:
                received = self._received(obj, origin, signatures, collection, state, version)
                offered.append((index, received))
            except Refused as exc:
                verdicts[index] = _refused(obj, index, str(exc))
        return self._store_received(offered, objects, verdicts, then, sealed=True)

    def _held(
        self, keys: Mapping[int, tuple[str, str, int, str]], provenance: Sequence[Any]
    ) -> set[int]:
        """The offers of a peer's page whose version this hub holds already, matched on
        the key the store keeps versions under (`_offered_keys`). An offer whose key cannot
        be read is not held: the full checks say what is wrong with it."""
        if not keys:
            return set()
        stored = self._store.held({(key[1], key[2]) for key in keys.values()})
        held = {index for index, key in keys.items() if key in stored}
        # Their seals were verified when they were stored (or made here): a lookup by
        # root spares the signature check, the dearest part of a held offer's.
        roots = {_seal_root(provenance[index]) for index in held} - {None}
        self._seal_check.trust(self._store.seals_held(r for r in roots if r is not None))
        return held

    def from_feed(
        self, feed: Feed, collection: Collection, objects: Sequence[Any], then: Then | None = None
    ) -> Admitted:
        """Admit a page of a foreign TAXII feed: the feed is the author, its TLP marking
        (or the feed's default, then written into the object) decides who sees each
        object; other markings name identities this coalition does not know and are not
        weighed. A feed speaks only for itself: an object naming a member (or the hub) as
        its creator, or a member's identity object, is refused as a member's would be."""
        identities = self._coalition.state().identities
        # A MISP feed's sharing groups are release lists of members, made from the
        # charter's table of MISP organisations (misp/): weighed, so they only narrow.
        weighed = feed.kind == "misp"
        publisher = Publisher(
            feed.id, "", identities if weighed else {}, feed.default_marking, None
        )
        lists = self._feed_lists(objects) if weighed else {}
        verdicts: dict[int, Verdict] = {}
        offered: list[tuple[int, NewVersion]] = []
        notes: dict[int, list[str]] = {}
        for index, obj in enumerate(objects):
            try:
                notes[index], problems = self.checked(obj)
                if problems:
                    raise Refused("; ".join(str(p) for p in problems[:3]))
                misplaced = placement(obj["type"], collection, self._coalition)
                if misplaced:
                    raise Refused(misplaced)
                check_definition(obj)
                canonical_references(obj)
                check_authorship(obj, feed.id, identities)
                mark_default(obj, feed.default_marking)  # what governs it travels with it
                labels = labels_for(obj if weighed else _tlp_only(obj), publisher, lists, 0)
            except Refused as exc:
                verdicts[index] = _refused(obj, index, str(exc))
                continue
            version = new_version(
                obj,
                collection=collection.id,
                shared_by=feed.id,
                tlp=int(labels.tlp),
                audience=labels.audience,  # a MISP sharing group's members (None otherwise)
                origin_hub=feed.id,
            )
            offered.append((index, version))
        return self._store_received(offered, objects, verdicts, then, sealed=False, notes=notes)

    def _feed_lists(self, objects: Sequence[Any]) -> dict[str, Mapping[str, Any]]:
        """The release lists a MISP feed's page refers to: those it holds (whose id is the
        one derived from their members, as every hub checks), else those stored already
        (a retry offers an object without the list its page brought). A list's id names
        its members, so who stored it does not matter, and a feed is answered nothing."""
        lists: dict[str, Mapping[str, Any]] = {}
        wanted: set[str] = set()
        for obj in objects:
            if not isinstance(obj, dict):
                continue
            members = releasable_to(obj) if obj.get("type") == "marking-definition" else None
            if members and obj.get("id") == releasability_id(members):
                lists[obj["id"]] = obj
            refs = obj.get("object_marking_refs")
            if isinstance(refs, list):
                wanted.update(r for r in refs if isinstance(r, str))
        missing = wanted - lists.keys() - TLP_MARKINGS.keys()
        if missing:
            for ref, (_by, body) in self._store.latest_visible(missing, EVERYTHING).items():
                lists.setdefault(ref, orjson.loads(body))
        return lists

    def _store_received(
        self,
        offered: list[tuple[int, NewVersion]],
        objects: Sequence[Any],
        verdicts: dict[int, Verdict],
        then: Then | None,
        *,
        sealed: bool,
        notes: Mapping[int, list[str]] | None = None,
    ) -> Admitted:
        members = {*self._coalition.state().members, SYSTEM}
        with self._store.writing() as writer:
            known = writer.known({v.stix_id for _, v in offered})
            present = {(k.shared_by, k.stix_id, k.version, k.collection) for k in known}
            # A feed adds no version to an object a member (or the hub) made here: the
            # newest version is what readers get, so it would speak in the member's name.
            # Nothing is answered to a feed, so weighing every line here reveals nothing.
            owned = {k.stix_id for k in known if k.shared_by in members} if not sealed else set()
            versions: list[NewVersion] = []
            stored: list[Verdict] = []
            here: dict[tuple[str, str, int, str], bytes] = {}
            for index, version in offered:
                key = (version.shared_by, version.stix_id, version.version, version.collection)
                text = object_version(objects[index])
                first = here.get(key)
                if first is not None and _canonical(first) != _canonical(version.body):
                    verdicts[index] = _refused(objects[index], index, _TWICE, "invalid")
                    continue
                if key in present:
                    verdicts[index] = Verdict(index, version.stix_id, text, message=_DUPLICATE)
                    continue
                if version.stix_id in owned and not unowned(objects[index]):
                    verdicts[index] = _refused(
                        objects[index],
                        index,
                        f"id: {version.stix_id} is an object of the coalition's; a feed may not "
                        "add versions of it",
                    )
                    continue
                present.add(key)
                here[key] = version.body
                versions.append(version)
                message = "; ".join((notes or {}).get(index, ()))
                stored.append(Verdict(index, version.stix_id, text, stored=True, message=message))
            # A peer's versions keep the seals their origin made (`sealed`); a feed's
            # versions have none and never leave this hub.
            admitted = self._add(writer, versions, stored, known, verdicts, seal=False)
            if then is not None:
                then(writer, admitted)
            return admitted

    def _received(
        self,
        obj: Any,
        origin: Any,
        signatures: Mapping[str, Any],
        collection: Collection,
        state: CoalitionState,
        version: int | None = None,
    ) -> NewVersion:
        """One version from a peer as it will be stored, or Refused with the reason;
        `version`, its version key when the caller has read it already."""
        problems = validate(obj)
        if problems:
            raise Refused("; ".join(str(p) for p in problems[:3]))
        misplaced = placement(obj["type"], collection, self._coalition)
        if misplaced:
            raise Refused(misplaced)
        refs, changed = canonical_references(obj)
        if changed:
            raise Refused("its identifiers are not in lower case, as its origin would store them")
        key = version_key(obj) if version is None else version
        said, sealed = self._origin(obj, origin, signatures, state, collection.id, key)
        if said.shared_by != SYSTEM:
            check_authorship(obj, said.shared_by, state.identities)
        check_definition(obj)
        stored = new_version(
            obj,
            collection=collection.id,
            version=key,
            shared_by=said.shared_by,
            tlp=said.tlp,
            audience=said.audience,
            excluded=said.excluded,
            origin_hub=said.origin_hub,
            origin_added=said.origin_added,
            refs=refs,  # the walk above found them: not walked twice
            sealed=_place(sealed),
        )
        problem = self._seal_check.problem(stored, sealed)
        if problem is not None:
            raise Refused(problem)
        return stored

    def _held_offer(
        self,
        obj: dict[str, Any],
        origin: Any,
        signatures: Mapping[str, Any],
        collection: Collection,
        state: CoalitionState,
        version: int,
    ) -> None:
        """Refused unless an offer of a version held here is what its origin sealed: its
        provenance is checked as a new version's is, and its bytes against the seal, but
        the object is not validated again (it is not stored; the held version was)."""
        said, sealed = self._origin(obj, origin, signatures, state, collection.id, version)
        problem = self._seal_check.problem_of(said, orjson.dumps(obj), sealed, held=True)
        if problem is not None:
            raise Refused(problem)

    def _origin(
        self,
        obj: Any,
        origin: Any,
        signatures: Mapping[str, Any],
        state: CoalitionState,
        collection: str,
        version: int,
    ) -> tuple[Provenance, Sealed]:
        """What a peer's provenance record says of one version, or Refused: an origin hub of
        the coalition that hosts the author, labels, an origin time and a seal."""
        if not isinstance(origin, Mapping) or origin.get("id") != obj["id"]:
            raise Refused("its provenance does not match the object")
        shared_by, origin_hub = origin.get("shared_by"), origin.get("origin_hub")
        if not isinstance(shared_by, str) or not isinstance(origin_hub, str):
            raise Refused("its provenance names no author or origin hub")
        if self._coalition.charter.hub(origin_hub) is None:
            raise Refused(f"origin_hub {origin_hub!r} is not a hub of the coalition")
        if shared_by == SYSTEM:
            if obj.get("type") not in _HUB_MADE or origin.get("tlp") != int(Tlp.CLEAR):
                raise Refused("a hub makes only CLEAR locations and definitions in its own name")
        elif state.member(shared_by) is None:
            raise Refused(f"shared_by {shared_by!r} is not a member")
        elif not state.hosted_at(shared_by, origin_hub):
            raise Refused(
                f"hub {origin_hub!r} does not host {shared_by!r}, so it cannot originate its "
                "records"
            )
        try:
            tlp = Tlp(origin["tlp"])
        except (KeyError, ValueError, TypeError):
            raise Refused("its provenance has no valid TLP level") from None
        audience, excluded = _members(origin.get("audience")), _members(origin.get("excluded"))
        if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and audience is None:
            raise Refused("AMBER+STRICT and RED need a release list")
        origin_added = origin.get("origin_added")
        if not isinstance(origin_added, int) or isinstance(origin_added, bool) or origin_added <= 0:
            raise Refused("its provenance has no origin time")
        try:
            sealed = sealed_from_wire(origin.get("seal"), signatures)
        except ValueError as exc:
            raise Refused(f"unsealed or badly sealed: {exc}") from None
        labels = (int(tlp), audience, excluded)
        return Provenance(
            obj["id"], version, collection, shared_by, origin_hub, origin_added, *labels
        ), sealed


class _LabelMemo:
    """Labels for the objects of one offer, computed once per author and distinct set of
    markings: in a feed most objects carry the same few marking combinations."""

    def __init__(
        self, state: CoalitionState, default: Tlp, denied: frozenset[str] | None, now: int
    ) -> None:
        self._state = state
        self._default = default
        self._denied = denied
        self._now = now
        self._seen: dict[object, Labels | Refused] = {}

    def __call__(
        self, candidate: _Candidate, definitions: Mapping[str, Mapping[str, Any]]
    ) -> Labels:
        obj, author = candidate.obj, candidate.author
        publisher = Publisher(
            author,
            self._state.identity_of(author) or "",
            self._state.identities,
            Tlp.CLEAR if author == SYSTEM else self._default,
            None if author == SYSTEM else self._denied,
        )
        refs = obj.get("object_marking_refs")
        if "granular_markings" in obj or obj.get("type") == "marking-definition":
            return labels_for(obj, publisher, definitions, self._now)
        key = (
            author,
            tuple(refs) if isinstance(refs, list) else refs,
            obj.get("type") in DEFINITION_TYPES,
        )
        found = self._seen.get(key)
        if found is None:
            try:
                found = labels_for(obj, publisher, definitions, self._now)
            except Refused as exc:
                found = exc
            self._seen[key] = found
        if isinstance(found, Refused):
            raise found
        return found


_TWICE = (
    "id: another object of this envelope has the same id and modified but other content; "
    "a version is one object, so give a changed object a later modified"
)


_DUPLICATE = "duplicate"


def _offered_keys(
    objects: Sequence[Any], provenance: Sequence[Any], collection: str
) -> dict[int, tuple[str, str, int, str]]:
    """index -> (author, id, version, collection) of each offer of a peer's page whose key
    can be read, as the version would be stored."""
    keys: dict[int, tuple[str, str, int, str]] = {}
    for index, (obj, origin) in enumerate(zip(objects, provenance, strict=True)):
        key = _offered_key(obj, origin, collection)
        if key is not None:
            keys[index] = key
    return keys


def _offered_key(obj: Any, origin: Any, collection: str) -> tuple[str, str, int, str] | None:
    """(author, id, version, collection) of a peer's offer, as it would be stored; None
    when any part is missing or malformed."""
    if not isinstance(obj, dict) or not isinstance(origin, Mapping):
        return None
    stix_id, shared_by = obj.get("id"), origin.get("shared_by")
    if not isinstance(stix_id, str) or not isinstance(shared_by, str):
        return None
    try:
        return shared_by, stix_id, version_key(obj), collection
    except (ValueError, TypeError):
        return None


def _place(sealed: Sealed) -> SealPlace:
    """A version's place in its seal, as the store keeps it."""
    seal = sealed.seal
    record = SealRecord(seal.hub, seal.root, seal.size, seal.signature)
    return SealPlace(record, sealed.index, b"".join(sealed.path))


def _seal_root(origin: Any) -> bytes | None:
    """The root a provenance record's seal names, or None when it names none readable."""
    seal = origin.get("seal") if isinstance(origin, Mapping) else None
    if not isinstance(seal, list) or not seal or not isinstance(seal[0], str):
        return None
    try:
        return base64.b64decode(seal[0], validate=True)
    except binascii.Error:
        return None


def _canonical(obj: Mapping[str, Any] | bytes) -> bytes:
    """One object's content in one spelling, to tell two offers of a version apart."""
    parsed = orjson.loads(obj) if isinstance(obj, bytes) else obj
    return orjson.dumps(parsed, option=orjson.OPT_SORT_KEYS)


def _members(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        raise Refused("provenance lists must be lists of member ids")
    return frozenset(value)


def _tlp_only(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A feed's other markings name identities we do not know: keep only its TLP."""
    refs = [r for r in obj.get("object_marking_refs", ()) if r in TLP_MARKINGS]
    kept = {k: v for k, v in obj.items() if k not in ("object_marking_refs", "granular_markings")}
    if refs:
        kept["object_marking_refs"] = refs
    return kept
