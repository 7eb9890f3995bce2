"""Two command-room hubs replicating over TAXII 2.1: each receives exactly what the members
it hosts may see, with provenance and labels intact, and governance travels too."""

from __future__ import annotations

import re

import httpx
import orjson
import pytest
import sqlalchemy as sa

from allyhub.charter import Role, Tier, Tlp
from allyhub.errors import InvalidRequest
from allyhub.federation.peers import Source, sync_once
from allyhub.federation.push import Pushed, push_peer
from allyhub.policy.governance import MotionKind
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters
from allyhub.stix.markings import releasability_marking
from allyhub.store.objects import SqlObjectStore
from allyhub.store.schema import seals
from allyhub.timestamps import parse_timestamp
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

ALL = Filters(versions=VersionMatch(frozenset({VersionPick.ALL})), types=("indicator",))


def _share(hub: RunningHub, member: str, *objects: dict) -> None:  # type: ignore[type-arg]
    principal = hub.services.keys.authenticate(hub.services.keys.create(member, Role.ANALYST)[0])
    status = hub.services.sharing.share(principal, "joint", orjson.dumps(envelope(*objects)))
    assert not status.failures, status.failures


def _pull(into: RunningHub, source: RunningHub) -> int:
    peer = source.services.settings.hub
    return sync_once(into.services.replication, Source(peer, source.url))


def _seen(hub: RunningHub, member: str) -> set[str]:
    principal = hub.services.keys.authenticate(hub.services.keys.create(member, Role.READER)[0])
    return {row.stix_id for row in hub.services.reading.objects(principal, "joint", ALL).rows}


def test_a_peer_gets_what_its_hosted_members_may_see_and_nothing_else(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    damascus, baghdad = hub_pair  # damascus hosts sy, ru, hz; baghdad hosts iq, ir
    ident = {m.id: m.identity for m in damascus.services.charter.members}
    to_ir = releasability_marking([ident["ir"]], ident["ru"])
    to_hz = releasability_marking([ident["hz"]], ident["ru"])
    green = indicator(ident["ru"], tlp=Tlp.GREEN)
    amber_ir = indicator(ident["ru"], tlp=Tlp.AMBER, markings=(to_ir["id"],))
    red_hz = indicator(ident["ru"], tlp=Tlp.RED, markings=(to_hz["id"],))  # never leaves damascus
    _share(damascus, "ru", to_ir, to_hz, green, amber_ir, red_hz)

    assert _pull(baghdad, damascus) > 0
    assert _seen(baghdad, "ir") == {green["id"], amber_ir["id"]}
    assert _seen(baghdad, "iq") == {green["id"]}  # AMBER released to ir only
    stored = baghdad.services.replication.cursors("damascus")
    assert any(c.pulled for c in stored)

    # Provenance survives: shared_by, origin hub and origin date_added are the origin's.
    principal = baghdad.services.keys.authenticate(
        baghdad.services.keys.create("ir", Role.READER)[0]
    )
    rows = baghdad.services.reading.objects(principal, "joint", ALL).rows
    origin = {
        r.stix_id: r
        for r in damascus.services.reading.objects(
            damascus.services.keys.authenticate(
                damascus.services.keys.create("ru", Role.READER)[0]
            ),
            "joint",
            ALL,
        ).rows
    }
    for row in rows:
        assert (row.shared_by, row.origin_hub) == ("ru", "damascus")
        assert row.origin_added == origin[row.stix_id].committed
        assert row.date_added != origin[row.stix_id].date_added  # each hub has its own clock


def test_replication_is_idempotent_and_two_way(hub_pair: tuple[RunningHub, RunningHub]) -> None:
    damascus, baghdad = hub_pair
    ident = {m.id: m.identity for m in damascus.services.charter.members}
    from_ru = indicator(ident["ru"], tlp=Tlp.GREEN)
    from_ir = indicator(ident["ir"], tlp=Tlp.GREEN)
    _share(damascus, "ru", from_ru)
    _share(baghdad, "ir", from_ir)
    for _ in range(2):
        _pull(baghdad, damascus)
        _pull(damascus, baghdad)
    assert _seen(damascus, "sy") == _seen(baghdad, "iq") == {from_ru["id"], from_ir["id"]}
    assert _pull(baghdad, damascus) == 0  # nothing new: a repeat is harmless
    # Each was offered its own version back by the other: held, so neither refused nor
    # held in quarantine (the store's answers that let it skip the object's checks).
    for hub in (damascus, baghdad):
        assert not hub.services.replication.quarantined(None)
    store = SqlObjectStore(damascus.services.engine, "damascus")
    versions = {(o["id"], parse_timestamp(o["modified"])) for o in (from_ru, from_ir)}
    held = store.held({*versions, (from_ru["id"], 1), ("indicator--absent", 1)})
    assert {(who, stix_id) for who, stix_id, _, _ in held} == {
        ("ru", from_ru["id"]),
        ("ir", from_ir["id"]),
    }
    with damascus.services.engine.connect() as connection:
        roots = [bytes(r) for (r,) in connection.execute(sa.select(seals.c.root))]
    found = store.seals_held([*roots, b"\x00" * 32])
    assert sorted(s.root for s in found) == sorted(roots)
    assert {s.hub for s in found} == {"damascus", "baghdad"}


def test_governance_replicates_and_takes_effect(hub_pair: tuple[RunningHub, RunningHub]) -> None:
    """Each liaison votes at the hub that hosts its member; the motion passes at both."""
    damascus, baghdad = hub_pair
    home = {"ru": damascus, "sy": damascus, "ir": baghdad}
    liaison = {
        m: hub.services.keys.authenticate(hub.services.keys.create(m, Role.LIAISON)[0])
        for m, hub in home.items()
    }
    motion = damascus.services.governance.propose(liaison["ru"], MotionKind.SUSPEND, "hz")
    for member in ("ru", "sy"):
        motion = damascus.services.governance.vote(liaison[member], motion.id, True)
    _pull(baghdad, damascus)
    motion = baghdad.services.governance.vote(liaison["ir"], motion.id, True)
    assert motion.status.value == "passed"
    assert baghdad.services.coalition.state().member("hz").standing.value == "suspended"  # type: ignore[union-attr]
    _pull(damascus, baghdad)
    assert damascus.services.coalition.state().member("hz").standing.value == "suspended"  # type: ignore[union-attr]


def test_a_peer_key_reads_through_taxii_with_provenance(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    damascus, baghdad = hub_pair
    key, record = damascus.services.keys.create_peer("baghdad")
    url = damascus.root + "collections/joint/objects/"
    ident = damascus.services.charter.member("ru").identity  # type: ignore[union-attr]
    _share(damascus, "ru", indicator(ident, tlp=Tlp.GREEN))
    data = httpx.get(
        url, auth=(record.principal, key), headers={"Accept": "application/taxii+json;version=2.1"}
    ).json()
    assert len(data["x_allyhub_provenance"]) == len(data["objects"]) == 1
    assert data["x_allyhub_provenance"][0]["shared_by"] == "ru"
    refused = httpx.post(
        url,
        auth=(record.principal, key),
        content=b'{"objects": []}',
        headers={"Content-Type": "application/taxii+json;version=2.1"},
    )
    assert refused.status_code in (403, 404)


def _console_page(hub: RunningHub, user: str, key: str, path: str) -> str:
    with httpx.Client(base_url=hub.url, timeout=20) as console:
        form = console.get("/login").text
        token = re.search(r'name="token" value="([^"]+)"', form)
        assert token
        console.post("/login", data={"principal": user, "key": key, "token": token.group(1)})
        return console.get(path).text


def test_sync_figures_only_for_operator_liaisons_and_peers(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """Sync figures move when anyone shares, visible or not: Baghdad's (iq operates it)
    go to iq's liaisons and, for its own link, to Damascus's key; everyone else gets a 403
    with the reason, on /api/sync, /metrics and the console's hubs page alike."""
    damascus, baghdad = hub_pair
    ident = damascus.services.charter.member("ru").identity  # type: ignore[union-attr]
    _share(damascus, "ru", indicator(ident, tlp=Tlp.GREEN))
    _pull(baghdad, damascus)
    joint = baghdad.services.charter.collection("joint")
    assert joint is not None
    baghdad.services.replication.record_error("feed-x", joint.id, "a feed that failed")

    operator = baghdad.key("iq", Role.LIAISON)
    rows = httpx.get(baghdad.url + "/api/sync", auth=operator).json()
    assert {r["peer"] for r in rows} == {"damascus", "feed-x"}, rows
    joint_row = next(r for r in rows if r["peer"] == "damascus" and r["collection"] == "joint")
    assert joint_row["pulled"] >= 1 and joint_row["caught_up"] and joint_row["last_error"] is None
    text = httpx.get(baghdad.url + "/metrics", auth=operator).text
    assert 'allyhub_replication_pulled_total{collection="joint",peer="damascus"}' in text
    assert "Pulled</th>" in _console_page(baghdad, *operator, "/hubs")

    key, record = baghdad.services.keys.create_peer("damascus")  # a peer: its own link only
    peer_rows = httpx.get(baghdad.url + "/api/sync", auth=(record.principal, key)).json()
    assert peer_rows and {r["peer"] for r in peer_rows} == {"damascus"}
    peer_metrics = httpx.get(baghdad.url + "/metrics", auth=(record.principal, key))
    assert peer_metrics.status_code == 403  # hub-wide figures: the operator's liaisons only

    for user, key in (
        baghdad.key("ir", Role.LIAISON),
        baghdad.key("iq"),
        baghdad.key("iq", Role.READER),
    ):
        refused = httpx.get(baghdad.url + "/api/sync", auth=(user, key))
        assert refused.status_code == 403 and "liaisons of 'iq'" in refused.text, refused.text
        metrics = httpx.get(baghdad.url + "/metrics", auth=(user, key))
        assert metrics.status_code == 403 and "damascus" not in metrics.text
        page = _console_page(baghdad, user, key, "/hubs")
        assert "which operates hub baghdad" in page  # the reason, as the API gives it
        assert (
            "Pulled</th>" not in page and "feed-x" not in page and "a feed that failed" not in page
        )
    assert httpx.get(baghdad.url + "/metrics").status_code == 401
    served = httpx.get(damascus.url + "/metrics", auth=damascus.key("sy", Role.LIAISON)).text
    assert 'allyhub_replication_served_total{peer="baghdad"}' in served


def test_a_fusion_decision_made_at_one_hub_applies_at_the_other(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    from tests.factories import T0, marked, sid

    damascus, baghdad = hub_pair
    ident = {m.id: m.identity for m in damascus.services.charter.members}

    def actor(member: str, name: str) -> dict:  # type: ignore[type-arg]
        return marked(
            {
                "type": "threat-actor",
                "spec_version": "2.1",
                "id": sid("threat-actor"),
                "created": T0,
                "modified": T0,
                "name": name,
                "created_by_ref": ident[member],
            },
            Tlp.GREEN,
        )

    russian, chinese = actor("ru", "Касем Сулеймани"), actor("sy", "卡西姆·蘇雷曼尼")
    _share(damascus, "ru", russian)
    _share(damascus, "sy", chinese)
    _pull(baghdad, damascus)
    for hub in (damascus, baghdad):
        hub.services.fusion.catch_up()
    iq = baghdad.services.keys.authenticate(baghdad.services.keys.create("iq", Role.ANALYST)[0])
    assert chinese["id"] in baghdad.services.fusion.entity(iq, russian["id"]).objects

    sy = damascus.services.keys.authenticate(damascus.services.keys.create("sy", Role.ANALYST)[0])
    damascus.services.fusion.decide(sy, russian["id"], chinese["id"], same=False)
    _pull(baghdad, damascus)
    baghdad.services.fusion.catch_up()
    view = baghdad.services.fusion.entity(iq, russian["id"])
    assert chinese["id"] not in view.objects
    assert [link.decided for link in view.links if chinese["id"] in (link.a, link.b)] == [False]


def _push(source: RunningHub, into: RunningHub) -> Pushed:
    peer = into.services.settings.hub
    return push_peer(source.services.reading, source.services.replication, peer, into.url)


def test_a_push_sends_what_the_peer_would_pull_and_resumes_from_its_cursor(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    damascus, baghdad = hub_pair  # damascus hosts sy, ru, hz; baghdad hosts iq, ir
    ident = {m.id: m.identity for m in damascus.services.charter.members}
    to_hz = releasability_marking([ident["hz"]], ident["ru"])
    green = indicator(ident["ru"], tlp=Tlp.GREEN)
    red_hz = indicator(ident["ru"], tlp=Tlp.RED, markings=(to_hz["id"],))  # never leaves damascus
    _share(damascus, "ru", to_hz, green, red_hz)

    first = _push(damascus, baghdad)
    assert first.sent == first.added > 0 and first.refused == 0
    assert _seen(baghdad, "ir") == _seen(baghdad, "iq") == {green["id"]}
    with baghdad.services.engine.connect() as connection:
        stored = {r[0] for r in connection.execute(sa.text("SELECT stix_id FROM objects"))}
    assert green["id"] in stored and red_hz["id"] not in stored  # RED stays where hz is
    principal = baghdad.services.keys.authenticate(
        baghdad.services.keys.create("ir", Role.READER)[0]
    )
    (row,) = baghdad.services.reading.objects(principal, "joint", ALL).rows
    assert (row.shared_by, row.origin_hub) == ("ru", "damascus")  # provenance travels

    assert _push(damascus, baghdad).sent == 0  # the cursor moved past what was stored
    later = indicator(ident["ru"], tlp=Tlp.GREEN)
    _share(damascus, "ru", later)
    again = _push(damascus, baghdad)
    assert (again.sent, again.added) == (1, 1)
    assert _pull(baghdad, damascus) == 0  # pulling afterwards finds nothing new


def test_only_a_peer_hub_may_push(hub_pair: tuple[RunningHub, RunningHub]) -> None:
    damascus, baghdad = hub_pair
    ident = {m.id: m.identity for m in damascus.services.charter.members}
    page = {"objects": [indicator(ident["ir"], tlp=Tlp.GREEN)], "x_allyhub_provenance": [{}]}
    collection = baghdad.services.replication.pulled_collections()[0].id
    user, key = baghdad.key("ir")  # a member's analyst, not a hub
    answer = httpx.post(f"{baghdad.url}/api/replication/{collection}", json=page, auth=(user, key))
    assert answer.status_code == 403 and "not a peer hub" in answer.json()["description"]
    assert _seen(baghdad, "ir") == set()

    key, _ = baghdad.services.keys.create_peer("damascus")
    bad = httpx.post(
        f"{baghdad.url}/api/replication/{collection}",
        content=b"{not json",
        auth=("hub.damascus", key),
    )
    assert bad.status_code == 400 and "not JSON" in bad.json()["description"]


def test_a_page_that_admits_an_invitee_and_carries_its_answer_is_stored_whole(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """The receiving hub weighs each record against its coalition state. When one page
    holds the votes that admit an invitee and then the invitee's answer, the answer is
    valid only after the votes: it must not be refused (and skipped for good) for that."""
    damascus, baghdad = hub_pair
    governance = damascus.services.governance
    home = {"ru": damascus, "sy": damascus, "ir": baghdad, "iq": baghdad}
    liaison = {
        m: hub.services.keys.authenticate(hub.services.keys.create(m, Role.LIAISON)[0])
        for m, hub in home.items()
    }
    motion = governance.propose(
        liaison["ru"], MotionKind.ADMIT, "us", name="United States", tier=Tier.FULL
    )
    governance.vote(liaison["ru"], motion.id, True)
    earlier = _pull(baghdad, damascus)
    for member in ("ir", "iq"):  # each votes at its own hub
        baghdad.services.governance.vote(liaison[member], motion.id, True)
    _pull(damascus, baghdad)
    motion = governance.vote(liaison["sy"], motion.id, True)  # the last vote, at Damascus
    assert motion.status.value == "passed"
    us = damascus.services.keys.authenticate(damascus.services.keys.create("us", Role.LIAISON)[0])
    governance.respond(us, motion.id, accept=False)

    added = _pull(baghdad, damascus)  # one page: the last vote, then the answer
    standing = baghdad.services.coalition.state().member("us")
    assert standing is not None and standing.standing.value == "declined"
    with baghdad.services.engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT count(*) FROM objects WHERE origin_hub = 'damascus'")
        ).scalar_one()
    pulled = sum(c.pulled for c in baghdad.services.replication.cursors("damascus"))
    # the counts include the version of the second round
    assert earlier + added == pulled == stored


def test_audit_entries_about_a_peers_members_replicate_signed(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """Russia moves a motion about Iran at Damascus; Baghdad hosts Iran, so Damascus's
    entries about Iran reach Baghdad (checked against Damascus's signature) and Iran reads
    them there. Entries about members Baghdad does not host stay home."""
    damascus, baghdad = hub_pair
    ru = damascus.services.keys.authenticate(damascus.services.keys.create("ru", Role.LIAISON)[0])
    damascus.services.governance.propose(ru, MotionKind.SUSPEND, "ir")  # about ir, at Damascus
    sy = damascus.services.keys.authenticate(damascus.services.keys.create("sy", Role.LIAISON)[0])
    damascus.services.governance.deny(sy, "hz")  # about sy and hz: neither is at Baghdad

    _pull(baghdad, damascus)
    user, key = baghdad.key("ir")
    entries = httpx.get(f"{baghdad.url}/api/audit", auth=(user, key)).json()
    remote = [e for e in entries if e["hub"] == "damascus"]
    assert any(e["act"] == "motion" and e["about"] == "ir" for e in remote), entries
    assert all("sy" not in (e["member"], e["about"]) for e in remote)
    logins = httpx.get(f"{baghdad.url}/api/audit?act=login", auth=(user, key)).json()
    assert all(e["act"] == "login" for e in logins)  # filters apply to peers' entries too
    motions = httpx.get(f"{baghdad.url}/api/audit?act=motion", auth=(user, key)).json()
    assert [e["hub"] for e in motions] == ["damascus"]
    assert baghdad.services.audit.peer_entries("sy", limit=100) == []
    with httpx.Client(base_url=baghdad.url, timeout=20) as console:  # and in the console
        form = console.get("/login").text
        token = re.search(r'name="token" value="([^"]+)"', form)
        assert token
        console.post("/login", data={"principal": user, "key": key, "token": token.group(1)})
        page = console.get("/audit").text
    hubs = set(re.findall(r'<td data-label="Hub, entry">([a-z]+) #\d+</td>', page))
    assert hubs == {"damascus", "baghdad"}, hubs  # entries from both hubs, each named
    assert _pull(baghdad, damascus) == 0  # nothing new, and no entry twice
    held = baghdad.services.audit.peer_entries("ir", limit=1000)
    assert len({seq for _, e in held for seq in [e.seq]}) == len(held)


def test_a_tampered_audit_entry_from_a_peer_is_refused(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    damascus, baghdad = hub_pair
    ru = damascus.services.keys.authenticate(damascus.services.keys.create("ru", Role.LIAISON)[0])
    damascus.services.governance.propose(ru, MotionKind.SUSPEND, "ir")  # about ir
    with damascus.services.engine.begin() as connection:  # edit the entry behind the chain
        connection.execute(
            sa.text("UPDATE audit SET detail = :d WHERE act = 'motion'"),
            {"d": b'{"motion":"expel"}'},
        )
    with pytest.raises(InvalidRequest, match="do not match its hash"):
        _pull(baghdad, damascus)
    assert baghdad.services.audit.peer_entries("ir", limit=100) == []
