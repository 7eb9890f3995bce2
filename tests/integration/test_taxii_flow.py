"""TAXII 2.1 end to end with httpx against a real server: share, read back, page, filter."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import orjson

from allyhub.charter import Tlp
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import envelope, indicator, ipv4

TAXII = "application/taxii+json;version=2.1"


MemberClient = Callable[[str], httpx.Client]


def identity_of(hub: RunningHub, member: str) -> str:
    found = hub.services.charter.member(member)
    assert found is not None
    return found.identity


def test_discovery_names_the_api_root(hub: RunningHub) -> None:
    response = httpx.get(f"{hub.url}/taxii2/", headers={"Accept": TAXII})
    assert response.status_code == 200
    assert response.headers["content-type"] == TAXII
    assert response.json()["api_roots"] == ["/taxii2/rsii/"]


def test_share_then_read_back_in_date_added_order(
    hub: RunningHub, member_client: MemberClient
) -> None:
    ru = member_client("ru")
    objects = [indicator(identity_of(hub, "ru"), value=f"198.51.100.{i}") for i in range(5)]
    response = ru.post(hub.collection_url() + "objects/", content=orjson.dumps(envelope(*objects)))
    assert response.status_code == 202, response.text
    status = response.json()
    assert status["status"] == "complete"
    assert status["success_count"] == 5 and status["failure_count"] == 0

    page = ru.get(hub.collection_url() + "objects/")
    assert page.status_code == 200
    ids = [o["id"] for o in page.json()["objects"]]
    assert ids == [o["id"] for o in objects]
    # One share is one commit: its versions share one date_added, so the gaps between
    # served dates never count versions a reader may not see.
    assert page.headers["X-TAXII-Date-Added-First"] == page.headers["X-TAXII-Date-Added-Last"]

    again = ru.get(hub.root + f"status/{status['id']}/")
    assert again.json()["successes"] == status["successes"]


def test_paging_with_next_returns_every_object_once(
    hub: RunningHub, member_client: MemberClient
) -> None:
    ru = member_client("ru")
    objects = [indicator(identity_of(hub, "ru"), value=f"203.0.113.{i}") for i in range(25)]
    ru.post(hub.collection_url() + "objects/", content=orjson.dumps(envelope(*objects)))
    seen: list[str] = []
    params: dict[str, str] = {"limit": "10"}
    while True:
        data = ru.get(hub.collection_url() + "objects/", params=params).json()
        seen += [o["id"] for o in data.get("objects", [])]
        if not data["more"]:
            break
        params["next"] = data["next"]
    assert seen == [o["id"] for o in objects]


def test_amber_released_to_one_member_is_invisible_to_another(
    hub: RunningHub, member_client: MemberClient
) -> None:
    ru_identity, ir_identity = identity_of(hub, "ru"), identity_of(hub, "ir")
    release = releasability_marking([ir_identity], ru_identity)
    secret = indicator(ru_identity, tlp=Tlp.AMBER, markings=(release["id"],))
    ru = member_client("ru")
    status = ru.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(release, secret))
    ).json()
    assert status["success_count"] == 2, status

    ir, sy = member_client("ir"), member_client("sy")
    assert secret["id"] in [
        o["id"] for o in ir.get(hub.collection_url() + "objects/").json()["objects"]
    ]
    sy_objects = sy.get(hub.collection_url() + "objects/").json().get("objects", [])
    assert secret["id"] not in [o["id"] for o in sy_objects]
    hidden = sy.get(hub.collection_url() + f"objects/{secret['id']}/")
    missing = sy.get(
        hub.collection_url() + "objects/indicator--00000000-0000-4000-8000-000000000000/"
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["description"].replace(secret["id"], "X") == missing.json()[
        "description"
    ].replace("indicator--00000000-0000-4000-8000-000000000000", "X")


def test_observables_may_be_shared_by_several_members(
    hub: RunningHub, member_client: MemberClient
) -> None:
    first = member_client("ru").post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(ipv4("192.0.2.1")))
    )
    second = member_client("ir").post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(ipv4("192.0.2.1")))
    )
    assert first.json()["success_count"] == second.json()["success_count"] == 1


def test_the_hub_publishes_its_definitions(hub: RunningHub, member_client: MemberClient) -> None:
    from allyhub.stix.markings import RELEASABILITY_EXTENSION, TLP2_MARKINGS

    url = hub.root + "collections/definitions/objects/"
    ids = {o["id"] for o in member_client("hz").get(url).json()["objects"]}
    assert set(TLP2_MARKINGS) | {RELEASABILITY_EXTENSION} <= ids


def test_admiralty_grading_is_checked(hub: RunningHub, member_client: MemberClient) -> None:
    from allyhub.stix.markings import graded

    ru = hub.services.charter.member("ru").identity  # type: ignore[union-attr]
    note = {
        "type": "note",
        "spec_version": "2.1",
        "id": "note--6c7c4e0a-4b8e-4a57-9a57-2b2f7f5b0d11",
        "created": "2016-08-22T00:00:00.000Z",
        "modified": "2016-08-22T00:00:00.000Z",
        "created_by_ref": ru,
        "content": "Seen at Hamadan.",
        "object_refs": ["location--0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"],
        "extensions": graded("B", 2),
    }
    bad = dict(note, id="note--6c7c4e0a-4b8e-4a57-9a57-2b2f7f5b0d12", extensions=graded("G", 9))
    misplaced = dict(indicator(ru), extensions=graded("A", 1))
    status = (
        member_client("ru")
        .post(
            hub.collection_url() + "objects/", content=orjson.dumps(envelope(note, bad, misplaced))
        )
        .json()
    )
    assert status["success_count"] == 1
    messages = " ".join(f["message"] for f in status["failures"])
    assert "A to F" in messages and "reports, notes and sightings" in messages
