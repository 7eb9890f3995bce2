"""Scoring: the hard cases of issue 5, explanations, kinds, context and bands."""

import gzip
import json
from datetime import date
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.fusion import Bands, EntityNames, score, scoring
from allyhub.fusion.keys import Reading, name_readings

SOLEIMANI = (
    "卡西姆·蘇雷曼尼",
    "卡西姆·索萊馬尼",
    "卡西姆·苏莱曼尼",
    "Qasem Soleimani",
    "Qassem Suleimani",
    "Касем Сулеймани",
    "قاسم سليماني",
    "قاسم سلیمانی",
)
DAMASCUS = ("Damascus", "大马士革", "Дамаск", "دمشق")

SAME = (
    [
        pytest.param(a, b, "person", id=f"soleimani-{i}-{j}")
        for i, a in enumerate(SOLEIMANI)
        for j, b in enumerate(SOLEIMANI)
        if i < j
    ]
    + [
        pytest.param(a, b, "location", id=f"damascus-{i}-{j}")
        for i, a in enumerate(DAMASCUS)
        for j, b in enumerate(DAMASCUS)
        if i < j
    ]
    + [
        pytest.param("Bashar al-Assad", "巴沙尔·阿萨德", "person", id="bashar-han"),
        pytest.param("Bashar al-Assad", "بشار الأسد", "person", id="bashar-arabic"),
        pytest.param("Hassan Nasrallah", "حسن نصر الله", "person", id="nasrallah-split-word"),
        pytest.param("Hezbollah", "真主党", "organization", id="hezbollah-translated"),
        pytest.param("Hezbollah", "حزب الله", "organization", id="hezbollah-arabic"),
        pytest.param("Kata'ib Hezbollah", "كتائب حزب الله", "organization", id="kataib-arabic"),
    ]
)

DIFFERENT = [
    pytest.param(a, b, "person", id=f"assad-{a.split()[0]}-{b.split()[0]}")
    for i, a in enumerate(("Bashar al-Assad", "Hafez al-Assad", "Maher al-Assad", "Basil al-Assad"))
    for j, b in enumerate(("Bashar al-Assad", "Hafez al-Assad", "Maher al-Assad", "Basil al-Assad"))
    if i < j
] + [
    pytest.param("巴沙尔·阿萨德", "巴塞尔·阿萨德", "person", id="assad-han"),
    pytest.param("بشار الأسد", "باسل الأسد", "person", id="assad-arabic"),
    pytest.param("Hama", "Homs", "location", id="hama-homs"),
    pytest.param("حماة", "حمص", "location", id="hama-homs-arabic"),
    pytest.param("哈马", "霍姆斯", "location", id="hama-homs-han"),
    pytest.param("Hezbollah", "Kata'ib Hezbollah", "organization", id="hezbollah-kataib"),
    pytest.param("真主党", "真主党旅", "organization", id="hezbollah-kataib-han"),
    pytest.param("Naim Qassem", "Qasem Soleimani", "person", id="shared-qasem"),
]


@pytest.mark.parametrize(("a", "b", "kind"), SAME)
def test_score_links_the_same_entity_across_scripts(a, b, kind):
    match = score(a, b, kind)
    assert match.band == "link", match.why


@pytest.mark.parametrize(("a", "b", "kind"), DIFFERENT)
def test_score_does_not_link_hard_negatives(a, b, kind):
    match = score(a, b, kind)
    assert match.band != "link", match.why


def test_score_rejects_different_members_of_one_family():
    match = score("Bashar al-Assad", "Hafez al-Assad", "person")
    assert match.band == "reject"
    assert "unmatched in first: Bashar" in match.why
    assert "unmatched in second: Hafez" in match.why


def test_score_explains_which_parts_matched():
    match = score("卡西姆·蘇雷曼尼", "Qasem Soleimani", "person")
    assert "卡西姆(ka-xi-mu) ~ Qasem(qasem)" in match.why
    assert "蘇雷曼尼(su-lei-man-ni) ~ Soleimani(soleimani)" in match.why
    assert match.names is not None
    assert match.names.unmatched_a == () and match.names.unmatched_b == ()


def test_score_explains_an_unmatched_part():
    # known=None: by the names alone (the table of known names files them apart).
    match = score("Hezbollah", "Kata'ib Hezbollah", "organization", known=None)
    assert "unmatched in second: Kata'ib[BRIGADES]" in match.why


def test_score_never_links_a_person_to_a_place():
    person = EntityNames("person", ("Damascus",))
    place = EntityNames("location", ("Damascus",))
    match = score(person, place)
    assert match.score == 0.0
    assert match.band == "reject"
    assert "kinds differ" in match.why


def test_score_lets_an_identity_match_a_person_or_an_organization():
    assert (
        score(
            EntityNames("identity", ("Hezbollah",)), EntityNames("organization", ("حزب الله",))
        ).band
        == "link"
    )
    assert (
        score(EntityNames("identity", ("Qasem Soleimani",)), ("قاسم سليماني",), "person").band
        == "link"
    )


def test_score_keeps_groups_apart_from_organizations_and_people():
    """Threat actors, intrusion sets and campaigns are groups (issue 14): they link with
    each other, never with an organisation or a person of the same name."""
    actor = EntityNames("threat-actor", ("Kata'ib Hezbollah",))
    assert score(actor, EntityNames("intrusion-set", ("كتائب حزب الله",))).band == "link"
    assert score(actor, EntityNames("organization", ("كتائب حزب الله",))).band == "reject"
    person = EntityNames("person", ("Qasem Soleimani",))
    assert score(EntityNames("threat-actor", ("Qasem Soleimani",)), person).band == "reject"


def test_score_uses_the_best_pair_of_aliases():
    a = EntityNames("person", ("Hajj Qasem", "Qasem Soleimani"))
    b = EntityNames("person", ("قاسم سلیمانی",))
    assert score(a, b).band == "link"


def test_score_context_lowers_for_other_countries_and_disjoint_dates():
    plain = score("Hama", "Hama", "location").score
    other = score(
        EntityNames("location", ("Hama",), country="SY"),
        EntityNames("location", ("Hama",), country="IQ"),
    )
    assert other.score < plain
    assert "countries differ" in other.why
    old = EntityNames("person", ("Hafez al-Assad",), end=date(2000, 6, 10))
    new = EntityNames("person", ("Hafez al-Assad",), start=date(2011, 3, 15))
    assert "dates do not overlap" in score(old, new).why


def test_score_context_raises_for_shared_relationships():
    a = EntityNames("person", ("Maher al-Assad",), related=frozenset({"identity--1"}))
    b = EntityNames("person", ("ماهر الأسد",), related=frozenset({"identity--1"}))
    assert "1 shared relationship(s)" in score(a, b).why


def test_bands_follow_their_thresholds():
    bands = Bands(link=0.9, review=0.5)
    assert bands.band(0.95) == "link"
    assert bands.band(0.7) == "review"
    assert bands.band(0.1) == "reject"
    with pytest.raises(ValueError):
        Bands(link=0.4, review=0.6)


names = st.text(
    alphabet=st.sampled_from(
        list("abdhkmnqrstuy -'") + list("قاسمحزبلهي") + list("卡西姆苏莱曼尼") + list("касемхл")
    ),
    min_size=0,
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(a=names, b=names, kind=st.sampled_from(["person", "organization", "location"]))
def test_score_is_symmetric_and_in_unit_interval(a, b, kind):
    ab, ba = score(a, b, kind), score(b, a, kind)
    assert 0.0 <= ab.score <= 1.0
    assert ab.score == pytest.approx(ba.score)
    assert ab.band == ba.band


def _align_by_units(a: Reading, b: Reading) -> scoring.Aligned:
    """``_align`` as it was written before its loop read the precomputed unit tables of
    ``_Profile``: unit by unit, with a stable sort. The oracle for the fast loop."""
    pa, pb = scoring._profile(a), scoring._profile(b)
    units_a, units_b = pa.units, pb.units
    join_a, join_b = pa.sounded > pb.sounded, pb.sounded > pa.sounded
    candidates: list[tuple[float, int, int, int]] = []
    for i, u in enumerate(units_a):
        joined_u = len(u.tokens) > 1
        if joined_u and not join_a:
            continue
        for j, v in enumerate(units_b):
            if len(v.tokens) > 1 and (joined_u or not join_b):
                continue
            sim = scoring._pair(u.key, v.key)
            if sim > scoring.PAIR_FLOOR:
                candidates.append((sim, len(u.tokens) + len(v.tokens), i, j))
    candidates.sort(key=lambda c: (-c[0], -c[1]))
    mask_a = mask_b = 0
    pairs: list[tuple[int, int, float]] = []
    credit, weakest = 0.0, 1.0
    for sim, _size, i, j in candidates:
        u, v = units_a[i], units_b[j]
        if u.positions & mask_a or v.positions & mask_b:
            continue
        mask_a |= u.positions
        mask_b |= v.positions
        earned = scoring.sharpen(sim)
        credit += earned * (u.weight + v.weight)
        if u.weight + v.weight >= 1.0:
            weakest = min(weakest, earned)
        pairs.append((i, j, sim))
    other_a, other_b = bool(pa.countries & ~mask_a), bool(pb.countries & ~mask_b)
    total = scoring._total(pa, mask_a, not other_b, scoring._covered(pb, mask_b)) + scoring._total(
        pb, mask_b, not other_a, scoring._covered(pa, mask_a)
    )
    value = credit / total * weakest**scoring.WEAKEST_POWER if total > 0 else 0.0
    if not pa.distinctive & mask_a:
        value = min(value, 0.3)
    if pa.numbers & ~mask_a and pb.numbers & ~mask_b:
        value = min(value, 0.3)
    return max(0.0, min(1.0, value)), tuple(pairs), mask_a, mask_b


def test_align_equals_the_unit_by_unit_loop_on_the_evaluation_pairs() -> None:
    """The alignment of every reading pair of 2,000 evaluation rows (all scripts, joined
    parts, numbers, translated words) is what the unit-by-unit loop finds, to the bit."""
    path = resources.files("allyhub.data").joinpath("fusion_eval.jsonl.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][::10][:2000]
    compared = 0
    for row in rows:
        for ra in name_readings(row["a"], row["kind"]):
            for rb in name_readings(row["b"], row["kind"]):
                for x, y in ((ra, rb), (rb, ra)):
                    assert scoring._align.__wrapped__(x, y) == _align_by_units(x, y), (x, y)
                    compared += 1
    assert compared > 4000
