"""Script detection and letter folding: the forms two spellings of one word share.

Why: 蘇雷曼尼 and 苏雷曼尼 are one word in two Chinese orthographies; أسامة, اسامه and
اسامة are one word with and without hamza and ta marbuta; Persian writes ی and ک where
Arabic writes ي and ك. Folding removes those differences before anything is compared,
and never replaces the original form, which the keys keep.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

ARABIC_DIACRITICS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ک": "ك",
        "ؤ": "و",
        "ئ": "ي",
        "ء": None,
        "\u200c": None,
        "\u200d": None,
        "\u200f": None,
        "\u200e": None,
    }
)
# Marks and joiners deleted in one `str.translate` (a generator over the characters cost
# a tenth of a name's block keys); folding deletes them first, then maps the letters.
_ARABIC_MARKS = str.maketrans(dict.fromkeys([*ARABIC_DIACRITICS, "\u200c", "\u200d"]))
_ARABIC_MARKS_AND_FOLD = {**_ARABIC_FOLD, **_ARABIC_MARKS}
_PERSIAN_LETTERS = frozenset("پچژگکی")
_LATIN_DROP = frozenset("'’‘`ʿʾʼ´")


@lru_cache(maxsize=1 << 14)
def script_of(char: str) -> str | None:
    """The script of one letter: Latin, Cyrillic, Arabic, Han, or Other; None if no letter."""
    if not char.isalpha():
        return None
    if char.isascii():
        return "Latin"
    name = unicodedata.name(char, "")
    for prefix, script in (
        ("LATIN", "Latin"),
        ("CYRILLIC", "Cyrillic"),
        ("ARABIC", "Arabic"),
        ("CJK", "Han"),
    ):
        if name.startswith(prefix):
            return script
    return "Other"


@lru_cache(maxsize=1 << 14)
def scripts_of(text: str) -> tuple[str, ...]:
    """The scripts of a text, most letters first. Cached: scoring asks it of the same
    names again and again (each acronym test of each candidate pair)."""
    if text.isascii():  # every ASCII letter is Latin (script_of): no look-up per letter
        return ("Latin",) if any(char.isalpha() for char in text) else ()
    counts: dict[str, int] = {}
    for char in text:
        script = script_of(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return tuple(sorted(counts, key=lambda s: -counts[s]))


def looks_persian(text: str) -> bool:
    """Persian letters (پ چ ژ گ ک ی) mark an Arabic-script name as Persian."""
    return any(char in _PERSIAN_LETTERS for char in text)


@lru_cache(maxsize=1 << 15)
def to_simplified(text: str) -> str:
    """Traditional to Simplified Chinese (OpenCC t2s); other text passes through."""
    return str(_T2S.convert(text))


def is_traditional(text: str) -> bool:
    """True when OpenCC changes the text: it holds Traditional-only characters."""
    return to_simplified(text) != text


def strip_arabic_marks(text: str) -> str:
    """Drop short-vowel marks, shadda, tatweel and joiners: what writers often leave out."""
    return text.translate(_ARABIC_MARKS)


def fold_arabic(text: str) -> str:
    """Arabic and Persian letter folding for lexicon look-ups: hamza seats, ta marbuta, ye."""
    return text.translate(_ARABIC_MARKS_AND_FOLD)


def fold_latin(text: str) -> str:
    """Lower case, accents and ayn/hamza apostrophes removed."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    out = []
    for char in decomposed:
        if unicodedata.combining(char) or char in _LATIN_DROP:
            continue
        out.append(char)
    return "".join(out).replace("ı", "i").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")


def fold_cyrillic(text: str) -> str:
    """Lower case with ё as е."""
    return text.lower().replace("ё", "е").replace("́", "")


def script_labels(text: str) -> tuple[str, ...]:
    """Scripts of a name with Persian and Traditional/Simplified Chinese told apart. Here,
    beside what it reads, so that showing a name's script loads no more than folding does."""
    labels = []
    for script in scripts_of(text):
        if script == "Arabic":
            labels.append("Persian" if looks_persian(text) else "Arabic")
        elif script == "Han":
            labels.append("Hant" if is_traditional(text) else "Hans")
        else:
            labels.append(script)
    return tuple(labels)
