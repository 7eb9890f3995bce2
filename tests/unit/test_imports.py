"""The import graph of src/allyhub has no cycle, at load time or lazily.

Read from the source with ast (tests/unit/imports.py): each module's `import` and `from
... import` statements, those inside functions included, resolved to allyhub's modules.
"""

from __future__ import annotations

from tests.unit.imports import cycles, graph, imports_of, modules


def test_import_graph_is_read_from_every_module() -> None:
    assert {"allyhub.app", "allyhub.composition", "allyhub.taxii.endpoints"} <= modules().keys()
    assert "allyhub.composition" in graph()["allyhub.taxii.routes"]
    assert "allyhub.fusion._alignc" in graph()["allyhub.fusion._phonemes"]


def test_cycles_are_found_when_there_are_some() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_allyhub_has_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_no_edge_imports_the_application() -> None:
    """`app.py` imports the edges to build the application; an edge that imported it back
    (for `Services`) made the cycle this module forbids: they import `composition`."""
    edges = ("allyhub.taxii", "allyhub.api", "allyhub.console", "allyhub.cli")
    back = sorted(
        f"{i.importer}:{i.line}"
        for module in modules()
        if module.startswith(edges)
        for i in imports_of(module)
        if i.module == "allyhub.app" and module != "allyhub.cli.serve"  # serve runs it
    )
    assert back == []


def test_no_service_module_imports_the_store() -> None:
    """The service owns its ports and their records (allyhub.records); only composition.py
    hands store objects to the services, which know them by their Protocols."""
    reached = sorted(
        f"{i.importer}:{i.line} -> {i.module}"
        for module in modules()
        if module.startswith(("allyhub.service", "allyhub.records"))
        for i in imports_of(module)
        if i.module.startswith("allyhub.store")
    )
    assert reached == []
