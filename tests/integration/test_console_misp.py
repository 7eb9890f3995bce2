"""The console's upload of MISP files (`/share/misp`), over real HTTP as a person signs
in: each event shared whole and listed with what was refused and why; the share page
links to it; bad files, stale forms, readers and visitors without a session are told."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pymisp import MISPEvent

from allyhub.charter import Role
from tests.conftest import RunningHub
from tests.misp_events import events


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.sqlite'}"


@pytest.fixture
def person(hub: RunningHub) -> Iterator[tuple[httpx.Client, str]]:
    """A signed-in analyst of ru, and the CSRF token of its session."""
    principal, key = hub.key("ru", Role.ANALYST)
    with httpx.Client(base_url=hub.url, timeout=60, follow_redirects=False) as client:
        yield client, _sign_in(client, principal, key)


def _sign_in(client: httpx.Client, principal: str, key: str) -> str:
    token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
    assert token
    signed = client.post(
        "/login", data={"principal": principal, "key": key, "token": token.group(1), "next": "/"}
    )
    assert signed.status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/share/misp").text)
    assert csrf
    return csrf.group(1)


def _red() -> dict[str, object]:
    red = MISPEvent()
    red.uuid = "00000000-0000-4000-8000-0000000000ee"
    red.info = "Red event for named recipients"
    red.add_tag("tlp:red")
    red.add_attribute("domain", "red.example.net")
    loaded: dict[str, object] = json.loads(red.to_json())
    return loaded


def test_upload_misp_events_lists_each_with_its_refusals(
    hub: RunningHub, person: tuple[httpx.Client, str]
) -> None:
    client, csrf = person
    share = client.get("/share")
    assert 'href="/share/misp"' in share.text
    page = client.get("/share/misp")
    assert page.status_code == 200 and 'name="events"' in page.text

    made = events(10)
    body = json.dumps({"response": [{"Event": e} for e in [*made, _red()]]}).encode()
    answer = client.post(
        "/share/misp",
        data={"csrf": csrf},
        files={"events": ("misp.json", body, "application/json")},
    )
    assert answer.status_code == 200, answer.text
    assert "11 events shared" in answer.text
    for event in made:
        assert event["info"] in answer.text
    assert "Red event for named recipients" in answer.text
    assert "TLP:RED needs a releasability marking" in answer.text
    status = re.search(r'href="(/share/status/[^"]+)"', answer.text)
    assert status and "accepted" in client.get(status.group(1)).text
    feed = client.get("/feed?q=" + "host3.example.net")
    assert feed.status_code == 200


def test_bad_misp_files_and_forms_are_told(
    hub: RunningHub, person: tuple[httpx.Client, str]
) -> None:
    client, csrf = person

    def post(content: bytes, token: str = csrf) -> httpx.Response:
        return client.post(
            "/share/misp",
            data={"csrf": token},
            files={"events": ("misp.json", content, "application/json")},
        )

    assert "The file is not JSON" in post(b"<xml/>").text
    stix = post(json.dumps({"type": "bundle", "objects": []}).encode())
    assert stix.status_code == 200 and "not a MISP event" in stix.text
    assert "Choose a MISP file" in post(b"").text
    assert post(b"{}", token="forged").status_code == 403

    principal, key = hub.key("ru", Role.READER)
    with httpx.Client(base_url=hub.url, timeout=60, follow_redirects=False) as reader:
        token = _sign_in(reader, principal, key)
        refused = reader.post(
            "/share/misp",
            data={"csrf": token},
            files={"events": ("m.json", json.dumps(events(1)).encode(), "application/json")},
        )
        assert refused.status_code == 403, refused.text

    with httpx.Client(base_url=hub.url, timeout=60, follow_redirects=False) as visitor:
        assert visitor.get("/share/misp").headers["location"].startswith("/login")
