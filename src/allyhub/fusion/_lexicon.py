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
    (
        "ORGANIZATION CITY SON OF REGION ISLANDS SEA GULF LAKE RIVER MOUNT CAPE BRITISH FRENCH "
        "DUTCH AMERICAN INTERNATIONAL FEDERATION AFFAIRS COUNTRY COMPANY"
    ).split()
)
"""Concepts that say little about which entity is meant: light weight when unmatched
(kinds of places and organizations that writers add or leave out, whose dependency a
territory is). Kind words that make a different entity (airport, port, province, ministry,
brigades) are not generic: Port of Tartus is not Tartus, Idlib Governorate is not Idlib."""

SOURCE = (
    "https://en.wiktionary.org/wiki/{headword}#Translations (the translation table of the "
    "English headword: Russian, Arabic, Persian, Chinese), written down without fetching"
)
"""Where each concept's forms come from: the Wiktionary entry of its headword (below)."""

HEADWORDS: dict[str, str] = {}
"""Concept -> English headword whose translations give its forms (default: the concept in
lower case)."""

CONCEPTS_TEXT: dict[str, str] = {
    "REPUBLIC": "republic республик* جمهوريه جمهوري 共和国",
    "DEMOCRATIC": "democratic демократическ* ديمقراطيه ديمقراطي دموکراتيک 民主 democrat دموکرات",
    "PEOPLE": "people peoples popular народн* شعبيه شعبي اهل مردم مردمي 人民 خلق",
    "UNITED": "united объединенн* соединенн* متحده 联合 合众 متحد",
    "STATE": "state states государств* штат* دوله ولايات دولت 国 ایالت",
    "KINGDOM": "kingdom королевств* مملكه پادشاهي 王国",
    "ISLANDS": "island islands isle isles atoll atolls остров* атолл* جزر جزيره جزاير 群岛 岛 环礁",
    "SOUTH": "south southern южн* جنوب جنوبي جنوبيه 南",
    "NORTH": "north northern северн* شمال شمالي شماليه 北",
    "EAST": "east eastern восточн* شرق شرقي شرقيه 东",
    "WEST": "west western западн* غرب غربي غربيه 西",
    "CENTRAL": "central центральн* وسطي مركزيه مركزي مرکزي 中央 中",
    "NEW": "new нов* جديده جديد نو 新",
    "SAINT": "saint st san santa sao sankt сан санкт сент сен سانت سان سنت سن ساو 圣",
    "ISLAMIC": "islamic islam исламск* ислам اسلاميه اسلامي اسلام 伊斯兰",
    "PARTY": "party hizb hezb парти* хизб حزب 党",
    "GOD": "god allah аллах* бог* الله لله خدا 真主",
    "BRIGADES": (
        "brigade brigades kataib katib liwa бригад* катаиб كتايب کتايب كتيبه لواء لوا تيپ 旅"
    ),
    "GUARD": "guard guards guardians pasdaran страж* гвард* حرس پاسداران 卫队",
    "REVOLUTION": "revolution revolutionary революц* ثوري ثوره انقلاب 革命",
    "ARMY": (
        "army corps force forces армия арми* корпус* сил* جيش قوات قوه فيلق ارتش سپاه "
        "نيروي نيرو نيروهاي 军团 军 陆军 部队 力量 نیروها 军队"
    ),
    "FRONT": "front jabhat jabha фронт* джебхат جبهه 阵线",
    "ORGANIZATION": (
        "organization organisation group hayat хайят هيئه هيئت организац* групп* منظمه "
        "مجموعه تنظيم سازمان گروه 组织 集团"
    ),
    "MOVEMENT": "movement harakat движени* حركه جنبش حرکت 运动",
    "LIBERATION": "liberation tahrir освобожден* тахрир تحرير آزادي 解放 освободительн* آزادیبخش",
    "COUNCIL": "council совет* مجلس شورا 委员会",
    "NATIONAL": "national patriotic национальн* патриотическ* وطني وطنيه قومي ملي ميهني 国民 爱国",
    "FEDERATION": "federation federal федерац* федеральн* فيدرالي فدراسيون فدرال 联邦",
    "UNION": "union союз* اتحاد اتحاديه 联盟 同盟",
    "EMIRATES": "emirates emirate эмират* امارات 酋长国 大公国",
    "FORT": "fort форт فورت حصن قلعه 堡",
    "PORT": "port harbour harbor порт ميناء مرفا بندر 港",
    "CITY": "city town город* сити مدينه شهر سيتي 市 城",
    "PROVINCE": "province governorate провинц* губерни* мухафаз* остан محافظه ولايه استان 省 州",
    "REGION": "region territory zone территори* регион* зон* اقليم منطقه 地区 领地 特区 区 област*",
    "DISTRICT": "district район* округ* قضاء ناحيه شهرستان 县",
    "AUTONOMOUS": "autonomous автономн* ذاتي خودمختار 自治",
    "SEA": "sea море морск* بحر دريا 海",
    "GULF": "gulf bay залив* خليج 湾",
    "LAKE": "lake озер* بحيره درياچه 湖",
    "RIVER": "river река рек* نهر رود 河 رودخانه",
    "MOUNT": "mount mountain mountains гор* جبل جبال كوه 山",
    "HEIGHTS": "heights plateau высоты высот* плато هضبه مرتفعات بلنديهاي بلنديها 高地",
    "CAPE": "cape мыс* راس دماغه 角",
    "GREAT": "great greater велик* كبري كبير كبيره بزرگ",
    "OF": "of the and for in on at named и по в на для при имени о об في من و در از 和 及 与",
    "BRITISH": "british britain британск* بريطانيه بريطانيا 英属",
    "FRENCH": "french французск* فرنسيه فرانسه 法属",
    "DUTCH": "dutch нидерландск* هولنديه هلند 荷属",
    "AMERICAN": "american us американск* امريكيه امريكا امريكايي 美属",
    "HOLY": "holy свят* مقدس 圣地",
    "WORKERS": "workers worker рабоч* عمال كارگران 工人",
    "FREE": "free свободн* حر ازاد آزاد 自由",
    "MUSLIM": "muslim muslims мусульман* مسلمون مسلمين 穆斯林",
    "BROTHERHOOD": "brotherhood brothers брать* брат* اخوان 兄弟会",
    "SON": "bin ibn ben bint ould бен бин ибн بن ابن بنت 本 伊本 宾",
    # Kinds of places and facilities.
    "AIRPORT": "airport airfield аэропорт* аэродром* مطار فرودگاه 机场",
    "AIR": "air aerospace воздушн* جوي جويه هوايي هوافضا 空军 航空",
    "BASE": "base qaeda qaida баз* قاعده پايگاه 基地",
    "GREEN": "green зелен* خضراء اخضر سبز 绿",
    "RED": "red красн* احمر سرخ 红",
    "CROSS": "cross крест* صليب 十字",
    "BRIDGE": "bridge мост* جسر پل 桥",
    "DAM": "dam плотин* سد 大坝 水坝",
    "PALACE": "palace дворец* дворц* قصر كاخ 宫",
    "MOSQUE": "mosque мечет* مسجد جامع 清真寺",
    "SQUARE": "square площад* ساحه ميدان 广场",
    "STATION": "station станци* вокзал* محطه ايستگاه 站",
    "HOSPITAL": "hospital больниц* госпитал* مستشفي بيمارستان 医院",
    "PRISON": "prison тюрьм* سجن زندان 监狱",
    "UNIVERSITY": "university университет* جامعه دانشگاه 大学",
    # Kinds of organisations and what they do.
    "AGENCY": "agency bureau directorate агентств* управлени* وكاله آژانس 机构 总署 署 局",
    "SERVICE": "service служб* جهاز سرويس 服务",
    "NEWS": "news information новост* информационн* انباء اخبار خبر 新闻 通讯",
    "MINISTRY": "ministry министерств* وزاره وزارت 部",
    "DEFENSE": "defense defence оборон* دفاع 国防",
    "FOREIGN": "foreign external внешн* иностранн* خارجيه خارجي خارجه 对外 外交",
    "AFFAIRS": "affairs дел امور 事务",
    "INTELLIGENCE": "intelligence разведк* разведывательн* مخابرات استخبارات اطلاعات 情报",
    "SECURITY": "security безопасност* امن امنيت 安全",
    "POLICE": "police полици* شرطه پليس 警察",
    "NAVY": "navy naval флот* بحريه دريايي 海军",
    "COMMAND": "command командовани* قياده فرماندهي 司令部",
    "SPECIAL": "special специальн* خاصه ويژه 特种 特别",
    "OPERATIONS": "operations операци* عمليات 行动",
    "COMMITTEE": "committee комитет* لجنه کميته 委员会",
    "BANK": "bank банк* بنك مصرف بانک 银行",
    "COMPANY": "company pmc llc ltd компани* чвк ооо оао зао شركه شرکت 公司",
    "COURT": "court суд суда محكمه دادگاه 法院",
    "WORLD": "world global всемирн* мирово* عالمي عالميه جهاني 世界",
    "HEALTH": "health здравоохранени* здоровь* صحه بهداشت 卫生",
    "TRADE": "trade торгов* تجاره تجارت 贸易",
    "ATLANTIC": "atlantic атлантическ* اطلسي اتلانتيک 大西洋",
    "TREATY": "treaty pact alliance договор* пакт* حلف معاهده پيمان 公约 条约",
    "NATIONS": "nations наций нации امم ملل",
    "ENERGY": "energy энерги* طاقه انرژي 能源 能",
    "ATOMIC": "atomic nuclear атомн* ядерн* ذريه نووي اتمي هسته 原子 核",
    "PETROLEUM": "petroleum oil нефт* بترول نفط نفت 石油",
    "EXPORT": "exporting exporters export экспорт* مصدره صادرکننده 输出 出口",
    "COUNTRY": "countries country стран* بلدان دول كشورهاي كشورها كشور 国家",
    "EUROPEAN": "european europe европейск* европ* اوروبي اوروبيه اوروبا اروپا 欧洲",
    "ARAB": "arab arabic arabia арабск* арави* عربي عربيه عربستان 阿拉伯",
    "SOCIALIST": "socialist социалистическ* اشتراكي سوسياليست 社会主义",
    "MOBILIZATION": "mobilization mobilisation мобилизац* حشد بسيج 动员",
    "LEVANT": "levant sham левант* шам شام 黎凡特 沙姆",
    "PERSIAN": "persian persia персидск* فارس 波斯",
    "ARMED": "armed вооруженн* مسلح مسلحه مسلّح 武装",
    "INTERIOR": "interior internal home внутренн* داخليه داخلي 内政 内务",
    "HUMAN": "human humanitarian человек* انسان انساني بشر 人道",
    "RIGHTS": "rights права правам прав правах حقوق 权利",
    "OBSERVATORY": "observatory обсерватори* مرصد 观察站 观测站",
    "SUPREME": "supreme верховн* высш* اعلي عالي 最高",
    "EMBASSY": "embassy consulate посольств* консульств* سفاره قنصليه سفارت کنسولگری 大使馆 领事馆",
    "COMMUNIST": "communist коммунистическ* شيوعي شيوعيه کمونیست 共产 共产主义",
    "VILLAGE": "village деревн* село села селе селу قريه روستا 村",
    "STRAIT": "strait straits пролив* مضيق تنگه 海峡",
    "CANAL": "canal канал* قناه کانال 运河",
    "PENINSULA": "peninsula полуостров* شبه شبهجزیره 半岛",
    "VALLEY": "valley долин* وادي دره 谷",
}
"""Each concept's forms, separated by spaces: English, Russian (``*`` for any ending),
Arabic and Persian (folded, without the article), Chinese (Simplified)."""

CONCEPTS: dict[str, tuple[str, ...]] = {
    concept: tuple(text.split()) for concept, text in CONCEPTS_TEXT.items()
}

COMPOUNDS: dict[str, tuple[str, ...]] = {
    "人权": ("HUMAN", "RIGHTS"),
    "hezbollah": ("PARTY", "GOD"),
    "hizbollah": ("PARTY", "GOD"),
    "hizballah": ("PARTY", "GOD"),
    "hizbullah": ("PARTY", "GOD"),
    "хезболла": ("PARTY", "GOD"),
    "хизбалла": ("PARTY", "GOD"),
    "хизбулла": ("PARTY", "GOD"),
    "حزبالله": ("PARTY", "GOD"),
    "airbase": ("AIR", "BASE"),
    "авиабаза": ("AIR", "BASE"),
    "авиабазы": ("AIR", "BASE"),
    "североатлантического": ("NORTH", "ATLANTIC"),
    "североатлантический": ("NORTH", "ATLANTIC"),
    "خبرگزاري": ("NEWS", "AGENCY"),
    "通讯社": ("NEWS", "AGENCY"),
    "新闻社": ("NEWS", "AGENCY"),
    "通讯": ("NEWS",),
    "بينالمللي": ("INTERNATIONAL",),
    "международный": ("INTERNATIONAL",),
    "международное": ("INTERNATIONAL",),
    "международная": ("INTERNATIONAL",),
    "международного": ("INTERNATIONAL",),
    "international": ("INTERNATIONAL",),
    "دولي": ("INTERNATIONAL",),
    "دوليه": ("INTERNATIONAL",),
    "国际": ("INTERNATIONAL",),
}
"""Single words that carry two concepts (the Latin and Cyrillic spelling of حزب الله,
Persian خبرگزاری news agency), and words whose stem would be taken for another concept
(международный is not народный)."""

TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sheikh",
        "shaykh",
        "sheik",
        "sayyid",
        "sayed",
        "sayyed",
        "seyed",
        "seyyed",
        "ayatollah",
        "imam",
        "hojatoleslam",
        "mullah",
        "general",
        "gen",
        "colonel",
        "col",
        "brigadier",
        "president",
        "prince",
        "king",
        "emir",
        "major",
        "lieutenant",
        "marshal",
        "admiral",
        "captain",
        "commander",
        "minister",
        "hajj",
        "haji",
        "шейх",
        "сейид",
        "сеид",
        "аятолла",
        "имам",
        "генерал",
        "شيخ",
        "سيد",
        "اياتالله",
        "ايتالله",
        "امام",
        "حجتالاسلام",
        "سردار",
        "سرلشکر",
        # Chinese transliterates these titles (Xinhua: 阿亚图拉·哈梅内伊, 谢赫·纳伊姆·卡西姆).
        "阿亚图拉",
        "谢赫",
        "伊玛目",
    }
)
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


Concepts = tuple[str, ...]


def _index() -> tuple[dict[str, Concepts], tuple[tuple[str, Concepts], ...], dict[str, Concepts]]:
    exact: dict[str, Concepts] = {}
    stems: list[tuple[str, Concepts]] = []
    han: dict[str, Concepts] = {}
    for concept, forms in CONCEPTS.items():
        for form in forms:
            if form.endswith("*"):
                stems.append((form[:-1], (concept,)))
            elif script_of(form[0]) == "Han":
                han[form] = (concept,)
            elif script_of(form[0]) == "Arabic":
                exact[fold_arabic(form)] = (concept,)
            else:
                exact[form] = (concept,)
    for word, concepts in COMPOUNDS.items():
        if script_of(word[0]) == "Han":
            han[word] = concepts
        elif script_of(word[0]) == "Arabic":
            exact[fold_arabic(word)] = concepts
        else:
            exact[word] = concepts
    stems.sort(key=lambda item: -len(item[0]))
    return exact, tuple(stems), han


EXACT, STEMS, HAN = _index()
_STEMS_BY_HEAD: dict[str, tuple[tuple[str, Concepts], ...]] = {}
for _stem, _concept in STEMS:
    _STEMS_BY_HEAD[_stem[:2]] = (*_STEMS_BY_HEAD.get(_stem[:2], ()), (_stem, _concept))
HAN_MAX = max(len(form) for form in HAN)

_ARABIC_CLITICS = ("لل", "بال", "وال", "فال", "كال", "ال", "ل", "ب", "و")
"""Prefixes Arabic writes onto a word (for the, by the, and the...): للأنباء is "for the
news". A word is looked up again without one when it is not in the lexicon as written."""


def concepts_of(word: str) -> tuple[str, ...]:
    """The concepts a folded, non-Han word stands for; empty when it is a plain name part."""
    concepts = _concepts_of(word)
    if concepts or not word or script_of(word[0]) != "Arabic":
        return concepts
    for clitic in _ARABIC_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            concepts = _concepts_of(word[len(clitic) :])
            if concepts:
                return concepts
    if word.endswith(_EZAFE) and len(word) >= 4:
        # Persian's ezafe links a word to the next (هوافضای سپاه, the IRGC's aerospace):
        # the word without it.
        return _concepts_of(word[:-1])
    return ()


_EZAFE = ("ي", "ی")
"""The Persian ezafe written after a long vowel or a word's end (هوافضای, نیروی)."""


def _concepts_of(word: str) -> tuple[str, ...]:
    concepts = EXACT.get(word)
    if concepts is not None:
        return concepts
    for stem, stem_concepts in _STEMS_BY_HEAD.get(word[:2], ()):
        if word.startswith(stem) and len(word) - len(stem) <= 4:
            return stem_concepts
    return ()


def initials(concept: str, script: str) -> frozenset[str]:
    """The first letters of a concept's words in one script (Latin, Cyrillic, Arabic):
    what an acronym of that script writes for it (WORLD: w in Latin, в in Cyrillic)."""
    return _INITIALS.get((concept, script), frozenset())


def han_form(concept: str) -> str:
    """A concept's usual Chinese word (its first Han form), or ''."""
    return _HAN_FORM.get(concept, "")


def _initials() -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for concept, forms in CONCEPTS.items():
        if concept in ("OF", "SON"):
            continue
        for form in forms:
            script = script_of(form[0])
            if script in ("Latin", "Cyrillic", "Arabic") and len(form.rstrip("*")) > 2:
                out.setdefault((concept, script), set()).add(fold_arabic(form[0]))
    return {key: frozenset(value) for key, value in out.items()}


_INITIALS = _initials()
_HAN_FORM = {
    concept: next((f for f in forms if script_of(f[0]) == "Han"), "")
    for concept, forms in CONCEPTS.items()
}

HAN_HEADS = frozenset("南北东西中新圣上下绿红")
"""One-character words that translate only at the head of a word (南苏丹, 新西兰)."""


HAN_JOINS = frozenset("和及与")
"""Conjunctions, read as such only between two words of two characters or more."""

HAN_INNER = frozenset("州省")
"""State and province words: at the end of a word as any word (伊德利卜省), and also
between two runs of two characters or more, where they name the place the rest lies in
(印第安纳州马伦戈: Marengo, Indiana); they are seldom a syllable of a transliteration."""


def _fits(piece: str, start: int, end: int, word: str) -> bool:
    if len(piece) > 1:
        return True
    if piece in HAN_JOINS or (piece in HAN_INNER and end < len(word)):
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


def _country_at(word: str, start: int, countries: frozenset[str]) -> str:
    """The name of a country among ``countries`` that starts at ``start`` and is followed
    by two characters or more, or ''."""
    for size in range(min(6, len(word) - start - 2), 1, -1):
        if word[start : start + size] in countries:
            return word[start : start + size]
    return ""


def segment_han(
    word: str, countries: frozenset[str] = frozenset()
) -> list[tuple[str, Concepts | None]]:
    """Split a Han word into lexicon words (with their concept) and the runs between.
    A country's name at its start (``countries``: the gazetteer's Chinese forms, given by
    the caller so that the lexicon does not depend on the gazetteer) is one part.

    Longest match from the left; a run of unmatched characters is one phonetic part.
    A one-character word counts only at an edge: 西 heads 西撒哈拉 (Western Sahara) but
    is a syllable inside 卡西姆 (Qasim).
    """
    parts: list[tuple[str, Concepts | None]] = []
    run = ""
    i = 0
    while i < len(word):
        country = _country_at(word, i, countries) if i == 0 else ""
        if country:
            # 中国共产党: 中国 is China (a part iso-codes knows), not 中 (central) + 国 (state).
            parts.append((country, None))
            i += len(country)
            continue
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
