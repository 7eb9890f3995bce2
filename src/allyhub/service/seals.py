"""Sealing what this hub originates, and checking the seals of what peers bring.

The pure part (leaves, trees, signatures) is provenance/; this module turns stored
versions into provenance records and back, and holds the keys: this hub's signing key,
and every hub's public key as the charter pins it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from allyhub.charter import Charter
from allyhub.provenance import (
    Provenance,
    Seal,
    Sealed,
    leads_to,
    leaf,
    make_seal,
    places,
    split_leaves,
    verify_seal,
)
from allyhub.records import NewVersion, SealPlace, SealRecord


def provenance_of(version: NewVersion, origin_added: int) -> Provenance:
    return Provenance(
        stix_id=version.stix_id,
        version=version.version,
        collection=version.collection,
        shared_by=version.shared_by,
        origin_hub=version.origin_hub,
        origin_added=origin_added,
        tlp=version.tlp,
        audience=version.audience,
        excluded=version.excluded,
    )


class Sealer:
    """Signs the versions of one commit: one seal per group of equal labels."""

    def __init__(self, key: Ed25519PrivateKey, coalition: str, hub: str) -> None:
        self._key = key
        self._coalition = coalition
        self._hub = hub

    def seal(self, versions: Sequence[NewVersion], committed: int) -> list[SealPlace]:
        """Each version's place in a fresh seal, its origin time being the commit's."""
        groups: dict[tuple[object, ...], list[int]] = {}
        leaves: list[bytes] = []
        for index, version in enumerate(versions):
            provenance = provenance_of(version, committed)
            leaves.append(leaf(provenance, version.body))
            groups.setdefault(provenance.group, []).append(index)
        found: list[SealPlace | None] = [None] * len(versions)
        for members in groups.values():
            group_leaves = [leaves[i] for i in members]
            seal = make_seal(self._key, self._coalition, self._hub, group_leaves)
            kept = b"".join(group_leaves)
            record = SealRecord(seal.hub, seal.root, seal.size, seal.signature, kept)
            for position, index in enumerate(members):
                found[index] = SealPlace(record, position, None)
        return [place for place in found if place is not None]


def _as_seal(record: SealRecord) -> Seal:
    return Seal(record.hub, record.root, record.size, record.signature)


class SealedPaths:
    """Audit paths for versions served to peers; the seals made here keep their leaves,
    and the paths of one seal are computed once and remembered (seals never change)."""

    def __init__(self, capacity: int = 256) -> None:
        self._paths: OrderedDict[bytes, list[Sealed]] = OrderedDict()
        self._capacity = capacity

    def sealed(self, place: SealPlace) -> Sealed:
        seal = _as_seal(place.seal)
        if place.path is not None:
            return Sealed(seal, place.index, tuple(split_leaves(place.path)))
        found = self._paths.get(seal.root)
        if found is None:
            found = places(seal, split_leaves(place.seal.leaves or b""))
            self._paths[seal.root] = found
            if len(self._paths) > self._capacity:
                self._paths.popitem(last=False)
        else:
            self._paths.move_to_end(seal.root)
        return found[place.index]


_Memo = tuple[str, bytes, int, bytes]  # a seal: hub, root, size, signature


class SealCheck:
    """Checks that a version from a peer is sealed by its origin hub, with the key the
    charter pins for that hub. A verified root is remembered: a page's versions usually
    share a few seals, so the signature is checked once per seal, not per version."""

    def __init__(
        self, charter: Charter, own: tuple[str, Ed25519PublicKey], capacity: int = 4096
    ) -> None:
        self._coalition = charter.id
        keys = {
            hub.id: Ed25519PublicKey.from_public_bytes(hub.public_key)
            for hub in charter.hubs
            if hub.public_key is not None
        }
        keys.setdefault(*own)  # this hub's own seals come back through relays
        self._keys: Mapping[str, Ed25519PublicKey] = keys
        self._verified: OrderedDict[_Memo, bool] = OrderedDict()
        self._held: OrderedDict[_Memo, bool] = OrderedDict()
        self._capacity = capacity

    def trust(self, stored: Iterable[SealRecord]) -> None:
        """Seals this hub holds: each was verified against its origin's pinned key when it
        was stored (or made here), so a version this hub holds under one of them, offered
        back by a peer, needs no second signature check (`problem_of(..., held=True)`).

        Only for versions held: after a hub's key is rotated in the charter, a stored seal
        made with the old key still answers for the versions stored under it (they were
        checked with the key pinned when they arrived), but a version this hub does not
        hold is verified against the key pinned now, even under a seal it holds."""
        for record in stored:
            self._remember(self._held, (record.hub, record.root, record.size, record.signature))

    def _remember(self, table: OrderedDict[_Memo, bool], memo: _Memo, good: bool = True) -> None:
        table[memo] = good
        table.move_to_end(memo)
        if len(table) > self._capacity:
            table.popitem(last=False)

    def problem(self, version: NewVersion, sealed: Sealed) -> str | None:
        """Why this version may not be stored as sealed, or None when the seal holds."""
        provenance = provenance_of(version, version.origin_added or 0)
        return self.problem_of(provenance, version.body, sealed)

    def problem_of(
        self, provenance: Provenance, body: bytes, sealed: Sealed, *, held: bool = False
    ) -> str | None:
        """Why a version with this provenance and these bytes is not what `sealed` says
        its origin signed, or None when the seal holds. `held`: this hub holds the version
        already, so a seal it stored (`trust`) vouches for it."""
        seal = sealed.seal
        if seal.hub != provenance.origin_hub:
            return f"it is sealed by {seal.hub!r} but says it comes from {provenance.origin_hub!r}"
        key = self._keys.get(seal.hub)
        if key is None:
            return (
                f"hub {seal.hub!r} has no public_key in the charter, so nothing it "
                "originates can be checked"
            )
        if not leads_to(sealed, leaf(provenance, body)):
            return "its content or provenance does not match the seal it carries (altered)"
        memo = (seal.hub, seal.root, seal.size, seal.signature)
        good = self._verified.get(memo)
        if good is None and held and memo in self._held:
            good = True
        if good is None:
            good = verify_seal(key, self._coalition, seal)
            self._remember(self._verified, memo, good)
        if not good:
            return f"its seal is not signed by hub {seal.hub!r}'s pinned key (forged)"
        return None
