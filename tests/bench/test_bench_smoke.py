"""`allyhub bench` end to end on a tiny store: it runs, and its report is well formed.

No timing is asserted (DESIGN.md: tests never time anything; bench/ reports).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT

KINDS = {
    "plain",
    "added_after",
    "next",
    "match[type]",
    "match[id]",
    "match[version]=all",
    "match[version]=first",
}


@pytest.mark.slow
def test_bench_all_writes_a_well_formed_report(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "allyhub",
        "bench",
        "all",
        "--objects",
        "2000",
        "--checkpoints",
        "1000,2000",
        "--requests",
        "3",
        "--variants",
        "1:full,2:normal",
        "--no-peer",
        "--no-pin",
        "--work-dir",
        str(tmp_path / "work"),
        "--out",
        str(out),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "### Share" in result.stdout
    assert "fusion catch-up s" in result.stdout
    report = orjson.loads(out.read_bytes())

    assert {"machine", "options", "ingest", "read"} <= report.keys()
    assert "peer" not in report
    assert [(v["connections"], v["synchronous"]) for v in report["ingest"]] == [
        (1, "full"),
        (2, "normal"),
    ]
    for variant in report["ingest"]:
        assert variant["objects"] == 2000
        assert variant["failures"] == 0, variant["errors"]
        assert [c["stored"] for c in variant["checkpoints"]] == [1000, 2000]
        # the worker reached the last shared object, and the wait for it was measured
        assert variant["fusion_backlog_left"] == 0
        assert variant["fusion_catch_up_s"] is not None
        assert variant["fusion_catch_up_s"] >= 0
        assert all("fusion_backlog" in c for c in variant["checkpoints"])
        for checkpoint in variant["checkpoints"]:
            assert checkpoint["segment_objects_per_s"] > 0
            assert checkpoint["peak_rss_mb"] > 0
    assert [r["stored"] for r in report["read"]] == [1000, 2000]
    for checkpoint in report["read"]:
        assert set(checkpoint["tiers"]) == {"full", "associate", "observer"}
        for kinds in checkpoint["tiers"].values():
            assert {k["kind"] for k in kinds} == KINDS
            for kind in kinds:
                assert "errors" not in kind, kind
                if kind["requests"]:
                    assert kind["p50_ms"] <= kind["p99_ms"] <= kind["max_ms"]


def test_bench_checkpoints_must_be_positive_numbers() -> None:
    command = [sys.executable, "-m", "allyhub", "bench", "ingest", "--checkpoints", "10k"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--checkpoints" in result.stderr


def test_bench_without_the_bench_folder_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    import allyhub
    from allyhub.cli import bench

    monkeypatch.setattr(allyhub, "__file__", str(tmp_path / "site" / "allyhub" / "__init__.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(typer.Exit) as raised:
        bench._bench_root()
    assert raised.value.exit_code == 2
    assert "source checkout" in capsys.readouterr().err


@pytest.mark.slow
def test_refused_reads_bench_reports_each_path(tmp_path: Path) -> None:
    """bench/refused_reads.py runs against a real `allyhub serve` and reports medians for
    each read path (numbers are not checked: tests never time anything)."""
    out = tmp_path / "refused.json"
    command = [sys.executable, "bench/refused_reads.py", "--ids", "3", "--repeat", "2"]
    result = subprocess.run(
        [*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = orjson.loads(out.read_bytes())
    assert set(report["paths"]) == {"taxii object", "taxii versions", "console object page"}
    for figures in report["paths"].values():
        assert figures["statuses"] == [404]
        assert set(figures["median_ms"]) == {"hidden", "missing"}


def test_stages_bench_times_every_stage_of_the_share_path() -> None:
    """bench/stages.py finds each stage where the share path calls it: a stage that moved
    makes it exit with its name instead of reporting a row nobody fills."""
    command = [sys.executable, "bench/stages.py", "--objects", "100"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split(" | ")[0].strip("| ") for line in result.stdout.splitlines()[3:]]
    assert rows == [
        "parse JSON",
        "validate",
        "policy: authorship",
        "policy: labels",
        "store: known ids",
        "store: insert",
        "store: status record",
        "audit entry",
        "store: commit",
        "total (share)",
    ]


def test_fusion_stages_bench_times_every_stage_of_the_worker() -> None:
    """bench/fusion_stages.py times the worker's stages where it calls them; one that moved
    makes it exit with its name."""
    command = [sys.executable, "bench/fusion_stages.py", "--objects", "1000", "--more", "2000"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("2000 versions derived on top of 1,000")
    rows = [line.split(" | ")[0].strip("| ") for line in result.stdout.splitlines()[3:]]
    assert rows[0] == "versions read" and rows[-1] == "total (catch-up)"
    assert {"resolve", "verdicts", "written", "commit"} <= set(rows)


def test_fusion_writes_bench_charges_each_table_and_the_commit() -> None:
    """bench/fusion_writes.py times the worker's writes on either schema; its parts add up
    to no more than the whole."""
    sys.path.insert(0, str(ROOT))
    from bench import fusion_writes

    for revision in ("0013", "head"):
        result = fusion_writes.measure(8000, revision, batches=2, batch=500)
        parts = result["parts"]
        assert {"fusion_entries", "fusion_names", "fusion_values", "fusion_links", "commit"} <= set(
            parts
        )
        assert 0 < sum(parts.values()) <= result["cpu_us_per_version"] * 1.05
        assert result["versions"] == 1000 and result["db_mb"] > 0


@pytest.mark.slow
def test_sync_bench_replicates_what_it_times() -> None:
    """Two served hubs replicate for real: beta stores alpha's versions under the seals
    alpha made (a charter without the hubs' keys had beta refuse every one of them, and
    the bench timed a pull that stored nothing)."""
    from bench import sync

    report = sync.run(objects=300, seconds=1.0, rate=200)
    assert report["replication"]["versions"] > 0
    assert report["lag"]["versions"] > 0
    cpu = report["replication"]["cpu_us"]
    assert set(cpu) == {"alpha server", "alpha worker", "beta server", "beta worker"}
    assert cpu["beta server"] > 0  # the receiving hub's work is counted
    assert "CPU µs per replicated version" in sync.markdown(report)


@pytest.mark.slow
def test_sync_bench_runs_on_postgresql_and_drops_its_databases(postgres_url: str) -> None:
    """`--db URL`: each hub on a fresh PostgreSQL database, dropped afterwards."""
    import psycopg

    from bench import sync

    report = sync.run(objects=200, seconds=1.0, rate=200, db=postgres_url)
    assert report["db"] == "postgresql"
    assert report["replication"]["versions"] > 0
    with psycopg.connect(postgres_url) as connection:
        names = [r[0] for r in connection.execute("SELECT datname FROM pg_database")]
    assert not [n for n in names if n.startswith("allyhub_sync_")]


def test_receive_bench_stores_every_version_once_and_takes_nothing_back() -> None:
    """bench/receive.py replicates for real in-process: beta stores each of alpha's
    versions, and alpha, offered them back, adds and refuses nothing."""
    from bench import receive

    report = receive.run(objects=300)
    new, back = report["new"], report["back"]
    assert new["versions"] == new["added"] > 0
    assert back["versions"] == new["versions"] and back["added"] == 0
    assert new["refused"] == back["refused"] == 0
    assert new["receive_us"] > 0 and back["receive_us"] > 0
    assert "alpha takes its own back" in receive.markdown(report)


def test_startup_bench_times_each_command_of_the_budget() -> None:
    """bench/startup.py runs every command of the start-up budget to its end as meant
    (help, or a refused first request), for each tree it is given."""
    src = str(ROOT / "src")
    command = [sys.executable, "bench/startup.py", "--src", f"a={src}", "--src", f"b={src}"]
    result = subprocess.run(
        [*command, "--rounds", "1"], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if " | " in line]
    assert [row.split("  ")[0] for row in rows] == [
        "--help",
        "share --help",
        "pull --help",
        "share FILE (to a refused request)",
        "pull (to a refused request)",
    ]
    assert all(" a " in row and "| b " in row for row in rows)


class _Backlogs:
    """A fusion backlog that shrinks at each look, as a worker catching up makes it."""

    def __init__(self, *values: int) -> None:
        self.values = list(values)
        self.looks = 0

    def __call__(self) -> int:
        self.looks += 1
        return self.values.pop(0) if len(self.values) > 1 else self.values[0]


def test_fusion_catch_up_polls_the_backlog_until_it_is_zero() -> None:
    import time

    from bench.ingest import fusion_catch_up

    backlog = _Backlogs(300, 120, 0)
    found = fusion_catch_up(None, time.perf_counter(), poll=0.0, backlog=backlog)  # type: ignore[arg-type]
    assert backlog.looks == 3
    assert found["fusion_backlog_left"] == 0
    assert found["fusion_catch_up_s"] is not None and found["fusion_catch_up_s"] >= 0


def test_fusion_catch_up_reports_what_is_left_when_it_times_out() -> None:
    import time

    from bench.ingest import fusion_catch_up

    found = fusion_catch_up(
        None,  # type: ignore[arg-type]
        time.perf_counter(),
        timeout=0.0,
        poll=0.0,
        backlog=_Backlogs(42),
    )
    assert found == {"fusion_catch_up_s": None, "fusion_backlog_left": 42}


def test_suite_table_shows_the_fusion_catch_up() -> None:
    from bench.suite import markdown

    variant = {"connections": 1, "synchronous": "full", "objects": 10, "checkpoints": []}
    caught = markdown({"ingest": [{**variant, "fusion_catch_up_s": 12.5}]})
    assert "| fusion catch-up s |" in caught
    assert "| 12.5 |" in caught
    late = {**variant, "fusion_catch_up_s": None, "fusion_backlog_left": 1500}
    assert "| timed out, 1,500 left |" in markdown({"ingest": [late]})


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="pinning needs two cores")
@pytest.mark.parametrize(("core", "cpus"), [("other", {1}), ("server", {0})])
def test_a_pinned_hub_runs_its_fusion_worker_on_the_core_asked(
    tmp_path: Path, core: str, cpus: set[int]
) -> None:
    from bench.harness import Hub, Options, _family

    hub = Hub(tmp_path / "hub", Options(objects=10, fusion_core=core))
    hub.prepare()
    hub.start()
    try:
        server, *children = _family(hub.pid)
        assert children, "the server started no fusion worker"
        assert os.sched_getaffinity(server) == {0}
        assert {c: os.sched_getaffinity(c) for c in children} == dict.fromkeys(children, cpus)
    finally:
        hub.stop()


def test_bench_fusion_core_must_be_other_or_server() -> None:
    command = [sys.executable, "-m", "allyhub", "bench", "read", "--fusion-core", "elsewhere"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "use other or server" in result.stderr


def test_wal_restart_bench_times_both_modes() -> None:
    """bench/wal_restart.py times the same writes with either checkpoint; the WAL it
    measures holds what was written."""
    sys.path.insert(0, str(ROOT))
    from bench import wal_restart

    for mode in ("TRUNCATE", "RESTART"):
        result = wal_restart.measure(mode, size=2000, transactions=8, rows=200, every=2)
        assert result["mode"] == mode
        assert result["writes_us"] > 0 and result["checkpoints_us"] >= 0
        assert result["largest_wal_mb"] > 0
    costs = wal_restart.frame_writes(200)
    assert set(costs) == {"new file", "over an old one"} and all(us > 0 for us in costs.values())
