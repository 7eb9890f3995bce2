"""Each package's face, its `__init__`'s `__all__`, is what other packages import.

As httpx's tests/test_exported_members.py holds `httpx.__all__` to what the package
exposes, these tests hold every face to what its `__init__` binds and what the package
itself defines, and hold the edges (taxii, api, console, cli, federation, demo and the
TAXII client) to importing faces only: never a module inside service, policy, stix, ...,
and never the store. The import graph is read with ast (tests/unit/imports.py).

What still goes around a face is listed below, each with the reason, for the lead to
shrink: a listed import that no longer happens fails the test too, so the lists only get
shorter.
"""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.unit.imports import Import, imports_of, is_package, modules

FACES = sorted(
    name
    for name, path in modules().items()
    if is_package(name) and "__all__" in path.read_text() and name != "allyhub"
)
"""Packages whose `__init__` declares `__all__`: what other packages may import."""

EDGES = ("allyhub.taxii", "allyhub.api", "allyhub.console", "allyhub.cli", "allyhub.federation")
EDGE_MODULES = ("allyhub.demo", "allyhub.client")

FOREIGN = {
    # A face re-exports what another package defines (a name the edges should take from
    # its own package, or a type that should be the service's own).
    ("allyhub.service", "Action"): "policy's word: the edges may take it from allyhub.policy",
    ("allyhub.fusion", "Band"): "the charter's, beside score() that takes it (tests, bench)",
    ("allyhub.fusion", "Bands"): "the charter's, beside score() that takes it (tests, bench)",
}

AROUND: set[str] = set()
"""Edge imports that go around a face: none left (a new one fails the test above)."""


ROOTS = ("allyhub.app", "allyhub.composition")
"""The composition roots build concrete objects from inside each package."""

INSIDE = {
    # Packages (not edges) that import another package's modules instead of its face,
    # by importing package. misp/ is another helper's area this round.
    "allyhub.misp -> allyhub.stix.markings",
    # The records' Visibility hands the read ports the policy's own rule in both its
    # forms (SQL for the store, Python for the fakes); policy's face carries words only.
    "allyhub.records -> allyhub.policy.filters",
    "allyhub.records -> allyhub.policy.standing",
    "allyhub.records -> allyhub.policy.visibility",
    # The service layer applies the rules: policy's face carries only the words edges
    # take, so these are a decision for the lead (widen the face, or let service in).
    "allyhub.service -> allyhub.policy.governance",
    "allyhub.service -> allyhub.policy.permissions",
    "allyhub.service -> allyhub.policy.publishing",
    "allyhub.service -> allyhub.policy.standing",
    "allyhub.service -> allyhub.policy.visibility",
    "allyhub.service -> allyhub.fusion.correlation",
    "allyhub.service -> allyhub.fusion.entities",
    # Import lines in service/ files (another helper may fix leaks there this round);
    # most names are on the stix face already.
    "allyhub.service -> allyhub.stix.drafts",
    "allyhub.service -> allyhub.stix.index",
    "allyhub.service -> allyhub.stix.markings",
    "allyhub.service -> allyhub.stix.parse",
    "allyhub.service -> allyhub.stix.repairs",
    "allyhub.service -> allyhub.stix.validate",
}


def _bound(package: str) -> dict[str, str]:
    """The names an `__init__` binds at its top level, each with the module it comes from
    (the package itself for what it defines). A lazy face (fusion's) imports its names
    under `if typing.TYPE_CHECKING:` and binds them on first use: they count as bound."""
    tree = ast.parse(modules()[package].read_text())
    body = list(tree.body)
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "typing.TYPE_CHECKING":
            body += node.body
    bound: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                bound[alias.asname or alias.name] = node.module
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound[node.name] = package
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id != "__all__":
                    bound[target.id] = package
    return bound


def test_faces_are_found() -> None:
    assert {"allyhub.service", "allyhub.policy", "allyhub.stix", "allyhub.fusion"} <= set(FACES)


@pytest.mark.parametrize("package", FACES)
def test_face_exports_what_its_init_binds_sorted(package: str) -> None:
    face = importlib.import_module(package)
    exported = list(face.__all__)
    assert exported == sorted(exported)
    public = {name for name in _bound(package) if not name.startswith("_")}
    assert set(exported) == public
    for name in exported:
        assert hasattr(face, name), name


@pytest.mark.parametrize("package", FACES)
def test_face_exports_what_its_package_defines(package: str) -> None:
    foreign = sorted(
        name
        for name, origin in _bound(package).items()
        if not name.startswith("_")
        and origin != package
        and not origin.startswith(package + ".")
        and (package, name) not in FOREIGN
    )
    assert foreign == [], f"{package} re-exports {foreign} from other packages"


def test_foreign_list_is_current() -> None:
    stale = [key for key in FOREIGN if _bound(key[0]).get(key[1], key[0]).startswith(key[0])]
    assert stale == []


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _goes_around(i: Import) -> bool:
    """An edge's import of another package's insides, or of the store."""
    target = _package(i.module)
    if target == _package(i.importer):
        return False
    if target == "allyhub.store":
        return True
    if target not in FACES:
        return False
    if i.module != target:
        return True
    exported = importlib.import_module(target).__all__
    return not set(i.names) <= set(exported)


def _edge_violations() -> set[str]:
    return {
        f"{i.importer} -> {i.module}"
        for module in modules()
        if module.startswith(EDGES) or module.startswith(EDGE_MODULES)
        for i in imports_of(module)
        if _goes_around(i)
    }


def test_edges_import_faces_only() -> None:
    new = sorted(_edge_violations() - AROUND)
    assert new == [], "import these names from the package's face (its __init__)"


def test_edge_allow_list_only_shrinks() -> None:
    gone = sorted(AROUND - _edge_violations())
    assert gone == [], "these imports no longer go around a face: remove them from AROUND"


def test_no_edge_imports_the_store() -> None:
    reached = sorted(
        f"{i.importer}:{i.line} -> {i.module}"
        for module in modules()
        if module.startswith(EDGES) or module.startswith(EDGE_MODULES)
        for i in imports_of(module)
        if _package(i.module) == "allyhub.store"
    )
    assert reached == []


def _inside_violations() -> set[str]:
    found = set()
    for module in modules():
        if module.startswith(EDGES) or module.startswith(EDGE_MODULES) or module in ROOTS:
            continue
        for i in imports_of(module):
            target = _package(i.module)
            if target == _package(module) or target not in FACES:
                continue
            exported = importlib.import_module(target).__all__
            if i.module != target or not set(i.names) <= set(exported):
                found.add(f"{_package(module)} -> {i.module}")
    return found


def test_packages_import_each_others_faces() -> None:
    new = sorted(_inside_violations() - INSIDE)
    assert new == [], "import these names from the package's face (its __init__)"


def test_package_allow_list_only_shrinks() -> None:
    gone = sorted(INSIDE - _inside_violations())
    assert gone == [], "these imports no longer go around a face: remove them from INSIDE"
