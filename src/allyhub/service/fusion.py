"""Fusion as a service: link what members share, then show each member only its view.

A worker follows the objects table by date_added (like a peer follows a hub) and derives
data from every version: it files the names of people, groups and places in the name
index (one entry per distinct set of names of an object) and links each new entry to the
candidates it scores in the link or review band; it records each version's observable
values and coordinates. That derived data is global, but every read here is made for one
principal, from the newest version of each object that principal may see (in the
collections it may read) and nothing else: an entity's names, its links (both ends must
be the reader's current versions), decisions, claims, correlations and search hits. A
newer version the reader may not see changes nothing it gets; limits and counts apply
after visibility.

The name keys and the scoring (`allyhub.fusion`'s index, keys and scores: numpy, PyICU,
OpenCC and the lexicon, about 40 MB of a process) are imported inside the methods that use
them. The worker, a name search, a decision and the view of an entity with names (the
scripts of its names) load them; a server process that shares, reads, and shows the pages
of indicators and reports does not (tests/unit/test_server_imports.py).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from allyhub import heap
from allyhub.charter import Bands, KnownAlias, Tlp
from allyhub.errors import InvalidRequest, NotFound
from allyhub.fusion.correlation import OBSERVED_TYPES, coordinates, distance_km, values_of
from allyhub.fusion.entities import DECISION, NAMED_TYPES, named
from allyhub.policy.permissions import Action
from allyhub.records import Current, Derived, LinkRow, Visibility, entry_key, object_of
from allyhub.service.admission import Admission, Admitted, Intake
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, FusionStore, ObjectStore, UnitOfWork
from allyhub.service.principals import Principal
from allyhub.stix.markings import ALLYHUB_IDENTITY, FUSION_EXTENSION, TLP2_ID, releasability_marking
from allyhub.timestamps import format_timestamp

if TYPE_CHECKING:
    from allyhub.fusion import Kind, KnownTables, NameIndex

log = logging.getLogger("allyhub.fusion")

_DECISIONS = uuid.UUID("9d2c4b6a-8e1f-5a3b-9c7d-2e4f6a8b0c1d")
COMMON = 50
"""A value shared by more visible objects than this is reported as common, not linked."""
NEAR_KM = 25.0
"""Locations closer than this correlate."""
MAX_ENTITY = 200
"""The most objects one fused entity gathers (a runaway chain of links stops here)."""


@dataclass(frozen=True, slots=True)
class NameForm:
    text: str
    script: str
    object_id: str
    member: str


@dataclass(frozen=True, slots=True)
class Link:
    a: str
    b: str
    score: float
    band: str
    why: str
    decided: bool | None = None  # True confirmed, False rejected, None not decided


@dataclass(frozen=True, slots=True)
class Claim:
    object_id: str
    kind: str
    supporting: list[str]
    opposing: list[str]


@dataclass(frozen=True, slots=True)
class EntityView:
    id: str
    kind: str
    names: list[NameForm]
    objects: list[str]
    members: list[str]
    links: list[Link]
    corroboration: list[Claim] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Correlation:
    kind: str  # ipv4, domain, hash:SHA-256, ..., or "place"
    value: str
    objects: list[str]
    common: bool  # more than COMMON visible objects share it: not linked, only reported


DERIVED_FROM = NAMED_TYPES | OBSERVED_TYPES
"""The types the worker reads bodies of: names, values and places come from no other
(relationships, sightings, reports and notes, a third of a typical stream, are skipped
without being copied out of the database or parsed)."""

RUN_BATCH = 2000
"""Versions a worker process derives per write transaction. Each write waits for the
write lock, which the share path holds for its bulk inserts (tens of milliseconds an
envelope): with 500 a batch, written in line, the worker sat idle a third of the time
while members shared (waiting for the lock and in its commits). A search in the worker's
own process (none in `allyhub serve`) waits a batch."""


def _digest(alias: KnownAlias) -> str:
    """What identifies one [[aliases]] entry as the worker linked it."""
    body = orjson.dumps([alias.id, alias.kind, list(alias.names), alias.source])
    return hashlib.sha256(body).hexdigest()


class _Moved(Exception):
    """Another worker moved the fusion cursor while a batch was derived."""


class FusionService:
    def __init__(
        self,
        coalition: Coalition,
        objects: ObjectStore,
        fusion: FusionStore,
        clock: Clock,
        audit: AuditLog,
        admission: Admission,
    ) -> None:
        self._coalition = coalition
        self._objects = objects
        self._fusion = fusion
        self._clock = clock
        self._audit = audit
        self._admission = admission
        self._bands: Bands = coalition.charter.rules.bands
        self._known: KnownTables | None = None
        self._index: NameIndex | None = None
        self._index_cursor = 0  # the fusion cursor the name index is current with
        self._lock = threading.Lock()

    # -- the worker -------------------------------------------------------------------

    def _known_tables(self) -> KnownTables:
        """The built-in tables of known names with the charter's aliases filed in: every
        score the hub makes uses them (the worker's, a search's, a decision's)."""
        from allyhub.fusion import KnownTables  # the scoring: see the module's docstring

        if self._known is None:
            self._known = KnownTables(self._coalition.charter.aliases)
        return self._known

    def _name_index(self) -> NameIndex:
        """The name index, brought up to what the worker has filed. The worker may run in
        another process (`allyhub serve` runs it in its own), so the index follows the
        fusion cursor: built whole once, then only the names filed since are added."""
        from allyhub.fusion import NameIndex  # the scoring: see the module's docstring

        cursor = self._fusion.cursor()
        if self._index is None:
            index = NameIndex(bands=self._bands, known=self._known_tables())
            with heap.building():  # millions of small containers, kept for good
                index.add_many(
                    (stix_id, kind, names)  # type: ignore[misc]
                    for stix_id, kind, names in self._fusion.all_names()
                )
            self._index, self._index_cursor = index, cursor
        elif cursor > self._index_cursor:
            for stix_id, kind, names in self._fusion.names_filed(self._index_cursor, cursor):
                self._index.add(stix_id, kind, names)  # type: ignore[arg-type]
            self._index_cursor = cursor
        return self._index

    def catch_up(self, batch: int = 500, stop: threading.Event | None = None) -> int:
        """Derive fusion data for everything added since the last run; returns how many
        versions were looked at. Safe to call from several threads or processes; a name
        search waits at most one batch, and `stop` is heeded between batches."""
        seen = 0
        while stop is None or not stop.is_set():
            with self._lock:
                done = self._one_batch(batch)
            seen += done
            if done < batch:
                break
        return seen

    def _one_batch(self, batch: int) -> int:
        """Derive one batch outside any transaction (parsing and scoring take most of the
        time), then write it in one short transaction if no other worker moved the cursor
        meanwhile. The share path waits for the write lock only for the bulk writes."""
        index = self._name_index()
        cursor = self._index_cursor
        rows = self._objects.recent(cursor, batch, DERIVED_FROM)
        if not rows:
            return 0
        try:
            derived = self._derive(rows, index)
            if self._write(derived, cursor, rows[-1][0]):
                self._index_cursor = rows[-1][0]  # the index holds what was just filed
            # else another worker filed it; the index catches up next
        except Exception:
            self._index = None  # the index may hold names that were never stored
            raise
        return len(rows)

    def _write(self, derived: Derived, cursor: int, to: int) -> bool:
        """Write one derived batch and move the cursor from `cursor` to `to`; False if
        another worker moved it meanwhile (nothing is written then)."""
        with self._fusion.writing() as writer:
            if writer.cursor() != cursor:
                return False
            writer.apply(derived)
            writer.move_cursor(to)
        return True

    def _overlapped(self, writes: ThreadPoolExecutor, batch: int, stop: threading.Event) -> int:
        """``catch_up`` for the worker process: one batch is written (waiting for the
        write lock, which the share path holds for its inserts, and for the disk) while
        the next is derived. The waits release the GIL, so the worker keeps its core busy
        instead of idling through them. The name index runs ahead of the stored cursor by
        the batch in flight; if that write fails or finds the cursor moved, the index is
        dropped (rebuilt from what is stored) and the batch is derived again."""
        seen = 0
        pending: Future[bool] | None = None
        try:
            while not stop.is_set():
                with self._lock:
                    # the stored cursor is behind the index while a write is in flight
                    index = self._name_index() if pending is None else self._index
                    assert index is not None
                    cursor = self._index_cursor
                    rows = self._objects.recent(cursor, batch, DERIVED_FROM)
                    if rows:
                        derived = self._derive(rows, index)
                        self._index_cursor = rows[-1][0]  # filed in the index, not stored
                if pending is not None and not pending.result():
                    raise _Moved
                pending = None
                if not rows:
                    break
                pending = writes.submit(self._write, derived, cursor, rows[-1][0])
                seen += len(rows)
                if len(rows) < batch:
                    break
            if pending is not None and not pending.result():
                raise _Moved
            pending = None
        except BaseException as exc:
            if pending is not None:
                wait([pending])
            with self._lock:
                self._index = None  # it may hold names that were never stored
            if isinstance(exc, _Moved):
                return seen  # another worker filed them: rebuild from the store and go on
            raise
        return seen

    @staticmethod
    def _derive(rows: list[tuple[int, str, bool, bytes | None]], index: NameIndex) -> Derived:
        """Names, links, values and places of each version (not only the newest: a
        reader may see an older one only)."""
        from allyhub.fusion import EntityNames

        derived = Derived()
        for date_added, stix_id, _has_newer, body in rows:
            if body is None:
                continue  # a type nothing is derived from (`DERIVED_FROM`)
            obj = orjson.loads(body)
            if obj.get("created_by_ref") == ALLYHUB_IDENTITY:
                # the hub's own vocabulary (its definitions, the country locations every
                # hub publishes at start) is not intelligence: "Solomon Islands" is no
                # candidate for a member's "Soleimani"
                continue
            entity = named(obj)
            if entity is not None:
                entry = entry_key(stix_id, entity.kind, entity.country, entity.names)
                derived.entries.append({"date_added": date_added, "entry": entry})
                if entry not in index:  # the same names as an earlier version: filed already
                    derived.names[entry] = (entity.kind, entity.names)
                    query = EntityNames(entity.kind, entity.names, country=entity.country)
                    # every one of the best candidates is scored (no weight floor): a
                    # floor set by a candidate some reader may not see would decide which
                    # of the others that reader gets links to
                    for other, match in index.resolve(entity.kind, query, weight_floor=0.0):
                        if object_of(other) != stix_id:
                            derived.link(LinkRow(entry, other, match.score, match.band, match.why))
                    index.add(entry, entity.kind, query)
            for v in {(v.kind, v.value): v for v in values_of(obj)}.values():
                derived.values.append(
                    {
                        "date_added": date_added,
                        "kind": v.kind,
                        "value": v.value,
                        "lo": v.lo,
                        "hi": v.hi,
                    }
                )
            place = coordinates(obj)
            if place is not None:
                derived.places.append(
                    {"date_added": date_added, "latitude": place[0], "longitude": place[1]}
                )
        return derived

    def relink_listed(self) -> int:
        """Score again, against the whole index, every entry filed under a thing of a
        charter alias the worker has not linked yet (new or changed since: each entry is
        remembered by a digest, `fusion_aliases`), and store the links found: an alias
        added to the charter then links the reports filed before it, not only those
        shared after. The worker does it when it starts (a charter changes with a
        restart); an unchanged charter costs nothing. Returns how many links it wrote.
        An alias taken out of the charter leaves the links it made (an analyst's
        decision of "different" blocks one for good)."""
        from allyhub.fusion import EntityNames

        known = self._known_tables()
        for alias_id, name in known.unfiled():
            log.warning(
                "fusion: the charter's alias %r of %s is another entry's too once folded "
                "(case, accents, letter forms, spaces): neither entry gets it",
                name,
                alias_id,
            )
        digests = {_digest(alias): alias for alias in known.aliases}
        done = self._fusion.linked_aliases()
        if set(digests) == done:
            return 0
        todo = [alias for digest, alias in digests.items() if digest not in done]
        derived = Derived()
        with self._lock:
            index = self._name_index()
            keys = sorted(known.coalition_keys(todo))
            listed = {entry for key in keys for entry in index.filed_under(key)}
            for entry in sorted(listed):
                entity = index.entity(entry)
                query = EntityNames(entity.kind, entity.names, country=entity.country)
                for other, match in index.resolve(entity.kind, query, weight_floor=0.0):
                    if object_of(other) != object_of(entry):
                        derived.link(LinkRow(entry, other, match.score, match.band, match.why))
        with self._fusion.writing() as writer:
            writer.apply(derived)
            writer.mark_aliases(digests)
        log.info(
            "fusion: %d links for %d entries of the charter's new aliases",
            len(derived.links),
            len(listed),
        )
        return len(derived.links)

    def backlog(self) -> tuple[int, int | None]:
        """(versions the worker has not derived yet, microseconds the oldest has waited)."""
        count, oldest = self._fusion.backlog()
        return count, (self._clock() - oldest) if oldest is not None else None

    def run(self, stop: threading.Event, interval: float = 1.0) -> None:
        """The worker loop for a server: links what the charter's aliases name anew, then
        catches up and waits a little, until stopped."""
        try:
            self.relink_listed()
        except Exception as exc:  # the links are there again at the next start
            log.warning("fusion worker: relinking the charter's aliases: %s", exc)
        with ThreadPoolExecutor(1, thread_name_prefix="fusion-write") as writes:
            while not stop.is_set():
                try:
                    self._overlapped(writes, RUN_BATCH, stop)
                except Exception as exc:  # the worker must outlive a bad batch
                    log.warning("fusion worker: %s", exc)
                stop.wait(interval)

    # -- reads for one principal ------------------------------------------------------

    def _visibility(self, principal: Principal) -> Visibility:
        """What the principal may see, in the collections it may read."""
        reader = self._coalition.reader(principal)
        readable = [
            c.id
            for c in reader.readable
            if principal.peer or self._coalition.can_read(reader.viewers[0], c)
        ]
        return reader.visibility.within(readable)

    def _require(self, principal: Principal, stix_id: str) -> tuple[Visibility, Current]:
        visibility = self._visibility(principal)
        found = self._fusion.current([stix_id], visibility).get(stix_id)
        if found is None:
            raise NotFound(f"no object {stix_id}")
        return visibility, found

    def _decisions(
        self, refs: Iterable[tuple[str, str, str]], visibility: Visibility
    ) -> dict[tuple[str, str], bool]:
        """(a, b) -> same? for the decisions among these references (`refs_to`'s rows,
        as the principal may see them)."""
        sources = {s for s, role, _ in refs if role == DECISION}
        decided: dict[tuple[str, str], bool] = {}
        if not sources:
            return decided
        for _shared_by, body in self._objects.latest_visible(sources, visibility).values():
            obj = orjson.loads(body)
            pair_refs = obj.get("object_refs", [])
            if len(pair_refs) != 2:
                continue
            pair = (min(pair_refs), max(pair_refs))
            # a rejection blocks a link for good: it outweighs every confirmation
            decided[pair] = decided.get(pair, True) and obj.get("decision") == "same"
        return decided

    def entity(self, principal: Principal, stix_id: str) -> EntityView:
        """The fused entity an object belongs to, as this principal may see it."""
        visibility, found = self._require(principal, stix_id)
        entries: dict[str, str | None] = {stix_id: found.entry}  # the reader's current ones
        members, frontier = {stix_id}, [stix_id]
        refs: list[tuple[str, str, str]] = []  # what the members' visible versions refer to
        shown: dict[tuple[str, str], Link] = {}
        asked: set[str] = set()
        while frontier and len(members) < MAX_ENTITY:
            links = self._fusion.links(e for s in frontier if (e := entries.get(s)) is not None)
            about = self._fusion.refs_to(frontier, visibility)
            refs += about
            decisions = self._decisions(about, visibility)
            ends = {object_of(end) for link in links for end in (link.a, link.b)}
            current = self._fusion.current(ends - entries.keys(), visibility)
            entries.update({s: c.entry for s, c in current.items()})
            asked, frontier = set(frontier), []
            for link in links:
                a, b = object_of(link.a), object_of(link.b)
                if entries.get(a) != link.a or entries.get(b) != link.b:
                    continue  # an end the reader may not see, or not in the version it sees
                pair = (a, b)
                decided = decisions.get(pair)
                shown[pair] = Link(a, b, link.score, link.band, link.why, decided)
                joins = decided is True or (link.band == "link" and decided is not False)
                if joins:
                    for end in pair:
                        if end not in members:
                            members.add(end)
                            frontier.append(end)
        if frontier:  # the entity stopped growing at MAX_ENTITY: its last members' claims
            refs += self._fusion.refs_to(set(frontier) - asked, visibility)
        claims = sorted(
            {s for s, kind, _ in refs if kind in ("report", "sighting", "relationship")}
        )
        return self._view(stix_id, members, entries, list(shown.values()), claims, visibility)

    def _view(
        self,
        stix_id: str,
        members: set[str],
        entries: dict[str, str | None],
        links: list[Link],
        claims: list[str],
        visibility: Visibility,
    ) -> EntityView:
        """The entity as shown: names of the reader's current versions, who shared them,
        the links, and the corroboration of the claims (reports, sightings, relationships
        whose visible version is about a member)."""
        filed = self._fusion.names(e for m in members if (e := entries.get(m)) is not None)
        names = {m: filed[e] for m in members if (e := entries.get(m)) is not None and e in filed}
        sharers = self._objects.sharers(members, visibility)
        forms: list[NameForm] = []
        if names:  # a name's script needs folding only, not the scoring (fusion's face)
            from allyhub.fusion import script_labels

            forms = [
                NameForm(text, (script_labels(text) or ("Latin",))[0], object_id, member)
                for object_id, (_kind, texts) in sorted(names.items())
                for text in texts
                for member in sorted(sharers.get(object_id, {""}))
            ]
        kind = names.get(stix_id, ("", []))[0]
        return EntityView(
            id=stix_id,
            kind=kind,
            names=forms,
            objects=sorted(members),
            members=sorted({m for ms in sharers.values() for m in ms}),
            links=sorted(links, key=lambda link: (-link.score, link.a, link.b)),
            corroboration=[self.corroboration_of(claim, visibility) for claim in claims],
        )

    def entities(
        self, principal: Principal, query: str, kind: str | None = None, limit: int = 20
    ) -> list[EntityView]:
        """Entities whose names match a query in any script, as this principal sees them:
        only the names of the versions it sees are searched, and `limit` counts what it
        may see (a hidden match never takes a visible one's place)."""
        from allyhub.fusion import KINDS

        if not query.strip():
            raise InvalidRequest("give a name to search for")
        if kind is not None and kind not in KINDS:
            raise InvalidRequest(f"kind {kind!r}: use one of {', '.join(KINDS)}")
        visibility = self._visibility(principal)

        def current(entries: list[str]) -> set[str]:
            """The entries that are the reader's current entry of their object."""
            found = self._fusion.current({object_of(e) for e in entries}, visibility)
            return {e for e in entries if (c := found.get(object_of(e))) and c.entry == e}

        kinds: tuple[Kind, ...] = (
            tuple(k for k in KINDS if k == kind)
            if kind
            else ("person", "organization", "threat-actor", "location", "malware")
        )
        hits: dict[str, float] = {}
        with self._lock:  # the index is not thread-safe; the worker adds to it
            index = self._name_index()
            for each in kinds:
                matches = index.resolve(
                    each, [query], limit=limit, accept=current, weight_floor=0.0
                )
                for entry, match in matches:
                    stix_id = object_of(entry)
                    hits[stix_id] = max(hits.get(stix_id, 0.0), match.score)
        found: list[EntityView] = []
        covered: set[str] = set()
        for stix_id in sorted(hits, key=lambda i: (-hits[i], i)):
            if stix_id in covered:
                continue
            view = self.entity(principal, stix_id)
            covered.update(view.objects)
            found.append(view)
            if len(found) >= limit:
                break
        return found

    def links_among(self, principal: Principal, ids: Iterable[str]) -> list[Link]:
        """Fusion links (link and review bands, not rejected) between two of these
        objects, in the versions the principal sees now: the graph's fusion edges. A
        link with an end it may not see is not there for it."""
        visibility = self._visibility(principal)
        current = self._fusion.current(ids, visibility)
        entries = {c.entry: stix_id for stix_id, c in current.items() if c.entry is not None}
        rows = [
            row
            for row in self._fusion.links(entries)
            if row.a in entries and row.b in entries and row.band in ("link", "review")
        ]
        pairs = {entries[row.a] for row in rows} | {entries[row.b] for row in rows}
        decisions = self._decisions(self._fusion.refs_to(pairs, visibility), visibility)
        found: list[Link] = []
        for row in rows:
            a, b = entries[row.a], entries[row.b]
            decided = decisions.get((min(a, b), max(a, b)))
            if decided is not False:
                found.append(Link(a, b, row.score, row.band, row.why, decided))
        return found

    def to_review(self, principal: Principal, limit: int = 20) -> list[Link]:
        """Undecided links in the review band between two versions the principal sees
        now (its current ones): what waits on an analyst's decision. A link with an end
        it may not see is not there for it."""
        visibility = self._visibility(principal)
        rows = self._fusion.in_band("review", limit * 20)
        ends = {object_of(end) for row in rows for end in (row.a, row.b)}
        current = self._fusion.current(ends, visibility)
        shown = [
            row
            for row in rows
            if (left := current.get(object_of(row.a))) is not None
            and left.entry == row.a
            and (right := current.get(object_of(row.b))) is not None
            and right.entry == row.b
        ]
        pairs = {object_of(row.a) for row in shown} | {object_of(row.b) for row in shown}
        decisions = self._decisions(self._fusion.refs_to(pairs, visibility), visibility)
        found: list[Link] = []
        for row in shown:
            a, b = object_of(row.a), object_of(row.b)
            if (min(a, b), max(a, b)) in decisions:
                continue
            found.append(Link(a, b, row.score, row.band, row.why))
            if len(found) >= limit:
                break
        return found

    def corroboration(self, principal: Principal, stix_id: str) -> Claim:
        return self.corroboration_of(stix_id, self._require(principal, stix_id)[0])

    def corroboration_of(self, stix_id: str, visibility: Visibility) -> Claim:
        """Who supports a claim (its sharers, agreeing opinions, other members' sightings of
        the same thing) and who opposes it (disagreeing opinions), among what may be seen,
        each as of the newest version the reader may see."""
        supporting = set(self._objects.sharers([stix_id], visibility).get(stix_id, set()))
        opposing: set[str] = set()
        refs = [
            s for s, role, _ in self._fusion.refs_to([stix_id], visibility) if role == "opinion"
        ]
        latest = self._objects.latest_visible([stix_id, *refs], visibility)
        claim = orjson.loads(latest[stix_id][1]) if stix_id in latest else {}
        for source in refs:
            if source not in latest:
                continue
            member, body = latest[source]
            opinion = orjson.loads(body).get("opinion")
            if opinion in ("agree", "strongly-agree"):
                supporting.add(member)
            elif opinion in ("disagree", "strongly-disagree"):
                opposing.add(member)
        target = claim.get("sighting_of_ref")
        if claim.get("type") == "sighting" and isinstance(target, str):
            others = [
                s for s, role, _ in self._fusion.refs_to([target], visibility) if role == "sighting"
            ]
            for members in self._objects.sharers(others, visibility).values():
                supporting |= members
        return Claim(
            stix_id, str(claim.get("type", "")), sorted(supporting - opposing), sorted(opposing)
        )

    def correlations(self, principal: Principal, stix_id: str) -> list[Correlation]:
        """Objects that share an observable value with this one, or lie near it, each as
        of the newest version the reader may see (this one too)."""
        visibility, current = self._require(principal, stix_id)
        found: list[Correlation] = []
        for value in self._fusion.values(current.date_added):
            others = self._fusion.sharing_value(value, visibility, stix_id, COMMON + 1)
            found.append(
                Correlation(value.kind, value.value, others[:COMMON], len(others) > COMMON)
            )
        place = self._fusion.place(current.date_added)
        if place is not None:
            band = NEAR_KM / 111.0
            near = sorted(
                {
                    other
                    for other, lat, lon in self._fusion.places_near(place[0], band, visibility)
                    if other != stix_id and distance_km(place, (lat, lon)) <= NEAR_KM
                }
            )
            found.append(
                Correlation(
                    "place", f"{place[0]:.4f},{place[1]:.4f}", near[:COMMON], len(near) > COMMON
                )
            )
        return [c for c in found if c.objects or c.common]

    # -- decisions --------------------------------------------------------------------

    def decide(self, principal: Principal, a: str, b: str, same: bool) -> Link:
        """Confirm or reject that two objects are the same entity.

        The decision is a STIX object of the deciding member, released to the members who
        can see both objects now, so every hub applies it and nobody learns of an object
        through it. A rejection blocks the link for good.
        """
        self._admission.require(principal, Action.DECIDE)
        if a == b:
            raise InvalidRequest("a decision is about two different objects")
        visibility = self._visibility(principal)
        seen = self._objects.visible_ids([a, b], visibility)
        if seen != {a, b}:
            raise NotFound(f"no object {a if a not in seen else b}")
        state = self._coalition.state()
        audience = {principal.member}
        for member in state.members.values():
            if member.sees_nothing:
                continue
            if self._objects.visible_ids([a, b], self._coalition.visibility_of(member)) == {a, b}:
                audience.add(member.member)
        pair = sorted((a, b))
        now = format_timestamp(self._clock())
        identity = state.identity_of(principal.member) or ""
        decision_id = (
            f"{DECISION}--{uuid.uuid5(_DECISIONS, principal.member + '/' + '/'.join(pair))}"
        )
        identities = [i for i, m in state.identities.items() if m in audience]
        marking = releasability_marking(identities, identity)
        decision: dict[str, Any] = {
            "type": DECISION,
            "spec_version": "2.1",
            "id": decision_id,
            "created": now,
            "modified": now,
            "created_by_ref": identity,
            "object_refs": pair,
            "decision": "same" if same else "different",
            "object_marking_refs": [TLP2_ID[Tlp.AMBER_STRICT], marking["id"]],
            "extensions": {FUSION_EXTENSION: {"extension_type": "new-sdo"}},
        }

        def audit(writer: UnitOfWork, _admitted: Admitted) -> None:
            entry = Act(
                principal.id,
                principal.member,
                "fusion.decide",
                about=principal.member,
                subject=decision_id,
                detail={"pair": pair, "same": same},
            )
            self._audit.append(writer, entry)

        admitted = self._admission.local(
            principal,
            self._coalition.decisions_collection,
            [marking, decision],
            kind=Intake.DECISION,
            action=Action.DECIDE,
            then=audit,
        )
        if admitted.refusals:
            raise InvalidRequest(admitted.refusals[0].message)
        self.catch_up()
        current = self._fusion.current(pair, visibility)
        entries = [c.entry for i in pair if (c := current.get(i)) and c.entry is not None]
        filed = self._fusion.names(entries)
        names = {object_of(e): filed[e] for e in entries if e in filed}
        kinds = {names[i][0] for i in pair if i in names}
        match = None
        if len(names) == 2 and len(kinds) == 1:
            from allyhub.fusion import EntityNames, score

            kind: Kind = kinds.pop()  # type: ignore[assignment]
            match = score(
                EntityNames(kind, tuple(names[pair[0]][1])),
                EntityNames(kind, tuple(names[pair[1]][1])),
                kind,
                self._bands,
                self._known_tables(),
            )
        return Link(
            pair[0],
            pair[1],
            match.score if match else 0.0,
            match.band if match else "reject",
            match.why if match else "",
            same,
        )
