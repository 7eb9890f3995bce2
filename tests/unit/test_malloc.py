"""A hub process limits glibc's malloc arenas, unless its operator chose a number."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
from allyhub.malloc import ARENAS, limit_arenas
print(limit_arenas(os.environ), os.environ.get("MALLOC_ARENA_MAX"))
"""


def _run(env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.split()


def test_a_process_limits_its_arenas_and_its_childrens() -> None:
    assert _run({}) == ["True", "2"]


def test_the_operators_setting_wins() -> None:
    assert _run({"MALLOC_ARENA_MAX": "8"}) == ["False", "8"]
