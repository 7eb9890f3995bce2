"""Governance through the HTTP API, re-enacting the seed: an outside state is invited and
declines, a member is suspended and reinstated, a member revokes another's access (deny),
a member is expelled, a member withdraws. Each takes effect on the next read."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import orjson
import pytest

from allyhub.charter import Role, Tlp
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"


@pytest.fixture
def liaison(hub: RunningHub) -> Iterator[Callable[[str], httpx.Client]]:
    made: list[httpx.Client] = []

    def make(member: str, role: Role = Role.LIAISON) -> httpx.Client:
        user, key = hub.key(member, role)
        made.append(
            httpx.Client(
                base_url=hub.url,
                auth=(user, key),
                timeout=30,
                headers={"Accept": TAXII, "Content-Type": TAXII},
            )
        )
        return made[-1]

    yield make
    for client in made:
        client.close()


def share(hub: RunningHub, client: httpx.Client, obj: dict) -> None:  # type: ignore[type-arg]
    status = client.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(obj))
    ).json()
    assert status["success_count"] == 1, status


def sees(hub: RunningHub, client: httpx.Client, stix_id: str) -> bool:
    return client.get(hub.collection_url() + f"objects/{stix_id}/").status_code == 200


def standing(client: httpx.Client, member: str) -> str:
    return next(m["standing"] for m in client.get("/api/members").json() if m["id"] == member)


def test_invitation_voted_then_declined(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    ru, sy, ir, iq = (liaison(m) for m in ("ru", "sy", "ir", "iq"))
    motion = ru.post(
        "/api/motions",
        json={"kind": "admit", "subject": "us", "name": "United States", "tier": "full"},
    )
    assert motion.status_code == 201, motion.text
    motion_id = motion.json()["id"]
    assert motion.json()["status"] == "open" and motion.json()["needed"] == 0

    for member, client in (("ru", ru), ("sy", sy), ("ir", ir)):
        result = client.post(f"/api/motions/{motion_id}/votes", json={"vote": "yes"}).json()
        assert result["status"] == "open", member  # unanimity of four: not yet
    passed = iq.post(f"/api/motions/{motion_id}/votes", json={"vote": "yes"}).json()

    assert passed["status"] == "passed" and passed["needed"] == 4

    green, clear = indicator(tlp=Tlp.GREEN), indicator(tlp=Tlp.CLEAR)
    share(hub, ru, green)
    share(hub, ru, clear)
    us = liaison("us")
    assert standing(us, "us") == "active"
    assert sees(hub, us, clear["id"]) and not sees(hub, us, green["id"])  # invitee: CLEAR only

    declined = us.post(f"/api/motions/{motion_id}/response", json={"response": "decline"})
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    assert standing(ru, "us") == "declined"
    assert us.get(hub.collection_url() + "objects/").status_code in (403, 404)


def test_votes_need_a_full_members_liaison(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    analyst = liaison("ru", Role.ANALYST)
    refused = analyst.post("/api/motions", json={"kind": "suspend", "subject": "hz"})
    assert refused.status_code == 403 and "liaison" in refused.json()["description"]
    associate = liaison("hz")
    refused = associate.post("/api/motions", json={"kind": "suspend", "subject": "sy"})
    assert refused.status_code == 403 and "full members" in refused.json()["description"]


def test_suspension_hides_what_is_shared_afterwards(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    ru, sy, ir, hz = (liaison(m) for m in ("ru", "sy", "ir", "hz"))
    before = indicator(tlp=Tlp.GREEN)
    share(hub, ru, before)
    motion_id = ru.post("/api/motions", json={"kind": "suspend", "subject": "hz"}).json()["id"]
    for client in (ru, sy, ir):  # majority of four full members is three
        result = client.post(f"/api/motions/{motion_id}/votes", json={"vote": "yes"}).json()
    assert result["status"] == "passed"
    after = indicator(tlp=Tlp.GREEN)
    share(hub, ru, after)
    assert standing(ru, "hz") == "suspended"
    assert sees(hub, hz, before["id"]) and not sees(hub, hz, after["id"])
    refused = hz.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(indicator()))
    )
    assert refused.status_code == 403

    reinstate = ru.post("/api/motions", json={"kind": "reinstate", "subject": "hz"}).json()["id"]
    for client in (ru, sy, ir):
        client.post(f"/api/motions/{reinstate}/votes", json={"vote": "yes"})
    assert sees(hub, hz, after["id"])


def test_deny_skips_a_member_in_later_shares_only(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    ir, ru = liaison("ir"), liaison("ru")
    earlier = indicator(tlp=Tlp.GREEN)
    share(hub, ir, earlier)
    assert ir.put("/api/denies/ru").status_code == 204  # Hamadan, August 2016
    later = indicator(tlp=Tlp.GREEN)
    share(hub, ir, later)
    assert sees(hub, ru, earlier["id"]) and not sees(hub, ru, later["id"])
    assert next(m for m in ir.get("/api/members").json() if m["id"] == "ir")["denies"] == ["ru"]
    assert ir.delete("/api/denies/ru").status_code == 204
    again = indicator(tlp=Tlp.GREEN)
    share(hub, ir, again)
    assert sees(hub, ru, again["id"]) and not sees(hub, ru, later["id"])


def test_expelled_and_withdrawn_members_see_nothing(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    ru, sy, ir, iq, hz = (liaison(m) for m in ("ru", "sy", "ir", "iq", "hz"))
    public = indicator(tlp=Tlp.CLEAR)
    share(hub, ru, public)
    motion_id = ru.post("/api/motions", json={"kind": "expel", "subject": "hz"}).json()["id"]
    for client in (ru, sy, ir, iq):
        result = client.post(f"/api/motions/{motion_id}/votes", json={"vote": "yes"}).json()
    assert result["status"] == "passed"
    assert hz.get(hub.collection_url() + "objects/").status_code in (403, 404)

    assert iq.post("/api/withdrawal").status_code == 204
    assert standing(ru, "iq") == "withdrawn"
    assert iq.get(hub.collection_url() + f"objects/{public['id']}/").status_code in (403, 404)


def test_a_no_vote_can_sink_a_unanimity_motion(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    ru, sy = liaison("ru"), liaison("sy")
    motion_id = ru.post("/api/motions", json={"kind": "expel", "subject": "hz"}).json()["id"]
    failed = sy.post(f"/api/motions/{motion_id}/votes", json={"vote": "no"}).json()
    assert failed["status"] == "failed"


def test_governance_records_are_stix_readable_over_taxii(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    ru = liaison("ru")
    ru.post("/api/motions", json={"kind": "suspend", "subject": "hz"})
    collection = hub.services.coalition.governance_collection.id
    records = ru.get(f"/taxii2/rsii/collections/{collection}/objects/").json()["objects"]
    assert sorted(r["type"] for r in records) == ["allyhub-motion", "marking-definition"]
    # the record carries its markings, and the release list it names travels with it
    motion = next(r for r in records if r["type"] == "allyhub-motion")
    listed = next(r for r in records if r["type"] == "marking-definition")
    assert motion["object_marking_refs"][1] == listed["id"]
    refused = ru.post(
        f"/taxii2/rsii/collections/{collection}/objects/",
        content=orjson.dumps(envelope(indicator())),
    )
    assert refused.status_code == 403


def test_openapi_describes_the_api(hub: RunningHub) -> None:
    spec = httpx.get(hub.url + "/openapi.json").json()
    assert {"/motions", "/motions/{motion_id}/votes", "/audit", "/members"} <= set(spec["paths"])


def test_a_deny_switch_is_seen_by_its_author_alone(
    hub: RunningHub, liaison: Callable[..., httpx.Client]
) -> None:
    """Whom a member denies is its own business: the record that skips sy in ru's later
    shares is released to ru alone, over TAXII as in the API."""
    ru, sy = liaison("ru"), liaison("sy")
    assert ru.put("/api/denies/sy").status_code in (200, 204)
    collection = hub.services.coalition.governance_collection.id
    url = f"/taxii2/rsii/collections/{collection}/objects/?match[type]=allyhub-deny"
    assert [r["member"] for r in ru.get(url).json().get("objects", [])] == ["sy"]
    assert sy.get(url).json().get("objects", []) == []
