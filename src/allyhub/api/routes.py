"""The HTTP API's routes: thin handlers over the services, documented by OpenAPI.

Handlers are plain functions, so FastAPI runs them in its thread pool; each
authenticates, calls one service method and returns a model.
"""

import base64
from typing import Annotated

import orjson
from cryptography.hazmat.primitives import serialization
from fastapi import Depends, FastAPI, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from allyhub import errors
from allyhub.api.bodies import checked_route
from allyhub.api.errors import install as install_error_handlers
from allyhub.api.models import (
    AuditEntryOut,
    ClaimOut,
    CorrelationOut,
    DecisionIn,
    EntityOut,
    HubInfo,
    LinkOut,
    MemberOut,
    MotionIn,
    MotionOut,
    PushOut,
    ResponseIn,
    SyncOut,
    VoteIn,
    vars_of,
)
from allyhub.api.openapi import document
from allyhub.api.rfi import rfi_router
from allyhub.api.search import search_router
from allyhub.bodies import read_limited
from allyhub.composition import Services, json_limits
from allyhub.credentials import client_address, credentials
from allyhub.params import INT64
from allyhub.service import Principal, to_wire
from allyhub.timestamps import parse_timestamp


def api_app(services: Services) -> FastAPI:
    api = FastAPI(
        title="allyhub API",
        version="1",
        description="Governance, requests for information, audit and hub facts beside the "
        "TAXII 2.1 API. "
        "Authenticate as for TAXII: HTTP Basic (principal id, key) or Bearer.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        servers=[{"url": "/api"}],
    )
    checked = checked_route(json_limits(services.settings))
    api.router.route_class = checked  # JSON bodies within the hub's limits (api/bodies.py)

    def principal(request: Request) -> Principal:
        user, key = credentials(request)
        return services.keys.authenticate(key, user, client_address(request))

    Caller = Annotated[Principal, Depends(principal)]

    install_error_handlers(api)

    @api.get(
        "/hub", response_model=HubInfo, summary="This hub and the key that signs its audit trail"
    )
    def hub(caller: Caller) -> HubInfo:
        hub, charter = services.coalition.hub, services.charter
        raw = services.audit.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return HubInfo(
            hub=hub.id,
            name=hub.name,
            place=hub.place,
            coalition=charter.id,
            coalition_name=charter.name,
            taxii_api_root=f"/taxii2/{charter.id}/",
            audit_public_key=base64.b64encode(raw).decode(),
        )

    @api.get("/members", response_model=list[MemberOut], summary="Members and their standing")
    def members(caller: Caller) -> list[MemberOut]:
        return [MemberOut.of(m) for m in services.governance.members(caller)]

    @api.get("/motions", response_model=list[MotionOut], summary="Motions and their votes")
    def motions(caller: Caller) -> list[MotionOut]:
        return [MotionOut.of(m) for m in services.governance.motions(caller)]

    @api.get("/motions/{motion_id}", response_model=MotionOut, summary="One motion")
    def motion(caller: Caller, motion_id: str) -> MotionOut:
        return MotionOut.of(services.governance.motion(caller, motion_id))

    @api.post(
        "/motions",
        response_model=MotionOut,
        status_code=201,
        summary="Propose to admit, suspend, reinstate or expel a member (full members' liaisons)",
    )
    def propose(caller: Caller, body: MotionIn) -> MotionOut:
        motion = services.governance.propose(
            caller, body.kind, body.subject, name=body.name, tier=body.tier
        )
        return MotionOut.of(motion)

    @api.post("/motions/{motion_id}/votes", response_model=MotionOut, summary="Vote yes or no")
    def vote(caller: Caller, motion_id: str, body: VoteIn) -> MotionOut:
        return MotionOut.of(services.governance.vote(caller, motion_id, body.vote == "yes"))

    @api.post(
        "/motions/{motion_id}/response",
        response_model=MotionOut,
        summary="The invitee accepts or declines an invitation",
    )
    def respond(caller: Caller, motion_id: str, body: ResponseIn) -> MotionOut:
        return MotionOut.of(
            services.governance.respond(caller, motion_id, body.response == "accept")
        )

    @api.post(
        "/withdrawal", status_code=204, summary="Withdraw the caller's member from the coalition"
    )
    def withdraw(caller: Caller) -> None:
        services.governance.withdraw(caller)

    @api.put(
        "/denies/{member}", status_code=204, summary="Skip a member in the caller's future shares"
    )
    def deny(caller: Caller, member: str) -> None:
        services.governance.deny(caller, member, True)

    @api.delete("/denies/{member}", status_code=204, summary="Stop skipping a member")
    def allow(caller: Caller, member: str) -> None:
        services.governance.deny(caller, member, False)

    @api.get(
        "/audit",
        response_model=list[AuditEntryOut],
        summary="Audit entries the caller's member may read: its own acts, and motions, "
        "votes, keys and delete attempts about it",
    )
    def audit(
        caller: Caller,
        act: str | None = None,
        since: Annotated[str | None, Query(description="RFC 3339 timestamp")] = None,
        until: Annotated[str | None, Query(description="RFC 3339 timestamp")] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    ) -> list[AuditEntryOut]:
        try:
            start = parse_timestamp(since) if since else None
            end = parse_timestamp(until) if until else None
        except ValueError as exc:
            raise errors.InvalidRequest(f"since/until: {exc}") from None
        entries = services.audit.view(caller, act=act, since=start, until=end, limit=limit)
        return [AuditEntryOut.of(entry, hub) for hub, entry in entries]

    @api.get(
        "/entities",
        response_model=list[EntityOut],
        summary="Fused entities matching a name, in any script",
    )
    def entities(
        caller: Caller,
        q: str,
        kind: str | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> list[EntityOut]:
        return [EntityOut.of(e) for e in services.fusion.entities(caller, q, kind, limit)]

    @api.get(
        "/entities/{stix_id}",
        response_model=EntityOut,
        summary="The fused entity an object belongs to",
    )
    def entity(caller: Caller, stix_id: str) -> EntityOut:
        return EntityOut.of(services.fusion.entity(caller, stix_id))

    @api.get(
        "/objects/{stix_id}/correlations",
        response_model=list[CorrelationOut],
        summary="Objects sharing an observable value or a place",
    )
    def correlations(caller: Caller, stix_id: str) -> list[CorrelationOut]:
        return [CorrelationOut(**vars_of(c)) for c in services.fusion.correlations(caller, stix_id)]

    @api.get(
        "/objects/{stix_id}/corroboration",
        response_model=ClaimOut,
        summary="Members supporting and opposing a claim",
    )
    def corroboration(caller: Caller, stix_id: str) -> ClaimOut:
        return ClaimOut(**vars_of(services.fusion.corroboration(caller, stix_id)))

    @api.post(
        "/links",
        response_model=LinkOut,
        summary="Confirm or reject that two objects are the same entity",
    )
    def decide(caller: Caller, body: DecisionIn) -> LinkOut:
        link = services.fusion.decide(caller, body.a, body.b, body.decision == "same")
        return LinkOut(**vars_of(link))

    @api.get(
        "/sync",
        response_model=list[SyncOut],
        summary="Replication with each peer and feed: for the liaisons of the member that "
        "operates this hub, and for peer hubs (their own link); 403 with the reason otherwise",
    )
    def sync(caller: Caller) -> list[SyncOut]:
        figures = services.sync.figures(caller)
        return [
            SyncOut.of(
                f.cursor,
                f.collection,
                figures.served.get(f.cursor.peer, (0, None))[0],
                f.quarantined,
            )
            for f in figures.pulls
        ]

    @api.post(
        "/replication/{collection}",
        response_model=PushOut,
        summary="A peer hub pushes a page of versions (as it would serve them to our pull)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )
    async def push(request: Request, collection: str) -> PushOut:
        caller = await run_in_threadpool(principal, request)
        body = await read_limited(request, services.settings.max_content_length)
        received = await run_in_threadpool(
            services.replication.accept_push, caller, collection, body
        )
        return PushOut(added=received.added, refused=received.refused)

    @api.get(
        "/replication/audit",
        summary="For a peer hub: this hub's signed audit entries about the members it hosts",
    )
    def audit_export(
        caller: Caller, after: Annotated[int, Query(ge=0, le=INT64)] = 0
    ) -> dict[str, object]:
        key, entries = services.replication.audit_for_peer(caller, after)
        return {
            "hub": services.coalition.hub.id,
            "public_key": base64.b64encode(key).decode(),
            "entries": [to_wire(e) for e in entries],
        }

    @api.post(
        "/misp/events",
        summary="Import MISP events (as MISP exports them or PyMISP writes them): each event "
        "is converted by misp-stix with MISP's inheritance applied and shared whole; one "
        "TAXII status per event",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )
    async def misp_import(request: Request, collection: str = "joint") -> dict[str, object]:
        caller = await run_in_threadpool(principal, request)
        body = await read_limited(request, services.settings.max_content_length)
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise errors.InvalidRequest(f"the body is not JSON: {exc}") from None
        done = await run_in_threadpool(services.misp.import_events, caller, collection, document)
        return {"events": [{"uuid": uuid, "status": s.as_json()} for uuid, s in done]}

    @api.get(
        "/misp/{collection}/feed/manifest.json",
        summary="The caller's view of a collection as a MISP feed: its manifest (add "
        "<hub>/api/misp/<collection>/feed as a MISP feed, with an Authorization header)",
    )
    def misp_manifest(caller: Caller, collection: str) -> Response:
        feed = services.misp.feed(caller, collection)
        return Response(orjson.dumps(feed.manifest), media_type="application/json")

    @api.get("/misp/{collection}/feed/hashes.csv", summary="The MISP feed's value hashes")
    def misp_hashes(caller: Caller, collection: str) -> Response:
        feed = services.misp.feed(caller, collection)
        return Response(feed.hashes_csv(), media_type="text/csv")

    @api.get("/misp/{collection}/feed/{uuid}.json", summary="One event of the MISP feed")
    def misp_event(caller: Caller, collection: str, uuid: str) -> Response:
        event = services.misp.event(caller, collection, uuid)
        return Response(orjson.dumps(event), media_type="application/json")

    api.include_router(rfi_router(services, principal, route_class=checked))
    api.include_router(search_router(services, principal, route_class=checked))
    api.openapi = lambda: document(api)  # type: ignore[method-assign]
    return api
