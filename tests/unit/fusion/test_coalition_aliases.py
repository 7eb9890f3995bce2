"""A coalition's own aliases (issue 14, item 5): names a charter lists as one person,
organisation or place, each with its source, scored and blocked on like the hub's
built-in known names, and joined with them where they meet."""

from __future__ import annotations

import pytest

from allyhub.charter import KnownAlias
from allyhub.fusion import KnownTables, NameIndex, score
from allyhub.fusion._gazetteer import COALITION, built_in, known_keys
from allyhub.fusion.scoring import listed_keys

BAGHDADI = KnownAlias(
    "al-baghdadi",
    "person",
    ("Abu Bakr al-Baghdadi", "Ibrahim Awad Ibrahim al-Badri", "أبو بكر البغدادي"),
    "https://en.wikipedia.org/wiki/Abu_Bakr_al-Baghdadi",
)
ANBARI = KnownAlias(
    "al-anbari",
    "person",
    ("Abu Ali al-Anbari", "Abd al-Rahman Mustafa al-Qaduli"),
    "https://en.wikipedia.org/wiki/Abu_Ali_al-Anbari",
)
TANZIM = KnownAlias("tanzim", "organization", ("Tanzim al-Dawla", "Daesh"), "liaison note 12")
TABLES = KnownTables([BAGHDADI, ANBARI, TANZIM])


def test_names_nothing_links_by_sound_link_once_the_coalition_lists_them() -> None:
    pair = ("Ibrahim Awad Ibrahim al-Badri", "Abu Bakr al-Baghdadi")
    assert score(*pair, "person").band == "reject"
    match = score(*pair, "person", known=TABLES)
    assert match.band == "link"
    assert "known names of coalition:al-baghdadi" in match.why
    assert BAGHDADI.source in match.why  # the explanation cites where it is known from


def test_a_persons_form_in_another_script_is_found_by_sound() -> None:
    """The charter lists no Russian form: the Russian name sounds like a listed Latin one,
    so it is the same person as every other listed name."""
    match = score("Ibrahim Awad Ibrahim al-Badri", "Абу Бакр аль-Багдади", "person", known=TABLES)
    assert match.band == "link"
    assert "its known form 'Abu Bakr al-Baghdadi'" in match.why
    # a name like none of the forms is not raised
    other = score("Ibrahim Awad Ibrahim al-Badri", "Абу Бакр аль-Кураши", "person", known=TABLES)
    assert other.band == "reject"


def test_two_listed_persons_are_kept_apart() -> None:
    """Abu Ali and Abu Bakr share a kunya's first word: listed as two people they stay two,
    whatever their names share."""
    match = score("Abu Ali al-Anbari", "Abu Bakr al-Baghdadi", "person", known=TABLES)
    assert match.band == "reject"
    assert "'Abu Ali al-Anbari' is a known name of coalition:al-anbari" in match.why


def test_an_alias_of_a_thing_the_hub_knows_joins_it() -> None:
    """Daesh is in the hub's built-in table as the Islamic State: the coalition's Tanzim
    al-Dawla, listed with Daesh, is then every built-in name of it too."""
    islamic_state = built_in("organization").lookup("ИГИЛ")
    assert islamic_state is not None
    table = TABLES.table("organization")
    tanzim, isil = table.lookup("Tanzim al-Dawla"), table.lookup("ИГИЛ")
    assert tanzim is not None and isil is not None
    assert tanzim.id == isil.id == islamic_state.id
    assert (tanzim.source, isil.source) == (TANZIM.source, islamic_state.source)
    match = score("Tanzim al-Dawla", "伊斯兰国", "organization", known=TABLES)
    assert match.band == "link"
    assert TANZIM.source in match.why
    assert score("Tanzim al-Dawla", "Hezbollah", "organization", known=TABLES).band == "reject"
    # the built-in table itself is untouched
    assert built_in("organization").lookup("Tanzim al-Dawla") is None


def test_an_alias_joins_two_things_the_hub_keeps_apart() -> None:
    """The coalition's word wins: a listing that names two built-in things makes them one."""
    tables = KnownTables([KnownAlias("one", "location", ("Aleppo", "Cairo"), "test")])
    assert score("Aleppo", "القاهرة", "location").band == "reject"
    assert score("Aleppo", "القاهرة", "location", known=tables).band == "link"


def test_a_coalition_name_means_what_the_coalition_says() -> None:
    """Hong Kong is both a territory and a city of CLDR's, so the built-in table drops it
    as ambiguous; a coalition that lists it with another name gives it one meaning."""
    assert built_in("location").lookup("Hong Kong") is None
    tables = KnownTables([KnownAlias("hk", "location", ("Hong Kong", "Xianggang"), "t")])
    found = tables.table("location").lookup("Hong Kong")
    assert found is not None and found.id == COALITION + "hk"
    assert tables.table("location").lookup("Xianggang") == found


@pytest.mark.parametrize("kind", ["threat-actor", "intrusion-set", "organization"])
def test_block_keys_file_a_listed_group_under_its_thing(kind: str) -> None:
    keys = known_keys("Tanzim al-Dawla", kind, TABLES)
    assert keys and keys == known_keys("داعش", kind, TABLES)
    assert known_keys("Tanzim al-Dawla", kind) == frozenset()  # built-in: unknown


def test_the_index_finds_an_alias_that_shares_no_sound() -> None:
    index = NameIndex(known=TABLES)
    index.add("a", "person", ["Abu Bakr al-Baghdadi"])
    index.add("b", "person", ["Hafez al-Assad"])
    found = index.resolve("person", ["Ibrahim Awad Ibrahim al-Badri"])
    assert [entity for entity, match in found if match.band == "link"] == ["a"]
    plain = NameIndex()
    plain.add("a", "person", ["Abu Bakr al-Baghdadi"])
    assert plain.resolve("person", ["Ibrahim Awad Ibrahim al-Badri"]) == []


def test_the_index_finds_a_form_the_charter_does_not_list() -> None:
    """A Russian report of al-Baghdadi: the charter lists no Russian form, and the name
    shares no sound with the one report filed (under the birth name). It is filed under
    the listed person's key because it sounds like a listed form, so each is the other's
    candidate, in both orders of arrival."""
    for first, second in (
        ("Ibrahim Awad Ibrahim al-Badri", "Абу Бакр аль-Багдади"),
        ("Абу Бакр аль-Багдади", "Ibrahim Awad Ibrahim al-Badri"),
    ):
        index = NameIndex(known=TABLES)
        index.add("a", "person", [first])
        index.add("b", "person", ["Абу Али аль-Анбари"])
        found = index.resolve("person", [second])
        assert [entity for entity, match in found if match.band == "link"] == ["a"]
    assert listed_keys("Абу Бакр аль-Багдади", "person", TABLES) == known_keys(
        "Abu Bakr al-Baghdadi", "person", TABLES
    )
    assert listed_keys("Абу Бакр аль-Кураши", "person", TABLES) == frozenset()
    assert listed_keys("Абу Бакр аль-Багдади", "person", KnownTables()) == frozenset()


def test_without_aliases_the_built_in_tables_are_used_as_they_are() -> None:
    empty = KnownTables()
    assert empty.table("location") is built_in("location")
    assert empty.table("person") is built_in("person")
    assert len(built_in("person")) == 0
    assert all(
        not known.id.startswith(COALITION)
        for known in (empty.table("organization").lookup("Daesh"),)
        if known is not None
    )


def test_a_name_two_entries_share_once_folded_is_reported() -> None:
    """al-Qaeda and al Qaeda are one name to the tables: listed for two entries it denotes
    neither, and the tables say so (the worker logs it) instead of dropping it silently."""
    tables = KnownTables(
        [
            KnownAlias("one", "organization", ("al-Qaeda in Iraq", "Tanzim Qaidat"), "t"),
            KnownAlias("two", "organization", ("Tanzim-Qaidat", "Jama'at"), "t"),
        ]
    )
    assert tables.unfiled() == [("one", "Tanzim Qaidat"), ("two", "Tanzim-Qaidat")]
    assert TABLES.unfiled() == []
