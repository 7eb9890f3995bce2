"""The HTTP API of the search box: `GET /api/search`.

A thin handler over `services.search` (service/search.py): the same matching and the same
visibility as the console's `/search` page. No `from __future__ import annotations` here:
FastAPI reads the annotations of these closures at run time.
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from allyhub.composition import Services
from allyhub.service import MAX_QUERY, PER_KIND, Item, Principal, SearchResult
from allyhub.timestamps import format_timestamp


class SearchItemOut(BaseModel):
    id: str
    type: str
    title: str
    tlp: str = Field(description="TLP 2.0 level, e.g. amber+strict")
    shared_by: str = Field(description="The member who shared the version shown")
    collection: str
    added: str = Field(description="When this version was added to this hub")
    matched: str = Field(
        description=(
            "How it matched (the first way that found it): its id, a name of the fused "
            "entity, being about the entity, an observable value, its words"
        )
    )

    @classmethod
    def of(cls, item: Item, matched: str) -> "SearchItemOut":
        return cls(
            id=item.stix_id,
            type=item.type,
            title=item.title,
            tlp=item.tlp.label,
            shared_by=item.shared_by,
            collection=item.collection,
            added=format_timestamp(item.added),
            matched=matched,
        )


class SearchGroupOut(BaseModel):
    kind: str = Field(description="The STIX type of this group")
    count: int = Field(description="Matches of this type you may see")
    items: list[SearchItemOut]


class SearchEntityOut(BaseModel):
    id: str = Field(description="The object the fused entity is reached by (/api/entities/{id})")
    kind: str
    names: list[str]
    objects: int
    members: list[str]


class SearchOut(BaseModel):
    query: str
    read_as: list[str] = Field(description="How the query was read: id, ipv4, domain, ...")
    total: int = Field(description="Matches you may see (at most 500; see `more`)")
    more: bool
    kinds: dict[str, int] = Field(description="Every type found, with its count")
    entities: list[SearchEntityOut]
    groups: list[SearchGroupOut]

    @classmethod
    def of(cls, result: SearchResult) -> "SearchOut":
        return cls(
            query=result.query.text,
            read_as=list(result.query.how),
            total=result.total,
            more=result.more,
            kinds=result.kinds,
            entities=[
                SearchEntityOut(
                    id=e.id, kind=e.kind, names=e.names, objects=e.objects, members=e.members
                )
                for e in result.entities
            ],
            groups=[
                SearchGroupOut(
                    kind=g.kind,
                    count=g.count,
                    items=[SearchItemOut.of(i, result.matched[i.stix_id]) for i in g.items],
                )
                for g in result.groups
            ],
        )


def search_router(
    services: Services,
    caller: Callable[..., Principal],
    route_class: type[APIRoute] = APIRoute,
) -> APIRouter:
    """The route, authenticating with `caller` (the API's principal dependency)."""
    router = APIRouter(tags=["search"], route_class=route_class)
    Caller = Annotated[Principal, Depends(caller)]

    @router.get(
        "/search",
        response_model=SearchOut,
        summary="Find what you may see: names in any script, values, ids, words",
        description=(
            "Names match through fusion's keys (any spelling, any script, finds the entity "
            "and the objects about it); IP addresses and networks (by containment), "
            "domains, URLs, e-mail addresses and hashes match observables and values inside "
            "indicator patterns; STIX ids match their object; every word must appear in a "
            "name, description, pattern, ... Only what you may see is matched, counted "
            "and returned, grouped by type."
        ),
    )
    def search(
        who: Caller,
        q: Annotated[str, Query(max_length=MAX_QUERY, description="What to find")],
        type: Annotated[str, Query(description="Only this STIX type (up to 500)")] = "",
        per_type: Annotated[int, Query(ge=1, le=100, description="Items per type")] = PER_KIND,
    ) -> SearchOut:
        return SearchOut.of(services.search.search(who, q, kind=type, per_kind=per_type))

    return router
