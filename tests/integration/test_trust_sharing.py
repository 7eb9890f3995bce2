"""Issue 11, findings 2, 5, 9, 10 and 16: the share path, probed over TAXII on loopback.

Identities are the members' own and ids compare in lower case (2); a share answers the
same whether a hidden object exists or not (5); a release list is seen only by those it
names and its sharer (9); served dates count no hidden version (10); an unmarked object
leaves the hub carrying the charter's default marking (16).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from allyhub.app import build_services
from allyhub.charter import Role, Tlp
from allyhub.federation.peers import Source, sync_once
from allyhub.settings import Settings
from allyhub.stix.markings import ALLYHUB_IDENTITY, TLP2_ID
from allyhub.timestamps import parse_timestamp
from tests.conftest import RunningHub, serving
from tests.factories import T0, indicator, ipv4, sid
from tests.integration.trust_support import Members, red_to, share

Client = Callable[..., httpx.Client]


@pytest.fixture
def members(hub: RunningHub) -> Iterator[Members]:
    made = Members(hub)
    yield made
    made.close()


def _analyst(members: Members, member: str) -> httpx.Client:
    return members.client(member, Role.ANALYST)


def _objects(client: httpx.Client, hub: RunningHub, **params: str) -> httpx.Response:
    return client.get(hub.collection_url() + "objects/", params=params)


# -- finding 2: identities are reserved, ids are canonical --------------------------------


def _identity(ident: str, name: str) -> dict[str, Any]:
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": ident,
        "created": T0,
        "modified": T0,
        "name": name,
        "identity_class": "organization",
    }


def _upper(ident: str) -> str:
    kind, _, uid = ident.partition("--")
    return f"{kind}--{uid.upper()}"


def test_finding2_a_member_cannot_take_another_members_identity(
    hub: RunningHub, members: Members
) -> None:
    iraq = members.identity("iq")
    sy, iq = _analyst(members, "sy"), _analyst(members, "iq")
    fake = share(sy, hub, _identity(iraq, "Republic of Iraq - fake"))
    assert fake["success_count"] == 0
    assert "'iq''s identity" in fake["failures"][0]["message"]
    shouting = share(sy, hub, _identity(_upper(iraq), "REPUBLIC OF IRAQ - FAKE"))
    assert shouting["success_count"] == 0, shouting  # the same id in capitals
    assert "'iq''s identity" in shouting["failures"][0]["message"]

    own = share(iq, hub, {**_identity(iraq, "Republic of Iraq"), "created_by_ref": iraq})
    assert own["success_count"] == 1 and own["failure_count"] == 0, own
    read = iq.get(f"{hub.collection_url()}objects/{iraq}/")
    assert read.status_code == 200 and read.json()["objects"][0]["name"] == "Republic of Iraq"
    seen = _objects(_analyst(members, "ru"), hub, **{"match[id]": iraq}).json()["objects"]
    assert [o["name"] for o in seen] == ["Republic of Iraq"]  # nobody sees the fake


def test_finding2_the_hubs_identity_cannot_be_claimed(hub: RunningHub, members: Members) -> None:
    sy = _analyst(members, "sy")
    for creator in (ALLYHUB_IDENTITY, _upper(ALLYHUB_IDENTITY)):
        status = share(sy, hub, indicator(creator))
        assert status["success_count"] == 0, status
        assert "hub's own identity" in status["failures"][0]["message"]
    status = share(sy, hub, _identity(ALLYHUB_IDENTITY, "allyhub"))
    assert status["success_count"] == 0 and "hub's own identity" in str(status["failures"])


def test_finding2_upper_case_ids_are_stored_lower_case_once(
    hub: RunningHub, members: Members
) -> None:
    sy = _analyst(members, "sy")
    lower = f"indicator--{uuid.uuid4()}"
    shouted = indicator(members.identity("sy"), ident=_upper(lower))
    first = share(sy, hub, shouted)
    assert first["success_count"] == 1, first
    (success,) = first["successes"]
    assert success["id"] == lower and "identifiers lower-cased" in success["message"]
    again = share(sy, hub, indicator(members.identity("sy"), ident=_upper(lower)))
    (success,) = again["successes"]
    assert success["id"] == lower and "already present" in success["message"], again
    read = sy.get(f"{hub.collection_url()}objects/{lower}/")
    assert read.status_code == 200 and [o["id"] for o in read.json()["objects"]] == [lower]
    listed = _objects(_analyst(members, "ru"), hub, **{"match[type]": "indicator"}).json()
    assert [o["id"] for o in listed["objects"]] == [lower]


# -- finding 5: the share path answers the same whether a hidden object exists ------------


def _normal(status: dict[str, Any]) -> dict[str, Any]:
    """A status body without what must differ between two requests: its own id, its
    time, and the ids of the objects it is about (the two shares name different ones)."""

    def details(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**e, "id": "<object>"} for e in entries]

    normal = {k: v for k, v in status.items() if k not in ("id", "request_timestamp")}
    for key in ("successes", "failures", "pendings"):
        if key in normal:
            normal[key] = details(normal[key])
    return normal


def _status_of(client: httpx.Client, hub: RunningHub, status: dict[str, Any]) -> dict[str, Any]:
    answer = client.get(f"{hub.root}status/{status['id']}/")
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_finding5_sharing_a_value_another_member_holds_hidden(
    hub: RunningHub, members: Members
) -> None:
    """ir holds 203.0.113.9 RED to itself. sy shares the same value (same deterministic
    id): the answer is the one a value never shared gets, sy reads its own share back,
    and ir, who may see both sharings, sees the value once."""
    ir, sy = _analyst(members, "ir"), _analyst(members, "sy")
    marking, red = red_to(members, "ir", "ir")
    held = {**ipv4("203.0.113.9"), "object_marking_refs": red}
    assert share(ir, hub, marking, held)["failure_count"] == 0

    hidden = share(sy, hub, ipv4("203.0.113.9"))
    fresh = share(sy, hub, ipv4("203.0.113.77"))  # a value nobody has shared
    assert hidden["success_count"] == 1, hidden
    assert _normal(hidden) == _normal(fresh)
    assert _normal(_status_of(sy, hub, hidden)) == _normal(_status_of(sy, hub, fresh))

    mine = sy.get(f"{hub.collection_url()}objects/{held['id']}/")
    assert mine.status_code == 200, mine.text
    (obj,) = mine.json()["objects"]
    assert obj["value"] == "203.0.113.9" and TLP2_ID[Tlp.RED] not in obj["object_marking_refs"]

    listed = _objects(ir, hub, **{"match[type]": "ipv4-addr"}).json()["objects"]
    assert [o["id"] for o in listed].count(held["id"]) == 1
    one = ir.get(f"{hub.collection_url()}objects/{held['id']}/").json()["objects"]
    assert len(one) == 1
    versions = ir.get(f"{hub.collection_url()}objects/{held['id']}/versions/").json()
    assert len(versions["versions"]) == 1
    manifest = ir.get(hub.collection_url() + "manifest/", params={"match[id]": held["id"]})
    assert len(manifest.json()["objects"]) == 1


def _note(author: str, *refs: str) -> dict[str, Any]:
    return {
        "type": "note",
        "spec_version": "2.1",
        "id": sid("note"),
        "created": T0,
        "modified": T0,
        "created_by_ref": author,
        "content": "Seen moving east at dawn.",
        "object_refs": list(refs),
    }


def test_finding5_a_reference_to_a_hidden_object_is_answered_as_one_to_nothing(
    hub: RunningHub, members: Members
) -> None:
    ir, sy = _analyst(members, "ir"), _analyst(members, "sy")
    marking, red = red_to(members, "ir", "ir")
    secret = indicator(members.identity("ir"), tlp=None, markings=tuple(red))
    assert share(ir, hub, marking, secret)["failure_count"] == 0
    author = members.identity("sy")
    to_hidden = share(sy, hub, _note(author, secret["id"]))
    to_nothing = share(sy, hub, _note(author, sid("indicator")))
    assert _normal(to_hidden) == _normal(to_nothing)
    assert _normal(_status_of(sy, hub, to_hidden)) == _normal(_status_of(sy, hub, to_nothing))


def test_finding5_claiming_a_hidden_id_is_answered_as_a_new_id(
    hub: RunningHub, members: Members
) -> None:
    ir, sy = _analyst(members, "ir"), _analyst(members, "sy")
    marking, red = red_to(members, "ir", "ir")
    secret = indicator(members.identity("ir"), tlp=None, markings=tuple(red), name="Source X")
    assert share(ir, hub, marking, secret)["failure_count"] == 0
    author = members.identity("sy")
    claimed = share(sy, hub, indicator(author, ident=secret["id"], name="mine"))
    unused = share(sy, hub, indicator(author, ident=sid("indicator"), name="mine"))
    assert claimed["success_count"] == 1, claimed
    assert _normal(claimed) == _normal(unused)
    assert _normal(_status_of(sy, hub, claimed)) == _normal(_status_of(sy, hub, unused))
    read = sy.get(f"{hub.collection_url()}objects/{secret['id']}/").json()["objects"]
    assert [o["name"] for o in read] == ["mine"]  # its own, never ir's
    still = ir.get(f"{hub.collection_url()}objects/{secret['id']}/").json()["objects"]
    assert [o["name"] for o in still] == ["Source X"]  # ir's line is untouched


# -- finding 9: a release list is seen by those it names and its sharer -------------------


def test_finding9_a_release_list_is_seen_only_by_whom_it_names(
    hub: RunningHub, members: Members
) -> None:
    members.admit("ob", "observer")
    members.admit("nv", "associate", answer=None)  # invited, not yet answered
    assert members.standing("ob") == ("observer", "active")
    assert members.standing("nv") == ("invitee", "active")
    marking, _red = red_to(members, "ir", "ru")
    used = indicator(members.identity("ir"), tlp=Tlp.AMBER, markings=(marking["id"],))
    assert share(_analyst(members, "ir"), hub, marking, used)["failure_count"] == 0
    never = f"marking-definition--{uuid.uuid4()}"

    def answers(member: str, ident: str) -> tuple[int, int, Any]:
        client = members.client(member, Role.READER)
        url = f"{hub.collection_url()}objects/{ident}/"
        manifest = client.get(hub.collection_url() + "manifest/", params={"match[id]": ident})
        return (
            client.get(url).status_code,
            client.get(url + "versions/").status_code,
            manifest.json().get("objects"),
        )

    for member in ("sy", "hz", "ob", "nv"):  # not on the list, an observer, an invitee
        assert answers(member, marking["id"]) == answers(member, never) == (404, 404, None)
        listed = members.client(member, Role.READER).get(
            hub.collection_url() + "objects/", params={"match[type]": "marking-definition"}
        )
        assert marking["id"] not in listed.text, member
    for member in ("ru", "ir"):  # on the list, and its sharer
        status, versions, manifest = answers(member, marking["id"])
        assert (status, versions) == (200, 200) and [m["id"] for m in manifest] == [marking["id"]]


# -- finding 10: served dates count nothing hidden ----------------------------------------


class Clock:
    """The hub's clock, set by the test (µs since the epoch)."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


@contextmanager
def _hub_on(settings: Settings, clock: Clock) -> Iterator[RunningHub]:
    services = build_services(settings, clock=clock)
    try:
        with serving(services) as running:
            yield running
    finally:
        services.engine.dispose()


def _dates(client: httpx.Client, hub: RunningHub, *ids: str) -> list[int]:
    manifest = client.get(hub.collection_url() + "manifest/", params={"match[id]": ",".join(ids)})
    found = {m["id"]: parse_timestamp(m["date_added"]) for m in manifest.json()["objects"]}
    return [found[i] for i in ids]


def test_finding10_one_envelope_is_one_date_whatever_it_hides(
    settings: Settings,
) -> None:
    with _hub_on(settings, Clock(1_700_000_000_000_000)) as hub:
        members = Members(hub)
        try:
            ir, sy = _analyst(members, "ir"), _analyst(members, "sy")
            marking, red = red_to(members, "ir", "ir")
            author = members.identity("ir")
            first, last = indicator(author, name="first"), indicator(author, name="last")
            hidden = [indicator(author, tlp=None, markings=tuple(red)) for _ in range(2)]
            assert share(ir, hub, marking, first, *hidden, last)["success_count"] == 5
            page = _objects(sy, hub, **{"match[type]": "indicator"})
            assert [o["id"] for o in page.json()["objects"]] == [first["id"], last["id"]]
            assert (
                page.headers["X-TAXII-Date-Added-First"] == page.headers["X-TAXII-Date-Added-Last"]
            )
            added = _dates(sy, hub, first["id"], last["id"])
            assert added[0] == added[1]
        finally:
            members.close()


def test_finding10_gaps_between_commits_reflect_time_not_counts(settings: Settings) -> None:
    """The hub's clock moves one millisecond between two shares of ir's; the first hides
    no version, or 1,500 versions sy may not see: sy sees the same gap either way."""
    clock = Clock(1_700_000_000_000_000)
    with _hub_on(settings, clock) as hub:
        members = Members(hub)
        try:
            ir, sy = _analyst(members, "ir"), _analyst(members, "sy")
            marking, red = red_to(members, "ir", "ir")
            author = members.identity("ir")
            assert share(ir, hub, marking)["failure_count"] == 0
            gaps = []
            for hidden in (0, 1500):
                clock.now += 1_000_000
                before = indicator(author, name=f"before {hidden}")
                secret = [indicator(author, tlp=None, markings=tuple(red)) for _ in range(hidden)]
                assert share(ir, hub, *secret, before)["failure_count"] == 0
                clock.now += 1_000  # one millisecond later
                after = indicator(author, name=f"after {hidden}")
                assert share(ir, hub, after)["failure_count"] == 0
                first, second = _dates(sy, hub, before["id"], after["id"])
                gaps.append(second - first)
            assert gaps == [1_000, 1_000]
        finally:
            members.close()


# -- finding 16: markings travel with the object ------------------------------------------


def test_finding16_an_unmarked_object_leaves_with_the_charters_default(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    damascus, baghdad = hub_pair  # the seed charter's default marking is AMBER
    at_damascus, at_baghdad = Members(damascus), Members(baghdad)
    try:
        bare = indicator(at_damascus.identity("sy"), tlp=None, name="unmarked")
        assert "object_marking_refs" not in bare
        status = share(_analyst(at_damascus, "sy"), damascus, bare)
        (success,) = status["successes"]
        assert "marked TLP:AMBER, the charter's default" in success["message"], status
        amber = TLP2_ID[Tlp.AMBER]

        url = f"{damascus.collection_url()}objects/{bare['id']}/"
        (served,) = _analyst(at_damascus, "ru").get(url).json()["objects"]
        assert served["object_marking_refs"] == [amber]  # to a TAXII client

        key, record = damascus.services.keys.create_peer("baghdad")
        as_peer = httpx.get(
            damascus.collection_url() + "objects/",
            auth=(record.principal, key),
            headers={"Accept": "application/taxii+json;version=2.1"},
        ).json()
        (to_peer,) = [o for o in as_peer["objects"] if o["id"] == bare["id"]]
        assert to_peer["object_marking_refs"] == [amber]  # to a peer hub

        assert sync_once(baghdad.services.replication, Source("damascus", damascus.url)) >= 1
        there = f"{baghdad.collection_url()}objects/{bare['id']}/"
        (relayed,) = _analyst(at_baghdad, "iq").get(there).json()["objects"]
        assert relayed["object_marking_refs"] == [amber]  # and on from there
    finally:
        at_damascus.close()
        at_baghdad.close()
