"""What a member may publish, and the labels its objects get.

Pure: the service gathers the facts (the sharer's standing and deny list, the marking
definitions referenced, who owns existing versions) and asks here. A refusal is a
message for the sharer's status entry, naming the property and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from allyhub.charter import Tlp
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels, visible
from allyhub.stix import (
    ALLYHUB_IDENTITY,
    CREDIBILITY,
    GRADED_TYPES,
    RELIABILITY,
    SCO_TYPES,
    TLP2_ID,
    TLP_MARKINGS,
    grading,
    releasability_id,
    releasable_to,
)

UNOWNED_TYPES = SCO_TYPES  # an observable (a value) is no one's: several members share it
"""Cyber observables have deterministic ids and no author: anyone may share them."""

DEFINITION_TYPES = frozenset({"marking-definition", "extension-definition"})
"""Definitions are vocabulary, not intelligence: without markings of their own they are
CLEAR, so that whoever can see an object can also read the markings it carries."""


class Refused(Exception):
    """An object may not be published; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Publisher:
    """The facts about the sharing member that the rules need."""

    member: str
    identity: str
    identities: Mapping[str, str]  # STIX identity id -> member id, for every member
    default_tlp: Tlp
    denied: frozenset[str] | None  # members this originator denies now


HUB_IDENTITIES = frozenset({ALLYHUB_IDENTITY})
"""Identities of the hubs themselves: what they publish, no member may claim."""


def check_authorship(obj: Mapping[str, Any], author: str, identities: Mapping[str, str]) -> None:
    """A member publishes only objects it created (or that name no member as creator),
    and a member's identity object is that member's alone.

    `identities` maps every member's STIX identity to the member. Member identities are
    public (the charter lists them), so refusing a claim on one reveals nothing.
    """
    creator = obj.get("created_by_ref")
    if isinstance(creator, str):
        if creator in HUB_IDENTITIES:
            raise Refused("created_by_ref: names the hub's own identity, which no member may use")
        owner = identities.get(creator)
        if owner is not None and owner != author:
            raise Refused(
                f"created_by_ref: names {owner!r}'s identity; a member may publish only its own "
                "objects (respond with an opinion, note, sighting or relationship instead)"
            )
    if obj.get("type") == "identity":
        ident = obj.get("id")
        if ident in HUB_IDENTITIES:
            raise Refused("id: this is the hub's own identity; no member may publish it")
        owner = identities.get(ident) if isinstance(ident, str) else None
        if owner is not None and owner != author:
            raise Refused(f"id: {ident} is {owner!r}'s identity; only {owner!r} may publish it")


def mark_default(obj: dict[str, Any], default: Tlp) -> bool:
    """Give an object without a TLP marking the charter's default, in the object itself,
    so that every consumer downstream knows what governs it. Definitions are vocabulary
    and stay as they are. True when the marking was added."""
    if obj.get("type") in DEFINITION_TYPES:
        return False
    refs = obj.get("object_marking_refs")
    if any(ref in TLP_MARKINGS for ref in _refs(obj)):
        return False
    added = TLP2_ID[default]
    obj["object_marking_refs"] = [*refs, added] if isinstance(refs, list) else [added]
    return True


def check_definition(obj: Mapping[str, Any]) -> None:
    """A releasability marking's id must be the one derived from its list.

    That binds the id to its content: a marking id always means the same members, on
    every hub and whoever shared it first, so nobody can register another member's
    usual list id with a different audience.
    """
    if obj.get("type") != "marking-definition":
        return
    identities = releasable_to(obj)
    if identities is None:
        return
    if not identities:
        raise Refused("extensions: a releasability marking must list at least one identity")
    expected = releasability_id(identities)
    if obj.get("id") != expected:
        raise Refused(
            f"id: a releasability marking's id is derived from its list; for these members "
            f"it is {expected}"
        )


def check_grading(obj: Mapping[str, Any]) -> None:
    """Admiralty grading: source reliability A-F and information credibility 1-6, on
    reports, notes and sightings only."""
    grade = grading(obj)
    if grade is None:
        return
    if obj.get("type") not in GRADED_TYPES:
        raise Refused("extensions: Admiralty grading applies to reports, notes and sightings")
    reliability, credibility = grade
    if not isinstance(reliability, str) or len(reliability) != 1 or reliability not in RELIABILITY:
        raise Refused("extensions: source_reliability must be one letter from A to F")
    if isinstance(credibility, bool) or credibility not in CREDIBILITY:
        raise Refused("extensions: information_credibility must be a whole number from 1 to 6")


def unowned(obj: Mapping[str, Any]) -> bool:
    """Observables, TLP markings and (id-bound) releasability markings belong to nobody."""
    if obj.get("type") in UNOWNED_TYPES:
        return True
    return obj.get("type") == "marking-definition" and (
        obj.get("id") in TLP_MARKINGS or releasable_to(obj) is not None
    )


def _refs(obj: Mapping[str, Any]) -> list[str]:
    refs = [r for r in obj.get("object_marking_refs", ()) if isinstance(r, str)]
    for granular in obj.get("granular_markings", ()):
        if isinstance(granular, Mapping) and isinstance(granular.get("marking_ref"), str):
            refs.append(granular["marking_ref"])
    return refs


def labels_for(
    obj: Mapping[str, Any],
    publisher: Publisher,
    definitions: Mapping[str, Mapping[str, Any]],
    now: int,
) -> Labels:
    """The visibility labels of a new version, or Refused.

    The most restrictive TLP among object and granular markings applies to the whole
    object; several releasability lists intersect. Both choices err toward fewer readers.
    """
    listed = releasable_to(obj) if obj.get("type") == "marking-definition" else None
    if listed is not None:
        # A release list tells that restricted shares exist and to whom: only the members
        # it names (and its sharer) may see it, as only they may see what it marks.
        return Labels(
            tlp=Tlp.AMBER,
            audience=_members_of(listed, publisher, obj.get("id")),
            excluded=None,
            shared_by=publisher.member,
            origin_added=now,
        )
    tlp: Tlp | None = None
    audience: frozenset[str] | None = None
    for ref in _refs(obj):
        level = TLP_MARKINGS.get(ref)
        if level is not None:
            tlp = level if tlp is None else max(tlp, level)
            continue
        definition = definitions.get(ref)
        if definition is None:
            raise Refused(
                f"object_marking_refs: {ref} is not known to this hub; share the "
                "marking-definition first or in the same envelope"
            )
        identities = releasable_to(definition)
        if identities is None:
            continue  # a statement or other marking: carried along, no effect on who sees it
        members = _members_of(identities, publisher, ref)
        audience = members if audience is None else audience & members
    if tlp is None:
        tlp = Tlp.CLEAR if obj.get("type") in DEFINITION_TYPES else publisher.default_tlp
    if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and audience is None:
        raise Refused(
            f"object_marking_refs: TLP:{tlp.label.upper()} needs a releasability marking listing "
            "the members it is for"
        )
    if tlp is Tlp.CLEAR:
        audience = None
    return Labels(
        tlp=tlp,
        audience=audience,
        excluded=publisher.denied if tlp is not Tlp.CLEAR else None,
        shared_by=publisher.member,
        origin_added=now,
    )


def _members_of(identities: Iterable[str], publisher: Publisher, ref: object) -> frozenset[str]:
    members: set[str] = set()
    for identity in identities:
        member = publisher.identities.get(identity)
        if member is None:
            raise Refused(
                f"object_marking_refs: {ref} releases to {identity}, which is not a member "
                "of the coalition"
            )
        members.add(member)
    if not members:
        raise Refused(f"object_marking_refs: {ref} releases to nobody")
    return frozenset(members)


class ReferenceCheck:
    """A reference must not reveal its target: everyone who may see the referring object
    must also see some version of each object it refers to (else the reference alone
    tells them the target exists). Results are kept per combination of labels, as a
    share repeats few of them.

    The target's versions are judged by their markings and standing, not by their
    originator's deny list: a deny is known to its author alone, and a refusal that
    depended on it would tell the sharer that one member denied another. A denied
    member may therefore see a reference to an object it may not open, which answers as
    an id never used does (404), so it learns nothing either."""

    def __init__(self, members: Iterable[MemberState]) -> None:
        self._members = [m for m in members if not m.sees_nothing]
        # A version's time matters to `visible` only for a suspended member (it sees
        # nothing shared since); without one, versions that differ only in time are seen
        # by the same members, and one reckoning serves them all.
        self._timed = any(m.standing is Standing.SUSPENDED for m in self._members)
        self._viewers: dict[Labels, int] = {}
        self._seen: dict[tuple[Labels, tuple[Labels, ...]], str | None] = {}

    def _seen_by(self, labels: Labels) -> int:
        """The members who may see a version with these labels, as bits in the order of
        `_members`."""
        if not self._timed and labels.origin_added:
            labels = replace(labels, origin_added=0)
        found = self._viewers.get(labels)
        if found is None:
            found = sum(1 << i for i, m in enumerate(self._members) if visible(m, labels))
            self._viewers[labels] = found
        return found

    def __call__(self, labels: Labels, target_id: str, versions: tuple[Labels, ...]) -> None:
        """`versions` are the labels of every stored version of the target."""
        versions = tuple(replace(v, excluded=None) if v.excluded else v for v in versions)
        key = (labels, versions)
        if key not in self._seen:
            target = 0
            for version in versions:
                target |= self._seen_by(version)
            unseen = self._seen_by(labels) & ~target
            # the first such member in the coalition's order, as the message names one
            first = (unseen & -unseen).bit_length() - 1
            self._seen[key] = self._members[first].member if unseen else None
        blind = self._seen[key]
        if blind is not None:
            raise Refused(
                f"{target_id}: {blind!r} may see this object but not the object it refers to; "
                "mark this object at least as narrowly as what it refers to"
            )
