"""Known names (issue 14, item 5): the data file of well-known organisations and places
whose names differ by language, how scoring uses it, and how blocking finds it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from allyhub.fusion import NameIndex, countries, score
from allyhub.fusion._folding import scripts_of
from allyhub.fusion._gazetteer import KNOWN_NAMES_FILE, built_in, known_keys, short_forms
from allyhub.fusion.keys import name_readings

LANGUAGE_SCRIPT = {"en": "Latin", "ru": "Cyrillic", "ar": "Arabic", "fa": "Arabic", "zh": "Han"}


def _entries() -> list[dict[str, object]]:
    path = resources.files("allyhub.data").joinpath(KNOWN_NAMES_FILE)
    entries: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))["entries"]
    return entries


LINKED = [
    pytest.param("Daesh", "ИГИЛ", "organization", id="isis-alias-to-acronym"),
    pytest.param("داعش", "伊斯兰国", "organization", id="isis-arabic-to-han"),
    pytest.param("ISIL", "Islamic State", "organization", id="isis-acronym-latin"),
    pytest.param("EU", "欧盟", "organization", id="eu-acronym-to-han"),
    pytest.param("ЕС", "الاتحاد الأوروبي", "organization", id="eu-ru-ar"),
    pytest.param("IAEA", "МАГАТЭ", "organization", id="acronym-of-acronym"),
    pytest.param("IRGC", "سپاه پاسداران", "threat-actor", id="irgc-group-fa"),
    pytest.param("Houthis", "أنصار الله", "organization", id="houthis-ansar-allah"),
    pytest.param("PKK", "库尔德工人党", "organization", id="pkk-han"),
    pytest.param("Al Jazeera", "半岛电视台", "organization", id="broadcaster-translated"),
    pytest.param("الناتو", "北约", "organization", id="article-left-out"),
    pytest.param("Pentagon", "五角大楼", "organization", id="translated-nickname"),
    pytest.param("G7", "Большая семёрка", "organization", id="number-in-a-name"),
    pytest.param("Cairo", "القاهرة", "location", id="exonym-cairo"),
    pytest.param("Tigris", "دجلة", "location", id="river-tigris"),
    pytest.param("Jerusalem", "القدس", "location", id="exonym-jerusalem"),
    pytest.param("Germany", "آلمان", "location", id="country-still-known"),
    pytest.param("Сирия", "Syrian Arab Republic", "location", id="short-of-official-inflected"),
    pytest.param("Peru", "بيرو", "location", id="known-form-with-article"),
    pytest.param("Malta", "馬爾他", "location", id="known-form-other-characters"),
]

APART = [
    pytest.param("Hezbollah", "Kata'ib Hezbollah", "organization", id="shared-name"),
    pytest.param("IRGC", "Quds Force", "organization", id="corps-and-its-force"),
    pytest.param("WHO", "Корпус стражей исламской революции", "organization", id="no-acronym"),
    pytest.param("WHO", "WTO", "organization", id="acronyms-one-letter-apart"),
    pytest.param("Gaza Strip", "West Bank", "location", id="two-territories"),
    pytest.param("Red Sea", "Dead Sea", "location", id="two-seas"),
    pytest.param("Tigris", "Euphrates", "location", id="two-rivers"),
]

ALIKE = [
    # A known country against a name the table does not know (iso-codes' countries alone:
    # the built-in table knows these cities from CLDR), alike in its own script letter for
    # letter only in part: Anadyr (أندير) is not Andorra (أندورا), Colombo not Colombia,
    # and Han forms compare syllable by syllable: 古巴 gu-ba is not 库亚巴 ku-ya-ba.
    pytest.param("Andorra", "أندير", "location", id="country-and-a-city-arabic"),
    pytest.param("Colombia", "Коломбо", "location", id="country-and-a-city-cyrillic"),
    pytest.param("Куба", "库亚巴", "location", id="country-and-a-city-han"),
]


@pytest.mark.parametrize(("a", "b", "kind"), LINKED)
def test_known_names_of_one_thing_link(a: str, b: str, kind: str) -> None:
    match = score(a, b, kind)  # type: ignore[arg-type]
    assert match.band == "link", match.why
    assert score(b, a, kind).score == match.score  # type: ignore[arg-type]


@pytest.mark.parametrize(("a", "b", "kind"), APART)
def test_known_names_of_two_things_do_not_link(a: str, b: str, kind: str) -> None:
    match = score(a, b, kind)  # type: ignore[arg-type]
    assert match.band == "reject", match.why


@pytest.mark.parametrize(("a", "b", "kind"), ALIKE)
def test_a_known_name_and_an_unknown_one_alike_in_part_do_not_link(
    a: str, b: str, kind: str
) -> None:
    match = score(a, b, kind, known=countries())  # type: ignore[arg-type]
    assert match.band != "link" and "its known form" in match.why, match.why
    assert score(a, b, kind, known=None).band == "link"  # type: ignore[arg-type]
    assert score(a, b, kind).band == "reject"  # type: ignore[arg-type]


def test_a_known_forms_abbreviations_are_written_out_before_letters_are_compared() -> None:
    # iso-codes files Saint Kitts and Nevis; CLDR writes St. Kitts & Nevis.
    table = countries()
    assert table.lookup("St. Kitts & Nevis") is None
    assert score("St. Kitts & Nevis", "Сент-Китс и Невис", "location", known=table).band == "link"


def test_known_names_explain_the_entry_and_its_source() -> None:
    match = score("Daesh", "ИГИЛ", "organization")
    assert "known names of islamic-state (wikipedia:Islamic_State)" in match.why
    apart = score("Hezbollah", "Kata'ib Hezbollah", "organization").why
    assert "wikipedia:Hezbollah" in apart and "wikipedia:Kata'ib_Hezbollah" in apart


def test_known_names_are_not_used_without_the_table_or_for_people() -> None:
    assert score("Daesh", "ИГИЛ", "organization", known=None).band != "link"
    assert score("Cairo", "القاهرة", "person").band != "link"


def test_an_unknown_form_close_to_a_known_form_in_its_script_links() -> None:
    # "Hizbullah al-Lubnani" is not in the table; it is close to a Latin form of Hezbollah
    # that is, and 真主党 is another form of the same entry.
    assert score("Hizbollah", "真主党", "organization").band == "link"


@pytest.mark.parametrize(
    ("query", "filed"),
    [
        pytest.param("داعش", "Islamic State", id="alias"),
        pytest.param("МАГАТЭ", "International Atomic Energy Agency", id="acronym"),
        pytest.param("القاهرة", "Cairo", id="exonym"),
    ],
)
def test_index_files_known_names_under_their_thing(query: str, filed: str) -> None:
    kind = "location" if filed == "Cairo" else "organization"
    index = NameIndex()
    index.add_many(
        [
            ("x--known", kind, [filed]),
            ("x--other", kind, ["Islamic Jihad"]),
            ("x--third", kind, ["Kairouan"]),
        ]
    )
    assert [c.entity_id for c in index.candidates(kind, [query])][:1] == ["x--known"]  # type: ignore[arg-type]
    resolved = index.resolve(kind, [query])  # type: ignore[arg-type]
    assert resolved and resolved[0][0] == "x--known" and resolved[0][1].band == "link"
    assert known_keys(query, kind) == known_keys(filed, kind) != frozenset()


def test_data_file_entries_have_a_source_and_names_in_every_language() -> None:
    entries = _entries()
    assert len(entries) >= 100
    for entry in entries:
        assert str(entry["source"]).startswith("wikipedia:"), entry["id"]
        assert entry["kind"] in ("organization", "location"), entry["id"]
        names = entry["names"]
        assert isinstance(names, dict) and set(names) == set(LANGUAGE_SCRIPT), entry["id"]
        for language, forms in names.items():
            assert forms, (entry["id"], language)
            for form in forms:
                assert scripts_of(form) == (LANGUAGE_SCRIPT[language],), (entry["id"], form)


def test_every_name_of_the_data_file_denotes_its_entry_alone() -> None:
    # A name filed for two things would be dropped as ambiguous: the file must have none.
    # A place CLDR knows as well is filed under CLDR's id (Cairo is tz:Africa/Cairo).
    for entry in _entries():
        table = built_in(entry["kind"])  # type: ignore[arg-type]
        names = entry["names"]
        assert isinstance(names, dict)
        ids = {
            getattr(table.lookup(form), "id", None) for forms in names.values() for form in forms
        }
        assert len(ids) == 1 and None not in ids, (entry["id"], ids)


def test_cldr_cities_and_territories_are_known_places() -> None:
    # Translated and Taiwan forms no sound gives: Vientiane is 永珍, Sydney 雪梨.
    assert score("Vientiane", "永珍", "location").band == "link"
    assert "CLDR" in score("Sydney", "雪梨", "location").why
    # A country and a city that sound alike are two known places.
    assert score("Andorra", "آنادیر", "location").band == "reject"
    assert built_in("location").lookup("Cairo") == built_in("location").lookup("القاهرة")


def test_a_short_form_contained_in_a_known_long_form_links() -> None:
    # iso-codes files only the long Russian form: Сирия is found in Сирийская Арабская Республика.
    match = score("Syrian Arab Republic", "Сирия", "location", known=countries())
    assert match.band == "link", match.why


@pytest.mark.parametrize(
    ("whole", "half"),
    [("Antigua and Barbuda", "Антигуа"), ("Trinidad and Tobago", "Тринидад")],
)
def test_one_half_of_a_known_name_that_joins_two_is_another_place(whole: str, half: str) -> None:
    """The island of Antigua is not Antigua and Barbuda, though its name is contained."""
    match = score(whole, half, "location", known=countries())
    assert match.band != "link", match.why


def test_a_countrys_common_name_is_read_out_of_its_official_name() -> None:
    """iso-codes files Russia only as Russian Federation (Российская Федерация, روسیه
    فدرال): the common name inside it is filed too, so that России in a longer name names
    the country."""
    for name in ("Russia", "Россия", "روسیه"):
        known = countries().lookup(name)
        assert known is not None and known.id == "RU", name
    parts = name_readings("Министерство обороны России", "organization")[0]
    assert [t.place for t in parts] == ["", "", "RU"]
    match = score("Russian Ministry of Defence", "俄罗斯联邦国防部", "organization", known=None)
    assert match.band == "link", match.why


def test_no_common_name_from_an_adjective_after_its_kind_word_or_one_filed_elsewhere() -> None:
    # الاتحاد الروسي: the Arabic word after the kind word is an adjective (Russian), not a name.
    assert short_forms("الاتّحاد الرّوسي") == []
    assert short_forms("Czech Republic") == []  # Czech is no country's name
    # A derived form another country's name already has is not filed for this one.
    turkmen = countries().lookup("Turkmenistan")
    assert turkmen is not None and turkmen.id == "TM"
