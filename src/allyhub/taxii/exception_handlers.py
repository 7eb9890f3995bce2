"""Map allyhub's errors to TAXII error responses: one handler per class, nowhere else.

Starlette picks the handler by the exception's MRO, so a subclass without its own entry
falls back to its base class. Unexpected exceptions become a 500 that says nothing about
the data (the log has the traceback, keyed by error_id).
"""

from __future__ import annotations

import logging
import uuid

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from allyhub import errors
from allyhub.http_status import CHALLENGE, error_body, error_headers, status_of
from allyhub.taxii.media import TAXII

log = logging.getLogger("allyhub.taxii")


def error_response(
    status: int, title: str, description: str, *, details: dict[str, object] | None = None
) -> Response:
    body: dict[str, object] = {
        "title": title,
        "description": description,
        "error_id": str(uuid.uuid4()),
        "http_status": str(status),
    }
    if details:
        body["details"] = details
    headers = {"WWW-Authenticate": CHALLENGE} if status == 401 else {}
    return Response(orjson.dumps(body), status_code=status, media_type=TAXII, headers=headers)


async def allyhub_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.AllyhubError)
    status, title = status_of(exc)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    body = error_body(exc, status, title, str(uuid.uuid4()))
    headers = error_headers(exc, status)
    return Response(orjson.dumps(body), status_code=status, media_type=TAXII, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    description = {
        404: f"nothing at {request.url.path}; TAXII paths end in '/' (discovery is /taxii2/)",
        405: f"{request.method} is not allowed on {request.url.path}",
    }.get(exc.status_code, str(exc.detail))
    return error_response(exc.status_code, str(exc.detail), description)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    error_id = str(uuid.uuid4())
    log.exception(
        "%s %s failed unexpectedly (error_id %s)", request.method, request.url.path, error_id
    )
    body = {
        "title": "Server error",
        "description": f"the server failed; quote error_id {error_id} to the hub's operator",
        "error_id": error_id,
        "http_status": "500",
    }
    return Response(orjson.dumps(body), status_code=500, media_type=TAXII)


HANDLERS = {
    errors.AllyhubError: allyhub_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
