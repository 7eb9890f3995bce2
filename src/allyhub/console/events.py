"""Live updates: `GET /events` streams the objects a session's member may see as they
arrive, as server-sent events.

Each connection polls once a second through the same visibility-filtered read as the
feed (`BrowseService.news`, with the page's filters), starting after the newest object
the page showed (or the `Last-Event-ID` the browser sends when it reconnects). The key is
looked up again on every poll, so a revoked key ends the stream at once. Nothing is
pushed that the member could not read on the feed. When the server is asked to stop
(`app.state.stopping`), streams end within a poll so the shutdown need not wait.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from allyhub import errors
from allyhub.composition import Services
from allyhub.console import forms
from allyhub.console.marks import Marks
from allyhub.console.rendering import tlp_class, tlp_label, when
from allyhub.console.sessions import COOKIE, Sessions
from allyhub.service import Item

POLL_SECONDS = 1.0
KEEPALIVE_POLLS = 15
STREAM_SECONDS = 20.0
"""A stream ends after this and the browser reconnects (with Last-Event-ID) two seconds
later: where the server cannot tell the app it is stopping (several workers), shutdown
waits for open streams at most this long."""


def event(item: Item, names: dict[str, str], mark: str) -> str:
    """One server-sent event; `mark` (the item's place, sealed) is its id, which the
    browser sends back as Last-Event-ID when it reconnects."""
    data = {
        "id": item.stix_id,
        "type": item.type,
        "title": item.title,
        "lang": item.lang,
        "shared_by": item.shared_by,
        "shared_by_name": names.get(item.shared_by, item.shared_by),
        "tlp": tlp_label(item.tlp),
        "tlp_class": tlp_class(item.tlp),
        "added": when(item.added),
        "url": f"/objects/{item.stix_id}",
    }
    return f"id: {mark}\nevent: object\ndata: {orjson.dumps(data).decode()}\n\n"


class Events:
    def __init__(self, services: Services, sessions: Sessions, marks: Marks) -> None:
        self.services = services
        self.sessions = sessions
        self.marks = marks

    async def stream(self, request: Request) -> Response:
        session = self.sessions.read(request.cookies.get(COOKIE))
        if session is None:
            return PlainTextResponse("sign in first", status_code=401)
        marks, principal_id = self.marks, session.principal
        try:
            f = forms.feed_filter(request.query_params)
            token = request.headers.get("last-event-id") or request.query_params.get("after")
            after = marks.open("after", principal_id, token) if token else 0
        except errors.InvalidRequest as exc:
            return PlainTextResponse(f"bad request: {exc}", status_code=400)
        keys, browse, governance = (
            self.services.keys,
            self.services.browse,
            self.services.governance,
        )

        def poll(after: int) -> tuple[int, list[str]]:
            """(the newest date_added sent, the events) of what arrived after `after`."""
            principal = keys.principal_for(session.key_id, session.principal)
            items = browse.news(principal, f, after)
            if not items:
                return after, []
            names = {m.id: m.name for m in governance.members(principal)}
            sent = [event(i, names, marks.seal("after", principal_id, i.date_added)) for i in items]
            return items[-1].date_added, sent

        stopping = getattr(request.app.state, "stopping", None)

        async def events(after: int) -> AsyncIterator[str]:
            yield "retry: 2000\n\n"
            idle = 0
            deadline = anyio.current_time() + STREAM_SECONDS
            while anyio.current_time() < deadline and not await request.is_disconnected():
                if stopping is not None and stopping.is_set():
                    return  # the server is stopping: the browser will reconnect
                try:
                    after, found = await run_in_threadpool(poll, after)
                except errors.NotAuthenticated:
                    yield "event: end\ndata: the session has ended\n\n"
                    return
                except errors.AllyhubError:
                    found = []  # a busy database or a standing change: try again next time
                for text in found:
                    yield text
                if found:
                    idle = 0
                else:
                    idle += 1
                    if idle % KEEPALIVE_POLLS == 0:
                        yield ": still here\n\n"
                await anyio.sleep(POLL_SECONDS)

        return StreamingResponse(
            events(after),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
