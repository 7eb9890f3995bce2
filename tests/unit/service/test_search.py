"""SearchService over fakes: one box for ids, names in any script, values and words, over
what the reader may see only."""

from __future__ import annotations

import pytest

from allyhub.charter import Tlp
from allyhub.errors import InvalidRequest
from allyhub.service.search import read_query
from tests.factories import indicator, threat_actor
from tests.unit.service.hub import FakeHub, member, share

SECOND = 1_000_000


def _hub() -> tuple[FakeHub, dict[str, str]]:
    hub = FakeHub()
    objects = {
        "green": indicator(name="Relay on the coast", value="198.51.100.20"),
        "amber": indicator(name="Relay in the hills", value="198.51.100.21", tlp=Tlp.AMBER),
        "actor": threat_actor(name="Qasem Soleimani"),
    }
    for obj in objects.values():
        hub.clock.advance(SECOND)
        share(hub, "sy", obj)
    hub.fusion.catch_up()
    return hub, {k: v["id"] for k, v in objects.items()}


def test_words_find_what_the_reader_may_see_and_nothing_else() -> None:
    hub, ids = _hub()
    full = hub.search.search(member("iq"), "relay")
    assert set(full.matched) == {ids["green"], ids["amber"]} and full.total == 2
    associate = hub.search.search(member("hz"), "relay")
    assert set(associate.matched) == {ids["green"]} and associate.total == 1
    assert associate.kinds == {"indicator": 1}


def test_a_value_an_id_and_a_name_in_another_spelling_are_found() -> None:
    hub, ids = _hub()
    assert hub.search.matching(member("iq"), "198.51.100.21") == [ids["amber"]]
    assert hub.search.matching(member("hz"), "198.51.100.21") == []
    assert hub.search.matching(member("hz"), ids["green"]) == [ids["green"]]
    assert hub.search.matching(member("hz"), ids["amber"]) == []
    found = hub.search.search(member("hz"), "Qassem Suleimani")
    assert [e.objects for e in found.entities] == [1] and ids["actor"] in found.matched


def test_a_query_is_read_as_ids_values_and_words() -> None:
    query = read_query("indicator--0e10794b-dedf-4674-ae80-667aecbd8bd5 198.51.100.7 relay")
    assert query.ids == ("indicator--0e10794b-dedf-4674-ae80-667aecbd8bd5",)
    assert [v[:2] for v in query.values] == [("ipv4", "198.51.100.7/32")]
    assert query.name == "relay" and "relay" in query.words


def test_a_kind_must_be_a_stix_type() -> None:
    hub, _ = _hub()
    with pytest.raises(InvalidRequest):
        hub.search.search(member("iq"), "relay", kind="Not A Type!")
