"""Issue 11, finding 1 over pulls: a peer that serves forged pages, and a hub that relays.

A malicious peer is a small Starlette app speaking the TAXII and replication API of a
hub listed in the charter; a real hub pulls it with `sync_once`, as its sync loop does.
Three real hubs relay: the third pulls only from the second, which passes on the first's
records with their seals, and one record the second alters on the way is refused.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from allyhub.app import Services, build_services, hub_signing_key
from allyhub.charter import Role, Tlp, load_charter
from allyhub.federation.peers import Source, sync_once
from allyhub.policy.governance import MOTION, VOTE
from allyhub.settings import Settings
from allyhub.stix.markings import ALLYHUB_IDENTITY, TLP2_ID
from tests.conftest import RSII, RunningHub, pin_hub_keys, serving
from tests.factories import T0, indicator, ipv4, report
from tests.integration.trust_support import (
    TAXII,
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

# -- a peer hub that lies -----------------------------------------------------------------


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test runner owns signals
        pass


@contextmanager
def serving_app(app: Starlette) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on 127.0.0.1, port 0, in a thread; its URL."""
    server = _Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the peer did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


_EMPTY: dict[str, Any] = {"objects": [], "x_allyhub_provenance": [], "x_allyhub_seals": {}}


class LyingPeer:
    """Serves one page per collection (then nothing more), whatever it was told to."""

    LAST = "2030-01-01T00:00:00.000000Z"

    def __init__(self, coalition: str, pages: dict[str, dict[str, Any]]) -> None:
        self.coalition = coalition
        self.pages = pages  # collection id -> envelope with provenance and seals
        self.served: list[str] = []

    def app(self) -> Starlette:
        root = f"/taxii2/{self.coalition}/"

        def discovery(_request: Request) -> Response:
            return JSONResponse(
                {"title": "a peer", "api_roots": [root], "default": root}, media_type=TAXII
            )

        def objects(request: Request) -> Response:
            collection = request.path_params["collection"]
            page = self.pages.get(collection, _EMPTY)
            if request.query_params.get("added_after") or not page["objects"]:
                return JSONResponse({"more": False, **_EMPTY}, media_type=TAXII)
            self.served.append(collection)
            headers = {"X-TAXII-Date-Added-First": self.LAST, "X-TAXII-Date-Added-Last": self.LAST}
            return JSONResponse({"more": False, **page}, media_type=TAXII, headers=headers)

        def audit(_request: Request) -> Response:
            return JSONResponse({"hub": "baghdad", "public_key": "", "entries": []})

        def collections(_request: Request) -> Response:
            listed = [
                {"id": c, "title": c, "can_read": True, "can_write": False} for c in self.pages
            ]
            return JSONResponse({"collections": listed}, media_type=TAXII)

        return Starlette(
            routes=[
                Route("/taxii2/", discovery),
                Route(root + "collections/", collections),
                Route(root + "collections/{collection}/objects/", objects),
                Route("/api/replication/audit", audit),
            ]
        )


def _keep(page: dict[str, Any], *indices: int) -> dict[str, Any]:
    """A copy of a page with only these records (their seals and signatures unchanged)."""
    kept = copy.deepcopy(page)
    kept["objects"] = [kept["objects"][i] for i in indices]
    kept["x_allyhub_provenance"] = [kept["x_allyhub_provenance"][i] for i in indices]
    return kept


def _join(*pages: dict[str, Any]) -> dict[str, Any]:
    joined: dict[str, Any] = {"objects": [], "x_allyhub_provenance": [], "x_allyhub_seals": {}}
    for page in pages:
        joined["objects"] += page["objects"]
        joined["x_allyhub_provenance"] += page["x_allyhub_provenance"]
        joined["x_allyhub_seals"].update(page.get("x_allyhub_seals", {}))
    return joined


def test_finding1_a_malicious_peer_serving_forged_altered_and_replayed_pages(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """Damascus pulls "baghdad" from a lying peer. It serves Baghdad's genuine records
    (taken from the real Baghdad) unchanged, one of them altered, records forged with a
    key of its own and with Baghdad's real key in Damascus's name, an expulsion of ir
    forged as in finding 1, and Damascus's own records replayed. Only the genuine records
    are stored, as Baghdad's; the rest is refused and shown in sync status."""
    damascus, baghdad = hub_pair  # damascus hosts sy, ru, hz; baghdad iq, ir
    ident = {m.id: m.identity for m in damascus.services.charter.members}
    everyone = sorted(ident)
    at_baghdad, at_damascus = Members(baghdad), Members(damascus)
    try:
        green = indicator(ident["ir"], tlp=Tlp.GREEN, name="Albu Kamal crossing")
        amber = report(ident["ir"], tlp=Tlp.AMBER, refs=(green["id"],))
        assert share(at_baghdad.client("ir", Role.ANALYST), baghdad, green, amber)["success_count"]
        mine = indicator(ident["sy"], tlp=Tlp.GREEN, name="Deir ez-Zor airport")
        assert share(at_damascus.client("sy", Role.ANALYST), damascus, mine)["success_count"]
        suspend = at_baghdad.api("iq", "POST", "/motions", {"kind": "suspend", "subject": "hz"})
        assert suspend.status_code == 201, suspend.text
        # Damascus's record reaches Baghdad, so the liar can serve it back (a replay).
        assert sync_once(baghdad.services.replication, Source("damascus", damascus.url)) >= 1
    finally:
        at_baghdad.close()
        at_damascus.close()

    joint_id = collection_id(damascus, "joint")
    governance_id = collection_id(damascus, "governance")
    joint = peer_page(baghdad, "damascus", "joint")  # what the real Baghdad serves
    governance = peer_page(baghdad, "damascus", "governance")
    where = {o["id"]: i for i, o in enumerate(joint["objects"])}

    altered = _keep(joint, where[amber["id"]])
    altered["objects"][0]["name"] = "ir withdraws from Albu Kamal"
    altered["objects"][0]["modified"] = "2016-01-01T00:00:00.000Z"
    fake = report(ident["ir"], tlp=Tlp.GREEN, name="iq hides fighters", refs=(green["id"],))
    own_key = sealed(
        [fake],
        [provenance("ir", "baghdad", Tlp.GREEN)],
        collection=joint_id,
        key=Ed25519PrivateKey.generate(),
        seal_hub="baghdad",
    )
    slander = report(ident["sy"], tlp=Tlp.GREEN, name="sy shelled Palmyra", refs=(green["id"],))
    in_damascus_name = sealed(
        [slander],
        [provenance("sy", "damascus", Tlp.GREEN)],
        collection=joint_id,
        key=hub_signing_key(baghdad.services.settings),
        seal_hub="damascus",
    )
    genuine = _keep(joint, where[green["id"]], where[amber["id"]])
    replayed = _keep(joint, where[mine["id"]])
    audience = [ident[m] for m in everyone]
    motion = governance_record(MOTION, ident["sy"], {"motion": "expel", "subject": "ir"}, audience)
    votes = [
        governance_record(VOTE, ident[m], {"motion_ref": motion["id"], "vote": "yes"}, audience)
        for m in ("ru", "sy", "iq")
    ]
    expulsion = sealed(
        [motion, *votes],
        [provenance(m, "damascus", Tlp.AMBER, everyone) for m in ("sy", "ru", "sy", "iq")],
        collection=governance_id,
        key=Ed25519PrivateKey.generate(),
        seal_hub="damascus",
    )
    liar = LyingPeer(
        "rsii",
        {
            joint_id: _join(altered, own_key, genuine, in_damascus_name, replayed),
            governance_id: _join(governance, expulsion),
        },
    )
    before = stored_ids(damascus, [mine["id"]])
    with damascus.services.engine.connect() as connection:
        rows_before = connection.execute(sa.text("SELECT count(*) FROM objects")).scalar_one()
    with serving_app(liar.app()) as url:
        added = sync_once(damascus.services.replication, Source("baghdad", url))
    assert sorted(liar.served) == sorted([joint_id, governance_id])  # it was pulled

    # The genuine records are stored, as Baghdad's members' (seals intact); the replay is
    # a duplicate; nothing forged or altered is stored.
    genuine_governance = {o["id"] for o in governance["objects"]}
    assert added == 2 + len(genuine_governance)
    with damascus.services.engine.connect() as connection:
        rows_after = connection.execute(sa.text("SELECT count(*) FROM objects")).scalar_one()
        stored = connection.execute(
            sa.text(
                "SELECT stix_id, shared_by, origin_hub, body FROM objects WHERE stix_id IN "
                f"('{green['id']}', '{amber['id']}')"
            )
        ).all()
    assert rows_after - rows_before == added
    assert sorted((r[0], r[1], r[2]) for r in stored) == sorted(
        [(green["id"], "ir", "baghdad"), (amber["id"], "ir", "baghdad")]
    )
    assert all(orjson.loads(bytes(r[3]))["name"] != "ir withdraws from Albu Kamal" for r in stored)
    assert stored_ids(damascus, [fake["id"], slander["id"], motion["id"]]) == set()
    assert stored_ids(damascus, [v["id"] for v in votes]) == set()
    assert stored_ids(damascus, [mine["id"]]) == before
    assert damascus.services.coalition.state().member("ir").standing.value == "active"  # type: ignore[union-attr]

    # Everything refused is counted per collection and named, for the operator.
    operator = Members(damascus)
    try:
        rows = sync_rows(operator.client("sy"), "baghdad")
    finally:
        operator.close()
    assert rows["joint"]["refused"] == 3  # altered, own key, Baghdad's key in Damascus's name
    assert rows["governance"]["refused"] == 4  # the motion and its three votes
    text = sync_status(damascus)
    assert status_row(text, "baghdad", "joint")[4] == "3"
    assert status_row(text, "baghdad", "governance")[4] == "4"
    named = {
        r["id"]: r["reason"] for e in refusals_audited(damascus, "baghdad") for r in e["refusals"]
    }
    assert set(named) == {
        amber["id"],
        fake["id"],
        slander["id"],
        motion["id"],
        *(v["id"] for v in votes),
    }
    assert "altered" in named[amber["id"]]
    assert "forged" in named[fake["id"]] and "forged" in named[slander["id"]]


# -- three hubs: the third hears the first only through the second ------------------------

TRIO = """
[coalition]
id = "rsii"
name = "Three command rooms"

[rules]
default_marking = "amber"

[[members]]
id = "ru"
name = "Russia"
tier = "full"
[[members]]
id = "sy"
name = "Syria"
tier = "full"
[[members]]
id = "ir"
name = "Iran"
tier = "full"
[[members]]
id = "iq"
name = "Iraq"
tier = "full"
[[members]]
id = "hz"
name = "Hezbollah"
tier = "associate"

[[hubs]]
id = "damascus"
url = "http://127.0.0.1:8601"
operator = "sy"
hosts = ["sy", "ru"]
peers = ["baghdad"]

[[hubs]]
id = "baghdad"
url = "http://127.0.0.1:8602"
operator = "iq"
hosts = ["iq", "ir"]
peers = ["damascus", "beirut"]

[[hubs]]
id = "beirut"
url = "http://127.0.0.1:8603"
operator = "hz"
hosts = ["hz"]
peers = ["baghdad"]

[[collections]]
alias = "joint"
title = "Joint"
"""


@contextmanager
def _trio(tmp_path: Path, db_url: str) -> Iterator[dict[str, RunningHub]]:
    """Damascus (on the parametrized database), Baghdad and Beirut, serving, keys pinned;
    Baghdad pulls Damascus, Beirut pulls only Baghdad."""
    dirs = {hub: tmp_path / hub for hub in ("damascus", "baghdad", "beirut")}
    charter = tmp_path / "trio.toml"
    charter.write_text(pin_hub_keys(TRIO, dirs))
    services = {
        hub: build_services(
            Settings(
                charter=str(charter),
                hub=hub,
                data_dir=str(path),
                secret_key="trio",
                db=db_url if hub == "damascus" else f"sqlite:///{path}.sqlite",
            )
        )
        for hub, path in dirs.items()
    }
    try:
        with (
            serving(services["damascus"]) as damascus,
            serving(services["baghdad"]) as baghdad,
            serving(services["beirut"]) as beirut,
        ):
            for puller, source in (("baghdad", damascus), ("beirut", baghdad)):
                key, _ = source.services.keys.create_peer(puller)
                hub = source.services.settings.hub
                services[puller].replication.set_credentials(hub, key)
            yield {"damascus": damascus, "baghdad": baghdad, "beirut": beirut}
    finally:
        for each in services.values():
            each.engine.dispose()


def test_finding1_three_hubs_relay_sealed_records_and_refuse_one_altered_on_the_way(
    tmp_path: Path, db_url: str
) -> None:
    with _trio(tmp_path, db_url) as hubs:
        damascus, baghdad, beirut = hubs["damascus"], hubs["baghdad"], hubs["beirut"]
        ident = {m.id: m.identity for m in damascus.services.charter.members}
        members = Members(damascus)
        try:
            kept = indicator(ident["ru"], tlp=Tlp.GREEN, name="Raqqa dam")
            changed = indicator(ident["ru"], tlp=Tlp.GREEN, name="Tabqa airbase")
            full_only = report(ident["ru"], tlp=Tlp.AMBER, refs=(kept["id"],))  # not for hz
            status = share(members.client("ru", Role.ANALYST), damascus, kept, changed, full_only)
            assert status["success_count"] == 3, status
        finally:
            members.close()
        joint = collection_id(damascus, "joint")
        assert sync_once(baghdad.services.replication, Source("damascus", damascus.url)) == 3

        # Baghdad turns bad: it rewrites one of Damascus's records before Beirut pulls.
        with baghdad.services.engine.begin() as connection:
            body = connection.execute(
                sa.text("SELECT body FROM objects WHERE stix_id = :i"), {"i": changed["id"]}
            ).scalar_one()
            obj = orjson.loads(bytes(body))
            obj["name"] = "Tabqa airbase (abandoned)"
            connection.execute(
                sa.text("UPDATE objects SET body = :b WHERE stix_id = :i"),
                {"b": orjson.dumps(obj), "i": changed["id"]},
            )

        assert sync_once(beirut.services.replication, Source("baghdad", baghdad.url)) == 1
        with beirut.services.engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT stix_id, shared_by, origin_hub, origin_added, seal FROM objects "
                    "WHERE collection = :c"
                ),
                {"c": joint},
            ).all()
        with damascus.services.engine.connect() as connection:
            origin_added = connection.execute(
                sa.text("SELECT committed FROM objects WHERE stix_id = :i"), {"i": kept["id"]}
            ).scalar_one()
        # Damascus's record, as Damascus's, sealed, at the time it landed there.
        assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
            (kept["id"], "ru", "damascus", origin_added)
        ]
        assert rows[0][4] is not None
        hz = Members(beirut)
        try:
            seen = hz.client("hz", Role.READER).get(
                f"{beirut.collection_url()}objects/{kept['id']}/"
            )
            assert seen.status_code == 200 and seen.json()["objects"][0]["name"] == "Raqqa dam"
            missing = hz.client("hz", Role.READER).get(
                f"{beirut.collection_url()}objects/{changed['id']}/"
            )
            assert missing.status_code == 404
            sync = sync_rows(hz.client("hz"), "baghdad")  # hz runs Beirut
        finally:
            hz.close()
        assert sync["joint"]["refused"] == 1
        assert changed["id"] in sync["joint"]["last_refusal"]
        assert "altered" in sync["joint"]["last_refusal"]
        assert status_row(sync_status(beirut), "baghdad", "joint")[4] == "1"
        (entry,) = refusals_audited(beirut, "baghdad")
        assert [r["id"] for r in entry["refusals"]] == [changed["id"]]
        # Pulled again, nothing is new and the altered record stays out.
        assert sync_once(beirut.services.replication, Source("baghdad", baghdad.url)) == 0
        assert stored_ids(beirut, [changed["id"]]) == set()


# -- a foreign feed speaks for itself only -------------------------------------------------


@contextmanager
def _fed(
    tmp_path: Path,
    db_url: str,
    objects: list[dict[str, Any]],
    before: Callable[[Services], None] | None = None,
) -> Iterator[RunningHub]:
    """A hub whose charter names a foreign feed, "osint", after it pulled these objects
    from a lying feed served over loopback (`before` runs first); then serving."""
    charter = tmp_path / "with-feed.toml"
    charter.write_text(
        RSII.read_text() + '\n[[feeds]]\nid = "osint"\nname = "Open sources"\n'
        'url = "http://127.0.0.1:9"\ncollection = "indicators"\ninto = "joint"\n'
        'default_marking = "green"\nhubs = ["damascus"]\n'
    )
    settings = Settings(
        charter=str(charter),
        hub="damascus",
        data_dir=str(tmp_path / "d"),
        db=db_url,
        secret_key="s",
    )
    services = build_services(settings)
    try:
        if before is not None:
            before(services)
        feed = next(f for f in services.charter.feeds if f.id == "osint")
        services.replication.set_credentials("osint", "feed-key", "reader")
        liar = LyingPeer("feed", {"indicators": {"objects": objects}})
        with serving_app(liar.app()) as url:
            sync_once(services.replication, Source("osint", url, feed))
        with serving(services) as hub:
            yield hub
    finally:
        services.engine.dispose()


def test_finding2_a_feed_cannot_publish_in_a_members_or_the_hubs_name(
    tmp_path: Path, db_url: str
) -> None:
    """A foreign TAXII feed's objects are the feed's: one claiming a member as its author,
    a member's identity object, or the hub's identity is refused and counted; the rest of
    its page is stored as the feed's."""
    ident = {m.id: m.identity for m in load_charter(RSII).members}
    plain = indicator(None, tlp=Tlp.GREEN, name="Open-source sighting")
    as_ru = indicator(ident["ru"], tlp=Tlp.GREEN, name="ru says so")
    as_hub = indicator(ALLYHUB_IDENTITY, tlp=Tlp.GREEN, name="the hub says so")
    ru_identity = {
        "type": "identity",
        "spec_version": "2.1",
        "id": ident["ru"],
        "created": T0,
        "modified": T0,
        "name": "Russian Federation (feed)",
        "identity_class": "organization",
    }
    forged = [as_ru, as_hub, ru_identity]
    with _fed(tmp_path, db_url, [plain, *forged]) as hub:
        assert stored_ids(hub, [plain["id"], as_ru["id"], as_hub["id"]]) == {plain["id"]}
        members = Members(hub)
        try:
            rows = sync_rows(members.client("sy"), "osint")
            seen = members.client("ru", Role.READER).get(
                f"{hub.collection_url()}objects/{ident['ru']}/"
            )
        finally:
            members.close()
        assert seen.status_code == 404  # ru has not published its identity; the feed cannot
        assert rows["joint"]["refused"] == 3, rows
        reasons = {
            r["id"]: r["reason"] for e in refusals_audited(hub, "osint") for r in e["refusals"]
        }
    assert "'ru''s identity" in reasons[as_ru["id"]]
    assert "hub's own identity" in reasons[as_hub["id"]]
    assert "'ru''s identity" in reasons[ident["ru"]]


def test_finding1_a_feed_cannot_add_a_version_to_a_members_object(
    tmp_path: Path, db_url: str
) -> None:
    """ru shares an indicator; a feed serves a newer version of the same id, naming no
    author. Readers get the newest version they may see, so it would have replaced what
    ru's object says for everyone: it is refused, and ru's version stays what is read."""
    ident = {m.id: m.identity for m in load_charter(RSII).members}
    mine = indicator(ident["ru"], tlp=Tlp.GREEN, name="ru's checkpoint")
    newer = indicator(
        None,
        tlp=Tlp.GREEN,
        name="the feed's checkpoint",
        ident=mine["id"],
        modified="2020-01-01T00:00:00.000Z",
    )
    observed = ipv4("192.0.2.44")  # an observable belongs to nobody: the feed may share it

    def ru_shares(services: Services) -> None:
        principal = services.keys.authenticate(services.keys.create("ru", Role.ANALYST)[0])
        status = services.sharing.share(
            principal, "joint", orjson.dumps({"objects": [mine, {**observed}]})
        )
        assert not status.failures, status.failures

    with _fed(tmp_path, db_url, [newer, {**observed}], before=ru_shares) as hub:
        members = Members(hub)
        try:
            read = members.client("sy", Role.READER).get(
                f"{hub.collection_url()}objects/{mine['id']}/"
            )
            rows = sync_rows(members.client("sy"), "osint")
        finally:
            members.close()
        reasons = [r["reason"] for e in refusals_audited(hub, "osint") for r in e["refusals"]]
    assert [o["name"] for o in read.json()["objects"]] == ["ru's checkpoint"]
    assert rows["joint"]["refused"] == 1 and rows["joint"]["pulled"] == 1, rows
    assert any("a feed may not add versions" in r for r in reasons)


def test_finding16_a_feeds_unmarked_object_is_served_with_the_feeds_default(
    tmp_path: Path, db_url: str
) -> None:
    """The feed's default (GREEN) decides who sees its unmarked objects; members' TAXII
    clients get it written in the object, as for a member's unmarked share."""
    bare = indicator(None, tlp=None, name="Open-source sighting")
    clear = indicator(None, tlp=Tlp.CLEAR, name="Public sighting")
    with _fed(tmp_path, db_url, [bare, clear]) as hub:
        members = Members(hub)
        try:
            hz = members.client("hz", Role.READER)  # an associate: GREEN is for it too
            served = {
                o["id"]: o["object_marking_refs"]
                for o in hz.get(hub.collection_url() + "objects/").json()["objects"]
            }
        finally:
            members.close()
    assert served == {bare["id"]: [TLP2_ID[Tlp.GREEN]], clear["id"]: [TLP2_ID[Tlp.CLEAR]]}


def test_finding1_a_member_admitted_at_a_peer_loses_no_record_to_the_pull_order(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    """Baghdad admits "us" (its last vote cast there), us accepts and shares at once.
    Damascus then pulls Baghdad once: it must store us's share, which it can only accept
    as us's once it knows us is a member working at Baghdad, whatever order the
    collections come in; and nothing may be refused for good on the way."""
    damascus, baghdad = hub_pair
    at_damascus, at_baghdad = Members(damascus), Members(baghdad)
    try:
        proposed = at_baghdad.api(
            "iq",
            "POST",
            "/motions",
            {"kind": "admit", "subject": "us", "name": "United States", "tier": "full"},
        )
        assert proposed.status_code == 201, proposed.text
        motion = proposed.json()["id"]
        sync_once(damascus.services.replication, Source("baghdad", baghdad.url))
        for member in ("ru", "sy"):
            voted = at_damascus.api(member, "POST", f"/motions/{motion}/votes", {"vote": "yes"})
            assert voted.status_code == 200, voted.text
        sync_once(baghdad.services.replication, Source("damascus", damascus.url))
        for member in ("ir", "iq"):
            voted = at_baghdad.api(member, "POST", f"/motions/{motion}/votes", {"vote": "yes"})
            assert voted.status_code == 200, voted.text
        assert voted.json()["status"] == "passed"
        accepted = at_baghdad.api(
            "us", "POST", f"/motions/{motion}/response", {"response": "accept"}
        )
        assert accepted.status_code == 200, accepted.text
        news = indicator(at_baghdad.identity("us"), tlp=Tlp.GREEN, name="First from us")
        assert share(at_baghdad.client("us", Role.ANALYST), baghdad, news)["success_count"] == 1

        for _ in range(2):  # a refused record would stay out: the cursor moves past it
            sync_once(damascus.services.replication, Source("baghdad", baghdad.url))
        assert stored_ids(damascus, [news["id"]]) == {news["id"]}
        assert at_damascus.standing("us") == ("full", "active")
        refused = sum(c.refused for c in damascus.services.replication.cursors("baghdad"))
        assert refused == 0
    finally:
        at_damascus.close()
        at_baghdad.close()
