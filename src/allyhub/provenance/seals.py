"""Seals: a hub's signature over the provenance and content of the versions it originates.

A version's leaf hashes its provenance (who shared it, where and when it first landed,
the labels that decide who sees it) together with its exact stored bytes. A hub groups
the versions of one commit by their labels, builds a Merkle tree over each group's
leaves, and signs the root once. Grouping by labels matters: everyone who may see one
version of a group may see all of them, so an audit path never tells its reader how many
versions it could not see.

A peer stores a version only if its leaf, audit path and root lead to a signature the
origin hub made with the key the charter pins for it. Relays pass seals on unchanged,
so a hub can check a record whichever peer brought it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from allyhub.provenance.merkle import DIGEST, leaf_hash, paths, root, root_from_path

_SEAL_CONTEXT = b"allyhub seal v1\x00"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a hub vouches for about one version, besides its bytes."""

    stix_id: str
    version: int
    collection: str
    shared_by: str
    origin_hub: str
    origin_added: int
    tlp: int
    audience: frozenset[str] | None
    excluded: frozenset[str] | None

    @property
    def group(self) -> tuple[object, ...]:
        """Versions with equal groups are visible to exactly the same readers."""
        return (
            self.shared_by,
            self.origin_hub,
            self.origin_added,
            self.tlp,
            self.audience,
            self.excluded,
        )


def _sorted(members: frozenset[str] | None) -> list[str] | None:
    return sorted(members) if members is not None else None


def leaf(provenance: Provenance, body: bytes) -> bytes:
    """The leaf hash of one version: its provenance, length-prefixed, then its bytes."""
    p = provenance
    head = orjson.dumps(
        [
            1,
            p.stix_id,
            p.version,
            p.collection,
            p.shared_by,
            p.origin_hub,
            p.origin_added,
            p.tlp,
            _sorted(p.audience),
            _sorted(p.excluded),
        ]
    )
    return leaf_hash(len(head).to_bytes(4, "big") + head + body)


@dataclass(frozen=True, slots=True)
class Seal:
    """One signed root: `size` leaves, signed by `hub`."""

    hub: str
    root: bytes
    size: int
    signature: bytes


@dataclass(frozen=True, slots=True)
class Sealed:
    """One version's place in a seal."""

    seal: Seal
    index: int
    path: tuple[bytes, ...]


def _message(coalition: str, seal_hub: str, size: int, digest: bytes) -> bytes:
    return b"%s%s\x00%s\x00%d\x00%s" % (
        _SEAL_CONTEXT,
        coalition.encode(),
        seal_hub.encode(),
        size,
        digest,
    )


def make_seal(key: Ed25519PrivateKey, coalition: str, hub: str, leaves: Sequence[bytes]) -> Seal:
    """Sign the root of a tree over these leaves."""
    digest = root(leaves)
    signature = key.sign(_message(coalition, hub, len(leaves), digest))
    return Seal(hub, digest, len(leaves), signature)


def verify_seal(public_key: Ed25519PublicKey, coalition: str, seal: Seal) -> bool:
    try:
        public_key.verify(seal.signature, _message(coalition, seal.hub, seal.size, seal.root))
    except InvalidSignature:
        return False
    return True


def places(seal: Seal, leaves: Sequence[bytes]) -> list[Sealed]:
    """Every leaf's place in its seal (the seal made here, its leaves kept)."""
    return [Sealed(seal, i, tuple(path)) for i, path in enumerate(paths(leaves))]


def leads_to(sealed: Sealed, leaf_digest: bytes) -> bool:
    """Does this leaf, with its audit path, lead to the seal's root?"""
    found = root_from_path(leaf_digest, sealed.index, sealed.seal.size, sealed.path)
    return found is not None and found == sealed.seal.root


def split_leaves(blob: bytes) -> list[bytes]:
    return [blob[i : i + DIGEST] for i in range(0, len(blob), DIGEST)]


# -- on the wire ----------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError(f"{what} is not base64 text")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"{what} is not base64: {exc}") from None


def sealed_to_wire(sealed: Sealed) -> list[Any]:
    """A version's place in its seal, as a provenance record carries it."""
    return [_b64(sealed.seal.root), sealed.index, sealed.seal.size, _b64(b"".join(sealed.path))]


def seals_to_wire(seals: Iterable[Seal]) -> dict[str, list[str]]:
    """The page-level map: root -> [hub, signature]."""
    return {_b64(s.root): [s.hub, _b64(s.signature)] for s in seals}


def sealed_from_wire(value: Any, signatures: Mapping[str, Any]) -> Sealed:
    """The inverse of `sealed_to_wire`, with the page's signature map; ValueError names
    what is malformed."""
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError("seal: expected [root, index, size, path]")
    root_text, index, size, path_text = value
    if not isinstance(index, int) or not isinstance(size, int) or isinstance(index, bool):
        raise ValueError("seal: index and size must be whole numbers")
    if not 0 <= index < size <= 1 << 31:
        raise ValueError("seal: index out of range")
    digest = _unb64(root_text, "seal root")
    path = _unb64(path_text, "seal path")
    if len(digest) != DIGEST or len(path) % DIGEST or len(path) > 64 * DIGEST:
        raise ValueError("seal: root or path has the wrong length")
    signed = signatures.get(root_text)
    if not isinstance(signed, list) or len(signed) != 2 or not isinstance(signed[0], str):
        raise ValueError("seal: the page carries no signature for this root")
    signature = _unb64(signed[1], "seal signature")
    if len(signature) != 64:
        raise ValueError("seal: the signature has the wrong length")
    seal = Seal(signed[0], digest, size, signature)
    return Sealed(seal, index, tuple(split_leaves(path)))
