"""A small phoneme alphabet shared by every script, and a weighted edit distance over it.

Why: a name written in Han, Arabic, Cyrillic or Latin letters is a sound first. Each
romanizer turns its script into *symbols*; a symbol is the set of phonemes its letter may
stand for (pinyin ``x`` may be /s/ or /sh/, Arabic ``و`` may be w, v, u or o). Two symbols
that share a phoneme cost nothing to align; near phonemes (t/d, l/r, k/q) cost a little.
Vowels are cheap, and cheaper still when one side is written without short vowels (Arabic
script) or when a Chinese syllable only adds a vowel to carry a final consonant
(姆 ``mu`` for a final m): those are *weak* vowels.

A symbol is an ``int`` bit mask, so a token is a ``tuple[int, ...]`` that hashes and caches.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

CONSONANTS = ("P B F V W T D TH DH S Z TS SH ZH CH J K Q G GH KH H L R M N Y").split()
VOWELS = "A E I O U".split()
PHONEMES = CONSONANTS + VOWELS
BIT = {name: 1 << index for index, name in enumerate(PHONEMES)}
VOWEL_MASK = sum(BIT[v] for v in VOWELS)
CONSONANT_MASK = sum(BIT[c] for c in CONSONANTS)
WEAK = 1 << len(PHONEMES)
"""Flag on a vowel symbol that only carries a syllable (Chinese epenthesis)."""
SOFT = 1 << (len(PHONEMES) + 1)
"""Flag on a consonant that spellings often add or drop (Latin case endings: Damascus)."""
CODA = 1 << (len(PHONEMES) + 2)
"""Flag on a consonant that closes a syllable before another consonant (the l and r of
Falkland, Armenia, the k of Mexico): Chinese transliterations drop it."""
LONG = 1 << (len(PHONEMES) + 3)
"""Flag on a vowel that Arabic script writes (ا و ي): unlike the short vowels it omits, a
long vowel should find a vowel on the other side."""
ALSO_S = 1 << (len(PHONEMES) + 4)
"""Flag on pinyin sh: against another script it may write an s (亚历山大 Aleksandr, 大马士革
Damascus); against another Chinese spelling it is sh (巴沙尔 Bashar, not 巴塞尔 Basil)."""
ALSO_SOFT_DT = 1 << (len(PHONEMES) + 5)
"""Flag on pinyin j and q (always before i or ü): against another script they may write
the soft d and t of Xinhua's Russian table (ди, де, ти, тю: 普京 Путин, 梅德韦杰夫
Медведев, 吉洪诺夫 Тихонов, 秋明 Тюмень); against another Chinese spelling they are j and
q (东帝汶 is not 东京)."""
SOFT_DT = BIT["D"] | BIT["T"]
SEMIVOWEL_MASK = BIT["W"] | BIT["Y"]

# Coarse classes for skeletons and blocking keys: one letter per class, vowels dropped.
_COARSE = {
    "P": "P",
    "B": "P",
    "F": "P",
    "V": "P",
    "T": "T",
    "D": "T",
    "TH": "T",
    "DH": "T",
    "S": "S",
    "Z": "S",
    "TS": "S",
    "SH": "S",
    "ZH": "S",
    "CH": "S",
    "J": "S",
    "K": "K",
    "Q": "K",
    "G": "K",
    "GH": "K",
    "KH": "K",
    "H": "K",
    "L": "L",
    "R": "L",
    "M": "M",
    "N": "N",
}

# Which phoneme of an ambiguous symbol names its class: dental fricatives last, so that
# pinyin s {S, TH, Z} files under S and Arabic ث {TH, S} under S too.
_COARSE_PRIORITY = "P B F V T D S Z TS SH ZH CH J K Q G GH KH H L R M N TH DH".split()

# Substitution costs between distinct phonemes that are often written for each other.
_NEAR: dict[frozenset[str], float] = {}
for _group, _cost in (
    (("P", "B"), 0.2),
    (("F", "V"), 0.2),
    (("B", "V"), 0.3),
    (("P", "F"), 0.4),
    (("B", "F"), 0.5),
    (("V", "W"), 0.3),
    (("F", "W"), 0.5),
    (("T", "D"), 0.2),
    (("T", "TH"), 0.3),
    (("D", "DH"), 0.3),
    (("T", "DH"), 0.5),  # no dearer than its two near steps, t-d-dh (اللاذقية Latakia)
    (("D", "Z"), 0.5),
    (("TH", "S"), 0.3),
    (("DH", "Z"), 0.3),
    (("TH", "DH"), 0.3),
    (("S", "Z"), 0.25),
    (("S", "TS"), 0.25),
    (("Z", "TS"), 0.3),
    (("TS", "CH"), 0.3),
    (("S", "SH"), 0.55),
    (("Z", "ZH"), 0.4),
    (("SH", "ZH"), 0.25),
    (("SH", "CH"), 0.3),
    (("CH", "J"), 0.3),
    (("J", "ZH"), 0.25),
    (("J", "G"), 0.45),
    (("Z", "J"), 0.5),
    (("K", "Q"), 0.1),
    (("K", "G"), 0.25),
    (("Q", "G"), 0.3),
    (("G", "GH"), 0.2),
    (("Q", "GH"), 0.3),
    (("GH", "KH"), 0.3),
    (("K", "KH"), 0.3),
    (("KH", "H"), 0.25),
    (("K", "H"), 0.6),
    (("G", "H"), 0.55),
    (("Q", "KH"), 0.4),
    (("L", "R"), 0.5),
    (("M", "N"), 0.6),
    (("Y", "J"), 0.5),
):
    _NEAR[frozenset(_group)] = _cost

VOWEL_COST = 0.15
"""Weight (and insertion cost) of a vowel when both sides write their vowels."""
FAINT_VOWEL_COST = 0.05
"""The same for weak vowels, and for every vowel when one side is Arabic script."""
VOWEL_SUB = 0.08


def symbol(*phonemes: str, weak: bool = False, soft: bool = False, coda: bool = False) -> int:
    """The bit mask for a set of phonemes."""
    mask = 0
    for name in phonemes:
        mask |= BIT[name]
    return mask | (WEAK if weak else 0) | (SOFT if soft else 0) | (CODA if coda else 0)


def is_vowelish(sym: int) -> bool:
    """True when the symbol may be read as a vowel: it is cheap to drop."""
    return bool(sym & VOWEL_MASK)


def _members(sym: int) -> list[str]:
    return [name for name in PHONEMES if sym & BIT[name]]


@lru_cache(maxsize=4096)
def coarse(sym: int) -> str:
    """The skeleton letter of a consonant symbol ('' for vowels and semivowels)."""
    if is_vowelish(sym) or not sym & CONSONANT_MASK & ~SEMIVOWEL_MASK:
        return ""
    for name in _COARSE_PRIORITY:
        if sym & BIT[name] and name in _COARSE:
            return _COARSE[name]
    return ""


@lru_cache(maxsize=1 << 14)
def substitution(a: int, b: int) -> float:
    """Cost of writing symbol ``a`` where the other name has ``b``."""
    if a & b & (CONSONANT_MASK | VOWEL_MASK):
        return 0.0
    a_vowel, b_vowel = bool(a & VOWEL_MASK), bool(b & VOWEL_MASK)
    if a_vowel and b_vowel:
        return FAINT_VOWEL_COST if (a | b) & WEAK else VOWEL_SUB
    best = 1.0
    for x in _members(a):
        for y in _members(b):
            cost = _NEAR.get(frozenset((x, y)))
            if cost is not None and cost < best:
                best = cost
    consonant = b if a_vowel else a
    if a_vowel != b_vowel and consonant & CONSONANT_MASK & ~SEMIVOWEL_MASK == 0:
        best = min(best, SEMIVOWEL_FOR_VOWEL)  # w/y written where the other name has u/i
    return best


SEMIVOWEL_FOR_VOWEL = 0.2
"""Cost of w or y written where the other name has u or i."""


def indel(sym: int, faint: bool) -> float:
    """Cost of a symbol that has no counterpart in the other name."""
    if sym & VOWEL_MASK:
        if sym & WEAK or (faint and not sym & LONG):
            return FAINT_VOWEL_COST
        return VOWEL_COST
    if sym & SEMIVOWEL_MASK:
        return 0.2
    if sym & (BIT["H"] | SOFT):
        return 0.5
    return 1.0


@lru_cache(maxsize=1 << 16)
def weight(token: tuple[int, ...], faint: bool) -> float:
    """What a token weighs: consonants 1, h 0.5, semivowels 0.3, vowels little."""
    return sum(indel(sym, faint) for sym in token)


ABANDON = 0.45
"""Below this similarity the exact value does not matter (scoring gives no credit under
0.5), so the alignment stops early and reports 0."""

LOOSE_END = 0.5
STRICT = 1.6
"""Within one script a different consonant letter is a real difference, not transliteration
noise: consonant substitutions and insertions cost this much more (巴沙尔 Bashar vs 巴塞尔
Basil, 真主党 vs 真主党旅)."""


@lru_cache(maxsize=1 << 14)
def _strict_indel(sym: int, faint: bool, strict: bool, loose: bool = False) -> float:
    cost = indel(sym, faint)
    if loose and sym & CODA:
        cost = min(cost, LOOSE_END)
    if strict and not sym & VOWEL_MASK:
        return cost * STRICT
    return cost


def _last_consonant(seq: tuple[int, ...]) -> int | None:
    for index in range(len(seq) - 1, -1, -1):
        if not seq[index] & VOWEL_MASK:
            return index
    return None


@lru_cache(maxsize=1 << 17)
def similarity(
    a: tuple[int, ...],
    b: tuple[int, ...],
    faint: bool,
    strict: bool = False,
    loose_end: bool = False,
) -> float:
    """1 - weighted edit distance / the heavier token's weight, in [0, 1].

    ``faint`` is set when either token comes from a script without short vowels;
    ``strict`` when both come from the same script; ``loose_end`` when one is Chinese,
    whose transliterations often drop a final consonant (巴格达 for Baghdad): dropping
    the last symbol of a token then costs at most ``LOOSE_END``.
    """
    value = align(a, b, faint, strict, loose_end, compiled=_compiled is not None)
    if value > ABANDON and initial_vowel_apart(a, b):
        value = max(0.0, value - HEARD_APART)
    return value


HEARD_APART = 0.2
"""What a difference costs, taken off a similarity, that the edit distance counts as
transliteration noise but a rule knows to be a real one (``initial_vowel_apart``,
``vowel_slots_apart``, ``sh_unheard``)."""

_PURE_CONSONANT = CONSONANT_MASK & ~SEMIVOWEL_MASK & ~BIT["H"]
_SIBILANT = BIT["S"] | BIT["Z"] | BIT["SH"]
_NASAL = BIT["M"] | BIT["N"]
_OBSTRUENT = sum(BIT[c] for c in "P B F V T D TH DH K G Q KH GH J CH".split())
_LIQUID = BIT["L"] | BIT["R"]


def initial_vowel_apart(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """One word begins with a vowel and the other with a consonant (Adak and دكا, Dhaka;
    Amir and مير, Mir). Why: every script writes a word's first vowel, even those that
    leave short vowels out (Arabic with an alef or an ayn, Chinese with a syllable of its
    own), so a vowel there is no transliteration noise. Not when the vowel comes before a
    cluster that writers pad or strip with one: s and a consonant (استالین Stalin,
    Istanbul Стамбул), a nasal and an obstruent (恩多拉 Ndola), an obstruent and l or r
    (Ibrahim Brahim, Euphrates فرات). An h or a semivowel is not a consonant here."""
    if not a or not b:
        return False
    first_a, first_b = a[0], b[0]
    if _pure_vowel(first_b) and _pure_consonant(first_a):
        a, b = b, a
    elif not (_pure_vowel(first_a) and _pure_consonant(first_b)):
        return False
    # ``a`` begins with the vowel: is it one written before a cluster?
    start = 1
    while start < len(a) and _pure_vowel(a[start]):
        start += 1  # a diphthong (Euphrates)
    rest = [sym for sym in a[start : start + 3] if not sym & WEAK]
    if len(rest) < 2 or rest[1] & (VOWEL_MASK | SEMIVOWEL_MASK):
        return True
    padded = (
        bool(rest[0] & _SIBILANT)
        or bool(rest[0] & _NASAL and rest[1] & _OBSTRUENT)
        or bool(rest[0] & _OBSTRUENT and rest[1] & _LIQUID)
    )
    return not padded


def _pure_vowel(sym: int) -> bool:
    return bool(sym & VOWEL_MASK) and not sym & (CONSONANT_MASK | WEAK)


def _pure_consonant(sym: int) -> bool:
    return (
        not sym & VOWEL_MASK
        and bool(sym & _PURE_CONSONANT)
        and not sym & ~_PURE_CONSONANT & CONSONANT_MASK
    )


def vowel_slots_apart(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Two words of one skeleton, written in an alphabet that writes every vowel, one with a
    vowel between two of its consonants and the other without (Mahmoud and Mohammed,
    Кадыров and Кудров), or with a vowel that glides to i and the other with a plain one
    (Hasan and Husain, Saad and Saeed: the long i that Arabic writes, حسن and حسين). Why:
    spellings of one name change a vowel's quality (Muhammad, Mohammed; Qasem, Qasim;
    Hussein, Husayn), not whether there is one; names built on one root differ by where
    their vowels are and which are long. The last gap is left out of the first test: a
    final syllable is spelled with a vowel or without in different languages (Alexander,
    Aleksandr; Sader, Sadr)."""
    slots_a, slots_b = _slots(a), _slots(b)
    if slots_a is None or slots_b is None or slots_a[0] != slots_b[0]:
        return False
    gaps_a, gaps_b = slots_a[1], slots_b[1]
    if [gap > 0 for gap in gaps_a[:-1]] != [gap > 0 for gap in gaps_b[:-1]]:
        return True
    return any(x and y and x != y for x, y in zip(gaps_a, gaps_b, strict=True))


_FRONT = BIT["I"] | BIT["E"] | BIT["Y"]


def _slots(token: tuple[int, ...]) -> tuple[str, tuple[int, ...]] | None:
    """The consonants' skeleton, and for each gap between two consonants 0 when no vowel
    is written there, 2 for vowels that glide to i or e (ai, ei, ay, ee), 1 for others;
    None for a token with a vowel written only in part (Chinese weak vowels, Arabic long
    vowels: those scripts leave vowels out)."""
    skeleton: list[str] = []
    gaps: list[int] = []
    run: list[int] = []
    for sym in token:
        if sym & (WEAK | LONG):
            return None
        if sym & VOWEL_MASK or not sym & CONSONANT_MASK & ~SEMIVOWEL_MASK:
            run.append(sym)
            continue
        if skeleton:
            gaps.append(0 if not run else 2 if any(v & _FRONT for v in run[1:]) else 1)
        skeleton.append(coarse(sym) or "H")
        run = []
    return "".join(skeleton), tuple(gaps)


def sh_unheard(han: tuple[int, ...], other: tuple[int, ...]) -> bool:
    """A name in another script says sh (Bashar, Башар, بشار) and its Chinese reading has no
    syllable that may (巴塞尔 ba-sai-er is Basil). Why: Chinese transliteration writes a
    heard sh with sh or x syllables (沙, 什, 希), and an s with s syllables (萨, 塞, 斯).
    The other way round is left alone: old conventional readings write s with sh (亚历山大
    Aleksandr, 大马士革 Damascus)."""
    said = any(sym & CONSONANT_MASK == BIT["SH"] for sym in other)
    return said and not any(sym & _HUSHING for sym in han)


_HUSHING = BIT["SH"] | BIT["CH"] | BIT["J"] | BIT["ZH"]
"""Sounds a Chinese reading may write for a heard sh: Arabic ش also writes ch (كيشينج
Kuching, 古晋 gu-jin)."""


def align(
    a: tuple[int, ...],
    b: tuple[int, ...],
    faint: bool,
    strict: bool,
    loose_end: bool,
    compiled: bool,
) -> float:
    """``similarity`` without its cache, by the compiled loop or the Python one."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    if len(b) > len(a):  # the shorter sequence in the inner loop
        a, b = b, a
    del_a = [_strict_indel(sym, faint, strict, loose_end) for sym in a]
    del_b = [_strict_indel(sym, faint, strict, loose_end) for sym in b]
    if loose_end:
        for dels, seq in ((del_a, a), (del_b, b)):
            last = _last_consonant(seq)
            if last is not None:
                dels[last] = min(dels[last], LOOSE_END)
    total = max(weight(a, faint), weight(b, faint))
    if total <= 0.0:
        return 0.0
    # Costs only grow along a row: once every cell of a row costs more than the distance
    # at which the similarity would fall to ``ABANDON``, the result is known to be below it.
    give_up = (1.0 - ABANDON) * total
    if compiled and _compiled is not None:
        distance = _compiled.distance(a, b, del_a, del_b, strict, give_up)
        return 0.0 if distance < 0.0 else max(0.0, 1.0 - distance / total)
    return _similarity_python(a, b, del_a, del_b, strict, give_up, total)


def _similarity_python(
    a: tuple[int, ...],
    b: tuple[int, ...],
    del_a: list[float],
    del_b: list[float],
    strict: bool,
    give_up: float,
    total: float,
) -> float:
    """The alignment loop in Python: the reference for (and fallback to) ``_alignc``."""
    previous = [0.0]
    for cost in del_b:
        previous.append(previous[-1] + cost)
    for sym_a, cost_a in zip(a, del_a, strict=True):
        row = [_sub(sym_a, sym_b, strict) for sym_b in b]
        left = previous[0] + cost_a
        current = [left]
        for j, sub in enumerate(row):
            diagonal = previous[j] + sub
            up = previous[j + 1] + cost_a
            left = left + del_b[j]
            best = diagonal if diagonal < up else up
            left = best if best < left else left
            current.append(left)
        previous = current
        if min(current) > give_up:
            return 0.0
    return max(0.0, 1.0 - previous[-1] / total)


@lru_cache(maxsize=1 << 15)
def _sub(sym_a: int, sym_b: int, strict: bool) -> float:
    if not strict:
        sym_a = sym_a | BIT["S"] if sym_a & ALSO_S else sym_a
        sym_b = sym_b | BIT["S"] if sym_b & ALSO_S else sym_b
        sym_a = sym_a | SOFT_DT if sym_a & ALSO_SOFT_DT else sym_a
        sym_b = sym_b | SOFT_DT if sym_b & ALSO_SOFT_DT else sym_b
    cost = substitution(sym_a, sym_b)
    if strict and cost and not (sym_a | sym_b) & VOWEL_MASK:
        cost *= STRICT
    return cost


def collapse(symbols: list[int], shared: bool = True) -> tuple[int, ...]:
    """Drop immediate repeats (doubled letters: Hassan, Mohammad, the sc of Ascension).

    With ``shared``, two adjacent consonants that may be one sound merge into the first;
    not for pinyin, where 尔兰 (er-lan) is an r and an l.
    """
    out: list[int] = []
    for sym in symbols:
        if out and out[-1] == sym:
            continue
        if shared and out and not (sym | out[-1]) & VOWEL_MASK and sym & out[-1] & CONSONANT_MASK:
            continue
        out.append(sym)
    return tuple(out)


def describe(token: tuple[int, ...]) -> str:
    """A readable form of a token for explanations: first phoneme of each symbol."""
    parts = []
    for sym in token:
        names = _members(sym)
        if not names:
            continue
        text = names[0].lower() if sym & VOWEL_MASK else names[0]
        parts.append(text if not sym & WEAK else "")
    return "".join(parts)


def _load_compiled() -> ModuleType | None:
    """The compiled alignment (``_alignc``), configured with these costs, or None when it
    was not built (no compiler at install time)."""
    try:
        from allyhub.fusion import _alignc
    except ImportError:
        return None
    near = [
        _NEAR.get(frozenset((x, y)), 1.0) if x != y else 0.0 for x in PHONEMES for y in PHONEMES
    ]
    masks = (
        CONSONANT_MASK,
        VOWEL_MASK,
        SEMIVOWEL_MASK,
        WEAK,
        ALSO_S,
        BIT["S"],
        ALSO_SOFT_DT,
        SOFT_DT,
    )
    _alignc.configure(near, masks, (VOWEL_SUB, FAINT_VOWEL_COST, STRICT, SEMIVOWEL_FOR_VOWEL))
    return _alignc


_compiled = _load_compiled()
