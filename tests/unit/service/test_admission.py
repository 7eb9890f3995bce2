"""The admission step on its own: a plain in-memory store stands in for SQL, so each rule
of what may be stored is seen without a database (integration tests run the real one)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from allyhub.charter import Charter, Role, Tlp, load_charter
from allyhub.policy.permissions import Action
from allyhub.provenance import leaf, sealed_to_wire, seals_to_wire, split_leaves, verify_seal
from allyhub.provenance.seals import Seal, places
from allyhub.records import (
    AuditRow,
    NewVersion,
)
from allyhub.service.admission import Admission, Admitted, Intake
from allyhub.service.audit import AuditLog
from allyhub.service.coalition import Coalition
from allyhub.service.principals import Principal
from allyhub.service.seals import SealCheck, Sealer, provenance_of
from allyhub.stix.markings import ALLYHUB_IDENTITY, TLP2_ID, releasability_marking
from tests.conftest import RSII, SEED_RSII
from tests.factories import indicator, ipv4
from tests.unit.service.fakes import FakeAuditStore, FakeClock, FakeObjectStore

CHARTER: Charter = load_charter(SEED_RSII)  # Damascus hosts sy, ru, hz; Baghdad iq, ir
ONE_ROOM: Charter = load_charter(RSII)  # Damascus hosts every member
KEYS = {hub.id: Ed25519PrivateKey.generate() for hub in CHARTER.hubs}


class FakeStore(FakeObjectStore):
    """The shared fake object store (tests/unit/service/fakes.py), its rows and audit
    trail seen as the plain lists these tests assert on."""

    @property
    def rows(self) -> list[NewVersion]:
        return [v for _, _, v in self.tables.rows]

    @property
    def audit(self) -> list[AuditRow]:
        return self.tables.audit


def admission(
    store: FakeStore, hub: str = "damascus", charter: Charter = ONE_ROOM
) -> tuple[Admission, Coalition]:
    coalition = Coalition(charter, hub, store)
    key = KEYS[hub]
    clock = FakeClock()
    audit = AuditLog(store, FakeAuditStore(store.tables), key, clock, coalition)
    pinned = {h: k.public_key() for h, k in KEYS.items()}
    check = SealCheck(charter, (hub, key.public_key()))
    check._keys = pinned  # the charter of this test pins no keys: these stand for them
    made = Admission(
        coalition,
        store,
        clock,
        audit,
        Sealer(key, CHARTER.id, hub),
        check,
    )
    return made, coalition


def member(member_id: str, role: Role = Role.ANALYST) -> Principal:
    return Principal(f"{member_id}.{role}", member_id, role, "k")


def identity(member_id: str) -> str:
    found = CHARTER.member(member_id)
    assert found is not None
    return found.identity


def share(admit: Admission, coalition: Coalition, who: str, *objects: dict[str, Any]) -> Admitted:
    joint = coalition.charter.collection("joint")
    assert joint is not None
    return admit.local(
        member(who),
        joint,
        [orjson.loads(orjson.dumps(o)) for o in objects],
        kind=Intake.SHARE,
        action=Action.SHARE,
    )


def red_to(owner: str, *to: str) -> tuple[dict[str, Any], list[str]]:
    marking = releasability_marking([identity(m) for m in to], identity(owner))
    return marking, [TLP2_ID[Tlp.RED], marking["id"]]


def test_every_stored_version_is_sealed_by_this_hub() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    share(
        admit,
        coalition,
        "ru",
        indicator(identity("ru")),
        indicator(identity("ru"), tlp=Tlp.RED, markings=(red_to("ru", "sy")[0]["id"],)),
        red_to("ru", "sy")[0],
    )
    assert len(store.rows) == 3
    for version in store.rows:
        place = version.sealed
        assert place is not None and place.seal.hub == "damascus"
        seal = Seal(place.seal.hub, place.seal.root, place.seal.size, place.seal.signature)
        assert verify_seal(KEYS["damascus"].public_key(), CHARTER.id, seal)
        leaves = split_leaves(place.seal.leaves or b"")
        assert leaves[place.index] == leaf(
            provenance_of(version, version.origin_added or 0), version.body
        )


def test_versions_of_different_labels_are_sealed_apart() -> None:
    """An audit path must not tell a reader how many versions it could not see."""
    store = FakeStore()
    admit, coalition = admission(store)
    marking, red = red_to("ru", "sy")
    share(
        admit,
        coalition,
        "ru",
        indicator(identity("ru")),
        indicator(identity("ru")),
        indicator(identity("ru"), tlp=None, markings=tuple(red)),
        marking,
    )
    sizes = {v.stix_id: v.sealed.seal.size for v in store.rows if v.sealed}
    assert sorted(sizes.values()) == [1, 1, 2, 2]


def test_a_hidden_sharing_of_the_same_value_changes_no_reply() -> None:
    """Two members share one observable (one deterministic id): each gets its own sharing;
    the reply to the second does not depend on whether the first exists."""
    with_hidden, without = FakeStore(), FakeStore()
    for store in (with_hidden, without):
        admit, coalition = admission(store)
        marking, red = red_to("ir", "ir")
        if store is with_hidden:
            share(
                admit, coalition, "ir", marking, {**ipv4("203.0.113.9"), "object_marking_refs": red}
            )
        replies = share(admit, coalition, "sy", ipv4("203.0.113.9"))
        assert [(v.refused, v.stored, v.message) for v in replies.verdicts] == [
            (False, True, "marked TLP:AMBER, the charter's default (it had no TLP marking)")
        ]
    assert {v.shared_by for v in with_hidden.rows if v.type == "ipv4-addr"} == {"ir", "sy"}


def test_claiming_a_hidden_id_is_answered_as_a_new_id() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    marking, red = red_to("ir", "ir")
    hidden = indicator(identity("ir"), tlp=None, markings=tuple(red))
    share(admit, coalition, "ir", marking, hidden)
    claim = indicator(identity("sy"), ident=hidden["id"], modified="2016-01-01T00:00:00.000Z")
    never = indicator(identity("sy"), modified="2016-01-01T00:00:00.000Z")
    first, second = share(admit, coalition, "sy", claim), share(admit, coalition, "sy", never)
    assert [v.message for v in first.verdicts] == [v.message for v in second.verdicts] == [""]
    assert all(v.stored for v in first.verdicts + second.verdicts)


def test_claiming_a_visible_id_is_refused_as_someone_elses() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    theirs = indicator(identity("ir"), tlp=Tlp.GREEN)
    share(admit, coalition, "ir", theirs)
    claim = indicator(identity("sy"), ident=theirs["id"], modified="2016-01-01T00:00:00.000Z")
    reply = share(admit, coalition, "sy", claim).verdicts[0]
    assert reply.refused and "belongs to 'ir'" in reply.message


def test_a_reference_to_a_hidden_object_is_judged_as_one_to_nothing() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    marking, red = red_to("ir", "ir")
    hidden = indicator(identity("ir"), tlp=None, markings=tuple(red))
    share(admit, coalition, "ir", marking, hidden)
    note = {
        "type": "note",
        "spec_version": "2.1",
        "id": "note--7e0f5c2a-3b1d-4c8e-9f6a-1d2e3f4a5b6c",
        "created": "2016-01-01T00:00:00.000Z",
        "modified": "2016-01-01T00:00:00.000Z",
        "content": "seen",
        "object_refs": [hidden["id"]],
        "created_by_ref": identity("sy"),
        "object_marking_refs": [TLP2_ID[Tlp.GREEN]],
    }
    reply = share(admit, coalition, "sy", note).verdicts[0]
    assert reply.stored and not reply.refused


@pytest.mark.parametrize(
    ("obj", "reason"),
    [
        pytest.param(
            {**indicator(), "created_by_ref": ALLYHUB_IDENTITY},
            "hub's own identity",
            id="hub-identity-as-author",
        ),
        pytest.param(
            {
                "type": "identity",
                "spec_version": "2.1",
                "id": "",
                "created": "2016-01-01T00:00:00.000Z",
                "modified": "2016-01-01T00:00:00.000Z",
                "name": "Republic of Iraq - fake",
                "identity_class": "organization",
            },
            "only 'iq' may publish it",
            id="another-members-identity",
        ),
        pytest.param(
            {**indicator(), "created_by_ref": ""}, "names 'iq'", id="another-member-as-author"
        ),
    ],
)
def test_identities_are_reserved(obj: dict[str, Any], reason: str) -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    if obj["type"] == "identity":
        obj["id"] = identity("iq")
    if obj.get("created_by_ref") == "":
        obj["created_by_ref"] = identity("iq").upper().replace("IDENTITY", "identity")
    reply = share(admit, coalition, "sy", obj).verdicts[0]
    assert reply.refused and reason in reply.message, reply.message


def test_identifiers_are_stored_lower_case_and_say_so() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    obj = indicator(identity("sy"))
    obj["id"] = obj["id"].upper().replace("INDICATOR", "indicator")
    first = share(admit, coalition, "sy", obj).verdicts[0]
    assert first.stored and first.id == first.id.lower() and "lower-cased" in first.message
    again = share(admit, coalition, "sy", obj).verdicts[0]
    assert not again.stored and again.message.startswith("already present")


def test_an_unmarked_object_carries_the_charters_default_marking() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    reply = share(admit, coalition, "sy", indicator(identity("sy"), tlp=None)).verdicts[0]
    assert "TLP:AMBER" in reply.message
    body = orjson.loads(store.rows[-1].body)
    assert body["object_marking_refs"] == [TLP2_ID[Tlp.AMBER]]
    assert store.rows[-1].tlp == int(Tlp.AMBER)


def test_a_release_list_is_seen_only_by_the_members_it_names() -> None:
    store = FakeStore()
    admit, coalition = admission(store)
    marking, red = red_to("ru", "sy")
    share(admit, coalition, "ru", marking)
    stored = store.rows[-1]
    assert stored.tlp == int(Tlp.AMBER) and stored.audience == frozenset({"sy"})


@pytest.mark.parametrize(
    ("who", "role", "reason"),
    [
        pytest.param("ir", Role.ANALYST, "does not work at this hub", id="not-hosted"),
        pytest.param("ru", Role.READER, "only reads", id="reader"),
    ],
)
def test_who_may_share_is_decided_in_one_place(who: str, role: Role, reason: str) -> None:
    from allyhub.errors import NotPermitted

    store = FakeStore()
    admit, coalition = admission(store, charter=CHARTER)
    joint = CHARTER.collection("joint")
    assert joint is not None
    with pytest.raises(NotPermitted, match=reason):
        admit.local(member(who, role), joint, [indicator()], kind=Intake.SHARE, action=Action.SHARE)
    assert store.audit and store.audit[-1].act == "share.refused"


def _sealed_page(versions: list[NewVersion], key: Ed25519PrivateKey, hub: str) -> dict[str, Any]:
    """A page as a peer serves it: objects, provenance with seals, signatures."""
    committed = versions[0].origin_added or 1
    seal = Sealer(key, CHARTER.id, hub).seal(versions, committed)[0].seal
    leaves = [leaf(provenance_of(v, committed), v.body) for v in versions]
    proofs = places(Seal(seal.hub, seal.root, seal.size, seal.signature), leaves)
    provenance = []
    for version, proof in zip(versions, proofs, strict=True):
        provenance.append(
            {
                "id": version.stix_id,
                "version": version.version,
                "shared_by": version.shared_by,
                "origin_hub": version.origin_hub,
                "origin_added": version.origin_added,
                "tlp": version.tlp,
                "audience": None,
                "excluded": None,
                "seal": sealed_to_wire(proof),
            }
        )
    return {
        "objects": [orjson.loads(v.body) for v in versions],
        "x_allyhub_provenance": provenance,
        "x_allyhub_seals": seals_to_wire([proofs[0].seal]),
    }


def _version(obj: dict[str, Any], who: str, hub: str) -> NewVersion:
    from allyhub.service.versions import new_version

    return replace(
        new_version(
            obj,
            collection=CHARTER.collection("joint").id,  # type: ignore[union-attr]
            shared_by=who,
            tlp=int(Tlp.GREEN),
            origin_hub=hub,
        ),
        origin_added=1_700_000_000_000_000,
    )


def _receive(page: dict[str, Any], store: FakeStore | None = None) -> Admitted:
    admit, coalition = admission(store or FakeStore(), "baghdad", CHARTER)
    joint = CHARTER.collection("joint")
    assert joint is not None
    return admit.from_peer(
        "damascus", joint, page["objects"], page["x_allyhub_provenance"], page["x_allyhub_seals"]
    )


def test_a_peer_version_sealed_by_its_origin_is_stored() -> None:
    page = _sealed_page(
        [_version(indicator(identity("ru")), "ru", "damascus")], KEYS["damascus"], "damascus"
    )
    assert [v.stored for v in _receive(page).verdicts] == [True]


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        pytest.param("key", "forged", id="signed-by-another-key"),
        pytest.param("body", "altered", id="body-changed-after-sealing"),
        pytest.param("tlp", "altered", id="labels-changed-after-sealing"),
        pytest.param("author", "does not host", id="author-not-hosted-by-origin"),
        pytest.param("hub", "is not a hub", id="unknown-origin"),
        pytest.param("unsealed", "unsealed", id="no-seal"),
    ],
)
def test_a_forged_or_altered_peer_version_is_refused(forge: str, reason: str) -> None:
    who = "ir" if forge == "author" else "ru"
    key = Ed25519PrivateKey.generate() if forge == "key" else KEYS["damascus"]
    page = _sealed_page([_version(indicator(identity(who)), who, "damascus")], key, "damascus")
    origin = page["x_allyhub_provenance"][0]
    if forge == "body":
        page["objects"][0]["name"] = "something else"
    elif forge == "tlp":
        origin["tlp"] = int(Tlp.CLEAR)
    elif forge == "hub":
        origin["origin_hub"] = "beirut"
    elif forge == "unsealed":
        del origin["seal"]
    verdict = _receive(page).verdicts[0]
    assert verdict.refused and reason in verdict.message, verdict.message


def test_a_replayed_peer_version_is_a_harmless_duplicate() -> None:
    store = FakeStore()
    page = _sealed_page(
        [_version(indicator(identity("ru")), "ru", "damascus")], KEYS["damascus"], "damascus"
    )
    first = _receive(orjson.loads(orjson.dumps(page)), store)
    again = _receive(orjson.loads(orjson.dumps(page)), store)
    assert first.stored == 1 and again.stored == 0 and not again.refusals
    assert len(store.rows) == 1
