"""MispService over fakes: MISP events shared whole, and each member's view of a
collection as a MISP feed holding only the events it may see."""

from __future__ import annotations

import pytest

from allyhub.errors import NotFound
from tests.misp_events import events
from tests.unit.service.hub import FakeHub, member

CLEAR = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000004"]
"""Of the first four test events, the two marked tlp:white and tlp:clear."""


def _hub() -> tuple[FakeHub, list[str]]:
    hub = FakeHub()
    done = hub.misp.import_events(member("sy"), "joint", events(4))
    assert all(status.failure_count == 0 and status.successes for _, status in done)
    return hub, [uuid for uuid, _ in done]


def test_each_event_is_shared_whole_and_comes_back_in_the_sharers_feed() -> None:
    hub, uuids = _hub()
    assert sorted(hub.misp.feed(member("sy"), "joint").events) == sorted(uuids)
    objects = hub.misp.objects(member("sy"), "joint")
    assert {o["type"] for o in objects} >= {"grouping", "indicator"}  # an event is a grouping


def test_a_feed_holds_only_the_events_the_member_may_see() -> None:
    hub, uuids = _hub()
    assert sorted(hub.misp.feed(member("iq"), "joint").events) == sorted(uuids)
    assert sorted(hub.misp.feed(member("hz"), "joint").events) == CLEAR
    hidden = next(u for u in uuids if u not in CLEAR)
    messages = []
    for uuid in (hidden, "00000000-0000-4000-8000-00000000ffff"):
        with pytest.raises(NotFound) as refused:
            hub.misp.event(member("hz"), "joint", uuid)
        messages.append(str(refused.value).replace(uuid, "X"))
    assert messages[0] == messages[1]
    assert hub.misp.event(member("iq"), "joint", hidden)["Event"]["uuid"] == hidden
