"""ReplicationService over fakes: a page pulled from a peer hub is stored under its origin
hub's seal with the cursor moved in the same unit of work; what fails the seal check is
held in quarantine, counted and audited, never stored."""

from __future__ import annotations

import base64
from dataclasses import replace
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from allyhub.charter import Charter, load_charter
from allyhub.errors import NotPermitted
from allyhub.service import Filters, admission, seals
from allyhub.service.audit import Act
from tests.conftest import SEED_RSII
from tests.factories import indicator, threat_actor
from tests.unit.service.hub import FakeHub, member, peer, share

KEYS = {"damascus": Ed25519PrivateKey.generate(), "baghdad": Ed25519PrivateKey.generate()}


def _pinned() -> Charter:
    """The seed charter (Damascus hosts sy, ru, hz; Baghdad iq, ir) with both hubs' keys."""
    charter = load_charter(SEED_RSII)
    raw = {
        hub: key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        for hub, key in KEYS.items()
    }
    return replace(charter, hubs=tuple(replace(h, public_key=raw[h.id]) for h in charter.hubs))


def _two_hubs() -> tuple[FakeHub, FakeHub]:
    charter = _pinned()
    damascus = FakeHub(charter=charter, hub="damascus", key=KEYS["damascus"])
    baghdad = FakeHub(charter=charter, hub="baghdad", key=KEYS["baghdad"])
    return damascus, baghdad


def _joint(hub: FakeHub) -> str:
    return next(c.id for c in hub.replication.pulled_collections() if c.alias == "joint")


def _pull(
    source: FakeHub, into: FakeHub, alter: bool = False, types: tuple[str, ...] = ("indicator",)
) -> Any:
    page = source.reading.objects(peer(into.hub), "joint", Filters(types=types))
    objects = [orjson.loads(row.body or b"") for row in page.rows]
    if alter:
        objects = [{**o, "name": "Altered on the way"} for o in objects]
    return into.replication.receive(
        source.hub,
        "joint",
        objects,
        page.extensions,
        last_added=None,
        next_token=None,
        caught_up=True,
    )


def test_a_peers_page_is_stored_under_its_seal_and_the_cursor_moves_with_it() -> None:
    damascus, baghdad = _two_hubs()
    obj = indicator()
    share(baghdad, "iq", obj)
    received = _pull(baghdad, damascus)
    assert (received.added, received.refused) == (1, 0)
    (stored,) = [v for _, _, v in damascus.tables.rows if v.stix_id == obj["id"]]
    assert (stored.shared_by, stored.origin_hub) == ("iq", "baghdad")
    assert stored.sealed is not None and stored.sealed.seal.hub == "baghdad"
    joint = _joint(damascus)
    cursor = damascus.replication.cursor("baghdad", joint)
    assert cursor.pulled == 1 and cursor.caught_up is not None and cursor.view
    assert damascus.tables.audit[-1].act == "replicate"
    assert _pull(baghdad, damascus).added == 0  # the same page again stores nothing


def test_an_altered_version_is_held_counted_and_audited_not_stored() -> None:
    damascus, baghdad = _two_hubs()
    obj = indicator()
    share(baghdad, "iq", obj)
    received = _pull(baghdad, damascus, alter=True)
    assert (received.added, received.refused) == (0, 1)
    assert not [v for _, _, v in damascus.tables.rows if v.stix_id == obj["id"]]
    (held,) = damascus.replication.quarantined("baghdad")
    assert held.stix_id == obj["id"] and "altered" in held.reason
    joint = held.collection
    assert damascus.replication.quarantine_counts() == {("baghdad", joint): 1}
    assert damascus.replication.cursor("baghdad", joint).refused == 1
    assert damascus.tables.audit[-1].act == "replicate.refused"
    assert damascus.replication.retry("baghdad").added == 0  # still altered: still held
    (again,) = damascus.replication.quarantined("baghdad")
    assert again.tries == 2


def test_a_hub_offered_its_own_versions_back_checks_their_seals_not_the_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a mesh each peer offers a hub its own versions back. Those are held already:
    answered as duplicates without validating the object again or verifying a signature
    the hub holds, and nothing is added, refused or held."""
    damascus, baghdad = _two_hubs()
    share(baghdad, "iq", indicator())
    assert _pull(baghdad, damascus).added == 1
    calls = {"validate": 0, "verify": 0}

    def counted(name: str, real: Any) -> Any:
        def call(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return call

    monkeypatch.setattr(admission, "validate", counted("validate", admission.validate))
    monkeypatch.setattr(seals, "verify_seal", counted("verify", seals.verify_seal))
    echoed = _pull(damascus, baghdad)
    assert (echoed.added, echoed.refused) == (0, 0)
    assert calls == {"validate": 0, "verify": 0}
    assert not baghdad.replication.quarantined("damascus")
    share(damascus, "sy", indicator())  # a version baghdad does not hold is checked in full
    assert _pull(damascus, baghdad).added == 1
    assert calls["validate"] >= 1 and calls["verify"] == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"object": {"name": "Altered on the way"}}, "altered"),
        ({"signature": True}, "forged"),
        ({"origin": {"origin_hub": "damascus"}}, "does not host"),
        ({"origin": {"tlp": 9}}, "no valid TLP"),
    ],
)
def test_an_altered_copy_of_a_held_version_is_still_refused_and_held(
    change: dict[str, Any], reason: str
) -> None:
    """Skipping the object's validation for a held version does not skip its provenance
    or its seal: a peer that alters a copy, or forges its seal, is refused and reported."""
    damascus, baghdad = _two_hubs()
    obj = indicator()
    share(baghdad, "iq", obj)
    assert _pull(baghdad, damascus).added == 1
    page = damascus.reading.objects(peer(baghdad.hub), "joint", Filters(types=("indicator",)))
    (body,) = [orjson.loads(row.body or b"") for row in page.rows]
    extensions = orjson.loads(orjson.dumps(page.extensions))
    (origin,) = extensions["x_allyhub_provenance"]
    body.update(change.get("object", {}))
    origin.update(change.get("origin", {}))
    if change.get("signature"):
        forged = KEYS["damascus"].sign(b"not the seal")  # right length, wrong signer
        for signed in extensions["x_allyhub_seals"].values():
            signed[1] = base64.b64encode(forged).decode()
    received = baghdad.replication.receive(
        "damascus", "joint", [body], extensions, last_added=None, next_token=None, caught_up=True
    )
    assert (received.added, received.refused) == (0, 1)
    (held,) = baghdad.replication.quarantined("damascus")
    assert held.stix_id == obj["id"] and reason in held.reason


def test_after_a_key_rotation_held_versions_stay_and_new_ones_need_the_new_key() -> None:
    """Rotation is not revocation: what a hub stored under the key pinned when it arrived
    stays, and its echoes are duplicates. A version it does not hold is verified against
    the key pinned now, even one sealed in the same batch as a version it holds."""
    damascus, baghdad = _two_hubs()
    held, sibling = indicator(), threat_actor(name="Касем Сулеймани")
    share(baghdad, "iq", held, sibling)  # one envelope: one seal over both
    assert _pull(baghdad, damascus).added == 1  # the indicator only
    rotated = _pinned()
    new_key = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    rotated = replace(
        rotated,
        hubs=tuple(
            replace(h, public_key=new_key) if h.id == "baghdad" else h for h in rotated.hubs
        ),
    )
    restarted = FakeHub(
        charter=rotated,
        hub="damascus",
        key=KEYS["damascus"],
        tables=damascus.tables,
        clock=damascus.clock,
        keystore=damascus.keystore,
    )
    received = _pull(baghdad, restarted, types=())  # every type: the sibling too
    assert received.added == 0
    quarantined = restarted.replication.quarantined("baghdad")
    assert sibling["id"] in {q.stix_id for q in quarantined}
    assert held["id"] not in {q.stix_id for q in quarantined}
    assert all("forged" in q.reason for q in quarantined)


def test_cursor_bookkeeping_keeps_what_it_does_not_change() -> None:
    damascus, _ = _two_hubs()
    joint = _joint(damascus)
    damascus.replication.record_error("baghdad", joint, "connection refused")
    assert damascus.replication.cursor("baghdad", joint).last_error == "connection refused"
    damascus.replication.offers_last_only("baghdad", joint)
    cursor = damascus.replication.cursor("baghdad", joint)
    assert (cursor.versions, cursor.last_error) == ("last", "connection refused")
    assert not damascus.replication.restart_if_view_changed("baghdad", joint, "v1")  # none yet


def test_a_changed_view_starts_the_collection_again() -> None:
    damascus, baghdad = _two_hubs()
    share(baghdad, "iq", indicator())
    _pull(baghdad, damascus)
    joint = _joint(damascus)
    view = damascus.replication.cursor("baghdad", joint).view
    assert not damascus.replication.restart_if_view_changed("baghdad", joint, view)
    assert damascus.replication.restart_if_view_changed("baghdad", joint, "another view")
    cursor = damascus.replication.cursor("baghdad", joint)
    assert (cursor.view, cursor.added_after, cursor.pulled) == ("another view", None, 1)


def test_a_peer_takes_only_the_audit_entries_of_the_members_it_hosts() -> None:
    damascus, _ = _two_hubs()
    damascus.audit.record(Act("iq.analyst", "iq", "share"))
    damascus.audit.record(Act("ru.analyst", "ru", "share"))
    key, entries = damascus.replication.audit_for_peer(peer("baghdad"), after=0)
    assert [e.member for e in entries] == ["iq"] and len(key) == 32
    with pytest.raises(NotPermitted):
        damascus.replication.audit_for_peer(member("iq"), after=0)
