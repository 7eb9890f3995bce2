"""`allyhub bench`: run the budgets' benchmarks (bench/ in a source checkout) and report.

The benchmarks live in the repository's bench/ folder, not in the installed package: they
start real servers, install medallion into their own virtual environment and write large
temporary stores. This module finds that folder, imports it, and turns options into one
run; it fails with a clear message when allyhub is installed without its sources.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import typer

import allyhub

app = typer.Typer(
    help="Measure the budgets (share rate, page latency, memory) against medallion.",
    no_args_is_help=True,
)


def _bench_root() -> Path:
    """The directory that holds bench/ (the source checkout), or a clear error."""
    candidates = [Path(allyhub.__file__).resolve().parents[2], Path.cwd()]
    for root in candidates:
        if (root / "bench" / "harness.py").is_file():
            return root
    typer.echo(
        "allyhub bench: the benchmarks live in the bench/ folder of a source checkout, which "
        "this installation does not have; run it from a clone (pip install -e .) or from the "
        "clone's root directory.",
        err=True,
    )
    raise typer.Exit(2)


def _module(name: str) -> Any:
    root = str(_bench_root())
    if root not in sys.path:
        sys.path.insert(0, root)
    return importlib.import_module(f"bench.{name}")


def _numbers(text: str, what: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise typer.BadParameter(f"{what}: give whole numbers separated by commas") from None
    if not values or any(v <= 0 for v in values):
        raise typer.BadParameter(f"{what}: give positive whole numbers")
    return values


def _variants(text: str) -> tuple[tuple[int, str], ...]:
    variants: list[tuple[int, str]] = []
    for part in text.split(","):
        connections, _, synchronous = part.strip().partition(":")
        if not connections.isdigit() or synchronous not in ("full", "normal"):
            raise typer.BadParameter(f"{part!r}: use CONNECTIONS:full or CONNECTIONS:normal")
        variants.append((int(connections), synchronous))
    return tuple(variants)


def _fusion_core(text: str) -> str:
    if text not in ("other", "server"):
        raise typer.BadParameter(f"{text!r}: use other or server", param_hint="--fusion-core")
    return text


WorkersOption = typer.Option(
    1, "--workers", help="allyhub serve --workers (more than one: the server is not pinned)."
)
ObjectsOption = typer.Option(1_000_000, "--objects", help="Objects to share into each hub.")
CheckpointsOption = typer.Option(
    "10000,100000,1000000", "--checkpoints", help="Store sizes at which to report (and read)."
)
DbOption = typer.Option(
    "sqlite",
    "--db",
    help="sqlite, or a PostgreSQL URL on which a fresh database is created per hub.",
)
PeerOption = typer.Option(True, "--peer/--no-peer", help="Also measure medallion 3.0.0.")
PeerObjectsOption = typer.Option(20_000, "--peer-objects", help="Objects medallion gets.")
PeerTimeoutOption = typer.Option(60.0, "--peer-timeout", help="Seconds per medallion read.")
PeerBudgetOption = typer.Option(
    300.0, "--peer-budget", help="Seconds of medallion reads per checkpoint, split among filters."
)
RequestsOption = typer.Option(
    200, "--requests", help="Timed pages per filter kind, per principal, per checkpoint."
)
VariantsOption = typer.Option(
    "1:full,2:full,1:normal,2:normal",
    "--variants",
    help="Ingest variants: client connections and SQLite synchronous.",
)
WorkDirOption = typer.Option(
    "",
    "--work-dir",
    help="Keep the stores (a PostgreSQL database too) and stream here (default: temporary).",
)
PinOption = typer.Option(True, "--pin/--no-pin", help="Server on CPU 0, client on CPU 1.")
FusionCoreOption = typer.Option(
    "other",
    "--fusion-core",
    help="With --pin, the fusion worker's core: other (CPU 1, as a deployment leaves it "
    "one) or server (CPU 0, shared with the server).",
)
SeedOption = typer.Option(2015, "--seed", help="Seed of the synthetic data.")


def _run(command: str, out: str, flags: dict[str, Any]) -> None:
    harness = _module("harness")
    options = harness.Options(
        objects=flags["objects"],
        checkpoints=_numbers(flags["checkpoints"], "--checkpoints"),
        db=flags["db"],
        peer=flags["peer"],
        peer_objects=flags["peer_objects"],
        peer_timeout=flags["peer_timeout"],
        peer_read_budget=flags["peer_budget"],
        requests=flags["requests"],
        work_dir=flags["work_dir"],
        out=out or f"bench/out/{command}.json",
        pin=flags["pin"],
        seed=flags["seed"],
        variants=_variants(flags["variants"]),
        workers=flags["workers"],
        fusion_core=_fusion_core(flags["fusion_core"]),
    )
    module, function = {"ingest": ("ingest", "run"), "read": ("read", "run")}.get(
        command, ("suite", "run_all")
    )
    report: dict[str, Any] = getattr(_module(module), function)(options)
    report["argv"] = sys.argv
    path = harness.write_report(report, options.out)
    typer.echo(_module("suite").markdown(report))
    typer.echo(f"report: {path}")


@app.command("ingest")
def ingest(
    objects: int = ObjectsOption,
    checkpoints: str = CheckpointsOption,
    db: str = DbOption,
    peer: bool = PeerOption,
    peer_objects: int = PeerObjectsOption,
    peer_timeout: float = PeerTimeoutOption,
    peer_budget: float = PeerBudgetOption,
    requests: int = RequestsOption,
    variants: str = VariantsOption,
    work_dir: str = WorkDirOption,
    pin: bool = PinOption,
    seed: int = SeedOption,
    workers: int = WorkersOption,
    fusion_core: str = FusionCoreOption,
    out: str = typer.Option("", "--out", help="Report file (default bench/out/ingest.json)."),
) -> None:
    """Share objects/s through TAXII per store size, per variant; medallion beside it."""
    _run("ingest", out, locals())


@app.command("read")
def read(
    objects: int = ObjectsOption,
    checkpoints: str = CheckpointsOption,
    db: str = DbOption,
    peer: bool = PeerOption,
    peer_objects: int = PeerObjectsOption,
    peer_timeout: float = PeerTimeoutOption,
    peer_budget: float = PeerBudgetOption,
    requests: int = RequestsOption,
    variants: str = VariantsOption,
    work_dir: str = WorkDirOption,
    pin: bool = PinOption,
    seed: int = SeedOption,
    workers: int = WorkersOption,
    fusion_core: str = FusionCoreOption,
    out: str = typer.Option("", "--out", help="Report file (default bench/out/read.json)."),
) -> None:
    """Page latency p50/p99 per filter and member tier at each checkpoint; medallion beside."""
    _run("read", out, locals())


@app.command("all")
def all_(
    objects: int = ObjectsOption,
    checkpoints: str = CheckpointsOption,
    db: str = DbOption,
    peer: bool = PeerOption,
    peer_objects: int = PeerObjectsOption,
    peer_timeout: float = PeerTimeoutOption,
    peer_budget: float = PeerBudgetOption,
    requests: int = RequestsOption,
    variants: str = VariantsOption,
    work_dir: str = WorkDirOption,
    pin: bool = PinOption,
    seed: int = SeedOption,
    workers: int = WorkersOption,
    fusion_core: str = FusionCoreOption,
    out: str = typer.Option("", "--out", help="Report file (default bench/out/all.json)."),
) -> None:
    """Read and ingest benchmarks in one run (one fill serves both), then medallion."""
    _run("all", out, locals())


@app.command("sync")
def sync(
    objects: int = typer.Option(100_000, "--objects", help="Versions to replicate."),
    seconds: float = typer.Option(30.0, "--seconds", help="How long to share at a steady rate."),
    rate: int = typer.Option(5000, "--rate", help="Objects/s shared while lag is measured."),
    db: str = typer.Option(
        "sqlite",
        "--db",
        help="sqlite, or a PostgreSQL URL on which a fresh database is made per hub.",
    ),
) -> None:
    """Replication between two hubs: objects/s, and lag p50/p99 under steady shares."""
    module = _module("sync")
    typer.echo(module.markdown(module.run(objects, seconds, rate, db)))


@app.command("resolve")
def resolve(
    size: int = typer.Option(1_000_000, "--size", help="Names in the index for the speed test."),
    queries: int = typer.Option(1000, "--queries", help="Entities resolved for latency."),
    split: str = typer.Option("test", "--split", help="dev, test or all rows of the set."),
    stream: int = typer.Option(
        20_000, "--stream", help="Objects of the bench stream fused for the cost per object."
    ),
    stream_size: int = typer.Option(
        100_000, "--stream-size", help="Names in the index the stream is fused against."
    ),
) -> None:
    """Fusion: precision, recall and F1 per family, kind and script pairing against a plain
    baseline; CPU per shared object and per candidate; resolve latency at --size names."""
    _module("resolve").run_resolve_bench(
        size, queries, split, out=typer.echo, stream=stream, stream_size=stream_size
    )
