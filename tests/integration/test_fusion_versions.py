"""Fusion, search and correlation are made from the versions a reader may see, over real
HTTP (API and console), on SQLite and PostgreSQL: a threat actor whose first version is
GREEN and second RED (released to its originator only) with a new alias shows sy the first
version's names only — on the entity API, the console's entity page, both name searches —
and links, claims and correlations follow the version sy sees; a hidden exact match never
takes a visible match's place in a name search's limit."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import httpx
import orjson
import pytest

from allyhub.charter import Role, Tlp
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import T0, indicator, marked, report, sid

V2 = "2015-11-01T00:00:00.000Z"
ALIAS = "Shadow Commander"  # only in the RED second version


def _share(hub: RunningHub, member: str, *objects: dict[str, Any]) -> None:
    principal = hub.services.keys.authenticate(hub.services.keys.create(member, Role.ANALYST)[0])
    status = hub.services.sharing.share(principal, "joint", orjson.dumps({"objects": objects}))
    assert not status.failures, status.failures


def _identity(hub: RunningHub, member: str) -> str:
    found = hub.services.charter.member(member)
    assert found is not None
    return found.identity


def _actor(creator: str, name: str, tlp: Tlp, *markings: str, **extra: Any) -> dict[str, Any]:
    obj = {"type": "threat-actor", "spec_version": "2.1", "id": sid("threat-actor")}
    obj |= {"created": T0, "modified": T0, "name": name, "created_by_ref": creator, **extra}
    return marked(obj, tlp, *markings)


def _red_version(hub: RunningHub, obj: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """ir's second version of its own object, RED and released to ir alone."""
    ir = _identity(hub, "ir")
    to_ir = releasability_marking([ir], ir)
    second = marked({**obj, "modified": V2, **changes}, Tlp.RED, to_ir["id"])
    _share(hub, "ir", to_ir, second)
    return second


@contextmanager
def _console(hub: RunningHub, user: str, key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, timeout=30) as client:
        token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
        assert token
        client.post("/login", data={"principal": user, "key": key, "token": token.group(1)})
        yield client


def _names(entity: dict[str, Any]) -> set[str]:
    return {form["text"] for form in entity["names"]}


@pytest.fixture
def versioned(hub: RunningHub) -> dict[str, dict[str, Any]]:
    """ir's actor (v1 GREEN, v2 RED with ALIAS), ru's actor named ALIAS, ir's indicator
    (v1 GREEN on one address, v2 RED on another) with ru's indicators on both, and ir's
    report (v1 GREEN about ru's indicator, v2 RED about ru's actor)."""
    ir, ru = _identity(hub, "ir"), _identity(hub, "ru")
    actor = _actor(ir, "Qasem Soleimani", Tlp.GREEN)
    named_alias = _actor(ru, ALIAS, Tlp.GREEN)
    ir_indicator = indicator(ir, value="198.51.100.7", tlp=Tlp.GREEN)
    ru_first = indicator(ru, value="198.51.100.7", tlp=Tlp.GREEN)
    ru_second = indicator(ru, value="203.0.113.9", tlp=Tlp.GREEN)
    ir_report = report(ir, tlp=Tlp.GREEN, refs=(ru_first["id"],))
    _share(hub, "ru", named_alias, ru_first, ru_second)
    _share(hub, "ir", actor, ir_indicator, ir_report)
    _red_version(hub, actor, aliases=[ALIAS])
    _red_version(hub, ir_indicator, pattern="[ipv4-addr:value = '203.0.113.9']")
    _red_version(hub, ir_report, object_refs=[named_alias["id"]])
    hub.services.fusion.catch_up()
    return dict(
        actor=actor,
        named_alias=named_alias,
        ir_indicator=ir_indicator,
        ru_first=ru_first,
        ru_second=ru_second,
        ir_report=ir_report,
    )


def test_entity_shows_only_aliases_of_visible_versions(
    hub: RunningHub, versioned: dict[str, dict[str, Any]]
) -> None:
    actor = versioned["actor"]["id"]
    sy, ir = hub.key("sy"), hub.key("ir")
    mine = httpx.get(f"{hub.url}/api/entities/{actor}", auth=ir).json()
    assert ALIAS in _names(mine)  # ir sees its second version
    seen = httpx.get(f"{hub.url}/api/entities/{actor}", auth=sy).json()
    assert _names(seen) == {"Qasem Soleimani"} and seen["objects"] == [actor]
    assert ALIAS not in orjson.dumps(seen).decode()

    assert httpx.get(f"{hub.url}/api/entities", params={"q": ALIAS}, auth=sy).json() == [
        httpx.get(f"{hub.url}/api/entities/{versioned['named_alias']['id']}", auth=sy).json()
    ]  # only ru's own object of that name, and no link to ir's actor through the alias
    found = httpx.get(f"{hub.url}/api/entities", params={"q": ALIAS}, auth=ir).json()
    assert actor in {o for e in found for o in e["objects"]}

    with _console(hub, *sy) as console:
        assert ALIAS not in console.get(f"/entities/{actor}").text
        searched = console.get(f"/entities?q={quote(ALIAS)}").text
        assert actor not in searched
        feed = console.get(f"/feed?q={quote(ALIAS)}").text
        assert actor not in feed and versioned["named_alias"]["id"] in feed


def test_links_claims_and_correlations_follow_the_visible_version(
    hub: RunningHub, versioned: dict[str, dict[str, Any]]
) -> None:
    sy, ir = hub.key("sy"), hub.key("ir")
    ir_indicator = versioned["ir_indicator"]["id"]

    def correlated(auth: tuple[str, str], stix_id: str) -> dict[str, list[str]]:
        found = httpx.get(f"{hub.url}/api/objects/{stix_id}/correlations", auth=auth).json()
        return {c["value"]: c["objects"] for c in found}

    assert correlated(sy, ir_indicator) == {"198.51.100.7/32": [versioned["ru_first"]["id"]]}
    assert correlated(ir, ir_indicator) == {"203.0.113.9/32": [versioned["ru_second"]["id"]]}
    assert correlated(sy, versioned["ru_second"]["id"]) == {}  # the hidden v2's value
    assert correlated(sy, versioned["ru_first"]["id"]) == {"198.51.100.7/32": [ir_indicator]}

    alias = versioned["named_alias"]["id"]
    seen = httpx.get(f"{hub.url}/api/entities/{alias}", auth=sy).json()
    assert seen["objects"] == [alias] and seen["links"] == []
    assert seen["corroboration"] == []  # ir's report is about it only in the hidden v2
    mine = httpx.get(f"{hub.url}/api/entities/{alias}", auth=ir).json()
    assert versioned["actor"]["id"] in mine["objects"]
    assert [c["object_id"] for c in mine["corroboration"]] == [versioned["ir_report"]["id"]]


def test_name_search_limit_applies_after_visibility(hub: RunningHub) -> None:
    """ir's RED exact match and ru's GREEN near match: with limit=1, sy gets ru's (not
    nothing), as it would on a hub that never held ir's."""
    ir, ru = _identity(hub, "ir"), _identity(hub, "ru")
    to_ir = releasability_marking([ir], ir)
    hidden = _actor(ir, "Qasem Soleimani", Tlp.RED, to_ir["id"])
    decoy = _actor(ru, "Qassem Suleimani", Tlp.GREEN)
    _share(hub, "ir", to_ir, hidden)
    _share(hub, "ru", decoy)
    hub.services.fusion.catch_up()
    sy = hub.key("sy")
    params = {"q": "Qasem Soleimani", "limit": 1}
    found = httpx.get(f"{hub.url}/api/entities", params=params, auth=sy).json()
    assert [e["id"] for e in found] == [decoy["id"]]
    mine = httpx.get(f"{hub.url}/api/entities", params=params, auth=hub.key("ir")).json()
    assert [e["id"] for e in mine] == [hidden["id"]]  # the best match, for whom may see it
    with _console(hub, *sy) as console:
        page = console.get("/entities?q=Qasem+Soleimani").text
    assert decoy["id"] in page and hidden["id"] not in page


def test_live_events_and_feed_show_only_the_visible_version(hub: RunningHub) -> None:
    """The console's live stream and feed follow the version sy may see: ir's RED second
    version of a GREEN actor is neither streamed nor shown, and the feed keeps the first."""
    ir = _identity(hub, "ir")
    actor = _actor(ir, "Qasem Soleimani", Tlp.GREEN)
    _share(hub, "ir", actor)
    events: list[dict[str, Any]] = []
    with _console(hub, *hub.key("sy")) as console:
        mark = re.search(r'data-mark="([^"]+)"', console.get("/feed").text)
        assert mark

        def read() -> None:
            url = f"/events?after={mark.group(1)}"
            with console.stream("GET", url, timeout=httpx.Timeout(30, read=30)) as response:
                for line in response.iter_lines():
                    if line.startswith("data: {"):
                        events.append(orjson.loads(line[6:]))
                        if events[-1]["title"] == "After":
                            return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        _red_version(hub, actor, aliases=[ALIAS], name="Renamed")
        _share(hub, "ir", _actor(ir, "After", Tlp.GREEN))
        reader.join(25)
        feed = console.get("/feed").text
    assert [e["title"] for e in events] == ["After"]
    assert "Qasem Soleimani" in feed and "Renamed" not in feed and ALIAS not in feed
