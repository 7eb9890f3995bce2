"""ShareCounts, the share path's tally for the metrics, fed by SharingService."""

from __future__ import annotations

import orjson

from allyhub.service.tallies import ShareCounts
from tests.factories import indicator
from tests.unit.service.hub import FakeHub, member


def test_counts_add_up_per_outcome_and_reason_and_zero_counts_nothing() -> None:
    counts = ShareCounts()
    counts("accepted", "", 2)
    counts("accepted", "", 3)
    counts("refused", "invalid", 1)
    counts("duplicate", "", 0)
    assert counts.snapshot() == {("accepted", ""): 5, ("refused", "invalid"): 1}


def test_the_share_path_tallies_each_outcome_once() -> None:
    hub = FakeHub()
    good = indicator()
    bad = {**indicator(), "pattern": "not a pattern"}
    hub.sharing.share(member("sy"), "joint", orjson.dumps({"objects": [good, bad]}))
    hub.sharing.share(member("sy"), "joint", orjson.dumps({"objects": [good]}))
    outcomes = [(o, n) for o, _, n in hub.tally.counted if n]
    assert ("accepted", 1) in outcomes and ("duplicate", 1) in outcomes
    assert any(o == "refused" and r for o, r, n in hub.tally.counted if n)
