"""The compiled phoneme alignment (_alignc) computes what the Python loop computes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.fusion import _phonemes
from allyhub.fusion._romanize import arabic, cyrillic, han, latin

compiled = pytest.mark.skipif(
    _phonemes._compiled is None, reason="_alignc was not built (no C compiler at install)"
)

_READ = {"latin": latin, "cyrillic": cyrillic, "arabic": arabic, "han": han}
_SAMPLES = {
    "latin": "soleimani qassem damascus khmeimim bashar",
    "cyrillic": "сулеймани хмеймим",
    "arabic": "سليماني دمشق",
    "han": "苏莱曼尼 大马士革 巴塞尔",
}
_WORDS = [_READ[script](word)[1] for script, words in _SAMPLES.items() for word in words.split()]
_SYMBOLS = sorted({sym for word in _WORDS for sym in word})
_TOKENS = st.lists(st.sampled_from(_SYMBOLS), min_size=1, max_size=12).map(tuple)


@compiled
@settings(max_examples=400, deadline=None)
@given(_TOKENS, _TOKENS, st.booleans(), st.booleans(), st.booleans())
def test_compiled_alignment_equals_the_python_loop(
    a: tuple[int, ...], b: tuple[int, ...], faint: bool, strict: bool, loose_end: bool
) -> None:
    python = _phonemes.align(a, b, faint, strict, loose_end, compiled=False)
    fast = _phonemes.align(a, b, faint, strict, loose_end, compiled=True)
    assert fast == pytest.approx(python, abs=1e-12)


@compiled
def test_compiled_alignment_scores_known_pairs_like_the_python_loop() -> None:
    for a in _WORDS:
        for b in _WORDS:
            for strict in (False, True):
                python = _phonemes.align(a, b, True, strict, True, compiled=False)
                assert _phonemes.align(a, b, True, strict, True, compiled=True) == pytest.approx(
                    python, abs=1e-12
                )
