"""Acronyms in every script: an acronym against the initials of a full name.

Why: an organisation is named by its acronym as often as by its full name (WHO, ВОЗ, قسد,
北约), and nothing phonetic links the two. An acronym matches a full name when its letters
are the initials of the name's words, skipping function words (of, the, по, في, و):

* in its own script, letter for letter and in order (НАТО is not the initials of
  Организация Североатлантического договора, but СДС is those of Сирийские
  демократические силы, قسد those of قوات سوريا الديمقراطية);
* across scripts through the lexicon: a translated word has initials in every language
  (WORLD is w in English and в in Russian), so WHO matches Всемирная организация
  здравоохранения and 世界卫生组织, and ВОЗ matches World Health Organization; a word read
  by sound gives the initial of its sound (Syrian: s). Across languages word order may
  differ (Организация Североатлантического договора is Organization North-Atlantic Treaty),
  so any order is accepted there, for a lower score; and another language may leave out
  the word organisation (حلف شمال الأطلسي, alliance north Atlantic, is NATO without O);
* in Chinese, an abbreviation takes characters of the full name in order, starting with
  its first (北约 for 北大西洋公约组织, 世卫组织 for 世界卫生组织, 中情局 for 中央情报局).

People's names are never acronyms. A form is taken as an acronym when it is written as one
(capitals, or letters separated by dots or joiners: U.N., ن.ا.ت.و) or, for organisations,
when it is one short word (Nato, داعش, ناتو). Scores: letter for letter in one script 0.92,
in order across scripts 0.9, any order 0.82, with up to two trailing words of the full
name left over (Российской Федерации) 0.06 less; a Chinese abbreviation 0.85.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from allyhub.fusion import _lexicon, _romanize
from allyhub.fusion._folding import fold_arabic, fold_cyrillic, scripts_of, to_simplified
from allyhub.fusion._phonemes import VOWEL_MASK, coarse, substitution
from allyhub.fusion.keys import Kind, Reading, name_readings

_DOTTED = re.compile(r"^(?:\w[.\u200c\u200d·]\s*){1,}\w[.]?$")
_ARABIC_CLITICS = ("وال", "بال", "لل", "فال", "ال", "و")
_PERSONAL = frozenset({"person"})
_MAX_LETTERS = 7
_SCRIPTS = ("Latin", "Cyrillic", "Arabic")
_MAX_KEYS = 16
_NEAR = 0.1
"""Largest phoneme substitution cost at which a letter still stands for an initial (k/q)."""

SAME_SCRIPT = 0.92
IN_ORDER = 0.9
ANY_ORDER = 0.82
LEFT_OVER = 0.06
HAN_ABBREVIATION = 0.85
HAN_TRANSLATED = 0.8


@dataclass(frozen=True, slots=True)
class Acronym:
    """A form that may be an acronym: its letters (folded) and script."""

    letters: str
    script: str
    explicit: bool
    """Written as an acronym (capitals, dots): not an ordinary short word."""

    def symbols(self) -> tuple[int, ...]:
        return tuple(_letter_symbol(letter, self.script) for letter in self.letters)


@dataclass(frozen=True, slots=True)
class Initial:
    """One word of a full name: its first letter as written, and every phoneme an acronym
    in another script may write for it."""

    letter: str
    script: str
    by_script: tuple[frozenset[int], ...]
    """Per script of ``_SCRIPTS``: the initials an acronym in that script may write for
    the word (a translated word's initials in that language, else its sound's)."""

    def symbols(self, script: str) -> frozenset[int]:
        return self.by_script[_SCRIPTS.index(script)] if script in _SCRIPTS else frozenset()


@dataclass(frozen=True, slots=True)
class AcronymMatch:
    score: float
    acronym: str
    full: str
    how: str


def _strip_article(word: str, script: str) -> str:
    if script == "Arabic":
        folded = fold_arabic(word)
        for clitic in _ARABIC_CLITICS:
            if folded.startswith(clitic) and len(folded) - len(clitic) >= 2:
                return folded[len(clitic) :]
        return folded
    return word


@lru_cache(maxsize=1 << 14)
def acronym_of(name: str, kind: Kind) -> Acronym | None:
    """The name as an acronym, or None when it cannot be one."""
    if kind in _PERSONAL:
        return None
    text = unicodedata.normalize("NFKC", name).strip()
    scripts = scripts_of(text)
    if len(scripts) != 1:
        return None
    script = scripts[0]
    explicit = False
    if _DOTTED.match(text):
        letters = "".join(c for c in text if c.isalpha())
        explicit = True
    else:
        words = text.split()
        if script == "Latin" and len(words) == 2 and words[0].lower() in ("al", "el", "the"):
            words = words[1:]
        if len(words) != 1:
            return None
        letters = words[0].replace("-", "")
        if not letters.isalpha():
            return None
        if script in ("Latin", "Cyrillic"):
            explicit = letters.isupper() and len(letters) >= 2
            if not explicit and len(letters) > 5:
                return None
        elif script == "Arabic":
            letters = _strip_article(letters, script)
            if len(letters) > 5:
                return None
        elif script == "Han":
            letters = to_simplified(letters)
            if not 2 <= len(letters) <= 4:
                return None
            return Acronym(letters, script, False)
        else:
            return None
    if not 2 <= len(letters) <= _MAX_LETTERS:
        return None
    if script == "Cyrillic":
        letters = fold_cyrillic(letters)
    elif script == "Latin":
        letters = letters.lower()
    elif script == "Arabic":
        letters = fold_arabic(letters)
    return Acronym(letters, script, explicit)


@lru_cache(maxsize=4096)
def _letter_symbol(letter: str, script: str) -> int:
    if script == "Cyrillic":
        phon = _romanize.cyrillic(letter)[1]
    elif script == "Arabic":
        phon = _romanize.arabic(letter)[1]
    else:
        # w and y as the consonants they are at a word's start (Workers), not the vowels a
        # lone w or y would be read as: PUK is not Kurdistan Workers' Party.
        phon = _romanize.latin(letter + "a" if letter in "wy" else letter)[1]
    return phon[0] if phon else 0


def _initial(token_source: str, script: str, concept: str | None, phon: tuple[int, ...]) -> Initial:
    word = _strip_article(token_source, script)
    if script == "Cyrillic":
        letter = fold_cyrillic(word[:1])
    elif script == "Latin":
        letter = word[:1].lower()
    else:
        letter = word[:1]
    own = _letter_symbol(letter, script) if script in _SCRIPTS and letter else 0
    sound = frozenset({phon[0] if phon else own} - {0})
    by_script: list[frozenset[int]] = []
    for each in _SCRIPTS:
        if concept is None:
            by_script.append(sound)
            continue
        if each == script and own:
            # In its own language a word's initial is its own letter, not a synonym's
            # (Army is A, not the F of forces: FSA is not Syrian Arab Army).
            by_script.append(frozenset({own}))
            continue
        firsts = {_letter_symbol(first, each) for first in _lexicon.initials(concept, each)}
        by_script.append(frozenset(firsts - {0}) or sound)
    return Initial(letter, script, tuple(by_script))


@lru_cache(maxsize=1 << 14)
def initials_of(name: str, kind: Kind) -> tuple[tuple[Initial, ...], ...]:
    """The initials of each reading of a full name (two words or more): one initial per
    word as written, and one per translated word (Североатлантического is North and
    Atlantic, NATO's N and A) when a word carries two."""
    out: list[tuple[Initial, ...]] = []
    for reading in name_readings(name, kind):
        for split in (False, True):
            found = _reading_initials(reading, split)
            if len(found) >= 2 and found not in out:
                out.append(found)
    return tuple(out)


def _reading_initials(reading: Reading, split: bool) -> tuple[Initial, ...]:
    found: list[Initial] = []
    previous: str | None = None
    for token in reading:
        if token.role in ("particle", "number") or token.concept in ("OF", "SON"):
            continue
        if not split and token.concept is not None and token.source == previous:
            continue  # one word with two concepts (خبرگزاری: news agency) is one initial
        previous = token.source
        found.append(_initial(token.source, token.script, token.concept, token.phon))
    return tuple(found)


def _same(a: int, b: int) -> bool:
    if not a or not b:
        return False
    if a & VOWEL_MASK and b & VOWEL_MASK:
        return bool(a & b & VOWEL_MASK)  # I is not O: vowels must be the same vowel
    return substitution(a, b) <= _NEAR


def _assign(symbols: tuple[int, ...], words: tuple[frozenset[int], ...]) -> bool:
    """Each letter to a different word whose initial it may write (any order)."""
    used: set[int] = set()

    def place(index: int) -> bool:
        if index == len(symbols):
            return True
        for j, word in enumerate(words):
            if j in used or not any(_same(symbols[index], s) for s in word):
                continue
            used.add(j)
            if place(index + 1):
                return True
            used.discard(j)
        return False

    return place(0)


def _match_initials(acronym: Acronym, words: tuple[Initial, ...]) -> tuple[float, str] | None:
    n = len(acronym.letters)
    if len(words) == n - 1 and _kind_dropped(acronym, words):
        shorter = Acronym(acronym.letters[:-1], acronym.script, acronym.explicit)
        found = _match_initials(shorter, words)
        return (
            None if found is None else (found[0] - LEFT_OVER, found[1] + ", organization left out")
        )
    if len(words) < n or len(words) > n + 2:
        return None
    head = words[:n]
    penalty = LEFT_OVER if len(words) > n else 0.0
    shown = "-".join(w.letter for w in head)
    if all(w.script == acronym.script for w in head):
        if all(w.letter == letter for w, letter in zip(head, acronym.letters, strict=True)):
            return SAME_SCRIPT - penalty, f"initials {shown}"
    if n < 3:
        return None  # two letters across scripts match too much by chance (ЕС, EU, US)
    symbols = acronym.symbols()
    # Across scripts, all the words are read in one language: the acronym's own (ВОЗ and
    # Всемирная...), or another whose acronym it transliterates (НАТО is NATO).
    readings = _transliterated_from(acronym.script)
    for script in readings:
        options = tuple(w.symbols(script) for w in head)
        if all(any(_same(sym, s) for s in o) for sym, o in zip(symbols, options, strict=True)):
            return IN_ORDER - penalty, f"initials {shown} (translated)"
    # In another order only in the acronym's own language or in English, whose acronyms
    # the others transliterate: with every language and any order, three letters find
    # three words too easily (SAA, Syrian Arab Army, would be the Free Syrian Army's
    # initials in Persian, ارتش آزاد سوریه).
    for script in dict.fromkeys((acronym.script, "Latin")):
        options = tuple(w.symbols(script) for w in head)
        if _assign(symbols, options):
            return ANY_ORDER - penalty, f"initials {shown} (translated, other order)"
    return None


def _kind_dropped(acronym: Acronym, words: tuple[Initial, ...]) -> bool:
    """The acronym ends with the initial of organisation, and the full name, in another
    language, has no word for it: NATO, НАТО against حلف شمال الأطلسي (alliance, north,
    Atlantic), which says what the organisation is and leaves the word out. Four letters
    at least, so that three are still matched."""
    return (
        len(acronym.letters) >= 4
        and acronym.letters[-1] in _lexicon.initials("ORGANIZATION", acronym.script)
        and any(w.script != acronym.script for w in words)
    )


def _transliterated_from(script: str) -> tuple[str, ...]:
    """The languages an acronym written in ``script`` may be read in: its own first, then
    those whose acronyms it transliterates letter by letter. Not Arabic for a Latin or
    Cyrillic acronym: an Arabic-script acronym writes consonants only and is said as a
    word (داعش Daesh, حماس Hamas, ХАМАС), so other scripts take it by sound, and a Latin
    or Cyrillic acronym's vowels stand for no Arabic initial (SAA is not الجيش السوري
    الحر's letters in another order)."""
    others = (s for s in _SCRIPTS if s != script and (s != "Arabic" or script == "Arabic"))
    return (script, *others)


def _han_translated(short: str, full: str, kind: Kind) -> str:
    """北约 against North Atlantic Treaty Organization: a name made only of translated
    words is written in Chinese (北大西洋公约组织), in its order or with its head word moved
    last (Организация Североатлантического договора), and the abbreviation checked
    against that."""
    for reading in name_readings(full, kind):
        words = [t for t in reading if t.role != "particle" and t.concept not in ("OF",)]
        if len(words) < 2 or any(t.concept is None for t in words):
            continue
        han = [_lexicon.han_form(t.concept) for t in words if t.concept is not None]
        if not all(han):
            continue
        for order in (han, han[1:] + han[:1]):
            if _han_abbreviation(short, "".join(order)):
                return "Chinese abbreviation of the translated name " + "".join(order)
    return ""


def _han_abbreviation(short: str, full: str) -> bool:
    full = to_simplified(full.replace("·", ""))
    if len(full) < len(short) + 2 or short[0] != full[0]:
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def acronym_score(a: str, b: str, kind_a: Kind, kind_b: Kind) -> AcronymMatch | None:
    """The acronym match of two names, either way round, or None."""
    best: AcronymMatch | None = None
    for short, full, kind_s, kind_f in ((a, b, kind_a, kind_b), (b, a, kind_b, kind_a)):
        acronym = acronym_of(short, kind_s)
        if acronym is None:
            continue
        if acronym_of(full, kind_f) is not None and acronym.script != "Han":
            continue  # two acronyms; but a Chinese name of four characters may be a full
            # name (欧洲联盟, cut to 欧盟): the abbreviation wants two characters fewer
        if acronym.script == "Han":
            if kind_s == "location" or kind_f == "location":
                continue  # 几内亚 is Guinea, not 几内亚比绍 (Guinea-Bissau): places are not cut
            if scripts_of(full)[:1] == ("Han",):
                if _han_abbreviation(acronym.letters, full):
                    found = AcronymMatch(HAN_ABBREVIATION, short, full, "Chinese abbreviation")
                    best = found if best is None or found.score > best.score else best
            else:
                how = _han_translated(acronym.letters, full, kind_f)
                if how and (best is None or best.score < HAN_TRANSLATED):
                    best = AcronymMatch(HAN_TRANSLATED, short, full, how)
            continue
        for words in initials_of(full, kind_f):
            result = _match_initials(acronym, words)
            if result is None:
                continue
            value = result[0] if acronym.explicit else result[0] - 0.04
            if best is None or value > best.score:
                best = AcronymMatch(value, short, full, result[1])
    return best


@lru_cache(maxsize=1 << 12)
def acronym_keys(name: str, kind: Kind) -> frozenset[str]:
    """Block keys that file an acronym and its full names together: ``a:`` and the coarse
    classes of the letters, sorted. A full name gets the keys of the initials an acronym
    of it may write (of its first words, when trailing words may be left out)."""
    if kind in _PERSONAL:
        return frozenset()  # people's names are neither acronyms nor spelled out by one
    acronym = acronym_of(name, kind)
    if acronym is not None:
        return frozenset({_key(acronym.symbols())} if acronym.script != "Han" else ())
    keys: set[str] = set()
    for words in initials_of(name, kind):
        for size in range(max(2, len(words) - 2), min(len(words), _MAX_LETTERS) + 1):
            for script in _SCRIPTS:
                options = [
                    sorted({coarse(s) or "V" for s in w.symbols(script)}) for w in words[:size]
                ]
                if math.prod(len(o) for o in options) > _MAX_KEYS:
                    options = [o[:1] for o in options]
                for combo in itertools.product(*options):
                    keys.add("a:" + "".join(sorted(combo)))
    return frozenset(keys)


def _key(symbols: tuple[int, ...]) -> str:
    return "a:" + "".join(sorted(coarse(s) or "V" for s in symbols))
