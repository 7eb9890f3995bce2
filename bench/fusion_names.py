"""Hand-written names of people, groups and places, in six writing systems.

Each form is a Wikipedia article title in that language (English, Russian, Arabic,
Persian, Chinese as shown in mainland China and in Taiwan), written down from those
articles for this evaluation; the builder turns each into a source URL. Titles change
over time and some were transcribed from memory, so a row's source says where the form
comes from, not that the page has this exact title today. Forms marked ``seed`` come
from the project's seed article (shared/seed/000_4713fc5adb17c5ea.txt), and ``press``
spellings are common English newspaper variants.

``group`` ties entities that are easy to confuse (one family, one shared word): every
cross-language pair inside a group is a hard negative.
"""

from __future__ import annotations

LANGS = ("en", "ru", "ar", "fa", "zh_Hans", "zh_Hant")

# key, kind, group, {lang: forms}; extra forms carry their own source after a "|".
ENTITIES: list[tuple[str, str, str, dict[str, tuple[str, ...]]]] = [
    # --- people --------------------------------------------------------------------------
    ("qasem-soleimani", "person", "qasem", {
        "en": ("Qasem Soleimani", "Qassem Suleimani|press", "Qasim Soleimani|press"),
        "ru": ("Сулеймани, Касем",), "ar": ("قاسم سليماني",), "fa": ("قاسم سلیمانی",),
        "zh_Hans": ("卡西姆·苏莱曼尼",),
        "zh_Hant": ("卡西姆·蘇萊曼尼", "卡西姆·蘇雷曼尼|seed", "卡西姆·索萊馬尼|seed"),
    }),
    ("naim-qassem", "person", "qasem", {
        "en": ("Naim Qassem",), "ru": ("Касем, Наим",), "ar": ("نعيم قاسم",),
        "fa": ("نعیم قاسم",), "zh_Hans": ("纳伊姆·卡西姆",), "zh_Hant": ("納伊姆·卡西姆",),
    }),
    ("bashar-al-assad", "person", "assad", {
        "en": ("Bashar al-Assad", "Bashar Assad|press"), "ru": ("Асад, Башар",),
        "ar": ("بشار الأسد",), "fa": ("بشار اسد",), "zh_Hans": ("巴沙尔·阿萨德",),
        "zh_Hant": ("巴沙爾·阿薩德",),
    }),
    ("hafez-al-assad", "person", "assad", {
        "en": ("Hafez al-Assad",), "ru": ("Асад, Хафез",), "ar": ("حافظ الأسد",),
        "fa": ("حافظ اسد",), "zh_Hans": ("哈菲兹·阿萨德",), "zh_Hant": ("哈菲茲·阿薩德",),
    }),
    ("maher-al-assad", "person", "assad", {
        "en": ("Maher al-Assad",), "ru": ("Асад, Махер",), "ar": ("ماهر الأسد",),
        "fa": ("ماهر اسد",), "zh_Hans": ("马希尔·阿萨德",), "zh_Hant": ("馬希爾·阿薩德",),
    }),
    ("bassel-al-assad", "person", "assad", {
        "en": ("Bassel al-Assad", "Basil al-Assad|press"), "ru": ("Асад, Басиль",),
        "ar": ("باسل الأسد",), "fa": ("باسل اسد",), "zh_Hans": ("巴塞尔·阿萨德",),
        "zh_Hant": ("巴塞爾·阿薩德|seed",),
    }),
    ("asma-al-assad", "person", "assad", {
        "en": ("Asma al-Assad",), "ru": ("Асад, Асма",), "ar": ("أسماء الأسد",),
        "fa": ("اسما اسد",), "zh_Hans": ("阿斯玛·阿萨德",), "zh_Hant": ("阿斯瑪·阿薩德",),
    }),
    ("rifaat-al-assad", "person", "assad", {
        "en": ("Rifaat al-Assad",), "ru": ("Асад, Рифат",), "ar": ("رفعت الأسد",),
        "fa": ("رفعت اسد",), "zh_Hans": ("里法特·阿萨德",), "zh_Hant": ("里法特·阿薩德",),
    }),
    ("hassan-nasrallah", "person", "hassan", {
        "en": ("Hassan Nasrallah",), "ru": ("Насралла, Хасан",), "ar": ("حسن نصر الله",),
        "fa": ("سید حسن نصرالله",), "zh_Hans": ("哈桑·纳斯鲁拉",), "zh_Hant": ("哈桑·納斯魯拉",),
    }),
    ("hassan-rouhani", "person", "hassan", {
        "en": ("Hassan Rouhani",), "ru": ("Роухани, Хасан",), "ar": ("حسن روحاني",),
        "fa": ("حسن روحانی",), "zh_Hans": ("哈桑·鲁哈尼",), "zh_Hant": ("哈桑·羅哈尼",),
    }),
    ("ali-khamenei", "person", "ali", {
        "en": ("Ali Khamenei",), "ru": ("Хаменеи, Али",), "ar": ("علي خامنئي",),
        "fa": ("سید علی خامنه‌ای",), "zh_Hans": ("阿里·哈梅内伊",), "zh_Hant": ("阿里·哈米尼",),
    }),
    ("mojtaba-khamenei", "person", "ali", {
        "en": ("Mojtaba Khamenei",), "ru": ("Хаменеи, Моджтаба",), "ar": ("مجتبى خامنئي",),
        "fa": ("مجتبی خامنه‌ای",), "zh_Hans": ("穆杰塔巴·哈梅内伊",),
    }),
    ("ali-larijani", "person", "ali", {
        "en": ("Ali Larijani",), "ru": ("Лариджани, Али",), "ar": ("علي لاريجاني",),
        "fa": ("علی لاریجانی",), "zh_Hans": ("阿里·拉里贾尼",), "zh_Hant": ("阿里·拉里賈尼",),
    }),
    ("ali-al-sistani", "person", "ali", {
        "en": ("Ali al-Sistani",), "ru": ("Систани, Али",), "ar": ("علي السيستاني",),
        "fa": ("سید علی سیستانی",), "zh_Hans": ("阿里·西斯塔尼",),
    }),
    ("ali-shamkhani", "person", "ali", {
        "en": ("Ali Shamkhani",), "ru": ("Шамхани, Али",), "ar": ("علي شمخاني",),
        "fa": ("علی شمخانی",), "zh_Hans": ("阿里·沙姆哈尼",),
    }),
    ("mahmoud-ahmadinejad", "person", "mahmoud", {
        "en": ("Mahmoud Ahmadinejad",), "ru": ("Ахмадинежад, Махмуд",),
        "ar": ("محمود أحمدي نجاد",), "fa": ("محمود احمدی‌نژاد",),
        "zh_Hans": ("马哈茂德·艾哈迈迪-内贾德",), "zh_Hant": ("馬哈茂德·艾哈邁迪-內賈德",),
    }),
    ("mohammad-javad-zarif", "person", "mohammad", {
        "en": ("Mohammad Javad Zarif",), "ru": ("Зариф, Мохаммад Джавад",),
        "ar": ("محمد جواد ظريف",), "fa": ("محمدجواد ظریف",),
        "zh_Hans": ("穆罕默德·贾瓦德·扎里夫",),
    }),
    ("mohammad-khatami", "person", "mohammad", {
        "en": ("Mohammad Khatami",), "ru": ("Хатами, Мохаммад",), "ar": ("محمد خاتمي",),
        "fa": ("سید محمد خاتمی",), "zh_Hans": ("穆罕默德·哈塔米",),
    }),
    ("mohammad-bagheri", "person", "mohammad", {
        "en": ("Mohammad Bagheri",), "ru": ("Багери, Мохаммад",), "ar": ("محمد باقري",),
        "fa": ("محمد باقری",), "zh_Hans": ("穆罕默德·巴盖里",),
    }),
    ("mohammed-bin-salman", "person", "mohammad", {
        "en": ("Mohammed bin Salman",), "ru": ("Мухаммед бен Сальман",),
        "ar": ("محمد بن سلمان",), "fa": ("محمد بن سلمان",),
        "zh_Hans": ("穆罕默德·本·萨勒曼",), "zh_Hant": ("穆罕默德·本·沙爾曼",),
    }),
    ("ebrahim-raisi", "person", "ebrahim", {
        "en": ("Ebrahim Raisi",), "ru": ("Раиси, Эбрахим",), "ar": ("إبراهيم رئيسي",),
        "fa": ("سید ابراهیم رئیسی",), "zh_Hans": ("易卜拉欣·莱希",), "zh_Hant": ("易卜拉欣·萊希",),
    }),
    ("esmail-qaani", "person", "qasem", {
        "en": ("Esmail Qaani",), "ru": ("Каани, Исмаил",), "ar": ("إسماعيل قاآني",),
        "fa": ("اسماعیل قاآنی",), "zh_Hans": ("伊斯梅尔·卡尼",),
    }),
    ("hossein-salami", "person", "hossein", {
        "en": ("Hossein Salami",), "ru": ("Салами, Хосейн",), "ar": ("حسين سلامي",),
        "fa": ("حسین سلامی",), "zh_Hans": ("侯赛因·萨拉米",),
    }),
    ("muqtada-al-sadr", "person", "iraq", {
        "en": ("Muqtada al-Sadr",), "ru": ("Муктада ас-Садр",), "ar": ("مقتدى الصدر",),
        "fa": ("مقتدی صدر",), "zh_Hans": ("穆克塔达·萨德尔",),
    }),
    ("abu-mahdi-al-muhandis", "person", "abu", {
        "en": ("Abu Mahdi al-Muhandis",), "ru": ("Абу Махди аль-Мухандис",),
        "ar": ("أبو مهدي المهندس",), "fa": ("ابومهدی المهندس",),
        "zh_Hans": ("阿布·马赫迪·穆汉迪斯",),
    }),
    ("haider-al-abadi", "person", "iraq", {
        "en": ("Haider al-Abadi",), "ru": ("Хайдер аль-Абади",), "ar": ("حيدر العبادي",),
        "fa": ("حیدر العبادی",), "zh_Hans": ("海德尔·阿巴迪",), "zh_Hant": ("海德爾·阿巴迪",),
    }),
    ("nouri-al-maliki", "person", "iraq", {
        "en": ("Nouri al-Maliki",), "ru": ("Нури аль-Малики",), "ar": ("نوري المالكي",),
        "fa": ("نوری المالکی",), "zh_Hans": ("努里·马利基",), "zh_Hant": ("努里·馬利基",),
    }),
    ("mustafa-al-kadhimi", "person", "iraq", {
        "en": ("Mustafa Al-Kadhimi",), "ru": ("Мустафа аль-Казыми",),
        "ar": ("مصطفى الكاظمي",), "fa": ("مصطفی الکاظمی",), "zh_Hans": ("穆斯塔法·卡迪米",),
    }),
    ("abu-bakr-al-baghdadi", "person", "abu", {
        "en": ("Abu Bakr al-Baghdadi",), "ru": ("Абу Бакр аль-Багдади",),
        "ar": ("أبو بكر البغدادي",), "fa": ("ابوبکر البغدادی",),
        "zh_Hans": ("阿布·贝克尔·巴格达迪",), "zh_Hant": ("阿布·貝克爾·巴格達迪",),
    }),
    ("abu-mohammad-al-julani", "person", "abu", {
        "en": ("Abu Mohammad al-Julani",), "ru": ("Абу Мухаммад аль-Джулани",),
        "ar": ("أبو محمد الجولاني",), "fa": ("ابومحمد جولانی",),
        "zh_Hans": ("阿布·穆罕默德·朱拉尼",),
    }),
    ("abu-musab-al-zarqawi", "person", "abu", {
        "en": ("Abu Musab al-Zarqawi",), "ru": ("Абу Мусаб аз-Заркави",),
        "ar": ("أبو مصعب الزرقاوي",), "fa": ("ابومصعب زرقاوی",),
        "zh_Hans": ("阿布·穆萨布·扎卡维",),
    }),
    ("ayman-al-zawahiri", "person", "qaeda", {
        "en": ("Ayman al-Zawahiri",), "ru": ("Айман аз-Завахири",), "ar": ("أيمن الظواهري",),
        "fa": ("ایمن الظواهری",), "zh_Hans": ("艾曼·扎瓦希里",), "zh_Hant": ("艾曼·扎瓦希里",),
    }),
    ("osama-bin-laden", "person", "laden", {
        "en": ("Osama bin Laden", "Usama bin Ladin|press"), "ru": ("Усама бен Ладен",),
        "ar": ("أسامة بن لادن",), "fa": ("اسامه بن لادن",), "zh_Hans": ("奥萨马·本·拉登",),
        "zh_Hant": ("奧薩瑪·賓·拉登",),
    }),
    ("hamza-bin-laden", "person", "laden", {
        "en": ("Hamza bin Laden",), "ru": ("Хамза бен Ладен",), "ar": ("حمزة بن لادن",),
        "fa": ("حمزه بن لادن",), "zh_Hans": ("哈姆扎·本·拉登",),
    }),
    ("saddam-hussein", "person", "hussein", {
        "en": ("Saddam Hussein",), "ru": ("Хусейн, Саддам",), "ar": ("صدام حسين",),
        "fa": ("صدام حسین",), "zh_Hans": ("萨达姆·侯赛因",), "zh_Hant": ("薩達姆·海珊",),
    }),
    ("uday-hussein", "person", "hussein", {
        "en": ("Uday Hussein",), "ru": ("Хусейн, Удей",), "ar": ("عدي صدام حسين",),
        "fa": ("عدی صدام حسین",), "zh_Hans": ("乌代·侯赛因",), "zh_Hant": ("烏代·海珊",),
    }),
    ("qusay-hussein", "person", "hussein", {
        "en": ("Qusay Hussein",), "ru": ("Хусейн, Кусей",), "ar": ("قصي صدام حسين",),
        "fa": ("قصی صدام حسین",), "zh_Hans": ("库赛·侯赛因",), "zh_Hant": ("庫賽·海珊",),
    }),
    ("vladimir-putin", "person", "vladimir", {
        "en": ("Vladimir Putin",), "ru": ("Путин, Владимир Владимирович",),
        "ar": ("فلاديمير بوتين",), "fa": ("ولادیمیر پوتین",), "zh_Hans": ("弗拉基米尔·普京",),
        "zh_Hant": ("弗拉基米爾·普丁",),
    }),
    ("sergey-lavrov", "person", "sergey", {
        "en": ("Sergey Lavrov", "Sergei Lavrov|press"), "ru": ("Лавров, Сергей Викторович",),
        "ar": ("سيرغي لافروف",), "fa": ("سرگئی لاوروف",), "zh_Hans": ("谢尔盖·拉夫罗夫",),
        "zh_Hant": ("謝爾蓋·拉夫羅夫|seed",),
    }),
    ("sergei-shoigu", "person", "sergey", {
        "en": ("Sergei Shoigu",), "ru": ("Шойгу, Сергей Кужугетович",),
        "ar": ("سيرغي شويغو",), "fa": ("سرگئی شویگو",), "zh_Hans": ("谢尔盖·绍伊古",),
        "zh_Hant": ("謝爾蓋·紹伊古",),
    }),
    ("sergey-naryshkin", "person", "sergey", {
        "en": ("Sergey Naryshkin",), "ru": ("Нарышкин, Сергей Евгеньевич",),
        "ar": ("سيرغي ناريشكين",), "fa": ("سرگئی ناریشکین",), "zh_Hans": ("谢尔盖·纳雷什金",),
    }),
    ("dmitry-medvedev", "person", "dmitry", {
        "en": ("Dmitry Medvedev",), "ru": ("Медведев, Дмитрий Анатольевич",),
        "ar": ("ديمتري ميدفيديف",), "fa": ("دیمیتری مدودف",),
        "zh_Hans": ("德米特里·梅德韦杰夫",), "zh_Hant": ("德米特里·梅德韋傑夫|seed",),
    }),
    ("dmitry-peskov", "person", "dmitry", {
        "en": ("Dmitry Peskov",), "ru": ("Песков, Дмитрий Сергеевич",),
        "ar": ("ديمتري بيسكوف",), "fa": ("دیمیتری پسکوف",), "zh_Hans": ("德米特里·佩斯科夫",),
    }),
    ("alexander-dugin", "person", "alexander", {
        "en": ("Aleksandr Dugin", "Alexander Dugin|press"), "ru": ("Дугин, Александр Гельевич",),
        "ar": ("ألكسندر دوغين",), "fa": ("الکساندر دوگین",), "zh_Hans": ("亚历山大·杜金",),
        "zh_Hant": ("亞歷山大·杜金|seed",),
    }),
    ("ramzan-kadyrov", "person", "kadyrov", {
        "en": ("Ramzan Kadyrov",), "ru": ("Кадыров, Рамзан Ахматович",),
        "ar": ("رمضان قديروف",), "fa": ("رمضان قدیروف",), "zh_Hans": ("拉姆赞·卡德罗夫",),
    }),
    ("akhmad-kadyrov", "person", "kadyrov", {
        "en": ("Akhmad Kadyrov",), "ru": ("Кадыров, Ахмат Абдулхамидович",),
        "ar": ("أحمد قديروف",), "fa": ("احمد قدیروف",), "zh_Hans": ("艾哈迈德·卡德罗夫",),
    }),
    ("yevgeny-prigozhin", "person", "wagner", {
        "en": ("Yevgeny Prigozhin",), "ru": ("Пригожин, Евгений Викторович",),
        "ar": ("يفغيني بريغوجين",), "fa": ("یوگنی پریگوژین",), "zh_Hans": ("叶夫根尼·普里戈任",),
    }),
    ("walid-muallem", "person", "syria", {
        "en": ("Walid Muallem",), "ru": ("Муаллем, Валид",), "ar": ("وليد المعلم",),
        "fa": ("ولید المعلم",), "zh_Hans": ("瓦利德·穆阿利姆",),
    }),
    ("faisal-mekdad", "person", "syria", {
        "en": ("Faisal Mekdad",), "ru": ("Мекдад, Фейсал",), "ar": ("فيصل المقداد",),
        "fa": ("فیصل مقداد",), "zh_Hans": ("费萨尔·梅克达德",),
    }),
    ("imad-mughniyeh", "person", "imad", {
        "en": ("Imad Mughniyeh",), "ru": ("Мугния, Имад",), "ar": ("عماد مغنية",),
        "fa": ("عماد مغنیه",), "zh_Hans": ("伊马德·穆格尼耶",),
    }),
    ("ruhollah-khomeini", "person", "khomeini", {
        "en": ("Ruhollah Khomeini",), "ru": ("Хомейни, Рухолла",), "ar": ("روح الله الخميني",),
        "fa": ("سید روح‌الله خمینی",), "zh_Hans": ("鲁霍拉·霍梅尼",), "zh_Hant": ("魯霍拉·何梅尼",),
    }),
    ("akbar-hashemi-rafsanjani", "person", "akbar", {
        "en": ("Akbar Hashemi Rafsanjani",), "ru": ("Рафсанджани, Акбар Хашеми",),
        "ar": ("أكبر هاشمي رفسنجاني",), "fa": ("اکبر هاشمی رفسنجانی",),
        "zh_Hans": ("阿克巴尔·哈什米·拉夫桑贾尼",),
    }),
    # --- groups --------------------------------------------------------------------------
    ("hezbollah", "organization", "hezbollah", {
        "en": ("Hezbollah", "Hizballah|press"), "ru": ("Хезболла",), "ar": ("حزب الله",),
        "fa": ("حزب‌الله",), "zh_Hans": ("真主党",),
        "zh_Hant": ("真主黨", "黎巴嫩真主黨|seed"),
    }),
    ("kataib-hezbollah", "organization", "hezbollah", {
        "en": ("Kata'ib Hezbollah",), "ru": ("Катаиб Хезболла",), "ar": ("كتائب حزب الله",),
        "fa": ("کتائب حزب‌الله",), "zh_Hans": ("真主党旅",), "zh_Hant": ("真主黨旅",),
    }),
    ("harakat-al-nujaba", "organization", "hezbollah", {
        "en": ("Harakat Hezbollah al-Nujaba",), "ru": ("Харакат Хезболла ан-Нуджаба",),
        "ar": ("حركة حزب الله النجباء",), "fa": ("جنبش حزب‌الله النجباء",),
    }),
    ("hamas", "organization", "hamas", {
        "en": ("Hamas",), "ru": ("ХАМАС",), "ar": ("حماس",), "fa": ("حماس",),
        "zh_Hans": ("哈马斯",), "zh_Hant": ("哈瑪斯",),
    }),
    ("amal-movement", "organization", "hamas", {
        "en": ("Amal Movement",), "ru": ("Движение Амаль",), "ar": ("حركة أمل",),
        "fa": ("جنبش امل",), "zh_Hans": ("阿迈勒运动",),
    }),
    ("islamic-state", "organization", "islamic", {
        "en": ("Islamic State",), "ru": ("Исламское государство",),
        "ar": ("الدولة الإسلامية",), "fa": ("دولت اسلامی",), "zh_Hans": ("伊斯兰国",),
        "zh_Hant": ("伊斯蘭國|seed",),
    }),
    ("irgc", "organization", "islamic", {
        "en": ("Islamic Revolutionary Guard Corps",),
        "ru": ("Корпус стражей исламской революции",), "ar": ("الحرس الثوري الإيراني",),
        "fa": ("سپاه پاسداران انقلاب اسلامی",), "zh_Hans": ("伊斯兰革命卫队",),
        "zh_Hant": ("伊斯蘭革命衛隊|seed",),
    }),
    ("quds-force", "organization", "islamic", {
        "en": ("Quds Force",), "ru": ("Силы Кудс",), "ar": ("فيلق القدس",),
        "fa": ("نیروی قدس",), "zh_Hans": ("圣城军",), "zh_Hant": ("聖城軍|seed",),
    }),
    ("al-qaeda", "organization", "qaeda", {
        "en": ("al-Qaeda",), "ru": ("Аль-Каида",), "ar": ("القاعدة",), "fa": ("القاعده",),
        "zh_Hans": ("基地组织",),
    }),
    ("al-nusra-front", "organization", "sham", {
        "en": ("Jabhat al-Nusra", "al-Nusra Front|press"), "ru": ("Джебхат ан-Нусра",),
        "ar": ("جبهة النصرة",), "fa": ("جبهه النصره",), "zh_Hans": ("努斯拉阵线",),
    }),
    ("hayat-tahrir-al-sham", "organization", "sham", {
        "en": ("Hay'at Tahrir al-Sham",), "ru": ("Хайят Тахрир аш-Шам",),
        "ar": ("هيئة تحرير الشام",), "fa": ("هیئت تحریر الشام",), "zh_Hans": ("沙姆解放组织",),
    }),
    ("popular-mobilization-forces", "organization", "iraq-groups", {
        "en": ("Popular Mobilization Forces",), "ru": ("Силы народной мобилизации",),
        "ar": ("الحشد الشعبي",), "fa": ("حشد الشعبی",), "zh_Hans": ("人民动员组织",),
    }),
    ("badr-organization", "organization", "iraq-groups", {
        "en": ("Badr Organization",), "ru": ("Организация Бадр",), "ar": ("منظمة بدر",),
        "fa": ("سازمان بدر",), "zh_Hans": ("巴德尔组织",),
    }),
    ("asaib-ahl-al-haq", "organization", "iraq-groups", {
        "en": ("Asa'ib Ahl al-Haq",), "ru": ("Асаиб Ахль аль-Хакк",),
        "ar": ("عصائب أهل الحق",), "fa": ("عصائب اهل حق",),
    }),
    ("wagner-group", "organization", "wagner", {
        "en": ("Wagner Group",), "ru": ("Группа Вагнера",), "ar": ("مجموعة فاغنر",),
        "fa": ("گروه واگنر",), "zh_Hans": ("瓦格纳集团",), "zh_Hant": ("瓦格納集團",),
    }),
    ("pkk", "organization", "kurd", {
        "en": ("Kurdistan Workers' Party",), "ru": ("Рабочая партия Курдистана",),
        "ar": ("حزب العمال الكردستاني",), "fa": ("حزب کارگران کردستان",),
        "zh_Hans": ("库尔德工人党",), "zh_Hant": ("庫德工人黨",),
    }),
    ("syrian-democratic-forces", "organization", "syria-groups", {
        "en": ("Syrian Democratic Forces",), "ru": ("Сирийские демократические силы",),
        "ar": ("قوات سوريا الديمقراطية",), "fa": ("نیروهای دموکراتیک سوریه",),
        "zh_Hans": ("叙利亚民主力量",),
    }),
    ("free-syrian-army", "organization", "syria-groups", {
        "en": ("Free Syrian Army",), "ru": ("Свободная сирийская армия",),
        "ar": ("الجيش السوري الحر",), "fa": ("ارتش آزاد سوریه",), "zh_Hans": ("叙利亚自由军",),
    }),
    ("taliban", "organization", "taliban", {
        "en": ("Taliban",), "ru": ("Талибан",), "ar": ("طالبان",), "fa": ("طالبان",),
        "zh_Hans": ("塔利班",), "zh_Hant": ("塔利班",),
    }),
    ("muslim-brotherhood", "organization", "islamic", {
        "en": ("Muslim Brotherhood",), "ru": ("Братья-мусульмане",),
        "ar": ("الإخوان المسلمون",), "fa": ("اخوان المسلمین",), "zh_Hans": ("穆斯林兄弟会",),
    }),
    ("baath-party", "organization", "syria-groups", {
        "en": ("Ba'ath Party",), "ru": ("Партия Баас",), "ar": ("حزب البعث",),
        "fa": ("حزب بعث",), "zh_Hans": ("复兴党",),
    }),
    # --- places --------------------------------------------------------------------------
    ("hama", "location", "hama", {
        "en": ("Hama",), "ru": ("Хама",), "ar": ("حماة",), "fa": ("حما",),
        "zh_Hans": ("哈马",), "zh_Hant": ("哈馬",),
    }),
    ("homs", "location", "hama", {
        "en": ("Homs",), "ru": ("Хомс",), "ar": ("حمص",), "fa": ("حمص",),
        "zh_Hans": ("霍姆斯",), "zh_Hant": ("荷姆斯",),
    }),
    ("hamadan", "location", "hama", {
        "en": ("Hamadan",), "ru": ("Хамадан",), "ar": ("همدان",), "fa": ("همدان",),
        "zh_Hans": ("哈马丹",), "zh_Hant": ("哈馬丹|seed",),
    }),
    ("aleppo", "location", "syria-cities", {
        "en": ("Aleppo",), "ru": ("Алеппо",), "ar": ("حلب",), "fa": ("حلب",),
        "zh_Hans": ("阿勒颇",), "zh_Hant": ("阿勒頗|seed",),
    }),
    ("idlib", "location", "syria-cities", {
        "en": ("Idlib",), "ru": ("Идлиб",), "ar": ("إدلب",), "fa": ("ادلب",),
        "zh_Hans": ("伊德利卜",), "zh_Hant": ("伊德利卜|seed",),
    }),
    ("latakia", "location", "syria-cities", {
        "en": ("Latakia",), "ru": ("Латакия",), "ar": ("اللاذقية",), "fa": ("لاذقیه",),
        "zh_Hans": ("拉塔基亚",), "zh_Hant": ("拉塔基亞|seed",),
    }),
    ("raqqa", "location", "syria-cities", {
        "en": ("Raqqa",), "ru": ("Ракка",), "ar": ("الرقة",), "fa": ("رقه",),
        "zh_Hans": ("拉卡",),
    }),
    ("deir-ez-zor", "location", "syria-cities", {
        "en": ("Deir ez-Zor",), "ru": ("Дейр-эз-Зор",), "ar": ("دير الزور",),
        "fa": ("دیرالزور",), "zh_Hans": ("代尔祖尔",),
    }),
    ("daraa", "location", "syria-cities", {
        "en": ("Daraa",), "ru": ("Дераа",), "ar": ("درعا",), "fa": ("درعا",),
        "zh_Hans": ("德拉",),
    }),
    ("tartus", "location", "syria-cities", {
        "en": ("Tartus",), "ru": ("Тартус",), "ar": ("طرطوس",), "fa": ("طرطوس",),
        "zh_Hans": ("塔尔图斯",),
    }),
    ("palmyra", "location", "syria-cities", {
        "en": ("Palmyra",), "ru": ("Пальмира",), "ar": ("تدمر",), "fa": ("تدمر",),
        "zh_Hans": ("巴尔米拉",),
    }),
    ("qamishli", "location", "syria-cities", {
        "en": ("Qamishli",), "ru": ("Камышлы",), "ar": ("القامشلي",), "fa": ("قامشلی",),
        "zh_Hans": ("卡米什利",),
    }),
    ("mosul", "location", "iraq-cities", {
        "en": ("Mosul",), "ru": ("Мосул",), "ar": ("الموصل",), "fa": ("موصل",),
        "zh_Hans": ("摩苏尔",), "zh_Hant": ("摩蘇爾",),
    }),
    ("basra", "location", "iraq-cities", {
        "en": ("Basra",), "ru": ("Басра",), "ar": ("البصرة",), "fa": ("بصره",),
        "zh_Hans": ("巴士拉",), "zh_Hant": ("巴斯拉",),
    }),
    ("kirkuk", "location", "iraq-cities", {
        "en": ("Kirkuk",), "ru": ("Киркук",), "ar": ("كركوك",), "fa": ("کرکوک",),
        "zh_Hans": ("基尔库克",),
    }),
    ("erbil", "location", "iraq-cities", {
        "en": ("Erbil",), "ru": ("Эрбиль",), "ar": ("أربيل",), "fa": ("اربیل",),
        "zh_Hans": ("埃尔比勒",),
    }),
    ("tikrit", "location", "iraq-cities", {
        "en": ("Tikrit",), "ru": ("Тикрит",), "ar": ("تكريت",), "fa": ("تکریت",),
        "zh_Hans": ("提克里特",),
    }),
    ("fallujah", "location", "iraq-cities", {
        "en": ("Fallujah",), "ru": ("Эль-Фаллуджа",), "ar": ("الفلوجة",), "fa": ("فلوجه",),
        "zh_Hans": ("费卢杰",),
    }),
    ("ramadi", "location", "iraq-cities", {
        "en": ("Ramadi",), "ru": ("Эр-Рамади",), "ar": ("الرمادي",), "fa": ("رمادی",),
        "zh_Hans": ("拉马迪",),
    }),
    ("najaf", "location", "iraq-cities", {
        "en": ("Najaf",), "ru": ("Эн-Наджаф",), "ar": ("النجف",), "fa": ("نجف",),
        "zh_Hans": ("纳杰夫",),
    }),
    ("karbala", "location", "iraq-cities", {
        "en": ("Karbala",), "ru": ("Кербела",), "ar": ("كربلاء",), "fa": ("کربلا",),
        "zh_Hans": ("卡尔巴拉",),
    }),
    ("qom", "location", "iran-cities", {
        "en": ("Qom",), "ru": ("Кум",), "ar": ("قم",), "fa": ("قم",), "zh_Hans": ("库姆",),
    }),
    ("mashhad", "location", "iran-cities", {
        "en": ("Mashhad",), "ru": ("Мешхед",), "ar": ("مشهد",), "fa": ("مشهد",),
        "zh_Hans": ("马什哈德",),
    }),
    ("isfahan", "location", "iran-cities", {
        "en": ("Isfahan",), "ru": ("Исфахан",), "ar": ("أصفهان",), "fa": ("اصفهان",),
        "zh_Hans": ("伊斯法罕",),
    }),
    ("tabriz", "location", "iran-cities", {
        "en": ("Tabriz",), "ru": ("Тебриз",), "ar": ("تبريز",), "fa": ("تبریز",),
        "zh_Hans": ("大不里士",),
    }),
    ("shiraz", "location", "iran-cities", {
        "en": ("Shiraz",), "ru": ("Шираз",), "ar": ("شيراز",), "fa": ("شیراز",),
        "zh_Hans": ("设拉子",),
    }),
]  # fmt: skip
