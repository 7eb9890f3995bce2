"""The console's drawings: the graph (drawn in the browser by the vendored Cytoscape.js,
with fusion links, filters and expansion through a JSON endpoint) and the timeline (an
SVG time axis drawn here, zoomed by its window in the query string).

The data is what the services return for the reader: nodes, edges and fusion links only
among objects it may see, and a neighbour request for an object it may not see is the
same 404 as for one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from allyhub import errors
from allyhub.console import forms
from allyhub.console.pages import Page, Pages
from allyhub.console.rendering import SECURITY_HEADERS
from allyhub.console.sessions import Session
from allyhub.service import Graph, Item, Principal

GRAPH_NODES = 200
TIMELINE_WINDOW = 500
WIDTH, LANE, TOP, LEFT = 1000, 34, 28, 150
WHEN = ("first_seen", "first_observed", "start_time", "valid_from", "published", "created")
"""An object's own time, best first: when what it describes happened or was seen."""


def graph_data(graph: Graph, links: list[Any]) -> dict[str, Any]:
    """The drawing's JSON: nodes, edges (relationships and responses) and fusion links."""
    return {
        "nodes": [
            {
                "id": n.id,
                "type": n.type,
                "title": n.title,
                "tlp": n.tlp.label,
                "member": n.shared_by,
                "focus": n.focus,
            }
            for n in graph.nodes
        ],
        "edges": [
            {"source": e.source, "target": e.target, "label": e.label, "kind": "link"}
            for e in graph.edges
        ]
        + [
            {
                "source": k.a,
                "target": k.b,
                "label": f"same? {k.score:.2f}"
                if k.decided is None and k.band == "review"
                else "same entity",
                "kind": "fusion",
                "band": k.band,
            }
            for k in links
        ],
    }


@dataclass(frozen=True, slots=True)
class Dot:
    item: Item
    at: int  # µs
    x: float
    y: float
    lane: int
    field: str  # the property the time comes from


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    start: str  # the window that zooms into this period
    end: str


class Drawing:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.services = pages.services

    def _graph(self, principal: Principal, focus: str | None) -> tuple[Graph, dict[str, Any]]:
        graph = self.services.browse.graph(principal, focus, limit=GRAPH_NODES)
        links = self.services.fusion.links_among(principal, [n.id for n in graph.nodes])
        return graph, graph_data(graph, links)

    async def graph(self, request: Request) -> Response:
        focus = request.query_params.get("focus") or None

        def work(principal: Principal, _session: Session) -> Page:
            graph, data = self._graph(principal, focus)
            types = sorted({n.type for n in graph.nodes})
            members = sorted({n.shared_by for n in graph.nodes})
            fused = sum(1 for e in data["edges"] if e["kind"] == "fusion")
            return Page(
                "graph.html",
                {
                    "graph": graph,
                    "data": data,
                    "types": types,
                    "members": members,
                    "fused": fused,
                },
            )

        return await self.pages._run(request, "graph", work)

    async def neighbours(self, request: Request) -> Response:
        """What is linked to one object, as JSON for the drawing's *Expand*."""
        focus = request.query_params.get("id", "")

        def work(principal: Principal, _session: Session) -> Response:
            try:
                _graph, data = self._graph(principal, focus)
            except errors.NotFound:
                return JSONResponse(
                    {"error": "not found"}, status_code=404, headers=SECURITY_HEADERS
                )
            return JSONResponse(data, headers=SECURITY_HEADERS)

        return await self.pages._run(request, "graph", work)

    async def timeline(self, request: Request) -> Response:
        def work(principal: Principal, _session: Session) -> Page:
            params = request.query_params
            f = forms.feed_filter(params)
            page = self.services.browse.feed(principal, f, limit=TIMELINE_WINDOW)
            placed = sorted(
                (t for t in (_own_time(i) for i in page.items) if t is not None),
                key=lambda t: t[1],
            )
            start, end = _window(params, [at for _, at, _ in placed], self.services.listing.now())
            shown = [(i, at, fld) for i, at, fld in placed if start <= at < end]
            lanes = sorted({i.type for i, _, _ in shown})
            span = max(end - start, 1)
            dots = [
                Dot(
                    i,
                    at,
                    LEFT + (WIDTH - LEFT - 20) * (at - start) / span,
                    TOP + LANE * lanes.index(i.type) + LANE / 2,
                    lanes.index(i.type),
                    fld,
                )
                for i, at, fld in shown
            ]
            query = forms.filter_query(params)
            return Page(
                "timeline.html",
                {
                    "f": f,
                    "types": forms.TYPES,
                    "dots": dots,
                    "lanes": lanes,
                    "collections": self.services.browse.collections(principal),
                    "ticks": _ticks(start, end),
                    "width": WIDTH,
                    "left": LEFT,
                    "lane_h": LANE,
                    "top": TOP,
                    "height": TOP + LANE * max(len(lanes), 1) + 30,
                    "start": _date(start),
                    "end": _date(end),
                    "query": query,
                    "zoom": _zooms(start, end),
                    "placed": len(placed),
                    "window": TIMELINE_WINDOW,
                    "more": page.more,
                    "outside": len(placed) - len(shown),
                },
            )

        return await self.pages._run(request, "timeline", work)


def _own_time(item: Item) -> tuple[Item, int, str] | None:
    for key in WHEN:
        value = item.body.get(key)
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            return item, int(moment.timestamp() * 1_000_000), key
    return item, item.added, "added"


def _micros(day: datetime) -> int:
    return int(day.timestamp() * 1_000_000)


def _date(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1e6, tz=UTC).strftime("%Y-%m-%d")


def _window(params: forms.MultiMap, times: list[int], now: int) -> tuple[int, int]:
    """The time window shown: from the query (start, end: dates), else all the objects
    placed, a little widened; with none, the year to the hub's `now` (µs)."""
    chosen = [forms.strings(params, k) for k in ("start", "end")]
    if chosen[0] and chosen[1]:
        try:
            start = datetime.fromisoformat(chosen[0][0]).replace(tzinfo=UTC)
            end = datetime.fromisoformat(chosen[1][0]).replace(tzinfo=UTC)
        except ValueError:
            raise errors.InvalidRequest("start and end: dates as YYYY-MM-DD") from None
        if end <= start:
            raise errors.InvalidRequest("end: after start")
        return _micros(start), _micros(end)
    if not times:
        return now - 365 * 86_400_000_000, now + 86_400_000_000
    low, high = min(times), max(times)
    pad = max((high - low) // 20, 86_400_000_000)
    return low - pad, high + pad


def _zooms(start: int, end: int) -> dict[str, str]:
    """Query parts of the windows around this one: in, out, earlier, later."""
    span, middle = end - start, (start + end) // 2
    windows = {
        "in": (middle - span // 4, middle + span // 4),
        "out": (middle - span, middle + span),
        "earlier": (start - span // 2, end - span // 2),
        "later": (start + span // 2, end + span // 2),
    }
    return {
        name: f"start={_date(a)}&end={_date(max(b, a + 86_400_000_000))}"
        for name, (a, b) in windows.items()
    }


def _ticks(start: int, end: int) -> list[Tick]:
    """Labelled marks on the axis: years, months or days, as many as fit."""
    first = datetime.fromtimestamp(start / 1e6, tz=UTC)
    last = datetime.fromtimestamp(end / 1e6, tz=UTC)
    days = (last - first).days
    span = max(end - start, 1)
    ticks: list[Tick] = []

    def at(moment: datetime, label: str, until: datetime) -> None:
        x = LEFT + (WIDTH - LEFT - 20) * (_micros(moment) - start) / span
        if LEFT <= x <= WIDTH - 20:
            ticks.append(Tick(x, label, moment.strftime("%Y-%m-%d"), until.strftime("%Y-%m-%d")))

    if days > 3 * 365:
        step = max(1, days // 365 // 10)
        for year in range(first.year, last.year + 1, step):
            at(datetime(year, 1, 1, tzinfo=UTC), str(year), datetime(year + 1, 1, 1, tzinfo=UTC))
    elif days > 60:
        month = datetime(first.year, first.month, 1, tzinfo=UTC)
        step = max(1, days // 30 // 12)
        while month <= last:
            following = _add_months(month, step)
            at(month, month.strftime("%Y-%m"), _add_months(month, 1))
            month = following
    else:
        day = datetime(first.year, first.month, first.day, tzinfo=UTC)
        step = max(1, days // 12)
        while day <= last:
            at(day, day.strftime("%m-%d"), day + timedelta(days=1))
            day += timedelta(days=step)
    return ticks


def _add_months(moment: datetime, count: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + count
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)
