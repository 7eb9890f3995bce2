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
so a charter or a data file can add a coalition's own aliases the same way.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from allyhub.fusion._folding import fold_arabic, fold_cyrillic, fold_latin, to_simplified

_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
_LOCALES = ("ru", "ar", "fa", "zh_CN", "zh_TW")
ISO_CODES = "iso-codes ISO 3166-1 names and translations, as shipped by pycountry"


@lru_cache(maxsize=1 << 15)
def fold_name(name: str) -> str:
    """A name folded for look-up: case, accents, Arabic letter forms, Chinese orthography,
    spaces and punctuation removed (Arab Republic of Egypt, الجمهوريّة العربيّة)."""
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

    def __init__(self, entries: Iterable[tuple[str, str, str]] = ()) -> None:
        self._table: dict[str, Known | None] = {}
        self._forms: dict[str, dict[str, str]] = {}
        for name, thing, source in entries:
            self.add(name, thing, source)

    def add(self, name: str, thing: str, source: str) -> None:
        """File a name; a name filed for two different things is ambiguous and dropped."""
        key = fold_name(name)
        if not key:
            return
        known = self._table.get(key, Known(thing, source))
        self._table[key] = known if known is not None and known.id == thing else None
        self._forms.setdefault(thing, {}).setdefault(key, name)

    def lookup(self, name: str) -> Known | None:
        return self._table.get(fold_name(name))

    def forms(self, thing: str) -> tuple[str, ...]:
        """The names filed for ``thing`` that denote it alone, one per folded form."""
        return tuple(
            name
            for key, name in self._forms.get(thing, {}).items()
            if (known := self._table.get(key)) is not None and known.id == thing
        )

    def __len__(self) -> int:
        return sum(1 for known in self._table.values() if known is not None)


@lru_cache(maxsize=1)
def countries() -> KnownNames:
    """Country names in the six languages, from iso-codes (loaded on first use)."""
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
    return KnownNames(entries)
