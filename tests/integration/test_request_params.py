"""Every request parameter is checked before use: no value gives a 500, an out-of-range
number is a 400 naming its parameter, and paging cursors are opaque, authenticated and
bound to the request they came from (finding 15)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import httpx
import orjson
import pytest

from allyhub.charter import Role
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"
FORGED = base64.urlsafe_b64encode(b"v1:9223372036854775808").decode()
HUGE = str(2**70)


@pytest.fixture
def ru(hub: RunningHub) -> Iterator[httpx.Client]:
    user, key = hub.key("ru")
    with httpx.Client(auth=(user, key), headers={"Accept": TAXII}, timeout=30) as client:
        objects = [indicator(value=f"192.0.2.{i}") for i in range(3)]
        shared = client.post(
            hub.collection_url() + "objects/",
            content=orjson.dumps(envelope(*objects)),
            headers={"Content-Type": TAXII},
        )
        assert shared.json()["success_count"] == 3
        yield client


def _pages(hub: RunningHub, ru: httpx.Client) -> dict[str, str]:
    """Each paged endpoint of the joint collection, by name."""
    first = ru.get(hub.collection_url() + "objects/", params={"limit": 1}).json()
    stix_id = first["objects"][0]["id"]
    return {
        "objects": hub.collection_url() + "objects/",
        "manifest": hub.collection_url() + "manifest/",
        "versions": hub.collection_url() + f"objects/{stix_id}/versions/",
    }


FORGERIES = {
    "forged-v1-position": FORGED,
    "empty": "",
    "not-base64": "not base64!",
    "right-length-garbage": "A" * 50,
    "very-long": "x" * 5000,
    "not-ascii": "é",
}


@pytest.mark.parametrize("endpoint", ["objects", "manifest", "versions"])
def test_forged_next_token_is_a_400(hub: RunningHub, ru: httpx.Client, endpoint: str) -> None:
    url = _pages(hub, ru)[endpoint]
    for name, token in FORGERIES.items():
        answer = ru.get(url, params={"next": token})
        assert answer.status_code == 400, (name, answer.text)
        error = answer.json()
        assert error["http_status"] == "400" and "next" in error["description"], name
        if token:
            assert "not a token this hub handed out" in error["description"], name


def test_a_tampered_next_token_is_a_400(hub: RunningHub, ru: httpx.Client) -> None:
    url = hub.collection_url() + "objects/"
    token = ru.get(url, params={"limit": 1}).json()["next"]
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[-20] ^= 1  # one bit of the sealed position
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    assert ru.get(url, params={"limit": 1, "next": token}).status_code == 200
    answer = ru.get(url, params={"limit": 1, "next": tampered})
    assert answer.status_code == 400 and "altered, forged" in answer.json()["description"]


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"match[type]": "indicator"}, id="another-type-filter"),
        pytest.param({"added_after": "2016-01-01T00:00:00Z"}, id="another-added-after"),
        pytest.param({"match[version]": "all"}, id="another-version-filter"),
        pytest.param({"collection": "rfi"}, id="another-collection"),
    ],
)
def test_a_next_token_works_only_with_the_request_it_came_from(
    hub: RunningHub, ru: httpx.Client, other: dict[str, str]
) -> None:
    url = hub.collection_url() + "objects/"
    token = ru.get(url, params={"limit": 1}).json()["next"]
    params = {"limit": "1", "next": token, **other}
    target = hub.collection_url(params.pop("collection", "joint")) + "objects/"
    answer = ru.get(target, params=params)
    assert answer.status_code == 400, answer.text
    assert "for this collection with these filters" in answer.json()["description"]
    # the same token with the same request still pages (limit may change)
    assert ru.get(url, params={"limit": 2, "next": token}).status_code == 200


def test_next_tokens_are_opaque_and_still_walk_every_object(
    hub: RunningHub, ru: httpx.Client
) -> None:
    url = hub.collection_url() + "objects/"
    seen: list[str] = []
    tokens: list[str] = []
    params: dict[str, str] = {"limit": "1"}
    while True:
        page = ru.get(url, params=params)
        body = page.json()
        seen += [o["id"] for o in body.get("objects", [])]
        if not body["more"]:
            break
        tokens.append(body["next"])
        params = {"limit": "1", "next": body["next"]}
        # the position is not readable: no digits of date_added, no "v1:" prefix
        added = page.headers["X-TAXII-Date-Added-Last"]
        raw = base64.urlsafe_b64decode(body["next"] + "=" * (-len(body["next"]) % 4))
        assert b"v1:" not in raw and added[:4].encode() not in raw
    assert len(seen) == len(set(seen)) >= 3
    again = ru.get(url, params={"limit": "1"}).json()["next"]
    assert again != tokens[0]  # sealed with a fresh nonce each time


BAD_NUMBERS = ["²", "９", "9" * 5000, HUGE, "0", "-1", "1e3", " 5", ""]
"""A superscript, a fullwidth digit, 5,000 digits, 2^70, zero, a sign, an exponent, a
space, nothing."""


def test_a_bad_limit_is_a_400_naming_it(hub: RunningHub, ru: httpx.Client) -> None:
    for url in _pages(hub, ru).values():
        for value in BAD_NUMBERS:
            answer = ru.get(url, params={"limit": value})
            assert answer.status_code == 400, (url, value[:10], answer.text)
            assert answer.json()["description"].startswith("limit=")


def test_a_huge_limit_is_capped_to_the_page_size(hub: RunningHub, ru: httpx.Client) -> None:
    answer = ru.get(hub.collection_url() + "objects/", params={"limit": str(2**63 - 1)})
    assert answer.status_code == 200 and len(answer.json()["objects"]) == 3


BAD_TIMES = [
    "0000-01-01T00:00:00Z",
    "2016-13-01T00:00:00Z",
    "2016-01-01",
    "9" * 5000,
    "２０１６-01-01T00:00:00Z",
]


def test_a_bad_added_after_is_a_400(hub: RunningHub, ru: httpx.Client) -> None:
    for value in BAD_TIMES:
        answer = ru.get(hub.collection_url() + "objects/", params={"added_after": value})
        assert answer.status_code == 400 and "added_after" in answer.json()["description"]


def test_the_extremes_of_added_after_are_answered(hub: RunningHub, ru: httpx.Client) -> None:
    url = hub.collection_url() + "objects/"
    late = ru.get(url, params={"added_after": "9999-12-31T23:59:59.999999Z"})
    early = ru.get(url, params={"added_after": "0001-01-01T00:00:00Z"})
    assert (late.status_code, late.json()) == (200, {"more": False})
    assert early.status_code == 200 and len(early.json()["objects"]) == 3


def test_the_peer_audit_cursor_past_int64_is_a_400_naming_it(hub: RunningHub) -> None:
    key, _ = hub.services.keys.create_peer("baghdad")
    answer = httpx.get(
        hub.url + "/api/replication/audit", params={"after": HUGE}, auth=("hub.baghdad", key)
    )
    assert answer.status_code == 400 and "after" in answer.json()["description"]
    fine = httpx.get(
        hub.url + "/api/replication/audit",
        params={"after": str(2**63 - 1)},
        auth=("hub.baghdad", key),
    )
    assert fine.status_code == 200 and fine.json()["entries"] == []


API_CASES = [
    ("/api/rfis/events", {"after": HUGE, "follow": "false"}, {}),
    ("/api/rfis/events", {"follow": "false"}, {"Last-Event-ID": "²"}),
    ("/api/audit", {"limit": "²"}, {}),
    ("/api/audit", {"since": "9" * 5000}, {}),
    ("/api/entities", {"q": "x", "limit": "9" * 5000}, {}),
    ("/api/rfis", {"status": "bogus"}, {}),
]
"""(path, query, headers), each with one bad value: an RFI cursor past BIGINT, a
superscript Last-Event-ID and limit, a 5,000-digit time and limit, an unknown enum."""


def test_api_parameters_out_of_range_are_a_400_naming_them(hub: RunningHub) -> None:
    user, key = hub.key("ru", Role.LIAISON)
    for path, params, headers in API_CASES:
        raw = {name: value.encode() for name, value in headers.items()}  # UTF-8, as sent
        answer = httpx.get(hub.url + path, params=params, headers=raw, auth=(user, key))
        assert answer.status_code == 400, (path, answer.text)
        error = answer.json()
        name = next(iter(headers), None) or next(p for p in params if p not in ("q", "follow"))
        assert error["http_status"] == "400" and name in error["description"], path


@pytest.fixture
def person(hub: RunningHub) -> Iterator[httpx.Client]:
    """A browser signed in to the console as ru."""
    user, key = hub.key("ru")
    with httpx.Client(base_url=hub.url, timeout=30) as client:
        token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
        assert token
        signed = client.post(
            "/login", data={"principal": user, "key": key, "token": token.group(1), "next": "/"}
        )
        assert signed.status_code == 303
        yield client


NOT_MARKS = [HUGE, "9223372036854775808", "-1", "²", "9" * 5000, FORGED, "AAAA"]


def test_console_feed_before_is_opaque_and_a_bad_one_is_a_400(person: httpx.Client) -> None:
    for value in NOT_MARKS:
        answer = person.get("/feed", params={"before": value})
        assert answer.status_code == 400 and "before" in answer.text, value[:10]


def test_console_feed_pages_with_its_sealed_before(
    hub: RunningHub, ru: httpx.Client, person: httpx.Client
) -> None:
    more = [indicator(value=f"198.51.100.{i}") for i in range(60)]
    ru.post(
        hub.collection_url() + "objects/",
        content=orjson.dumps(envelope(*more)),
        headers={"Content-Type": TAXII},
    )
    first = person.get("/feed")
    older = re.search(r'rel="next" href="/feed\?next=([^"]+)">Older', first.text)
    assert older, "the first page links to the older one"
    second = person.get(f"/feed?next={older.group(1)}")
    assert second.status_code == 200
    newer = re.search(r'rel="prev" href="/feed\?prev=([^"]+)">Newer', second.text)
    assert newer, "the older page links back to the newer one"
    assert person.get(f"/feed?prev={newer.group(1)}").status_code == 200
    assert person.get("/feed", params={"next": older.group(1) + "x"}).status_code == 400
    mark = re.search(r'data-mark="([^"]+)"', first.text)
    assert mark and not mark.group(1).isdigit()  # the place in the table is not shown


def test_console_events_after_is_opaque_and_a_bad_one_is_a_400(person: httpx.Client) -> None:
    for value in NOT_MARKS:
        assert person.get("/events", params={"after": value}).status_code == 400
        answer = person.get("/events", headers={"Last-Event-ID": value.encode()})
        assert answer.status_code == 400, value[:10]


def test_a_nul_in_a_console_form_is_a_400_on_both_databases(
    hub: RunningHub, person: httpx.Client
) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', person.get("/").text)
    assert csrf
    forms = [
        ("/governance/propose", {"kind": "admit", "subject": "x\x00", "name": "y"}),
        ("/governance/vote", {"motion": "m\x00", "vote": "yes"}),
        ("/governance/deny", {"member": "sy\x00", "denied": "yes"}),
        ("/entities/decide", {"a": "a\x00", "b": "b", "same": "yes"}),
    ]
    for path, data in forms:
        answer = person.post(path, data={**data, "csrf": csrf.group(1)})
        assert answer.status_code == 400 and "NUL" in answer.text, path
