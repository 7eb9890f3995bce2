"""federation/peers.py: which peers and feeds the charter tells a hub to pull."""

from __future__ import annotations

from dataclasses import replace

from allyhub.charter import Feed, Tlp, load_charter
from allyhub.federation.peers import sources
from tests.conftest import SEED_RSII


def test_a_hub_pulls_its_peers_and_the_feeds_it_is_named_for() -> None:
    charter = load_charter(SEED_RSII)
    feed = Feed("osint", "OSINT", "https://feed.example/", "c", "joint", Tlp.CLEAR, ("baghdad",))
    charter = replace(charter, feeds=(feed,))
    peer = charter.hub("baghdad")
    assert peer is not None
    damascus = sources(charter, "damascus")
    assert [(s.id, s.url, s.feed) for s in damascus] == [("baghdad", peer.url, None)]
    baghdad = sources(charter, "baghdad")
    assert [s.id for s in baghdad] == ["damascus", "osint"]
    assert baghdad[1].feed == feed and baghdad[1].url == "https://feed.example/"
