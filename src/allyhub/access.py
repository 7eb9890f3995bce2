"""The access log and the HTTP request metrics: one ASGI middleware around the whole app.

Each request gets a request id (the client's `X-Request-ID` when it is a plain token,
else a new one), echoed in the response's `X-Request-ID`. When the response ends, one
line goes to the `allyhub.access` logger at INFO with the request id, the principal, the
method, the route (the path template, so ids do not make every line unique), the path,
the status and the duration, and the request is counted in the metrics by route and
status. The principal is the one the request names (HTTP Basic user, or the console
session's); a Bearer key names none until it is looked up, so its line says `bearer`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allyhub.api.metrics import HubMetrics

log = logging.getLogger("allyhub.access")
_TOKEN = re.compile(r"[A-Za-z0-9._:-]{1,64}")

PrincipalOf = Callable[[Scope], str | None]


def route_of(scope: Scope) -> str:
    """The matched route's path template ('/taxii2/{api_root}/collections/{id}/objects/'),
    or 'unmatched': a label of bounded cardinality for the metrics."""
    route = scope.get("route")
    if route is None:
        return "unmatched"
    if isinstance(route, Mount):
        return f"{route.path}/{{path}}"
    prefix = str(scope.get("root_path", ""))[len(str(scope.get("app_root_path", ""))) :]
    return prefix + str(getattr(route, "path_format", getattr(route, "path", "")))


class AccessLog:
    def __init__(self, app: ASGIApp, metrics: HubMetrics, principal_of: PrincipalOf) -> None:
        self.app = app
        self.metrics = metrics
        self.principal_of = principal_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        offered = headers.get("x-request-id", "")
        request_id = offered if _TOKEN.fullmatch(offered) else uuid.uuid4().hex
        started = time.perf_counter()
        status = 500  # if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_of(scope)
            method = str(scope.get("method", ""))
            self.metrics.observe(method, route, status, seconds)
            path = str(scope.get("path", ""))
            log.info(
                "%s %s %d %.1fms",
                method,
                path,
                status,
                seconds * 1000,
                extra={
                    "request_id": request_id,
                    "principal": self.principal_of(scope),
                    "method": method,
                    "route": route,
                    "path": path,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
