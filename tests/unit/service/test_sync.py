"""SyncService over fakes: replication figures are for the operator's liaisons and, each
its own link, for peer hubs."""

from __future__ import annotations

import pytest

from allyhub.charter import Role
from allyhub.errors import NotPermitted
from allyhub.service import Filters, Principal
from tests.factories import indicator
from tests.unit.service.hub import FakeHub, member, peer, share


def _hub() -> FakeHub:
    hub = FakeHub()
    share(hub, "sy", indicator())
    hub.reading.objects(peer("baghdad"), "joint", Filters())  # served to baghdad
    joint = next(c.id for c in hub.replication.pulled_collections() if c.alias == "joint")
    hub.replication.record_error("baghdad", joint, "timed out")
    hub.replication.record_error("tehran-feed", joint, "timed out")
    return hub


def test_the_operators_liaison_sees_every_link() -> None:
    hub = _hub()
    figures = hub.sync.figures(member("sy", Role.LIAISON))  # sy operates Damascus
    assert {(f.cursor.peer, f.collection) for f in figures.pulls} == {
        ("baghdad", "joint"),
        ("tehran-feed", "joint"),
    }
    assert figures.served["baghdad"][0] == 1
    hub.sync.require_operator(member("sy", Role.LIAISON))


def test_a_peer_sees_its_own_link_only_and_not_the_hubs_metrics() -> None:
    hub = _hub()
    figures = hub.sync.figures(peer("baghdad"))
    assert {f.cursor.peer for f in figures.pulls} == {"baghdad"}
    assert set(figures.served) == {"baghdad"}
    with pytest.raises(NotPermitted, match="own link"):
        hub.sync.require_operator(peer("baghdad"))


@pytest.mark.parametrize("who", [member("ru", Role.LIAISON), member("sy", Role.ANALYST)])
def test_anyone_else_is_told_why_not(who: Principal) -> None:
    hub = _hub()
    assert hub.sync.refusal(who) is not None
    with pytest.raises(NotPermitted, match="liaisons of 'sy'"):
        hub.sync.figures(who)
