"""The seal's Merkle tree: the same root as RFC 9162's definition, and audit paths that
lead to it for their own leaf only."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from allyhub.provenance.merkle import leaf_hash, paths, root, root_from_path


def _rfc9162_root(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) as RFC 9162 section 2.1.1 defines it: split at the largest power of two."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + _rfc9162_root(leaves[:k]) + _rfc9162_root(leaves[k:])).digest()


leaf_lists = st.lists(st.binary(max_size=16), min_size=1, max_size=40).map(
    lambda items: [leaf_hash(b"%d:" % i + item) for i, item in enumerate(items)]
)


@given(leaf_lists)
def test_root_is_the_rfc9162_root(leaves: list[bytes]) -> None:
    assert root(leaves) == _rfc9162_root(leaves)


@given(leaf_lists)
def test_every_audit_path_leads_to_the_root(leaves: list[bytes]) -> None:
    top = root(leaves)
    for index, path in enumerate(paths(leaves)):
        assert root_from_path(leaves[index], index, len(leaves), path) == top


@given(leaf_lists, st.data())
def test_a_path_proves_only_its_own_leaf_and_place(
    leaves: list[bytes], data: st.DataObject
) -> None:
    top = root(leaves)
    index = data.draw(st.integers(0, len(leaves) - 1))
    path = paths(leaves)[index]
    other = leaf_hash(b"not a leaf of this tree")
    assert root_from_path(other, index, len(leaves), path) != top
    if len(leaves) > 1:
        moved = (index + 1) % len(leaves)
        assert root_from_path(leaves[index], moved, len(leaves), path) != top


def test_out_of_range_places_and_short_siblings_lead_nowhere() -> None:
    leaves = [leaf_hash(bytes([i])) for i in range(5)]
    path = paths(leaves)[2]
    assert root_from_path(leaves[2], 5, 5, path) is None
    assert root_from_path(leaves[2], -1, 5, path) is None
    assert root_from_path(leaves[2], 2, 5, [p[:31] for p in path]) is None
    assert root_from_path(leaves[2], 2, 5, [*path, path[0]]) is None


def test_a_leaf_cannot_pass_for_an_inner_node() -> None:
    """Leaves and nodes are hashed under different prefixes (RFC 9162 second preimage)."""
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    node = root([a, b])
    assert leaf_hash(a + b) != node
