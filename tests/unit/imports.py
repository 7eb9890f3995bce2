"""The import graph of src/allyhub, read from the source with ast (nothing is imported).

Shared by the tests that hold the house to its plan: no cycles, edges import faces only,
and docs/architecture.md's import table matches the code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import allyhub

SRC = Path(allyhub.__file__).parent


@dataclass(frozen=True)
class Import:
    """One `import` statement's target, resolved to a module of allyhub when it is one."""

    importer: str  # the importing module, dotted
    module: str  # the imported module (allyhub.x.y), the deepest that exists
    names: tuple[str, ...]  # the names taken from it (`from m import a, b`), else ()
    line: int
    lazy: bool  # inside a function (runs when called, not when the module loads)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of allyhub by dotted name (migrations excluded: Alembic loads them).
    A compiled extension counts by its stub (`fusion/_alignc.pyi`): it imports nothing."""
    found = {
        module_name(path): path
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
    }
    for stub in sorted(SRC.rglob("*.pyi")):
        found.setdefault(module_name(stub), stub)
    return found


def is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _lazy_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.add(inner.lineno)
    return lines


@cache
def imports_of(importer: str) -> tuple[Import, ...]:
    """The allyhub imports of one module. `from allyhub.x import y` where `y` is itself a
    module counts as an import of `allyhub.x.y`."""
    path = modules()[importer]
    if path.suffix == ".pyi":
        return ()
    tree = ast.parse(path.read_text())
    lazy = _lazy_lines(tree)
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "allyhub":
                    target = _deepest(alias.name)
                    found.append(Import(importer, target, (), node.lineno, node.lineno in lazy))
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(importer, node)
            if source.split(".")[0] != "allyhub":
                continue
            plain = tuple(a.name for a in node.names if f"{source}.{a.name}" not in modules())
            if plain:
                found.append(
                    Import(importer, _deepest(source), plain, node.lineno, node.lineno in lazy)
                )
            for alias in node.names:
                if f"{source}.{alias.name}" in modules():
                    sub = f"{source}.{alias.name}"
                    found.append(Import(importer, sub, (), node.lineno, node.lineno in lazy))
    return tuple(found)


def _deepest(name: str) -> str:
    parts = name.split(".")
    while parts and ".".join(parts) not in modules():
        parts.pop()
    return ".".join(parts)


def graph() -> dict[str, set[str]]:
    """Module -> the allyhub modules it imports (at load or lazily)."""
    return {m: {i.module for i in imports_of(m) if i.module != m} for m in modules()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found
