"""Where a share's time goes: the real share path, with its stages timed in-process.

Wraps the functions and store methods that `SharingService.share` calls with timers and
replays the benchmark stream through the real service against a fresh SQLite database
(or a copy of a store filled by the benchmark, `--onto`), then reports µs per object for
each stage. Nothing of the share logic is copied here, so it cannot drift from it.
Compare the total with the server CPU µs/object of the HTTP run (bench/ingest.py): the
difference is HTTP, ASGI, authentication and the thread hop.

    python bench/stages.py --objects 20000
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson  # noqa: E402

from bench import data  # noqa: E402

STAGES = {
    # stage name: (module or class path, attribute)
    "parse JSON": ("allyhub.service.sharing", "parse_envelope"),
    "validate": ("allyhub.service.sharing", "validate"),
    "policy: authorship and definitions": ("allyhub.service.sharing", "check_authorship"),
    "policy: owner": ("allyhub.service.sharing", "check_owner"),
    "policy: labels": ("allyhub.service.sharing", "labels_for"),
    "store: known ids": ("allyhub.store.objects.SqlObjectWriter", "known"),
    "store: insert": ("allyhub.store.objects.SqlObjectWriter", "add"),
    "store: status record": ("allyhub.store.objects.SqlObjectWriter", "save_status"),
    "audit entry": ("allyhub.service.audit.AuditLog", "append"),
    "store: commit": ("sqlalchemy.engine.base.Connection", "_commit_impl"),
}


def _wrap(
    spent: dict[str, list[float]], stage: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage][0] += time.perf_counter() - wall
            spent[stage][1] += time.process_time() - cpu

    return timed


def _install(spent: dict[str, list[float]]) -> None:
    import importlib

    for stage, (where, name) in STAGES.items():
        module_path, _, last = where.rpartition(".")
        owner: Any
        if last[0].isupper():  # a class: wrap its method
            owner = getattr(importlib.import_module(module_path), last)
        else:
            owner = importlib.import_module(where)
        setattr(owner, name, _wrap(spent, stage, getattr(owner, name)))


def measure(
    objects: int, synchronous: str = "full", seed: int = 2015, onto: str = ""
) -> dict[str, Any]:
    """µs per object, wall and CPU, of each stage of the real share path."""
    from allyhub.app import build_services
    from allyhub.charter import Role
    from allyhub.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="allyhub-stages-"))
    (work / "charter.toml").write_text(data.charter_toml(8600))
    if onto:
        shutil.copyfile(onto, work / "hub.sqlite")
        seed += 1  # new objects, not the ones already stored
    services = build_services(
        Settings(
            charter=str(work / "charter.toml"),
            hub=data.HUB,
            data_dir=str(work),
            db=f"sqlite:///{work / 'hub.sqlite'}",
            secret_key="stages",
            sqlite_synchronous=synchronous,
        )
    )
    principals = {
        m: services.keys.authenticate(services.keys.create(m, Role.ANALYST)[0])
        for m, _ in data.member_ids()
    }
    stream = data.Stream(seed)
    services.sharing.share(principals["m01"], "joint", orjson.dumps(stream.list_definitions()))
    envelopes = [
        (m, orjson.dumps(e)) for m, e in stream.envelopes_for(-(-objects // stream.envelope_size))
    ]
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    _install(spent)
    wall, cpu = time.perf_counter(), time.process_time()
    count = 0
    for member, body in envelopes:
        status = services.sharing.share(principals[member], "joint", body)
        count += status.total
    total = [time.perf_counter() - wall, time.process_time() - cpu]
    services.engine.dispose()
    shutil.rmtree(work, ignore_errors=True)
    rows = {stage: [v * 1e6 / count for v in spent[stage]] for stage in STAGES}
    rows["total (share)"] = [v * 1e6 / count for v in total]
    return {"objects": count, "synchronous": synchronous, "onto": onto, "us_per_object": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=20_000)
    parser.add_argument("--synchronous", default="full", choices=("full", "normal"))
    parser.add_argument("--onto", default="", help="a hub.sqlite to copy and add to")
    args = parser.parse_args()
    report = measure(args.objects, args.synchronous, onto=args.onto)
    print(f"{report['objects']} objects, synchronous {report['synchronous']}")
    print("| stage | wall µs/object | CPU µs/object |\n|---|---|---|")
    for stage, (wall, cpu) in report["us_per_object"].items():
        print(f"| {stage} | {wall:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()
