"""FusionService over fakes: the worker derives names, links and values from stored
versions; each reader's entities, links and correlations keep only what it may see."""

from __future__ import annotations

import pytest

from allyhub.charter import Tlp
from allyhub.errors import NotFound
from tests.factories import indicator, threat_actor
from tests.unit.service.hub import FakeHub, member, share

SECOND = 1_000_000


def _hub_with_two_spellings(tlp: Tlp = Tlp.GREEN) -> tuple[FakeHub, str, str]:
    hub = FakeHub()
    first = threat_actor(name="Qasem Soleimani")
    second = threat_actor(name="Qassem Suleimani", tlp=tlp)
    share(hub, "ru", first)
    hub.clock.advance(SECOND)
    share(hub, "sy", second)
    assert hub.fusion.backlog()[0] > 0
    assert hub.fusion.catch_up() > 0
    assert hub.fusion.backlog() == (0, None)
    return hub, first["id"], second["id"]


def test_two_spellings_of_one_name_make_one_entity() -> None:
    hub, first, second = _hub_with_two_spellings()
    entity = hub.fusion.entity(member("hz"), first)
    assert set(entity.objects) == {first, second}
    assert set(entity.members) == {"ru", "sy"}
    (link,) = entity.links
    assert {link.a, link.b} == {first, second} and link.band == "link"
    assert "Qasem Soleimani" in link.why


def test_a_reader_does_not_reach_an_object_it_may_not_see_through_fusion() -> None:
    hub, first, second = _hub_with_two_spellings(tlp=Tlp.AMBER)
    assert set(hub.fusion.entity(member("ru"), first).objects) == {first, second}
    assert hub.fusion.entity(member("hz"), first).objects == [first]  # AMBER: full only
    with pytest.raises(NotFound):
        hub.fusion.entity(member("hz"), second)
    assert hub.fusion.links_among(member("hz"), [first, second]) == []


def test_indicators_of_one_value_correlate_for_whoever_sees_both() -> None:
    hub = FakeHub()
    one, two = indicator(value="203.0.113.5"), indicator(value="203.0.113.5", tlp=Tlp.AMBER)
    share(hub, "ru", one)
    hub.clock.advance(SECOND)
    share(hub, "sy", two)
    hub.fusion.catch_up()
    (found,) = [
        c for c in hub.fusion.correlations(member("iq"), one["id"]) if "203.0.113.5" in c.value
    ]
    assert found.objects == [two["id"]] and not found.common
    assert not [c for c in hub.fusion.correlations(member("hz"), one["id"]) if c.objects]


def test_a_decision_is_audited_and_marks_the_link() -> None:
    hub, first, second = _hub_with_two_spellings()
    link = hub.fusion.decide(member("iq"), first, second, True)
    assert link.decided is True
    assert hub.tables.audit[-1].member == "iq"
    (again,) = hub.fusion.links_among(member("iq"), [first, second])
    assert again.decided is True
