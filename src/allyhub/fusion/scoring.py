"""Scoring two entities' names: a number in [0, 1], a band, and the reasons.

Why this shape: an analyst confirms or rejects what fusion proposes, so a score alone is
not enough: the explanation says which parts of the names were aligned, how well, and
which found no counterpart. The bands come from the charter (link, review, reject);
``Bands`` carries its thresholds.

How a pair of names is scored: each name is read into parts (see :mod:`.keys`). Parts
are aligned greedily, best pair first, and adjacent parts may be joined (Nasr Allah and
Nasrallah, Ahmadi Nejad and Ahmadinejad). A phonetic pair scores by the weighted edit
distance of its phonemes; a translated word scores by its concept. Each aligned pair's
similarity is sharpened (near-misses such as Bashar/Basil count for little), and the
name score is the matched weight over the total weight of both names' parts, so a part
with no counterpart (the Kata'ib in Kata'ib Hezbollah) pulls the score down. Entities
score by their best pair of names; country, dates and shared relationships then nudge it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from allyhub.charter import Band, Bands
from allyhub.fusion._acronyms import Acronym, AcronymMatch, acronym_of, acronym_score
from allyhub.fusion._folding import scripts_of
from allyhub.fusion._gazetteer import BUILT_IN, Known, KnownNames, KnownTables, Table, fold_name
from allyhub.fusion._phonemes import HEARD_APART, coarse, sh_unheard, similarity, vowel_slots_apart
from allyhub.fusion._romanize import han
from allyhub.fusion.keys import Kind, NameToken, Reading, name_block_keys, name_readings

Family = Literal["person", "organization", "group", "location", "malware", "infrastructure"]

_FAMILIES: dict[Kind, frozenset[Family]] = {
    "person": frozenset({"person"}),
    "organization": frozenset({"organization"}),
    "location": frozenset({"location"}),
    "malware": frozenset({"malware"}),
    "infrastructure": frozenset({"infrastructure"}),
    "campaign": frozenset({"group"}),
    "intrusion-set": frozenset({"group"}),
    "threat-actor": frozenset({"group"}),
    "identity": frozenset({"person", "organization"}),
}

UNMATCHED_EXTRA = 0.5
"""Extra weight of a name or concept part that found no counterpart."""

PAIR_FLOOR = 0.5
"""Below this phonetic similarity two parts are not aligned at all."""
NUMBERS_APART = 0.3
"""The most two readings score when each has a number the other lacks (APT28 and APT29,
Checkpoint 12 and 13): see the end of ``_align``."""
CREDIT_POWER = 2.0
WEAKEST_POWER = 0.5
"""The name score is multiplied by (weakest aligned part's credit) ** this: every part of
a name has to agree, not just most of them (Bashar al-Assad is not Basil al-Assad)."""


DEFAULT_BANDS = Bands()


@dataclass(frozen=True, slots=True)
class EntityNames:
    """What fusion knows of one entity: its kind, every name and alias, and context.

    ``country`` is an ISO 3166 code; ``start``/``end`` bound when the entity is known to
    exist or act; ``related`` holds ids of objects it has relationships with.
    """

    kind: Kind
    names: tuple[str, ...]
    country: str | None = None
    start: date | None = None
    end: date | None = None
    related: frozenset[str] = field(default_factory=frozenset)


Names = EntityNames | str | Sequence[str]


@dataclass(frozen=True, slots=True)
class PartMatch:
    """Two aligned parts (each possibly several joined words) and their similarity."""

    a: str
    b: str
    similarity: float


@dataclass(frozen=True, slots=True)
class NameScore:
    """The best alignment of two names."""

    score: float
    a: str
    b: str
    matched: tuple[PartMatch, ...]
    unmatched_a: tuple[str, ...]
    unmatched_b: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """The verdict on two entities: score in [0, 1], band, and why."""

    score: float
    band: Band
    why: str
    names: NameScore | None = None


def compatible(a: Kind, b: Kind) -> bool:
    """True when entities of these kinds may be the same thing (a person is never a place)."""
    return bool(_FAMILIES[a] & _FAMILIES[b])


def _family(a: Kind, b: Kind) -> Family:
    common = sorted(_FAMILIES[a] & _FAMILIES[b])
    return common[0] if common else "organization"


def _as_entity(names: Names, kind: Kind) -> EntityNames:
    if isinstance(names, EntityNames):
        return names
    if isinstance(names, str):
        return EntityNames(kind=kind, names=(names,))
    return EntityNames(kind=kind, names=tuple(names))


def sharpen(sim: float) -> float:
    """Map a part similarity to the credit it earns, in [0, 1].

    Below ``PAIR_FLOOR`` nothing; above it, credit falls with the square of the distance,
    so spelling variants (0.85 and up) keep most of their credit while different words
    that share a skeleton (Hama/Homs, about 0.6) keep little.
    """
    if sim <= PAIR_FLOOR:
        return 0.0
    distance = (1.0 - sim) / (1.0 - PAIR_FLOOR)
    return float(1.0 - distance**CREDIT_POWER)


UnitKey = tuple[int, str | None, str | None, tuple[int, ...], tuple[int, ...], str, bool, str, str]
"""(size, number, concept, phonemes, stem, script, faint, skeleton, place): what ``_pair``
compares."""


class PairKey:
    """A unit's pair-cache key with its hash computed once (units recur across pairs)."""

    __slots__ = ("key", "hash")

    def __init__(self, key: UnitKey) -> None:
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, PairKey) and self.key == other.key)


@dataclass(frozen=True, slots=True)
class _Unit:
    """One part, or two or three adjacent parts joined, with what pairing needs computed
    once per reading (not per pair): its skeleton, weight and a key for the pair cache."""

    positions: int
    """Bit mask of the reading's parts this unit covers."""
    tokens: tuple[NameToken, ...]
    skeleton: str
    weight: float
    key: PairKey

    def show(self) -> str:
        return "+".join(t.show() for t in self.tokens)


def _unit(positions: int, tokens: tuple[NameToken, ...], place: bool = False) -> _Unit:
    """``place``: compare a country's name by the country it names (a part of a longer
    name; a whole name that is a country's is left to the table of known names, which
    cites its source)."""
    skeleton = "".join(t.skeleton for t in tokens)
    if len(tokens) == 1:
        t = tokens[0]
        number = t.text if t.role == "number" else None
        country = t.place if place else ""
        key: UnitKey = (1, number, t.concept, t.phon, t.stem, t.script, t.faint, skeleton, country)
    else:
        phon = tuple(sym for t in tokens for sym in t.phon)
        faint = any(t.faint for t in tokens)
        key = (len(tokens), None, None, phon, (), tokens[0].script, faint, skeleton, "")
    return _Unit(positions, tokens, skeleton, sum(t.weight for t in tokens), _pair_key(key))


@lru_cache(maxsize=1 << 16)
def _pair_key(key: UnitKey) -> PairKey:
    """One PairKey object per key while it is in use: the pair cache then finds its
    entries by identity, without comparing keys."""
    return PairKey(key)


@lru_cache(maxsize=1 << 14)
def _units(reading: Reading) -> tuple[_Unit, ...]:
    """Each part alone, and runs of two or three adjacent phonetic parts joined."""
    units = [_unit(1 << i, (t,), len(reading) > 1) for i, t in enumerate(reading)]
    if len(reading) > 8:
        return tuple(units)
    for size in (2, 3):
        for start in range(len(reading) - size + 1):
            run = reading[start : start + size]
            if all(t.concept is None and t.phon for t in run):
                units.append(_unit(((1 << size) - 1) << start, run))
    return tuple(units)


SKELETON_GATE = 0.3
"""Parts whose consonant skeletons are further apart than this are not aligned by the
(slower) phoneme alignment at all: it would not score them above ``PAIR_FLOOR``."""


JOINED_GATE = 0.5
"""The same for joined parts (Nasr+Allah against Nasrallah): a join is worth trying only
when the skeletons are close already."""


CONCEPT_BY_SOUND = 0.95
"""A translated word against a name part, compared by sound (فارس read as Persian, and
Fars), keeps at most this much: the reading as a word of the lexicon came first."""


@lru_cache(maxsize=1 << 16)
def _pair(u: PairKey, v: PairKey) -> float:
    """The similarity of two units, by their keys (see ``_unit``)."""
    size_u, number_u, cu, phon_u, stem_u, script_u, faint_u, skel_u, place_u = u.key
    size_v, number_v, cv, phon_v, stem_v, script_v, faint_v, skel_v, place_v = v.key
    assert isinstance(skel_u, str) and isinstance(skel_v, str)
    single = size_u == 1 and size_v == 1
    if single and place_u and place_v:
        # Two names of countries: the same country whatever the sound (China, 中国), or
        # two countries however alike (Iraq, Iran).
        return 1.0 if place_u == place_v else 0.0
    if single:
        if number_u is not None or number_v is not None:
            return 1.0 if number_u == number_v else 0.0
        if cu is not None and cv is not None:
            return 1.0 if cu == cv else 0.0
        if cu is not None or cv is not None:
            sound_u = stem_u if cu is not None else phon_u
            sound_v = stem_v if cv is not None else phon_v
            if not sound_u or not sound_v:
                return 0.0
            return CONCEPT_BY_SOUND * _sound_pair(
                sound_u,
                sound_v,
                script_u,
                script_v,
                faint_u,
                faint_v,
                _skeleton(sound_u),
                _skeleton(sound_v),
                SKELETON_GATE,
            )
    gate = SKELETON_GATE if single else JOINED_GATE
    args = (script_u, script_v, faint_u, faint_v)
    best = _sound_pair(phon_u, phon_v, *args, skel_u, skel_v, gate)
    if single and best < 0.9:
        # Syrian / سوريا, сирийской / Syria: the adjective's stem against the other name.
        for x, y in ((stem_u, phon_v), (phon_u, stem_v), (stem_u, stem_v)):
            if x and y:
                sim = _sound_pair(x, y, *args, _skeleton(x), _skeleton(y), gate)
                best = max(best, sim)
    return best


def _skeleton(phon: tuple[int, ...]) -> str:
    return "".join(coarse(sym) for sym in phon)


def _sound_pair(
    a: tuple[int, ...],
    b: tuple[int, ...],
    script_a: str,
    script_b: str,
    faint_a: bool,
    faint_b: bool,
    skeleton_a: str,
    skeleton_b: str,
    gate: float,
) -> float:
    if (
        skeleton_a
        and skeleton_b
        and Levenshtein.normalized_similarity(skeleton_a, skeleton_b) < gate
    ):
        return 0.0
    loose_end = (script_a == "Han") != (script_b == "Han")
    # Vowels are faint only across the divide: two Arabic-script names both write their
    # long vowels, and a difference in them is a real one (ملاوي Malawi, مالی Mali).
    faint = faint_a != faint_b
    value = similarity(a, b, faint, script_a == script_b, loose_end)
    if value > PAIR_FLOOR and loose_end:
        han, other = (a, b) if script_a == "Han" else (b, a)
        value = value - HEARD_APART if sh_unheard(han, other) else value
    if value > PAIR_FLOOR and script_a == script_b and script_a in _ALPHABETS:
        value = value - HEARD_APART if vowel_slots_apart(a, b) else value
    return value


_ALPHABETS = frozenset({"Latin", "Cyrillic"})
"""Scripts that write every vowel, short or long (see ``vowel_slots_apart``). Within one
of them only: a name taken into another language gains vowels to break its clusters
(Tehran, Тегеран; Lisbon, Лиссабон)."""


_DISTINCTIVE = ("name", "concept", "number")
QUALIFIER_WEIGHT = 0.2
MIDDLE_WEIGHT = 0.4
"""What a middle name with no counterpart weighs (Bashar Hafez al-Assad / Bashar al-Assad):
a short form leaves middle names out, never the first or the last (Hafez al-Assad is the
father)."""


@dataclass(frozen=True, slots=True)
class _Profile:
    """What scoring needs of one reading, computed once: its units and, per part, what it
    weighs matched, unmatched, and unmatched as a qualifier (see ``_unmatched``)."""

    units: tuple[_Unit, ...]
    matched: tuple[float, ...]
    unmatched: tuple[float, ...]
    qualifier: tuple[float, ...]
    countries: int
    distinctive: int
    numbers: int
    sounded: int
    """How many parts are compared by sound (not translated words, not numbers)."""
    tail: int
    """The parts after "of" that follows two distinctive parts (the "of Iraq and the
    Levant" of Islamic State of Iraq and the Levant): a qualifying phrase."""


@lru_cache(maxsize=1 << 14)
def _profile(reading: Reading) -> _Profile:
    names = [i for i, t in enumerate(reading) if t.role == "name"]
    middle = set(names[1:-1]) if len(names) >= 3 else set()
    unmatched = tuple(_unmatched(i, t, middle) for i, t in enumerate(reading))
    qualifier = tuple(
        QUALIFIER_WEIGHT if t.country and len(reading) > 1 else unmatched[i]
        for i, t in enumerate(reading)
    )
    return _Profile(
        _units(reading),
        tuple(t.weight for t in reading),
        unmatched,
        qualifier,
        sum(1 << i for i, t in enumerate(reading) if t.country),
        sum(1 << i for i, t in enumerate(reading) if t.role in _DISTINCTIVE),
        sum(1 << i for i, t in enumerate(reading) if t.role == "number"),
        sum(1 for t in reading if t.concept is None and t.phon),
        _tail(reading),
    )


_PLACE_TAIL = frozenset({"OF", "LEVANT", "PEOPLE"})
"""Concepts a trailing qualifier of places is made of besides country names (the و of
دولت اسلامی عراق و شام, Islamic State of Iraq and the Levant)."""


_AND = frozenset({"and", "&", "и", "و", "和", "及", "与", "與"})
"""Words the lexicon reads as OF that join two names rather than qualify one: what
follows them is another part of the name (St. Kitts & Nevis), not a qualifier."""


def _tail(reading: Reading) -> int:
    seen = 0
    of_tail = 0
    for index, token in enumerate(reading):
        if token.concept == "OF" and seen >= 2 and token.source.lower() not in _AND:
            of_tail = sum(1 << i for i in range(index + 1, len(reading)))
            break
        if token.role in _DISTINCTIVE:
            seen += 1
    return max(of_tail, _place_tail(reading))


def _place_tail(reading: Reading) -> int:
    # Without "of": the places a name ends with, after two distinctive parts (Persian
    # دولت اسلامی عراق و شام; Russian Исламское государство Ирака и Леванта, a genitive).
    start = len(reading)
    while start > 0 and (reading[start - 1].country or reading[start - 1].concept in _PLACE_TAIL):
        start -= 1
    before = sum(1 for t in reading[:start] if t.role in _DISTINCTIVE)
    places = any(t.country or t.concept == "LEVANT" for t in reading[start:])
    if before >= 2 and places and reading[start].concept != "OF":
        return sum(1 << i for i in range(start, len(reading)))
    return 0


def _covered(profile: _Profile, mask: int) -> bool:
    """Every distinctive part found a counterpart, and at least two did."""
    found = profile.distinctive & mask
    return not profile.distinctive & ~mask and found & (found - 1) != 0


def _unmatched(index: int, token: NameToken, middle: set[int]) -> float:
    """What a part with no counterpart weighs: a distinctive part extra (the Kata'ib in
    Kata'ib Hezbollah), a middle name little."""
    if index in middle:
        return MIDDLE_WEIGHT
    if token.role in _DISTINCTIVE:
        return token.weight * (1.0 + UNMATCHED_EXTRA)
    return token.weight


Aligned = tuple[float, tuple[tuple[int, int, float], ...], int, int]
"""Score, the aligned unit pairs (index in a's units, in b's, similarity), and the masks
of the parts of a and of b that found a counterpart."""


@lru_cache(maxsize=1 << 14)
def _align(a: Reading, b: Reading) -> Aligned:
    """Align two readings greedily, best pair first, and score them."""
    pa, pb = _profile(a), _profile(b)
    units_a, units_b = pa.units, pb.units
    # Joined parts (Nasr+Allah for Nasrallah) only on the side that has more sounded parts.
    join_a, join_b = pa.sounded > pb.sounded, pb.sounded > pa.sounded
    candidates: list[tuple[float, int, int, int]] = []
    for i, u in enumerate(units_a):
        joined_u = len(u.tokens) > 1
        if joined_u and not join_a:
            continue
        key_u = u.key
        for j, v in enumerate(units_b):
            if len(v.tokens) > 1 and (joined_u or not join_b):
                continue
            sim = _pair(key_u, v.key)
            if sim > PAIR_FLOOR:
                candidates.append((sim, len(u.tokens) + len(v.tokens), i, j))
    candidates.sort(key=lambda c: (-c[0], -c[1]))
    mask_a = mask_b = 0
    pairs: list[tuple[int, int, float]] = []
    credit = 0.0
    weakest = 1.0
    for sim, _size, i, j in candidates:
        u, v = units_a[i], units_b[j]
        if u.positions & mask_a or v.positions & mask_b:
            continue
        mask_a |= u.positions
        mask_b |= v.positions
        earned = sharpen(sim)
        credit += earned * (u.weight + v.weight)
        if u.weight + v.weight >= 1.0:
            weakest = min(weakest, earned)
        pairs.append((i, j, sim))
    # A country left out is a qualifier (黎巴嫩真主党, Hezbollah); two different countries
    # left over are a difference (the ministries of defence of Syria and of Russia).
    other_a = bool(pa.countries & ~mask_a)
    other_b = bool(pb.countries & ~mask_b)
    total = _total(pa, mask_a, not other_b, _covered(pb, mask_b)) + _total(
        pb, mask_b, not other_a, _covered(pa, mask_a)
    )
    value = credit / total * weakest**WEAKEST_POWER if total > 0 else 0.0
    if not pa.distinctive & mask_a:
        value = min(value, 0.3)
    if pa.numbers & ~mask_a and pb.numbers & ~mask_b:
        value = min(value, NUMBERS_APART)  # APT28 and APT29: numbers differ
    return max(0.0, min(1.0, value)), tuple(pairs), mask_a, mask_b


def _total(
    profile: _Profile, mask: int, qualifiers: bool, other_covered: bool, light: int = 0
) -> float:
    """The weight of a reading's parts for the score's denominator. ``qualifiers``: a
    country left out weighs little; ``other_covered``: the other name is all matched, so
    a qualifying phrase this one adds at its end weighs little too (a long form);
    ``light``: parts that weigh at most ``KIND_LEFT_OUT`` when left out (see
    ``_common_name``)."""
    left = profile.qualifier if qualifiers else profile.unmatched
    tail = profile.tail if other_covered and not profile.distinctive & ~mask & ~profile.tail else 0
    total = 0.0
    for i in range(len(profile.matched)):
        if mask >> i & 1:
            total += profile.matched[i]
        elif tail >> i & 1:
            total += min(left[i], QUALIFIER_WEIGHT)
        elif light >> i & 1:
            total += min(left[i], KIND_LEFT_OUT)
        else:
            total += left[i]
    return total


KIND_LEFT_OUT = 0.3
"""What a kind word weighs when an organisation's common name leaves it out (see
``_common_name``)."""


def _kind_words_left(
    short: Reading,
    mask_s: int,
    long: Reading,
    mask_l: int,
    pairs: tuple[tuple[int, int, float], ...],
    short_first: bool,
    lexical: frozenset[str],
) -> int:
    """The parts of ``long`` left out by ``short`` when ``short`` is its common name: every
    distinctive part of ``short`` matched, at least one by sound, and all that ``long``
    adds translated kind words (Tasnim, وكالة تسنيم للأنباء: agency, news). 0 otherwise."""
    profile = _profile(short)
    if profile.distinctive & ~mask_s:
        return 0
    if not any(
        mask_s >> i & 1 and t.role == "name" and t.concept is None and not t.country
        for i, t in enumerate(short)
    ):
        return 0
    units_s, units_l = _profile(short).units, _profile(long).units
    for i, j, _sim in pairs:
        # A part of the common name heard as a translated word of the full name (حزب الله,
        # Hezbollah, in كتائب حزب الله) is not a distinctive name found by sound.
        i, j = (i, j) if short_first else (j, i)
        if any(t.role == "name" for t in units_s[i].tokens) and any(
            t.concept is not None or t.source in lexical for t in units_l[j].tokens
        ):
            return 0
    left = 0
    for i, t in enumerate(long):
        if not mask_l >> i & 1:
            if t.concept is None:
                return 0
            left |= 1 << i
    return left


def _common_name(best: _Best, lexical: frozenset[str] = frozenset()) -> float:
    """An organisation's common name against its full name: the kind words the common
    name leaves out (agency, news, party) weigh ``KIND_LEFT_OUT`` each, not what a
    distinctive part weighs. Not for places, where a kind word makes another entity (Port
    of Tartus is not Tartus), and not when the common name is itself only translated
    words (Hezbollah, read as party of God, is not Kata'ib Hezbollah)."""
    value, ra, rb, aligned, flipped = best
    _value, pairs, mask_x, mask_y = aligned
    if value <= 0.3 or not pairs:
        return value
    x, y = (rb, ra) if flipped else (ra, rb)
    light_x = _kind_words_left(y, mask_y, x, mask_x, pairs, False, lexical)
    light_y = _kind_words_left(x, mask_x, y, mask_y, pairs, True, lexical)
    if not light_x and not light_y:
        return value
    px, py = _profile(x), _profile(y)
    qual_x, qual_y = not py.countries & ~mask_y, not px.countries & ~mask_x
    cov_x, cov_y = _covered(px, mask_x), _covered(py, mask_y)
    before = _total(px, mask_x, qual_x, cov_y) + _total(py, mask_y, qual_y, cov_x)
    after = _total(px, mask_x, qual_x, cov_y, light_x) + _total(py, mask_y, qual_y, cov_x, light_y)
    return min(1.0, value * before / after) if after > 0 else value


def _best_common_name(
    readings_a: tuple[Reading, ...], readings_b: tuple[Reading, ...], best: _Best
) -> tuple[float, _Best]:
    """``_common_name`` over every pair of readings, not only the best-scoring one: the
    reading of خبرگزاری تسنیم as translated words (news agency) is the one whose kind words
    Tasnim leaves out, though as sounds it scores higher. A part that some reading takes
    for translated words is not a distinctive name (Hezbollah, party of God, read as a
    sound in Kata'ib Hezbollah)."""
    lexical = frozenset(
        t.source for r in (*readings_a, *readings_b) for t in r if t.concept is not None
    )
    value = _common_name(best, lexical)
    for ra in readings_a:
        for rb in readings_b:
            flipped = _key(rb) < _key(ra)
            aligned = _align(rb, ra) if flipped else _align(ra, rb)
            candidate: _Best = (aligned[0], ra, rb, aligned, flipped)
            found = _common_name(candidate, lexical)
            if found > value:
                value, best = found, candidate
    return value, best


def _name_score(a: Reading, b: Reading, aligned: Aligned) -> NameScore:
    value, pairs, mask_a, mask_b = aligned
    units_a, units_b = _profile(a).units, _profile(b).units
    return NameScore(
        score=value,
        a=" ".join(t.source for t in a),
        b=" ".join(t.source for t in b),
        matched=tuple(
            PartMatch(units_a[i].show(), units_b[j].show(), round(sim, 3)) for i, j, sim in pairs
        ),
        unmatched_a=tuple(t.show() for i, t in enumerate(a) if not mask_a >> i & 1),
        unmatched_b=tuple(t.show() for i, t in enumerate(b) if not mask_b >> i & 1),
    )


def score_readings(a: Reading, b: Reading) -> NameScore:
    """Align two readings and score them (see the module docstring)."""
    return _name_score(a, b, _align(a, b))


_Best = tuple[float, Reading, Reading, Aligned, bool]
"""The best alignment of two names: score, the two readings, the alignment, and whether
it was made with the readings swapped (see ``_best_alignment``)."""


def _best_alignment(
    readings_a: tuple[Reading, ...], readings_b: tuple[Reading, ...]
) -> _Best | None:
    best: _Best | None = None
    for ra in readings_a:
        for rb in readings_b:
            # Order the pair canonically so that score(a, b) == score(b, a) exactly.
            flipped = _key(rb) < _key(ra)
            aligned = _align(rb, ra) if flipped else _align(ra, rb)
            if best is None or aligned[0] > best[0]:
                best = (aligned[0], ra, rb, aligned, flipped)
                if aligned[0] >= 1.0:
                    return best
    return best


def _explained(name_a: str, name_b: str, best: _Best) -> NameScore:
    _value, ra, rb, aligned, flipped = best
    if flipped:
        result = _name_score(rb, ra, aligned)
        return NameScore(
            result.score,
            name_a,
            name_b,
            tuple(PartMatch(m.b, m.a, m.similarity) for m in result.matched),
            result.unmatched_b,
            result.unmatched_a,
        )
    result = _name_score(ra, rb, aligned)
    return NameScore(
        result.score, name_a, name_b, result.matched, result.unmatched_a, result.unmatched_b
    )


def _score_readings_of(
    name_a: str,
    readings_a: tuple[Reading, ...],
    name_b: str,
    readings_b: tuple[Reading, ...],
) -> NameScore:
    best = _best_alignment(readings_a, readings_b)
    if best is None:
        return NameScore(0.0, name_a, name_b, (), (name_a,), (name_b,))
    return _explained(name_a, name_b, best)


@lru_cache(maxsize=1 << 14)
def _key(reading: Reading) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    return tuple((t.source, t.role, t.phon) for t in reading)


def _context(a: EntityNames, b: EntityNames) -> tuple[float, list[str]]:
    delta = 0.0
    notes: list[str] = []
    if a.country and b.country:
        if a.country.upper() == b.country.upper():
            delta += 0.03
            notes.append(f"same country {a.country.upper()} +0.03")
        else:
            delta -= 0.15
            notes.append(f"countries differ {a.country.upper()}/{b.country.upper()} -0.15")
    if a.start and b.end and a.start > b.end or b.start and a.end and b.start > a.end:
        delta -= 0.15
        notes.append("dates do not overlap -0.15")
    shared = a.related & b.related
    if shared:
        bonus = min(0.1, 0.05 * len(shared))
        delta += bonus
        notes.append(f"{len(shared)} shared relationship(s) +{bonus:.2f}")
    return delta, notes


def explain_names(s: NameScore) -> str:
    """The alignment in words: which parts matched, how well, and which did not."""
    parts = [f"'{s.a}' vs '{s.b}'"]
    # The distinctive parts are matched by sound, translated (generic) words by meaning:
    # the explanation keeps the two apart, as the score weighs them apart.
    by_sound = [m for m in s.matched if not (m.a.endswith("]") and m.b.endswith("]"))]
    by_meaning = [m for m in s.matched if m.a.endswith("]") and m.b.endswith("]")]
    if by_sound:
        parts.append(
            "matched " + ", ".join(f"{m.a} ~ {m.b} ({m.similarity:.2f})" for m in by_sound)
        )
    if by_meaning:
        parts.append(
            "translated words "
            + ", ".join(f"{m.a} ~ {m.b} ({m.similarity:.2f})" for m in by_meaning)
        )
    if not s.matched:
        parts.append("no part matched")
    if s.unmatched_a:
        parts.append("unmatched in first: " + ", ".join(s.unmatched_a))
    if s.unmatched_b:
        parts.append("unmatched in second: " + ", ".join(s.unmatched_b))
    return "; ".join(parts)


ACRONYM_TRY = 0.9
"""Acronyms are tried only when the names themselves score below this."""


ACRONYM_SOUND_CAP = 0.7
"""The most a pair of written-out acronyms whose letters differ may score by sound."""


def _letters_apart(name_a: str, name_b: str) -> bool:
    """Two acronyms written in capitals whose consonant letters do not correspond one for
    one (PKK and ОПЕК sound alike, but P-K-K is not O-P-E-K)."""
    a, b = acronym_of(name_a, "organization"), acronym_of(name_b, "organization")
    if a is None or b is None or not (a.explicit or b.explicit):
        return False
    if "Han" in (a.script, b.script):
        # Chinese characters are syllables, not letters: an acronym read as a word (ХАМАС,
        # 哈马斯) may sound like them; one spelled letter by letter (PKK, 欧佩克) may not.
        other = b if a.script == "Han" else a
        return not _VOWELS.intersection(other.letters)
    return _consonants(a) != _consonants(b)


_VOWELS = frozenset("aeiouyаеёиоуыэюяاوی")


def _consonants(acronym: Acronym) -> str:
    """The acronym's consonant classes; a Latin w counts as the labial other scripts write
    for it (в, و: WTO and ВТО agree letter for letter)."""
    return "".join(
        "P" if letter == "w" and acronym.script == "Latin" else coarse(symbol)
        for letter, symbol in zip(acronym.letters, acronym.symbols(), strict=True)
    )


def _best_acronym(a: EntityNames, b: EntityNames) -> AcronymMatch | None:
    best: AcronymMatch | None = None
    for name_a in a.names:
        for name_b in b.names:
            found = acronym_score(name_a, name_b, a.kind, b.kind)
            if found is not None and (best is None or found.score > best.score):
                best = found
    return best


KNOWN_SAME = 0.95
KNOWN_APART = 0.3
"""Two names a table files for one thing score at least ``KNOWN_SAME``; two names it
files for two different things at most ``KNOWN_APART`` (Togo is not 泰国, Thailand)."""

KNOWN_FORM = 0.85
"""A name that scores this much against a known form of a thing *in its own script* (a
person's: in any script) is taken for that thing (see ``_pivot``)."""

PIVOT_POWER = 2.0
"""Below ``KNOWN_FORM`` a pivot scores its closeness to this power: two different names
of one script that are merely alike (أندير, Anadyr, and أندورا, Andorra) are not the
thing the table knows."""

_Known = tuple[float, str, tuple[str, str]]


def _contained(readings: tuple[Reading, ...], form: tuple[Reading, ...]) -> float:
    """How well every distinctive part of a name finds a part of a longer known form
    (Сирия in Сирийская Арабская Республика): the weakest such part's similarity."""
    best = 0.0
    for reading in readings:
        profile = _profile(reading)
        if not profile.distinctive:
            continue
        for other in form:
            _value, pairs, mask, mask_form = _align(reading, other)
            if pairs and not profile.distinctive & ~mask and not _other_half(other, mask_form):
                best = max(best, min(sim for _i, _j, sim in pairs))
    return best


def _other_half(form: Reading, mask: int) -> bool:
    """A known form that joins two names (Antigua and Barbuda, 圣基茨和尼维斯) left one
    of them unmatched: a name of one half is another place (the island of Antigua, the
    town of St Kitts), not a short form of the whole."""
    joined = any(t.concept == "OF" for t in form)
    return joined and any(t.role == "name" and not mask >> i & 1 for i, t in enumerate(form))


LETTER_MARGIN = 0.15
"""Within one script a known form and another name are compared letter by letter too,
and score at most this much above the share of their letters that agree: phonemes are
lenient by design (across scripts they must be), which within one script lets
أندير (Anadyr) pass for أندورا (Andorra) or برازویل (Brazzaville) for البرازيل."""


def _letters(name: str, form: str) -> tuple[float, float]:
    """How alike two names of one script are as folded letters: as wholes, and the name
    as a part of a longer form: against the run of the form's words, as many as the name
    has, that is most like it, or against its start when that run is longer by an
    ending (Сирия and Сирийская in Сирийская Арабская Республика)."""
    if scripts_of(name)[:1] == ("Han",):
        # Chinese characters are syllables, and two transliterations of one sound may
        # differ in them (马耳他, 马尔他: ma-er-ta): compare their readings, syllable by
        # syllable (古巴 gu-ba is not 库亚巴 ku-ya-ba).
        syllables = (_syllables(name), _syllables(form))
        whole = Levenshtein.normalized_similarity(*syllables)
        return whole, max(whole, fuzz.partial_ratio(*syllables) / 100.0)
    name, form = _spelled(name), _spelled(form)
    folded, folded_form = _bare(fold_name(name)), _bare(fold_name(form))
    whole = Levenshtein.normalized_similarity(folded, folded_form)
    size, words = len(name.split()), form.split()
    part = whole
    for i in range(len(words) - size + 1) if len(words) > size else ():
        run = fold_name(" ".join(words[i : i + size]))
        if len(run) >= len(folded) + ENDING:
            run = run[: len(folded)]
        part = max(part, Levenshtein.normalized_similarity(folded, run))
    return whole, part


_SPELLED = (
    (re.compile(r"\bSt\.?(?=\s|-)", re.IGNORECASE), "Saint"),
    (re.compile(r"\s*&\s*"), " and "),
    (re.compile(r"\bо-ва\b"), "острова"),
    (re.compile(r"\bо-в\b"), "остров"),
)
"""Abbreviations written out before names are compared letter by letter (St. Kitts &
Nevis is Saint Kitts and Nevis; о-в Мэн is остров Мэн)."""


def _spelled(name: str) -> str:
    for short, full in _SPELLED:
        name = short.sub(full, name)
    return name


def _syllables(name: str) -> list[str]:
    return han(name)[0].split("-")


def _bare(folded: str) -> str:
    """A folded Arabic-script name without its article (البيرو, بيرو: Peru)."""
    return folded[2:] if folded.startswith("ال") and len(folded) > 4 else folded


ENDING = 3
"""A word this many letters longer than a name may be the name with an adjective's or a
case's ending (Сирийская, Сирия)."""


@lru_cache(maxsize=1 << 14)
def _closest_form(
    gazetteer: KnownNames, thing: str, name: str, kind: Kind = "location"
) -> tuple[float, str] | None:
    """The known form of ``thing`` in ``name``'s script that is most like ``name``: the
    whole name against the whole form, or the name as a short form of the form. For a
    person, forms in other scripts too, compared by sound: a person's name is
    transliterated, not translated, so the coalition that lists Abu Bakr al-Baghdadi
    need not list Абу Бакр аль-Багдади (a place's or an organisation's other-script form
    may be a translation, and sound alone mistakes 库亚巴, Cuiabá, for كوبا, Cuba)."""
    script = scripts_of(name)[:1]
    readings = name_readings(name, kind)
    best: tuple[float, str] | None = None
    for form in gazetteer.forms(thing):
        same = scripts_of(form)[:1] == script
        if not same and kind != "person":
            continue
        form_readings = name_readings(form, kind)
        found = _best_alignment(form_readings, readings)
        whole = found[0] if found is not None else 0.0
        if same:
            letters = _letters(name, form)
            value = max(
                min(whole, letters[0] + LETTER_MARGIN),
                min(_contained(readings, form_readings), letters[1] + LETTER_MARGIN),
            )
        else:
            value = whole
        if best is None or value > best[0]:
            best = (value, form)
    return best


def _pivot(
    gazetteer: KnownNames,
    name_known: str,
    known: Known,
    name_other: str,
    flipped: bool,
    kind: Kind,
) -> _Known | None:
    """One name is a known name of a thing, the other is not in the table: compare the
    other with the thing's known forms in the other's own script. Why: a comparison
    within one script is far sharper than one across scripts (كوبا, Cuba, sounds like
    库亚巴, Cuiabá, but 古巴 does not), so the known form decides: the pair is the thing
    when the other name is close to one of its forms, and scores no more than that
    closeness otherwise (see ``verdict``)."""
    closest = _closest_form(gazetteer, known.id, name_other, kind)
    if closest is None:
        return None
    value, form = closest
    why = (
        f"'{name_known}' is a known name of {known.id} ({known.source}); its known form "
        f"'{form}' vs '{name_other}' scores {value:.2f}"
    )
    pair = (name_other, name_known) if flipped else (name_known, name_other)
    return (KNOWN_SAME if value >= KNOWN_FORM else value**PIVOT_POWER), why, pair


def _known(
    a: EntityNames, b: EntityNames, family: Family, gazetteer: KnownNames | None
) -> _Known | None:
    """What a table of known names says of two entities: the same thing (``KNOWN_SAME``),
    two different things (``KNOWN_APART``), or, when only one name is known, how close
    the other is to its known forms (``_pivot``). For organisations, groups and persons
    the pivot only raises: their tables list few of the forms a name may take, so a name
    they do not know is left to the other rules rather than capped."""
    if not gazetteer or family not in ("location", "organization", "group", "person"):
        return None  # no table, or an empty one (persons, without a charter's aliases)
    kind: Kind = (
        "location" if family == "location" else "person" if family == "person" else "organization"
    )
    apart: _Known | None = None
    pivot: _Known | None = None
    known_b = [(name_b, gazetteer.lookup(name_b)) for name_b in b.names]
    for name_a in a.names:
        known_a = gazetteer.lookup(name_a)
        for name_b, kb in known_b:
            if known_a is None and kb is None:
                continue
            if known_a is None or kb is None:
                if known_a is not None:
                    found = _pivot(gazetteer, name_a, known_a, name_b, False, kind)
                else:
                    assert kb is not None
                    found = _pivot(gazetteer, name_b, kb, name_a, True, kind)
                if found is not None and (pivot is None or found[0] > pivot[0]):
                    pivot = found
                continue
            sources = "; ".join(dict.fromkeys((known_a.source, kb.source)))
            if known_a.id == kb.id:
                why = f"'{name_a}' and '{name_b}' are known names of {known_a.id} ({sources})"
                return KNOWN_SAME, why, (name_a, name_b)
            why = f"'{name_a}' is a known name of {known_a.id}, '{name_b}' of {kb.id} ({sources})"
            apart = (KNOWN_APART, why, (name_a, name_b))
    if pivot is not None and pivot[0] >= KNOWN_SAME:
        return pivot
    return apart or (pivot if family == "location" else None)


@lru_cache(maxsize=8)
def _listed_forms(known: KnownTables, table: Table) -> dict[str, frozenset[str]]:
    """Block key -> the things of the coalition's aliases (not the built-in tables) one of
    whose known forms has that key."""
    found = known.table(table)
    by_key: dict[str, set[str]] = {}
    for listed_in, thing in known.listed():
        if listed_in != table:
            continue
        for form in found.forms(thing):
            for key in name_block_keys(form, table):
                by_key.setdefault(key, set()).add(thing)
    return {key: frozenset(ids) for key, ids in by_key.items()}


@lru_cache(maxsize=1 << 12)
def listed_keys(name: str, kind: Kind, known: KnownTables) -> frozenset[str]:
    """The ``K:`` block keys of the coalition's listed things that ``name`` is taken for
    although the charter does not list it: it scores ``KNOWN_FORM`` against one of
    their forms (``_closest_form``: a person's in any script), as the pivot scores it.
    Why: blocking must offer the reports under a listed name as candidates of a report
    under a form the coalition did not write down (Абу Бакр аль-Багдади beside a listed
    Abu Bakr al-Baghdadi), or the pivot never gets to score them. Only the coalition's
    things: the built-in tables' are many and their names are listed in every script."""
    found = known.for_kind(kind) if known.aliases else None
    if found is None or found[1].lookup(name) is not None:
        return frozenset()  # no aliases of this kind, or a listed name (``known_keys``)
    table, names = found
    forms = _listed_forms(known, table)
    things = {thing for key in name_block_keys(name, kind) for thing in forms.get(key, ())}
    return frozenset(
        f"K:{table}:{thing}"
        for thing in sorted(things)
        if (closest := _closest_form(names, thing, name, table)) is not None
        and closest[0] >= KNOWN_FORM
    )


def _table(known: KnownTables | KnownNames | None, family: Family) -> KnownNames | None:
    """The table of known names for a pair of this family: the one passed, or the one of
    places, of organisations and groups, or of persons of the tables passed (by default
    the built-in ones: see ``_gazetteer.built_in``)."""
    if not isinstance(known, KnownTables):
        return known
    found = known.for_kind(family)
    return found[1] if found is not None else None


@dataclass(frozen=True, slots=True)
class Verdict:
    """A score before its explanation is written: ``match()`` writes it. The index scores
    its candidates this way and explains only those it keeps."""

    value: float
    band: Band
    family: Family | None
    name_a: str = ""
    name_b: str = ""
    alignment: _Best | None = None
    name_value: float = 0.0
    explained: str | None = None
    names: NameScore | None = None
    notes: tuple[str, ...] = ()

    def match(self) -> Match:
        if self.family is None or self.alignment is None:
            return Match(self.value, self.band, self.explained or "", None)
        names = self.names
        if names is None:
            explained = _explained(self.name_a, self.name_b, self.alignment)
            names = replace(explained, score=self.name_value)
        why = f"{self.band} {self.value:.2f} ({self.family}): "
        why += self.explained or explain_names(names)
        if self.notes:
            why += "; context: " + ", ".join(self.notes)
        return Match(self.value, self.band, why, names)


def score(
    a: Names,
    b: Names,
    kind: Kind = "organization",
    bands: Bands = DEFAULT_BANDS,
    known: KnownTables | KnownNames | None = BUILT_IN,
) -> Match:
    """Score two entities (or two names of the given kind): best name pair plus context.

    ``known``: the tables of known names (default: the built-in ones, iso-codes'
    countries, CLDR's territories and cities, and the data file's places and
    organisations; a hub's add its coalition's aliases), one table for every family, or
    None to score by the names alone."""
    return verdict(a, b, kind, bands, known).match()


def verdict(
    a: Names,
    b: Names,
    kind: Kind = "organization",
    bands: Bands = DEFAULT_BANDS,
    known: KnownTables | KnownNames | None = BUILT_IN,
) -> Verdict:
    """``score`` without writing the explanation (``Verdict.match()`` writes it)."""
    ea, eb = _as_entity(a, kind), _as_entity(b, kind)
    if not compatible(ea.kind, eb.kind):
        return Verdict(
            0.0, "reject", None, explained=f"kinds differ: {ea.kind} is never a {eb.kind}"
        )
    family = _family(ea.kind, eb.kind)
    best: tuple[str, str, _Best] | None = None
    for name_a in ea.names:
        readings_a = name_readings(name_a, ea.kind)
        for name_b in eb.names:
            found = _best_alignment(readings_a, name_readings(name_b, eb.kind))
            if found is not None and (best is None or found[0] > best[2][0]):
                best = (name_a, name_b, found)
    if best is None:
        return Verdict(0.0, "reject", None, explained="no names to compare")
    name_a, name_b, alignment = best
    value = alignment[0]
    if family in ("organization", "group") and value < bands.link:
        value, alignment = _best_common_name(
            name_readings(name_a, ea.kind), name_readings(name_b, eb.kind), alignment
        )
    value, explained, names = _beyond_names(ea, eb, family, value, name_a, name_b, known)
    name_value = value
    delta, notes = _context(ea, eb)
    value = _with_context(value, delta)
    return Verdict(
        round(value, 6),
        bands.band(value),
        family,
        name_a,
        name_b,
        alignment,
        name_value,
        explained,
        names,
        tuple(notes),
    )


def _beyond_names(
    ea: EntityNames,
    eb: EntityNames,
    family: Family,
    value: float,
    name_a: str,
    name_b: str,
    known: KnownTables | KnownNames | None,
) -> tuple[float, str | None, NameScore | None]:
    """What the table of known names and acronyms make of the names' score ``value``
    (that of ``name_a`` and ``name_b``, the best pair): the score, and the explanation
    and name score of the rule that set it, if one did. Up to ``ACRONYM_SOUND_CAP`` it is
    never lower for a higher ``value`` (above, the acronym rules stop being tried), which
    ``numbers_rule_out`` relies on."""
    explained: str | None = None
    names: NameScore | None = None
    known_names = _known(ea, eb, family, _table(known, family))
    capped = False
    if known_names is not None:
        value_known, why_known, (known_a, known_b) = known_names
        # Below KNOWN_SAME the table caps the score: no other rule may raise it (WHO is
        # not an acronym of the IRGC's Russian name when both are known names).
        capped = value_known < KNOWN_SAME
        if (value_known >= KNOWN_SAME and value < value_known) or (capped and value > value_known):
            value, explained = value_known, why_known
            names = NameScore(value, known_a, known_b, (), (), ())
    if explained is None and not capped:
        if value > ACRONYM_SOUND_CAP and _letters_apart(name_a, name_b):
            # Two acronyms compared as sounds (PKK, ОПЕК): letters must agree, not sound.
            value = ACRONYM_SOUND_CAP
        acronym = _best_acronym(ea, eb) if value < ACRONYM_TRY else None
        if acronym is not None and acronym.score > value:
            value = acronym.score
            explained = f"'{acronym.acronym}' is an acronym of '{acronym.full}': {acronym.how}"
            names = NameScore(
                value,
                acronym.acronym,
                acronym.full,
                (PartMatch(acronym.acronym, acronym.full, round(value, 3)),),
                (),
                (),
            )
    return value, explained, names


def _with_context(value: float, delta: float) -> float:
    return max(0.0, min(1.0, value + delta)) if value > 0 else 0.0


@lru_cache(maxsize=1 << 14)
def _numbers(name: str, kind: Kind) -> tuple[frozenset[str], ...]:
    """The numbers of each reading of a name (the parts read as numbers)."""
    return tuple(
        frozenset(t.text for t in reading if t.role == "number")
        for reading in name_readings(name, kind)
    )


def _numbers_apart(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each reading has a number the other lacks: a number part pairs only with the same
    number, so both keep a part no alignment can match, and ``_align`` caps the score."""
    return bool(a - b) and bool(b - a)


def numbers_rule_out(
    a: EntityNames,
    b: EntityNames,
    bands: Bands = DEFAULT_BANDS,
    known: KnownTables | KnownNames | None = BUILT_IN,
) -> bool:
    """Whether ``verdict(a, b)`` is surely a reject without aligning a single name: every
    pair of their readings carries numbers the other lacks, so no name pair scores above
    ``NUMBERS_APART``, and neither the known names, nor acronyms, nor the context lift
    that to the review band. (Every step after the names' score is monotone in it for
    scores up to ``ACRONYM_SOUND_CAP``, which ``NUMBERS_APART`` is below.)

    Why: names with serial numbers (UNC2452, TA505, Checkpoint 12, a brigade's number)
    share their other parts with many others of their series, which blocking therefore
    proposes; aligning each costs tens of microseconds and can only end in a reject."""
    if not compatible(a.kind, b.kind) or not a.names or not b.names:
        return True  # the verdict rejects these before any rule
    for name_a in a.names:
        numbers_a = _numbers(name_a, a.kind)
        for name_b in b.names:
            for na in numbers_a:
                for nb in _numbers(name_b, b.kind):
                    if not _numbers_apart(na, nb):
                        return False
    family = _family(a.kind, b.kind)
    value, _explained, _names = _beyond_names(
        a, b, family, NUMBERS_APART, a.names[0], b.names[0], known
    )
    return bands.band(_with_context(value, _context(a, b)[0])) == "reject"
