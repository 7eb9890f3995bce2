"""Names whose numbers differ are rejected without aligning them (``numbers_rule_out``).

The name index skips the alignment of a candidate when the rule says the verdict can only
be a reject; these tests hold the rule to ``verdict`` as its oracle, so a skipped
candidate is always one the verdict would have rejected.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.charter import Bands, KnownAlias
from allyhub.fusion import KnownTables, NameIndex
from allyhub.fusion.scoring import (
    ACRONYM_SOUND_CAP,
    ACRONYM_TRY,
    DEFAULT_BANDS,
    NUMBERS_APART,
    EntityNames,
    numbers_rule_out,
    verdict,
)


def entity(kind: str, *names: str, country: str | None = None) -> EntityNames:
    return EntityNames(kind, names, country=country)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("APT28", "APT29", "intrusion-set"),
        ("UNC2452", "UNC2465", "threat-actor"),
        ("Checkpoint 12", "Checkpoint 13", "location"),
        ("Brigade 313", "لواء 314", "organization"),
        ("Abu Bakr al-Baghdadi (98860)", "Abu Bakr al-Baghdadi (96475)", "person"),
    ],
)
def test_names_with_different_numbers_are_ruled_out(a, b, kind):
    ea, eb = entity(kind, a), entity(kind, b)
    assert numbers_rule_out(ea, eb)
    assert verdict(ea, eb, kind).band == "reject"


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("APT28", "APT 28", "intrusion-set"),  # the same number
        ("APT28", "Fancy Bear", "intrusion-set"),  # one side has no number
        ("Checkpoint 12", "Checkpoint", "location"),
        # every number of one is in the other:
        ("Unit 8200 Tel Aviv 3", "Unit 8200", "organization"),
    ],
)
def test_names_that_could_match_are_left_to_the_verdict(a, b, kind):
    assert not numbers_rule_out(entity(kind, a), entity(kind, b))


def test_the_cap_is_below_where_the_later_rules_stop_being_monotone():
    """The rule applies the later rules to the cap and trusts that a lower names' score
    gives no more: true only while the acronym rules are tried at the cap."""
    assert NUMBERS_APART < ACRONYM_SOUND_CAP < ACRONYM_TRY


def test_one_pair_of_aliases_without_a_clash_is_enough_to_score():
    a = entity("intrusion-set", "APT28", "Fancy Bear")
    b = entity("intrusion-set", "APT29", "Fancy Bear")
    assert not numbers_rule_out(a, b)
    assert verdict(a, b, "intrusion-set").band == "link"


def test_the_coalitions_aliases_outrank_the_numbers():
    """UNC2452 and APT29 are one group to a coalition that lists them: the table of known
    names lifts the pair to a link, so the numbers may not rule it out."""
    known = KnownTables(
        (
            KnownAlias(
                "nobelium", "organization", ("UNC2452", "APT29", "Nobelium"), "vendor reports"
            ),
        )
    )
    a, b = entity("intrusion-set", "UNC2452"), entity("intrusion-set", "APT29")
    assert verdict(a, b, "intrusion-set", DEFAULT_BANDS, known).band == "link"
    assert not numbers_rule_out(a, b, DEFAULT_BANDS, known)
    assert numbers_rule_out(a, b, DEFAULT_BANDS, KnownTables(()))


def test_a_low_review_band_keeps_the_pair():
    """With a review band at 0.3 a pair capped at 0.3 is a review, not a reject."""
    low = Bands(link=0.75, review=0.3)
    a, b = entity("intrusion-set", "APT28"), entity("intrusion-set", "APT29")
    assert not numbers_rule_out(a, b, low)
    assert numbers_rule_out(a, b)


def test_the_index_finds_the_same_links_with_and_without_the_rule(monkeypatch):
    index = NameIndex()
    for i, name in enumerate(["APT28", "APT29", "APT 28", "Fancy Bear", "UNC2452"]):
        index.add(f"intrusion-set--{i}", "intrusion-set", [name])
    with_rule = index.resolve("intrusion-set", ["APT28"], weight_floor=0)
    monkeypatch.setattr("allyhub.fusion.blocking.numbers_rule_out", lambda *_: False)
    without = index.resolve("intrusion-set", ["APT28"], weight_floor=0)
    assert [(i, m.score) for i, m in with_rule] == [(i, m.score) for i, m in without]
    assert {i for i, _ in with_rule} >= {"intrusion-set--0", "intrusion-set--2"}


parts = st.sampled_from(
    [
        "APT",
        "Unit",
        "Brigade",
        "Checkpoint",
        "Fancy",
        "Bear",
        "لواء",
        "бригада",
        "旅",
        "Qasem",
        "Soleimani",
        "28",
        "29",
        "313",
        "٣١٣",
        "2452",
        "(96475)",
        "12",
    ]
)
names = st.lists(parts, min_size=1, max_size=4).map(" ".join)
kinds = st.sampled_from(["person", "organization", "location", "intrusion-set", "campaign"])


@settings(max_examples=300, deadline=None)
@given(
    a=st.lists(names, min_size=1, max_size=2),
    b=st.lists(names, min_size=1, max_size=2),
    kind=kinds,
    country_a=st.sampled_from([None, "IQ", "SY"]),
    country_b=st.sampled_from([None, "IQ", "SY"]),
    review=st.sampled_from([0.2, 0.3, 0.35, 0.5]),
)
def test_a_pair_ruled_out_is_always_one_the_verdict_rejects(
    a, b, kind, country_a, country_b, review
):
    bands = Bands(link=0.75, review=review)
    ea, eb = entity(kind, *a, country=country_a), entity(kind, *b, country=country_b)
    if numbers_rule_out(ea, eb, bands):
        assert verdict(ea, eb, kind, bands).band == "reject"
