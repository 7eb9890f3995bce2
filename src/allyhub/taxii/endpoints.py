"""TAXII 2.1 endpoint handlers: authenticate, parse, call one service method, render.

Handlers hold no policy and no SQL. Blocking service calls run in the thread pool, one
hop per request (authentication included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from allyhub.bodies import read_limited
from allyhub.charter import Charter, Hub
from allyhub.credentials import client_address, credentials
from allyhub.service import (
    CollectionView,
    KeyService,
    Principal,
    ReadingService,
    ReadPage,
    SharingService,
    Status,
)
from allyhub.taxii.media import STIX, TAXII, check_accept, check_content_type, parse_filters
from allyhub.timestamps import format_timestamp

T = TypeVar("T")

OBJECTS_MATCH = frozenset({"id", "type", "version", "spec_version"})
OBJECT_MATCH = frozenset({"version", "spec_version"})
VERSIONS_MATCH = frozenset({"spec_version"})


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type=TAXII, headers=headers)


class Endpoints:
    """The handlers, bound to what they use of one hub: its charter and own entry, the
    keys (authentication), the reads, the shares, and the body limit."""

    def __init__(
        self,
        charter: Charter,
        hub: Hub,
        keys: KeyService,
        reading: ReadingService,
        sharing: SharingService,
        max_content_length: int,
    ) -> None:
        self.charter = charter
        self.hub = hub
        self.keys = keys
        self.reading = reading
        self.sharing = sharing
        self.max_content_length = max_content_length
        self.root = f"/taxii2/{charter.id}/"

    async def _call(self, request: Request, work: Callable[[Principal], T]) -> T:
        check_accept(request.headers.get("accept"))
        user, key = credentials(request)
        address = client_address(request)

        def run() -> T:
            principal = self.keys.authenticate(key, user, address)
            return work(principal)

        return await run_in_threadpool(run)

    # -- server information -------------------------------------------------------------

    async def discovery(self, request: Request) -> Response:
        check_accept(request.headers.get("accept"))
        charter, hub = self.charter, self.hub
        return _json(
            {
                "title": f"{hub.name} — {charter.name}",
                "description": f"allyhub command-room hub {hub.id!r} at {hub.place}".strip(),
                "contact": f"operated by member {hub.operator!r}",
                "default": self.root,
                "api_roots": [self.root],
            }
        )

    async def api_root(self, request: Request) -> Response:
        charter = self.charter
        await self._call(request, lambda p: self.reading.collections(p))
        return _json(
            {
                "title": charter.name,
                "description": charter.description,
                "versions": [TAXII],
                "max_content_length": self.max_content_length,
            }
        )

    async def status(self, request: Request) -> Response:
        status_id = request.path_params["status_id"]
        status = await self._call(request, lambda p: self.reading.status(p, status_id))
        return _json(_status_json(status))

    # -- collections --------------------------------------------------------------------

    async def collections(self, request: Request) -> Response:
        views = await self._call(request, self.reading.collections)
        return _json({"collections": [_collection_json(v) for v in views]} if views else {})

    async def collection(self, request: Request) -> Response:
        key = request.path_params["collection"]
        view = await self._call(request, lambda p: self.reading.collection(p, key))
        return _json(_collection_json(view))

    async def manifest(self, request: Request) -> Response:
        key = request.path_params["collection"]
        filters = parse_filters(request.query_params, OBJECTS_MATCH)
        page = await self._call(request, lambda p: self.reading.manifest(p, key, filters))
        records = [
            {
                "id": row.stix_id,
                "date_added": format_timestamp(row.committed),
                "version": format_timestamp(row.version),
                "media_type": STIX,
            }
            for row in page.rows
        ]
        body: dict[str, Any] = {"more": page.more}
        if page.next:
            body["next"] = page.next
        if records:
            body["objects"] = records
        return _json(body, headers=_date_headers(page))

    async def get_objects(self, request: Request) -> Response:
        key = request.path_params["collection"]
        filters = parse_filters(request.query_params, OBJECTS_MATCH)
        page = await self._call(request, lambda p: self.reading.objects(p, key, filters))
        return _envelope(page)

    async def add_objects(self, request: Request) -> Response:
        key = request.path_params["collection"]
        check_content_type(request.headers.get("content-type"))
        body = await self._body(request)
        status = await self._call(request, lambda p: self.sharing.share(p, key, body))
        return _json(_status_json(status), status=202)

    async def get_object(self, request: Request) -> Response:
        key, stix_id = request.path_params["collection"], request.path_params["object_id"]
        filters = parse_filters(request.query_params, OBJECT_MATCH)
        page = await self._call(request, lambda p: self.reading.object(p, key, stix_id, filters))
        return _envelope(page)

    async def delete_object(self, request: Request) -> Response:
        key, stix_id = request.path_params["collection"], request.path_params["object_id"]
        filters = parse_filters(request.query_params, OBJECT_MATCH)
        versions = filters.versions if "match[version]" in request.query_params else None
        await self._call(
            request,
            lambda p: self.sharing.delete(p, key, stix_id, versions),
        )
        return Response(status_code=200, media_type=TAXII)

    async def versions(self, request: Request) -> Response:
        key, stix_id = request.path_params["collection"], request.path_params["object_id"]
        filters = parse_filters(request.query_params, VERSIONS_MATCH)
        page = await self._call(request, lambda p: self.reading.versions(p, key, stix_id, filters))
        body: dict[str, Any] = {"more": page.more}
        if page.next:
            body["next"] = page.next
        if page.rows:
            body["versions"] = [format_timestamp(row.version) for row in page.rows]
        return _json(body, headers=_date_headers(page))

    async def _body(self, request: Request) -> bytes:
        return await read_limited(request, self.max_content_length)


def _date_headers(page: ReadPage) -> dict[str, str]:
    if page.first_added is None or page.last_added is None:
        return {}
    return {
        "X-TAXII-Date-Added-First": format_timestamp(page.first_added),
        "X-TAXII-Date-Added-Last": format_timestamp(page.last_added),
    }


def _envelope(page: ReadPage) -> Response:
    parts = [b'{"more":', b"true" if page.more else b"false"]
    if page.next:
        parts += [b',"next":', orjson.dumps(page.next)]
    if page.rows:
        parts += [b',"objects":[', b",".join(row.body or b"{}" for row in page.rows), b"]"]
    for name, value in page.extensions.items():  # custom properties (TAXII 2.1 §7.1)
        parts += [b",", orjson.dumps(name), b":", orjson.dumps(value)]
    parts.append(b"}")
    return Response(b"".join(parts), media_type=TAXII, headers=_date_headers(page))


def _collection_json(view: CollectionView) -> dict[str, Any]:
    collection = view.collection
    data: dict[str, Any] = {"id": collection.id, "title": collection.title}
    if collection.description:
        data["description"] = collection.description
    data.update(
        alias=collection.alias,
        can_read=view.can_read,
        can_write=view.can_write,
        media_types=[STIX],
    )
    return data


def _status_json(status: Status) -> dict[str, Any]:
    return status.as_json()
