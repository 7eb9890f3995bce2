"""Credentials from an HTTP request, for every edge: HTTP Basic (user = principal id,
password = key), Bearer, or `Token` (what taxii2-client's TokenAuth sends, the scheme
Django REST framework made common: the key alone, as for Bearer); and the client's
address, which failed attempts are counted against (service/throttle.py)."""

from __future__ import annotations

import base64
import binascii

from starlette.requests import Request

from allyhub.errors import NotAuthenticated


def credentials(request: Request) -> tuple[str | None, str]:
    """(principal id or None, key) from the Authorization header, or NotAuthenticated."""
    header = request.headers.get("authorization")
    if not header:
        raise NotAuthenticated(
            "send an API key: HTTP Basic (user = principal id, password = key) "
            "or 'Authorization: Bearer <key>' (or 'Token <key>')"
        )
    scheme, _, value = header.partition(" ")
    scheme = scheme.lower()
    if scheme in ("bearer", "token") and value.strip():
        return None, value.strip()
    if scheme == "basic":
        try:
            user, sep, password = (
                base64.b64decode(value.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError):
            raise NotAuthenticated(
                "the Basic credentials are not valid base64 of user:key"
            ) from None
        if any(ord(c) < 32 or c == "\x7f" for c in user):
            raise NotAuthenticated("the Basic user name must not hold control characters")
        if sep and user and password:
            return user, password
        raise NotAuthenticated("the Basic credentials must be principal-id:key")
    raise NotAuthenticated("use HTTP Basic, Bearer or Token authentication")


def client_address(request: Request) -> str:
    """The address the request came from (as the server saw it; uvicorn takes it from
    X-Forwarded-For only behind a proxy it trusts), or "" when the server cannot tell."""
    return request.client.host if request.client is not None else ""
