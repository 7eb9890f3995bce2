"""Refused reads: does reading a hidden object take longer than reading an id never used?

Issue 11 found it did (object 10.4 vs 5.8 ms median; the refused read did an extra query
and an audit write only when the object existed). Both now do the same statements and
writes (tests/integration/test_refused_reads.py counts them); this script reports the
times, over real HTTP against `allyhub serve`, on the TAXII object and versions endpoints
and the console's object page. Requests of the two kinds are interleaved in a random
order, each id is asked `--repeat` times, and an attacker's rule is tried: classify an id
as hidden when its fastest request is slower than the midpoint of the two kinds' medians.
Prints numbers; asserts nothing.

    .venv/bin/python bench/refused_reads.py --ids 40 --repeat 5
    .venv/bin/python bench/refused_reads.py --db postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    drop_postgres,
    free_port,
    fresh_postgres,
    stop_process,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parent.parent
CHARTER = ROOT / "examples" / "rsii.toml"
TAXII = "application/taxii+json;version=2.1"


def _database(db: str, directory: Path) -> tuple[str, str]:
    """(the URL to use, the database to drop afterwards or "")."""
    if db in ("", "sqlite"):
        return f"sqlite:///{directory / 'hub.sqlite'}", ""
    return fresh_postgres(db)


def _indicator(ident: str, creator: str, index: int, marks: list[str]) -> dict[str, Any]:
    when = "2015-10-01T00:00:00.000Z"
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": ident,
        "created": when,
        "modified": when,
        "created_by_ref": creator,
        "name": f"C2 {index}",
        "pattern": f"[ipv4-addr:value = '198.51.{index // 250}.{index % 250}']",
        "pattern_type": "stix",
        "valid_from": when,
        "object_marking_refs": marks,
    }


def prepare(url: str, directory: Path, secret: str, ids: int) -> tuple[list[str], str, str]:
    """ru shares `ids` RED indicators released to itself (and some GREEN ones); returns the
    hidden ids and sy's principal id and key."""
    from allyhub.app import open_services
    from allyhub.charter import Role, Tlp
    from allyhub.settings import Settings
    from allyhub.stix.markings import TLP2_ID, releasability_marking

    settings = Settings(
        charter=str(CHARTER), hub="damascus", data_dir=str(directory), db=url, secret_key=secret
    )
    with open_services(settings) as services:
        # ru (hosted at Damascus) shares RED to itself; sy probes
        ru = services.charter.member("ru")
        assert ru is not None
        to_ru = releasability_marking([ru.identity], ru.identity)
        objects: list[dict[str, Any]] = [to_ru]
        hidden: list[str] = []
        for index in range(ids * 2):
            red = index % 2 == 0
            ident = f"indicator--{uuid.uuid4()}"
            marks = [TLP2_ID[Tlp.RED], to_ru["id"]] if red else [TLP2_ID[Tlp.GREEN]]
            objects.append(_indicator(ident, ru.identity, index, marks))
            if red:
                hidden.append(ident)
        sharer = services.keys.authenticate(services.keys.create("ru", Role.ANALYST)[0])
        status = services.sharing.share(sharer, "joint", orjson.dumps({"objects": objects}))
        assert not status.failures, status.failures
        key, record = services.keys.create("sy", Role.ANALYST)
        return hidden, record.principal, key


def sign_in(base: str, user: str, key: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post("/login", data={"principal": user, "key": key, "token": token.group(1)})
    return client


def measure(
    get: Any, hidden: list[str], missing: list[str], repeat: int, rng: random.Random
) -> dict[str, Any]:
    """Time every (id, try) in a random order; report medians and the attacker's score."""
    plan = [(i, "hidden") for i in hidden] + [(i, "missing") for i in missing]
    plan = [step for step in plan for _ in range(repeat)]
    rng.shuffle(plan)
    for stix_id, _kind in plan[:10]:  # warm the connection and the caches
        get(stix_id)
    times: dict[str, list[float]] = {}
    statuses: set[int] = set()
    for stix_id, _kind in plan:
        start = time.perf_counter()
        statuses.add(get(stix_id))
        times.setdefault(stix_id, []).append((time.perf_counter() - start) * 1000)
    by_kind = {
        kind: [t for i in ids for t in times[i]]
        for kind, ids in (("hidden", hidden), ("missing", missing))
    }
    medians = {kind: statistics.median(values) for kind, values in by_kind.items()}
    cut = (medians["hidden"] + medians["missing"]) / 2
    slower = medians["hidden"] >= medians["missing"]
    right = sum((min(times[i]) > cut) == slower for i in hidden) + sum(
        (min(times[i]) > cut) != slower for i in missing
    )
    return {
        "statuses": sorted(statuses),
        "median_ms": {k: round(v, 3) for k, v in medians.items()},
        "p90_ms": {k: round(statistics.quantiles(v, n=10)[-1], 3) for k, v in by_kind.items()},
        "classified_right": f"{right} of {len(hidden) + len(missing)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=40, help="hidden ids (and as many missing)")
    parser.add_argument("--repeat", type=int, default=5, help="requests per id")
    parser.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL admin URL")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default="", help="also write the report as JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="allyhub-refused-") as work:
        directory = Path(work)
        url, dropper = _database(args.db, directory)
        secret = secrets.token_hex(16)
        hidden, user, key = prepare(url, directory, secret, args.ids)
        missing = [f"indicator--{uuid.uuid4()}" for _ in hidden]
        port = free_port()
        command = [sys.executable, "-m", "allyhub", "serve", "--charter", str(CHARTER)]
        command += ["--hub", "damascus", "--db", url, "--data-dir", str(directory)]
        command += ["--port", str(port), "--log-level", "warning"]
        environ = {**os.environ, "ALLYHUB_SECRET_KEY": secret}
        process = subprocess.Popen(command, env=environ, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        report: dict[str, Any] = {"db": "sqlite" if not dropper else "postgresql", "paths": {}}
        try:
            wait_until_up(base + "/taxii2/", process, "allyhub serve")
            from allyhub.charter import derived_uuid

            joint = derived_uuid("rsii", "collection", "joint")
            objects = f"{base}/taxii2/rsii/collections/{joint}/objects/"
            taxii = httpx.Client(auth=(user, key), headers={"Accept": TAXII}, timeout=30)
            console = sign_in(base, user, key)
            paths = {
                "taxii object": lambda i: taxii.get(f"{objects}{i}/").status_code,
                "taxii versions": lambda i: taxii.get(f"{objects}{i}/versions/").status_code,
                "console object page": lambda i: console.get(f"/objects/{i}").status_code,
            }
            rng = random.Random(args.seed)
            for name, get in paths.items():
                report["paths"][name] = measure(get, hidden, missing, args.repeat, rng)
            taxii.close()
            console.close()
        finally:
            stop_process(process)
            if dropper:
                drop_postgres(args.db, dropper)

    kinds = f"{args.ids} hidden and {args.ids} missing ids, {args.repeat} requests each"
    print(f"refused reads on {report['db']}: {kinds}")
    print(f"{'path':<22}{'hidden ms':>12}{'missing ms':>12}{'p90 h/m':>16}  fastest-of-n rule")
    for name, figures in report["paths"].items():
        med, p90 = figures["median_ms"], figures["p90_ms"]
        print(
            f"{name:<22}{med['hidden']:>12.2f}{med['missing']:>12.2f}"
            f"{p90['hidden']:>8.2f}/{p90['missing']:<7.2f}  {figures['classified_right']} right"
            f"  (statuses {figures['statuses']})"
        )
    if args.out:
        Path(args.out).write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
