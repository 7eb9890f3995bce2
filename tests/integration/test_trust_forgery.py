"""Issue 11, finding 1: a peer hub cannot forge, alter or re-attribute a member's records.

An attacker holds a peer hub's API key (and, for a compromised hub, that hub's own
signing key) and POSTs pages to /api/replication/<collection> on real hubs over
loopback. Whatever it claims about a record's author and origin, a hub stores a record
only under a seal its origin hub signed with the key the charter pins, from a hub that
hosts the author; everything refused is counted for the operator (GET /api/sync, `allyhub
sync status`) and named in the hub's audit trail (`replicate.refused`).
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import orjson
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from allyhub.app import hub_signing_key
from allyhub.charter import Role, Tlp
from allyhub.policy.governance import MOTION, VOTE
from allyhub.stix.markings import TLP2_ID
from tests.conftest import RunningHub
from tests.factories import indicator, report
from tests.integration.trust_support import (
    Members,
    collection_id,
    governance_record,
    peer_page,
    provenance,
    refusals_audited,
    sealed,
    share,
    status_row,
    stored_ids,
    sync_rows,
    sync_status,
)


def _push(into: RunningHub, peer: str, collection: str, page: dict[str, Any]) -> dict[str, Any]:
    """POST a page to a hub as peer hub `peer` (with a key that hub issued to it)."""
    key, record = into.services.keys.create_peer(peer)
    answer = httpx.post(
        f"{into.url}/api/replication/{collection_id(into, collection)}",
        content=orjson.dumps(page),
        headers={"Content-Type": "application/json"},
        auth=(record.principal, key),
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _identities(hub: RunningHub) -> dict[str, str]:
    return {m.id: m.identity for m in hub.services.charter.members}


def test_finding1_forged_governance_push_is_refused(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """Baghdad's peer key pushes to Damascus an expulsion of ir "moved by sy" with yes
    votes "by" ru, sy and iq from Damascus, and a report "shared by ru": unsealed, sealed
    with a key of the attacker's own, sealed with Baghdad's real key in Damascus's name,
    and sealed by Baghdad as their origin (Baghdad hosts neither sy nor ru). Nothing is
    stored, ir stays, and the operator sees every refusal."""
    damascus, baghdad = hub_pair
    ident = _identities(damascus)
    everyone = sorted(ident)  # the records are released to every member, as governance is
    audience = [ident[m] for m in everyone]
    motion = governance_record(MOTION, ident["sy"], {"motion": "expel", "subject": "ir"}, audience)
    votes = {
        m: governance_record(VOTE, ident[m], {"motion_ref": motion["id"], "vote": "yes"}, audience)
        for m in ("ru", "sy", "iq")
    }
    news = report(ident["ru"], tlp=Tlp.GREEN, name="ir moves fighters into Raqqa")
    baghdad_key = hub_signing_key(baghdad.services.settings)
    attempts = [  # (seal key, seal made in the name of, origin claimed, voters)
        (None, "damascus", "damascus", ("ru", "sy", "iq")),
        (Ed25519PrivateKey.generate(), "damascus", "damascus", ("ru", "sy", "iq")),
        (baghdad_key, "damascus", "damascus", ("ru", "sy", "iq")),
        (baghdad_key, "baghdad", "baghdad", ("ru", "sy")),  # iq is Baghdad's: left out
    ]
    refused = {"governance": 0, "joint": 0}
    for key, seal_hub, origin, voters in attempts:
        records = [motion, *(votes[m] for m in voters)]
        claims = [provenance(author, origin, Tlp.AMBER, everyone) for author in ("sy", *voters)]
        page = sealed(
            records,
            claims,
            collection=damascus.services.coalition.governance_collection.id,
            key=key,
            seal_hub=seal_hub,
        )
        assert _push(damascus, "baghdad", "governance", page) == {
            "added": 0,
            "refused": len(records),
        }
        refused["governance"] += len(records)
        joint = damascus.services.charter.collection("joint")
        assert joint is not None
        page = sealed(
            [news],
            [provenance("ru", origin, Tlp.GREEN)],
            collection=joint.id,
            key=key,
            seal_hub=seal_hub,
        )
        assert _push(damascus, "baghdad", "joint", page) == {"added": 0, "refused": 1}
        refused["joint"] += 1

    # Nothing is stored and ir is not expelled.
    forged = {motion["id"], news["id"], *(v["id"] for v in votes.values())}
    assert stored_ids(damascus, forged) == set()
    members = Members(damascus)
    try:
        listed = members.api("ru", "GET", "/members").json()
        assert {m["id"]: m["standing"] for m in listed}["ir"] == "active"
        assert members.standing("ir") == ("full", "active")
        motions = members.api("ru", "GET", "/motions").json()
        assert motion["id"] not in {m["id"] for m in motions}

        # The operator (sy runs Damascus) sees the refusals, per collection.
        rows = sync_rows(members.client("sy"), "baghdad")
    finally:
        members.close()
    assert rows["governance"]["refused"] == refused["governance"]
    assert rows["joint"]["refused"] == refused["joint"]
    assert "does not host" in rows["governance"]["last_refusal"]
    text = sync_status(damascus)
    assert status_row(text, "baghdad", "governance")[4] == str(refused["governance"])
    assert status_row(text, "baghdad", "joint")[4] == str(refused["joint"])

    # ...and the hub's own trail names each refused record and why.
    entries = refusals_audited(damascus, "baghdad")
    assert sum(e["refused"] for e in entries) == sum(refused.values())
    reasons = [r["reason"] for e in entries for r in e["refusals"]]
    assert {r["id"] for e in entries for r in e["refusals"]} == forged
    assert any("unsealed" in r for r in reasons)
    assert any("forged" in r for r in reasons)  # not signed with the key the charter pins
    assert any("does not host" in r for r in reasons)  # Baghdad speaking for sy or ru
    assert any("iq" in r and "does not host" in r for r in reasons)  # iq works in Baghdad


def _alter(page: dict[str, Any], index: int, change: Any) -> dict[str, Any]:
    """A copy of a genuine page keeping only one record, changed by `change(obj, origin)`."""
    altered = copy.deepcopy(page)
    obj = altered["objects"][index]
    origin = altered["x_allyhub_provenance"][index]
    change(obj, origin)
    altered["objects"] = [obj]
    altered["x_allyhub_provenance"] = [origin]
    return altered


def test_finding1_altered_or_reattributed_records_are_refused_and_replays_are_harmless(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """Genuine records taken from their real origin (Damascus), changed on the way and
    pushed to Baghdad, which does not hold them yet: a changed body, changed labels, a
    new author or origin, a seal moved to another record are all refused; the same
    records unchanged are stored as Damascus's, and pushing them again stores nothing."""
    damascus, baghdad = hub_pair
    ident = _identities(damascus)
    members = Members(damascus)
    try:
        green = indicator(ident["sy"], tlp=Tlp.GREEN, name="Palmyra checkpoint")
        amber = report(ident["sy"], tlp=Tlp.AMBER, refs=(green["id"],))
        status = share(members.client("sy", Role.ANALYST), damascus, green, amber)
        assert status["failure_count"] == 0, status
        moved = members.api("ru", "POST", "/motions", {"kind": "suspend", "subject": "hz"})
        assert moved.status_code == 201, moved.text
    finally:
        members.close()
    joint = peer_page(damascus, "baghdad", "joint")  # as Baghdad would pull them
    governance = peer_page(damascus, "baghdad", "governance")
    assert [o["id"] for o in joint["objects"]] == [green["id"], amber["id"]]
    proposed = [o["type"] for o in governance["objects"]].index(MOTION)  # ru's motion

    def body(obj: dict[str, Any], _origin: dict[str, Any]) -> None:
        obj["name"] = "Palmyra checkpoint abandoned"
        obj["modified"] = "2016-01-01T00:00:00.000Z"

    def label(_obj: dict[str, Any], origin: dict[str, Any]) -> None:
        origin["tlp"] = int(Tlp.CLEAR)  # wider than the originator chose

    def audience(_obj: dict[str, Any], origin: dict[str, Any]) -> None:
        origin["audience"] = ["hz", "iq", "ir", "ru", "sy"]

    def author(_obj: dict[str, Any], origin: dict[str, Any]) -> None:
        origin["shared_by"] = "ru"  # Damascus hosts ru too: only the seal tells

    def origin_hub(_obj: dict[str, Any], origin: dict[str, Any]) -> None:
        origin["origin_hub"] = "baghdad"

    def moved_by_sy(obj: dict[str, Any], origin: dict[str, Any]) -> None:
        obj["created_by_ref"], origin["shared_by"] = ident["sy"], "sy"

    def marking(obj: dict[str, Any], _origin: dict[str, Any]) -> None:
        obj["object_marking_refs"] = [TLP2_ID[Tlp.CLEAR]]

    changed = [
        ("joint", _alter(joint, 0, body)),
        ("joint", _alter(joint, 0, label)),
        ("joint", _alter(joint, 1, audience)),
        ("joint", _alter(joint, 1, author)),
        ("joint", _alter(joint, 0, origin_hub)),
        ("joint", _alter(joint, 1, marking)),
        ("governance", _alter(governance, proposed, moved_by_sy)),
    ]
    swapped = copy.deepcopy(joint)  # each record with the other's place in the seal
    first, second = swapped["x_allyhub_provenance"]
    first["seal"], second["seal"] = second["seal"], first["seal"]
    changed.append(("joint", swapped))
    for collection, page in changed:
        assert _push(baghdad, "damascus", collection, page) == {
            "added": 0,
            "refused": len(page["objects"]),
        }, page
    genuine = {green["id"], amber["id"], *(o["id"] for o in governance["objects"])}
    assert stored_ids(baghdad, genuine) == set()

    # Unchanged, the same records are stored, as the originator's; again, they are
    # harmless duplicates; and changed ones are still refused, not taken as duplicates.
    assert _push(baghdad, "damascus", "joint", joint) == {"added": 2, "refused": 0}
    assert _push(baghdad, "damascus", "governance", governance)["refused"] == 0
    assert stored_ids(baghdad, genuine) == genuine
    assert _push(baghdad, "damascus", "joint", joint) == {"added": 0, "refused": 0}
    for collection, page in changed:
        assert _push(baghdad, "damascus", collection, page)["refused"] == len(page["objects"])
    total = 2 * sum(len(page["objects"]) for _, page in changed)
    with baghdad.services.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT shared_by, origin_hub, tlp, body FROM objects WHERE stix_id = :i"),
            {"i": green["id"]},
        ).all()
    assert [(r[0], r[1], r[2]) for r in rows] == [("sy", "damascus", int(Tlp.GREEN))]
    assert orjson.loads(bytes(rows[0][3]))["name"] == "Palmyra checkpoint"

    operator = Members(baghdad)  # iq runs Baghdad
    try:
        rows_seen = sync_rows(operator.client("iq"), "damascus")
    finally:
        operator.close()
    assert rows_seen["joint"]["refused"] + rows_seen["governance"]["refused"] == total
    reasons = [r["reason"] for e in refusals_audited(baghdad, "damascus") for r in e["refusals"]]
    assert any("altered" in r for r in reasons)
    assert any("hub 'baghdad' does not host 'sy'" in r for r in reasons)
