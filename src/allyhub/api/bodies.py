"""The HTTP API's JSON bodies are held to the hub's limits before FastAPI parses them.

FastAPI reads a body whole and parses it with the standard library, which takes lone
surrogates and nests as deep as the stack allows. So each route whose handler takes a
body model first parses the (already size-limited, guard.py) body with the hub's limits
(limits.py): too many values, too deep, too long a list or string is a 413 naming
the setting; malformed JSON, a lone surrogate or a NUL character is a 400.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from allyhub.limits import JsonLimits, parse_json


def checked_route(limits: JsonLimits) -> type[APIRoute]:
    """An APIRoute class that checks JSON bodies within `limits` first."""

    class CheckedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()
            if self.body_field is None:  # takes no body model (or reads its own)
                return handler

            async def checked(request: Request) -> Response:
                body = await request.body()  # kept by the request for FastAPI
                media = request.headers.get("content-type", "application/json").lower()
                if body and "json" in media:
                    parse_json(body, limits, "the request body")
                return await handler(request)

            return checked

    return CheckedRoute
