"""Console cookies: signed, typed, time-limited, and never holding the key."""

from __future__ import annotations

import pytest

from allyhub.console.forms import local_path
from allyhub.console.sessions import Sessions, same_token


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_round_trips_and_expires() -> None:
    clock = Clock()
    sessions = Sessions(b"secret", max_age=3600, clock=clock)
    session, token = sessions.issue("ru.analyst", "0123456789ab", since=42)
    assert sessions.read(token) == session
    assert same_token(session, session.csrf) and not same_token(session, "x")
    clock.now += 3599
    assert sessions.read(token) == session
    clock.now += 1
    assert sessions.read(token) is None


@pytest.mark.parametrize(
    "mangle",
    [
        # a character inside the signature: the last one carries bits that base64 drops
        pytest.param(lambda t: t[:-5] + ("A" if t[-5] != "A" else "B") + t[-4:], id="signature"),
        pytest.param(lambda t: t[:5] + ("x" if t[5] != "x" else "y") + t[6:], id="payload"),
        pytest.param(lambda t: t.replace(".", ""), id="no-dot"),
        pytest.param(lambda t: "", id="empty"),
    ],
)
def test_a_tampered_cookie_is_no_session(mangle) -> None:  # type: ignore[no-untyped-def]
    sessions = Sessions(b"secret")
    _, token = sessions.issue("ru.analyst", "0123456789ab", since=None)
    assert sessions.read(mangle(token)) is None


def test_cookies_of_another_hub_or_kind_do_not_open() -> None:
    sessions = Sessions(b"secret")
    _, token = sessions.issue("ru.analyst", "0123456789ab", since=None)
    assert Sessions(b"other secret").read(token) is None
    value, login = sessions.login_token()
    assert sessions.read(login) is None  # a login-form token is not a session
    assert sessions.login_token_ok(login, value) and not sessions.login_token_ok(login, "x")
    assert not sessions.login_token_ok(token, value)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/feed?q=x", "/feed?q=x"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        (None, "/"),
    ],
)
def test_redirects_after_login_stay_on_the_hub(target: str | None, expected: str) -> None:
    assert local_path(target) == expected
