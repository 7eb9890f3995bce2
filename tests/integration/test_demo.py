"""`allyhub demo --check` runs the seed scenario headless and verifies it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import free_port


def test_demo_check_passes(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "allyhub", "demo", "--check", "--data-dir", str(tmp_path / "demo"),
         "--port", str(free_port())],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[FAIL]" not in result.stdout
    assert result.stdout.count("[ok]") >= 5
