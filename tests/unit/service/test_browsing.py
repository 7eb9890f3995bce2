"""BrowseService over fakes: the console's feed, object page, responses and graph, each
drawn from what the member may see only."""

from __future__ import annotations

import pytest

from allyhub.charter import Tlp
from allyhub.errors import NotFound
from allyhub.service import FeedFilter
from tests.factories import indicator, report
from tests.unit.service.hub import FakeHub, member, share

SECOND = 1_000_000


def _hub() -> tuple[FakeHub, dict[str, str]]:
    """sy shares a GREEN and an AMBER indicator, ru an AMBER report about the GREEN one."""
    hub = FakeHub()
    green, amber = indicator(name="Green relay"), indicator(name="Amber relay", tlp=Tlp.AMBER)
    ru = hub.charter.member("ru")
    assert ru is not None
    about = report(ru.identity, name="On the green relay", tlp=Tlp.AMBER, refs=(green["id"],))
    for who, obj in (("sy", green), ("sy", amber), ("ru", about)):
        hub.clock.advance(SECOND)
        share(hub, who, obj)
    return hub, {"green": green["id"], "amber": amber["id"], "report": about["id"]}


def test_the_feed_is_newest_first_and_holds_only_what_the_member_may_see() -> None:
    hub, ids = _hub()
    full = hub.browse.feed(member("iq"), FeedFilter(types=("indicator", "report")))
    assert [i.stix_id for i in full.items] == [ids["report"], ids["amber"], ids["green"]]
    associate = hub.browse.feed(member("hz"), FeedFilter(types=("indicator", "report")))
    assert [i.stix_id for i in associate.items] == [ids["green"]]
    by_text = hub.browse.feed(member("iq"), FeedFilter(text="green"))
    assert {i.stix_id for i in by_text.items} == {ids["green"], ids["report"]}


def test_the_feed_pages_to_older_objects() -> None:
    hub, ids = _hub()
    first = hub.browse.feed(member("iq"), FeedFilter(types=("indicator", "report")), limit=2)
    assert first.more and first.before is not None
    rest = hub.browse.feed(
        member("iq"), FeedFilter(types=("indicator", "report")), before=first.before, limit=2
    )
    assert [i.stix_id for i in rest.items] == [ids["green"]] and not rest.more


def test_an_object_shows_its_responses_and_what_it_is_about_if_visible() -> None:
    hub, ids = _hub()
    view = hub.browse.object(member("iq"), ids["green"])
    assert [r.stix_id for r in view.responses] == [ids["report"]]
    assert [r.stix_id for r in hub.browse.object(member("iq"), ids["report"]).refers_to] == [
        ids["green"]
    ]
    assert hub.browse.object(member("hz"), ids["green"]).responses == []  # AMBER: hidden


def test_a_hidden_object_is_not_found_as_a_missing_one_is() -> None:
    hub, ids = _hub()
    messages = []
    for stix_id in (ids["amber"], "indicator--00000000-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound) as refused:
            hub.browse.object(member("hz"), stix_id)
        messages.append(str(refused.value).replace(stix_id, "X"))
    assert messages[0] == messages[1]


def test_the_graph_draws_no_node_the_member_may_not_see() -> None:
    hub, ids = _hub()
    full = hub.browse.graph(member("iq"))
    assert set(ids.values()) <= {n.id for n in full.nodes}
    assert any({e.source, e.target} == {ids["green"], ids["report"]} for e in full.edges)
    associate = hub.browse.graph(member("hz"))
    assert {n.id for n in associate.nodes} & set(ids.values()) == {ids["green"]}
    assert all(ids["report"] not in (e.source, e.target) for e in associate.edges)
