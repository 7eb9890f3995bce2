"""Keys per script: folding, romanization, skeletons, particles and concepts."""

import pytest

from allyhub.fusion import KINDS, name_keys


@pytest.mark.parametrize(
    ("name", "scripts", "skeletons"),
    [
        pytest.param("Qasem Soleimani", ("Latin",), ("KSM", "SLMN"), id="latin"),
        pytest.param("Касем Сулеймани", ("Cyrillic",), ("KSM", "SLMN"), id="cyrillic"),
        pytest.param("قاسم سليماني", ("Arabic",), ("KSM", "SLMN"), id="arabic"),
        pytest.param("قاسم سلیمانی", ("Persian",), ("KSM", "SLMN"), id="persian"),
        pytest.param("卡西姆·苏莱曼尼", ("Hans",), ("KSM", "SLMN"), id="han-simplified"),
        pytest.param("卡西姆·蘇雷曼尼", ("Hant",), ("KSM", "SLMN"), id="han-traditional"),
    ],
)
def test_keys_give_one_skeleton_across_scripts(name, scripts, skeletons):
    keys = name_keys(name, "person")
    assert keys.original == name
    assert keys.scripts == scripts
    assert keys.skeletons == skeletons


def test_keys_fold_traditional_to_simplified_and_keep_the_original():
    keys = name_keys("卡西姆·蘇雷曼尼", "person")
    assert keys.folded == ("卡西姆·苏雷曼尼",)
    assert keys.original == "卡西姆·蘇雷曼尼"
    assert keys.romanizations[0] == "ka-xi-mu su-lei-man-ni"


def test_keys_romanize_cyrillic_and_arabic_letter_by_letter():
    assert name_keys("Касем Сулеймани", "person").romanizations == ("kasem suleymani",)
    assert name_keys("قاسم سليماني", "person").romanizations == ("qasm slymany",)


def test_keys_fold_arabic_hamza_and_ta_marbuta():
    assert name_keys("أسامة", "person").folded == ("اسامه",)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        pytest.param("Bashar al-Assad", ("bashar", "assad"), id="latin-al"),
        pytest.param("Abu Musab az-Zarqawi", ("abu", "musab", "zarqawi"), id="latin-sun-letter"),
        pytest.param("Муктада ас-Садр", ("muktada", "sadr"), id="cyrillic-as"),
        pytest.param("بشار الأسد", ("bshar", "asd"), id="arabic-article"),
        pytest.param("سید علی خامنه‌ای", ("ʿly", "khamnhay"), id="persian-title-zwnj"),
        pytest.param("Sheikh Hassan Nasrallah", ("hassan", "nasrallah"), id="title"),
    ],
)
def test_keys_drop_articles_and_titles(name, parts):
    assert tuple(t.text for t in name_keys(name, "person").tokens) == parts


def test_keys_put_catalogue_order_back_in_natural_order():
    keys = name_keys("Путин, Владимир Владимирович", "person")
    assert [t.text for t in keys.tokens] == ["vladimir", "vladimirovich", "putin"]
    assert [t.role for t in keys.tokens] == ["name", "patronymic", "name"]


def test_keys_read_translated_words_as_concepts_in_group_names():
    for name in ("Hezbollah", "حزب الله", "Хезболла", "真主党", "حزب‌الله"):
        concepts = {t.concept for t in name_keys(name, "organization").tokens}
        assert concepts == {"PARTY", "GOD"}, name


def test_keys_do_not_read_concepts_in_person_names():
    tokens = name_keys("حسن نصر الله", "person").tokens
    assert all(t.concept is None for t in tokens)


def test_keys_read_han_one_character_words_only_at_word_edges():
    readings = name_keys("卡西姆", "location").readings
    assert len(readings) == 1  # 西 "west" is a syllable here
    south = name_keys("南苏丹", "location").readings
    assert any(t.concept == "SOUTH" for reading in south for t in reading)


def test_keys_carry_block_keys_for_every_kind():
    for kind in KINDS:
        keys = name_keys("Damascus", kind)
        assert "s:TMSKS" in keys.block_keys or "s:TMSK" in keys.block_keys


def test_keys_romanize_other_scripts_with_or_without_icu():
    keys = name_keys("Αθήνα", "location")
    assert keys.scripts == ("Other",)
    assert keys.romanizations == ("athina",)


def test_keys_keep_concepts_of_words_with_country_like_endings():
    tokens = name_keys("Рабочая партия Курдистана", "organization").tokens
    assert [t.concept for t in tokens] == ["WORKERS", "PARTY", None]
