"""What the hub indexes of an object: references found in the same walk that lowers
identifiers, checked against the plain walk as the oracle."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from allyhub.stix.index import canonical_references, references

uuids = st.uuids().map(str)
ids = st.builds(
    lambda kind, u, upper: f"{kind}--{u.upper() if upper else u}",
    st.sampled_from(["report", "identity", "marking-definition", "file"]),
    uuids,
    st.booleans(),
)
keys = st.sampled_from(
    [
        "object_refs",
        "created_by_ref",
        "object_marking_refs",
        "source_ref",
        "sample_refs",
        "marking_ref",
        "extensions",
        "nested",
        "name",
    ]
)
values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(ids, st.lists(ids, max_size=3), st.text(max_size=5)),
    lambda inner: st.one_of(
        st.dictionaries(keys, inner, max_size=4), st.lists(st.dictionaries(keys, inner), max_size=2)
    ),
    max_leaves=12,
)
objects = st.builds(
    lambda ident, body: {"id": ident, **body}, ids, st.dictionaries(keys, values, max_size=5)
)


def _lowered(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                v.lower()
                if isinstance(v, str) and "--" in v and (k == "id" or k.endswith("_ref"))
                else [r.lower() if isinstance(r, str) and "--" in r else r for r in v]
                if k.endswith("_refs") and isinstance(v, list)
                else _lowered(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_lowered(v) if isinstance(v, dict) else v for v in value]
    return value


@given(objects)
def test_canonical_references_lower_ids_and_find_what_references_finds(obj: dict) -> None:  # type: ignore[type-arg]
    original = copy.deepcopy(obj)
    found, changed = canonical_references(obj)
    assert obj == _lowered(original)
    assert changed == (obj != original)
    assert found == references(obj)
