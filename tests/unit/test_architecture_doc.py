"""docs/architecture.md against the code: its import table and its "where each rule lives".

The import table's "may import" column must cover every import the package makes (read
with ast, tests/unit/imports.py), and every package must have a row. Every file the rule
table names must exist, and every name it gives after a file (`decide`, `_received`,
`Coalition.allowed/require`) must be defined in a file of the same row.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.unit.imports import SRC, imports_of, modules

DOC = ROOT / "docs" / "architecture.md"
RULES = ("policy", "charter", "fusion", "rfi", "provenance", "stix")
"""What the table calls "rules": the pure libraries."""
ALWAYS = {"errors", "limits", "timestamps", "allyhub"}
"""Every package may raise the one error tree, read JSON within limits and timestamps, and
read the version."""


def _section_table(heading: str) -> list[list[str]]:
    text = DOC.read_text()
    start = text.index(heading)
    rows: list[list[str]] = []
    for line in text[start:].splitlines()[1:]:  # after the header
        if line.startswith("#"):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _ticks(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _unit(module: str) -> str:
    """A module's top-level unit: `service` for allyhub.service.sharing, `app` for allyhub.app."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _import_rows() -> dict[str, set[str] | None]:
    """unit -> the modules it may import (a unit, or a dotted module); None: everything."""
    table: dict[str, set[str] | None] = {}
    for row in _section_table("| package | holds | may import |"):
        names = [t.rstrip("/").removesuffix(".py") for t in _ticks(row[0])]
        allowed_cell = row[2]
        allowed: set[str] | None
        if allowed_cell.strip() == "everything":
            allowed = None
        else:
            allowed = {t.removesuffix(".py") for t in _ticks(allowed_cell)}
            if "rules" in allowed_cell:
                allowed |= set(RULES)
        for name in names:
            table[name] = allowed
    return table


def _covered(target: str, allowed: set[str]) -> bool:
    unit = _unit(target)
    if unit in allowed or unit in ALWAYS:
        return True
    dotted = target.removeprefix("allyhub.")
    return any(dotted == a or dotted.startswith(a + ".") for a in allowed if "." in a)


def test_every_unit_of_allyhub_has_a_row() -> None:
    units = {_unit(m) for m in modules() if m != "allyhub"}
    assert sorted(units - _import_rows().keys()) == []


def test_rows_name_units_that_exist() -> None:
    units = {_unit(m) for m in modules()}
    assert sorted(_import_rows().keys() - units) == []


def _imports_outside_the_table() -> list[str]:
    table = _import_rows()
    found = []
    for module in modules():
        unit = _unit(module)
        allowed = table.get(unit, set())
        if allowed is None:
            continue
        for i in imports_of(module):
            if _unit(i.module) != unit and not _covered(i.module, allowed):
                found.append(f"{module}:{i.line} imports {i.module}")
    return sorted(found)


def test_every_import_is_one_the_table_allows() -> None:
    assert _imports_outside_the_table() == []


# -- where each rule lives ------------------------------------------------------------


@cache
def _defined(path: Path) -> set[str]:
    """Names a file defines: functions, classes, their methods (also as Class.method),
    and assigned names."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}.{item.name}")
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)  # an index or table named in the schema
    return names


def _path(token: str) -> Path | None:
    if not token.endswith((".py", "/")):
        return None
    for base in (SRC, ROOT):
        if (base / token).exists():
            return base / token
    return SRC / token  # missing: the test names it


RULE_ROWS = _section_table("| rule | place |")


def test_rule_table_is_found() -> None:
    assert len(RULE_ROWS) >= 15


@pytest.mark.parametrize("row", RULE_ROWS, ids=[r[0][:40] for r in RULE_ROWS])
def test_rule_places_exist(row: list[str]) -> None:
    tokens = _ticks(row[1])
    files = [p for p in map(_path, tokens) if p is not None]
    assert [str(p) for p in files if not p.exists()] == []
    sources = [p for p in files if p.is_file()] + [
        f for p in files if p.is_dir() for f in sorted(p.rglob("*.py"))
    ]
    missing = []
    for token in tokens:
        if _path(token) is not None:
            continue
        head, _, rest = token.partition(".")
        wanted = [token] if not rest else [f"{head}.{m}" for m in rest.split("/")]
        for name in wanted:
            if not any(name in _defined(source) for source in sources):
                missing.append(name)
    assert missing == [], f"not defined in {[str(s.relative_to(ROOT)) for s in sources]}"
