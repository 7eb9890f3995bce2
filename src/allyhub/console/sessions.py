"""Console sessions: a signed cookie that names a principal and its key, never the key.

The cookie holds the principal id, the key id, a per-session CSRF token, when it was
issued and the time of the principal's previous login (for "new since"). It is signed
with HMAC-SHA256 under a key derived from the hub secret, sent HttpOnly and
SameSite=Strict, and lives at most `max_age` seconds. It proves nothing by itself: every
request looks the key up again (KeyService.principal_for), so revoking or expiry of the
key ends every session made with it at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson

COOKIE = "allyhub_session"
LOGIN_COOKIE = "allyhub_login"  # a token for the login form itself (login CSRF)
MAX_AGE = 12 * 3600
LOGIN_MAX_AGE = 3600


@dataclass(frozen=True, slots=True)
class Session:
    principal: str
    key_id: str
    csrf: str
    issued: int  # seconds since the epoch
    since: int | None  # the previous login (µs), for what is new


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Sessions:
    """Seals and opens the console's cookies."""

    def __init__(
        self,
        hub_secret: bytes,
        *,
        max_age: int = MAX_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = hmac.new(hub_secret, b"allyhub console session v1", hashlib.sha256).digest()
        self._max_age = max_age
        self._clock = clock

    def _seal(self, kind: str, data: dict[str, object]) -> str:
        payload = _b64(orjson.dumps({"kind": kind, **data}))
        mac = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return f"{payload}.{_b64(mac)}"

    def _open(self, kind: str, token: str | None, max_age: int) -> dict[str, object] | None:
        if not token or token.count(".") != 1:
            return None
        payload, mac = token.split(".")
        expected = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        try:
            if not hmac.compare_digest(_unb64(mac), expected):
                return None
            data = orjson.loads(_unb64(payload))
        except (ValueError, binascii.Error, orjson.JSONDecodeError):
            return None
        if not isinstance(data, dict) or data.get("kind") != kind:
            return None
        issued = data.get("issued")
        if not isinstance(issued, int) or not 0 <= self._clock() - issued < max_age:
            return None
        return data

    def issue(self, principal: str, key_id: str, since: int | None) -> tuple[Session, str]:
        """A new session (with a fresh CSRF token) and its cookie value."""
        session = Session(principal, key_id, secrets.token_urlsafe(24), int(self._clock()), since)
        token = self._seal(
            "session",
            {"p": principal, "k": key_id, "c": session.csrf, "issued": session.issued, "s": since},
        )
        return session, token

    def read(self, token: str | None) -> Session | None:
        """The session a cookie holds, or None when it is absent, forged or too old."""
        data = self._open("session", token, self._max_age)
        if data is None:
            return None
        principal, key_id, csrf, since = data.get("p"), data.get("k"), data.get("c"), data.get("s")
        if not (isinstance(principal, str) and isinstance(key_id, str) and isinstance(csrf, str)):
            return None
        issued = data["issued"]
        assert isinstance(issued, int)
        return Session(principal, key_id, csrf, issued, since if isinstance(since, int) else None)

    def login_token(self) -> tuple[str, str]:
        """(form value, cookie value) that must come back together with a login."""
        value = secrets.token_urlsafe(24)
        return value, self._seal("login", {"t": value, "issued": int(self._clock())})

    def login_token_ok(self, cookie: str | None, value: str | None) -> bool:
        data = self._open("login", cookie, LOGIN_MAX_AGE)
        token = data.get("t") if data is not None else None
        return isinstance(token, str) and bool(value) and hmac.compare_digest(token, value or "")


def same_token(session: Session, value: str | None) -> bool:
    """Whether a form's CSRF token is the session's."""
    return bool(value) and hmac.compare_digest(session.csrf, value or "")
