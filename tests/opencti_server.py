"""A TAXII server on loopback that behaves as OpenCTI's does: a mock of a system outside
allyhub, replayed from OpenCTI's source (OpenCTI-Platform/opencti,
opencti-platform/opencti-graphql/src/http/httpTaxii.js, src/domain/taxii.js,
src/config/errors.js, src/utils/filtering/filtering-resolution.ts):

- every route, discovery included, needs a user (Basic or Bearer); without one: 401
  `AuthRequired` with `WWW-Authenticate: Basic, Bearer`;
- discovery says `default: "/root"` (not one of its `api_roots`, which lists
  `<base>/taxii2/root`);
- errors are `{title, error_code, description, http_status, details}` (errors.js:
  `FunctionalError` has the title "Business validation" and the reason in description);
- objects: only `match[version]=last` (anything else is a 400 FunctionalError), pages of
  at most 500 (`max_pagination_result`) whatever `limit` asks, ordered by
  (updated_at, internal_id), `added_after` keeps updated_at >= it, `next` is the cursor
  of the last object of the page (an opaque base64 string), or "" when the page is empty;
- X-TAXII-Date-Added-First/Last are `String(object.updated_at)`, and OpenCTI's STIX
  objects have no top-level `updated_at`: Express writes "undefined";
- the versions endpoint lists only the latest version; POST is a 500 UnsupportedError.
"""

from __future__ import annotations

import base64
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

TAXII = "application/taxii+json;version=2.1"
MAX_PAGINATION = 500


@dataclass
class OpenCtiData:
    """What the mock serves: STIX objects with OpenCTI's internal id and updated_at."""

    token: str = "opencti-token"
    collection: str = field(default_factory=lambda: str(uuid.uuid4()))
    rows: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    _clock: int = 0

    def add(self, *objects: dict[str, Any]) -> None:
        for obj in objects:
            self._clock += 1
            updated = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1_700_000_000 + self._clock))
            self.rows.append((updated + ".000Z", str(uuid.uuid4()), obj))


def _error(
    status: int, code: str, title: str, reason: str | None = None, **details: Any
) -> Response:
    body: dict[str, Any] = {"title": title, "error_code": code, "http_status": status}
    if reason is not None:
        body["description"] = reason
    body["details"] = {"category": "business" if status == 400 else "technical", **details}
    headers = {"WWW-Authenticate": "Basic, Bearer"} if status == 401 else {}
    return Response(orjson.dumps(body), status, headers=headers, media_type=TAXII)


def _json(data: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(data), 200, headers=headers, media_type=TAXII)


def _cursor(updated: str, internal: str) -> str:
    return base64.b64encode(orjson.dumps([updated, internal])).decode()


def make_app(data: OpenCtiData) -> Starlette:
    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if header == f"Bearer {data.token}":
            return True
        wanted = base64.b64encode(f"admin:{data.token}".encode()).decode()
        return header == f"Basic {wanted}"

    def denied(request: Request) -> Response | None:
        data.requests.append({"path": request.url.path, **dict(request.query_params)})
        if not authorised(request):
            return _error(401, "AuthRequired", "You must be logged in to do this.")
        return None

    async def discovery(request: Request) -> Response:
        base = f"{request.url.scheme}://{request.url.netloc}"
        return denied(request) or _json(
            {
                "title": "OpenCTI TAXII Server",
                "description": "This TAXII Server exposes OpenCTI data through taxii protocol",
                "default": "/root",
                "api_roots": [f"{base}/taxii2/root"],
            }
        )

    async def root(request: Request) -> Response:
        return denied(request) or _json(
            {
                "display_name": "Taxii OpenCTI root",
                "max_content_length": 100 * 1024 * 1024,
                "versions": [TAXII],
            }
        )

    async def collections(request: Request) -> Response:
        entry = {
            "id": data.collection,
            "title": "Shared with the coalition",
            "can_read": True,
            "can_write": False,
            "media_types": ["application/stix+json;version=2.1"],
        }
        return denied(request) or _json({"collections": [entry]})

    def query(request: Request, only: str | None = None) -> Response | tuple[bool, list[Any]]:
        if request.path_params["id"] != data.collection:
            return _error(403, "ForbiddenAccess", "You are not allowed to do this.")
        params = request.query_params
        version = params.get("match[version]")
        if version and version != "last":
            return _error(
                400,
                "FunctionalError",
                "Business validation",
                "Invalid version provided, only 'last' supported",
                version=version,
            )
        spec = params.get("match[spec_version]")
        if spec and spec != "2.1":
            return _error(400, "FunctionalError", "Business validation", "Invalid spec_version")
        size = MAX_PAGINATION
        if params.get("limit"):
            size = min(int(params["limit"]), MAX_PAGINATION)
        rows = sorted(data.rows, key=lambda r: (r[0], r[1]))
        if params.get("added_after"):
            rows = [r for r in rows if r[0] >= params["added_after"]]
        if params.get("next"):
            after = tuple(orjson.loads(base64.b64decode(params["next"])))
            rows = [r for r in rows if (r[0], r[1]) > after]
        if params.get("match[type]"):
            rows = [r for r in rows if r[2]["type"] in params["match[type]"].split(",")]
        if only is not None:
            rows = [r for r in rows if r[2]["id"] == only]
        return len(rows) > size, rows[:size]

    async def objects(request: Request) -> Response:
        refused = denied(request)
        if refused is not None:
            return refused
        found = query(request)
        if isinstance(found, Response):
            return found
        more, rows = found
        headers = {"X-TAXII-Date-Added-First": "undefined", "X-TAXII-Date-Added-Last": "undefined"}
        page = {
            "more": more,
            "next": _cursor(rows[-1][0], rows[-1][1]) if rows else "",
            "objects": [r[2] for r in rows],
        }
        return _json(page, headers)

    async def versions(request: Request) -> Response:
        refused = denied(request)
        if refused is not None:
            return refused
        found = query(request, request.path_params["object_id"])
        if isinstance(found, Response):
            return found
        _, rows = found
        return _json({"versions": [rows[0][0]] if rows else []})

    async def unsupported(request: Request) -> Response:
        return _error(500, "UnsupportedError", "Unsupported operation", "Unsupported operation")

    routes = [
        Route("/taxii2", discovery),
        Route("/taxii2/", discovery),
        Route("/taxii2/root", root),
        Route("/taxii2/root/", root),
        Route("/taxii2/root/collections/", collections),
        Route("/taxii2/root/collections/{id}/objects/", objects),
        Route("/taxii2/root/collections/{id}/objects/", unsupported, methods=["POST"]),
        Route("/taxii2/root/collections/{id}/objects/{object_id}/versions/", versions),
    ]
    return Starlette(routes=routes)


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


@contextmanager
def opencti_server(data: OpenCtiData) -> Iterator[str]:
    """Serve the mock on 127.0.0.1, port 0; yields its base URL."""
    config = uvicorn.Config(make_app(data), host="127.0.0.1", port=0, log_level="warning")
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the OpenCTI mock did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
