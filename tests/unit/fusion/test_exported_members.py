"""The public surface of allyhub.fusion is what __all__ says, sorted; the face binds each
name from its module on first use, so importing fusion's light modules (entities,
correlation) loads none of the scoring."""

import ast
import subprocess
import sys

import allyhub.fusion
from tests.unit.imports import modules


def test_fusion_all_is_sorted_and_complete():
    exported = allyhub.fusion.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert hasattr(allyhub.fusion, name), name


def test_the_lazy_face_finds_each_name_where_the_type_checker_does():
    """`_HOMES` repeats the imports under TYPE_CHECKING: mypy reads those, `__getattr__`
    these; a name moved in one and not the other fails here."""
    tree = ast.parse(modules()["allyhub.fusion"].read_text())
    checked = {
        alias.name: node.module
        for block in tree.body
        if isinstance(block, ast.If) and ast.unparse(block.test) == "typing.TYPE_CHECKING"
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert checked == allyhub.fusion._HOMES


PROBE = """
import sys
from allyhub.fusion.correlation import normalize
from allyhub.fusion.entities import DECISION, named
print("allyhub.fusion.keys" in sys.modules, "numpy" in sys.modules)
from allyhub.fusion import NameIndex, score
print("allyhub.fusion.keys" in sys.modules, "numpy" in sys.modules)
"""


def test_the_light_modules_load_without_the_scoring():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "False", "True", "True"]


def test_an_unknown_name_is_an_attribute_error():
    assert not hasattr(allyhub.fusion, "nothing_here")
