"""`GET /api/search` over real HTTP on SQLite and PostgreSQL: names in every script through
fusion's keys, values inside indicator patterns (IP networks by containment), ids and
words; grouped by type with counts; and a match the caller may not see changes nothing
the caller gets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import orjson
import pytest

from allyhub.charter import Role, Tlp
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub, share_seed
from tests.factories import indicator, report, threat_actor

VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"
RELAY_SY = "Relay contacted from Damascus"
RELAY_IQ = "ISIL propaganda relay"
NEVER = "report--00000000-0000-4000-8000-000000000000"


@pytest.fixture
def seeded(hub: RunningHub) -> dict[str, dict[str, Any]]:
    return share_seed(hub.services)


@pytest.fixture
def api(hub: RunningHub) -> Iterator[Callable[[str], httpx.Client]]:
    made: list[httpx.Client] = []

    def make(member: str) -> httpx.Client:
        user, key = hub.key(member, Role.ANALYST)
        made.append(httpx.Client(base_url=f"{hub.url}/api", auth=(user, key), timeout=60))
        return made[-1]

    yield make
    for client in made:
        client.close()


def search(client: httpx.Client, q: str, **params: Any) -> dict[str, Any]:
    response = client.get("/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def titles(found: dict[str, Any], kind: str) -> set[str]:
    return {i["title"] for g in found["groups"] if g["kind"] == kind for i in g["items"]}


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("soleimani", id="latin-lower"),
        pytest.param("苏莱曼尼", id="simplified-chinese"),
        pytest.param("蘇雷曼尼", id="traditional-chinese"),
        pytest.param("Сулеймани", id="cyrillic"),
        pytest.param("سليماني", id="arabic"),
    ],
)
def test_search_finds_a_person_in_any_script_with_the_reports_about_it(
    api: Callable[[str], httpx.Client], seeded: dict, spelling: str
) -> None:
    ru, sy = api("ru"), api("sy")

    as_ru = search(ru, spelling)
    assert as_ru["kinds"] == {"threat-actor": 5, "report": 1}
    assert as_ru["total"] == 6 and not as_ru["more"]
    assert titles(as_ru, "report") == {VISIT}
    assert len(as_ru["entities"]) == 1 and as_ru["entities"][0]["objects"] == 5
    assert "name in any script" in as_ru["read_as"]
    visit = next(i for g in as_ru["groups"] for i in g["items"] if i["title"] == VISIT)
    assert (visit["tlp"], visit["shared_by"]) == ("amber", "ir")
    assert visit["matched"] == "being about the entity"
    actors = next(g for g in as_ru["groups"] if g["kind"] == "threat-actor")["items"]
    assert {a["matched"] for a in actors} == {"a name of the fused entity"}

    as_sy = search(sy, spelling)  # Iran's restricted actor and report are released to ru only
    assert as_sy["kinds"] == {"threat-actor": 4} and as_sy["total"] == 4
    assert seeded["قاسم سلیمانی"]["id"] not in orjson.dumps(as_sy).decode()
    assert as_sy["entities"][0]["objects"] == 4


@pytest.mark.parametrize(
    ("query", "expected", "read_as"),
    [
        pytest.param("198.51.100.7", {RELAY_SY}, "ipv4", id="ip-inside-a-pattern"),
        pytest.param("198.51.100.0/24", {RELAY_SY}, "ipv4", id="network-contains-it"),
        pytest.param("relay.example.org", {RELAY_SY, RELAY_IQ}, "domain", id="domain-in-both"),
        pytest.param("RELAY.example.org.", {RELAY_SY, RELAY_IQ}, "domain", id="domain-normalized"),
    ],
)
def test_search_finds_values_inside_indicator_patterns(
    api: Callable[[str], httpx.Client], seeded: dict, query: str, expected: set[str], read_as: str
) -> None:
    found = search(api("sy"), query)
    assert titles(found, "indicator") == expected
    assert read_as in found["read_as"]
    assert {i["matched"] for g in found["groups"] for i in g["items"]} == {"an observable value"}


def test_search_finds_words_in_titles_and_ids(
    api: Callable[[str], httpx.Client], seeded: dict
) -> None:
    ru = api("ru")
    hamadan = search(ru, "Hamadan")
    assert titles(hamadan, "location") == {"Hamadan air base"}
    assert titles(hamadan, "report") == {
        "Long-range aviation refuels at Hamadan for strikes in Syria"
    }
    assert titles(search(ru, "commander quds"), "threat-actor") == {"قاسم سليماني"}  # description
    by_id = search(ru, seeded["Hamadan air base"]["id"])
    assert by_id["read_as"][0] == "id" and by_id["kinds"] == {"location": 1}
    assert by_id["groups"][0]["items"][0]["matched"] == "its id"
    assert {i["matched"] for g in hamadan["groups"] for i in g["items"]} == {"its words"}
    assert search(ru, "no-such-word-anywhere")["total"] == 0


def test_search_limits_one_type_and_counts_what_may_be_seen(
    api: Callable[[str], httpx.Client], seeded: dict
) -> None:
    ru = api("ru")
    few = search(ru, "soleimani", per_type=2)
    actors = next(g for g in few["groups"] if g["kind"] == "threat-actor")
    assert actors["count"] == 5 and len(actors["items"]) == 2
    only = search(ru, "soleimani", type="report")
    assert [g["kind"] for g in only["groups"]] == ["report"]
    assert titles(only, "report") == {VISIT}


def test_a_hidden_match_changes_nothing_the_caller_gets(
    hub: RunningHub, api: Callable[[str], httpx.Client], seeded: dict
) -> None:
    sy, ru = api("sy"), api("ru")
    queries = ["soleimani", "سليماني", "198.51.100.0/24", "Hamadan", "relay.example.org", NEVER]
    before = {q: search(sy, q) for q in queries}
    # the matching alone, as the feed's filters will use it
    reader = hub.services.keys.authenticate(hub.services.keys.create("sy", Role.READER)[0])
    matched = {q: hub.services.search.matching(reader, q) for q in queries}

    # Iran shares, released to Russia only, objects that match every query above
    services = hub.services
    ident = {m.id: m.identity for m in services.charter.members}
    listed = releasability_marking([ident["ir"], ident["ru"]], ident["ir"])
    actor = threat_actor(ident["ir"], name="Qasem Soleimani", tlp=Tlp.AMBER)
    actor["object_marking_refs"].append(listed["id"])
    c2 = indicator(
        ident["ir"], value="198.51.100.9", tlp=Tlp.AMBER, name="Hamadan relay.example.org"
    )
    c2["object_marking_refs"].append(listed["id"])
    paper = report(ident["ir"], name="Hamadan and Soleimani", refs=(actor["id"],),
                   markings=(listed["id"],))  # fmt: skip
    paper["id"] = NEVER
    key, _ = services.keys.create("ir", Role.ANALYST)
    status = services.sharing.share(
        services.keys.authenticate(key),
        "joint",
        orjson.dumps({"objects": [listed, actor, c2, paper]}),
    )
    assert not status.failures, status.failures
    services.fusion.catch_up()

    for q in queries:
        assert search(sy, q) == before[q], q
        assert hub.services.search.matching(reader, q) == matched[q], q
    # ...while Russia, on the list, finds them: the queries do match them
    assert NEVER in orjson.dumps(search(ru, NEVER)).decode()
    assert c2["id"] in orjson.dumps(search(ru, "198.51.100.0/24")).decode()
    assert actor["id"] in orjson.dumps(search(ru, "سليماني")).decode()


@pytest.mark.parametrize(
    ("params", "status"),
    [
        pytest.param({"q": "   "}, 400, id="blank"),
        pytest.param({}, 400, id="missing"),
        pytest.param({"q": "x" * 301}, 400, id="too-long"),
        pytest.param({"q": "a", "type": "Not A Type"}, 400, id="bad-type"),
        pytest.param({"q": "a", "per_type": "0"}, 400, id="bad-per-type"),
    ],
)
def test_search_refuses_bad_queries(
    api: Callable[[str], httpx.Client], params: dict[str, str], status: int
) -> None:
    response = api("ru").get("/search", params=params)
    assert response.status_code == status, response.text
    assert response.json()["title"] == "Bad request"


def test_search_needs_a_key(hub: RunningHub) -> None:
    assert httpx.get(f"{hub.url}/api/search", params={"q": "x"}, timeout=20).status_code == 401
