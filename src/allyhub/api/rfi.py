"""The HTTP API of requests for information: /rfis, /capabilities, /requirements.

Thin handlers over `services.rfi`, each calling one service method; the bodies are in
rfi_models.py. `/rfis/events` streams the changes a member may see as server-sent events
(docs/rfi.md). No `from __future__ import annotations` here: FastAPI reads the
annotations of these closures at run time.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from allyhub.api.rfi_models import (
    AskIn,
    BoardOut,
    CapabilityOut,
    ClosureIn,
    CoverageOut,
    DeclareIn,
    EventOut,
    QueueOut,
    RequirementIn,
    RequirementOut,
    RfiOut,
    RfiResponseIn,
    RoutingOut,
    TaskIn,
    duration,
    timestamp,
)
from allyhub.composition import Services
from allyhub.params import INT64, whole_number
from allyhub.rfi import Reply, RfiStatus
from allyhub.service import Declared, NewRequirement, Principal, Question


def rfi_router(
    services: Services,
    caller: Callable[..., Principal],
    poll_seconds: float = 1.0,
    route_class: type[APIRoute] = APIRoute,
) -> APIRouter:
    """The routes, authenticating with `caller` (the API's principal dependency);
    `route_class` is the API's (which checks JSON bodies within the hub's limits)."""
    router = APIRouter(tags=["requests for information"], route_class=route_class)
    Caller = Annotated[Principal, Depends(caller)]
    rfi = services.rfi

    @router.get("/rfis", response_model=list[RfiOut], summary="Requests you may see")
    def rfis(
        who: Caller,
        status: RfiStatus | None = None,
        mine: Annotated[bool, Query(description="Only those you asked or are tasked on")] = False,
    ) -> list[RfiOut]:
        return [RfiOut.of(v) for v in rfi.rfis(who, status, mine)]

    @router.post("/rfis", response_model=RfiOut, status_code=201, summary="Ask a request")
    def ask(who: Caller, body: AskIn) -> RfiOut:
        question = Question(
            question=body.question,
            priority=body.priority,
            deadline=timestamp(body.deadline, "deadline"),
            within=duration(body.within) if body.within else None,
            requirement=body.requirement,
            regions=tuple(body.regions),
            topics=tuple(body.topics),
            disciplines=tuple(body.disciplines),
            domains=tuple(body.domains),
            task=tuple(body.task),
            marking=body.marking(),
        )
        return RfiOut.of(rfi.ask(who, question))

    @router.get("/rfis/queue", response_model=QueueOut, summary="What waits on your member")
    def queue(who: Caller) -> QueueOut:
        return QueueOut.of(rfi.queue(who))

    @router.get("/rfis/board", response_model=BoardOut, summary="Requests by state")
    def board(who: Caller) -> BoardOut:
        return BoardOut.of(rfi.board(who))

    @router.get(
        "/rfis/coverage",
        response_model=CoverageOut,
        summary="Demand against capabilities: gaps, overdue requests, response times, PIRs",
    )
    def coverage(who: Caller) -> CoverageOut:
        return CoverageOut.of(rfi.coverage(who))

    @router.get(
        "/rfis/events",
        summary="Changes to requests you may see, as server-sent events",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    async def events(
        request: Request,
        who: Caller,
        after: Annotated[
            int | None, Query(ge=0, le=INT64, description="The cursor of the last event seen")
        ] = None,
        last_event_id: Annotated[str | None, Header()] = None,
        follow: Annotated[bool, Query(description="Keep the stream open")] = True,
    ) -> StreamingResponse:
        start = after
        if start is None and last_event_id:
            start = whole_number(last_event_id, "Last-Event-ID")
        seen = await run_in_threadpool(rfi.last_added)
        first = await run_in_threadpool(rfi.changes, who, start)  # errors before streaming

        async def stream() -> AsyncIterator[bytes]:
            cursor, batch, landed = start, first, seen
            while True:
                for event in batch:
                    cursor = event.cursor
                    data = orjson.dumps(EventOut.of(event).model_dump(mode="json"))
                    yield b"id: %d\nevent: %s\ndata: %s\n\n" % (cursor, event.kind.encode(), data)
                if not follow or await request.is_disconnected():
                    return
                if not batch:
                    yield b": keep-alive\n\n"
                await asyncio.sleep(poll_seconds)
                now = await run_in_threadpool(rfi.last_added)
                batch = [] if now == landed else await run_in_threadpool(rfi.changes, who, cursor)
                landed = now

        return StreamingResponse(
            stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    @router.get("/rfis/{rfi_id}", response_model=RfiOut, summary="One request")
    def get(who: Caller, rfi_id: str) -> RfiOut:
        return RfiOut.of(rfi.get(who, rfi_id))

    @router.get(
        "/rfis/{rfi_id}/suggestions",
        response_model=RoutingOut,
        summary="Members the hub proposes to task, scored with reasons",
    )
    def suggestions(who: Caller, rfi_id: str) -> RoutingOut:
        return RoutingOut.of(rfi.suggestions(who, rfi_id))

    @router.post(
        "/rfis/{rfi_id}/tasking",
        response_model=RfiOut,
        summary="Task members (the requester; they must be able to see the request)",
    )
    def task(who: Caller, rfi_id: str, body: TaskIn) -> RfiOut:
        return RfiOut.of(rfi.route(who, rfi_id, body.members))

    @router.post(
        "/rfis/{rfi_id}/response",
        response_model=RfiOut,
        summary="Accept, decline or answer (a tasked member)",
    )
    def respond(who: Caller, rfi_id: str, body: RfiResponseIn) -> RfiOut:
        view = rfi.respond(who, rfi_id, Reply(body.response), body.answer_refs, body.comment)
        return RfiOut.of(view)

    @router.post(
        "/rfis/{rfi_id}/closure",
        response_model=RfiOut,
        summary="Mark satisfied or close (the requester)",
    )
    def close(who: Caller, rfi_id: str, body: ClosureIn) -> RfiOut:
        view = rfi.close(who, rfi_id, body.outcome == "satisfied", body.resolution)
        return RfiOut.of(view)

    @router.get(
        "/capabilities",
        response_model=list[CapabilityOut],
        summary="What each member can collect, where, and its areas of responsibility",
    )
    def capabilities(who: Caller) -> list[CapabilityOut]:
        return [CapabilityOut.of(c) for c in rfi.capabilities(who)]

    @router.put(
        "/capabilities",
        response_model=list[CapabilityOut],
        summary="Declare your member's capabilities (a liaison); replaces the charter's",
    )
    def declare(who: Caller, body: DeclareIn) -> list[CapabilityOut]:
        declared = Declared(
            disciplines=tuple(body.disciplines),
            domains=tuple(body.domains),
            regions=tuple(body.regions),
            areas=tuple(body.areas),
            topics=tuple(body.topics),
            description=body.description,
            marking=body.marking(),
        )
        return [CapabilityOut.of(c) for c in rfi.declare(who, declared)]

    @router.get(
        "/requirements",
        response_model=list[RequirementOut],
        summary="Standing intelligence requirements (PIRs) you may see",
    )
    def requirements(who: Caller) -> list[RequirementOut]:
        return [RequirementOut.of(r) for r in rfi.requirements(who)]

    @router.post(
        "/requirements",
        response_model=RequirementOut,
        status_code=201,
        summary="State a standing intelligence requirement (PIR)",
    )
    def add_requirement(who: Caller, body: RequirementIn) -> RequirementOut:
        new = NewRequirement(
            name=body.name,
            priority=body.priority,
            description=body.description,
            regions=tuple(body.regions),
            topics=tuple(body.topics),
            marking=body.marking(),
        )
        return RequirementOut.of(rfi.add_requirement(who, new))

    return router
