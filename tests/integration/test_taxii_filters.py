"""TAXII filters and paging semantics (section 3.4 and 3.5 of TAXII 2.1)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import orjson

from tests.conftest import RunningHub
from tests.factories import envelope, indicator, threat_actor

MemberClient = Callable[..., httpx.Client]


def share(hub: RunningHub, client: httpx.Client, *objects: dict) -> None:  # type: ignore[type-arg]
    status = client.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(*objects))
    ).json()
    assert status["failure_count"] == 0, status


def ids(response: httpx.Response) -> list[str]:
    return [o["id"] for o in response.json().get("objects", [])]


def test_version_keywords_and_exact_versions(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    v1 = indicator(name="v1")
    v2 = dict(v1, modified="2016-01-01T00:00:00.000Z", name="v2")
    v3 = dict(v1, modified="2017-01-01T00:00:00.000Z", name="v3")
    share(hub, ru, v2)
    share(hub, ru, v3, v1)  # order of arrival differs from version order
    url = hub.collection_url() + f"objects/{v1['id']}/"

    def names(query: str) -> list[str]:
        return sorted(o["name"] for o in ru.get(url + query).json().get("objects", []))

    assert names("") == ["v3"]
    assert names("?match[version]=first") == ["v1"]
    assert names("?match[version]=first,last") == ["v1", "v3"]
    assert names("?match[version]=all") == ["v1", "v2", "v3"]
    assert names("?match[version]=2016-01-01T00:00:00Z") == ["v2"]
    assert names("?match[version]=2016-01-01T00:00:00.000Z,last") == ["v2", "v3"]
    versions = ru.get(url + "versions/").json()["versions"]
    assert len(versions) == 3 and versions[0].startswith("2016")  # date_added order


def test_type_and_id_filters(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    a, b, actor = indicator(), indicator(), threat_actor()
    share(hub, ru, a, b, actor)
    base = hub.collection_url() + "objects/"
    assert ids(ru.get(base + "?match[type]=threat-actor")) == [actor["id"]]
    assert ids(ru.get(base + "?match[type]=threat-actor,indicator")) == [
        a["id"],
        b["id"],
        actor["id"],
    ]
    assert ids(ru.get(base + f"?match[id]={b['id']},{actor['id']}")) == [b["id"], actor["id"]]
    assert ids(ru.get(base + f"?match[id]={b['id']}&match[type]=threat-actor")) == []


def test_added_after_and_date_headers(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    first, second = indicator(), indicator()
    share(hub, ru, first)
    share(hub, ru, second)
    base = hub.collection_url() + "objects/"
    response = ru.get(base)
    assert (
        response.headers["X-TAXII-Date-Added-First"] < response.headers["X-TAXII-Date-Added-Last"]
    )
    after = response.headers["X-TAXII-Date-Added-First"]
    assert ids(ru.get(base, params={"added_after": after})) == [second["id"]]
    manifest = ru.get(hub.collection_url() + "manifest/", params={"added_after": after}).json()
    assert [r["id"] for r in manifest["objects"]] == [second["id"]]
    assert manifest["objects"][0]["date_added"] == response.headers["X-TAXII-Date-Added-Last"]


def test_spec_version_filter(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    obj = indicator()
    share(hub, ru, obj)
    base = hub.collection_url() + "objects/"
    assert ids(ru.get(base + "?match[spec_version]=2.1")) == [obj["id"]]
    assert ids(ru.get(base + "?match[spec_version]=2.0")) == []


def test_empty_collection_gives_an_empty_envelope(
    hub: RunningHub, member_client: MemberClient
) -> None:
    response = member_client("ru").get(hub.collection_url() + "objects/")
    assert response.status_code == 200
    assert response.json() == {"more": False}


def test_limit_caps_the_page_and_next_resumes(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    objects = [indicator(value=f"192.0.2.{i}") for i in range(7)]
    share(hub, ru, *objects)
    page = ru.get(hub.collection_url() + "manifest/?limit=3").json()
    assert page["more"] is True and len(page["objects"]) == 3
    rest = ru.get(
        hub.collection_url() + "manifest/", params={"limit": "10", "next": page["next"]}
    ).json()
    assert rest["more"] is False
    assert [r["id"] for r in page["objects"] + rest["objects"]] == [o["id"] for o in objects]
