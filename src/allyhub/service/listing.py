"""Lists an analyst works through: the feed paged both ways with the total it may see,
sorted either way, exported whole as a STIX bundle or CSV, and its sharing counted over
time for the dashboard's charts.

Every figure comes from the store's queries with the reader's visibility in them (the
policy's where-clause): a total, a page, an exported line or a bar of a chart never
includes an object the reader may not see, so a hidden object changes no count.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from allyhub.charter import Tlp
from allyhub.records import ObjectQuery
from allyhub.service.browsing import BrowseService, FeedFilter, Item
from allyhub.service.browsing import _item as item_of
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, ObjectStore
from allyhub.service.principals import Principal
from allyhub.stix.index import references
from allyhub.stix.markings import TLP2_ID

TLP2_IDS = frozenset(TLP2_ID.values())
DAY = 86_400_000_000
COUNTED = 10_000
"""Totals and positions are counted up to this many objects a collection; past it a page
says "more than", so that paging a million objects costs what paging a thousand does."""
CHARTED = 20_000
"""The charts of sharing count the newest this many versions of a collection."""
"""µs in a day: the charts' smallest period."""


class Order(enum.StrEnum):
    """How a list is sorted: by when each object was added here."""

    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page starts: after this row, going on in the list's order (`back`: the
    page before it instead)."""

    at: int
    back: bool = False


@dataclass(frozen=True, slots=True)
class ListPage:
    items: list[Item]
    total: int  # every object matching the filters that the reader may see (see exact)
    exact: bool  # False: counting stopped; there are more than total - 1
    first: int  # 1-based position of its first item in the whole list (0: not known)
    following: Cursor | None  # the next page, in the list's order
    preceding: Cursor | None  # the page before


@dataclass(frozen=True, slots=True)
class Bar:
    """One period of a chart: how many versions each member (or each TLP) shared."""

    start: int  # µs
    by_member: dict[str, int]
    by_tlp: dict[Tlp, int]

    @property
    def total(self) -> int:
        return sum(self.by_member.values())


@dataclass(frozen=True, slots=True)
class Chart:
    bars: list[Bar]
    width: int  # µs per bar
    members: list[str]
    highest: int


class ListingService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        browse: BrowseService,
        clock: Clock,
        matching: Callable[[Principal, str], list[str]] | None = None,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._browse = browse
        self._clock = clock
        self._matching = matching

    def _narrowed(self, principal: Principal, f: FeedFilter) -> FeedFilter:
        """The filters with their text read as the search box reads it (`matching`: names
        in any script through fusion, values inside patterns, ids, words), so a list, its
        total, its export and its chart find what the search finds."""
        if not f.text.strip() or self._matching is None:
            return f
        return replace(f, text="", ids=tuple(self._matching(principal, f.text)))

    def now(self) -> int:
        """The hub's time (µs): what an export is stamped with, as its records are."""
        return self._clock()

    def total(self, principal: Principal, f: FeedFilter, most: int | None = None) -> int:
        """How many objects match the filters, of those the reader may see (counting at
        most `most` + 1 a collection)."""
        f = self._narrowed(principal, f)
        scope = self._browse.scope(principal, f.collection)
        reader, collections = scope.reader, scope.collections
        return sum(
            self._store.count_matching(self._browse.query(c, f, 1), reader.visibility, most)
            for c in collections
        )

    def page(
        self,
        principal: Principal,
        f: FeedFilter,
        order: Order = Order.NEWEST,
        cursor: Cursor | None = None,
        limit: int = 50,
    ) -> ListPage:
        """One page of the list in `order`, from `cursor` (the start without one), with
        the total and the cursors of the pages on either side."""
        f = self._narrowed(principal, f)
        scope = self._browse.scope(principal, f.collection)
        reader, collections = scope.reader, scope.collections
        newest = order is Order.NEWEST
        back = cursor is not None and cursor.back
        # walking the list's own way, or the other way for the page before
        descending = newest != back
        found: list[Item] = []
        more = False
        total = passed = 0  # passed: rows on the cursor's far side, its own row included
        exact = known = True  # whether total, and passed, were counted whole
        for collection in collections:
            base = self._browse.query(collection, f, limit)
            counted = self._store.count_matching(base, reader.visibility, COUNTED)
            total, exact = total + counted, exact and counted <= COUNTED
            query = replace(base, newest_first=descending)
            if cursor is not None:
                query = _bounded(query, cursor.at, below=descending)
                before_page = _bounded(base, cursor.at, below=not descending, inclusive=True)
                counted = self._store.count_matching(before_page, reader.visibility, COUNTED)
                passed, known = passed + counted, known and counted <= COUNTED
            rows = self._store.page(query, reader.visibility, with_body=True)
            more = more or rows.more
            found += [item_of(row, collection) for row in rows.rows]
        found.sort(key=lambda i: i.date_added, reverse=descending)
        if len(found) > limit:
            found, more = found[:limit], True
        if back:
            found.reverse()
        if not found:
            return ListPage([], total, exact, 0, None, None)
        # rows before this page in the list's order: those passed going on; going back,
        # those beyond what this walk reached (None: not counted)
        earlier: int | None = passed if known else None
        if back:
            earlier = total - passed - len(found) if known and exact else None
        # going back, the page it came from follows
        following = Cursor(found[-1].date_added) if more or back else None
        if exact and earlier is not None and earlier + len(found) >= total:
            following = None
        before = more if back else passed > 0
        preceding = Cursor(found[0].date_added, back=True) if before else None
        first = earlier + 1 if earlier is not None else 0
        return ListPage(found, total, exact, first, following, preceding)

    def export(self, principal: Principal, f: FeedFilter, most: int = 100_000) -> Iterator[Item]:
        """Every object of the list (newest first, at most `most`), a page at a time:
        what an export of the current view holds."""
        cursor: Cursor | None = None
        sent = 0
        while sent < most:
            page = self.page(principal, f, Order.NEWEST, cursor, limit=min(500, most - sent))
            yield from page.items
            sent += len(page.items)
            if page.following is None:
                return
            cursor = page.following

    def about(self, principal: Principal, items: list[Item]) -> dict[str, Item]:
        """id -> the newest visible version of each object these items are about (what
        an opinion, note, sighting or relationship refers to), for showing their subject
        by name. What the reader may not see is simply absent."""
        return self.by_ids(principal, [ref for i in items for ref in references(i.body)])

    def by_ids(self, principal: Principal, ids: Iterable[str]) -> dict[str, Item]:
        """id -> the newest version of each that the reader may see (at most 900 ids)."""
        scope = self._browse.scope(principal, "")
        reader, collections = scope.reader, scope.collections
        wanted = tuple(sorted(set(ids)))[:900]
        found: dict[str, Item] = {}
        if not wanted:
            return found
        for collection in collections:
            query = ObjectQuery(collection.id, limit=len(wanted), ids=wanted)
            for row in self._store.page(query, reader.visibility, with_body=True).rows:
                item = item_of(row, collection)
                held = found.get(item.stix_id)
                if held is None or held.version < item.version:
                    found[item.stix_id] = item
        return found

    def definitions(self, principal: Principal, items: list[Item]) -> list[Item]:
        """The marking definitions these items use that the reader may see (the
        releasability lists), so that an export can be imported elsewhere whole."""
        scope = self._browse.scope(principal, "")
        reader, collections = scope.reader, scope.collections
        wanted = sorted(
            {
                str(ref)
                for i in items
                for ref in _list(i.body.get("object_marking_refs"))
                if str(ref) not in TLP2_IDS
            }
        )
        found: dict[str, Item] = {}
        for start in range(0, len(wanted), 500):
            chunk = tuple(wanted[start : start + 500])
            for collection in [*collections, self._coalition.definitions_collection]:
                query = ObjectQuery(collection.id, limit=len(chunk), ids=chunk)
                for row in self._store.page(query, reader.visibility, with_body=True).rows:
                    found.setdefault(row.stix_id, item_of(row, collection))
        return list(found.values())

    def chart(self, principal: Principal, f: FeedFilter, bars: int = 24, days: int = 365) -> Chart:
        """Sharing over the last `days` days: versions the reader may see (the newest
        CHARTED of them a collection), by period of when they were added here, by member
        and by TLP; the period widens (day, week,
        30 days, ...) so that it fits in about `bars` bars."""
        f = self._narrowed(principal, f)
        scope = self._browse.scope(principal, f.collection)
        reader, collections = scope.reader, scope.collections
        since = self._clock() - days * DAY
        f = replace(f, since=since if f.since is None else max(f.since, since))
        rows: list[tuple[int, str, int, int]] = []
        for collection in collections:
            query = self._browse.query(collection, f, 1)
            rows += self._store.tally(query, reader.visibility, DAY, CHARTED)
        if not rows:
            return Chart([], DAY, [], 0)
        days = (max(r[0] for r in rows) - min(r[0] for r in rows)) // DAY + 1
        width = DAY * next(w for w in (1, 7, 30, 91, 365, 3650, 10**6) if days / w <= bars)
        merged: dict[int, Bar] = {}
        for start, member, tlp, count in rows:
            at = start // width * width
            bar = merged.setdefault(at, Bar(at, {}, {}))
            bar.by_member[member] = bar.by_member.get(member, 0) + count
            bar.by_tlp[Tlp(tlp)] = bar.by_tlp.get(Tlp(tlp), 0) + count
        ordered = [merged[k] for k in sorted(merged)]
        members = sorted({m for b in ordered for m in b.by_member})
        return Chart(ordered, width, members, max(b.total for b in ordered))


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _bounded(query: ObjectQuery, at: int, *, below: bool, inclusive: bool = False) -> ObjectQuery:
    """The query narrowed to rows before (`below`) or after a row, keeping its filters'
    own bounds."""
    if below:
        edge = at + 1 if inclusive else at
        return replace(query, before=edge if query.before is None else min(query.before, edge))
    edge = at - 1 if inclusive else at
    return replace(query, after=edge if query.after is None else max(query.after, edge))
