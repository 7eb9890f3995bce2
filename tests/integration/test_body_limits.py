"""What one request may hold, over real HTTP: each cap answers 413 (or 400) naming its
setting before the expensive work, on every path that takes JSON (a TAXII add, the
console's upload, a peer's push, a pulled page, the HTTP API's bodies) — finding 14."""

from __future__ import annotations

import base64
import dataclasses
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from sqlalchemy import text

from allyhub.app import Services, build_services
from allyhub.client import TaxiiClient
from allyhub.errors import TooLarge
from allyhub.limits import JsonLimits
from allyhub.settings import Settings
from tests.conftest import HubProcess, RunningHub, serving
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"
HEADERS = {"Accept": TAXII, "Content-Type": TAXII}


def _post(hub: RunningHub, body: bytes, user: str, key: str) -> httpx.Response:
    return httpx.post(
        hub.collection_url() + "objects/",
        content=body,
        headers=HEADERS,
        auth=(user, key),
        timeout=120,
    )


def _peak_rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert found, status
    return int(found.group(1))


@pytest.mark.slow
def test_huge_envelope_of_integers_is_refused_with_413_naming_the_limit(
    hub_process: tuple[HubProcess, RunningHub],
) -> None:
    """Finding 14: a 6 MB envelope of 3,000,000 integers was accepted after 20 s, grew
    the server by 330 MB for good and stored a 320 MB status row. Now it is refused from
    its raw bytes, before it is parsed: the server's peak memory barely moves and no
    status is stored."""
    process, hub = hub_process
    assert process.process is not None
    user, key = hub.key("ru")
    assert _post(hub, orjson.dumps(envelope(indicator())), user, key).status_code == 202
    before = _peak_rss_kib(process.process.pid)
    body = b'{"objects":[' + b",".join([b"7"] * 3_000_000) + b"]}"
    assert len(body) > 6_000_000
    refused = _post(hub, body, user, key)
    assert refused.status_code == 413
    error = refused.json()
    assert error["details"] == {"max_json_values": 500_000}
    assert "max_json_values" in error["description"]
    grown = _peak_rss_kib(process.process.pid) - before
    assert grown < 64 * 1024, f"the server's peak RSS grew by {grown} KiB"
    with hub.services.engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM statuses")).scalar()
    assert rows == 1  # the first, small share's status only


@pytest.mark.parametrize(
    ("body", "setting"),
    [
        pytest.param(
            orjson.dumps({"objects": [{}] * 10_001}), "max_envelope_objects", id="objects"
        ),
        pytest.param(
            b'{"objects": [{"a": ' + b"[" * 30 + b"]" * 30 + b"}]}",
            "max_json_depth",
            id="depth",
        ),
        pytest.param(
            orjson.dumps({"objects": [{"object_refs": ["x"] * 20_001}]}),
            "max_json_items",
            id="items",
        ),
        pytest.param(
            orjson.dumps({"objects": [{"description": "x" * 1_048_577}]}),
            "max_json_string",
            id="string",
        ),
    ],
)
def test_each_cap_is_a_413_naming_its_setting(hub: RunningHub, body: bytes, setting: str) -> None:
    user, key = hub.key("ru")
    refused = _post(hub, body, user, key)
    assert refused.status_code == 413, refused.text
    assert setting in refused.json()["description"] and setting in refused.json()["details"]


def test_a_nul_character_in_a_shared_string_is_a_400(hub: RunningHub) -> None:
    user, key = hub.key("ru")
    obj = indicator(name="C2\u0000server")
    refused = _post(hub, orjson.dumps(envelope(obj)), user, key)
    assert refused.status_code == 400 and "NUL" in refused.json()["description"]


@pytest.fixture
def terse_hub(settings: Settings) -> Iterator[RunningHub]:
    services = build_services(dataclasses.replace(settings, max_status_failures=5))
    with serving(services) as hub:
        yield hub
    services.engine.dispose()


def test_a_status_lists_at_most_its_limit_of_failures_and_counts_the_rest(
    terse_hub: RunningHub,
) -> None:
    user, key = terse_hub.key("ru")
    bad = [{"type": "indicator", "id": f"junk-{i}-" + "x" * 500} for i in range(40)]
    good = indicator()
    answer = _post(terse_hub, orjson.dumps(envelope(good, *bad)), user, key)
    status = answer.json()
    assert answer.status_code == 202
    assert (status["success_count"], status["failure_count"]) == (1, 40)
    assert len(status["failures"]) == 5
    assert all(len(f["id"]) <= 200 for f in status["failures"])  # echoed ids cut short
    again = httpx.get(
        terse_hub.root + f"status/{status['id']}/", headers=HEADERS, auth=(user, key)
    ).json()
    assert (again["failure_count"], len(again["failures"])) == (40, 5)


def test_a_pushed_page_over_a_cap_is_refused_before_anything_is_stored(hub: RunningHub) -> None:
    services: Services = hub.services
    key, _ = services.keys.create_peer("baghdad")
    collection = services.replication.pulled_collections()[0].id
    page = {"objects": [{}] * 10_001, "x_allyhub_provenance": [{}] * 10_001}
    refused = httpx.post(
        f"{hub.url}/api/replication/{collection}",
        content=orjson.dumps(page),
        auth=("hub.baghdad", key),
        timeout=60,
    )
    assert refused.status_code == 413
    assert refused.json()["details"] == {"max_envelope_objects": 10_000}


def test_a_pulled_page_over_a_cap_is_refused_by_the_client(hub: RunningHub) -> None:
    user, key = hub.key("ru")
    objects = [indicator(value=f"192.0.2.{i}") for i in range(3)]
    assert _post(hub, orjson.dumps(envelope(*objects)), user, key).status_code == 202
    small = JsonLimits(objects=2)
    with TaxiiClient(hub.url, user=user, key=key, limits=small) as client:
        assert len(client.page(hub.collection_url(), limit=2).objects) == 2
        with pytest.raises(TooLarge, match="max_envelope_objects"):
            client.page(hub.collection_url(), limit=3)
    tiny = JsonLimits(size=1000)
    with TaxiiClient(hub.url, user=user, key=key, limits=tiny) as client:
        with pytest.raises(TooLarge, match="max_content_length"):
            client.page(hub.collection_url(), limit=3)


@pytest.mark.parametrize(
    ("body", "status", "word"),
    [
        pytest.param(
            b'{"vote": "yes", "x": ' + b"[" * 40 + b"]" * 40 + b"}",
            413,
            "max_json_depth",
            id="depth",
        ),
        pytest.param(b'{"vote": "yes\\u0000"}', 400, "NUL", id="nul"),
        pytest.param(b'{"vote": "\\ud800"}', 400, "not valid JSON", id="lone-surrogate"),
        pytest.param(
            b'{"vote": ' + b"[1," * 600_000 + b"1" + b"]" * 600_000 + b"}",
            413,
            "max_json_values",
            id="values",
        ),
    ],
)
def test_the_api_holds_json_bodies_to_the_same_caps(
    hub: RunningHub, body: bytes, status: int, word: str
) -> None:
    user, key = hub.key("ru")
    answer = httpx.post(
        f"{hub.url}/api/motions/x/votes",
        content=body,
        auth=(user, key),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code == status, answer.text
    assert word in answer.json()["description"]


def _declare(hub: RunningHub, path: str, length: int, auth: str) -> tuple[int, dict[str, object]]:
    """POST with a Content-Length larger than what is sent (httpx will not): the server
    must answer from the header alone."""
    host, port = hub.url.removeprefix("http://").split(":")
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Basic {auth}\r\n"
        f"Content-Type: {TAXII}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head.encode() + b"{}")
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, orjson.loads(answer.split(b"\r\n\r\n", 1)[1])


def test_a_body_over_max_content_length_is_refused_on_every_edge(hub: RunningHub) -> None:
    user, key = hub.key("ru")
    auth = base64.b64encode(f"{user}:{key}".encode()).decode()
    limit = hub.services.settings.max_content_length
    collection = hub.collection_url().removeprefix(hub.url)
    for path in ("/api/motions", "/login", collection + "objects/"):
        status, error = _declare(hub, path, limit + 1, auth)
        assert status == 413, (path, error)
        assert error["details"] == {"max_content_length": limit}


def test_a_chunked_body_over_max_content_length_is_cut_off(settings: Settings) -> None:
    services = build_services(dataclasses.replace(settings, max_content_length=4096))
    with serving(services) as hub:
        user, key = hub.key("ru")

        def chunks() -> Iterator[bytes]:
            yield b'{"objects": ['
            for _ in range(100):
                yield b'{"type": "x"},' * 10

        for url in (hub.collection_url() + "objects/", f"{hub.url}/api/motions"):
            answer = httpx.post(url, content=chunks(), auth=(user, key), headers=HEADERS)
            assert answer.status_code == 413, (url, answer.text)
    services.engine.dispose()


@pytest.mark.parametrize(
    "path",
    [
        "/taxii2/rsii/collections/{c}/objects/a%00b/",
        "/taxii2/rsii/collections/{c}/objects/?match[id]=a%00b",
        "/taxii2/rsii/status/a%00b/",
        "/api/entities/a%00",
        "/api/audit?act=a%00",
        "/objects/a%00",
    ],
)
def test_a_nul_in_a_path_or_query_is_a_400_on_both_databases(hub: RunningHub, path: str) -> None:
    user, key = hub.key("ru")
    collection = hub.collection_url().rstrip("/").rsplit("/", 1)[1]
    answer = httpx.get(hub.url + path.format(c=collection), auth=(user, key))
    assert answer.status_code == 400 and "NUL" in answer.json()["description"]
