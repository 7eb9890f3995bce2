"""ReadingService over fakes: TAXII's pages, their sealed `next`, versions, and the one
404 for what a reader may not see and what does not exist."""

from __future__ import annotations

import orjson
import pytest

from allyhub.charter import Role, Tlp
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters
from tests.factories import indicator
from tests.unit.service.hub import FakeHub, member, peer, share

SECOND = 1_000_000


def test_pages_follow_next_to_the_end_and_every_object_comes_once() -> None:
    hub = FakeHub()
    shared = [indicator() for _ in range(5)]
    for obj in shared:
        hub.clock.advance(SECOND)
        share(hub, "sy", obj)
    seen: list[str] = []
    filters = Filters(limit=2, types=("indicator",))
    while True:
        page = hub.reading.objects(member("ru"), "joint", filters)
        seen += [orjson.loads(row.body or b"")["id"] for row in page.rows]
        if not page.more:
            assert page.next is None
            break
        assert page.next is not None and len(page.rows) == 2
        filters = Filters(limit=2, types=("indicator",), next=page.next)
    assert seen == [o["id"] for o in shared]


def test_a_next_token_opens_only_with_the_filters_it_was_made_for() -> None:
    hub = FakeHub()
    for _ in range(3):
        hub.clock.advance(SECOND)
        share(hub, "sy", indicator())
    page = hub.reading.objects(member("ru"), "joint", Filters(limit=1, types=("indicator",)))
    with pytest.raises(InvalidRequest, match="^next"):
        hub.reading.objects(member("ru"), "joint", Filters(limit=1, next=page.next))


def test_a_hidden_object_and_a_missing_one_are_the_same_404_and_the_same_audit() -> None:
    hub = FakeHub()
    amber = indicator(tlp=Tlp.AMBER)
    share(hub, "sy", amber)
    missing = "indicator--00000000-0000-4000-8000-000000000000"
    errors = []
    for stix_id in (amber["id"], missing):
        with pytest.raises(NotFound) as refused:
            hub.reading.object(member("hz"), "joint", stix_id, Filters())
        errors.append(str(refused.value).replace(stix_id, "X"))
    assert errors[0] == errors[1]
    first, second = hub.tables.audit[-2:]
    assert (first.act, first.about, len(first.detail)) == (
        second.act,
        second.about,
        len(second.detail),
    )
    assert hub.reading.object(member("ru"), "joint", amber["id"], Filters()).rows


def test_versions_lists_every_version_and_the_object_its_newest() -> None:
    hub = FakeHub()
    first = indicator()
    second = {**first, "modified": "2016-01-01T00:00:00.000Z"}
    share(hub, "sy", first)
    hub.clock.advance(SECOND)
    share(hub, "sy", second)
    versions = hub.reading.versions(member("ru"), "joint", first["id"], Filters())
    assert len(versions.rows) == 2 and all(r.body is None for r in versions.rows)
    newest = hub.reading.object(member("ru"), "joint", first["id"], Filters())
    assert [orjson.loads(r.body or b"")["modified"] for r in newest.rows] == [second["modified"]]
    every = hub.reading.object(
        member("ru"),
        "joint",
        first["id"],
        Filters(versions=VersionMatch(frozenset({VersionPick.ALL}))),
    )
    assert len(every.rows) == 2


def test_a_peer_gets_provenance_and_is_counted_as_served() -> None:
    hub = FakeHub()
    share(hub, "sy", indicator())
    page = hub.reading.objects(peer("baghdad"), "joint", Filters(types=("indicator",)))
    (record,) = page.extensions["x_allyhub_provenance"]
    assert (record["shared_by"], record["origin_hub"]) == ("sy", "damascus")
    assert "seal" in record and page.extensions["x_allyhub_seals"]
    assert hub.replication.served()["baghdad"][0] == 1


def test_collections_say_what_a_member_may_do_and_a_reader_may_not_write() -> None:
    hub = FakeHub()
    views = {v.collection.alias: v for v in hub.reading.collections(member("ru", Role.READER))}
    assert views["joint"].can_read
    with pytest.raises(NotPermitted):
        hub.sharing.share(member("ru", Role.READER), "joint", b'{"objects": []}')
