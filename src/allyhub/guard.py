"""What every request is held to before any handler sees it, on every edge.

- Its path and query string hold no NUL character: PostgreSQL cannot store or compare one
  in a text column, so an id or filter with `%00` would fail in the database instead of
  being refused here (400).
- Its body stays within `max_content_length`: a declared `Content-Length` over it is
  refused before anything is read (413), and a body sent without one (chunked) is cut
  off while it streams (the handler reading it gets TooLarge). This holds for the
  TAXII API, the HTTP API (whose JSON FastAPI would otherwise read whole) and the
  console's forms alike.
"""

from __future__ import annotations

import uuid

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allyhub.errors import AllyhubError, InvalidRequest, TooLarge
from allyhub.http_status import error_body, status_of

TAXII = "application/taxii+json;version=2.1"


class RequestGuard:
    """ASGI middleware: the checks above, around the whole application."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            self._check_head(scope)
        except AllyhubError as exc:
            await _refuse(scope, send, exc)
            return
        await self.app(scope, self._counted(receive), send)

    def _check_head(self, scope: Scope) -> None:
        query: bytes = scope.get("query_string", b"")
        if "\x00" in scope.get("path", "") or b"\x00" in query or b"%00" in query:
            raise InvalidRequest("the path and query string must not hold a NUL character")
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                declared = value.decode("latin-1").strip()
                if not declared.isascii() or not declared.isdigit():
                    raise InvalidRequest("Content-Length must be a number of bytes")
                if len(declared) > 18 or int(declared) > self.max_body:
                    raise TooLarge(
                        f"the body has {declared[:20]} bytes; this hub takes at most "
                        f"{self.max_body} (max_content_length)",
                        self.max_body,
                    )

    def _counted(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(f"the body is over {limit} bytes (max_content_length)", limit)
            return message

        return counted


async def _refuse(scope: Scope, send: Send, exc: AllyhubError) -> None:
    status, title = status_of(exc)
    body = orjson.dumps(error_body(exc, status, title, str(uuid.uuid4())))
    path: str = scope.get("path", "")
    media = TAXII if path.startswith("/taxii2") else "application/json"
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
