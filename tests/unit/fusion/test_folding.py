"""Folding's fast paths against the obvious readings kept here as oracles: Arabic folding in
one `str.translate`, and ASCII names folded without the steps that cannot change them."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from allyhub.fusion._folding import (
    _ARABIC_FOLD,
    ARABIC_DIACRITICS,
    fold_arabic,
    fold_cyrillic,
    fold_latin,
    script_of,
    scripts_of,
    strip_arabic_marks,
    to_simplified,
)
from allyhub.fusion._gazetteer import _PUNCTUATION, fold_name

# The Arabic block, the joiners and direction marks, Persian letters, Latin and spaces.
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(list("\u200c\u200d\u200e\u200f پچژگکیab")),
    ),
    max_size=24,
)


def _stripped(text: str) -> str:
    return "".join(c for c in text if c not in ARABIC_DIACRITICS and c not in "\u200c\u200d")


@given(_TEXT)
def test_marks_and_joiners_are_deleted_and_nothing_else(text: str) -> None:
    assert strip_arabic_marks(text) == _stripped(text)


@given(_TEXT)
def test_folding_is_stripping_then_mapping_the_letters(text: str) -> None:
    assert fold_arabic(text) == _stripped(text).translate(_ARABIC_FOLD)


def test_a_vowelled_name_folds_to_its_plain_form() -> None:
    assert fold_arabic("قَاسِم سُلَيْمَانِيّ") == fold_arabic("قاسم سليماني") == "قاسم سليماني"
    assert fold_arabic("أسامة") == "اسامه"


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30))
def test_an_ascii_name_folds_as_the_full_path_folds_it(name: str) -> None:
    """`fold_name`'s shortcut for ASCII names: the same as every folding step applied."""
    full = unicodedata.normalize("NFKC", name)
    full = fold_arabic(to_simplified(fold_cyrillic(fold_latin(full))))
    assert fold_name.__wrapped__(name) == _PUNCTUATION.sub("", full)


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x7F),
            st.sampled_from(list("éЖжقسم卡西姆·")),
        ),
        max_size=20,
    )
)
def test_scripts_are_counted_letter_by_letter(text: str) -> None:
    """`scripts_of`'s ASCII shortcut and cache give what counting each letter gives."""
    counts: dict[str, int] = {}
    for char in text:
        script = script_of(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    assert scripts_of.__wrapped__(text) == tuple(sorted(counts, key=lambda s: -counts[s]))
    assert scripts_of(text) == scripts_of.__wrapped__(text)
