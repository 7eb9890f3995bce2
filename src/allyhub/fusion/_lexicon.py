"""Words that are translated, not transliterated, between languages, and name particles.

Why: "Party of God" is 真主党 in Chinese, حزب الله in Arabic and Hezbollah in Latin letters;
no phonetic key can see that they agree. The generic words of names (party, brigades,
republic, south, islands, city) are therefore mapped to a *concept* in every language the
hub reads (English, Russian, Arabic, Persian, Chinese), and compared as concepts. These
are common nouns and adjectives, not names of particular groups or places: the lexicon
says what words mean, never which entity a name denotes.

Forms are written folded: Latin lower case without accents, Cyrillic lower case with ``ё``
as ``е`` (a trailing ``*`` matches any ending, for Russian inflection), Arabic script after
:func:`allyhub.fusion._romanize.fold_arabic` without the article, Han in Simplified.
"""

from __future__ import annotations

from allyhub.fusion._folding import fold_arabic, script_of

GENERIC = frozenset(
    {
        "ORGANIZATION", "CITY", "PROVINCE", "SON", "OF", "REGION", "ISLANDS", "SEA", "GULF",
        "LAKE", "RIVER", "MOUNT", "CAPE", "BRITISH", "FRENCH", "DUTCH", "AMERICAN",
    }
)  # fmt: skip
"""Concepts that say little about which entity is meant: light weight when unmatched
(kinds of places and organizations, and whose dependency a territory is)."""

CONCEPTS: dict[str, tuple[str, ...]] = {
    "REPUBLIC": ("republic", "республик*", "جمهوريه", "جمهوري", "共和国"),
    "DEMOCRATIC": ("democratic", "демократическ*", "ديمقراطيه", "دموکراتيک", "民主"),
    "PEOPLE": ("people", "peoples", "popular", "народн*", "شعبيه", "شعبي", "مردمي", "人民"),
    "UNITED": ("united", "объединенн*", "соединенн*", "متحده", "联合", "合众"),
    "STATE": ("state", "states", "государств*", "штат*", "دوله", "ولايات", "دولت", "国"),
    "KINGDOM": ("kingdom", "королевств*", "مملكه", "پادشاهي", "王国"),
    "ISLANDS": (
        "island",
        "islands",
        "isle",
        "isles",
        "остров*",
        "جزر",
        "جزيره",
        "جزاير",
        "群岛",
        "岛",
    ),  # noqa: E501
    "SOUTH": ("south", "southern", "южн*", "جنوب", "جنوبي", "南"),
    "NORTH": ("north", "northern", "северн*", "شمال", "شمالي", "北"),
    "EAST": ("east", "eastern", "восточн*", "شرق", "شرقي", "东"),
    "WEST": ("west", "western", "западн*", "غرب", "غربي", "西"),
    "CENTRAL": ("central", "центральн*", "وسطي", "مرکزي", "中"),
    "NEW": ("new", "нов*", "جديده", "جديد", "نو", "新"),
    "SAINT": (
        "saint",
        "st",
        "san",
        "santa",
        "sao",
        "sankt",
        "сан",
        "санкт",
        "сент",
        "сен",
        "سانت",
        "سان",
        "سنت",
        "سن",
        "圣",
    ),
    "ISLAMIC": ("islamic", "islam", "исламск*", "ислам", "اسلاميه", "اسلامي", "اسلام", "伊斯兰"),
    "PARTY": ("party", "hizb", "hezb", "парти*", "хизб", "حزب", "党"),
    "GOD": ("god", "allah", "аллах*", "бог*", "الله", "لله", "خدا", "真主"),
    "BRIGADES": (
        "brigade",
        "brigades",
        "kataib",
        "katib",
        "бригад*",
        "катаиб",
        "كتايب",
        "کتايب",
        "كتيبه",
        "لواء",
        "لوا",
        "تيپ",
        "旅",
    ),  # noqa: E501
    "GUARD": ("guard", "guards", "pasdaran", "страж*", "гвард*", "حرس", "پاسداران", "卫队"),
    "REVOLUTION": ("revolution", "revolutionary", "революц*", "ثوري", "ثوره", "انقلاب", "革命"),
    "ARMY": (
        "army",
        "corps",
        "корпус*",
        "فيلق",
        "سپاه",
        "军团",
        "force",
        "forces",
        "армия",
        "арми*",
        "сил*",
        "جيش",
        "قوات",
        "قوه",
        "ارتش",
        "نيروي",
        "نيرو",
        "نيروهاي",
        "军",
        "部队",
        "武装",
        "力量",
    ),  # noqa: E501
    "FRONT": ("front", "jabhat", "jabha", "фронт*", "джебхат", "جبهه", "阵线"),
    "ORGANIZATION": (
        "organization",
        "organisation",
        "group",
        "hayat",
        "хайят",
        "هيئه",
        "هيئت",
        "организац*",
        "групп*",
        "منظمه",
        "مجموعه",
        "تنظيم",
        "سازمان",
        "گروه",
        "组织",
        "集团",
    ),  # noqa: E501
    "MOVEMENT": ("movement", "harakat", "движени*", "حركه", "جنبش", "حرکت", "运动"),
    "LIBERATION": ("liberation", "tahrir", "освобожден*", "тахрир", "تحرير", "آزادي", "解放"),
    "COUNCIL": ("council", "совет*", "مجلس", "شورا", "委员会"),
    "NATIONAL": ("national", "национальн*", "وطني", "وطنيه", "قومي", "ملي", "国民"),
    "FEDERATION": ("federation", "federal", "федерац*", "اتحاد", "فدراسيون", "联邦"),
    "EMIRATES": ("emirates", "emirate", "эмират*", "امارات", "酋长国", "大公国"),
    "FORT": ("fort", "форт", "فورت", "حصن", "قلعه", "堡"),
    "PORT": ("port", "harbour", "harbor", "порт", "ميناء", "بندر", "港"),
    "CITY": ("city", "город*", "مدينه", "شهر", "市", "城"),
    "PROVINCE": (
        "province",
        "governorate",
        "провинц*",
        "губерни*",
        "мухафаз*",
        "محافظه",
        "استان",
        "省",
        "州",
    ),  # noqa: E501
    "REGION": (
        "region",
        "territory",
        "территори*",
        "регион*",
        "اقليم",
        "منطقه",
        "地区",
        "领地",
        "特区",
    ),  # noqa: E501
    "AUTONOMOUS": ("autonomous", "автономн*", "ذاتي", "خودمختار", "自治"),
    "SEA": ("sea", "море", "морск*", "بحر", "دريا", "海"),
    "GULF": ("gulf", "bay", "залив*", "خليج", "خليج", "湾"),
    "LAKE": ("lake", "озер*", "بحيره", "درياچه", "湖"),
    "RIVER": ("river", "рек*", "نهر", "رود", "河"),
    "MOUNT": ("mount", "mountain", "mountains", "гор*", "جبل", "جبال", "كوه", "山"),
    "CAPE": ("cape", "мыс*", "راس", "دماغه", "角"),
    "GREAT": ("great", "greater", "велик*", "كبري", "كبير", "بزرگ"),
    "OF": ("of", "the", "and", "и", "和", "及", "与"),
    "BRITISH": ("british", "britain", "британск*", "بريطانيه", "بريطانيا", "英属"),
    "FRENCH": ("french", "французск*", "فرنسيه", "فرانسه", "法属"),
    "DUTCH": ("dutch", "нидерландск*", "هولنديه", "هلند", "荷属"),
    "AMERICAN": ("american", "us", "американск*", "امريكيه", "امريكا", "美属"),
    "HOLY": ("holy", "свят*", "مقدس", "مقدس", "圣地"),
    "WORKERS": ("workers", "worker", "рабоч*", "عمال", "كارگران", "工人"),
    "FREE": ("free", "свободн*", "حر", "ازاد", "自由"),
    "MUSLIM": ("muslim", "muslims", "мусульман*", "مسلمون", "مسلمين", "穆斯林"),
    "BROTHERHOOD": ("brotherhood", "brothers", "брать*", "брат*", "اخوان", "兄弟会"),
    "SON": (
        "bin",
        "ibn",
        "ben",
        "bint",
        "ould",
        "бен",
        "бин",
        "ибн",
        "بن",
        "ابن",
        "بنت",
        "本",
        "伊本",
    ),  # noqa: E501
}

COMPOUNDS: dict[str, tuple[str, ...]] = {
    "hezbollah": ("PARTY", "GOD"),
    "hizbollah": ("PARTY", "GOD"),
    "hizballah": ("PARTY", "GOD"),
    "hizbullah": ("PARTY", "GOD"),
    "хезболла": ("PARTY", "GOD"),
    "хизбалла": ("PARTY", "GOD"),
    "хизбулла": ("PARTY", "GOD"),
    "حزبالله": ("PARTY", "GOD"),
    "حزب‌الله": ("PARTY", "GOD"),
}
"""Single words that carry two concepts (the Latin and Cyrillic spelling of حزب الله)."""

TITLES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "sheikh", "shaykh", "sheik", "sayyid", "sayed", "sayyed",
        "seyed", "seyyed", "ayatollah", "imam", "hojatoleslam", "mullah", "general", "gen",
        "colonel", "col", "brigadier", "president", "prince", "king", "emir",
        "шейх", "сейид", "сеид", "аятолла", "имам", "генерал",
        "شيخ", "سيد", "اياتالله", "ايتالله", "امام", "حجتالاسلام", "سردار", "سرلشکر",
    }
)  # fmt: skip
"""Honorifics and ranks dropped from person names (folded forms)."""

ARTICLES_LATIN = frozenset({"al", "el", "ul"})
SUN_ARTICLES_LATIN = frozenset(
    {"as", "ash", "ad", "an", "ar", "az", "at", "ath", "adh", "ed", "es", "en", "er", "ez", "et"}
)
ARTICLES_CYRILLIC = frozenset({"аль", "эль", "ал", "эл"})
SUN_ARTICLES_CYRILLIC = frozenset(
    {"ас", "аш", "ад", "ан", "ар", "аз", "ат", "эс", "эд", "эн", "эр", "эш", "эз", "эт"}
)

PATRONYMIC_ENDINGS = ("ович", "евич", "ьич", "овна", "евна", "ична", "оглы", "кызы")
PATRONYMIC_ENDINGS_LATIN = ("ovich", "evich", "ovna", "evna", "ogly")


def _index() -> tuple[dict[str, str], tuple[tuple[str, str], ...], dict[str, str]]:
    exact: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    han: dict[str, str] = {}
    for concept, forms in CONCEPTS.items():
        for form in forms:
            if form.endswith("*"):
                stems.append((form[:-1], concept))
            elif script_of(form[0]) == "Han":
                han[form] = concept
            elif script_of(form[0]) == "Arabic":
                exact[fold_arabic(form)] = concept
            else:
                exact[form] = concept
    stems.sort(key=lambda item: -len(item[0]))
    return exact, tuple(stems), han


EXACT, STEMS, HAN = _index()
_STEMS_BY_HEAD: dict[str, tuple[tuple[str, str], ...]] = {}
for _stem, _concept in STEMS:
    _STEMS_BY_HEAD[_stem[:2]] = (*_STEMS_BY_HEAD.get(_stem[:2], ()), (_stem, _concept))
HAN_MAX = max(len(form) for form in HAN)


def concepts_of(word: str) -> tuple[str, ...]:
    """The concepts a folded, non-Han word stands for; empty when it is a plain name part."""
    if word in COMPOUNDS:
        return COMPOUNDS[word]
    concept = EXACT.get(word)
    if concept is not None:
        return (concept,)
    for stem, stem_concept in _STEMS_BY_HEAD.get(word[:2], ()):
        if word.startswith(stem) and len(word) - len(stem) <= 4:
            return (stem_concept,)
    return ()


HAN_HEADS = frozenset("南北东西中新圣上下")
"""One-character words that translate only at the head of a word (南苏丹, 新西兰)."""


HAN_JOINS = frozenset("和及与")
"""Conjunctions, read as such only between two words of two characters or more."""


def _fits(piece: str, start: int, end: int, word: str) -> bool:
    if len(piece) > 1:
        return True
    if piece in HAN_JOINS:
        return start >= 2 and len(word) - end >= 2
    if piece in HAN_HEADS:
        return start == 0 and len(word) > 1
    return len(word) > 1 and (end == len(word) or _all_words(word[end:]))


def _all_words(rest: str) -> bool:
    """True when the rest of a word is lexicon words only (党 in 真主党旅)."""
    if not rest:
        return True
    return any(
        rest[:size] in HAN and _all_words(rest[size:])
        for size in range(min(HAN_MAX, len(rest)), 0, -1)
    )


def segment_han(word: str) -> list[tuple[str, str | None]]:
    """Split a Han word into lexicon words (with their concept) and the runs between.

    Longest match from the left; a run of unmatched characters is one phonetic part.
    A one-character word counts only at an edge: 西 heads 西撒哈拉 (Western Sahara) but
    is a syllable inside 卡西姆 (Qasim).
    """
    parts: list[tuple[str, str | None]] = []
    run = ""
    i = 0
    while i < len(word):
        for size in range(min(HAN_MAX, len(word) - i), 0, -1):
            piece = word[i : i + size]
            if piece in HAN and _fits(piece, i, i + size, word):
                if run:
                    parts.append((run, None))
                    run = ""
                parts.append((piece, HAN[piece]))
                i += size
                break
        else:
            run += word[i]
            i += 1
    if run:
        parts.append((run, None))
    return parts
