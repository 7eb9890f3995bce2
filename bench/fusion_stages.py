"""Where the fusion worker's time goes: its real loop, with its stages timed in-process.

Shares ``--objects`` objects of the benchmark stream through the real service into a fresh
SQLite hub (no worker runs meanwhile), lets the worker derive them (its name index warms
up), shares ``--more`` objects and times ``FusionService.catch_up`` over those: µs per
shared object, wall and CPU, of each stage. Stages are timed where the worker looks them
up (bench/stages.py's timer: a stage that moves fails loudly). Indented stages are parts
of the one above them. ``catch_up`` (in batches of the worker's size, ``RUN_BATCH``)
writes each batch after deriving it; the server's worker process overlaps the two
(``FusionService.run``), so its wall time is less. The process takes the worker's
cycle-collector settings (``heap.own``), as the worker does:
without them every stage is charged with collections the worker does not make.

    python bench/fusion_stages.py --objects 100000 --more 20000
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson  # noqa: E402

from bench import data  # noqa: E402
from bench.stages import _timed, print_stages  # noqa: E402


def _stages() -> dict[str, tuple[Any, Any]]:
    from sqlalchemy.engine import Connection

    from allyhub.fusion import blocking
    from allyhub.fusion.blocking import NameIndex
    from allyhub.fusion.correlation import coordinates, values_of
    from allyhub.fusion.entities import named
    from allyhub.fusion.scoring import numbers_rule_out, verdict
    from allyhub.service import fusion
    from allyhub.store.fusion import SqlFusionWriter
    from allyhub.store.objects import SqlObjectStore

    return {
        "versions read": (SqlObjectStore, SqlObjectStore.recent),
        "named entity found": (fusion, named),
        "indicator values": (fusion, values_of),
        "coordinates": (fusion, coordinates),
        "resolve": (NameIndex, NameIndex.resolve),
        "  candidates (block keys, postings)": (NameIndex, NameIndex._candidate_slots),
        "    block keys of the new names": (blocking, blocking._entity_keys),
        "  numbers rule out (no alignment)": (blocking, numbers_rule_out),
        "  verdicts": (blocking, verdict),
        "filed in the name index": (NameIndex, NameIndex.add),
        "written": (SqlFusionWriter, SqlFusionWriter.apply),
        "commit": (Connection, Connection._commit_impl),
    }


def measure(objects: int, more: int, seed: int = 2015) -> dict[str, Any]:
    """µs per object, wall and CPU, of each stage of the worker's catch-up."""
    from allyhub import heap
    from allyhub.app import build_services, fusion_settings
    from allyhub.charter import Role
    from allyhub.service.fusion import RUN_BATCH
    from allyhub.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="allyhub-fusion-stages-"))
    (work / "charter.toml").write_text(data.charter_toml(8600))
    settings = Settings(
        charter=str(work / "charter.toml"),
        hub=data.HUB,
        data_dir=str(work),
        db=f"sqlite:///{work / 'hub.sqlite'}",
        secret_key="stages",
    )
    sharing = build_services(settings)
    worker = build_services(fusion_settings(settings), migrate=False)  # as `serve` runs it
    heap.own()  # the worker's collector settings (allyhub/heap.py), as `run_fusion` sets them
    principals = {
        m: sharing.keys.authenticate(sharing.keys.create(m, Role.ANALYST)[0])
        for m, _ in data.member_ids()
    }
    stream = data.Stream(seed)
    sharing.sharing.share(principals["m01"], "joint", orjson.dumps(stream.list_definitions()))

    def share(count: int) -> None:
        for member, envelope in stream.envelopes_for(-(-count // stream.envelope_size)):
            sharing.sharing.share(principals[member], "joint", orjson.dumps(envelope))

    share(objects)
    worker.fusion.catch_up()
    share(more)
    stages = _stages()
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    gc.collect()
    with _timed(stages, spent):
        wall, cpu = time.perf_counter(), time.process_time()
        count = worker.fusion.catch_up(batch=RUN_BATCH)
        total = [time.perf_counter() - wall, time.process_time() - cpu]
    idle = [stage for stage in stages if not spent[stage][2]]
    if idle:
        raise SystemExit(f"the worker no longer calls {idle}: update bench/fusion_stages.py")
    for services in (sharing, worker):
        services.engine.dispose()
    shutil.rmtree(work, ignore_errors=True)
    rows = {stage: [v * 1e6 / count for v in spent[stage][:2]] for stage in stages}
    rows["total (catch-up)"] = [v * 1e6 / count for v in total]
    return {"objects": objects, "more": count, "us_per_object": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=100_000, help="stored before timing")
    parser.add_argument("--more", type=int, default=20_000, help="objects the timed run derives")
    args = parser.parse_args()
    report = measure(args.objects, args.more)
    print(f"{report['more']} versions derived on top of {report['objects']:,}")
    print_stages(report["us_per_object"])


if __name__ == "__main__":
    main()
