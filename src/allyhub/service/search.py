"""One search box over everything a member may see: names in any script (through
fusion's keys, so any spelling finds the entity and the objects about it), observable
values (inside indicator patterns too; IP networks by containment), ids, and words in
names, descriptions and patterns.

Every matcher runs for one principal, on the newest version of each object it may see in
the collections it reads (the console's scope), with limits after visibility: an object
the reader may not see is never fetched, counted, or allowed to push a visible match out
of a page. Results are the console's `Item`s grouped by type, with counts.

`SearchService.matching` is the matching alone (ids, newest first): what the feed's
filters use to match the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from allyhub.errors import InvalidRequest, NotFound
from allyhub.fusion.correlation import normalize
from allyhub.service.browsing import NOT_IN_FEEDS, BrowseService, Item
from allyhub.service.coalition import Coalition
from allyhub.service.fusion import EntityView, FusionService
from allyhub.service.ports import SearchStore
from allyhub.service.principals import Principal

CAP = 500
"""The most matches one search gathers (counted after visibility; beyond, `more`)."""
PER_KIND = 10
"""Items shown per kind on a search page (a kind's own page shows up to CAP)."""
MAX_QUERY = 300
"""The longest query accepted, in characters."""
MAX_ENTITIES = 5
"""Fused entities a name search expands into their objects."""

ID, NAMED, ABOUT, VALUE, WORDS = (
    "its id",
    "a name of the fused entity",
    "being about the entity",
    "an observable value",
    "its words",
)
"""How a result matched, in words (the first way that found it)."""

_STIX_ID = re.compile(
    r"^[a-z0-9][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
_HASH = re.compile(r"^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{56}$|^[0-9a-f]{64}$|^[0-9a-f]{128}$")
_DOMAIN = re.compile(
    r"^(?=.{4,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}\.?$"
)
_IPISH = re.compile(r"^[0-9a-f:.]+(/\d{1,3})?$")


@dataclass(frozen=True, slots=True)
class Query:
    """What a query was read as: ids, observable values, words, and a name (when it reads
    as one). Pure: made from the text alone."""

    text: str
    ids: tuple[str, ...] = ()
    values: tuple[tuple[str, str, str, str], ...] = ()  # (kind, value, lo, hi)
    words: tuple[str, ...] = ()
    name: str = ""  # for fusion's name keys ("" when the query is ids or values only)

    @property
    def how(self) -> tuple[str, ...]:
        """How the query was read, in words (shown with the results)."""
        read = ["id"] if self.ids else []
        read += sorted({kind.split(":")[0] for kind, *_ in self.values})
        read += ["name in any script"] if self.name else []
        read += ["words"] if self.words else []
        return tuple(read)


def read_query(text: str) -> Query:
    """Read a query: every token that is a STIX id or an observable value (IP address or
    network, domain, URL, e-mail address, hash) is matched as one; the whole text is also
    matched as words (each must appear, in any case) and, unless it is only ids and
    values, as a name through fusion's keys."""
    text = text.strip()
    if not text:
        raise InvalidRequest("give something to search for: a name, a value, an id or words")
    if len(text) > MAX_QUERY:
        raise InvalidRequest(f"a query is at most {MAX_QUERY} characters")
    if "\x00" in text:
        raise InvalidRequest("a query may not hold a NUL character")
    tokens = text.split()
    ids: list[str] = []
    values: list[tuple[str, str, str, str]] = []
    plain: list[str] = []
    for token in tokens:
        bare = token.strip("'\"[](),;")
        lowered = bare.lower()
        if _STIX_ID.match(lowered):
            ids.append(lowered)
            continue
        value = _value(bare)
        if value is not None:
            values.append(value)
        else:
            plain.append(token)
    words = tuple(dict.fromkeys(t.casefold() for t in tokens))
    name = " ".join(plain) if plain and any(c.isalpha() for c in " ".join(plain)) else ""
    return Query(text, tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(values)), words, name)


def _value(token: str) -> tuple[str, str, str, str] | None:
    """The correlation key of a token that is an observable value (fusion's normalization,
    so a search compares as correlation does), or None."""
    lowered = token.lower()
    found = None
    if _IPISH.match(lowered) and any(c in lowered for c in ".:"):
        found = normalize("ipv4-addr", "value", token)
    if found is None and "://" in token:
        found = normalize("url", "value", token)
    if found is None and "@" in token and "." in token.rpartition("@")[2]:
        found = normalize("email-addr", "value", token)
    if found is None and _HASH.match(lowered):
        found = normalize("file", "hashes.any", token)
    if found is None and _DOMAIN.match(lowered):
        found = normalize("domain-name", "value", token)
    if found is None:
        return None
    return found.kind, found.value, found.lo, found.hi


@dataclass(frozen=True, slots=True)
class Group:
    """The matches of one kind (STIX type) the reader may see."""

    kind: str
    count: int
    items: list[Item]  # the first ones, in the order found (ids, entities, values, words)


@dataclass(frozen=True, slots=True)
class EntityHit:
    """A fused entity a name matched: what the search box links to first."""

    id: str
    kind: str
    names: list[str]
    objects: int
    members: list[str]


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: Query
    groups: list[Group]
    entities: list[EntityHit]
    total: int  # matches the reader may see, up to CAP
    more: bool  # CAP reached: there may be more
    kind: str = ""  # the one kind asked for, or "" for all
    kinds: dict[str, int] = field(default_factory=dict)  # every kind found, with its count
    matched: dict[str, str] = field(default_factory=dict)  # shown id -> how it matched


class SearchService:
    def __init__(
        self,
        coalition: Coalition,
        store: SearchStore,
        browse: BrowseService,
        fusion: FusionService,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._browse = browse
        self._fusion = fusion

    def search(
        self, principal: Principal, text: str, *, kind: str = "", per_kind: int = PER_KIND
    ) -> SearchResult:
        """Everything the principal may see that matches, grouped by type; with `kind`,
        that type only (up to CAP of it)."""
        if kind and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", kind):
            raise InvalidRequest(f"type {kind!r} is not a STIX type")
        query = read_query(text)
        matched, entities, more = self._match(principal, query)
        ids = list(matched)
        items = {i.stix_id: i for i in self._browse.items(principal, ids)}
        ordered = [items[i] for i in ids if i in items and items[i].type not in NOT_IN_FEEDS]
        by_kind: dict[str, list[Item]] = {}
        for item in ordered:
            by_kind.setdefault(item.type, []).append(item)
        kinds = {k: len(v) for k, v in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
        shown = {kind: by_kind.get(kind, [])} if kind else by_kind
        limit = CAP if kind else per_kind
        groups = [Group(k, len(v), v[:limit]) for k, v in shown.items() if v or kind]
        groups.sort(key=lambda g: (-g.count, g.kind))
        return SearchResult(
            query=query,
            groups=groups,
            entities=[_hit(e) for e in entities],
            total=len(ordered),
            more=more,
            kind=kind,
            kinds=kinds,
            matched={i.stix_id: matched[i.stix_id] for g in groups for i in g.items},
        )

    def matching(self, principal: Principal, text: str) -> list[str]:
        """The ids of what matches a query, newest match first within each way of matching
        (ids, names through fusion, values, words), at most CAP: the same matching as the
        search box, for the feed's filters."""
        return list(self._match(principal, read_query(text))[0])

    def _match(
        self, principal: Principal, query: Query
    ) -> tuple[dict[str, str], list[EntityView], bool]:
        """id -> how it matched (the first way that found it), at most CAP, in order; the
        fused entities found by name; whether more matched than CAP."""
        visibility = self._coalition.reader(principal).visibility.within(
            c.id for c in self._browse.collections(principal)
        )
        found: dict[str, str] = {}

        def add(ids: Iterable[str], how: str) -> None:
            for stix_id in ids:
                if len(found) > CAP:
                    return
                found.setdefault(stix_id, how)

        add(self._store.with_ids(query.ids, visibility), ID)
        entities: list[EntityView] = []
        if query.name:
            entities = self._entities(principal, query.name)
            for entity in entities:
                add(entity.objects, NAMED)
            about, ends = self._about(principal, [o for e in entities for o in e.objects])
            add(about, ABOUT)
            add(self._store.with_ids(ends, visibility), ABOUT)
        if query.values:
            add(self._store.with_values(query.values, visibility, CAP + 1), VALUE)
        if query.words:
            add(self._store.with_words(query.words, visibility, CAP + 1), WORDS)
        more = len(found) > CAP
        return dict(list(found.items())[:CAP]), entities, more

    def _entities(self, principal: Principal, name: str) -> list[EntityView]:
        """Fused entities whose names match, in any script, as the principal sees them."""
        try:
            return self._fusion.entities(principal, name, limit=MAX_ENTITIES)
        except (InvalidRequest, NotFound):
            return []

    def _about(self, principal: Principal, targets: list[str]) -> tuple[list[str], list[str]]:
        """What the principal may see that is about these objects — reports, opinions,
        notes, sightings, relationships — and the other end of each relationship (the
        indicator that indicates an actor), those ends not yet checked for visibility."""
        about: list[Item] = []
        for target in targets[: MAX_ENTITIES * 10]:
            about += self._browse.responses(principal, target, limit=CAP)
        ends = [
            ref
            for item in about
            if item.type == "relationship"
            for ref in (item.body.get("source_ref"), item.body.get("target_ref"))
            if isinstance(ref, str) and ref not in targets
        ]
        return [i.stix_id for i in about], ends


def _hit(entity: EntityView) -> EntityHit:
    names = list(dict.fromkeys(n.text for n in entity.names))
    return EntityHit(entity.id, entity.kind, names[:8], len(entity.objects), entity.members)
