"""Budget: replication between two hubs >= 20,000 objects/s; lag p99 <= 2 s under a
steady 5,000 objects/s of shares at the origin (issue 15).

Two real `allyhub serve` processes on SQLite (or each on a fresh PostgreSQL database,
`--db URL`), from one charter: alpha hosts members m01-m25, beta hosts m26-m50, each the
other's peer. Throughput: alpha is loaded with the
benchmark stream first (its members only), then beta starts and pulls; objects/s is what
beta stored divided by the time from its start to its first caught-up pull (both from
beta's own records), with the CPU each hub's server and fusion worker spent per
replicated version meanwhile (alpha's worker may still be fusing what was loaded). Lag:
with both running, alpha receives `--rate` objects/s (5,000) in envelopes of a tenth of
that, paced by the clock, for `--seconds`; the report says how many were accepted, so a
client or origin that fell short shows. Each version's lag is beta's date_added minus its
origin date_added at alpha (one machine, one clock). Prints numbers; asserts nothing.

    python bench/sync.py --objects 100000 --seconds 30
    python bench/sync.py --db postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import orjson  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench import data, harness  # noqa: E402

SECRET = "bench-sync"
TAXII = "application/taxii+json;version=2.1"


def charter_toml(ports: dict[str, int]) -> str:
    """The benchmark's 50-member charter on two hubs that peer with each other."""
    single = data.charter_toml(ports["alpha"])
    head, _, rest = single.partition("[[hubs]]")
    collections = rest[rest.index("[[collections]]") :]
    members = [m for m, _ in data.member_ids()]
    hubs = ""
    for hub, hosted, peer in (("alpha", members[:25], "beta"), ("beta", members[25:], "alpha")):
        listed = ", ".join(f'"{m}"' for m in hosted)
        hubs += (
            f'[[hubs]]\nid = "{hub}"\nurl = "http://127.0.0.1:{ports[hub]}"\n'
            f'operator = "{hosted[0]}"\nhosts = [{listed}]\npeers = ["{peer}"]\n\n'
        )
    return head + hubs + collections


def pinned(text: str, work: Path) -> str:
    """The charter with both hubs' public keys pinned, made in their data directories as
    `allyhub hub key` makes them: a hub stores a peer's versions only under seals it can
    check with the key the charter pins (without it every version would be refused)."""
    from allyhub.app import hub_signing_key, public_key_text
    from allyhub.charter import pin_public_keys
    from allyhub.settings import Settings

    keys = {
        hub: public_key_text(hub_signing_key(Settings(hub=hub, data_dir=str(work / hub))))
        for hub in ("alpha", "beta")
    }
    return pin_public_keys(text, keys)


def _db(work: Path, hub: str) -> str | None:
    """The hub's database URL when run() made it a PostgreSQL database (written in the work
    directory), else None: SQLite in the hub's data directory."""
    path = work / f"{hub}.db"
    return path.read_text() if path.exists() else None


def _settings(work: Path, hub: str) -> Any:
    from allyhub.settings import Settings

    settings = Settings(
        charter=str(work / "charter.toml"),
        hub=hub,
        data_dir=str(work / hub),
        secret_key=SECRET,
        sqlite_synchronous="normal",
        sync_interval=100,
    )
    url = _db(work, hub)
    return replace(settings, db=url) if url else settings


def _serve(work: Path, hub: str, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "allyhub",
        "serve",
        "--charter",
        str(work / "charter.toml"),
        "--hub",
        hub,
        "--data-dir",
        str(work / hub),
        "--port",
        str(port),
        "--log-level",
        "error",
    ]
    url = _db(work, hub)
    if url:
        command += ["--db", url]
    environ = {
        **os.environ,
        "ALLYHUB_SECRET_KEY": SECRET,
        "ALLYHUB_SQLITE_SYNCHRONOUS": "normal",
        "ALLYHUB_SYNC_INTERVAL": "100",
    }
    process = subprocess.Popen(command, env=environ, stdout=subprocess.DEVNULL)
    harness.wait_until_up(f"http://127.0.0.1:{port}/taxii2/", process, f"hub {hub}")
    return process


def run(
    objects: int = 100_000, seconds: float = 30.0, rate: int = 5000, db: str = "sqlite"
) -> dict[str, Any]:
    """`db`: sqlite, or a PostgreSQL URL on whose server a fresh database is made for each
    hub (and dropped afterwards)."""
    work = Path(tempfile.mkdtemp(prefix="allyhub-sync-"))
    made: list[str] = []
    try:
        if db != "sqlite":
            for hub in ("alpha", "beta"):
                url, name = harness.fresh_postgres(db, prefix=f"allyhub_sync_{hub}")
                (work / f"{hub}.db").write_text(url)
                made.append(name)
        return _run(work, objects, seconds, rate) | {
            "db": "sqlite" if db == "sqlite" else "postgresql"
        }
    finally:
        for name in made:
            harness.drop_postgres(db, name)
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, objects: int, seconds: float, rate: int) -> dict[str, Any]:
    from allyhub.app import open_services
    from allyhub.charter import Role

    ports = {"alpha": harness.free_port(), "beta": harness.free_port()}
    (work / "charter.toml").write_text(pinned(charter_toml(ports), work))
    alpha_members = [m for m, _ in data.member_ids()][:25]
    keys: dict[str, tuple[str, str]] = {}
    with (
        open_services(_settings(work, "alpha")) as alpha,
        open_services(_settings(work, "beta")) as beta,
    ):
        for member in alpha_members:
            key, record = alpha.keys.create(member, Role.ANALYST)
            keys[member] = (record.principal, key)
        beta.replication.set_credentials("alpha", alpha.keys.create_peer("beta")[0])
        alpha.replication.set_credentials("beta", beta.keys.create_peer("alpha")[0])
        collection = alpha.charter.collection("joint").id  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{ports['alpha']}/taxii2/{data.COALITION}/collections/{collection}/objects/"
    stream = data.Stream()
    report: dict[str, Any] = {
        "objects": objects,
        "seconds": seconds,
        "rate": rate,
        "machine": harness.machine(),
    }
    processes = {"alpha": _serve(work, "alpha", ports["alpha"])}
    try:
        with httpx.Client(timeout=120, headers={"Accept": TAXII, "Content-Type": TAXII}) as http:
            principal, key = keys["m01"]
            http.post(url, content=orjson.dumps(stream.list_definitions()), auth=(principal, key))
            loaded = 0
            while loaded < objects:
                member, envelope = stream.envelope()
                if member not in keys:
                    continue  # alpha's members only
                status = http.post(url, content=orjson.dumps(envelope), auth=keys[member]).json()
                loaded += int(status.get("success_count", 0))
            before = _cpu(processes)  # alpha's, while idle: loading is not counted
            processes["beta"] = _serve(work, "beta", ports["beta"])
            started = time.time() * 1_000_000  # beta answers: its sync loop starts now
            at_start = _cpu(processes)
            pulled, caught = _wait_caught_up(work, since=started)
            spent = {
                part: seconds - at_start.get(part, before.get(part, 0.0))
                for part, seconds in _cpu(processes).items()
            }
            report["replication"] = {
                "versions": pulled,
                "seconds": round((caught - started) / 1e6, 2),
                "objects_per_second": round(pulled / max((caught - started) / 1e6, 1e-6)),
                # CPU per replicated version, per process, up to the check that saw beta
                # caught up (steadier than the rate on a machine whose speed drifts)
                "cpu_us": {part: round(s / max(pulled, 1) * 1e6) for part, s in spent.items()},
            }
            lag_from = time.time() * 1_000_000
            small = [
                (m, e)
                for m, e in (stream.envelope() for _ in range(int(seconds * rate / 1000) + 20))
                if m in keys
            ]
            # Paced by the clock, not per post: a slow answer is caught up on by the
            # next posts, so the origin gets `rate` objects/s as long as it can take them.
            chunk_size = max(100, rate // 10)
            interval = chunk_size / rate
            end = time.monotonic() + seconds
            due = time.monotonic()
            sent = 0
            for member, envelope in small:
                for start in range(0, len(envelope["objects"]), chunk_size):
                    if time.monotonic() > end:
                        break
                    chunk = {"objects": envelope["objects"][start : start + chunk_size]}
                    sent += int(
                        http.post(url, content=orjson.dumps(chunk), auth=keys[member])
                        .json()
                        .get("success_count", 0)
                    )
                    due += interval
                    time.sleep(max(0.0, due - time.monotonic()))
            time.sleep(3)
            report["lag"] = _lags(work, lag_from) | {"sent": sent}
    finally:
        for process in processes.values():
            harness.stop_process(process)
    return report


def _cpu(processes: dict[str, subprocess.Popen[bytes]]) -> dict[str, float]:
    """CPU seconds so far of each hub's server process and of its fusion worker."""
    spent: dict[str, float] = {}
    for hub, process in processes.items():
        server = harness.cpu_seconds(process.pid, descendants=False)
        spent[f"{hub} server"] = server
        spent[f"{hub} worker"] = harness.cpu_seconds(process.pid) - server
    return spent


def _wait_caught_up(work: Path, since: float, timeout: float = 900) -> tuple[int, float]:
    from allyhub.app import open_services

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open_services(_settings(work, "beta")) as beta:
            cursors = [c for c in beta.replication.cursors("alpha") if c.last_pull]
            done = [c for c in cursors if c.caught_up and c.caught_up >= since]
            if cursors and len(done) == len(cursors) and len(cursors) >= 3:
                return sum(c.pulled for c in cursors), max(c.caught_up or 0 for c in cursors)
        time.sleep(0.5)
    raise TimeoutError("beta did not catch up")


def _lags(work: Path, since: float) -> dict[str, float]:
    from allyhub.app import open_services

    with open_services(_settings(work, "beta")) as beta, beta.engine.connect() as connection:
        query = "SELECT date_added - origin_added FROM objects WHERE origin_hub = 'alpha'"
        rows = connection.execute(
            text(query + " AND origin_added > :since"), {"since": int(since)}
        ).all()
    lags = sorted(row[0] / 1e6 for row in rows)
    if not lags:
        return {"versions": 0}
    return {
        "versions": len(lags),
        "p50_s": round(lags[len(lags) // 2], 3),
        "p99_s": round(lags[min(len(lags) - 1, int(len(lags) * 0.99))], 3),
        "max_s": round(lags[-1], 3),
    }


def markdown(report: dict[str, Any]) -> str:
    rep, lag = report["replication"], report["lag"]
    replicated = f"{rep['objects_per_second']:,} objects/s ({rep['seconds']} s)"
    lags = f"p50 {lag.get('p50_s')} s, p99 {lag.get('p99_s')} s, max {lag.get('max_s')} s"
    accepted = lag.get("sent", 0) / max(report["seconds"], 1e-6)
    under = (
        f"{report['rate']:,} objects/s of shares aimed at for {report['seconds']} s, "
        f"{accepted:,.0f}/s accepted"
    )
    cpu = ", ".join(f"{part} {us:,}" for part, us in rep.get("cpu_us", {}).items())
    return "\n".join(
        [
            "| measure | figure | budget |",
            "|---|---|---|",
            f"| replication of {rep['versions']:,} versions | {replicated} | ≥ 20,000/s |",
            f"| CPU µs per replicated version | {cpu} | |",
            f"| lag under {under} ({lag.get('versions', 0):,} versions) | {lags} | p99 ≤ 2 s |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=int, default=5000)
    parser.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL URL")
    args = parser.parse_args()
    report = run(args.objects, args.seconds, args.rate, args.db)
    print(markdown(report))


if __name__ == "__main__":
    main()
