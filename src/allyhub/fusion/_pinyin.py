"""Pinyin of Han words, as pypinyin's `lazy_pinyin` reads them, from a compact table.

Why not pypinyin at run time: its dictionaries take about 45 MB in every process that
reads a Chinese name (the fusion worker always does; the server does on its first name
search), for readings a hub needs in a much smaller form. Most of pypinyin's phrases read
the same as their characters one by one; only about 3,500 of 47,000 do not (重庆 is
chong-qing, not zhong-qing). The table (`allyhub/data/pinyin.json.gz`, made from
pypinyin by `python -m allyhub.fusion._pinyin`) holds each character's first reading,
the phrases whose reading differs, and every phrase's text, because pypinyin cuts a word
into phrases greedily (forward maximum matching over the prefixes of all its phrases)
and a phrase that reads like its characters can still decide where the next one starts.

pypinyin stays the oracle: tests/unit/fusion/test_pinyin.py compares `pinyin` with
`lazy_pinyin` on every phrase, on the evaluation set's Han names and on generated words,
and fails when the installed pypinyin's dictionaries no longer match the table.
"""

from __future__ import annotations

import gzip
import sys
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

TABLE = "pinyin.json.gz"
"""The table's file name in the `allyhub.data` package."""


class PinyinTable:
    """Characters' readings, the phrases that read otherwise, and the segmentation
    prefixes, loaded once."""

    def __init__(self, chars: dict[str, str], phrases: dict[str, list[str]], plain: list[str]):
        # about 400 distinct syllables: one string object each
        self.chars = {char: sys.intern(reading) for char, reading in chars.items()}
        self.phrases = {
            phrase: [sys.intern(s) for s in reading] for phrase, reading in phrases.items()
        }
        # every phrase, sorted: a run is a prefix of some phrase when the first phrase not
        # below it starts with it (a set of all prefixes would take twice the memory)
        self.sorted = sorted((*phrases, *plain))

    def _is_prefix(self, run: str) -> bool:
        at = bisect_left(self.sorted, run)
        return at < len(self.sorted) and self.sorted[at].startswith(run)

    def _is_phrase(self, run: str) -> bool:
        at = bisect_left(self.sorted, run)
        return at < len(self.sorted) and self.sorted[at] == run

    def cut(self, text: str) -> list[str]:
        """pypinyin's cut (`pypinyin.seg.mmseg.seg`, strict forward maximum matching),
        quirks included: from each position, runs are extended while they are prefixes
        of some phrase, and the longest of them that is a phrase is taken (else one
        character); when the text ends before the prefixes do and no phrase was seen,
        the rest is cut into single characters."""
        out: list[str] = []
        start = 0
        while start < len(text):
            phrase_end = 0
            end = start + 1
            while end <= len(text) and self._is_prefix(text[start:end]):
                if self._is_phrase(text[start:end]):
                    phrase_end = end
                end += 1
            if phrase_end:
                out.append(text[start:phrase_end])
                start = phrase_end
            elif end > len(text):
                out.extend(text[start:])
                break
            else:
                out.append(text[start])
                start += 1
        return out

    def read(self, text: str) -> list[str]:
        """The readings of a Han word, one per character; a character the table does not
        know is kept as it is (as `lazy_pinyin` keeps it)."""
        out: list[str] = []
        for piece in self.cut(text):
            phrase = self.phrases.get(piece)
            if phrase is not None:
                out.extend(phrase)
            else:
                out.extend(self.chars.get(char, char) for char in piece)
        return out


@lru_cache(maxsize=1)
def table() -> PinyinTable:
    """The table shipped with allyhub (about 1 MB compressed, a few MB in memory)."""
    raw = resources.files("allyhub.data").joinpath(TABLE).read_bytes()
    data = orjson.loads(gzip.decompress(raw))
    return PinyinTable(data["chars"], data["phrases"], data["plain"])


def pinyin(word: str) -> list[str]:
    """`lazy_pinyin(word)` for a word of Han characters (tone marks off, one syllable per
    character)."""
    return table().read(word)


def build() -> dict[str, Any]:
    """The table from the installed pypinyin (imported here only)."""
    from pypinyin import lazy_pinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    chars: dict[str, str] = {}
    for code in sorted(PINYIN_DICT):
        char = chr(code)
        reading = lazy_pinyin(char)
        if reading and reading[0] != char:
            chars[char] = reading[0]
    phrases: dict[str, list[str]] = {}
    plain: list[str] = []
    for phrase in sorted(PHRASES_DICT):
        reading = lazy_pinyin(phrase)
        if reading != [chars.get(c, c) for c in phrase]:
            phrases[phrase] = reading
        else:
            plain.append(phrase)
    return {"chars": chars, "phrases": phrases, "plain": plain}


def main(target: Path) -> None:
    data = orjson.dumps(build(), option=orjson.OPT_SORT_KEYS)
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "data" / TABLE)
