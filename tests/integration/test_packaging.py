"""The built wheel is enough to run a hub: installed alone into a fresh virtual
environment (no source tree on the path), `allyhub demo --check` passes from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port_pair


def _run(command: list[str], timeout: float) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    _run([*pip, "-w", str(out), str(ROOT)], timeout=300)
    (built,) = out.glob("allyhub-*.whl")
    return built


def test_wheel_carries_the_license_the_charters_and_the_migrations(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "allyhub/examples/rsii.toml" in names
    assert "allyhub/examples/certnet.toml" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert any(n.startswith("allyhub/store/migrations/versions/0001") for n in names)
    # the console's graph library ships with it, licence beside it (no CDN)
    assert "allyhub/console/static/vendor/cytoscape.min.js" in names
    assert "allyhub/console/static/vendor/cytoscape.LICENSE" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: Apache-2.0" in text
    rigour = [line for line in text.splitlines() if line.startswith("Requires-Dist: rigour")]
    assert rigour and all("extra ==" in line for line in rigour)  # PyICU compiles: optional


@pytest.mark.slow
def test_demo_check_passes_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", str(wheel)], timeout=900)
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    offset = free_port_pair() - 8601  # two free ports: 8601 + offset and 8602 + offset
    demo = [str(venv / "bin" / "allyhub"), "demo", "--check", "--data-dir", str(tmp_path / "d")]
    result = subprocess.run(
        [*demo, "--port-offset", str(offset)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=environ,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[FAIL]" not in result.stdout
    assert result.stdout.count("[ok]") >= 8
