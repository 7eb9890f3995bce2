"""The HTTP status and title of each domain error, shared by every HTTP edge.

One table, so that TAXII, the API and the console never disagree about what an error
means. Lookup walks the exception's MRO, so a subclass without an entry takes its base's.
"""

from __future__ import annotations

from allyhub import errors

CHALLENGE = 'Basic realm="allyhub", Bearer realm="allyhub"'
"""The WWW-Authenticate challenge of every 401."""

STATUS: dict[type[BaseException], tuple[int, str]] = {
    errors.NotAuthenticated: (401, "Authentication required"),
    errors.Throttled: (429, "Too many failed authentications"),
    errors.NotPermitted: (403, "Forbidden"),
    errors.NotFound: (404, "Not found"),
    errors.NotAcceptable: (406, "Not acceptable"),
    errors.TooLarge: (413, "Request body too large"),
    errors.UnsupportedMediaType: (415, "Unsupported media type"),
    errors.InvalidRequest: (400, "Bad request"),
    errors.PeerUnavailable: (502, "Peer unavailable"),
    errors.StoreError: (503, "Storage unavailable"),
    errors.SettingsInvalid: (500, "Server misconfigured"),
    errors.CharterInvalid: (500, "Server misconfigured"),
    errors.AllyhubError: (500, "Server error"),
}


def error_headers(exc: BaseException, status: int) -> dict[str, str]:
    """The headers an error response carries: the challenge on 401, when to come back on
    429 (RFC 9110 Retry-After, in seconds)."""
    if isinstance(exc, errors.Throttled):
        return {"Retry-After": str(exc.retry_after)}
    if status == 401:
        return {"WWW-Authenticate": CHALLENGE}
    return {}


def status_of(exc: BaseException) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500, "Server error"


def error_body(
    exc: errors.AllyhubError, status: int, title: str, error_id: str
) -> dict[str, object]:
    """The TAXII error shape, used for every HTTP error allyhub sends."""
    body: dict[str, object] = {
        "title": title,
        "description": str(exc),
        "error_id": error_id,
        "http_status": str(status),
    }
    if isinstance(exc, errors.TooLarge):
        body["details"] = {exc.setting: exc.limit}
    if isinstance(exc, errors.Throttled):
        body["details"] = {"retry_after": exc.retry_after}
    return body
