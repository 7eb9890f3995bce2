"""Known names: different names of one thing, from a data source with its citation.

Why: many names of one place are translations or conventional exonyms, not
transliterations (France, 法国, فرنسا; Germany, 德国; Syrian Arab Republic, Syria), and
no phonetic key can see that they agree. What cannot be heard has to be known. The
built-in source is the ISO 3166-1 country names and their translations maintained by
Debian's iso-codes project, as the ``pycountry`` package ships them: the name, official
name and common name in English, and their Russian, Arabic, Persian and Chinese
(Simplified and Traditional) translations. Two names filed under one code are the same
country; two names under different codes (Togo and 泰国, Thailand) are not.

``KnownNames`` is the general shape: a table from folded names to an id with its source,
so a charter or a data file can add a coalition's own aliases the same way. The second
built-in source is such a data file (``allyhub/data/fusion_known_names.json``): well-known
organisations (Islamic State, ISIS, Daesh, داعش, ИГИЛ, 伊斯兰国; IAEA, МАГАТЭ,
国际原子能机构) and places (Aleppo, حلب; the Tigris, دجلة, Тигр, 底格里斯河) whose names
in the six languages are different words, each entry citing the Wikipedia article whose
title and lead forms (and those of its Russian, Arabic, Persian and Chinese articles)
give its names. The third is Unicode CLDR's names of territories and of the exemplar
cities of time zones, as babel ships them. ``built_in(table)`` is the table for places
(iso-codes' countries, CLDR's territories and cities, the file's places), for
organisations and groups (the file's organisations) or for persons (none built in).

A coalition lists its own aliases in its charter (``[[aliases]]``, each with a source):
``KnownTables`` files them into the built-in tables, so that what the coalition knows
(Abu Bakr al-Baghdadi is Ibrahim Awad Ibrahim al-Badri; Tanzim is Daesh) is scored and
blocked on exactly like what the hub ships. An alias whose name the hub already knows
joins that thing rather than standing beside it: otherwise Daesh, known to the hub as
the Islamic State and to the coalition as its own entry, would be two things apart.
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from allyhub.fusion._folding import (
    fold_arabic,
    fold_cyrillic,
    fold_latin,
    script_of,
    scripts_of,
    to_simplified,
)
from allyhub.fusion._lexicon import concepts_of

if TYPE_CHECKING:
    from allyhub.charter import KnownAlias

_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
_LOCALES = ("ru", "ar", "fa", "zh_CN", "zh_TW")
ISO_CODES = "iso-codes ISO 3166-1 names and translations, as shipped by pycountry"
KNOWN_NAMES_FILE = "fusion_known_names.json"
"""The data file of well-known organisations and places, in the ``allyhub.data`` package."""
_ARTICLE = re.compile(r"^(?:al|the|аль|ал)[-\s\u2010\u2011'’]+|^ال(?=\w{3})", re.I)
"""A leading article, which writers of organisations' names add or leave out (الناتو /
ناتو, al-Qaeda / Qaeda). Not for places: El Salvador and السلفادور are not Salvador."""

Table = Literal["location", "organization", "person"]
"""Which table a kind of entity is looked up in: places, organisations (and groups: a
threat actor is often filed under an organisation's name), or persons."""

TABLE_OF_KIND: dict[str, Table] = {
    "person": "person",
    "location": "location",
    "organization": "organization",
    "identity": "organization",
    "threat-actor": "organization",
    "intrusion-set": "organization",
    "campaign": "organization",
}


@lru_cache(maxsize=1 << 15)
def fold_name(name: str) -> str:
    """A name folded for look-up: case, accents, Arabic letter forms, Chinese orthography,
    spaces and punctuation removed (Arab Republic of Egypt, الجمهوريّة العربيّة)."""
    if name.isascii():  # most names: no accents, scripts or width forms to fold (1.2 µs, not 8)
        return _PUNCTUATION.sub("", name.lower())
    text = unicodedata.normalize("NFKC", name)
    text = fold_arabic(to_simplified(fold_cyrillic(fold_latin(text))))
    return _PUNCTUATION.sub("", text)


@dataclass(frozen=True, slots=True)
class Known:
    """What a table says of a name: the id of the thing it names and the source."""

    id: str
    source: str


class KnownNames:
    """Names known to denote one thing each: folded name -> id, with the source."""

    def __init__(
        self, entries: Iterable[tuple[str, str, str]] = (), articles: bool = False
    ) -> None:
        """``articles``: file and look names up without a leading article."""
        self._articles = articles
        self._table: dict[str, Known | None] = {}
        self._forms: dict[str, dict[str, str]] = {}
        for name, thing, source in entries:
            self.add(name, thing, source)

    def add(self, name: str, thing: str, source: str) -> None:
        """File a name; a name filed for two different things is ambiguous and dropped."""
        key = _known_key(name) if self._articles else fold_name(name)
        if not key:
            return
        known = self._table.get(key, Known(thing, source))
        self._table[key] = known if known is not None and known.id == thing else None
        self._forms.setdefault(thing, {}).setdefault(key, name)

    def lookup(self, name: str) -> Known | None:
        return self._table.get(_known_key(name) if self._articles else fold_name(name))

    def forms(self, thing: str) -> tuple[str, ...]:
        """The names filed for ``thing`` that denote it alone, one per folded form."""
        return tuple(
            name
            for key, name in self._forms.get(thing, {}).items()
            if (known := self._table.get(key)) is not None and known.id == thing
        )

    def codes(self) -> frozenset[str]:
        """The things the table files names for."""
        return frozenset(self._forms)

    def __len__(self) -> int:
        return sum(1 for known in self._table.values() if known is not None)

    def __bool__(self) -> bool:
        """Whether anything is filed (without counting: scoring asks at every verdict)."""
        return bool(self._table)


@lru_cache(maxsize=1 << 15)
def _known_key(name: str) -> str:
    """A name folded for look-up in a table of known names, without a leading article."""
    return fold_name(_ARTICLE.sub("", name.strip(), count=1)) or fold_name(name)


@lru_cache(maxsize=1)
def countries() -> KnownNames:
    """Country names in the six languages, from iso-codes (loaded on first use)."""
    return KnownNames(_country_entries())


def _country_entries() -> list[tuple[str, str, str]]:
    import pycountry

    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        for locale in _LOCALES
    ]
    entries: list[tuple[str, str, str]] = []
    for country in pycountry.countries:
        code = str(country.alpha_2)
        english = [
            str(getattr(country, field))
            for field in ("name", "official_name", "common_name")
            if getattr(country, field, None)
        ]
        for name in english:
            entries.append((name, code, ISO_CODES))
            for translation in translations:
                translated = translation.gettext(name)
                if translated != name:
                    entries.append((translated, code, ISO_CODES))
    filed: dict[str, set[str]] = {}
    for name, code, _ in entries:
        filed.setdefault(fold_name(name), set()).add(code)
    short = [
        (form, code, ISO_CODES)
        for name, code, _ in entries
        for form in short_forms(name)
        if filed.get(fold_name(form), {code}) == {code}
    ]
    return entries + short


_KIND = frozenset({"FEDERATION", "REPUBLIC", "KINGDOM", "STATE", "UNION"})
"""Kind words of a state's official name (Russian Federation, Российская Федерация)."""


def short_forms(name: str) -> list[str]:
    """The common name inside an official one of two words, a name and a kind word:
    Russian Federation is Russia, Российская Федерация is Россия, روسیه فدرال is روسیه.
    Why: iso-codes files some countries only under such a name in some languages, which
    hides the name writers use: a part of a longer name (Министерство обороны России,
    the Russian Ministry of Defence) then names no country. An adjective gives its
    country (Russian, Российская); a name word in Arabic script only when it comes first,
    as Persian writes a name before its kind (the Arabic الاتحاد الروسي has an adjective
    there)."""
    words = [word for word in re.split(r"[\s,]+", name) if word]
    if len(words) != 2:
        return []
    kinds = [bool(_KIND.intersection(concepts_of(_folded(word)))) for word in words]
    if kinds.count(True) != 1:
        return []
    word = words[kinds.index(False)]
    lower = word.lower()
    if lower.endswith("ian"):
        return [word[:-1]]  # Russian: Russia
    for ending in ("ийская", "ийский", "ийское"):
        if lower.endswith(ending):
            return [word[: -len(ending)] + "ия"]  # Российская: Россия
    if scripts_of(word)[:1] == ("Arabic",) and not kinds[0]:
        return [word]
    return []


def _folded(word: str) -> str:
    """A word folded as the lexicon files its forms."""
    script = scripts_of(word)[:1]
    if script == ("Arabic",):
        return fold_arabic(word)
    if script == ("Cyrillic",):
        return fold_cyrillic(word).lower()
    return fold_latin(word).lower()


def _file_entries(table: Table) -> list[tuple[str, str, str]]:
    """The data file's names for one table: (name, id, source), every language."""
    path = resources.files("allyhub.data").joinpath(KNOWN_NAMES_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        (name, str(entry["id"]), str(entry["source"]))
        for entry in data["entries"]
        if entry["kind"] == table
        for names in entry["names"].values()
        for name in names
    ]


CLDR = "CLDR territory names and exemplar cities of time zones, as shipped by babel"
_CLDR_LOCALES = ("en", "ru", "ar", "fa", "zh_Hans", "zh_Hant")


def _cldr_entries() -> list[tuple[str, str, str]]:
    """Unicode CLDR's names of territories (two-letter codes, the ids iso-codes uses) and
    of the exemplar cities of time zones, in the six languages. A city named as a
    territory (Kuwait, Djibouti) is left to the territory."""
    from babel import Locale

    locales = [Locale.parse(name) for name in _CLDR_LOCALES]
    entries: list[tuple[str, str, str]] = []
    for locale in locales:
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO"):
                entries.append((name, code, CLDR))
    territories = {fold_name(name) for name, _, _ in entries}
    zones = sorted({str(zone) for locale in locales for zone in locale.time_zones})
    for zone in zones:
        if zone.startswith(("Etc/", "Antarctica/")) or "/" not in zone:
            continue
        for locale in locales:
            found = locale.time_zones.get(zone, {}).get("city")
            city = found if isinstance(found, str) else None
            if city is None and locale.language == "en":
                # English names most cities only in the zone id (Asia/Ho_Chi_Minh).
                city = zone.rsplit("/", 1)[-1].replace("_", " ")
            if city and fold_name(city) not in territories:
                entries.append((city, "tz:" + zone, CLDR))
    return entries


def _same_ids(
    entries: list[tuple[str, str, str]], known: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The data file's places under the id iso-codes or CLDR give the same place, when
    its names meet one of theirs and no other (the file's Cairo is CLDR's tz:Africa/Cairo):
    otherwise a name both sources file would be dropped as ambiguous."""
    ids: dict[str, set[str]] = {}
    for name, thing, _ in known:
        ids.setdefault(fold_name(name), set()).add(thing)
    found: dict[str, set[str]] = {}
    for name, thing, _ in entries:
        found.setdefault(thing, set()).update(ids.get(fold_name(name), ()))
    same = {thing: next(iter(other)) for thing, other in found.items() if len(other) == 1}
    return [(name, same.get(thing, thing), source) for name, thing, source in entries]


@lru_cache(maxsize=3)
def _entries(table: Table) -> tuple[tuple[str, str, str], ...]:
    """The built-in (name, id, source) rows of one table."""
    if table == "location":
        cldr = _country_entries() + _cldr_entries()
        return tuple(cldr + _same_ids(_file_entries("location"), cldr))
    if table == "organization":
        return tuple(_file_entries("organization"))
    return ()


@lru_cache(maxsize=3)
def built_in(table: Table) -> KnownNames:
    """The built-in known names of places (iso-codes' countries, CLDR's territories and
    cities, and the data file's places), of organisations (the data file's) or of
    persons (none), loaded on first use."""
    return KnownNames(_entries(table), articles=table == "organization")


class KnownTables:
    """The tables a hub scores and blocks with: the built-in ones, with a coalition's
    aliases filed into them (see the module's docstring). Each table is merged on first
    use. Compared by identity: caches key on the object a hub built once."""

    def __init__(self, aliases: Iterable[KnownAlias] = ()) -> None:
        self.aliases = tuple(aliases)
        self._tables: dict[Table, KnownNames] = {}

    def table(self, table: Table) -> KnownNames:
        found = self._tables.get(table)
        if found is None:
            mine = [alias for alias in self.aliases if alias.kind == table]
            found = _with_aliases(table, mine) if mine else built_in(table)
            self._tables[table] = found
        return found

    def listed(self, aliases: Iterable[KnownAlias] | None = None) -> frozenset[tuple[Table, str]]:
        """(table, id) of the things the coalition's aliases (or these of them) name."""
        return frozenset(
            (alias.kind, known.id)
            for alias in (self.aliases if aliases is None else aliases)
            for name in alias.names
            if (known := self.table(alias.kind).lookup(name)) is not None
        )

    def coalition_keys(self, aliases: Iterable[KnownAlias] | None = None) -> frozenset[str]:
        """The ``K:`` block keys of the things the coalition's aliases (or these of them)
        name."""
        return frozenset(f"K:{table}:{thing}" for table, thing in self.listed(aliases))

    def unfiled(self) -> list[tuple[str, str]]:
        """(alias id, name) of the listed names that denote nothing alone: two entries
        (or two spellings of two entries) fold to one name, which is then dropped as
        ambiguous. The charter refuses a name listed twice as written; this catches the
        rest, for the operator's log."""
        return [
            (alias.id, name)
            for alias in self.aliases
            for name in alias.names
            if self.table(alias.kind).lookup(name) is None
        ]

    def for_kind(self, kind: str) -> tuple[Table, KnownNames] | None:
        """The table a kind of entity (or a family: ``group``) is looked up in."""
        table = TABLE_OF_KIND.get(kind if kind != "group" else "threat-actor")
        return None if table is None else (table, self.table(table))


BUILT_IN = KnownTables()
"""The built-in tables alone: what scoring and blocking use when given no others."""

COALITION = "coalition:"
"""The prefix of the id of a thing only a coalition's aliases name (never a built-in id)."""


def _with_aliases(table: Table, aliases: list[KnownAlias]) -> KnownNames:
    """The built-in table with a coalition's aliases filed in. An alias joins the
    built-in things its names already denote (all of them: the coalition says they are
    one), and its names mean what the coalition says even where the hub's own sources
    file them for something else."""
    articles = table == "organization"
    key = _known_key if articles else fold_name
    built = _entries(table)
    things: dict[str, set[str]] = {}
    for name, thing, _ in built:
        things.setdefault(key(name), set()).add(thing)
    parent: dict[str, str] = {}

    def root(thing: str) -> str:
        while parent.get(thing, thing) != thing:
            thing = parent[thing]
        return thing

    claimed: set[str] = set()
    for alias in aliases:
        own = root(COALITION + alias.id)
        for name in alias.names:
            claimed.add(key(name))
            found = things.get(key(name), set())
            if len(found) == 1:  # a name the hub's sources file for one thing only
                other = root(next(iter(found)))
                if other != own:  # the built-in id names the merged thing
                    parent[own] = other
                    own = other
    rows = [
        (name, root(COALITION + alias.id), alias.source)
        for alias in aliases
        for name in alias.names
    ]
    rows += [
        (name, root(thing), source) for name, thing, source in built if key(name) not in claimed
    ]
    return KnownNames(rows, articles=articles)


@lru_cache(maxsize=1 << 14)
def known_keys(name: str, kind: str, tables: KnownTables = BUILT_IN) -> frozenset[str]:
    """Block keys of a known name: ``K:`` and the id of the thing it names, so that an
    index files Daesh and ИГИЛ under one key although they share no sound."""
    found = tables.for_kind(kind)
    if found is None:
        return frozenset()
    table, names = found
    known = names.lookup(name)
    return frozenset() if known is None else frozenset({f"K:{table}:{known.id}"})


@lru_cache(maxsize=1)
def han_country_names() -> frozenset[str]:
    """iso-codes' country names written in Han characters only: what the lexicon's Han
    segmentation takes as one part (中国 in 中国共产党, not 中 + 国)."""
    return frozenset(
        name
        for code in countries().codes()
        for name in countries().forms(code)
        if all(script_of(char) == "Han" for char in name)
    )
