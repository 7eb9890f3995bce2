"""Romanization fit for each script: a readable Latin form and a phoneme sequence per word.

Why each script gets its own romanizer: pinyin syllables carry epenthetic vowels
(卡西姆 ``ka-xi-mu`` is Qasim), Arabic script omits short vowels, Cyrillic has a regular
letter-to-sound mapping, and Latin spellings of foreign names use digraphs (kh, sh, dh).
A generic transliterator flattens those differences into strings that no longer align;
these romanizers keep what each letter may stand for (see :mod:`._phonemes`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from anyascii import anyascii

from allyhub.fusion._folding import fold_latin, strip_arabic_marks, to_simplified
from allyhub.fusion._phonemes import ALSO_S, ALSO_SOFT_DT, CODA, LONG, collapse, symbol
from allyhub.fusion._pinyin import pinyin

S = symbol
ANY_VOWEL = S("A", "E", "I", "O", "U")
WEAK_VOWEL = S("A", "E", "I", "O", "U", weak=True)
_LATIN_VOWELS = frozenset("aeiouy")

# --- Latin -----------------------------------------------------------------------------

_LATIN_MULTI: tuple[tuple[str, tuple[int, ...]], ...] = (
    # щ is one sound, written shch (BGN/PCGN, ALA-LC) or schtsch (German): Khrushchev.
    ("schtsch", (S("SH"),)),
    ("shch", (S("SH"),)),
    # German transliteration (Duden: Gorbatschow, Laridschani).
    ("tsch", (S("CH"),)),
    ("dsch", (S("J"),)),
    ("sch", (S("SH"),)),
    ("tch", (S("CH"),)),
    ("dzh", (S("J"),)),
    ("zh", (S("ZH", "J"),)),
    ("kh", (S("KH", "H"),)),
    ("gh", (S("GH", "G"),)),
    ("sh", (S("SH"),)),
    ("ch", (S("CH", "SH", "KH"),)),
    ("th", (S("TH", "T"),)),
    ("dh", (S("DH", "D", "Z"),)),
    ("ph", (S("F"),)),
    ("tts", (S("TS"),)),
    ("ts", (S("TS"),)),
    ("tz", (S("TS"),)),
    ("dj", (S("J"),)),
    ("ck", (S("K"),)),
    ("ou", (S("U", "O"),)),
    ("oo", (S("U", "O"),)),
    ("ee", (S("I", "E"),)),
)
_LATIN_MULTI_MAP = {multi: (len(multi), syms) for multi, syms in _LATIN_MULTI}
_LATIN_MULTI_SIZES = sorted({len(multi) for multi, _ in _LATIN_MULTI}, reverse=True)
_LATIN_SINGLE: dict[str, tuple[int, ...]] = {
    "a": (S("A"),),
    "e": (S("E"),),
    "i": (S("I"),),
    "o": (S("O"),),
    "u": (S("U"),),
    "b": (S("B"),),
    "d": (S("D"),),
    "f": (S("F"),),
    "g": (S("G"),),
    "h": (S("H"),),
    "j": (S("J", "ZH", "Y"),),
    "k": (S("K"),),
    "l": (S("L"),),
    "m": (S("M"),),
    "n": (S("N"),),
    "p": (S("P"),),
    "q": (S("Q", "K"),),
    "r": (S("R"),),
    "s": (S("S"),),
    "t": (S("T"),),
    "v": (S("V", "W"),),
    "z": (S("Z", "TS"),),
    "x": (S("K", coda=True), S("S")),
}
_END_H = S("H", "A", "E", weak=True)


@lru_cache(maxsize=1 << 15)
def latin(word: str) -> tuple[str, tuple[int, ...]]:
    """Romanize (fold) a Latin word and read its phonemes."""
    text = fold_latin(word)
    text = "".join(c for c in text if c.isalnum())
    out: list[int] = []
    i = 0
    while i < len(text):
        multi = next(
            (found for n in _LATIN_MULTI_SIZES if (found := _LATIN_MULTI_MAP.get(text[i : i + n]))),
            None,
        )
        if multi is not None:
            out.extend(multi[1])
            i += multi[0]
        else:
            char = text[i]
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if char == "y":
                out.append(S("Y") if nxt in _LATIN_VOWELS and nxt else S("I", "Y"))
            elif char == "w":
                out.append(S("W", "V") if nxt in _LATIN_VOWELS and nxt else S("U", "W"))
            elif char == "c":
                out.append(S("S", "TS") if nxt in ("e", "i", "y") else S("K"))
            elif char == "h" and i > 0 and not nxt and text[i - 1] in _LATIN_VOWELS:
                out.append(_END_H)
            elif (
                char in "rl" and i > 0 and text[i - 1] in _LATIN_VOWELS and nxt not in _LATIN_VOWELS
            ):
                # Post-vocalic r and l: Chinese drops them (Amsterdam 阿姆斯特丹, Falkland 福克兰).
                out.append(S(char.upper(), coda=True))
            elif char == "s" and not nxt and i > 1 and text[i - 1] in _LATIN_VOWELS:
                out.append(S("S", soft=True))
            elif char == "n" and nxt == "g" and i + 2 >= len(text):
                out.append(S("N"))
                i += 1
            elif char == "q" and nxt in ("i", "e"):
                out.append(S("Q", "K", "CH"))
            elif char == "x" and i == 0:
                out.append(S("SH", "S"))
            elif char == "k" and nxt == "s" and i > 0:
                out.append(S("K", coda=True))  # as the k of x: Aleksandr 亚历山大
            elif char in _LATIN_SINGLE:
                out.extend(_LATIN_SINGLE[char])
            elif char.isdigit():
                pass
            i += 1
    return text, collapse(out)


# --- Cyrillic --------------------------------------------------------------------------

_CYR: dict[str, tuple[str, tuple[int, ...]]] = {
    "а": ("a", (S("A"),)),
    "б": ("b", (S("B"),)),
    "в": ("v", (S("V", "W", "F"),)),
    "г": ("g", (S("G", "GH", "H"),)),
    "д": ("d", (S("D"),)),
    "е": ("e", (S("E"),)),
    "ж": ("zh", (S("ZH", "J"),)),
    "з": ("z", (S("Z"),)),
    "и": ("i", (S("I"),)),
    "й": ("y", (S("Y", "I"),)),
    "к": ("k", (S("K", "Q"),)),
    "л": ("l", (S("L"),)),
    "м": ("m", (S("M"),)),
    "н": ("n", (S("N"),)),
    "о": ("o", (S("O"),)),
    "п": ("p", (S("P"),)),
    "р": ("r", (S("R"),)),
    "с": ("s", (S("S"),)),
    "т": ("t", (S("T"),)),
    "у": ("u", (S("U"),)),
    "ф": ("f", (S("F"),)),
    "х": ("kh", (S("KH", "H"),)),
    "ц": ("ts", (S("TS"),)),
    "ч": ("ch", (S("CH"),)),
    "ш": ("sh", (S("SH"),)),
    "щ": ("shch", (S("SH"),)),
    "ъ": ("", ()),
    "ы": ("y", (S("I"),)),
    "ь": ("", ()),
    "э": ("e", (S("E"),)),
    "ю": ("yu", (S("U"),)),
    "я": ("ya", (S("A"),)),
    "і": ("i", (S("I"),)),
    "ї": ("yi", (S("I"),)),
    "є": ("ye", (S("E"),)),
    "ґ": ("g", (S("G"),)),
    "ў": ("u", (S("U"),)),
}
_CYR_VOWELS = frozenset("аеиоуыэюяёіїє")


@lru_cache(maxsize=1 << 15)
def cyrillic(word: str) -> tuple[str, tuple[int, ...]]:
    """Romanize a Cyrillic word and read its phonemes."""
    text = word.lower().replace("ё", "е")
    roman: list[str] = []
    out: list[int] = []
    i = 0
    while i < len(text):
        char = text[i]
        if text.startswith("дж", i):
            roman.append("dzh")
            out.append(S("J"))
            i += 2
            continue
        if text.startswith(("тс", "ттс"), i):  # Иркутск: one sound, as Latin ts (Irkutsk)
            size = 3 if text.startswith("ттс", i) else 2
            roman.append("t" * (size - 1) + "s")
            out.append(S("TS"))
            i += size
            continue
        entry = _CYR.get(char)
        if entry is None:
            i += 1
            continue
        after_vowel = i == 0 or text[i - 1] in _CYR_VOWELS or text[i - 1] in "ьъ"
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if char == "к" and nxt == "с" and i > 0:
            roman.append(entry[0])
            out.append(S("K", "Q", coda=True))  # Александр 亚历山大: Chinese drops it
            i += 1
            continue
        if char in "рл" and i > 0 and text[i - 1] in _CYR_VOWELS and nxt not in _CYR_VOWELS:
            roman.append(entry[0])
            out.append(S("R" if char == "р" else "L", coda=True))
            i += 1
            continue
        if char in "еюя" and after_vowel:
            out.append(S("Y"))
            roman.append("y" + entry[0][-1])
        else:
            roman.append(entry[0])
        out.extend(entry[1])
        i += 1
    return "".join(roman), collapse(out)


# --- Arabic and Persian ----------------------------------------------------------------

_AR: dict[str, tuple[str, int | None]] = {
    "أ": ("a", S("A", "O", "U", "E")),
    "إ": ("i", S("I", "E")),
    "آ": ("a", S("A")),
    "ء": ("", None),
    "ؤ": ("u", S("W", "U", "O")),
    "ئ": ("i", S("Y", "I", "E")),
    "ب": ("b", S("B", "P")),
    "پ": ("p", S("P")),
    "ت": ("t", S("T")),
    "ث": ("th", S("TH", "S")),
    "ج": ("j", S("J", "G", "ZH")),
    "چ": ("ch", S("CH")),
    "ح": ("h", S("H")),
    "خ": ("kh", S("KH")),
    "د": ("d", S("D")),
    "ذ": ("dh", S("DH", "Z")),
    "ر": ("r", S("R")),
    "ز": ("z", S("Z")),
    "ژ": ("zh", S("ZH")),
    "س": ("s", S("S")),
    "ش": ("sh", S("SH")),
    "ص": ("s", S("S")),
    "ض": ("d", S("D", "Z", "DH")),
    "ط": ("t", S("T")),
    "ظ": ("z", S("Z", "DH")),
    "ع": ("ʿ", WEAK_VOWEL),
    "غ": ("gh", S("GH", "G", "Q")),
    "ف": ("f", S("F", "V")),
    "ق": ("q", S("Q", "K", "G", "GH")),
    "ك": ("k", S("K")),
    "ک": ("k", S("K")),
    "گ": ("g", S("G")),
    "ل": ("l", S("L")),
    "م": ("m", S("M")),
    "ن": ("n", S("N")),
    "ة": ("a", S("A", "E", "H")),
    "و": ("w", S("W", "U", "O", "V") | LONG),
    "ي": ("y", S("Y", "I", "E") | LONG),
    "ی": ("y", S("Y", "I", "E") | LONG),
    "ى": ("a", S("A", "I") | LONG),
}


_AR_LONG_VOWELS = frozenset("اويیىةهأإآئؤ")
_TS = "\ue000"
"""Stands for a word-internal تس while ``arabic`` reads a word."""


@lru_cache(maxsize=1 << 15)
def arabic(word: str) -> tuple[str, tuple[int, ...]]:
    """Romanize an Arabic-script word letter by letter; short vowels are not written."""
    text = strip_arabic_marks(word)
    roman: list[str] = []
    out: list[int] = []
    text = text.replace("تش", "چ")  # Arabic spells ch as tsh: كراتشي is Karachi
    # A ts inside a word is the one sound Latin ts and Cyrillic тс/ц are read as
    # (ایرکوتسک, Irkutsk, Иркутск; کیتس, Kitts); at the start a vowel parts them (تسنيم).
    text = text[:1] + text[1:].replace("تس", _TS)
    for i, char in enumerate(text):
        if char == _TS:
            roman.append("ts")
            out.append(S("TS"))
            continue
        if char in "اٱ":
            roman.append("a")
            out.append(ANY_VOWEL if i == 0 else S("A") | LONG)
            continue
        if char == "ه":
            roman.append("h")
            out.append(S("H", "A", "E") if i == len(text) - 1 and i > 0 else S("H"))
            continue
        entry = _AR.get(char)
        if entry is None:
            continue
        roman.append(entry[0])
        if entry[1] is not None:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if char in "رل" and 0 < i and nxt and nxt not in _AR_LONG_VOWELS:
                out.append(entry[1] | CODA)  # برلين: the r Chinese drops (柏林)
            else:
                out.append(entry[1])
    return "".join(roman), collapse(out)


# --- Han -------------------------------------------------------------------------------

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q")
_INITIALS2 = ("x", "r", "z", "c", "s", "y", "w")
_HAN_INITIAL: dict[str, int] = {
    "b": S("B", "P"),
    "p": S("P", "B"),
    "m": S("M"),
    "f": S("F", "V"),
    "d": S("D", "T"),
    "t": S("T", "D"),
    "n": S("N"),
    "l": S("L", "R"),
    "g": S("G", "K"),
    "k": S("K", "Q", "G", "KH"),
    "h": S("H", "KH"),
    "j": S("J", "G", "ZH") | ALSO_SOFT_DT,
    "q": S("CH", "J", "TS") | ALSO_SOFT_DT,
    "x": S("S", "SH", "H"),
    "zh": S("J", "ZH", "Z"),
    "ch": S("CH", "SH"),
    "sh": S("SH") | ALSO_S,
    "r": S("R", "ZH", "L"),
    "z": S("Z", "TS", "DH"),
    "c": S("TS", "S"),
    "s": S("S", "TH", "Z"),
}
_A, _E, _I, _O, _U = S("A"), S("E", "A", "O"), S("I", "E"), S("O", "U"), S("U", "O")
_N = S("N", "M")
_HAN_FINAL: dict[str, tuple[int, ...]] = {
    "a": (_A,),
    "o": (_O,),
    "e": (_E,),
    "i": (_I,),
    "u": (_U,),
    "v": (S("U", "I"),),
    "ai": (S("A", "E"), S("I", "E", weak=True)),
    "ei": (S("E", "I", "A"), S("I", weak=True)),
    "ao": (S("A", "O"), S("U", "O", weak=True)),
    "ou": (S("O", "U"), S("U", weak=True)),
    "an": (_A, _N),
    "en": (_E, _N),
    "ang": (_A, _N),
    "eng": (_E, _N),
    "ong": (_O, _N),
    "in": (_I, _N),
    "ing": (_I, _N),
    "un": (_U, _N),
    "vn": (S("U", "I"), _N),
    "ia": (S("I", "Y"), _A),
    "ie": (S("I", "Y"), S("E")),
    "iao": (S("I", "Y"), S("A", "O")),
    "iu": (S("I", "Y"), _U),
    "ian": (S("I", "Y"), S("A", "E"), _N),
    "iang": (S("I", "Y"), _A, _N),
    "iong": (S("I", "Y"), _O, _N),
    "ua": (S("U", "W"), _A),
    "uo": (S("O", "U"),),
    "uai": (S("U", "W"), _A, S("I", weak=True)),
    "ui": (S("U", "W"), S("E", "I")),
    "uan": (S("U", "W"), _A, _N),
    "uang": (S("U", "W"), _A, _N),
    "ue": (S("I", "U"), S("E")),
    "ve": (S("I", "U"), S("E")),
    "er": (S("E", weak=True), S("R", "L")),
    "n": (_N,),
    "ng": (_N,),
    "m": (S("M"),),
    "io": (S("I"), _O),
}
# Syllables whose vowel only carries a final consonant in transliterations.
_EPENTHETIC = {
    "u": frozenset({"b", "p", "m", "f", "l", "d", "t", "k", "g", "s"}),
    "e": frozenset({"g", "k", "h", "d", "t", "l", "n", "z", "c", "s", "r", "zh", "ch", "sh"}),
    "i": frozenset({"z", "c", "s", "zh", "ch", "sh", "r"}),
}


def _syllable(syllable: str) -> tuple[int, ...]:
    initial = ""
    for candidate in _INITIALS + _INITIALS2:
        if syllable.startswith(candidate) and len(syllable) > len(candidate):
            initial = candidate
            break
    final = syllable[len(initial) :]
    out: list[int] = []
    if initial == "y":
        if final.startswith(("i", "u", "v")):
            final = "v" + final[1:] if final.startswith("u") else final
        else:
            out.append(S("Y", "I"))
    elif initial == "w":
        if final == "u":
            pass
        else:
            out.append(S("W", "V", "U"))
    elif initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]  # xu is xü
        out.append(_HAN_INITIAL[initial])
    elif initial:
        out.append(_HAN_INITIAL[initial])
    if final in ("u", "e", "i") and initial in _EPENTHETIC[final]:
        out.append(WEAK_VOWEL)
        return tuple(out)
    out.extend(_HAN_FINAL.get(final, (ANY_VOWEL,)))
    return tuple(out)


_TRANSLITERATION_READING = {"什": "shi", "卜": "bu", "曾": "zeng"}
"""Characters whose everyday reading (什么 shenme) is not the one names use (什叶 shiye)."""


@lru_cache(maxsize=1 << 15)
def han(word: str) -> tuple[str, tuple[int, ...]]:
    """Pinyin of a whole Han word (phrase-aware readings), read as a transliteration."""
    simplified = to_simplified(word)
    syllables = [s for s in pinyin(simplified) if s.strip()]
    if len(syllables) == len(simplified):
        pairs = zip(simplified, syllables, strict=True)
        syllables = [_TRANSLITERATION_READING.get(c, s) for c, s in pairs]
    chars = simplified if len(syllables) == len(simplified) else ""
    out: list[int] = []
    for index, syllable in enumerate(syllables):
        if syllable.isascii() and syllable.isalpha():
            syllable = syllable.lower()
            if out and out[-1] == _N and syllable[:1] in ("n", "m"):
                out.pop()  # 曼尼 man-ni is one n: Soleimani
            read = _syllable(syllable)
            initial = _CHARACTER_INITIAL.get(chars[index]) if chars else None
            out.extend((initial, *read[1:]) if initial else read)
    return "-".join(syllables), collapse(out, shared=False)


_CHARACTER_INITIAL = {"希": S("H", "KH", "SH", "S")}
"""Characters whose initial in transliterations is not their pinyin's. Xinhua's tables
(外国地名汉字译写通则 and its Russian and Arabic tables) write hi, khi and shi (хи, ши)
as 希 and si as 西: 希特勒 Hitler, 马希尔 Maher, 扎瓦希里 Zawahiri, 希姆基 Khimki, 希什金
Shishkin."""


def _icu_transliterator() -> Callable[[str], str] | None:
    """rigour's transliteration (ICU underneath) when the optional `icu` extra is
    installed: PyICU ships no wheel and compiles from source, so a plain install does
    without it and anyascii reads those scripts alone (docs/fusion.md, measured)."""
    try:
        from rigour.text.translit import ascii_text
    except ImportError:
        return None
    transliterate: Callable[[str], str] = ascii_text
    return transliterate


_ICU = _icu_transliterator()


@lru_cache(maxsize=1 << 12)
def other(word: str) -> tuple[str, tuple[int, ...]]:
    """Any other script (Greek, Armenian, Georgian, Hangul, Hebrew, Devanagari...):
    rigour's transliteration if installed, anyascii for what it leaves, then Latin."""
    ascii_form = _ICU(word) if _ICU is not None else ""
    if not ascii_form.isascii() or not ascii_form.strip():
        ascii_form = anyascii(word)
    return latin(ascii_form)
