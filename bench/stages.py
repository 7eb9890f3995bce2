"""Where a share's time goes: the share path's stages timed in-process, per object.

Replays SharingService.share step by step on the benchmark stream, with the same
functions it calls, against a fresh SQLite database (synchronous full), and reports µs per
object for each stage. Compare the total with the server CPU µs/object of the HTTP run
(bench/ingest.py): the difference is HTTP, ASGI, authentication and the thread hop.

    python bench/stages.py --objects 20000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson  # noqa: E402

from bench import data, harness  # noqa: E402

T = TypeVar("T")


def _render(to_json: Callable[[Any], Any], status: Any) -> bytes:
    return orjson.dumps(to_json(status))


def measure(
    objects: int, synchronous: str = "full", seed: int = 2015, onto: str = ""
) -> dict[str, Any]:
    """µs per object of each stage; `onto` is a hub database to copy and add to (a store
    filled by the benchmark), so that the stages are timed at that store's size."""
    from allyhub.app import build_services
    from allyhub.charter import Role
    from allyhub.policy.publishing import (
        Publisher,
        Refused,
        check_authorship,
        check_owner,
        labels_for,
    )
    from allyhub.policy.standing import CoalitionState
    from allyhub.policy.visibility import Labels
    from allyhub.service.sharing import Detail, Status, _record
    from allyhub.settings import Settings
    from allyhub.stix.parse import object_version, parse_envelope
    from allyhub.stix.timestamps import now_micros, parse_timestamp
    from allyhub.stix.validate import validate
    from allyhub.store.objects import NewVersion, SqlObjectStore
    from allyhub.taxii.endpoints import _status_json

    work = Path(tempfile.mkdtemp(prefix="allyhub-stages-"))
    (work / "charter.toml").write_text(data.charter_toml(8600))
    if onto:
        shutil.copyfile(onto, work / "hub.sqlite")
        seed += 1  # new objects, not the ones already stored
    settings = Settings(
        charter=str(work / "charter.toml"),
        hub=data.HUB,
        data_dir=str(work),
        db=f"sqlite:///{work / 'hub.sqlite'}",
        secret_key="stages",
        sqlite_synchronous=synchronous,
    )
    services = build_services(settings)
    store = SqlObjectStore(services.engine, data.HUB)
    charter = services.charter
    state = CoalitionState(
        services.coalition.state().members,
        {k: frozenset(v) for k, v in data.DENIES.items()},
    )
    identities = {m.identity: m.id for m in charter.members}
    _key, record = services.keys.create("m01", Role.ANALYST)
    principal = services.keys.authenticate(_key)

    stream = data.Stream(seed)
    bodies = [orjson.dumps(stream.list_definitions())]
    members = ["m01"]
    for member, envelope in stream.envelopes_for(-(-objects // stream.envelope_size)):
        bodies.append(orjson.dumps(envelope))
        members.append(member)

    spent: dict[str, float] = defaultdict(float)  # wall seconds
    cpu: dict[str, float] = defaultdict(float)  # this process's CPU seconds
    counted = 0
    clock: list[tuple[float, float]] = []

    def start() -> None:
        clock.append((time.perf_counter(), time.process_time()))

    def stop(stage: str) -> None:
        wall, used = clock.pop()
        spent[stage] += time.perf_counter() - wall
        cpu[stage] += time.process_time() - used

    def timed(stage: str, work: Callable[[], T]) -> T:
        start()
        result = work()
        stop(stage)
        return result

    for index, (member, body) in enumerate(zip(members, bodies, strict=True)):
        publisher = Publisher(
            member=member,
            identity=data.identity_of(member),
            identities=identities,
            default_tlp=charter.rules.default_marking,
            denied=state.denied_by(member),
        )
        parsed = timed("parse JSON (orjson)", partial(parse_envelope, body))
        problems: list[list[Any]] = timed("validate", partial(list, map(validate, parsed)))
        candidates = [o for o, p in zip(parsed, problems, strict=True) if not p]

        def authorship(
            candidates: list[Any] = candidates, publisher: Publisher = publisher
        ) -> None:
            for obj in candidates:
                check_authorship(obj, publisher)

        timed("policy: authorship", authorship)
        with store.writing() as writer:
            start()
            known = writer.known(o["id"] for o in candidates)
            wanted: set[str] = set()
            for obj in candidates:
                wanted.update(r for r in obj.get("object_marking_refs", ()) if isinstance(r, str))
            in_envelope = {o["id"]: o for o in candidates if o.get("type") == "marking-definition"}
            missing = wanted - in_envelope.keys()
            stored = writer.bodies(missing) if missing else {}
            definitions: Mapping[str, Any] = {
                **{k: orjson.loads(v) for k, v in stored.items()},
                **in_envelope,
            }
            stop("store: look up known ids, definitions")
            owners = {k.stix_id: k.shared_by for k in known}
            present = {(k.stix_id, k.version, k.collection) for k in known}
            now = now_micros()
            collection = charter.collection("joint")
            assert collection is not None
            new: list[NewVersion] = []
            labels_list: list[Labels | None] = []
            start()
            for obj in candidates:
                try:
                    check_owner(obj["id"], obj["type"], owners.get(obj["id"]), publisher)
                    labels_list.append(labels_for(obj, publisher, definitions, now))
                except Refused:
                    labels_list.append(None)
            stop("policy: owner, labels")
            start()
            successes = []
            for obj, labels in zip(candidates, labels_list, strict=True):
                if labels is None:
                    continue
                version_text = object_version(obj)
                version = parse_timestamp(version_text) if version_text else 0
                if (obj["id"], version, collection.id) in present:
                    continue
                present.add((obj["id"], version, collection.id))
                new.append(
                    NewVersion(
                        collection=collection.id,
                        stix_id=obj["id"],
                        type=obj["type"],
                        version=version,
                        spec_version=obj.get("spec_version", "2.1"),
                        shared_by=publisher.member,
                        tlp=int(labels.tlp),
                        audience=labels.audience,
                        excluded=labels.excluded,
                        body=orjson.dumps(obj),
                        origin_hub=data.HUB,
                    )
                )
                successes.append(Detail(obj["id"], version_text))
            stop("versions, body re-serialized")
            timed("store: insert (executemany)", partial(writer.add, new, now))
            status = Status(str(uuid.uuid4()), now, len(parsed), tuple(successes), ())
            status_record = _record(status, principal, collection.id)
            timed("store: status record", partial(writer.save_status, status_record))
            start()
        stop("store: commit")
        timed("status JSON (response body)", partial(_render, _status_json, status))
        if index == 0:
            spent.clear()  # the releasability definitions: set-up, not measured
            cpu.clear()
        else:
            counted += len(parsed)
    services.engine.dispose()
    shutil.rmtree(work, ignore_errors=True)
    stages = {k: round(v * 1e6 / counted, 2) for k, v in spent.items()}
    cpu_stages = {k: round(v * 1e6 / counted, 2) for k, v in cpu.items()}
    return {
        "objects": counted,
        "synchronous": synchronous,
        "us_per_object": stages,
        "cpu_us_per_object": cpu_stages,
        "total_us_per_object": round(sum(stages.values()), 2),
        "total_cpu_us_per_object": round(sum(cpu_stages.values()), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=20_000)
    parser.add_argument("--synchronous", default="full", choices=("full", "normal"))
    parser.add_argument("--onto", default="", help="hub.sqlite of a filled store to copy")
    args = parser.parse_args()
    result = measure(args.objects, args.synchronous, onto=args.onto)
    harness.console.print(f"share path, in-process, {result['objects']:,} objects")
    print("| stage | wall µs/object | CPU µs/object |\n|---|---|---|")
    for stage, micros in result["us_per_object"].items():
        print(f"| {stage} | {micros} | {result['cpu_us_per_object'][stage]} |")
    total, total_cpu = result["total_us_per_object"], result["total_cpu_us_per_object"]
    print(f"| **total** | **{total}** | **{total_cpu}** |")


if __name__ == "__main__":
    main()
