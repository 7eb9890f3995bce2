"""Hand-written name families for the fusion evaluation (issue 14), in six writing systems.

What each family asks of a matcher:

* ``acronym``: an acronym against its full name, in one script or across scripts
  (NATO / НАТО / Организация Североатлантического договора; قسد / قوات سوريا الديمقراطية;
  北约 / 北大西洋公约组织);
* ``generic``: names whose kind words are translated, not transliterated (Damascus
  International Airport / مطار دمشق الدولي / 大马士革国际机场);
* ``short-long``: a name against a longer or shorter form of itself (with or without
  generic words, middle names, ranks and honorifics);
* ``variant``: two spellings of one name in one script (transliteration schools, hamza and
  ta marbuta, Russian inflection);
* ``alias``: two different names for one thing (Daesh for the Islamic State): what only
  knowledge can link; kept so that the figures say how much of it there is.

Forms are Wikipedia article titles in that language unless tagged: ``|acronym``,
``|short``, ``|long``, ``|variant`` and ``|alias`` are forms that the article of that
language gives in its lead or as a redirect (the builder cites the article of the
language's first form), ``|press`` a common newspaper spelling. As in fusion_names.py,
the titles were written down for this set without fetching the pages: a row's source says
where a form comes from, not that the page has this exact title today.

``group`` ties confusable entities, whose cross pairs are the hard negatives of each
family: two airports of one city, two parties that share their generic words, two news
agencies, two ministries of defence, a governorate and its city.
"""

from __future__ import annotations

Forms = dict[str, tuple[str, ...]]

FAMILY_ENTITIES: list[tuple[str, str, str, Forms]] = [
    # --- acronyms: international organisations -----------------------------------------
    (
        "nato",
        "organization",
        "world-orgs",
        {
            "en": ("North Atlantic Treaty Organization", "NATO|acronym"),
            "ru": ("Организация Североатлантического договора", "НАТО|acronym"),
            "ar": ("حلف شمال الأطلسي", "الناتو|acronym"),
            "fa": ("سازمان پیمان آتلانتیک شمالی", "ناتو|acronym"),
            "zh_Hans": ("北大西洋公约组织", "北约|acronym"),
            "zh_Hant": ("北大西洋公約組織", "北約|acronym"),
        },
    ),
    (
        "who",
        "organization",
        "world-orgs",
        {
            "en": ("World Health Organization", "WHO|acronym"),
            "ru": ("Всемирная организация здравоохранения", "ВОЗ|acronym"),
            "ar": ("منظمة الصحة العالمية",),
            "fa": ("سازمان جهانی بهداشت",),
            "zh_Hans": ("世界卫生组织", "世卫组织|acronym"),
            "zh_Hant": ("世界衛生組織", "世衛組織|acronym"),
        },
    ),
    (
        "wto",
        "organization",
        "world-orgs",
        {
            "en": ("World Trade Organization", "WTO|acronym"),
            "ru": ("Всемирная торговая организация", "ВТО|acronym"),
            "ar": ("منظمة التجارة العالمية",),
            "fa": ("سازمان تجارت جهانی",),
            "zh_Hans": ("世界贸易组织", "世贸组织|acronym"),
            "zh_Hant": ("世界貿易組織", "世貿組織|acronym"),
        },
    ),
    (
        "united-nations",
        "organization",
        "world-orgs",
        {
            "en": ("United Nations", "UN|acronym"),
            "ru": ("Организация Объединённых Наций", "ООН|acronym"),
            "ar": ("الأمم المتحدة",),
            "fa": ("سازمان ملل متحد",),
            "zh_Hans": ("联合国",),
            "zh_Hant": ("聯合國",),
        },
    ),
    (
        "iaea",
        "organization",
        "world-orgs",
        {
            "en": ("International Atomic Energy Agency", "IAEA|acronym"),
            "ru": ("Международное агентство по атомной энергии", "МАГАТЭ|acronym"),
            "ar": ("الوكالة الدولية للطاقة الذرية",),
            "fa": ("آژانس بین‌المللی انرژی اتمی",),
            "zh_Hans": ("国际原子能机构",),
        },
    ),
    (
        "opec",
        "organization",
        "world-orgs",
        {
            "en": ("Organization of the Petroleum Exporting Countries", "OPEC|acronym"),
            "ru": ("Организация стран — экспортёров нефти", "ОПЕК|acronym"),
            "ar": ("منظمة البلدان المصدرة للبترول", "أوبك|acronym"),
            "fa": ("سازمان کشورهای صادرکننده نفت", "اوپک|acronym"),
            "zh_Hans": ("石油输出国组织", "欧佩克|acronym"),
        },
    ),
    (
        "european-union",
        "organization",
        "world-orgs",
        {
            "en": ("European Union", "EU|acronym"),
            "ru": ("Европейский союз", "ЕС|acronym"),
            "ar": ("الاتحاد الأوروبي",),
            "fa": ("اتحادیه اروپا",),
            "zh_Hans": ("欧洲联盟", "欧盟|acronym"),
            "zh_Hant": ("歐洲聯盟", "歐盟|acronym"),
        },
    ),
    (
        "icrc",
        "organization",
        "world-orgs",
        {
            "en": ("International Committee of the Red Cross", "ICRC|acronym"),
            "ru": ("Международный комитет Красного Креста", "МККК|acronym"),
            "ar": ("اللجنة الدولية للصليب الأحمر",),
            "fa": ("کمیته بین‌المللی صلیب سرخ",),
            "zh_Hans": ("红十字国际委员会",),
        },
    ),
    # --- acronyms: intelligence and security services ----------------------------------
    (
        "cia",
        "organization",
        "intelligence",
        {
            "en": ("Central Intelligence Agency", "CIA|acronym"),
            "ru": ("Центральное разведывательное управление", "ЦРУ|acronym"),
            "ar": ("وكالة المخابرات المركزية الأمريكية",),
            "fa": ("سازمان اطلاعات مرکزی آمریکا",),
            "zh_Hans": ("中央情报局", "中情局|acronym"),
            "zh_Hant": ("中央情報局", "中情局|acronym"),
        },
    ),
    (
        "fsb",
        "organization",
        "intelligence",
        {
            "en": ("Federal Security Service", "FSB|acronym"),
            "ru": ("Федеральная служба безопасности Российской Федерации", "ФСБ|acronym"),
            "ar": ("جهاز الأمن الفيدرالي الروسي",),
            "fa": ("سرویس امنیت فدرال روسیه",),
            "zh_Hans": ("俄罗斯联邦安全局",),
        },
    ),
    (
        "svr",
        "organization",
        "intelligence",
        {
            "en": ("Foreign Intelligence Service (Russia)", "SVR|acronym"),
            "ru": ("Служба внешней разведки Российской Федерации", "СВР|acronym"),
            "ar": ("جهاز الاستخبارات الخارجية الروسي",),
            "zh_Hans": ("俄罗斯对外情报局",),
        },
    ),
    # --- acronyms and generic words: armed groups and parties --------------------------
    (
        "syrian-arab-army",
        "organization",
        "syria-groups",
        {
            "en": ("Syrian Arab Army", "SAA|acronym"),
            "ru": ("Сирийская арабская армия", "Сирийской арабской армии|variant"),
            "ar": ("الجيش العربي السوري",),
            "fa": ("ارتش عربی سوریه",),
            "zh_Hans": ("叙利亚阿拉伯陆军",),
        },
    ),
    (
        "kdp",
        "organization",
        "kurd",
        {
            "en": ("Kurdistan Democratic Party", "KDP|acronym"),
            "ru": ("Демократическая партия Курдистана",),
            "ar": ("الحزب الديمقراطي الكردستاني",),
            "fa": ("حزب دموکرات کردستان",),
            "zh_Hans": ("库尔德斯坦民主党",),
        },
    ),
    (
        "pyd",
        "organization",
        "kurd",
        {
            "en": ("Democratic Union Party", "PYD|alias"),
            "ru": ("Партия демократического союза",),
            "ar": ("حزب الاتحاد الديمقراطي",),
            "fa": ("حزب اتحاد دموکراتیک",),
            "zh_Hans": ("民主联盟党",),
        },
    ),
    (
        "puk",
        "organization",
        "kurd",
        {
            "en": ("Patriotic Union of Kurdistan", "PUK|acronym"),
            "ru": ("Патриотический союз Курдистана",),
            "ar": ("الاتحاد الوطني الكردستاني",),
            "fa": ("اتحادیه میهنی کردستان",),
            "zh_Hans": ("库尔德斯坦爱国联盟",),
        },
    ),
    # --- generic words: news agencies and ministries -----------------------------------
    (
        "sana",
        "organization",
        "news-agencies",
        {
            "en": ("Syrian Arab News Agency", "SANA|acronym"),
            "ru": ("Сирийское арабское информационное агентство",),
            "ar": ("الوكالة العربية السورية للأنباء", "سانا|acronym"),
            "zh_Hans": ("叙利亚阿拉伯通讯社",),
        },
    ),
    (
        "irna",
        "organization",
        "news-agencies",
        {
            "en": ("Islamic Republic News Agency", "IRNA|acronym"),
            "ru": ("Информационное агентство Исламской Республики", "ИРНА|acronym"),
            "ar": ("وكالة الجمهورية الإسلامية للأنباء",),
            "fa": ("خبرگزاری جمهوری اسلامی", "ایرنا|acronym"),
            "zh_Hans": ("伊斯兰共和国通讯社",),
        },
    ),
    (
        "fars-news-agency",
        "organization",
        "news-agencies",
        {
            "en": ("Fars News Agency", "Fars|short"),
            "ru": ("Информационное агентство Фарс",),
            "ar": ("وكالة فارس للأنباء",),
            "fa": ("خبرگزاری فارس",),
            "zh_Hans": ("法尔斯通讯社",),
        },
    ),
    (
        "tasnim-news-agency",
        "organization",
        "news-agencies",
        {
            "en": ("Tasnim News Agency", "Tasnim|short"),
            "ar": ("وكالة تسنيم للأنباء",),
            "fa": ("خبرگزاری تسنیم",),
            "zh_Hans": ("塔斯尼姆通讯社",),
        },
    ),
    (
        "ria-novosti",
        "organization",
        "news-agencies",
        {
            "en": ("RIA Novosti",),
            "ru": ("РИА Новости",),
            "ar": ("ريا نوفوستي",),
            "fa": ("ریا نووستی",),
        },
    ),
    (
        "ministry-of-defence-russia",
        "organization",
        "ministries",
        {
            "en": (
                "Ministry of Defence of the Russian Federation",
                "Russian Ministry of Defence|short",
            ),
            "ru": (
                "Министерство обороны Российской Федерации",
                "Министерство обороны России|short",
            ),
            "ar": ("وزارة الدفاع الروسية",),
            "fa": ("وزارت دفاع روسیه",),
            "zh_Hans": ("俄罗斯联邦国防部",),
            "zh_Hant": ("俄羅斯聯邦國防部",),
        },
    ),
    (
        "ministry-of-defence-syria",
        "organization",
        "ministries",
        {
            "en": ("Ministry of Defense (Syria)", "Syrian Ministry of Defense|short"),
            "ru": ("Министерство обороны Сирии",),
            "ar": ("وزارة الدفاع السورية",),
            "fa": ("وزارت دفاع سوریه",),
            "zh_Hans": ("叙利亚国防部",),
        },
    ),
    (
        "ministry-of-foreign-affairs-iran",
        "organization",
        "ministries",
        {
            "en": (
                "Ministry of Foreign Affairs (Iran)",
                "Iranian Ministry of Foreign Affairs|short",
            ),
            "ru": ("Министерство иностранных дел Ирана",),
            "ar": ("وزارة الخارجية الإيرانية",),
            "fa": ("وزارت امور خارجه ایران",),
            "zh_Hans": ("伊朗外交部",),
        },
    ),
    # --- generic words: airports, air bases and ports ---------------------------------
    (
        "damascus-international-airport",
        "location",
        "syria-airports",
        {
            "en": ("Damascus International Airport", "Damascus Airport|short"),
            "ru": ("Международный аэропорт Дамаск", "Аэропорт Дамаск|short"),
            "ar": ("مطار دمشق الدولي",),
            "fa": ("فرودگاه بین‌المللی دمشق",),
            "zh_Hans": ("大马士革国际机场",),
            "zh_Hant": ("大馬士革國際機場",),
        },
    ),
    (
        "aleppo-international-airport",
        "location",
        "syria-airports",
        {
            "en": ("Aleppo International Airport",),
            "ru": ("Международный аэропорт Алеппо",),
            "ar": ("مطار حلب الدولي",),
            "fa": ("فرودگاه بین‌المللی حلب",),
            "zh_Hans": ("阿勒颇国际机场",),
        },
    ),
    (
        "bassel-al-assad-international-airport",
        "location",
        "syria-airports",
        {
            "en": ("Bassel Al-Assad International Airport",),
            "ru": ("Международный аэропорт имени Басиля аль-Асада",),
            "ar": ("مطار باسل الأسد الدولي",),
            "fa": ("فرودگاه بین‌المللی باسل الاسد",),
            "zh_Hans": ("巴塞尔·阿萨德国际机场",),
        },
    ),
    (
        "khmeimim-air-base",
        "location",
        "syria-airports",
        {
            "en": ("Khmeimim Air Base", "Hmeimim Air Base|variant"),
            "ru": ("Авиабаза Хмеймим",),
            "ar": ("قاعدة حميميم الجوية",),
            "fa": ("پایگاه هوایی حمیمیم",),
            "zh_Hans": ("赫梅米姆空军基地",),
        },
    ),
    (
        "shayrat-air-base",
        "location",
        "syria-airports",
        {
            "en": ("Shayrat Airbase", "Shayrat Air Base|variant"),
            "ru": ("Авиабаза Шайрат",),
            "ar": ("قاعدة الشعيرات الجوية",),
            "fa": ("پایگاه هوایی الشعیرات",),
            "zh_Hans": ("沙伊拉特空军基地",),
        },
    ),
    (
        "baghdad-international-airport",
        "location",
        "iraq-airports",
        {
            "en": ("Baghdad International Airport", "Baghdad Airport|short"),
            "ru": ("Международный аэропорт Багдад",),
            "ar": ("مطار بغداد الدولي",),
            "fa": ("فرودگاه بین‌المللی بغداد",),
            "zh_Hans": ("巴格达国际机场",),
            "zh_Hant": ("巴格達國際機場",),
        },
    ),
    (
        "ain-al-asad-air-base",
        "location",
        "iraq-airports",
        {
            "en": ("Al Asad Airbase", "Ain al-Asad Air Base|variant"),
            "ar": ("قاعدة عين الأسد الجوية",),
            "fa": ("پایگاه هوایی عین‌الاسد",),
            "zh_Hans": ("阿萨德空军基地",),
        },
    ),
    (
        "erbil-international-airport",
        "location",
        "iraq-airports",
        {
            "en": ("Erbil International Airport",),
            "ru": ("Международный аэропорт Эрбиль",),
            "ar": ("مطار أربيل الدولي",),
            "fa": ("فرودگاه بین‌المللی اربیل",),
            "zh_Hans": ("埃尔比勒国际机场",),
        },
    ),
    (
        "imam-khomeini-international-airport",
        "location",
        "tehran-airports",
        {
            "en": ("Imam Khomeini International Airport",),
            "ru": ("Международный аэропорт имени Имама Хомейни",),
            "ar": ("مطار الإمام الخميني الدولي",),
            "fa": ("فرودگاه بین‌المللی امام خمینی",),
            "zh_Hans": ("伊玛目霍梅尼国际机场",),
        },
    ),
    (
        "mehrabad-international-airport",
        "location",
        "tehran-airports",
        {
            "en": ("Mehrabad International Airport", "Mehrabad Airport|short"),
            "ru": ("Международный аэропорт Мехрабад",),
            "ar": ("مطار مهرآباد الدولي",),
            "fa": ("فرودگاه بین‌المللی مهرآباد",),
            "zh_Hans": ("梅赫拉巴德国际机场",),
        },
    ),
    (
        "port-of-tartus",
        "location",
        "syria-cities",
        {
            "en": ("Port of Tartus", "Tartus Port|variant"),
            "ru": ("Порт Тартус",),
            "ar": ("ميناء طرطوس",),
            "fa": ("بندر طرطوس",),
            "zh_Hans": ("塔尔图斯港",),
        },
    ),
    (
        "port-of-latakia",
        "location",
        "syria-cities",
        {
            "en": ("Port of Latakia",),
            "ru": ("Порт Латакия",),
            "ar": ("ميناء اللاذقية",),
            "fa": ("بندر لاذقیه",),
            "zh_Hans": ("拉塔基亚港",),
        },
    ),
    # --- generic words: provinces, regions, rivers -------------------------------------
    (
        "idlib-governorate",
        "location",
        "syria-cities",
        {
            "en": ("Idlib Governorate",),
            "ru": ("Мухафаза Идлиб",),
            "ar": ("محافظة إدلب",),
            "fa": ("استان ادلب",),
            "zh_Hans": ("伊德利卜省",),
        },
    ),
    (
        "homs-governorate",
        "location",
        "hama",
        {
            "en": ("Homs Governorate",),
            "ru": ("Мухафаза Хомс",),
            "ar": ("محافظة حمص",),
            "fa": ("استان حمص",),
            "zh_Hans": ("霍姆斯省",),
        },
    ),
    (
        "nineveh-governorate",
        "location",
        "iraq-cities",
        {
            "en": ("Nineveh Governorate",),
            "ru": ("Мухафаза Найнава",),
            "ar": ("محافظة نينوى",),
            "fa": ("استان نینوا",),
            "zh_Hans": ("尼尼微省",),
        },
    ),
    (
        "tehran-province",
        "location",
        "iran-cities",
        {
            "en": ("Tehran Province",),
            "ru": ("Остан Тегеран",),
            "ar": ("محافظة طهران",),
            "fa": ("استان تهران",),
            "zh_Hans": ("德黑兰省",),
        },
    ),
    (
        "kurdistan-region",
        "location",
        "kurd-places",
        {
            "en": ("Kurdistan Region",),
            "ar": ("إقليم كردستان",),
            "fa": ("اقلیم کردستان",),
            "zh_Hans": ("库尔德斯坦地区",),
        },
    ),
    (
        "euphrates",
        "location",
        "rivers",
        {
            "en": ("Euphrates", "Euphrates River|long"),
            "ru": ("Евфрат",),
            "ar": ("نهر الفرات", "الفرات|short"),
            "fa": ("فرات",),
            "zh_Hans": ("幼发拉底河",),
            "zh_Hant": ("幼發拉底河",),
        },
    ),
    (
        "tigris",
        "location",
        "rivers",
        {
            "en": ("Tigris", "Tigris River|long"),
            "ru": ("Тигр",),
            "ar": ("نهر دجلة", "دجلة|short"),
            "fa": ("دجله",),
            "zh_Hans": ("底格里斯河",),
            "zh_Hant": ("底格里斯河",),
        },
    ),
    (
        "green-zone",
        "location",
        "zones",
        {
            "en": ("Green Zone",),
            "ru": ("Зелёная зона",),
            "ar": ("المنطقة الخضراء",),
            "fa": ("منطقه سبز",),
            "zh_Hans": ("绿区",),
        },
    ),
    (
        "golan-heights",
        "location",
        "zones",
        {
            "en": ("Golan Heights",),
            "ru": ("Голанские высоты",),
            "ar": ("هضبة الجولان",),
            "fa": ("بلندی‌های جولان",),
            "zh_Hans": ("戈兰高地",),
            "zh_Hant": ("戈蘭高地",),
        },
    ),
    (
        "persian-gulf",
        "location",
        "zones",
        {
            "en": ("Persian Gulf",),
            "ru": ("Персидский залив",),
            "ar": ("الخليج العربي|alias",),
            "fa": ("خلیج فارس",),
            "zh_Hans": ("波斯湾",),
            "zh_Hant": ("波斯灣",),
        },
    ),
    # --- people: variants, short and long forms ----------------------------------------
    (
        "osama-bin-laden",
        "person",
        "laden",
        {
            "en": ("Osama bin Laden", "Usama bin Ladin|variant"),
            "ru": ("Усама бен Ладен",),
            "ar": ("أسامة بن لادن", "اسامة بن لادن|variant"),
            "fa": ("اسامه بن لادن",),
            "zh_Hans": ("奥萨马·本·拉登",),
            "zh_Hant": ("奧薩瑪·賓·拉登",),
        },
    ),
    (
        "hamza-bin-laden",
        "person",
        "laden",
        {
            "en": ("Hamza bin Laden",),
            "ru": ("Хамза бен Ладен",),
            "ar": ("حمزة بن لادن",),
            "fa": ("حمزه بن لادن",),
            "zh_Hans": ("哈姆扎·本·拉登",),
        },
    ),
    (
        "sergey-lavrov",
        "person",
        "sergey",
        {
            "en": ("Sergey Lavrov", "Sergei Lavrov|variant"),
            "ru": ("Лавров, Сергей Викторович", "Сергей Лавров|short"),
            "ar": ("سيرغي لافروف",),
            "fa": ("سرگئی لاوروف",),
            "zh_Hans": ("谢尔盖·拉夫罗夫",),
        },
    ),
    (
        "sergey-shoigu",
        "person",
        "sergey",
        {
            "en": ("Sergei Shoigu", "Sergey Shoygu|variant"),
            "ru": ("Шойгу, Сергей Кужугетович", "Сергей Шойгу|short"),
            "ar": ("سيرغي شويغو",),
            "fa": ("سرگئی شویگو",),
            "zh_Hans": ("谢尔盖·绍伊古",),
        },
    ),
    (
        "abdul-malik-al-houthi",
        "person",
        "houthi",
        {
            "en": ("Abdul-Malik al-Houthi", "Abdulmalik al-Huthi|variant"),
            "ru": ("Абдул-Малик аль-Хуси",),
            "ar": ("عبد الملك الحوثي",),
            "fa": ("عبدالملک حوثی",),
            "zh_Hans": ("阿卜杜勒-马利克·胡塞",),
        },
    ),
    (
        "hussein-al-houthi",
        "person",
        "houthi",
        {
            "en": ("Hussein Badreddin al-Houthi",),
            "ru": ("Хусейн Бадреддин аль-Хуси",),
            "ar": ("حسين بدر الدين الحوثي",),
            "fa": ("حسین بدرالدین حوثی",),
        },
    ),
]

EXTRA_FORMS: dict[str, Forms] = {
    "qasem-soleimani": {
        "en": ("Ghasem Soleimani|variant", "Major General Qasem Soleimani|long"),
        "ru": ("Касем Сулеймани|short", "Касем Солеймани|variant"),
        "fa": ("سردار قاسم سلیمانی|long",),
    },
    "bashar-al-assad": {
        "en": ("Bashar Hafez al-Assad|long",),
        "ar": ("بشار حافظ الأسد|long",),
        "ru": ("Башар Асад|short",),
    },
    "hassan-nasrallah": {
        "en": ("Sayyed Hassan Nasrallah|long", "Hasan Nasrallah|variant"),
        "ar": ("السيد حسن نصر الله|long",),
    },
    "ali-khamenei": {
        "en": ("Ayatollah Ali Khamenei|long", "Sayyid Ali Hosseini Khamenei|long"),
        "fa": ("علی خامنه‌ای|short",),
    },
    "abu-bakr-al-baghdadi": {
        "en": ("Abu Bakr Baghdadi|variant", "Ibrahim Awad Ibrahim al-Badri|alias"),
    },
    "islamic-state": {
        "en": (
            "Islamic State of Iraq and the Levant|long",
            "Islamic State of Iraq and Syria|long",
            "ISIL|acronym",
            "ISIS|acronym",
            "Daesh|alias",
        ),
        "ru": ("Исламское государство Ирака и Леванта|long", "ИГИЛ|acronym"),
        "ar": ("الدولة الإسلامية في العراق والشام|long", "داعش|acronym"),
        "fa": ("دولت اسلامی عراق و شام|long", "داعش|acronym"),
        "zh_Hans": ("伊拉克和黎凡特伊斯兰国|long",),
    },
    "irgc": {
        "en": ("IRGC|acronym", "Revolutionary Guards|short"),
        "ru": ("КСИР|acronym", "Корпус стражей исламской революции Ирана|long"),
        "ar": ("الحرس الثوري|short",),
        "fa": ("سپاه پاسداران|short",),
    },
    "syrian-democratic-forces": {
        "en": ("SDF|acronym",),
        "ru": ("СДС|acronym",),
        "ar": ("قسد|acronym",),
    },
    "free-syrian-army": {
        "en": ("FSA|acronym",),
        "ru": ("ССА|acronym",),
    },
    "hayat-tahrir-al-sham": {
        "en": ("HTS|acronym", "Tahrir al-Sham|short"),
        "ru": ("ХТШ|acronym",),
    },
    "popular-mobilization-forces": {
        "en": ("PMF|acronym", "Popular Mobilisation Forces|variant"),
        "ar": ("هيئة الحشد الشعبي|long",),
    },
    "pkk": {"en": ("PKK|alias",), "ru": ("РПК|acronym",)},
    "al-nusra-front": {"en": ("Nusra Front|short",), "ar": ("جبهة النصرة لأهل الشام|long",)},
    "hezbollah": {"en": ("Hizbullah|variant",), "ar": ("حزب اللّه|variant",)},
    "baath-party": {
        "en": ("Arab Socialist Ba'ath Party|long",),
        "ar": ("حزب البعث العربي الاشتراكي|long",),
        "ru": ("Партия арабского социалистического возрождения|alias",),
    },
    "wagner-group": {"en": ("PMC Wagner|variant",), "ru": ("ЧВК Вагнер|variant",)},
    "mosul": {"ar": ("مدينة الموصل|long",), "en": ("Mosul city|long",)},
    "fallujah": {"ru": ("Фаллуджа|short",), "en": ("Falluja|variant",)},
}
"""Forms added to entities of fusion_names.py, with the family their tag names."""
