"""Chinese names are read with allyhub's pinyin table (fusion/_pinyin.py), loaded with the
first Chinese name a process reads; pypinyin itself (about 55 MB of dictionaries) is never
imported at run time, only by the tests that hold the table to it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import allyhub.app, allyhub.api.routes, allyhub.console.routes
from allyhub.fusion._pinyin import table
print(table.cache_info().currsize)
from allyhub.fusion.keys import name_keys
name_keys("卡西姆·蘇雷曼尼", "person")
print(table.cache_info().currsize, "pypinyin" in sys.modules)
"""


def test_the_pinyin_table_loads_on_first_use_and_pypinyin_never() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["0", "1", "False"]
