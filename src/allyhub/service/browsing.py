"""What the console reads beyond TAXII's filters: feeds, one object with its responses,
the graph, the timeline, what is new, and the hubs' sync status.

Every read takes the member's visibility from the policy (`Coalition.reader(...)
.visibility`) and hands it to the store with the rest of the query, so what a member may
not see is never fetched: no page, count, node, edge, bucket or live event includes it,
and an object it may not see is NotFound exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import orjson

from allyhub.charter import Collection, Tier, Tlp
from allyhub.errors import NotFound, NotPermitted
from allyhub.records import ObjectQuery, StoredVersion, VersionMatch, VersionPick
from allyhub.service.audit import AuditLog, refuse_read
from allyhub.service.coalition import Coalition, Reader
from allyhub.service.ports import ObjectStore
from allyhub.service.principals import Principal
from allyhub.service.sync import SyncService
from allyhub.stix.index import references
from allyhub.stix.markings import grading
from allyhub.timestamps import parse_timestamp

ALL_VERSIONS = VersionMatch(frozenset({VersionPick.ALL}))
NOT_IN_FEEDS = ("marking-definition", "extension-definition")
"""Vocabulary, not intelligence: left out of feeds, graphs and timelines."""
WHEN = ("published", "first_seen", "first_observed", "valid_from", "start_time", "created")
"""The properties that say when what an object describes happened, best first."""
RELIABILITY_MEANING = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_MEANING = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """What an analyst narrows a feed (or the timeline, or live updates) to."""

    types: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # who shared it
    tlps: tuple[Tlp, ...] = ()
    since: int | None = None  # added at or after (µs)
    until: int | None = None  # added before (µs)
    text: str = ""  # part of a name, in any script and case
    collection: str = ""  # id or alias; "" means every collection of the charter it reads
    ids: tuple[str, ...] | None = None  # only these objects (what a search matched)

    @property
    def empty(self) -> bool:
        return self == FeedFilter()


@dataclass(frozen=True, slots=True)
class Item:
    """One object version as the console shows it."""

    stix_id: str
    type: str
    title: str  # its name, or what stands for one
    lang: str  # the STIX `lang`, when the object gives one
    shared_by: str
    tlp: Tlp
    date_added: int  # the hub's row order: for sorting and cursors, never shown
    added: int  # when it was added here (its commit's date): what the console shows
    version: int
    origin_hub: str
    origin_added: int
    collection: str  # alias
    body: Mapping[str, object] = field(repr=False)


@dataclass(frozen=True, slots=True)
class FeedPage:
    items: list[Item]
    more: bool
    before: int | None  # the cursor of the next (older) page
    mark: int  # where live updates start: the newest date_added shown, or 0


@dataclass(frozen=True, slots=True)
class Grade:
    reliability: str
    credibility: int

    @property
    def meaning(self) -> str:
        return (
            f"{RELIABILITY_MEANING.get(self.reliability, '?')}, "
            f"{CREDIBILITY_MEANING.get(self.credibility, '?')}"
        )


@dataclass(frozen=True, slots=True)
class ObjectView:
    item: Item
    versions: list[Item]  # every version the member may see, newest first
    releasable_to: list[str] | None  # member names, when a list decides who sees it
    audience_rule: str  # who may see it, in words
    denied: list[str] | None  # members the originator skipped (shown to the originator only)
    grade: Grade | None
    refers_to: list[Item]  # visible objects it is about
    responses: list[Item]  # visible objects about it (opinions, notes, sightings, ...)


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    type: str
    title: str
    tlp: Tlp
    shared_by: str
    focus: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    label: str
    via: str  # the id of the relationship or response that makes the edge


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    focus: str | None


@dataclass(frozen=True, slots=True)
class Bucket:
    label: str  # e.g. "2015-10"
    items: list[Item]  # newest first


@dataclass(frozen=True, slots=True)
class Timeline:
    buckets: list[Bucket]  # newest first
    window: int  # how many of the newest matching objects were placed
    more: bool  # older matching objects exist beyond the window


@dataclass(frozen=True, slots=True)
class Dashboard:
    since: int | None  # the previous login, or None on a first
    news: list[Item]  # newest first
    more: bool
    by_type: dict[str, int]  # among `news`
    responses: list[Item]  # news that responds to the member's own objects
    mark: int


@dataclass(frozen=True, slots=True)
class HubRow:
    id: str
    name: str
    place: str
    url: str
    operator: str
    hosts: tuple[str, ...]
    peers: tuple[str, ...]
    here: bool


@dataclass(frozen=True, slots=True)
class SyncRow:
    peer: str
    collection: str  # alias
    last_pull: int | None
    caught_up: int | None
    last_error: str | None
    error_at: int | None
    pulled: int
    lag: int | None
    refused: int  # versions refused from this peer, and the last one's reason
    last_refusal: str | None
    quarantined: int = 0  # refused versions held until `allyhub sync retry`
    versions: str = "all"  # what the source offers (all, or only the last)


@dataclass(frozen=True, slots=True)
class HubsView:
    hubs: list[HubRow]
    sync: list[SyncRow] | None  # None: not for this reader (`withheld` says why)
    served: dict[str, tuple[int, int | None]] | None
    withheld: str


@dataclass(frozen=True, slots=True)
class Scope:
    """One call's reader (the member's standing, resolved once) and its collections."""

    reader: Reader
    collections: list[Collection]


def title_of(obj: Mapping[str, object]) -> str:
    """What stands for a name: name, value, an opinion's verdict, a note's abstract, ..."""
    for key in ("name", "value", "abstract"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
    kind = str(obj.get("type", ""))
    if kind == "opinion":
        return f"opinion: {obj.get('opinion', '')}"
    if kind == "relationship":
        return f"{obj.get('relationship_type', 'related-to')} relationship"
    if kind == "sighting":
        return "sighting"
    if kind == "note":
        content = obj.get("content")
        if isinstance(content, str) and content:
            return content[:80] + ("…" if len(content) > 80 else "")
    return str(obj.get("id", kind))


def event_time(obj: Mapping[str, object]) -> int | None:
    """When what the object describes happened, as well as the object says (µs)."""
    for key in WHEN:
        value = obj.get(key)
        if isinstance(value, str):
            try:
                return parse_timestamp(value)
            except ValueError:
                continue
    return None


def _month(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1e6, tz=UTC).strftime("%Y-%m")


class BrowseService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        sync: SyncService,
        audit: AuditLog,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._sync = sync
        self._audit = audit

    # -- who reads, and where -----------------------------------------------------------

    def scope(self, principal: Principal, key: str = "") -> Scope:
        """Who reads (resolved once per call) and the charter collections it reads, or the
        one named; governance and definitions have pages of their own, or none. The
        console's lists (service/listing.py) read in the same scope."""
        if principal.peer:
            raise NotPermitted(f"{principal.id} is a peer hub; the console is for members")
        reader = self._coalition.reader(principal)
        viewer = reader.viewers[0]
        collections = [
            c for c in self._coalition.charter.collections if self._coalition.can_read(viewer, c)
        ]
        if key:
            collections = [c for c in collections if key in (c.id, c.alias)]
            if not collections:
                raise NotFound(f"no collection {key!r} on this hub")
        return Scope(reader, collections)

    def collections(self, principal: Principal) -> list[Collection]:
        return self.scope(principal).collections

    def query(self, collection: Collection, f: FeedFilter, limit: int) -> ObjectQuery:
        """The feed's query of one collection for these filters: what the console's lists
        (service/listing.py) count, page, export and chart too."""
        return ObjectQuery(
            collection=collection.id,
            limit=limit,
            after=f.since - 1 if f.since is not None else None,
            before=f.until,
            types=f.types,
            not_types=() if f.types else NOT_IN_FEEDS,
            shared_by=f.members,
            tlps=tuple(int(t) for t in f.tlps),
            text=f.text.strip().casefold(),
            # None: any object; () (a search that matched nothing): none, as no id is "".
            ids=() if f.ids is None else (f.ids or ("",)),
        )

    def _items(
        self,
        scope: Scope,
        queries: Iterable[tuple[Collection, ObjectQuery]],
        limit: int,
        *,
        newest_first: bool,
    ) -> tuple[list[Item], bool]:
        """Run one query per collection and merge them in date_added order."""
        found: list[Item] = []
        more = False
        for collection, query in queries:
            page = self._store.page(
                replace(query, limit=limit, newest_first=newest_first),
                scope.reader.visibility,
                with_body=True,
            )
            more = more or page.more
            found += [_item(row, collection) for row in page.rows]
        found.sort(key=lambda i: i.date_added, reverse=newest_first)
        if len(found) > limit:
            return found[:limit], True
        return found, more

    # -- feeds --------------------------------------------------------------------------

    def feed(
        self, principal: Principal, f: FeedFilter, *, before: int | None = None, limit: int = 50
    ) -> FeedPage:
        """Newest first; `before` pages to older objects."""
        return self._feed(self.scope(principal, f.collection), f, before, limit)

    def _feed(self, scope: Scope, f: FeedFilter, before: int | None, limit: int) -> FeedPage:
        queries = [
            (c, replace(self.query(c, f, limit), before=_min(before, f.until)))
            for c in scope.collections
        ]
        items, more = self._items(scope, queries, limit, newest_first=True)
        mark = items[0].date_added if items and before is None else 0
        return FeedPage(items, more, items[-1].date_added if more and items else None, mark)

    def news(self, principal: Principal, f: FeedFilter, after: int, limit: int = 100) -> list[Item]:
        """What was added after `after` that the member may see now, oldest first: the
        live updates of a feed or dashboard."""
        scope = self.scope(principal, f.collection)
        queries = [
            (c, replace(self.query(c, f, limit), after=max(after, (f.since or 0) - 1)))
            for c in scope.collections
        ]
        return self._items(scope, queries, limit, newest_first=False)[0]

    def dashboard(self, principal: Principal, since: int | None, limit: int = 25) -> Dashboard:
        """What is new for this member since its previous login (the newest, first)."""
        scope = self.scope(principal)
        page = self._feed(
            scope, FeedFilter(since=since + 1 if since is not None else None), None, 200
        )
        wanted = {ref for i in page.items for ref in references(i.body)}
        # What the member shared, its identity aside: a request that tasks the member
        # names its identity, and is shown as waiting on it, not as a response.
        mine = {
            i.stix_id
            for i in self._by_ids(scope, wanted, shared_by=(principal.member,))
            if i.type != "identity"
        }
        responses = [
            i
            for i in page.items
            if i.shared_by != principal.member and mine & set(references(i.body))
        ]
        by_type: dict[str, int] = {}
        for item in page.items:
            by_type[item.type] = by_type.get(item.type, 0) + 1
        return Dashboard(
            since=since,
            news=page.items[:limit],
            more=page.more or len(page.items) > limit,
            by_type=dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
            responses=responses[:limit],
            mark=page.mark or (since or 0),
        )

    def _by_ids(
        self, scope: Scope, ids: Iterable[str], shared_by: tuple[str, ...] = ()
    ) -> list[Item]:
        """The newest visible version of each of these ids found (at most 900 ids)."""
        chosen = tuple(sorted(set(ids)))[:900]
        if not chosen:
            return []
        queries = [
            (c, ObjectQuery(c.id, limit=len(chosen), ids=chosen, shared_by=shared_by))
            for c in scope.collections
        ]
        items, _ = self._items(
            scope, queries, len(chosen) * len(scope.collections), newest_first=True
        )
        newest: dict[str, Item] = {}
        for item in items:
            newest.setdefault(item.stix_id, item)
        return list(newest.values())

    def items(self, principal: Principal, ids: Iterable[str]) -> list[Item]:
        """The newest visible version of each of these ids (at most 900), as the console
        shows them: what a reference is drawn with (title, type, TLP), never a bare id."""
        return self._by_ids(self.scope(principal), ids)

    # -- one object ---------------------------------------------------------------------

    def object(self, principal: Principal, stix_id: str) -> ObjectView:
        """An object with its versions, markings, grade, what it is about and its
        responses; NotFound (audited when it exists) if the member may not see it."""
        return self._object(self.scope(principal), stix_id)

    def _object(self, scope: Scope, stix_id: str) -> ObjectView:
        rows: list[tuple[StoredVersion, Item]] = []
        for collection in scope.collections:
            query = ObjectQuery(collection.id, limit=1000, ids=(stix_id,), versions=ALL_VERSIONS)
            page = self._store.page(query, scope.reader.visibility, with_body=True)
            rows += [(row, _item(row, collection)) for row in page.rows]
        if not rows:
            self._refuse(scope, stix_id)
        rows.sort(key=lambda pair: (pair[0].version, pair[0].date_added), reverse=True)
        row, latest = rows[0]
        names = self._coalition.state().names
        audience = self._store.member_sets([row.audience]) if row.audience is not None else {}
        releasable = (
            sorted(names.get(m, m) for m in audience[row.audience])
            if row.audience is not None
            else None
        )
        denied = None
        if row.excluded is not None and latest.shared_by == scope.reader.principal.member:
            denied = sorted(
                names.get(m, m) for m in self._store.member_sets([row.excluded])[row.excluded]
            )
        grade = grading(latest.body)
        return ObjectView(
            item=latest,
            versions=[item for _, item in rows],
            releasable_to=releasable,
            audience_rule=_audience_rule(latest.tlp, releasable is not None),
            denied=denied,
            grade=Grade(str(grade[0]), int(grade[1])) if grade is not None else None,
            refers_to=self._by_ids(scope, references(latest.body)),
            responses=self._responses(scope, stix_id, 200),
        )

    def _refuse(self, scope: Scope, stix_id: str) -> None:
        """NotFound, the same for a missing object as for a hidden one, after the same
        work: one audit entry by the reader naming only the id it asked for
        (service/reading.py explains why)."""
        refuse_read(self._audit, scope.reader.principal, stix_id, "", via="console")
        raise NotFound(f"no object {stix_id}")

    def responses(self, principal: Principal, stix_id: str, limit: int = 200) -> list[Item]:
        """Visible objects about this one (their newest version that still is), newest first."""
        return self._responses(self.scope(principal), stix_id, limit)

    def _responses(self, scope: Scope, stix_id: str, limit: int) -> list[Item]:
        queries = [
            (c, ObjectQuery(c.id, limit=limit, refers_to=stix_id)) for c in scope.collections
        ]
        return self._items(scope, queries, limit, newest_first=True)[0]

    # -- graph and timeline -------------------------------------------------------------

    def graph(self, principal: Principal, focus: str | None = None, limit: int = 150) -> Graph:
        """Objects and how they relate, among what the member may see only.

        With a focus: that object, what it is about and what is about it (and, for
        relationships, their other end). Without: the newest objects and what they are
        about. An edge is drawn only when both of its ends are visible nodes.
        """
        scope = self.scope(principal)
        if focus:
            view = self._object(scope, focus)
            seeds = [view.item, *view.refers_to, *view.responses]
        else:
            seeds = self._feed(scope, FeedFilter(), None, limit).items
        items = {i.stix_id: i for i in seeds}
        wanted = {ref for i in seeds for ref in references(i.body)} - items.keys()
        for item in self._by_ids(scope, wanted):
            items.setdefault(item.stix_id, item)
        nodes = [
            Node(i.stix_id, i.type, i.title, i.tlp, i.shared_by, focus=i.stix_id == focus)
            for i in items.values()
            if i.type != "relationship"
        ]
        ids = {n.id for n in nodes}
        edges: list[Edge] = []
        for item in items.values():
            body = item.body
            if item.type == "relationship":
                source, target = body.get("source_ref"), body.get("target_ref")
                if source in ids and target in ids:
                    label = str(body.get("relationship_type", "related-to"))
                    edges.append(Edge(str(source), str(target), label, item.stix_id))
                continue
            label = _edge_label(body)
            edges += [
                Edge(item.stix_id, ref, label, item.stix_id)
                for ref in references(body)
                if ref in ids
            ]
        return Graph(nodes, edges, focus)

    def timeline(self, principal: Principal, f: FeedFilter, window: int = 500) -> Timeline:
        """The newest `window` matching objects, placed by when what they describe
        happened (published, first seen, valid from, created), by month."""
        page = self.feed(principal, f, limit=window)
        placed = sorted(
            ((event_time(i.body) or i.date_added, i) for i in page.items),
            key=lambda pair: pair[0],
            reverse=True,
        )
        buckets: dict[str, list[Item]] = {}
        for when, item in placed:
            buckets.setdefault(_month(when), []).append(item)
        return Timeline(
            [Bucket(label, items) for label, items in buckets.items()], len(page.items), page.more
        )

    # -- hubs ---------------------------------------------------------------------------

    def hubs(self, principal: Principal) -> HubsView:
        """The coalition's hubs (the charter's, known to every member) and, for whom may
        see them (service/sync.py), this hub's pulls from its peers and what it served.

        Every figure of sync — counts, lag, even the time of the last pull — moves with
        objects the reader may not see, so the others get none, and the reason.
        """
        viewer = self.scope(principal).reader.viewers[0]
        if viewer.sees_nothing:
            raise NotPermitted(f"{principal.member!r} is {viewer.standing}")
        here = self._coalition.hub
        hubs = [
            HubRow(h.id, h.name, h.place, h.url, h.operator, h.hosts, h.peers, h.id == here.id)
            for h in self._coalition.charter.hubs
        ]
        withheld = self._sync.refusal(principal)
        if withheld is not None:
            return HubsView(hubs, None, None, withheld)
        figures = self._sync.figures(principal)
        sync = [
            SyncRow(
                peer=f.cursor.peer,
                collection=f.collection,
                last_pull=f.cursor.last_pull,
                caught_up=f.cursor.caught_up,
                last_error=f.cursor.last_error,
                error_at=f.cursor.error_at,
                pulled=f.cursor.pulled,
                lag=f.cursor.lag,
                refused=f.cursor.refused,
                last_refusal=f.cursor.last_refusal,
                quarantined=f.quarantined,
                versions=f.cursor.versions,
            )
            for f in figures.pulls
        ]
        return HubsView(hubs, sync, figures.served, "")


def _min(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _item(row: StoredVersion, collection: Collection) -> Item:
    body = orjson.loads(row.body or b"{}")
    lang = body.get("lang")
    return Item(
        stix_id=row.stix_id,
        type=str(body.get("type", "")),
        title=title_of(body),
        lang=lang if isinstance(lang, str) else "",
        shared_by=row.shared_by,
        tlp=Tlp(row.tlp),
        date_added=row.date_added,
        added=row.committed,
        version=row.version,
        origin_hub=row.origin_hub,
        origin_added=row.origin_added,
        collection=collection.alias,
        body=body,
    )


def _edge_label(body: Mapping[str, object]) -> str:
    kind = body.get("type")
    if kind == "opinion":
        return str(body.get("opinion", "opinion"))
    if kind == "sighting":
        return "sighting of"
    return f"{kind} about"


def _audience_rule(tlp: Tlp, listed: bool) -> str:
    if tlp is Tlp.CLEAR:
        return "everyone with access to the hub"
    if listed:
        return "the originator and the members listed"
    if tlp is Tlp.GREEN:
        return f"every {Tier.FULL} and {Tier.ASSOCIATE} member in good standing"
    if tlp is Tlp.AMBER:
        return f"every {Tier.FULL} member in good standing"
    return "the originator only"
