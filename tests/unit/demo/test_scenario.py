"""demo/scenario.py: the seed scenario is valid STIX, each object authored by the member
that shares it, and every share is admitted whole (on a hub over fakes)."""

from __future__ import annotations

from allyhub.demo.scenario import after_the_revocation, build
from allyhub.stix import validate
from tests.unit.service.hub import FakeHub, share


def test_every_object_is_valid_and_authored_by_its_sharer() -> None:
    hub = FakeHub()
    identity = {m.id: m.identity for m in hub.charter.members}
    shares = [*build(hub.charter), after_the_revocation(hub.charter)]
    assert len(shares) >= 8
    for each in shares:
        for obj in each.objects:
            assert validate(obj) == [], obj["id"]
            if "created_by_ref" in obj:
                assert obj["created_by_ref"] == identity[each.member], obj["id"]


def test_every_share_of_the_scenario_is_admitted_whole() -> None:
    hub = FakeHub()
    for each in build(hub.charter):
        hub.clock.advance(1_000_000)
        status = share(hub, each.member, *each.objects)
        assert len(status.successes) == len(each.objects)
