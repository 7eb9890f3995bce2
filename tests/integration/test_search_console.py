"""The console's `/search` page over real HTTP (httpx as the browser, signed in through
the login form): a signed-out visitor is sent to sign in, a bad query is a 400 page that
says why, the object and entity pages draw references by name, and for a member a match
it may not see makes the page exactly what a query matching nothing makes it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from allyhub.charter import Role
from tests.conftest import RunningHub, share_seed

VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return (
        f"sqlite:///{tmp_path / 'hub.sqlite'}"  # the search's reads run on both in test_search_api
    )


@pytest.fixture
def seeded(hub: RunningHub) -> dict[str, dict[str, Any]]:
    return share_seed(hub.services)


@pytest.fixture
def person(hub: RunningHub) -> Iterator[Callable[[str], httpx.Client]]:
    made: list[httpx.Client] = []

    def make(member: str) -> httpx.Client:
        client = httpx.Client(base_url=hub.url, timeout=30, follow_redirects=False)
        made.append(client)
        principal, key = hub.key(member, Role.ANALYST)
        form = client.get("/login")
        token = re.search(r'name="token" value="([^"]+)"', form.text)
        assert token
        signed = client.post(
            "/login", data={"principal": principal, "key": key, "token": token.group(1)}
        )
        assert signed.status_code == 303
        return client

    yield make
    for client in made:
        client.close()


def _main(page: httpx.Response) -> str:
    found = re.search(r"<main[^>]*>(.*)</main>", page.text, re.S)
    assert found
    return found.group(1)


def test_search_page_needs_a_session(hub: RunningHub) -> None:
    response = httpx.get(f"{hub.url}/search", params={"q": "x"}, timeout=20)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?")


@pytest.mark.parametrize(
    ("q", "says"),
    [
        pytest.param(" ", "give something to search for", id="blank"),
        pytest.param("x" * 301, "at most 300 characters", id="too-long"),
    ],
)
def test_search_page_says_why_a_query_is_refused(
    person: Callable[[str], httpx.Client], q: str, says: str
) -> None:
    page = person("ru").get("/search", params={"q": q, "type": "report"} if q.strip() else {})
    if not q.strip():
        assert page.status_code == 200 and "Find anything you may see" in page.text
        page = person("ru").get("/search", params={"q": "a", "type": "Not A Type"})
        says = "is not a STIX type"
    assert page.status_code == 400
    assert says in html.unescape(page.text)


def test_a_hidden_match_makes_the_page_of_no_match(
    person: Callable[[str], httpx.Client], seeded: dict
) -> None:
    sy, ru = person("sy"), person("ru")
    assert VISIT in html.unescape(ru.get("/search", params={"q": "Moscow"}).text)
    hidden = _main(sy.get("/search", params={"q": "Moscow"}))
    nothing = _main(sy.get("/search", params={"q": "Mxscow"}))
    assert hidden.replace("Moscow", "Mxscow") == nothing
    assert "Nothing you may see matches." in nothing


def test_object_and_entity_pages_draw_references_by_name(
    person: Callable[[str], httpx.Client], seeded: dict
) -> None:
    ru = person("ru")
    visit = seeded[VISIT]["id"]
    page = html.unescape(ru.get(f"/objects/{visit}").text)
    assert "Contradicted" in page and "opposed by Russian Federation" in page
    entity = re.search(r'About the fused threat-actor: <a href="(/entities/[^"]+)"', page)
    assert entity
    body = _main(ru.get(entity.group(1)))
    assert VISIT in html.unescape(body)
    # ids appear in links and forms only, never as text a person has to read
    text = re.sub(r"<[^>]+>", " ", body)
    assert "--" not in text.replace("—", ""), re.findall(r"\S+--\S+", text)
