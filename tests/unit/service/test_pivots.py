"""PivotService over fakes: from an object or an entity to what relates to it, drawn
with what the reader may see only."""

from __future__ import annotations

from typing import Any

from allyhub.charter import Tlp
from allyhub.service import reason
from allyhub.service.fusion import Link
from tests.factories import T0, indicator, marked, sid, threat_actor
from tests.unit.service.hub import FakeHub, member, share

SECOND = 1_000_000


def _relationship(source: str, target: str, kind: str, tlp: Tlp) -> dict[str, Any]:
    return marked(
        {
            "type": "relationship",
            "spec_version": "2.1",
            "id": sid("relationship"),
            "created": T0,
            "modified": T0,
            "relationship_type": kind,
            "source_ref": source,
            "target_ref": target,
        },
        tlp,
    )


def _hub() -> tuple[FakeHub, dict[str, str]]:
    hub = FakeHub()
    actor, spelled = threat_actor(name="Qasem Soleimani"), threat_actor(name="Qassem Suleimani")
    relay = indicator(name="Relay")
    ties = _relationship(relay["id"], actor["id"], "indicates", Tlp.AMBER)
    for who, obj in (("ru", actor), ("sy", spelled), ("sy", relay), ("sy", ties)):
        hub.clock.advance(SECOND)
        share(hub, who, obj)
    hub.fusion.catch_up()
    ids = {"actor": actor["id"], "spelled": spelled["id"], "relay": relay["id"]}
    return hub, {**ids, "ties": ties["id"]}


def test_an_objects_pivots_are_its_entity_and_its_relationships_when_visible() -> None:
    hub, ids = _hub()
    view = hub.browse.object(member("iq"), ids["actor"])
    pivots = hub.pivots.object(member("iq"), ids["actor"], view.refers_to, view.responses)
    assert pivots.entity is not None
    assert set(pivots.entity.objects) == {ids["actor"], ids["spelled"]}
    ((related),) = pivots.related
    assert (related.item.stix_id, related.label, related.outgoing) == (
        ids["relay"],
        "indicates",
        False,
    )
    assert related.via.stix_id == ids["ties"]
    assert set(pivots.refs) >= {ids["actor"], ids["spelled"], ids["relay"]}
    hidden = hub.browse.object(member("hz"), ids["actor"])
    assert (
        hub.pivots.object(member("hz"), ids["actor"], hidden.refers_to, hidden.responses).related
        == []
    )


def test_an_entity_page_groups_what_is_about_it_by_type() -> None:
    hub, ids = _hub()
    page = hub.pivots.entity(member("iq"), ids["spelled"])
    assert set(page.entity.objects) == {ids["actor"], ids["spelled"]}
    assert [i.stix_id for i in page.about.get("relationship", [])] == [ids["ties"]]
    assert hub.pivots.entity(member("hz"), ids["spelled"]).about == {}


def test_reason_drops_the_band_and_family() -> None:
    link = Link("a", "b", 0.9, "link", "link 0.90 (group): 'A' vs 'B'")
    assert reason(link) == "'A' vs 'B'"
