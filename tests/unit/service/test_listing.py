"""ListingService over fakes: the console's lists paged both ways, their totals, exports
and charts, each counting only what the reader may see."""

from __future__ import annotations

import pytest

from allyhub.charter import Tlp
from allyhub.errors import NotPermitted
from allyhub.service import FeedFilter, Order
from allyhub.service.listing import Cursor
from tests.factories import indicator
from tests.unit.service.hub import FakeHub, member, peer, share

HOUR = 3_600_000_000
ONLY = FeedFilter(types=("indicator",))


def _hub(count: int = 5) -> tuple[FakeHub, list[str]]:
    """sy shares `count` GREEN indicators an hour apart, and one AMBER one among them."""
    hub = FakeHub()
    ids = []
    for n in range(count):
        hub.clock.advance(HOUR)
        obj = indicator(name=f"relay {n}", tlp=Tlp.AMBER if n == 2 else Tlp.GREEN)
        share(hub, "sy", obj)
        ids.append(obj["id"])
    return hub, ids


def test_totals_and_exports_count_only_what_the_reader_may_see() -> None:
    hub, ids = _hub()
    assert hub.listing.total(member("iq"), ONLY) == 5
    assert hub.listing.total(member("hz"), ONLY) == 4
    assert [i.stix_id for i in hub.listing.export(member("hz"), ONLY)] == [
        ids[4],
        ids[3],
        ids[1],
        ids[0],
    ]


def test_pages_go_forward_and_back_and_know_their_place() -> None:
    hub, ids = _hub()
    first = hub.listing.page(member("iq"), ONLY, Order.OLDEST, limit=2)
    assert [i.stix_id for i in first.items] == ids[:2]
    assert (first.total, first.first, first.preceding) == (5, 1, None)
    assert first.following is not None
    second = hub.listing.page(member("iq"), ONLY, Order.OLDEST, first.following, limit=2)
    assert [i.stix_id for i in second.items] == ids[2:4] and second.first == 3
    assert second.preceding is not None
    back = hub.listing.page(member("iq"), ONLY, Order.OLDEST, second.preceding, limit=2)
    assert [i.stix_id for i in back.items] == ids[:2]
    last = hub.listing.page(member("iq"), ONLY, Order.OLDEST, Cursor(second.items[-1].date_added))
    assert [i.stix_id for i in last.items] == ids[4:] and last.following is None


def test_a_chart_counts_by_member_and_tlp_what_the_reader_may_see() -> None:
    hub, _ = _hub()
    full = hub.listing.chart(member("iq"), ONLY)
    assert sum(b.total for b in full.bars) == 5 and full.members == ["sy"]
    assert sum(b.by_tlp.get(Tlp.AMBER, 0) for b in full.bars) == 1
    associate = hub.listing.chart(member("hz"), ONLY)
    assert sum(b.total for b in associate.bars) == 4
    assert all(Tlp.AMBER not in b.by_tlp for b in associate.bars)


def test_text_matches_as_the_search_box_does() -> None:
    hub, ids = _hub()
    assert [
        i.stix_id for i in hub.listing.page(member("iq"), FeedFilter(text="relay 3")).items
    ] == [ids[3]]


def test_a_peer_hub_has_no_lists() -> None:
    hub, _ = _hub(1)
    with pytest.raises(NotPermitted):
        hub.listing.total(peer("baghdad"), ONLY)
