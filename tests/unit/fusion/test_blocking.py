"""NameIndex: filing, removing, candidates and resolution; blocking recall on the eval set."""

import gzip
import json
from array import array
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.errors import NotFound
from allyhub.fusion import EntityNames, NameIndex, blocking, score
from allyhub.fusion._gazetteer import BUILT_IN

KNOWN = [
    ("identity--soleimani", "person", ["Qasem Soleimani", "قاسم سلیمانی"]),
    ("identity--bashar", "person", ["Bashar al-Assad"]),
    ("identity--hafez", "person", ["Hafez al-Assad"]),
    ("identity--hezbollah", "organization", ["Hezbollah"]),
    ("identity--kataib", "organization", ["Kata'ib Hezbollah"]),
    ("location--damascus", "location", ["Damascus"]),
    ("location--hama", "location", ["Hama"]),
    ("location--homs", "location", ["Homs"]),
]


def _index() -> NameIndex:
    index = NameIndex()
    index.add_many(KNOWN)
    return index


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        pytest.param("person", "卡西姆·蘇雷曼尼", "identity--soleimani", id="soleimani-hant"),
        pytest.param("person", "Касем Сулеймани", "identity--soleimani", id="soleimani-cyrillic"),
        pytest.param("person", "بشار الأسد", "identity--bashar", id="bashar-arabic"),
        pytest.param("organization", "真主党", "identity--hezbollah", id="hezbollah-han"),
        pytest.param("organization", "كتائب حزب الله", "identity--kataib", id="kataib-arabic"),
        pytest.param("location", "دمشق", "location--damascus", id="damascus-arabic"),
        pytest.param("location", "大马士革", "location--damascus", id="damascus-han"),
        pytest.param("location", "حمص", "location--homs", id="homs-arabic"),
    ],
)
def test_resolve_finds_the_known_entity_first(kind, name, expected):
    results = _index().resolve(kind, [name])
    assert results, name
    assert results[0][0] == expected
    assert results[0][1].band == "link"


def test_resolve_never_proposes_an_entity_of_an_incompatible_kind():
    index = _index()
    assert all(
        not c.entity_id.startswith("location--") for c in index.candidates("person", ["Damascus"])
    )
    assert index.resolve("person", ["Damascus"]) == []


def test_index_add_replaces_and_remove_forgets():
    index = _index()
    assert len(index) == len(KNOWN)
    index.add("location--hama", "location", ["Hamah"])
    assert len(index) == len(KNOWN)
    assert index.entity("location--hama").names == ("Hamah",)
    index.remove("location--hama")
    assert "location--hama" not in index
    with pytest.raises(NotFound):
        index.entity("location--hama")
    assert all(c.entity_id != "location--hama" for c in index.candidates("location", ["Hama"]))
    index.compact()
    assert len(index) == len(KNOWN) - 1
    assert index.resolve("location", ["حمص"])[0][0] == "location--homs"


_NAMES = ["Qasem Soleimani", "Hassan Nasrallah", "Damascus", "Hezbollah", "حمص", "真主党"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "add_many", "remove", "compact"]),
            st.integers(0, 7),
            st.lists(st.sampled_from(_NAMES), min_size=1, max_size=2),
        ),
        max_size=25,
    )
)
def test_postings_stay_sorted_by_key_then_slot_through_any_edits(
    edits: list[tuple[str, int, list[str]]],
) -> None:
    """Whatever mix of single and bulk additions, removals and compactions: keys strictly
    ascending, each key's slots strictly ascending, and every live entity filed under
    each of its keys (the merge sorts by key alone and relies on added slots being newer)."""
    index = NameIndex()
    filed: dict[str, tuple[str, ...]] = {}
    for op, n, names in edits:
        entity_id = f"identity--{n}"
        if op == "add":
            index.add(entity_id, "person", names)
            filed[entity_id] = tuple(names)
        elif op == "add_many":
            batch = [(entity_id, "person", names), (f"identity--{n + 1}", "person", names[:1])]
            index.add_many(batch)
            filed.update((i, tuple(ns)) for i, _kind, ns in batch)
        elif op == "remove":
            index.remove(entity_id)
            filed.pop(entity_id, None)
        else:
            index.compact()
    index.compact()
    keys, offsets, postings = index._keys.tolist(), index._offsets.tolist(), index._postings
    assert keys == sorted(set(keys))
    for row in range(len(keys)):
        slots = postings[offsets[row] : offsets[row + 1]].tolist()
        assert slots == sorted(set(slots))
        assert all(index._alive[slot] for slot in slots)
    for entity_id, names in filed.items():
        slot = index._slot(entity_id)
        assert slot is not None
        for _key, h in blocking._entity_keys(EntityNames("person", names)):
            row = keys.index(h)
            assert slot in postings[offsets[row] : offsets[row + 1]].tolist()


def test_index_single_additions_are_found_before_and_after_compaction():
    index = NameIndex()
    index.add("identity--nasrallah", "person", ["Hassan Nasrallah"])
    assert index.resolve("person", ["حسن نصر الله"])[0][0] == "identity--nasrallah"
    index.compact()
    assert index.resolve("person", ["哈桑·纳斯鲁拉"])[0][0] == "identity--nasrallah"


def test_index_keeps_context_for_scoring():
    index = NameIndex()
    index.add("location--hama-sy", "location", EntityNames("location", ("Hama",), country="SY"))
    results = index.resolve("location", EntityNames("location", ("حماة",), country="SY"))
    assert "same country SY" in results[0][1].why


def _eval_rows():
    path = resources.files("allyhub.data").joinpath("fusion_eval.jsonl.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_blocking_proposes_the_true_entity_for_every_linked_hand_written_positive():
    rows = [r for r in _eval_rows() if not r["entity_a"].startswith(("territory-", "city-"))]
    index = NameIndex()
    ids: dict[tuple[str, str, str], str] = {}
    for row in rows:
        for name, entity in ((row["a"], row["entity_a"]), (row["b"], row["entity_b"])):
            ids.setdefault((row["kind"], name, entity), f"{entity}#{len(ids)}")
    index.add_many((i, kind, [name]) for (kind, name, _), i in ids.items())
    missed = []
    checked = 0
    for row in rows:
        if not row["same"] or score(row["a"], row["b"], row["kind"]).band != "link":
            continue
        checked += 1
        entities: list[str] = []
        for candidate in index.candidates(row["kind"], [row["a"]], 60):
            entity = candidate.entity_id.split("#")[0]
            if entity not in entities:
                entities.append(entity)
        if row["entity_b"] not in entities[:10]:
            missed.append((row["a"], row["b"]))
    assert checked > 500
    assert missed == []


def test_resolve_with_accept_fills_the_limit_from_accepted_candidates() -> None:
    """Candidates `accept` turns down take no place: with limit 1, the exact match turned
    down, the near one is found (as if the exact one had never been filed)."""
    index = NameIndex()
    index.add_many(
        [
            ("hidden", "person", ["Qasem Soleimani"]),
            ("shown", "person", ["Qassem Suleimani"]),
            *[(f"filler-{i}", "person", [f"Qasem Filler{i}"]) for i in range(30)],
        ]
    )
    asked: list[list[str]] = []

    def accept(ids: list[str]) -> set[str]:
        asked.append(ids)
        return {i for i in ids if i != "hidden"}

    assert [i for i, _ in index.resolve("person", ["Qasem Soleimani"], limit=1)] == ["hidden"]
    found = index.resolve("person", ["Qasem Soleimani"], limit=1, accept=accept, weight_floor=0)
    assert [i for i, _ in found] == ["shown"]
    assert "hidden" in asked[0]  # it was a candidate, and was turned down
    alone = NameIndex()
    alone.add_many([("shown", "person", ["Qassem Suleimani"])])
    assert [i for i, _ in alone.resolve("person", ["Qasem Soleimani"], limit=1)] == ["shown"]
    assert index.resolve("person", ["Qasem Soleimani"], accept=lambda ids: set()) == []


_compiled_gather = pytest.mark.skipif(
    blocking._alignc is None, reason="_alignc was not built (no C compiler at install)"
)
_POSTING = st.lists(st.integers(0, 5000), max_size=300, unique=True).map(
    lambda slots: np.array(sorted(slots), dtype=np.uint32)
)
_WEIGHT = st.floats(min_value=1e-3, max_value=20.0, allow_nan=False)


@_compiled_gather
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_POSTING, _WEIGHT), min_size=1, max_size=12), st.booleans())
def test_compiled_gather_equals_the_numpy_one(
    keys: list[tuple[npt.NDArray[np.uint32], float]], shuffled: bool
) -> None:
    """The same slots and the same sums to the last bit (the rank decides which
    candidates are scored), and the scratch array left all 0 by both."""
    postings = [p[::-1].copy() if shuffled else p for p, _ in keys]
    weights = [w for _, w in keys]
    scratch_numpy, scratch_compiled = np.zeros(5001), np.zeros(5001)
    slots, summed = blocking._gather_numpy(scratch_numpy, postings, weights)
    fast_slots, fast_summed = blocking._gather_compiled(scratch_compiled, postings, weights)
    assert fast_slots.tolist() == slots.tolist()
    assert fast_summed.tolist() == summed.tolist()
    assert not scratch_numpy.any() and not scratch_compiled.any()


@_compiled_gather
def test_compiled_gather_refuses_what_it_cannot_sum() -> None:
    scratch = np.zeros(10)
    posting = np.array([1, 2], dtype=np.uint32)
    with pytest.raises(ValueError, match="weights"):
        blocking._gather_compiled(scratch, [posting], [0.0])
    with pytest.raises(IndexError):
        blocking._gather_compiled(scratch, [np.array([1, 10], dtype=np.uint32)], [1.0])
    with pytest.raises(TypeError):
        blocking._gather_compiled(scratch, [posting.astype(np.uint64)], [1.0])
    assert not scratch.any()


_SLOTS = 400


@st.composite
def _gathered(draw: st.DrawFn) -> tuple[Any, ...]:
    """A gather's result (distinct slots, ascending, with sums: few distinct sums, so
    that ties are common) and the index's arrays it is ranked with."""
    slots = sorted(draw(st.sets(st.integers(0, _SLOTS - 1), max_size=120)))
    sums = [draw(st.sampled_from([0.5, 1.0, 1.5, 2.25, 7.0])) for _ in slots]
    counts = array("H", draw(st.lists(st.integers(0, 70), min_size=_SLOTS, max_size=_SLOTS)))
    kinds = array("B", draw(st.lists(st.integers(0, 3), min_size=_SLOTS, max_size=_SLOTS)))
    alive = bytearray(
        draw(st.lists(st.sampled_from([0, 1, 1, 1]), min_size=_SLOTS, max_size=_SLOTS))
    )
    compatible = bytes(draw(st.lists(st.integers(0, 1), min_size=4, max_size=4)))
    limit = draw(st.integers(0, 130))
    return (
        np.array(slots, dtype=np.uint32),
        np.array(sums, dtype=np.float64),
        counts,
        kinds,
        alive,
        compatible,
        limit,
    )


@_compiled_gather
@settings(max_examples=300, deadline=None)
@given(_gathered())
def test_compiled_rank_equals_the_numpy_one(gathered: tuple[Any, ...]) -> None:
    """The same candidates in the same order, ties broken by slot in both, and the same
    values to the last bit."""
    reference = blocking._rank_numpy(*gathered)
    assert blocking._alignc.rank(*gathered) == reference
    slots, _sums, _counts, kinds, alive, compatible, limit = gathered
    assert all(alive[slot] and compatible[kinds[slot]] for slot, _ in reference)
    assert len(reference) == min(
        limit, sum(1 for s in slots.tolist() if alive[s] and compatible[kinds[s]])
    )
    keys = [(-value, slot) for slot, value in reference]
    assert keys == sorted(keys)


def test_rank_breaks_ties_by_slot_at_the_limit() -> None:
    """Five candidates worth the same and room for two: the two lowest slots, whichever
    way the selection runs."""
    slots = np.array([3, 5, 8, 13, 21], dtype=np.uint32)
    sums = np.ones(5)
    arrays = (array("H", [1] * 30), array("B", [0] * 30), bytearray([1] * 30), b"\x01")
    for rank in (blocking._rank_numpy, blocking._rank):
        assert rank(slots, sums, *arrays, 2) == [(3, 1.0), (5, 1.0)]


@_compiled_gather
def test_compiled_rank_refuses_arrays_that_do_not_fit() -> None:
    slots, sums = np.array([1, 40], dtype=np.uint32), np.ones(2)
    arrays = (array("H", [1] * 30), array("B", [0] * 30), bytearray([1] * 30), b"\x01")
    with pytest.raises(IndexError):
        blocking._alignc.rank(slots, sums, *arrays, 5)
    with pytest.raises(ValueError, match="differ in length"):
        blocking._alignc.rank(slots, np.ones(3), *arrays, 5)


_HASH = st.integers(0, 2**64 - 1)


def _keys_and_offsets(hashes: set[int]) -> tuple[Any, Any]:
    keys = np.array(sorted(hashes), dtype=np.uint64)
    sizes = np.arange(len(keys), dtype=np.int64) % 7 + 1
    return keys, np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)


@_compiled_gather
@settings(max_examples=300, deadline=None)
@given(
    st.sets(_HASH | st.sampled_from([0, 1, 2**63, 2**64 - 1]), max_size=400),
    st.lists(_HASH | st.sampled_from([0, 2**64 - 1]), max_size=60),
    st.integers(0, 40),
)
def test_compiled_locate_equals_the_numpy_search(
    filed: set[int], others: list[int], present: int
) -> None:
    """Every key's row and posting count, and -1 and 0 for a hash not filed, with the
    directory of any size of index (extremes of the hash range included)."""
    keys, offsets = _keys_and_offsets(filed)
    directory, shift = blocking._directory(keys)
    asked = others + sorted(filed)[:present]
    reference = blocking._find_numpy(keys, directory, shift, offsets, asked)
    assert blocking._alignc.locate(keys, directory, shift, offsets, asked) == reference
    rows, sizes = reference
    assert all(row == -1 or int(keys[row]) == h for row, h in zip(rows, asked, strict=True))
    assert [row >= 0 for row in rows] == [h in filed for h in asked]


@_compiled_gather
def test_compiled_locate_finds_every_key_of_a_large_index() -> None:
    """At a size where the directory has many bits: each filed key found at its row,
    neighbours of each not found."""
    rng = np.random.default_rng(5)
    keys, offsets = _keys_and_offsets(set(rng.integers(1, 2**64 - 2, 200_000, np.uint64).tolist()))
    directory, shift = blocking._directory(keys)
    assert shift < 64 - 10
    filed = keys.tolist()
    rows, sizes = blocking._alignc.locate(keys, directory, shift, offsets, filed)
    assert rows == list(range(len(filed)))
    assert sizes == np.diff(offsets).tolist()
    gaps = [h + 1 for h in filed[:5000]]  # a neighbour, filed or not
    expected = blocking._find_numpy(keys, directory, shift, offsets, gaps)
    assert blocking._alignc.locate(keys, directory, shift, offsets, gaps) == expected


@_compiled_gather
def test_compiled_locate_refuses_arrays_that_do_not_fit() -> None:
    keys, offsets = _keys_and_offsets({5, 9, 2**60})
    directory, shift = blocking._directory(keys)
    with pytest.raises(ValueError, match="do not agree"):
        blocking._alignc.locate(keys, directory, shift - 1, offsets, [5])
    with pytest.raises(ValueError, match="differ in length"):
        blocking._alignc.locate(keys, directory, shift, offsets[:-1], [5])
    with pytest.raises(OverflowError):
        blocking._alignc.locate(keys, directory, shift, offsets, [-1])


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("_gather", blocking._gather_numpy),
        ("_rank", blocking._rank_numpy),
        ("_find", blocking._find_numpy),
    ],
)
def test_resolve_ranks_alike_with_the_compiled_or_the_numpy_step(
    monkeypatch: pytest.MonkeyPatch, name: str, reference: Any
) -> None:
    """The index's candidates and their weights do not depend on which gather, or which
    rank, runs; a removed entity is never one of them."""
    index = _index()
    index.add("identity--soleimani-2", "person", ["Qassem Suleimani"])
    index.remove("identity--soleimani-2")
    index.add("identity--soleimani-3", "person", ["Qassem Suleimani"])
    queries = [("person", "Касем Сулеймани"), ("location", "حمص"), ("organization", "真主党")]
    found = []
    for step in (reference, getattr(blocking, name)):
        monkeypatch.setattr(blocking, name, step)
        found.append([index.candidates(kind, [n]) for kind, n in queries])
    assert found[0] == found[1]
    assert all(found[1])
    assert "identity--soleimani-2" not in {c.entity_id for c in found[1][0]}


def test_entity_keys_are_every_names_keys_sorted_and_hashed() -> None:
    """The cached keys of an entity are what its names' block keys are, hashed: the
    index files and finds an entity under exactly these."""
    entity = EntityNames("person", ("Zaid Zuhair", "Bashar al-Assad", "Zaid Zuhair"))
    keys: set[str] = set()
    for name in entity.names:
        keys |= blocking._name_keys(name, entity.kind, BUILT_IN)
    expected = tuple((key, blocking.key_hash(key)) for key in sorted(keys))
    assert blocking._entity_keys(entity) == expected
    single = EntityNames("person", ("Qasem Soleimani",))
    assert blocking._entity_keys(single) == tuple(
        (key, blocking.key_hash(key))
        for key in sorted(blocking._name_keys(*single.names, "person", BUILT_IN))
    )
    assert NameIndex()._hashes(entity) == {h for _key, h in expected}


def test_resolve_scores_entities_with_the_same_names_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several entities filed under one name get one verdict, and each of them is in the
    results with the match scoring it alone gives; another name or context is scored
    apart."""
    index = _index()
    copies = [f"identity--copy-{i}" for i in range(4)]
    for entity_id in copies:
        index.add(entity_id, "person", ["Qassem Suleimani"])
    index.add("identity--iran", "person", EntityNames("person", ("Qassem Suleimani",), "IR"))
    calls: list[EntityNames] = []
    scorer = blocking.verdict

    def counted(a, b, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(b)
        return scorer(a, b, *args, **kwargs)

    monkeypatch.setattr(blocking, "verdict", counted)
    query = EntityNames("person", ("Qasem Soleimani",))
    found = dict(index.resolve("person", query, weight_floor=0.0))
    assert calls.count(EntityNames("person", ("Qassem Suleimani",))) == 1
    assert calls.count(EntityNames("person", ("Qassem Suleimani",), "IR")) == 1
    assert set(copies) | {"identity--iran"} <= set(found)
    for entity_id in [*copies, "identity--iran", "identity--soleimani"]:
        assert found[entity_id] == score(query, index.entity(entity_id), "person")
