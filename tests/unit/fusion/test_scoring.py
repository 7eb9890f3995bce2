"""Scoring: the hard cases of issue 5, explanations, kinds, context and bands."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.fusion import Bands, EntityNames, score

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
