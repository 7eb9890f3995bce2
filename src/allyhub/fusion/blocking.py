"""Blocking: find the few known entities a new name should be compared with.

Why: scoring is too slow to run against every known name (a million of them), and most
pairs share nothing. Each name is filed under its block keys (consonant skeletons of its
parts, their first three classes, joined neighbours, concepts; see :func:`.keys.block_keys`);
a query gathers the entities that share keys with it, ranks them by the summed rarity of
the shared keys, and only the best few are scored.

Storage is compact because a hub holds millions of names: keys are 64-bit hashes in one
sorted numpy array with offsets into one array of 32-bit entity slots (a CSR layout),
built in bulk with one sort. Entities added one at a time go to a small dictionary that
``compact`` merges in; removed entities are tombstoned until then. Each entity's id and
names are one UTF-8 record in a shared buffer, ids are found through a sorted array of
their hashes, and readings are recomputed (and cached) for the few candidates scored.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import numpy as np
import numpy.typing as npt

from allyhub.charter import Bands
from allyhub.errors import NotFound
from allyhub.fusion._acronyms import acronym_keys
from allyhub.fusion._gazetteer import BUILT_IN, KnownTables, known_keys
from allyhub.fusion.keys import KINDS, Kind, name_block_keys
from allyhub.fusion.scoring import (
    DEFAULT_BANDS,
    EntityNames,
    Match,
    compatible,
    listed_keys,
    numbers_rule_out,
    verdict,
)

_SEP_NAMES = "\x1f"
_SEP_ID = "\x1e"
_KIND_CODE = {kind: index for index, kind in enumerate(KINDS)}
_KEY_WEIGHT = {
    "n": 1.5,
    "s": 1.0,
    "l": 0.8,
    "p": 0.6,
    "c": 0.4,
    "k": 1.0,
    "a": 1.0,
    "d": 1.0,
    "K": 3.0,
}
"""Weight of each type of block key (its first letter) in a candidate's rank; ``K:``, a
known name's thing, is the strongest evidence there is."""
U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


_HASH_BITS = (1 << 64) - 1


def key_hash(key: str) -> int:
    """A 64-bit hash of a block key or an entity id, valid in this process only.

    Python's own string hash: SipHash with a key drawn per process (so no one can craft
    names whose keys collide in a hub's index) and cached on the string, at a tenth of
    the cost of blake2b (a name has a dozen keys, hashed every time a name is filed or
    looked up). Nothing stores these: every process builds its index from the names."""
    return hash(key) & _HASH_BITS


def _name_keys(name: str, kind: Kind, known: KnownTables) -> frozenset[str]:
    """Every block key of one name: its sounds and concepts, its acronym letters, and the
    thing it is a known name of (or, not listed itself, a form of one the coalition
    lists)."""
    keys = name_block_keys(name, kind) | acronym_keys(name, kind) | known_keys(name, kind, known)
    return keys | listed_keys(name, kind, known) if known.aliases else keys


HashedKeys = tuple[tuple[str, int], ...]


@lru_cache(maxsize=256)
def _hashed_keys(name: str, kind: Kind, known: KnownTables) -> HashedKeys:
    """A name's block keys, sorted, each with its hash. Cached, a little (about 1.6 KB a
    name, 0.5 MB at most), because the fusion worker resolves an entity and then files
    it: both need them, and the hashing costs more than the look-up."""
    return tuple((key, key_hash(key)) for key in sorted(_name_keys(name, kind, known)))


def _entity_keys(entity: EntityNames, known: KnownTables = BUILT_IN) -> HashedKeys:
    """The block keys of all an entity's names, sorted, each with its hash."""
    if len(entity.names) == 1:
        return _hashed_keys(entity.names[0], entity.kind, known)
    merged: dict[str, int] = {}
    for name in entity.names:
        merged.update(_hashed_keys(name, entity.kind, known))
    return tuple(sorted(merged.items()))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity that shares block keys with a query, and how much they share."""

    entity_id: str
    weight: float


class NameIndex:
    """An in-memory inverted index from block keys to entities, with scoring on top.

    Not thread-safe: queries share a scratch array; a server keeps one index per worker
    or guards it with a lock.

    ``max_postings``: a key shared by more entities (the skeleton of Muhammad) says little
    and is read only when the query has no rarer key. ``read_budget``: how many postings a
    query reads at most, rarest keys first (one key is always read). ``weight_floor``:
    ``resolve`` scores
    candidates down to this share of the best candidate's block weight. ``known``: the
    tables of known names it blocks and scores with (a hub's: the built-in ones with its
    coalition's aliases).
    """

    def __init__(
        self,
        bands: Bands = DEFAULT_BANDS,
        max_postings: int = 4096,
        weight_floor: float = 0.3,
        read_budget: int = 4096,
        known: KnownTables = BUILT_IN,
    ) -> None:
        self.bands = bands
        self.known = known
        self.max_postings = max_postings
        self.read_budget = read_budget
        self.weight_floor = weight_floor
        # One record per slot, "id\x1ename\x1fname...", UTF-8 in one buffer.
        self._blob = bytearray()
        self._starts = array("Q", [0])
        self._kinds = array("B")
        self._key_counts = array("H")
        self._alive = bytearray()
        self._id_hashes = array("Q")
        self._context: dict[int, EntityNames] = {}
        # id hash -> slot: sorted arrays for bulk-built slots, a dict for recent ones.
        self._id_sorted: U64 = np.zeros(0, dtype=np.uint64)
        self._id_view = self._id_sorted.data  # a memoryview of the hashes
        self._id_slots: U32 = np.zeros(0, dtype=np.uint32)
        self._id_recent: dict[int, int] = {}
        self._count = 0
        self._keys: U64 = np.zeros(0, dtype=np.uint64)
        self._directory, self._shift = _directory(self._keys)
        self._offsets: I64 = np.zeros(1, dtype=np.int64)
        self._postings: U32 = np.zeros(0, dtype=np.uint32)
        self._delta: dict[int, array[int]] = {}  # uint32 slots, read without copying
        self._delta_size = 0  # postings in _delta, kept so that add need not count them
        self._removed: set[int] = set()
        self._scratch: npt.NDArray[np.float64] = np.zeros(0)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and self._slot(entity_id) is not None

    # --- records ---------------------------------------------------------------------

    def _record(self, slot: int) -> tuple[str, tuple[str, ...]]:
        raw = bytes(self._blob[self._starts[slot] : self._starts[slot + 1]]).decode()
        entity_id, _, names = raw.partition(_SEP_ID)
        return entity_id, tuple(names.split(_SEP_NAMES))

    def _slot(self, entity_id: str) -> int | None:
        h = key_hash(entity_id)
        candidates: list[int] = []
        recent = self._id_recent.get(h)
        if recent is not None:
            candidates.append(recent)
        # bisect on a memoryview of the sorted hashes: 0.8 µs at 1M ids, where numpy's
        # searchsorted of one scalar costs 3.4 (the worker looks up every new entry twice)
        ids = self._id_view
        i = bisect_left(ids, h)
        while i < len(ids) and ids[i] == h:
            candidates.append(int(self._id_slots[i]))
            i += 1
        for slot in candidates:
            if self._alive[slot] and self._record(slot)[0] == entity_id:
                return slot
        return None

    # --- writing ---------------------------------------------------------------------

    def _new_slot(
        self, entity: EntityNames, entity_id: str, key_count: int, bulk: bool = False
    ) -> int:
        if not bulk and self._slot(entity_id) is not None:
            self.remove(entity_id)
        slot = len(self._kinds)
        self._blob += (entity_id + _SEP_ID + _SEP_NAMES.join(entity.names)).encode()
        self._starts.append(len(self._blob))
        self._kinds.append(_KIND_CODE[entity.kind])
        self._key_counts.append(min(key_count, 65535))
        self._alive.append(1)
        h = key_hash(entity_id)
        self._id_hashes.append(h)
        if not bulk:
            self._id_recent[h] = slot
        if entity.country or entity.start or entity.end or entity.related:
            self._context[slot] = entity
        self._count += 1
        return slot

    def _hashes(self, entity: EntityNames) -> set[int]:
        return {h for _key, h in _entity_keys(entity, self.known)}

    def add(self, entity_id: str, kind: Kind, names: Sequence[str] | EntityNames) -> None:
        """File one entity (replacing an earlier entry with the same id)."""
        entity = names if isinstance(names, EntityNames) else EntityNames(kind, tuple(names))
        hashes = self._hashes(entity)
        slot = self._new_slot(entity, entity_id, len(hashes))
        for h in hashes:
            posting = self._delta.get(h)
            if posting is None:
                posting = self._delta[h] = array("I")
            posting.append(slot)
        self._delta_size += len(hashes)
        if self._delta_size > max(65536, len(self._postings) // 8):
            self.compact()

    def add_many(self, entities: Iterable[tuple[str, Kind, Sequence[str] | EntityNames]]) -> int:
        """File many entities with one sort at the end: the way to build a large index."""
        hashes = array("Q")
        slots = array("I")
        count = 0
        for entity_id, kind, names in entities:
            entity = names if isinstance(names, EntityNames) else EntityNames(kind, tuple(names))
            if self._slot(entity_id) is not None:
                self.remove(entity_id)
            entity_hashes = self._hashes(entity)
            slot = self._new_slot(entity, entity_id, len(entity_hashes), bulk=True)
            for h in entity_hashes:
                hashes.append(h)
                slots.append(slot)
            count += 1
        self._merge(np.frombuffer(hashes, dtype=np.uint64), np.frombuffer(slots, dtype=np.uint32))
        return count

    def remove(self, entity_id: str) -> None:
        """Forget an entity; its postings are dropped at the next ``compact``."""
        slot = self._slot(entity_id)
        if slot is None:
            return
        self._removed.add(slot)
        self._alive[slot] = 0
        self._count -= 1
        self._id_recent.pop(self._id_hashes[slot], None)
        self._context.pop(slot, None)

    def compact(self) -> None:
        """Merge single additions into the sorted arrays and drop removed entities."""
        self._merge(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32))

    def _merge(self, hashes: U64, slots: U32) -> None:
        """File the postings of ``slots`` (each newer than every slot filed so far, in
        ascending order within each key) and the single additions not merged yet into the
        sorted arrays, and drop removed entities."""
        pending_hashes = array("Q")
        pending_slots = array("I")
        for h, posting in self._delta.items():
            pending_hashes.extend([h] * len(posting))
            pending_slots.extend(posting)
        self._delta = {}
        self._delta_size = 0
        counts = np.diff(self._offsets)
        old_hashes = np.repeat(self._keys, counts)
        all_hashes = np.concatenate(
            [old_hashes, np.frombuffer(pending_hashes, dtype=np.uint64), hashes]
        )
        all_slots = np.concatenate(
            [self._postings, np.frombuffer(pending_slots, dtype=np.uint32), slots]
        )
        if self._removed:
            dead = np.fromiter(self._removed, dtype=np.uint32, count=len(self._removed))
            keep = ~np.isin(all_slots, dead)
            all_hashes, all_slots = all_hashes[keep], all_slots[keep]
            self._removed = set()
        # Postings are kept sorted by key, then slot. The old ones are; the single
        # additions since are newer, and the bulk ones newer still, each in ascending order
        # within a key: a stable sort by key alone keeps each key's slots ascending, and
        # finds the old postings as one sorted run (on synthetic arrays of 2.3M postings:
        # 0.04 s, where a sort by both and np.unique's second sort took 0.84 s).
        order = np.argsort(all_hashes, kind="stable")
        all_hashes, all_slots = all_hashes[order], all_slots[order]
        new_key = np.empty(len(all_hashes), dtype=bool)
        new_key[:1] = True
        np.not_equal(all_hashes[1:], all_hashes[:-1], out=new_key[1:])
        starts = np.flatnonzero(new_key)
        self._keys = all_hashes[starts].astype(np.uint64)
        self._directory, self._shift = _directory(self._keys)
        self._offsets = np.append(starts, len(all_hashes)).astype(np.int64)
        self._postings = all_slots.astype(np.uint32)
        # Re-file every live id in the sorted id arrays.
        id_hashes = np.frombuffer(self._id_hashes, dtype=np.uint64)
        live = np.flatnonzero(np.frombuffer(bytes(self._alive), dtype=np.uint8)).astype(np.uint32)
        order = np.argsort(id_hashes[live], kind="stable")
        self._id_sorted = id_hashes[live][order]
        self._id_view = self._id_sorted.data  # a memoryview of the hashes
        self._id_slots = live[order]
        self._id_recent = {}

    # --- reading ---------------------------------------------------------------------

    def _locate(self, hashes: list[int]) -> list[tuple[int, int, array[int] | None]]:
        """Where each key's postings are (its row in the merged arrays or -1, and the
        postings added since) and how many it has, without reading them: a query reads
        only its rarest keys (about one in eight)."""
        rows, sizes = _find(self._keys, self._directory, self._shift, self._offsets, hashes)
        delta = self._delta
        out: list[tuple[int, int, array[int] | None]] = []
        for h, row, size in zip(hashes, rows, sizes, strict=True):
            extra = delta.get(h)
            out.append((size + len(extra) if extra else size, row, extra))
        return out

    def _read(self, row: int, extra: array[int] | None) -> U32:
        """A key's postings, at most ``max_postings`` of them (see ``_locate``)."""
        cap = self.max_postings
        main = self._postings[self._offsets[row] : self._offsets[row + 1]] if row >= 0 else _EMPTY
        if not extra or len(main) >= cap:
            return main[:cap]
        # A copy of what is read: a view would pin the array, which later adds resize.
        added = np.frombuffer(extra, dtype=np.uint32)[: cap - len(main)].copy()
        return np.concatenate((main, added)) if len(main) else added

    def filed_under(self, key: str) -> list[str]:
        """The ids of every entity filed under one block key (not capped: for the few
        keys of the things a coalition lists, see ``FusionService.relink_listed``)."""
        ((_size, row, extra),) = self._locate([key_hash(key)])
        main = self._postings[self._offsets[row] : self._offsets[row + 1]] if row >= 0 else _EMPTY
        slots = dict.fromkeys(main.tolist() + (list(extra) if extra else []))
        return [self._record(slot)[0] for slot in slots if self._alive[slot]]

    def candidates(
        self, kind: Kind, names: Sequence[str] | EntityNames, limit: int = 10
    ) -> list[Candidate]:
        """The entities sharing the most (and rarest) block keys with these names."""
        entity = names if isinstance(names, EntityNames) else EntityNames(kind, tuple(names))
        return [
            Candidate(self._record(slot)[0], weight)
            for slot, weight in self._candidate_slots(entity, limit)
        ]

    def _candidate_slots(self, entity: EntityNames, limit: int) -> list[tuple[int, float]]:
        keys = _entity_keys(entity, self.known)
        located = self._locate([h for _key, h in keys])
        total = max(1, self._count)
        found = [
            (key, size, row, extra)
            for (key, _h), (size, row, extra) in zip(keys, located, strict=True)
            if size
        ]
        rare = [item for item in found if item[1] <= self.max_postings]
        if not found:
            return []
        if len(self._scratch) < len(self._kinds):
            self._scratch = np.zeros(max(len(self._kinds), 2 * len(self._scratch)))
        touched_parts: list[U32] = []
        weights: list[float] = []
        # A key shared by very many entities says little: read it only if nothing rarer
        # matched, and then only its first postings. Keys are read rarest first, and once
        # ``read_budget`` postings have been read a commoner key adds nothing to the rank
        # that the rarer ones have not settled: it is left unread.
        read = 0
        for key, size, row, extra in sorted(rare or found, key=lambda item: item[1]):
            length = min(size, self.max_postings)
            if touched_parts and read + length > self.read_budget:
                break
            weights.append(math.log(1.0 + total / size) * _KEY_WEIGHT.get(key[0], 0.5))
            touched_parts.append(self._read(row, extra))
            read += length
        slots, summed = _gather(self._scratch, touched_parts, weights)
        return _rank(
            slots,
            summed,
            self._key_counts,
            self._kinds,
            self._alive,
            _COMPATIBLE_ROWS[_KIND_CODE[entity.kind]],
            limit,
        )

    def entity(self, entity_id: str) -> EntityNames:
        """The names (and context) filed for an entity."""
        slot = self._slot(entity_id)
        if slot is None:
            raise NotFound(f"no entity {entity_id} in the name index")
        return self._entity(slot)

    def _entity(self, slot: int) -> EntityNames:
        stored = self._context.get(slot)
        if stored is not None:
            return stored
        return EntityNames(KINDS[self._kinds[slot]], self._record(slot)[1])

    def _accepted_slots(
        self, entity: EntityNames, limit: int, accept: Callable[[list[str]], set[str]]
    ) -> list[tuple[int, float]]:
        """The best ``limit`` candidates among those ``accept`` keeps, by weight: asks for
        more candidates (4x each round) until ``limit`` are kept or none are left, so that
        candidates it turns down never take a place."""
        want = max(1, limit)
        kept: dict[int, bool] = {}
        while True:
            slots = self._candidate_slots(entity, want)
            fresh = [slot for slot, _ in slots if slot not in kept]
            if fresh:
                ids = [self._record(slot)[0] for slot in fresh]
                accepted = accept(ids)
                kept.update((slot, i in accepted) for slot, i in zip(fresh, ids, strict=True))
            chosen = [(slot, weight) for slot, weight in slots if kept[slot]]
            if len(chosen) >= limit or len(slots) < want:
                return chosen[:limit]
            want *= 4

    def resolve(
        self,
        kind: Kind,
        names: Sequence[str] | EntityNames,
        limit: int = 10,
        accept: Callable[[list[str]], set[str]] | None = None,
        weight_floor: float | None = None,
    ) -> list[tuple[str, Match]]:
        """Score the best ``limit`` candidates; best first, rejected ones left out.

        ``accept`` (given the ids of some candidates, returns those that may be used) is
        for searches made for one reader: candidates it turns down are left out before
        the limit and the weight floor are applied, so they change neither.
        ``weight_floor`` overrides the index's (0 scores every one of the ``limit``)."""
        entity = names if isinstance(names, EntityNames) else EntityNames(kind, tuple(names))
        results: list[tuple[str, Match]] = []
        if accept is None:
            candidates = self._candidate_slots(entity, limit)
        else:
            candidates = self._accepted_slots(entity, limit, accept)
        share = self.weight_floor if weight_floor is None else weight_floor
        floor = candidates[0][1] * share if candidates else 0.0
        # Entities filed with the same names and context (members share one thing under
        # one name) get the same verdict: it is made once for all of them.
        scored: dict[EntityNames, Match | None] = {}
        for slot, weight in candidates:
            if weight < floor:
                break  # ranked by weight: the rest share still less with the query
            other = self._entity(slot)
            if other not in scored:
                if numbers_rule_out(entity, other, self.bands, self.known):
                    scored[other] = None  # UNC2452 and UNC2465: nothing to align
                    continue
                found = verdict(entity, other, entity.kind, self.bands, self.known)
                # Most candidates are rejected: only those kept get their explanation.
                scored[other] = found.match() if found.band != "reject" else None
            match = scored[other]
            if match is not None:
                results.append((self._record(slot)[0], match))
        results.sort(key=lambda item: -item[1].score)
        return results

    def memory_bytes(self) -> int:
        """Bytes held by the arrays (keys, postings, records, ids): all but the caches."""
        return int(
            self._keys.nbytes
            + self._offsets.nbytes
            + self._postings.nbytes
            + len(self._blob)
            + self._starts.itemsize * len(self._starts)
            + self._id_hashes.itemsize * len(self._id_hashes)
            + self._id_sorted.nbytes
            + self._id_slots.nbytes
            + self._directory.nbytes
            + len(self._kinds)
            + 2 * len(self._key_counts)
            + len(self._alive)
        )


def _gather_numpy(
    scratch: npt.NDArray[np.float64], postings: list[U32], weights: list[float]
) -> tuple[U32, npt.NDArray[np.float64]]:
    """Each key's weight added to its entities' cells of ``scratch`` (all 0 beforehand: a
    slot occurs once per key), then the distinct slots touched, ascending, with their
    sums; the cells are set back to 0. A scratch array avoids sorting the tens of
    thousands of postings a query can touch. The reference for ``_alignc.gather``."""
    for posting, weight in zip(postings, weights, strict=True):
        scratch[posting] += weight
    touched = np.concatenate(postings) if len(postings) > 1 else postings[0]
    # Distinct slots: a sort and a mask (np.unique costs five times as much here).
    ordered_slots = np.sort(touched)
    distinct = np.empty(len(ordered_slots), dtype=bool)
    distinct[:1] = True
    np.not_equal(ordered_slots[1:], ordered_slots[:-1], out=distinct[1:])
    slots = ordered_slots[distinct]
    summed = scratch[slots]
    scratch[slots] = 0.0
    return slots, summed


def _gather_compiled(
    scratch: npt.NDArray[np.float64], postings: list[U32], weights: list[float]
) -> tuple[U32, npt.NDArray[np.float64]]:
    """``_gather_numpy`` in one call of the compiled module: the same sums, added in the
    same order, for a tenth of the calls into numpy."""
    assert _alignc is not None
    slots, summed = _alignc.gather(scratch, postings, weights)
    return np.frombuffer(slots, dtype=np.uint32), np.frombuffer(summed, dtype=np.float64)


def _rank_numpy(
    slots: U32,
    summed: npt.NDArray[np.float64],
    key_counts: array[int],
    kinds: array[int],
    alive: bytearray,
    compatible: bytes,
    limit: int,
) -> list[tuple[int, float]]:
    """The best ``limit`` candidates of a gather, best first, ties by slot: each entity's
    summed weight damped by the fourth root of its number of keys (entities filed under
    many keys, many names, share more by chance: a fourth root ranked the true entity
    first most often on the evaluation set), leaving out removed entities and those of a
    kind the query's can never be. The reference for ``_alignc.rank``."""
    if limit <= 0:
        return []
    counts = np.frombuffer(key_counts, dtype=np.uint16)[slots]
    # The fourth root as two square roots: correctly rounded in numpy and in C alike.
    values = summed / np.sqrt(np.sqrt(np.maximum(counts, 1).astype(np.float64)))
    kind_of = np.frombuffer(kinds, dtype=np.uint8)[slots]
    keep = np.frombuffer(alive, dtype=np.uint8)[slots].astype(bool)
    keep &= np.frombuffer(compatible, dtype=np.uint8)[kind_of].astype(bool)
    slots, values = slots[keep], values[keep]
    if len(values) > limit:
        # Every slot at least as good as the limit-th best (ties included), then the sort
        # decides among them by slot: the choice among ties is not left to the partition.
        bound = -np.partition(-values, limit - 1)[limit - 1]
        near = values >= bound
        slots, values = slots[near], values[near]
    order = np.lexsort((slots, -values))[:limit]
    return list(zip(slots[order].tolist(), values[order].tolist(), strict=True))


def _directory(keys: U64) -> tuple[I64, int]:
    """For sorted 64-bit hashes, the first row of each value of their top bits (and
    len(keys) last), and how far a hash is shifted to get them: about eight keys a value,
    so a look-up reads one or two cache lines of keys (``_alignc.locate``)."""
    bits = min(30, max(1, (len(keys) // 8).bit_length()))
    shift = 64 - bits
    tops = keys >> np.uint64(shift)
    directory = np.searchsorted(tops, np.arange((1 << bits) + 1, dtype=np.uint64))
    return directory.astype(np.int64), shift


def _find_numpy(
    keys: U64, directory: I64, shift: int, offsets: I64, hashes: list[int]
) -> tuple[list[int], list[int]]:
    """Each hash's row in ``keys`` (-1 if absent) and its number of postings, by binary
    search over all the keys (the directory is not needed). The reference for
    ``_alignc.locate``."""
    where = np.searchsorted(keys, np.array(hashes, dtype=np.uint64)).tolist()
    rows: list[int] = []
    sizes: list[int] = []
    for h, i in zip(hashes, where, strict=True):
        if i < len(keys) and int(keys[i]) == h:
            rows.append(i)
            sizes.append(int(offsets[i + 1] - offsets[i]))
        else:
            rows.append(-1)
            sizes.append(0)
    return rows, sizes


def _compiled_module() -> ModuleType | None:
    """``_alignc`` when it was built with ``gather`` and ``rank`` (an older build lacks
    them)."""
    try:
        from allyhub.fusion import _alignc as module
    except ImportError:
        return None
    return module if hasattr(module, "gather") and hasattr(module, "rank") else None


_alignc = _compiled_module()
_gather = _gather_compiled if _alignc is not None else _gather_numpy
_rank: Callable[..., list[tuple[int, float]]] = _alignc.rank if _alignc is not None else _rank_numpy
_find: Callable[[U64, I64, int, I64, list[int]], tuple[list[int], list[int]]] = getattr(
    _alignc, "locate", _find_numpy
)

_EMPTY: U32 = np.zeros(0, dtype=np.uint32)
_COMPATIBLE_ROWS = [bytes(compatible(a, b) for b in KINDS) for a in KINDS]
"""Which kinds may be the same thing, as the index filters candidates with it: for each
kind, one byte per kind, 1 where an entity of that kind may match it."""
