"""Migrations are frozen: a revision must do the same thing whatever the live code becomes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import allyhub

VERSIONS = Path(allyhub.__file__).parent / "store" / "migrations" / "versions"
REVISIONS = sorted(VERSIONS.glob("*.py"))


def _imported(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_migrations_are_found() -> None:
    assert len(REVISIONS) >= 10


@pytest.mark.parametrize("path", REVISIONS, ids=[p.stem for p in REVISIONS])
def test_migration_imports_no_live_code(path: Path) -> None:
    live = sorted(m for m in _imported(path) if m == "allyhub" or m.startswith("allyhub."))
    assert live == [], f"{path.name} imports {live}: copy what it needs into the revision"
