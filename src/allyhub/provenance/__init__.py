"""Provenance nobody can forge: Merkle seals signed by the origin hub (pure, no I/O)."""

from allyhub.provenance.seals import (
    Provenance,
    Seal,
    Sealed,
    leads_to,
    leaf,
    make_seal,
    places,
    sealed_from_wire,
    sealed_to_wire,
    seals_to_wire,
    split_leaves,
    verify_seal,
)

__all__ = [
    "Provenance",
    "Seal",
    "Sealed",
    "leads_to",
    "leaf",
    "make_seal",
    "places",
    "sealed_from_wire",
    "sealed_to_wire",
    "seals_to_wire",
    "split_leaves",
    "verify_seal",
]
