"""Pivots: from one object or entity to everything related to it, each reference drawn
with its title, type and TLP — never a bare id.

An object's pivots are its fused entity, the objects it correlates with (a shared
observable value or a nearby place), its corroboration and contradiction (who supports,
who opposes) and the objects related to it through relationships, both ways. An entity's
page gathers every object about its members (reports, indicators, sightings,
relationships, opinions, notes), grouped by type.

Every read here is one of the services' reads for this principal (browsing, fusion), so
nothing it may not see is named, counted or linked: an id that is not visible is simply
not among the references resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from allyhub.errors import NotFound
from allyhub.service.browsing import BrowseService, Item
from allyhub.service.fusion import Claim, Correlation, EntityView, FusionService, Link
from allyhub.service.principals import Principal

MAX_ABOUT = 500
"""The most objects about an entity one page gathers (after visibility)."""
MAX_SUBJECTS = 5
"""The most fused entities an object page shows for what the object is about."""
_FAMILY = re.compile(r"^\w+ [\d.]+ \([^)]*\):\s*")


@dataclass(frozen=True, slots=True)
class Related:
    """An object related to this one through a relationship (or a sighting)."""

    item: Item  # the other end
    label: str  # e.g. "indicates", "sighting of"
    outgoing: bool  # this object is the relationship's source
    via: Item  # the relationship (or sighting) itself


@dataclass(frozen=True, slots=True)
class ObjectPivots:
    entity: EntityView | None  # the fused entity it names, when it names one
    about: list[EntityView]  # the fused entities of what it is about (a report's subject)
    correlations: list[Correlation]
    claim: Claim
    related: list[Related]
    refs: dict[str, Item]  # every id above, resolved to what the reader may see

    @property
    def contradicted(self) -> bool:
        return bool(self.claim.opposing)

    @property
    def corroborated(self) -> bool:
        return len(self.claim.supporting) > 1


@dataclass(frozen=True, slots=True)
class EntityPage:
    entity: EntityView
    about: dict[str, list[Item]]  # type -> objects about the entity, newest first
    kinds: dict[str, int]  # every type about it, with its count (before the filter)
    kind: str  # the type filtered to, or ""
    refs: dict[str, Item]  # every id the page shows, resolved


def reason(link: Link) -> str:
    """A link's explanation without its leading "band score (family):" (the page shows
    band and score in their own columns, and the scoring family — "group" for every
    threat actor, person or not — is not the entity's kind)."""
    return _FAMILY.sub("", link.why)


class PivotService:
    def __init__(self, browse: BrowseService, fusion: FusionService) -> None:
        self._browse = browse
        self._fusion = fusion

    def refs(self, principal: Principal, ids: Iterable[str]) -> dict[str, Item]:
        """These ids, those the principal may see, as what a reference is drawn with."""
        return {i.stix_id: i for i in self._browse.items(principal, ids)}

    def object(
        self, principal: Principal, stix_id: str, refers_to: list[Item], responses: list[Item]
    ) -> ObjectPivots:
        """The pivots of an object the principal may see (`refers_to` and `responses`:
        what it is about and what is about it, as the object page already read them)."""
        entity = self._entity(principal, stix_id)
        about: list[EntityView] = []
        covered = set(entity.objects if entity else ())
        for subject in refers_to:
            if subject.stix_id in covered or len(about) >= MAX_SUBJECTS:
                continue
            fused = self._entity(principal, subject.stix_id)
            covered |= set(fused.objects if fused else ())
            if fused and fused.kind and len(fused.objects) > 1:
                about.append(fused)
        related = [*refers_to, *responses]
        correlations: list[Correlation] = []
        claim = Claim(stix_id, "", [], [])
        if entity is not None:  # fusion reads it: its correlations and claim too
            correlations = self._fusion.correlations(principal, stix_id)
            claim = self._fusion.corroboration(principal, stix_id)
        links: list[tuple[str, str, bool, Item]] = []
        for via in related:
            body = via.body
            if via.type == "relationship":
                source, target = body.get("source_ref"), body.get("target_ref")
                label = str(body.get("relationship_type", "related-to"))
                if source == stix_id and isinstance(target, str):
                    links.append((target, label, True, via))
                elif target == stix_id and isinstance(source, str):
                    links.append((source, label, False, via))
            elif via.type == "sighting" and body.get("sighting_of_ref") == stix_id:
                where = body.get("where_sighted_refs")
                for ref in where if isinstance(where, list) else []:
                    if isinstance(ref, str):
                        links.append((ref, "sighted at", True, via))
        fused_ids = entity.objects if entity else []
        ids = {stix_id, *fused_ids, *(o for c in correlations for o in c.objects)}
        ids |= {other for other, *_ in links}
        refs = self.refs(principal, ids)
        return ObjectPivots(
            entity=entity if entity and entity.kind and len(entity.objects) > 1 else None,
            about=about,
            correlations=correlations,
            claim=claim,
            related=[
                Related(refs[other], label, outgoing, via)
                for other, label, outgoing, via in links
                if other in refs
            ],
            refs=refs,
        )

    def _entity(self, principal: Principal, stix_id: str) -> EntityView | None:
        """The fused entity of an object, or None where fusion does not read it (an
        object in a collection fusion leaves out is no entity's)."""
        try:
            return self._fusion.entity(principal, stix_id)
        except NotFound:
            return None

    def entity(self, principal: Principal, stix_id: str, kind: str = "") -> EntityPage:
        """An entity with every object about it the principal may see, grouped by type;
        with `kind`, that type only."""
        entity = self._fusion.entity(principal, stix_id)
        members = set(entity.objects)
        about: dict[str, Item] = {}
        ends: set[str] = set()
        for member in entity.objects:
            for item in self._browse.responses(principal, member, limit=MAX_ABOUT):
                if len(about) >= MAX_ABOUT:
                    break
                about.setdefault(item.stix_id, item)
                if item.type == "relationship":
                    ends |= {
                        ref
                        for ref in (item.body.get("source_ref"), item.body.get("target_ref"))
                        if isinstance(ref, str) and ref not in members
                    }
        ids = members | ends | {i for link in entity.links for i in (link.a, link.b)}
        ids |= {c.object_id for c in entity.corroboration}
        refs = self.refs(principal, ids)
        for end in sorted(ends):
            if end in refs and len(about) < MAX_ABOUT:
                about.setdefault(end, refs[end])
        refs.update(about)
        grouped: dict[str, list[Item]] = {}
        for item in sorted(about.values(), key=lambda i: i.date_added, reverse=True):
            grouped.setdefault(item.type, []).append(item)
        kinds = {k: len(v) for k, v in sorted(grouped.items())}
        if kind:
            grouped = {kind: grouped.get(kind, [])}
        return EntityPage(entity, grouped, kinds, kind, refs)
