"""Name keys: every comparison form of one name, computed once and kept with the original.

Why: resolution compares names written in different scripts, orthographies and orders.
``name_keys`` reduces one name to what can be compared (folded forms, a romanization per
word, a phoneme sequence, a consonant skeleton, concepts for translated words) and to the
block keys that find candidates. It never picks one canonical spelling: the original,
its folded forms and every reading stay in the keys, and an entity keeps all its names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from typing import Literal, get_args

from allyhub.fusion import _lexicon, _romanize
from allyhub.fusion._folding import (
    fold_arabic,
    fold_cyrillic,
    fold_latin,
    script_labels,
    scripts_of,
    to_simplified,
)
from allyhub.fusion._gazetteer import countries, han_country_names, known_keys
from allyhub.fusion._phonemes import BIT, coarse, describe

Kind = Literal[
    "person",
    "organization",
    "location",
    "malware",
    "infrastructure",
    "campaign",
    "intrusion-set",
    "threat-actor",
    "identity",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

Role = Literal["name", "patronymic", "concept", "generic", "particle", "number"]

MAX_READINGS = 4
_DIGITS = re.compile(r"\d+|\D+")
_SEPARATORS = re.compile(r"[\s·・•‧∙,;:/\\()\[\]{}\"«»“”„_–—.（）、，：；،؛]+")
_PLACE_COMMA = re.compile(r"\s*[,،，]\s*")
"""A place written with the place it lies in after a comma (Marengo, Indiana; مارنگو،
ایندیانا): what follows is a qualifier."""
_CLASSICAL_ENDINGS = ("us", "os")
_LABIAL_FRICATIVES = BIT["F"] | BIT["V"] | BIT["W"]
_ABBREVIATIONS = (
    (re.compile(r"\bо-ва\b"), "острова"),
    (re.compile(r"\bо-в\b"), "остров"),
    (re.compile("&"), " and "),
)
_RUSSIAN_ADJECTIVE = tuple(
    "ского ской ские ский ская ское ских скую ском овые овый овая овое овы".split()
)
_RUSSIAN_CASE_ENDINGS = tuple("ого ой ая ое ый ий ии ию ей ам ах ы а у".split())
_EITHER = frozenset({"identity", "threat-actor"})
_PERSON_LIKE = frozenset({"person", "threat-actor", "identity"})


def _titles() -> frozenset[str]:
    """Our honorifics, and the one-word person-name prefixes rigour lists (Admiral,
    Ambassador, Doctor, Herr...), folded, when the optional `icu` extra brings rigour."""
    words = {fold_arabic(title) for title in _lexicon.TITLES}
    try:
        from rigour._core import person_name_prefixes_list
    except ImportError:
        return frozenset(words)
    for prefix in person_name_prefixes_list():
        folded = fold_latin(prefix).strip(".")
        if folded.isalpha() and len(folded) > 2:
            words.add(folded)
    return frozenset(words)


_TITLES = _titles()


@dataclass(frozen=True, slots=True)
class NameToken:
    """One part of a name as the scorer sees it.

    ``source`` is the part as written; ``text`` its romanization; ``phon`` the phoneme
    symbols (see ``_phonemes``); ``skeleton`` the consonant classes with vowels dropped;
    ``concept`` is set for translated words (PARTY, SOUTH, ...); ``faint`` marks a part
    written without short vowels (Arabic script); ``script`` is the part's writing system;
    ``stem`` the phonemes without an adjective or demonym ending (Syrian, السورية,
    сирийская: Syria), which the scorer also tries. A ``number`` part (the 28 of APT28)
    matches only the same number.
    """

    source: str
    text: str
    phon: tuple[int, ...]
    skeleton: str
    role: Role
    concept: str | None = None
    faint: bool = False
    script: str = ""
    stem: tuple[int, ...] = ()
    country: bool = False
    """The part is the name of a country (Iraq, 黎巴嫩): a qualifier that a short form
    may leave out (Hezbollah, 黎巴嫩真主党), unless the other name names another country."""
    place: str = ""
    """The country's code when iso-codes knows the part as a country's name: two parts
    that name one country agree whatever they sound like (China, Китай, 中国), two that
    name two countries do not (Iraq, Iran)."""
    _hash: int = field(default=0, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Readings (tuples of parts) key the scorer's caches: hash each part once.
        fields = (self.source, self.text, self.phon, self.skeleton, self.role, self.concept)
        more = (self.faint, self.script, self.stem, self.country, self.place)
        object.__setattr__(self, "_hash", hash((*fields, *more)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def weight(self) -> float:
        """How much the part counts when it finds no counterpart."""
        return _ROLE_WEIGHT[self.role]

    def show(self) -> str:
        """The part for an explanation: as written, with its reading when that differs."""
        if self.concept is not None:
            return f"{self.source}[{self.concept}]"
        reading = self.text or describe(self.phon)
        return self.source if reading == self.source else f"{self.source}({reading})"


_ROLE_WEIGHT: dict[Role, float] = {
    "name": 1.0,
    "concept": 0.8,
    "patronymic": 0.25,
    "generic": 0.2,
    "particle": 0.1,
    "number": 1.0,
}

Reading = tuple[NameToken, ...]


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Every comparison form of one name (see the module docstring)."""

    original: str
    kind: Kind
    scripts: tuple[str, ...]
    """Script labels: Latin, Cyrillic, Arabic, Persian, Hans, Hant, Other."""
    folded: tuple[str, ...]
    """The name folded per script (Simplified Chinese, Arabic letters, lower-case Latin)."""
    romanizations: tuple[str, ...]
    """One romanization per reading, words separated by spaces."""
    readings: tuple[Reading, ...]
    """Ways to split the name into parts; the first is the plain phonetic one."""
    block_keys: frozenset[str]

    @property
    def tokens(self) -> Reading:
        """The parts of the first reading."""
        return self.readings[0] if self.readings else ()

    @property
    def skeletons(self) -> tuple[str, ...]:
        """Consonant skeletons of the first reading's name parts."""
        return tuple(t.skeleton for t in self.tokens if t.skeleton)


def _reorder(text: str) -> str:
    """'Putin, Vladimir' (catalogue order, as in Russian article titles) to natural order."""
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if family and given and " " not in family.strip():
            return f"{given} {family}"
    return text


_ARABIC_COMPOUND_HEAD = "عبد"
_ARABIC_COMPOUND_TAILS = frozenset({"الدين", "الدین"})


def _join_compounds(words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Compound given names written as one word or two (عبد الملك / عبدالملک, Abd al-Malik;
    بدر الدين / بدرالدین, Badr al-Din) are read as one word, as Persian and often Arabic
    write them: either spelling then finds the other whole, and a romanization joined or
    hyphenated (Abdulmalik, Abdul-Malik) finds it through joined parts."""
    out: list[tuple[str, bool]] = []
    joining = False
    for word, hyphen in words:
        if out and (
            joining
            or (out[-1][0] == _ARABIC_COMPOUND_HEAD and word.startswith("ال"))
            or (word in _ARABIC_COMPOUND_TAILS and scripts_of(out[-1][0])[:1] == ("Arabic",))
        ):
            out[-1] = (out[-1][0] + word, hyphen)
            joining = False
        elif out and _romanized_abd_article(out[-1][0], word):
            out[-1] = (out[-1][0] + word, hyphen)
            joining = True
        else:
            out.append((word, hyphen))
    return out


def _romanized_abd_article(previous: str, word: str) -> bool:
    """Abd al-Aziz, Abd ar-Rahman, Абд аль-Азиз: the romanized compound written as three
    words (the Library of Congress and EI² spell the article apart) is one word, like
    Abdul Aziz joined and عبدالعزيز, so the article does not leave Abd alone."""
    folded = fold_latin(previous) if scripts_of(previous)[:1] == ("Latin",) else previous.lower()
    article = word.lower()
    return folded in ("abd", "абд") and (
        article in _lexicon.ARTICLES_LATIN | _lexicon.SUN_ARTICLES_LATIN
        or article in _lexicon.ARTICLES_CYRILLIC | _lexicon.SUN_ARTICLES_CYRILLIC
    )


def _words(text: str) -> list[tuple[str, bool]]:
    """Split into words; the flag says the word was joined to the next by a hyphen."""
    out: list[tuple[str, bool]] = []
    for chunk in _SEPARATORS.split(text):
        if not chunk:
            continue
        pieces = [p for p in re.split(r"[-‐‑]", chunk) if p]
        for index, piece in enumerate(pieces):
            # APT28 is APT and 28: the number is a part of its own, matched exactly.
            runs = _DIGITS.findall(piece) if any(c.isdigit() for c in piece) else [piece]
            for run_index, run in enumerate(runs):
                last = run_index == len(runs) - 1
                out.append((run, index < len(pieces) - 1 if last else False))
    return _join_compounds(out)


def _token(
    source: str,
    text: str,
    phon: tuple[int, ...],
    role: Role,
    faint: bool,
    script: str,
    stem: tuple[int, ...] = (),
) -> NameToken:
    return NameToken(
        source=source,
        text=text,
        phon=phon,
        skeleton="".join(coarse(sym) for sym in phon),
        role=role,
        faint=faint,
        script=script,
        stem=stem if stem != phon else (),
    )


_LATIN_DEMONYM = ("ian", "ean", "an", "ese", "i", "ish")
_ARABIC_NISBA = ("يه", "ي")
_RUSSIAN_ADJECTIVE_STEM = ("ийск", "ск")
_RUSSIAN_ADJECTIVE_INFLECTIONS = frozenset("ий ый ая ое ой ые их ом ую ого".split())


def _latin_stem(word: str) -> tuple[int, ...]:
    """Syrian, Iranian, Lebanese, Iraqi without the ending that makes them adjectives."""
    for ending in _LATIN_DEMONYM:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return _romanize.latin(word[: -len(ending)])[1]
    return ()


def _arabic_stem(word: str) -> tuple[int, ...]:
    """السورية, الروسية, إيراني without the nisba ending (-iyya, -i): Syria, Russia, Iran."""
    folded = fold_arabic(word)
    for ending in _ARABIC_NISBA:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            return _romanize.arabic(folded[: -len(ending)])[1]
    return ()


def _russian_stem(word: str) -> tuple[int, ...]:
    """сирийская, российской, иранского: the stem before the adjective suffix and ending."""
    for ending in _RUSSIAN_ADJECTIVE:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)] if len(ending) > 3 else word[: -len(ending)]
            break
    else:
        for ending in _RUSSIAN_CASE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                base = word[: -len(ending)]
                break
        else:
            return ()
    for suffix in _RUSSIAN_ADJECTIVE_STEM:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            base = base[: -len(suffix)]
            break
    return _romanize.cyrillic(base.rstrip("о"))[1]


def _lexical(concepts: tuple[str, ...], personal: bool) -> tuple[str, ...]:
    """Concepts that apply to a kind: in a person's name only particles (bin, of) do;
    الله in نصر الله is a name part, not the word God."""
    if personal:
        return tuple(c for c in concepts if c in ("SON", "OF"))
    return concepts


def _concept_role(concept: str) -> Role:
    if concept in ("SON", "OF"):
        return "particle"
    return "generic" if concept in _lexicon.GENERIC else "concept"


def _concepts(source: str, concepts: tuple[str, ...], script: str = "") -> list[NameToken]:
    """Parts for translated words. Each keeps the sound of the word as written in ``stem``,
    so that a name written as a word of the lexicon in one language (فارس, Persian, is the
    name Fars) can still meet its transliteration in another."""
    sound = _sound(source, script)
    return [
        NameToken(
            source=source,
            text=concept.lower(),
            phon=(),
            skeleton="",
            role=_concept_role(concept),
            concept=concept,
            script=script,
            stem=sound if len(concepts) == 1 else (),
        )
        for concept in concepts
    ]


def _sound(source: str, script: str) -> tuple[int, ...]:
    if script == "Arabic":
        return _romanize.arabic(source)[1]
    if script == "Cyrillic":
        return _romanize.cyrillic(fold_cyrillic(source))[1]
    if script == "Latin":
        return _romanize.latin(source)[1]
    if script == "Han":
        return _romanize.han(source)[1]
    return ()


@lru_cache(maxsize=1 << 15)
def _word_readings(
    word: str, hyphened: bool, personal: bool, first: bool, short: bool
) -> tuple[tuple[NameToken, ...], ...]:
    """The readings of one word, cached: words recur across many names."""
    return tuple(tuple(r) for r in _alternatives(word, hyphened, personal, first, short))


def _alternatives(
    word: str, hyphened: bool, personal: bool, first: bool, short: bool
) -> list[list[NameToken]]:
    """The readings of one word: each a list of parts (possibly empty: dropped).

    In a short name (one or two words) a lexicon word is also read as a plain name:
    الجزائر is "the islands" and the name of Algeria.
    """
    if word.isdigit():
        return [[NameToken(word, word, (), "", "number", script="Number")]]
    script = scripts_of(word)[:1]
    label = script[0] if script else "Other"
    if label == "Han":
        return _han_alternatives(word, personal, first)
    if label == "Arabic":
        folded = fold_arabic(word)
        if personal and (folded in _TITLES or folded[:2] == "ال" and folded[2:] in _TITLES):
            return [[]]  # الشيخ نعيم قاسم: a title takes the article as a noun does
        concepts = _lexical(_lexicon.concepts_of(folded), personal)
        with_article: list[NameToken] = []
        if not concepts and folded.startswith("ال") and len(folded) > 3:
            stripped = folded[2:]
            concepts = _lexical(_lexicon.concepts_of(stripped), personal)
            if not concepts and fold_arabic(word[:2]) == "ال":
                # The article, or the first letters of a name (ألبانيا, Albania): both.
                text, phon = _romanize.arabic(word)
                with_article = [_token(word, text, phon, "name", True, "Arabic")]
                word = word[2:]
        text, phon = _romanize.arabic(word)
        stem = () if personal else _arabic_stem(word)
        plain = [_token(word, text, phon, "name", True, "Arabic", stem)]
        if concepts:
            translated = _concepts(word, concepts, "Arabic")
            return [translated, plain] if short else [translated]
        if personal:
            # A given name comes first and is never the article's: ألكسندر is Aleksandr
            # (al- as its first letters), so the first word of a person is read both ways.
            return [plain, with_article] if with_article and first else [plain]
        land = _land_stem(fold_arabic(word), ("ستان",))
        if land:
            land_text, land_phon = _romanize.arabic(land)
            return [plain, [_token(word, land_text, land_phon, "name", True, "Arabic")]]
        joined = _article_inside(word)
        if joined:
            return [
                plain,
                [_token(p, *_romanize.arabic(p), "name", True, "Arabic") for p in joined],
            ]
        return [plain, with_article] if with_article else [plain]
    if label == "Cyrillic":
        folded = fold_cyrillic(word)
        if folded in _lexicon.ARTICLES_CYRILLIC and not first:
            return [[]]
        if folded in _lexicon.ARTICLES_CYRILLIC | _lexicon.SUN_ARTICLES_CYRILLIC and hyphened:
            return [[]]
        if folded in _TITLES and personal:
            return [[]]
        concepts = _lexical(_lexicon.concepts_of(folded), personal)
        text, phon = _romanize.cyrillic(folded)
        role: Role = "patronymic" if folded.endswith(_lexicon.PATRONYMIC_ENDINGS) else "name"
        # Канарские (острова), сирийской: the adjective's or the case form's stem too.
        stem = () if personal or concepts else _russian_stem(folded)
        plain = [_token(word, text, phon, role, False, "Cyrillic", stem)]
        land = "" if personal or concepts else _land_stem(folded, ("истан", "стан", "ия"))
        if land:
            land_text, land_phon = _romanize.cyrillic(land)
            return [plain, [_token(word, land_text, land_phon, role, False, "Cyrillic")]]
        if concepts:
            translated = _concepts(word, concepts, "Cyrillic")
            return [translated, plain] if short else [translated]
        return [plain]
    if label == "Latin":
        folded = fold_latin(word)
        folded = "".join(c for c in folded if c.isalnum())
        if not folded:
            return [[]]
        if folded in _lexicon.ARTICLES_LATIN and (hyphened or not first or not personal):
            return [[]]
        if folded in _lexicon.SUN_ARTICLES_LATIN and hyphened:
            return [[]]
        if folded in _TITLES and personal:
            return [[]]
        concepts = _lexical(_lexicon.concepts_of(folded), personal)
        text, phon = _romanize.latin(folded)
        role = "patronymic" if folded.endswith(_lexicon.PATRONYMIC_ENDINGS_LATIN) else "name"
        demonym = () if personal or concepts else _latin_stem(folded)
        plain = [_token(word, text, phon, role, False, "Latin", demonym)]
        bare_word = "" if personal else _land_stem(folded, ("istan", "stan"))
        if not personal and len(folded) >= 6 and folded.endswith(_CLASSICAL_ENDINGS):
            bare_word = folded[:-2]  # Damascus is Dimashq with a Latin ending
        if bare_word and not concepts:
            # Read it with and without the ending: Kurdistan is 库尔德 (Kurd) in Chinese.
            bare_text, bare_phon = _romanize.latin(bare_word)
            bare = [_token(word, bare_text, bare_phon, role, False, "Latin", demonym)]
            return [plain, bare]
        if concepts:
            translated = _concepts(word, concepts, "Latin")
            return [translated, plain] if short else [translated]
        return [plain]
    text, phon = _romanize.other(word)
    return [[_token(word, text, phon, "name", False, "Other")]]


_JOINED_ARTICLE = re.compile(r"^(\w{3,}?)\u200c?ال(\w{3,})$")


def _article_inside(word: str) -> tuple[str, str] | None:
    """A place's name written as one word with the article inside, as Persian writes
    Arabic compounds (دیرالزور, عین‌الاسد: Deir ez-Zor, Ain al-Asad): its two words without
    the article, read besides the whole word."""
    found = _JOINED_ARTICLE.match(word)
    return (found[1], found[2]) if found else None


def _land_stem(word: str, suffixes: tuple[str, ...]) -> str:
    """The word without a "-stan" ending (Afghanistan, Кыргызстан, کردستان) or the Russian
    -ия of country names (Финляндия: 芬兰 Finland), or ''."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return ""


def _han_alternatives(word: str, personal: bool, first: bool = True) -> list[list[NameToken]]:
    """A Han word read whole (a transliteration) and, when the lexicon finds translated
    words in it (真主 + 党), read as those concepts plus the phonetic runs between."""
    simplified = to_simplified(word)
    whole_text, whole_phon = _romanize.han(simplified)
    whole = [_token(word, whole_text, whole_phon, "name", False, "Han")]
    if personal:
        if simplified in _TITLES:
            return [[]]
        concepts = _lexicon.HAN.get(simplified, ())
        if concepts in (("SON",), ("OF",)):
            return [_concepts(word, concepts)]
        if not first and len(simplified) >= 3 and _lexicon.HAN.get(simplified[0]) == ("SON",):
            # The particle joined to the family name after it (奥萨马·本拉登, 宾拉登); not a
            # given name that starts with its character (本杰明, Benjamin).
            rest_text, rest_phon = _romanize.han(simplified[1:])
            rest = _token(word[1:], rest_text, rest_phon, "name", False, "Han")
            return [whole, [*_concepts(word[:1], ("SON",)), rest]]
        return [whole]
    if simplified in _lexicon.HAN:
        return [_concepts(word, _lexicon.HAN[simplified], "Han"), whole]
    parts = _lexicon.segment_han(simplified, han_country_names())
    if all(concept is None for _, concept in parts):
        return [whole]
    segmented: list[NameToken] = []
    for piece, found in parts:
        if found is not None:
            segmented.extend(_concepts(piece, found, "Han"))
        else:
            text, phon = _romanize.han(piece)
            segmented.append(_token(piece, text, phon, "name", False, "Han"))
    if all(t.concept is not None for t in segmented):
        return [segmented, whole]
    return [whole, segmented]


def _fold(text: str, label: str) -> str:
    if label in ("Hans", "Hant"):
        return to_simplified(text)
    if label in ("Arabic", "Persian"):
        return fold_arabic(text)
    if label == "Cyrillic":
        return fold_cyrillic(text)
    return fold_latin(text)


def block_keys(reading: Reading) -> set[str]:
    """Keys under which a name is filed: skeletons, their prefixes, adjacent pairs, concepts.

    ``s:`` a part's whole skeleton; ``p:`` its first three classes (tolerates endings such
    as -us or -iyeh); adjacent parts joined (Nasr Allah / Nasrallah); ``n:`` the whole
    name's skeletons in sorted order (Chad, Чад, تشاد, 乍得 share n:ST); ``l:`` the skeleton
    without labial fricatives (v is ف in Arabic, و in Persian, w or v in Latin); ``c:`` a
    concept and ``k:`` all the name's distinctive concepts together.
    """
    keys: set[str] = set()
    parts = [t for t in reading if t.role in ("name", "patronymic") and t.skeleton]
    skeletons = [t.skeleton for t in parts]
    for token, skel in zip(parts, skeletons, strict=True):
        keys.add("s:" + skel)
        keys.add("p:" + skel[:3])
        loose = loose_skeleton(token.phon)
        if loose:
            keys.add("l:" + loose)
    for left, right in zip(skeletons, skeletons[1:], strict=False):
        joined = left + right
        keys.add("s:" + joined)
        keys.add("p:" + joined[:3])
    if len(parts) > 1:
        keys.add("l:" + "".join(loose_skeleton(t.phon) for t in parts))
        keys.add("l:" + "".join(sorted(loose_skeleton(t.phon) for t in parts)))
    if skeletons:
        keys.add("n:" + "".join(sorted(skeletons)))
    for token in reading:
        if token.role == "number":
            keys.add("d:" + token.text)
    concepts = sorted({t.concept for t in reading if t.role == "concept" and t.concept})
    for concept in concepts:
        keys.add("c:" + concept)
    if concepts:
        keys.add("k:" + "+".join(concepts))
    return keys


def loose_skeleton(phon: tuple[int, ...]) -> str:
    """The skeleton with every symbol that may be f, v or w left out."""
    return "".join(coarse(sym) for sym in phon if not sym & _LABIAL_FRICATIVES)


@lru_cache(maxsize=1 << 15)
def name_readings(name: str, kind: Kind) -> tuple[Reading, ...]:
    """The readings of a name (what scoring needs), without the other keys."""
    return _readings(_normalize(name), kind)


def _mark_country(token: NameToken) -> NameToken:
    if token.role != "name":
        return token
    known = countries().lookup(token.source)
    if known is None and token.script == "Cyrillic":
        for form in _nominatives(token.source):
            known = countries().lookup(form)
            if known is not None:
                break
    if known is None and token.stem:
        known = next(filter(None, map(countries().lookup, _adjective_bases(token))), None)
    return token if known is None else replace(token, country=True, place=known.id)


def _nominatives(word: str) -> tuple[str, ...]:
    """What a Russian country's name in another case may be in the nominative: Ирака is
    Ирак, Сирии and Турции are Сирия and Турция, Китая is Китай."""
    out: list[str] = []
    if word[-2:] in ("ии", "ию", "ей"):
        out.append(word[:-2] + "ия")
    if word[-1:] in ("я", "ю", "е") and len(word) > 3:
        out.append(word[:-1] + "й")
    if word[-1:] in "аеиуы":
        out.append(word[:-1])
    return tuple(out)


_ADJECTIVE_ENDINGS = {
    "Arabic": (("يه", ""), ("ي", "")),
    "Latin": (("ian", ""), ("n", ""), ("i", ""), ("ese", "on")),
    "Cyrillic": (("ийск", "ия"), ("ск", "")),
}
"""The nisba (-i, -iyya), the English demonym and the Russian adjective suffix, with what
turns the rest back into the country's name (إيراني Iran, Syrian Syria, Lebanese Lebanon,
сирийской Сирия)."""


def _adjective_bases(token: NameToken) -> list[str]:
    """The country names an adjective of country may come from (الإيراني, Iranian,
    иранский: Iran), so that it qualifies a name as the country itself does (الحرس الثوري
    الإيراني is الحرس الثوري)."""
    if token.script == "Arabic":
        word = fold_arabic(token.source)
        word = word[2:] if word.startswith("ال") else word
    elif token.script == "Cyrillic":
        word = fold_cyrillic(token.source).lower()
        word = word[:-2] if word[-2:] in _RUSSIAN_ADJECTIVE_INFLECTIONS else word
    else:
        word = fold_latin(token.source)
    bases = [
        word[: -len(end)] + base
        for end, base in _ADJECTIVE_ENDINGS.get(token.script, ())
        if word.endswith(end) and len(word) - len(end) >= 3
    ]
    if token.script == "Arabic":
        bases += ["ال" + base for base in bases]  # العراقي: العراق, as iso-codes has it
    return bases


def _normalize(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    for short, full in _ABBREVIATIONS:
        text = short.sub(full, text)
    return text


def _place_words(text: str) -> tuple[list[tuple[str, bool]] | None, int]:
    """A place's words and the index of the first word of its qualifier (what follows a
    comma), or None when the name has no comma."""
    parts = _PLACE_COMMA.split(text, maxsplit=1)
    head, tail = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else ("", "")
    if not head or not tail:
        return None, 0
    head_words = _words(head)
    return head_words + _words(tail), len(head_words)


def _state_qualifier(reading: Reading) -> Reading:
    """印第安纳州马伦戈 (Indiana State Marengo): in a Chinese place name, the name parts
    before a province or state word that more name parts follow, and the word itself,
    are the place it lies in, a qualifier (Marengo, Indiana)."""
    for index, token in enumerate(reading):
        if (
            token.concept == "PROVINCE"
            and token.script == "Han"
            and 0 < index < len(reading) - 1
            and all(t.role == "name" for t in reading[:index])
            and any(t.role == "name" for t in reading[index + 1 :])
        ):
            return tuple(
                replace(t, country=True) if i <= index else t for i, t in enumerate(reading)
            )
    return reading


def _readings(text: str, kind: Kind) -> tuple[Reading, ...]:
    """Readings as a person's name, a group's or a place's; identities and threat actors
    may be either a person or a group, so they get both."""
    words, qualifier_from = _place_words(text) if kind == "location" else (None, 0)
    if words is None:
        words = _words(_reorder(text))
        qualifier_from = len(words)
    modes = [True, False] if kind in _EITHER else [kind in _PERSON_LIKE]
    readings: list[Reading] = []
    for personal in modes:
        per_word = [
            _word_readings(word, hyphened, personal, index == 0, len(words) <= 2)
            for index, (word, hyphened) in enumerate(words)
        ]
        for combo in product(*per_word):
            reading = tuple(
                replace(token, country=True) if index >= qualifier_from else token
                for index, part in enumerate(combo)
                for token in part
            )
            if not personal:
                reading = _state_qualifier(tuple(_mark_country(token) for token in reading))
            if reading and reading not in readings:
                readings.append(reading)
            if len(readings) >= MAX_READINGS * len(modes):
                break
    if not readings and text.strip():
        # Nothing but particles or titles ("Al", "Sheikh"): read the words as they are.
        tokens = []
        for word, _ in words:
            roman, phon = _romanize.other(word)
            tokens.append(_token(word, roman, phon, "name", False, "Other"))
        readings.append(tuple(tokens))
    return tuple(readings)


@lru_cache(maxsize=1 << 13)
def name_keys(name: str, kind: Kind) -> NameKeys:
    """All comparison keys of one name of an entity of the given kind."""
    text = _normalize(name)
    labels = script_labels(text)
    readings = name_readings(name, kind)
    keys: set[str] = set()
    for reading in readings:
        keys |= block_keys(reading)
    keys |= known_keys(name, kind)
    folded = tuple(dict.fromkeys(_fold(text, label) for label in labels or ("Other",)))
    romanizations = tuple(" ".join(t.text for t in reading) for reading in readings)
    return NameKeys(
        original=name,
        kind=kind,
        scripts=labels,
        folded=folded,
        romanizations=romanizations,
        readings=readings,
        block_keys=frozenset(keys),
    )


@lru_cache(maxsize=1 << 12)
def name_block_keys(name: str, kind: Kind) -> frozenset[str]:
    """Only the block keys of a name: what filing it in an index needs."""
    keys: set[str] = set()
    for reading in name_readings(name, kind):
        keys |= block_keys(reading)
    return frozenset(keys)
