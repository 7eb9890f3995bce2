"""Where a share's time goes: the real share path, with its stages timed in-process.

Wraps the functions and store methods that `SharingService.share` calls with timers (named
by import and checked to be the very objects the share path looks up, so a stage that moves
fails loudly), and replays the benchmark stream through the real service against a fresh
SQLite database (or a copy of a store filled by the benchmark, `--onto`), then reports µs
per object for each stage. Nothing of the share logic is copied here, so it cannot drift from it.
Compare the total with the server CPU µs/object of the HTTP run (bench/ingest.py): the
difference is HTTP, ASGI, authentication and the thread hop.

    python bench/stages.py --objects 20000
    python bench/stages.py --objects 20000 --db postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson  # noqa: E402

from bench import data, harness  # noqa: E402


def _stages() -> dict[str, tuple[Any, Callable[..., Any]]]:
    """Each stage: the module or class that the share path calls it through, and the
    function itself, named by import so that mypy checks it exists (no dotted strings)."""
    from sqlalchemy.engine import Connection

    from allyhub.policy.publishing import check_authorship, labels_for
    from allyhub.service import admission, sharing
    from allyhub.service.audit import AuditLog
    from allyhub.stix.parse import parse_envelope
    from allyhub.stix.validate import validate
    from allyhub.store.objects import SqlUnitOfWork

    return {
        "parse JSON": (sharing, parse_envelope),
        "validate": (admission, validate),
        "policy: authorship": (admission, check_authorship),
        "policy: labels": (admission, labels_for),
        "store: known ids": (SqlUnitOfWork, SqlUnitOfWork.known),
        "store: insert": (SqlUnitOfWork, SqlUnitOfWork.add),
        "store: status record": (SqlUnitOfWork, SqlUnitOfWork.save_status),
        "audit entry": (AuditLog, AuditLog.append),
        "store: commit": (Connection, Connection._commit_impl),
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
            spent[stage][2] += 1

    return timed


@contextlib.contextmanager
def _timed(
    stages: dict[str, tuple[Any, Callable[..., Any]]], spent: dict[str, list[float]]
) -> Iterator[None]:
    """Time each stage where the share path looks it up, then put the function back.

    The owner must hold that very function under its own name: a stage that moved fails
    here, loudly, instead of timing a name nobody calls."""
    for stage, (owner, function) in stages.items():
        if vars(owner).get(function.__name__) is not function:
            raise SystemExit(f"stage {stage!r}: {owner.__name__} no longer calls {function}")
    try:
        for stage, (owner, function) in stages.items():
            setattr(owner, function.__name__, _wrap(spent, stage, function))
        yield
    finally:
        for owner, function in stages.values():
            setattr(owner, function.__name__, function)


def measure(
    objects: int, synchronous: str = "full", seed: int = 2015, onto: str = "", db: str = ""
) -> dict[str, Any]:
    """µs per object, wall and CPU, of each stage of the real share path. `db`: a
    PostgreSQL URL on whose server a fresh database is made (and dropped) for the run;
    CPU is this process's, so the database server's own work shows only in wall time."""
    from allyhub.app import build_services
    from allyhub.charter import Role
    from allyhub.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="allyhub-stages-"))
    (work / "charter.toml").write_text(data.charter_toml(8600))
    if onto:
        shutil.copyfile(onto, work / "hub.sqlite")
        seed += 1  # new objects, not the ones already stored
    database, dropper = harness.fresh_postgres(db, "allyhub_stages") if db else ("", "")
    services = build_services(
        Settings(
            charter=str(work / "charter.toml"),
            hub=data.HUB,
            data_dir=str(work),
            db=database or f"sqlite:///{work / 'hub.sqlite'}",
            secret_key="stages",
            sqlite_synchronous=synchronous,
        )
    )
    if database:  # statistics as a server keeps them (see store/engine.py PostgresUpkeep)
        from allyhub.store.engine import start_upkeep

        upkeep = start_upkeep(services.engine)
    principals = {
        m: services.keys.authenticate(services.keys.create(m, Role.ANALYST)[0])
        for m, _ in data.member_ids()
    }
    stream = data.Stream(seed)
    services.sharing.share(principals["m01"], "joint", orjson.dumps(stream.list_definitions()))
    envelopes = [
        (m, orjson.dumps(e)) for m, e in stream.envelopes_for(-(-objects // stream.envelope_size))
    ]
    stages = _stages()
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    with _timed(stages, spent):
        wall, cpu = time.perf_counter(), time.process_time()
        count = 0
        for member, body in envelopes:
            status = services.sharing.share(principals[member], "joint", body)
            count += status.total
        total = [time.perf_counter() - wall, time.process_time() - cpu]
    idle = [stage for stage in stages if not spent[stage][2]]
    if idle:
        raise SystemExit(f"the share path no longer calls {idle}: update bench/stages.py")
    if database:
        upkeep.stop.set()
        upkeep.join()
    services.engine.dispose()
    shutil.rmtree(work, ignore_errors=True)
    if database:
        harness.drop_postgres(db, dropper)
    rows = {stage: [v * 1e6 / count for v in spent[stage][:2]] for stage in stages}
    rows["total (share)"] = [v * 1e6 / count for v in total]
    return {
        "objects": count,
        "synchronous": synchronous,
        "onto": onto,
        "db": "postgresql" if db else "sqlite",
        "us_per_object": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=20_000)
    parser.add_argument("--synchronous", default="full", choices=("full", "normal"))
    parser.add_argument("--onto", default="", help="a hub.sqlite to copy and add to")
    parser.add_argument("--db", default="", help="a PostgreSQL URL (a fresh database is made)")
    args = parser.parse_args()
    report = measure(args.objects, args.synchronous, onto=args.onto, db=args.db)
    print(f"{report['objects']} objects, {report['db']}, synchronous {report['synchronous']}")
    print_stages(report["us_per_object"])


def print_stages(rows: dict[str, list[float]]) -> None:
    """The Markdown table of µs per object, wall and CPU, of each stage."""
    print("| stage | wall µs/object | CPU µs/object |\n|---|---|---|")
    for stage, (wall, cpu) in rows.items():
        print(f"| {stage} | {wall:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()
