"""`allyhub demo --check` runs the seed scenario on two real hubs headless and verifies it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port


@pytest.mark.slow
def test_demo_check_passes(tmp_path: Path) -> None:
    offset = free_port() - 8601  # two free-ish ports: 8601 + offset and 8602 + offset
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "allyhub",
            "demo",
            "--check",
            "--data-dir",
            str(tmp_path / "demo"),
            "--port-offset",
            str(offset),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[FAIL]" not in result.stdout
    assert result.stdout.count("[ok]") >= 8
