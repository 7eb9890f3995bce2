"""Benchmark of name resolution: quality on the evaluation set, then speed at 1M names.

Quality: precision, recall and F1 of allyhub's ``link`` band (default ``Bands``), overall,
on cross-script pairs, and per script pairing, next to a plain baseline (anyascii then
rapidfuzz ``token_sort_ratio``, at the threshold that is best for it on the same rows),
plus where blocking ranks the true entity. Speed: an index of
synthetic names in Latin, Cyrillic, Arabic and Han letters is built with ``add_many``;
then single entities are resolved against it, timing each; memory is the process RSS.

    .venv/bin/python bench/resolve.py [--size 1000000] [--queries 1000] [--split test]
        [--without-tables cldr|all]

Prints numbers and asserts nothing. ``run_resolve_bench`` is importable so that the cli
can mount it as ``allyhub bench resolve``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import gzip
import json
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz

from allyhub.fusion import DEFAULT_BANDS, Bands, Kind, NameIndex, score

SAME_SCRIPT = {"Latin-Latin", "Cyrillic-Cyrillic", "Arabic-Arabic", "Han-Han"}
"""Pairings of one writing system; Arabic-Persian and Hant-Hans are their own rows."""


@dataclass
class Tally:
    """Confusion counts for one group of rows."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    n: int = 0

    def add(self, same: bool, predicted: bool) -> None:
        self.n += 1
        if predicted and same:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif same:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_eval(split: str = "all") -> list[dict[str, Any]]:
    """Rows of the evaluation set (see bench/build_fusion_eval.py); split dev, test or all."""
    path = resources.files("allyhub.data").joinpath("fusion_eval.jsonl.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [r for r in rows if split == "all" or r["split"] == split]


def baseline_score(a: str, b: str) -> float:
    """The plain baseline: anyascii romanization, then token_sort_ratio."""
    return fuzz.token_sort_ratio(anyascii(a).lower(), anyascii(b).lower()) / 100.0


def _tallies(rows: list[dict[str, Any]], predicted: list[bool]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row, guess in zip(rows, predicted, strict=True):
        same = bool(row["same"])
        tallies["overall"].add(same, guess)
        if row["pairing"] not in SAME_SCRIPT | {"Arabic-Persian", "Hant-Hans"}:
            tallies["cross-script"].add(same, guess)
        else:
            tallies["same-script"].add(same, guess)
        tallies[str(row["pairing"])].add(same, guess)
        tallies["kind:" + str(row["kind"])].add(same, guess)
        tallies["family:" + str(row.get("family", "names"))].add(same, guess)
        cldr = str(row["entity_a"]).startswith(("territory-", "city-"))
        tallies["source:" + ("cldr" if cldr else "hand-written")].add(same, guess)
    return tallies


def _best_threshold(rows: list[dict[str, Any]], scores: list[float]) -> float:
    best, best_f1 = 0.5, -1.0
    for step in range(20, 100):
        threshold = step / 100
        f1 = _tallies(rows, [s >= threshold for s in scores])["overall"].f1
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best


def quality(
    rows: list[dict[str, Any]], bands: Bands = DEFAULT_BANDS
) -> tuple[dict[str, Tally], dict[str, Tally], float]:
    """allyhub's tallies at the link band, the baseline's at its best threshold."""
    ours = [score(r["a"], r["b"], r["kind"], bands).band == "link" for r in rows]
    base_scores = [baseline_score(r["a"], r["b"]) for r in rows]
    threshold = _best_threshold(rows, base_scores)
    base = [s >= threshold for s in base_scores]
    return _tallies(rows, ours), _tallies(rows, base), threshold


def blocking_ranks(
    rows: list[dict[str, Any]], bands: Bands = DEFAULT_BANDS
) -> tuple[dict[int, int], int]:
    """Where blocking ranks the true entity, for every positive pair the scorer links.

    Each entity of the set is filed once with all its names except those in the query's
    script label (so a query never finds its own spelling), as a hub files an entity with
    its aliases. Returns {rank: count} (rank 0: not among the first 10) and the count."""
    forms: dict[str, set[tuple[str, str]]] = defaultdict(set)
    kinds: dict[str, Kind] = {}
    for row in rows:
        for name, entity, label in (
            (row["a"], row["entity_a"], row["script_a"]),
            (row["b"], row["entity_b"], row["script_b"]),
        ):
            forms[entity].add((label, name))
            kinds[entity] = row["kind"]
    indexes: dict[str, NameIndex] = {}
    for label in {label for names in forms.values() for label, _ in names}:
        index = NameIndex(bands)
        index.add_many(
            (entity, kinds[entity], [n for lab, n in names if lab != label])
            for entity, names in forms.items()
            if any(lab != label for lab, _ in names)
        )
        indexes[label] = index
    ranks: dict[int, int] = defaultdict(int)
    linked = 0
    for row in rows:
        if not row["same"] or score(row["a"], row["b"], row["kind"], bands).band != "link":
            continue
        linked += 1
        found = [c.entity_id for c in indexes[row["script_a"]].candidates(row["kind"], [row["a"]])]
        ranks[found.index(row["entity_b"]) + 1 if row["entity_b"] in found else 0] += 1
    return dict(ranks), linked


# --- synthetic names -------------------------------------------------------------------

_LATIN_SYLLABLES = (
    "ba bi bu da di du fa fi ha hu ja ji ka ki ku la li lu ma mi mu na ni nu ra ri ru sa si "
    "su ta ti tu va wa ya za zi sha shi kha al an ar as el em en er ir is or us ov ev in"
).split()
_CYRILLIC = str.maketrans("abdfhijklmnorstuvyzeg", "абдфхийклмнорстувызег")
_ARABIC = str.maketrans("abdfhijklmnqrstuvwyzeg", "ابدفحيجكلمنقرستووويزيغ")
_HAN = (
    "阿巴卡达尔斯特拉马尼米哈萨沙伊德利基科克努罗洛夫维亚穆默赫法兹贾扎西布里鲁莱雷索苏曼纳泽格勒"
)


def _latin_name(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.choice((1, 2, 2, 3))):
        word = "".join(rng.choice(_LATIN_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 4))))
        parts.append(word.capitalize())
    return " ".join(parts)


def synthetic_names(count: int, seed: int = 7) -> Iterator[tuple[str, Kind, list[str]]]:
    """Entities with one random name each, in Latin, Cyrillic, Arabic or Han letters."""
    rng = random.Random(seed)
    kinds: tuple[Kind, ...] = ("person", "organization", "location")
    for i in range(count):
        latin = _latin_name(rng)
        script = rng.random()
        if script < 0.4:
            name = latin
        elif script < 0.6:
            name = latin.lower().translate(_CYRILLIC).title()
        elif script < 0.8:
            name = latin.lower().translate(_ARABIC)
        else:
            name = "·".join(
                "".join(rng.choice(_HAN) for _ in range(rng.choice((2, 3, 4))))
                for _ in range(rng.choice((1, 2, 2)))
            )
        yield f"synthetic--{i:07d}", kinds[i % 3], [name]


def _trim() -> None:
    """Give freed heap pages back to the system so that RSS shows what is still held."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed(size: int, queries: int, seed: int = 7) -> dict[str, float]:
    """Build an index of ``size`` synthetic names, then time ``queries`` resolutions."""
    _trim()
    rss_before = _rss_mb()
    index = NameIndex()
    start = time.perf_counter()
    index.add_many(synthetic_names(size, seed))
    build = time.perf_counter() - start
    _trim()
    rss_after = _rss_mb()
    # As a server does once it has loaded its data: move what exists now out of the
    # cyclic collector's sight, so that its full passes do not walk the caches.
    gc.freeze()
    rng = random.Random(seed + 1)
    probes = [names for _, _, names in synthetic_names(queries, seed + 2)]
    kinds: tuple[Kind, ...] = ("person", "organization", "location")
    began = time.perf_counter()
    for _, kind, names in synthetic_names(20, seed + 3):
        index.resolve(kind, names)  # loads pypinyin's dictionaries, warms numpy
    warm_up = (time.perf_counter() - began) * 1000
    timings = []
    for names in probes:
        kind = rng.choice(kinds)
        began = time.perf_counter()
        index.resolve(kind, names)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return {
        "size": size,
        "build_s": build,
        "rss_mb": rss_after - rss_before,
        "arrays_mb": index.memory_bytes() / 2**20,
        "p50_ms": statistics.median(timings),
        "p99_ms": timings[int(len(timings) * 0.99) - 1] if timings else 0.0,
        "max_ms": timings[-1] if timings else 0.0,
        "warm_up_ms": warm_up,
        "rss_total_mb": _rss_mb() - rss_before,
    }


class _Timed:
    """Wraps the scorer as the index calls it (``verdict``, or ``score`` in versions that
    have no ``verdict``), to count and time the candidates it scores."""

    def __init__(self) -> None:
        from allyhub.fusion import blocking

        self._blocking = blocking
        self._name = "verdict" if hasattr(blocking, "verdict") else "score"
        self._scorer = getattr(blocking, self._name)
        self.calls = 0
        self.seconds = 0.0

    def __enter__(self) -> _Timed:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()
            try:
                return self._scorer(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - began
                self.calls += 1

        setattr(self._blocking, self._name, timed)
        return self

    def __exit__(self, *_: object) -> None:
        setattr(self._blocking, self._name, self._scorer)


def stream_cost(size: int, objects: int, seed: int = 7) -> dict[str, float]:
    """What the fusion worker spends on names per shared object: the bench stream's
    objects (bench/data.py, the stream ``bench all`` shares) are resolved against an index
    of ``size`` synthetic names and then filed, as ``FusionService._derive`` does; CPU
    time per shared object, per named object, and per candidate scored."""
    from allyhub.fusion.entities import named
    from allyhub.fusion.scoring import EntityNames

    if __package__ in (None, ""):
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.data import Stream

    index = NameIndex()
    index.add_many(synthetic_names(size, seed))
    gc.freeze()
    stream = Stream(envelope_size=1000)
    shared: list[dict[str, Any]] = []
    while len(shared) < objects:
        shared.extend(stream.envelope()[1]["objects"])
    shared = shared[:objects]
    names = 0
    links = 0
    with _Timed() as timed:
        began = time.process_time()
        for obj in shared:
            entity = named(obj)
            if entity is None:
                continue
            names += 1
            query = EntityNames(entity.kind, entity.names, country=entity.country)
            links += len(index.resolve(entity.kind, query))
            index.add(str(obj["id"]), entity.kind, query)
        spent = time.process_time() - began
    return {
        "size": size,
        "objects": objects,
        "named": names,
        "links": links,
        "us_per_object": spent * 1e6 / objects,
        "us_per_named": spent * 1e6 / max(1, names),
        "candidates_per_named": timed.calls / max(1, names),
        "us_per_candidate": timed.seconds * 1e6 / max(1, timed.calls),
    }


_PAIR_CACHES = ("_align", "_pair", "similarity", "score_readings")
"""Caches that hold results for a pair of names (the rest hold one name's keys)."""


def _clear_caches(pairs_only: bool) -> None:
    import allyhub.fusion as fusion

    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith(fusion.__name__):
            continue
        for name, value in vars(module).items():
            if hasattr(value, "cache_clear") and (name in _PAIR_CACHES or not pairs_only):
                if name in ("countries", "_pypinyin"):
                    continue  # data loaded once per process, not per name
                value.cache_clear()


def pair_cost(rows: list[dict[str, Any]]) -> dict[str, float]:
    """CPU per pair of names on the evaluation rows: with nothing cached, and with each
    name's keys computed beforehand (what a hub that keeps them per name pays)."""
    _clear_caches(pairs_only=False)
    began = time.process_time()
    for r in rows:
        score(r["a"], r["b"], r["kind"])
    cold = time.process_time() - began
    _clear_caches(pairs_only=True)
    began = time.process_time()
    for r in rows:
        score(r["a"], r["b"], r["kind"])
    warm = time.process_time() - began
    return {"cold_us": cold * 1e6 / len(rows), "names_ready_us": warm * 1e6 / len(rows)}


TABLES = ("cldr", "all")
"""What ``--without-tables`` may leave out of the built-in known names: CLDR's territories
and cities, or those and the data file's places and organisations. Why: the set's places
rows were largely built from CLDR's names and every organisation of the set is in the
data file, so the figures with those tables are partly circular; without them they show
what the rules find by themselves (iso-codes' countries stay: the rules build on them)."""


def without_tables(which: str) -> None:
    """Empty the built-in tables named by ``which`` (see ``TABLES``) for this process."""
    from allyhub.fusion import _gazetteer

    if which not in TABLES:
        raise ValueError(f"--without-tables takes one of {TABLES}, not {which!r}")
    _gazetteer._cldr_entries = list
    if which == "all":
        _gazetteer._file_entries = lambda table: []
    _clear_caches(pairs_only=False)


def _table(ours: dict[str, Tally], base: dict[str, Tally]) -> list[str]:
    lines = [
        "| rows | pairs | allyhub P | R | F1 | baseline P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    order = ["overall", "cross-script", "same-script"]
    order += sorted(k for k in ours if k not in order and ":" not in k)
    order += sorted(k for k in ours if k.startswith("kind:"))
    order += sorted(k for k in ours if k.startswith("family:"))
    order += sorted(k for k in ours if k.startswith("source:"))
    for key in order:
        o, b = ours[key], base[key]
        lines.append(f"| {key} | {o.n} | {_prf(o, bold=True)} | {_prf(b)} |")
    return lines


def _prf(t: Tally, bold: bool = False) -> str:
    """P | R | F1, with a dash where a figure has no meaning (no positives, no links)."""
    p = f"{t.precision:.3f}" if t.tp + t.fp else "–"
    r = f"{t.recall:.3f}" if t.tp + t.fn else "–"
    f = f"{t.f1:.3f}" if t.tp + t.fn else "–"
    return f"{p} | {r} | {'**' + f + '**' if bold else f}"


def run_resolve_bench(
    size: int = 1_000_000,
    queries: int = 1000,
    split: str = "test",
    bands: Bands = DEFAULT_BANDS,
    out: Callable[[str], None] = print,
    stream: int = 0,
    stream_size: int = 100_000,
    without: str | None = None,
) -> dict[str, Any]:
    """Run the whole benchmark, print a Markdown report through ``out``, return figures.
    ``without``: leave these built-in tables out (see ``TABLES``)."""
    if without is not None:
        without_tables(without)
    rows = load_eval(split)
    began = time.perf_counter()
    ours, base, threshold = quality(rows, bands)
    scored = time.perf_counter() - began
    tables = {
        None: "",
        "cldr": ", without CLDR's names",
        "all": ", without CLDR's or the file's names",
    }[without]
    out(f"## Quality on the {split} split{tables} ({len(rows)} pairs, scored in {scored:.1f} s)")
    out("")
    out(
        f"allyhub: `link` band at score >= {bands.link}; baseline: anyascii + "
        f"token_sort_ratio >= {threshold:.2f} (its best threshold on these rows)."
    )
    out("")
    for line in _table(ours, base):
        out(line)
    ranks, linked = blocking_ranks(rows, bands)

    def share(top: int) -> float:
        return sum(n for rank, n in ranks.items() if 0 < rank <= top) / max(1, linked)

    out("")
    out(
        f"Blocking, over the {linked} positive pairs the scorer links: the true entity is "
        f"the first candidate for {share(1):.3f}, among the first 5 for {share(5):.3f}, "
        f"among the first 10 (what `resolve` scores) for {share(10):.3f}."
    )
    figures: dict[str, Any] = {
        "f1": {k: v.f1 for k, v in ours.items()},
        "baseline_f1": {k: v.f1 for k, v in base.items()},
        "blocking_top1": share(1),
        "blocking_top10": share(10),
    }
    if stream > 0:
        c = stream_cost(stream_size, stream)
        p = pair_cost(load_eval(split)[:5000])
        out("")
        out(f"## Cost of fusion per shared object ({stream:,} objects of the bench stream)")
        out("")
        out(
            f"- against an index of {int(c['size']):,} synthetic names: "
            f"{c['us_per_object']:.0f} µs of CPU per shared object, "
            f"{c['us_per_named']:.0f} µs per named object ({int(c['named']):,} named, "
            f"{int(c['links']):,} links or reviews), "
            f"{c['candidates_per_named']:.1f} candidates scored per named object at "
            f"{c['us_per_candidate']:.0f} µs each"
        )
        out(
            f"- scoring one pair of the evaluation set: {p['cold_us']:.0f} µs with nothing "
            f"cached, {p['names_ready_us']:.0f} µs with both names' keys already computed"
        )
        figures["cost"] = {**c, **p}
    if size > 0:
        s = speed(size, queries)
        out("")
        out(f"## Speed at {int(s['size']):,} synthetic names")
        out("")
        out(f"- index build (add_many): {s['build_s']:.1f} s")
        out(
            f"- resolve one entity: p50 {s['p50_ms']:.2f} ms, p99 {s['p99_ms']:.2f} ms, "
            f"max {s['max_ms']:.2f} ms over {queries} queries"
        )
        out(f"- first 20 queries (warm-up, not counted): {s['warm_up_ms']:.0f} ms in all")
        out(
            f"- memory: +{s['rss_mb']:.0f} MB RSS after the build "
            f"({s['arrays_mb']:.0f} MB of it in the index arrays), "
            f"+{s['rss_total_mb']:.0f} MB after the queries (caches)"
        )
        figures["speed"] = s
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--split", default="test", choices=("dev", "test", "all"))
    parser.add_argument(
        "--stream", type=int, default=0, help="objects of the bench stream to fuse (cost)"
    )
    parser.add_argument(
        "--stream-size", type=int, default=100_000, help="names in the index for --stream"
    )
    parser.add_argument(
        "--without-tables",
        choices=TABLES,
        help="leave out CLDR's names (cldr) or those and the known-names file's (all)",
    )
    args = parser.parse_args()
    run_resolve_bench(
        args.size,
        args.queries,
        args.split,
        stream=args.stream,
        stream_size=args.stream_size,
        without=args.without_tables,
    )


if __name__ == "__main__":
    main()
