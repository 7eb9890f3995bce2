"""Credentials from an HTTP request, for every edge: HTTP Basic (user = principal id,
password = key) or Bearer."""

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
            "or 'Authorization: Bearer <key>'"
        )
    scheme, _, value = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer" and value.strip():
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
        if sep and user and password:
            return user, password
        raise NotAuthenticated("the Basic credentials must be principal-id:key")
    raise NotAuthenticated("use HTTP Basic or Bearer authentication")
