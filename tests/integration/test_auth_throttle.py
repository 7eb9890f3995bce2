"""Failed authentication is throttled on every authenticated edge (TAXII, /api, /metrics,
the console's sign-in), per claimed principal and per client address, over real HTTP; and
it is audited under the hub, a few entries per window (finding 13)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

import httpx
import orjson
import pytest

from allyhub.app import build_services
from allyhub.settings import Settings
from tests.conftest import RunningHub, serving

TAXII = "application/taxii+json;version=2.1"
WRONG = "ahk_000000000000_" + "A" * 43
PER_PRINCIPAL, PER_ADDRESS, LOCKOUT = 3, 8, 120


@pytest.fixture
def strict_hub(settings: Settings) -> Iterator[RunningHub]:
    """A hub with small limits, so that a test reaches them in a few requests."""
    services = build_services(
        dataclasses.replace(
            settings,
            auth_failures_per_principal=PER_PRINCIPAL,
            auth_failures_per_address=PER_ADDRESS,
            auth_failure_window=60,
            auth_lockout=LOCKOUT,
        )
    )
    with serving(services) as hub:
        yield hub
    services.engine.dispose()


def _taxii(hub: RunningHub, user: str, key: str) -> httpx.Response:
    return httpx.get(hub.root + "collections/", auth=(user, key), headers={"Accept": TAXII})


def _api(hub: RunningHub, user: str, key: str) -> httpx.Response:
    return httpx.get(hub.url + "/api/hub", auth=(user, key))


def _metrics(hub: RunningHub, user: str, key: str) -> httpx.Response:
    return httpx.get(hub.url + "/metrics", auth=(user, key))


def _console(hub: RunningHub, user: str, key: str) -> httpx.Response:
    with httpx.Client(base_url=hub.url) as browser:
        form = browser.get("/login")
        token = re.search(r'name="token" value="([^"]+)"', form.text)
        assert token
        return browser.post(
            "/login", data={"principal": user, "key": key, "token": token.group(1), "next": "/"}
        )


EDGES = [
    pytest.param(_taxii, 200, id="taxii"),
    pytest.param(_api, 200, id="api"),
    pytest.param(_metrics, 403, id="metrics"),  # not locked; the figures are the operator's
    pytest.param(_console, 303, id="console-login"),
]


@pytest.mark.parametrize(("send", "ok"), EDGES)
def test_failed_auth_is_throttled_with_retry_after(
    strict_hub: RunningHub, send: Callable[[RunningHub, str, str], httpx.Response], ok: int
) -> None:
    user, key = strict_hub.key("ru")
    for _ in range(PER_PRINCIPAL):
        assert send(strict_hub, user, WRONG).status_code == 401
    refused = send(strict_hub, user, WRONG)
    assert refused.status_code == 429
    wait = int(refused.headers["retry-after"])
    assert 0 < wait <= LOCKOUT
    # the lockout: the right key is refused too while it lasts, before it is looked at
    assert send(strict_hub, user, key).status_code == 429
    # another principal from the same address is not locked (3 failures of 8)
    other, other_key = strict_hub.key("sy")
    assert send(strict_hub, other, other_key).status_code == ok


def test_the_429_body_says_when_to_come_back(strict_hub: RunningHub) -> None:
    user, _ = strict_hub.key("ru")
    for _ in range(PER_PRINCIPAL):
        _taxii(strict_hub, user, WRONG)
    refused = _taxii(strict_hub, user, WRONG)
    body = refused.json()
    assert refused.headers["content-type"] == TAXII
    assert body["http_status"] == "429" and body["details"]["retry_after"] > 0
    assert "try again in" in body["description"]


def test_an_address_inventing_principal_ids_is_locked_out(strict_hub: RunningHub) -> None:
    statuses = [_taxii(strict_hub, f"ru.guess{i}", WRONG).status_code for i in range(12)]
    assert statuses[:PER_ADDRESS] == [401] * PER_ADDRESS
    assert set(statuses[PER_ADDRESS:]) == {429}
    bearer = httpx.get(strict_hub.root, headers={"Authorization": f"Bearer {WRONG}"})
    assert bearer.status_code == 429  # no principal named: the address alone decides


def test_successful_authentication_is_never_throttled(strict_hub: RunningHub) -> None:
    user, key = strict_hub.key("ru")
    assert _taxii(strict_hub, user, WRONG).status_code == 401
    assert all(_taxii(strict_hub, user, key).status_code == 200 for _ in range(40))
    assert _taxii(strict_hub, user, WRONG).status_code == 401  # 2 of 3: still counted, open


def test_auth_failures_are_audited_under_the_hub_not_the_named_member(
    strict_hub: RunningHub,
) -> None:
    """Finding 13: a caller naming `ru.anything` wrote signed auth.refused entries into
    ru's trail, one per attempt (609 of them crowded ru's newest-300 view)."""
    services = strict_hub.services
    before = len(list(services.audit.entries(member="ru")))
    for _ in range(30):
        _taxii(strict_hub, "ru.anything", WRONG)
    assert len(list(services.audit.entries(member="ru"))) == before
    ru, key = strict_hub.key("ru")
    console_view = httpx.get(strict_hub.url + "/api/audit", auth=(ru, key)).json()
    assert not [e for e in console_view if e["act"].startswith("auth.")]
    refusals = [e for e in services.audit.entries() if e.act.startswith("auth.")]
    assert refusals and {(e.principal, e.member, e.about) for e in refusals} == {("hub", "", "")}
    # aggregated: the failure that opened the window and the one that locked it
    assert [e.act for e in refusals] == ["auth.refused", "auth.locked"]
    locked = orjson.loads(refusals[-1].detail)
    assert locked["claimed"] == "ru.anything" and locked["failures"]["principal"] == 3
    assert locked["locked"] == ["principal"] and locked["lockout_seconds"] == LOCKOUT
    assert services.audit.verify() == []


def test_refusals_cannot_flood_the_audit_trail(strict_hub: RunningHub) -> None:
    """Invented principal ids each open a window, but the address locks after
    PER_ADDRESS failures: 200 attempts leave a handful of entries, not 200."""
    for i in range(200):
        _taxii(strict_hub, f"ir.x{i}", WRONG)
    refusals = [e for e in strict_hub.services.audit.entries() if e.act.startswith("auth.")]
    assert len(refusals) <= PER_ADDRESS
