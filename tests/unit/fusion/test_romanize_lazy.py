"""pypinyin's phrase dictionary (~55 MB) loads only when a Chinese name is romanized, so
a hub's server process, whose fusion worker runs apart, does not hold it for nothing."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import allyhub.app, allyhub.api.routes, allyhub.console.routes
print("pypinyin" in sys.modules)
from allyhub.fusion.keys import name_keys
name_keys("卡西姆·蘇雷曼尼", "person")
print("pypinyin" in sys.modules)
"""


def test_pypinyin_is_imported_on_first_use_only() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True"]
