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
from allyhub.taxii.media import TAXII

log = logging.getLogger("allyhub.taxii")

STATUS: dict[type[BaseException], tuple[int, str]] = {
    errors.NotAuthenticated: (401, "Authentication required"),
    errors.NotPermitted: (403, "Forbidden"),
    errors.NotFound: (404, "Not found"),
    errors.NotAcceptable: (406, "Not acceptable"),
    errors.VersionConflict: (409, "Conflict"),
    errors.TooLarge: (413, "Request body too large"),
    errors.UnsupportedMediaType: (415, "Unsupported media type"),
    errors.InvalidRequest: (400, "Bad request"),
    errors.InvalidStix: (422, "Invalid STIX"),
    errors.PeerUnavailable: (502, "Peer unavailable"),
    errors.StoreError: (503, "Storage unavailable"),
    errors.SettingsInvalid: (500, "Server misconfigured"),
    errors.CharterInvalid: (500, "Server misconfigured"),
    errors.AllyhubError: (500, "Server error"),
}


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
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="allyhub", Bearer realm="allyhub"'
    return Response(orjson.dumps(body), status_code=status, media_type=TAXII, headers=headers)


async def allyhub_error(request: Request, exc: Exception) -> Response:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            status, title = STATUS[cls]
            break
    else:  # pragma: no cover - every AllyhubError has an entry through its root
        status, title = 500, "Server error"
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    details: dict[str, object] | None = None
    if isinstance(exc, errors.TooLarge):
        details = {"max_content_length": exc.limit}
    if isinstance(exc, errors.InvalidStix) and exc.details:
        details = {"problems": list(exc.details)}
    return error_response(status, title, str(exc), details=details)


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
