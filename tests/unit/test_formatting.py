"""The formatter wins: no file of the tree asks ruff format to look away (issue 17).
`make check` runs `ruff format --check`; this test keeps the escape hatch shut."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("# fmt" + ": skip", "# fmt" + ": off")


def test_no_file_turns_the_formatter_off() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("src", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        # not what a benchmark installs in the tree (bench/.medallion is a virtualenv)
        if "vendor" not in path.parts
        and not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(marker in line for marker in MARKERS)
    ]
    assert found == []
