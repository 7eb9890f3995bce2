"""A Merkle tree over a commit's records (RFC 9162's tree shape), pure and small.

One Ed25519 signature per seal costs about as much as storing a hundred objects; a
signature per object would not fit the share budget. So a hub signs the root of a tree
over the leaves of one seal and hands each record its audit path: a peer checks a record
with a few hashes, and a signature once per root it meets.

Leaves and inner nodes are hashed with different prefixes (0x00, 0x01) so a leaf can
never pass for a node. A level with an odd number of nodes promotes its last node
unhashed, which gives the same root as RFC 9162's split at the largest power of two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

DIGEST = 32


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the tree, leaves first, root last."""
    if not leaves:
        raise ValueError("a Merkle tree needs at least one leaf")
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        above = [_node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        if len(below) % 2:
            above.append(below[-1])
        levels.append(above)
    return levels


def root(leaves: Sequence[bytes]) -> bytes:
    """The root of the tree over these leaf hashes."""
    return _levels(leaves)[-1][0]


def paths(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """The audit path of every leaf, built from one pass over the tree."""
    levels = _levels(leaves)
    found: list[list[bytes]] = []
    for index in range(len(leaves)):
        path: list[bytes] = []
        position = index
        for level in levels[:-1]:
            sibling = position ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            position >>= 1
        found.append(path)
    return found


def root_from_path(leaf: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes | None:
    """The root a leaf's audit path leads to, or None when the path cannot belong to a
    tree of `size` leaves at `index` (RFC 9162, section 2.1.3.2)."""
    if not 0 <= index < size:
        return None
    position, last, node = index, size - 1, leaf
    for sibling in path:
        if len(sibling) != DIGEST or last == 0:
            return None
        if position & 1 or position == last:
            node = _node(sibling, node)
            if not position & 1:
                while position and not position & 1:
                    position >>= 1
                    last >>= 1
        else:
            node = _node(node, sibling)
        position >>= 1
        last >>= 1
    return node if last == 0 else None
