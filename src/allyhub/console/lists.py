"""The console's lists: the feed paged both ways with its total, sorted, exported as a
STIX bundle or CSV; the audit trail in plain words, filtered and paged; the dashboard of
what waits on the member, with its charts of sharing over time.

Handlers only turn the request into the services' arguments and render; every count,
page and exported line comes from the services with the reader's visibility in it.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from allyhub import errors
from allyhub.console import forms
from allyhub.console.pages import Page, Pages
from allyhub.console.rendering import SECURITY_HEADERS, when
from allyhub.console.sessions import Session
from allyhub.policy import MotionStatus
from allyhub.service import Action, Cursor, FeedFilter, Item, ListingService, Order, Principal

PAGE_SIZES = (25, 50, 100, 200)
CSV_COLUMNS = ("id", "type", "name", "shared_by", "tlp", "added", "created", "modified")
AUDIT_PAGE = 50
AUDIT_MOST = 5000
"""The audit page reads at most this many entries back (older ones: `allyhub audit`)."""

ACTS = {
    "login": "signed in",
    "logout": "signed out",
    "share": "shared objects",
    "share.refused": "was refused a share",
    "delete": "deleted versions",
    "read.refused": "asked for an object it may not see (or that does not exist)",
    "session.refused": "used a session whose key no longer holds",
    "auth.refused": "a sign-in failed",
    "auth.locked": "sign-ins were locked after failures",
    "motion": "proposed a motion",
    "vote": "voted",
    "respond": "answered an invitation",
    "deny": "changed its deny list",
    "withdraw": "withdrew",
    "key.create": "a key was issued",
    "key.revoke": "a key was revoked",
    "key.issue": "its liaison issued a key",
    "key.withdraw": "its liaison revoked a key",
    "keys.refused": "was refused managing keys",
    "fusion.decide": "decided whether two names are the same",
    "rfi.ask": "asked a request for information",
    "rfi.route": "tasked members on a request",
    "rfi.accept": "accepted a request",
    "rfi.decline": "declined a request",
    "rfi.answer": "answered a request",
    "rfi.satisfy": "closed a request as satisfied",
    "rfi.close": "closed a request",
    "rfi.refused": "was refused an act on a request",
    "rfi.capabilities": "declared its capabilities",
    "rfi.requirement": "stated a standing requirement",
}
"""What each audit act means, in words (an act not listed shows its code)."""


def act_words(act: str) -> str:
    if act in ACTS:
        return ACTS[act]
    if act.endswith(".refused"):
        return f"was refused: {act.removesuffix('.refused')}"
    return act


def detail_words(detail: bytes) -> list[tuple[str, str]]:
    """An entry's detail as (what, value) pairs, for reading, not JSON."""
    try:
        data = orjson.loads(detail or b"{}")
    except orjson.JSONDecodeError:
        return [("detail", detail.decode(errors="replace"))]
    if not isinstance(data, dict):
        return [("detail", str(data))]
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = ", ".join(f"{k}: {v}" for k, v in value.items())
        else:
            text = str(value)
        pairs.append((key.replace("_", " "), text))
    return pairs


class Lists:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.services = pages.services
        self.marks = pages.marks

    # -- the feed -----------------------------------------------------------------------

    def _cursor(self, principal: Principal, params: forms.MultiMap) -> Cursor | None:
        for kind, back in (("next", False), ("prev", True)):
            token = forms.strings(params, kind)
            if token:
                return Cursor(self.marks.open(kind, principal.id, token[0]), back)
        legacy = forms.strings(params, "before")  # links made before pages went both ways
        if legacy:
            return Cursor(self.marks.open("before", principal.id, legacy[0]))
        return None

    def _token(self, principal: Principal, cursor: Cursor | None) -> str:
        if cursor is None:
            return ""
        return self.marks.seal("prev" if cursor.back else "next", principal.id, cursor.at)

    async def feed(self, request: Request) -> Response:
        def work(principal: Principal, _session: Session) -> Page:
            params = request.query_params
            f = forms.feed_filter(params)
            order = _order(params)
            size = forms.integer(params, "size") or 50
            if size not in PAGE_SIZES:
                raise errors.InvalidRequest(f"size: one of {', '.join(map(str, PAGE_SIZES))}")
            cursor = self._cursor(principal, params)
            page = self.services.listing.page(principal, f, order, cursor, size)
            query = forms.filter_query(params)
            keep = "&".join(
                part
                for part in (
                    query,
                    f"sort={order.value}" if order is not Order.NEWEST else "",
                    f"size={size}" if size != 50 else "",
                )
                if part
            )
            fresh = cursor is None and order is Order.NEWEST
            mark = page.items[0].date_added if fresh and page.items else 0
            return Page(
                "feed.html",
                {
                    "page": page,
                    "f": f,
                    "query": query,
                    "keep": keep,
                    "types": forms.TYPES,
                    "collections": self.services.browse.collections(principal),
                    "order": order.value,
                    "size": size,
                    "sizes": PAGE_SIZES,
                    "live": f"/events?{query}" if fresh else "",
                    "mark": self.marks.seal("after", principal.id, mark),
                    "following": self._token(principal, page.following),
                    "preceding": self._token(principal, page.preceding),
                },
            )

        return await self.pages._run(request, "feed", work)

    async def export(self, request: Request) -> Response:
        kind = request.path_params["kind"]

        def work(principal: Principal, _session: Session) -> Response:
            if kind not in ("json", "csv"):
                raise errors.NotFound(f"no export as {kind!r}: json (a STIX bundle) or csv")
            f = forms.feed_filter(request.query_params)
            listing = self.services.listing
            listing.total(principal, f, most=0)  # refuses here, as a page, what it would
            stamp = datetime.fromtimestamp(listing.now() / 1e6, UTC).strftime("%Y%m%dT%H%M%SZ")
            name = f"allyhub-{self.services.coalition.hub.id}-{stamp}.{kind}"
            body = _bundle(listing, principal, f) if kind == "json" else _csv(listing, principal, f)
            media = "application/stix+json;version=2.1" if kind == "json" else "text/csv"
            headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
            return StreamingResponse(body, media_type=media, headers=headers)

        return await self.pages._run(request, "feed", work)

    # -- the audit trail ----------------------------------------------------------------

    async def audit(self, request: Request) -> Response:
        def work(principal: Principal, _session: Session) -> Page:
            params = request.query_params
            chosen = set(forms.strings(params, "act"))
            since, until = _days(params)
            everything = self.services.audit.view(
                principal, since=since, until=until, limit=AUDIT_MOST, newest_first=True
            )
            acts = sorted({e.act for _, e in everything})
            matching = [(h, e) for h, e in everything if not chosen or e.act in chosen]
            start = forms.integer(params, "start") or 0
            shown = matching[start : start + AUDIT_PAGE]
            query = urlencode(
                [(k, v) for k in ("act", "since", "until") for v in forms.strings(params, k)]
            )
            return Page(
                "audit.html",
                {
                    "entries": [(h, e, act_words(e.act), detail_words(e.detail)) for h, e in shown],
                    "total": len(matching),
                    "start": start,
                    "size": AUDIT_PAGE,
                    "capped": len(everything) >= AUDIT_MOST,
                    "acts": [(a, act_words(a)) for a in acts],
                    "chosen": chosen,
                    "since": forms.strings(params, "since"),
                    "until": forms.strings(params, "until"),
                    "query": query,
                    "collections": {c.id: c.title for c in self.services.charter.collections},
                },
            )

        return await self.pages._run(request, "audit", work)

    # -- the dashboard ------------------------------------------------------------------

    async def dashboard(self, request: Request) -> Response:
        def work(principal: Principal, session: Session) -> Page:
            services = self.services
            board = services.browse.dashboard(principal, session.since)
            governance = services.governance
            motions = governance.motions(principal)
            awaiting = [
                m
                for m in motions
                if governance.allowed(principal, Action.VOTE, m) and principal.member not in m.votes
            ]
            invitations = [m for m in motions if governance.allowed(principal, Action.ANSWER, m)]
            tasked = _tasked(self, principal)
            review = services.fusion.to_review(principal, limit=20)
            listing = services.listing
            about = listing.about(principal, [*board.news, *board.responses])
            ends = [end for link in review for end in (link.a, link.b)]
            about.update(listing.by_ids(principal, ends))
            return Page(
                "dashboard.html",
                {
                    "board": board,
                    "awaiting": awaiting,
                    "invitations": invitations,
                    "open": [m for m in motions if m.status is MotionStatus.OPEN],
                    "tasked": tasked,
                    "review": review,
                    "about": about,
                    "chart": listing.chart(principal, FeedFilter()),
                    "live": "/events",
                    "mark": self.marks.seal("after", principal.id, board.mark),
                },
            )

        return await self.pages._run(request, "dashboard", work)


def _tasked(lists: Lists, principal: Principal) -> list[Any]:
    """The requests waiting on the member's decision or answer (none when it may not read
    requests at all)."""
    try:
        queue = lists.services.rfi.queue(principal)
    except (errors.NotPermitted, errors.NotFound):
        return []
    return [*queue.tasked, *queue.asked]


def _order(params: forms.MultiMap) -> Order:
    text = forms.strings(params, "sort")
    try:
        return Order(text[0]) if text else Order.NEWEST
    except ValueError:
        raise errors.InvalidRequest("sort: newest or oldest") from None


def _days(params: forms.MultiMap) -> tuple[int | None, int | None]:
    f = forms.feed_filter(params)
    return f.since, f.until


def _bundle(listing: ListingService, principal: Principal, f: FeedFilter) -> Iterator[bytes]:
    """A STIX 2.1 bundle of the view, streamed: the objects, then the marking
    definitions they use (so another hub can take it whole)."""
    yield b'{"type":"bundle","id":"bundle--' + str(uuid.uuid4()).encode() + b'","objects":['
    first = True
    batch: list[Item] = []
    for item in listing.export(principal, f):
        yield (b"" if first else b",") + orjson.dumps(item.body)
        first = False
        batch.append(item)
        if len(batch) >= 500:
            batch = _definitions_later(batch)
    for definition in listing.definitions(principal, batch):
        yield (b"" if first else b",") + orjson.dumps(definition.body)
        first = False
    yield b"]}"


def _definitions_later(batch: list[Item]) -> list[Item]:
    """Keep only what the definitions step needs from a long export: each distinct
    marking list once."""
    seen: dict[str, Item] = {}
    for item in batch:
        key = orjson.dumps(item.body.get("object_marking_refs") or []).decode()
        seen.setdefault(key, item)
    return list(seen.values())


def _csv(listing: ListingService, principal: Principal, f: FeedFilter) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in listing.export(principal, f):
        body = item.body
        writer.writerow(
            (
                item.stix_id,
                item.type,
                _safe(item.title),
                item.shared_by,
                f"TLP:{item.tlp.label.upper()}",
                when(item.added),
                body.get("created", ""),
                body.get("modified", ""),
            )
        )
        yield out.getvalue().encode()
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
