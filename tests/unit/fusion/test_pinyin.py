"""The compact pinyin table reads Han words exactly as pypinyin's `lazy_pinyin` does.

pypinyin is the oracle here and only here: at run time allyhub reads its table
(`fusion/_pinyin.py`), 13 MB in memory where pypinyin's dictionaries take about 55. When a
new pypinyin changes its dictionaries these tests fail; regenerate the table with
`python -m allyhub.fusion._pinyin`.
"""

from __future__ import annotations

import gzip
import re
from importlib import resources

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from allyhub.fusion._pinyin import TABLE, build, pinyin

HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
CHARS = sorted(chr(code) for code in PINYIN_DICT if 0x3400 <= code <= 0x9FFF)
PHRASES = sorted(PHRASES_DICT)


def test_the_shipped_table_is_the_installed_pypinyins() -> None:
    shipped = orjson.loads(
        gzip.decompress(resources.files("allyhub.data").joinpath(TABLE).read_bytes())
    )
    assert shipped == build(), "regenerate: python -m allyhub.fusion._pinyin"


def test_every_phrase_reads_as_pypinyin_reads_it() -> None:
    wrong = [p for p in PHRASES if pinyin(p) != lazy_pinyin(p)]
    assert wrong == []


def test_names_of_the_evaluation_set_read_as_pypinyin_reads_them() -> None:
    raw = resources.files("allyhub.data").joinpath("fusion_eval.jsonl.gz").read_bytes()
    words = {
        run
        for line in gzip.decompress(raw).splitlines()
        for side in ("a", "b")
        for run in HAN_RUN.findall(orjson.loads(line)[side])
    }
    assert len(words) > 100  # the set has Chinese names at all
    assert [w for w in sorted(words) if pinyin(w) != lazy_pinyin(w)] == []


@pytest.mark.parametrize(
    "word", ["重庆", "长沙市长", "卡西姆·蘇雷曼尼".replace("·", ""), "行长银行"]
)
def test_polyphones_take_their_phrases_reading(word: str) -> None:
    assert pinyin(word) == lazy_pinyin(word)


# Words glued from phrases and characters, so that one phrase's end and the next one's
# start overlap: where pypinyin's greedy cut puts the boundary decides the readings.
pieces = st.one_of(st.sampled_from(PHRASES), st.sampled_from(CHARS))


@settings(max_examples=3000, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=5).map("".join))
def test_any_run_of_han_reads_as_pypinyin_reads_it(word: str) -> None:
    assert pinyin(word) == lazy_pinyin(word)
