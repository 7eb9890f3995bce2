"""`allyhub bench all`, and the report as Markdown tables (for docs/benchmarks.md).

`all` fills one hub through HTTP with reads at each checkpoint (that fill is also the
ingest variant "1 connection, synchronous full"), runs the other ingest variants on fresh
hubs, then measures medallion on the first `--peer-objects` objects of the same stream.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict
from typing import Any

from bench import harness, ingest, medallion, read
from bench.harness import Options


def run_all(options: Options) -> dict[str, Any]:
    harness.pin_client(options)
    work, remove = harness.work_dir(options)
    report: dict[str, Any] = {"machine": harness.machine(), "options": asdict(options)}
    partial = options.out + ".partial"  # what is done so far, should a later phase fail
    try:
        stream = harness.write_stream(work, options)
        loaded = read.measure(options, stream, work)
        report["read"] = loaded.pop("reads", [])
        report["ingest"] = [loaded]
        harness.write_report(report, partial)
        for connections, synchronous in options.variants:
            if (connections, synchronous) == (1, "full"):
                continue
            report["ingest"].append(
                ingest.measure_variant(options, stream, work, connections, synchronous)
            )
            harness.write_report(report, partial)
        if options.peer:
            try:
                report["peer"] = medallion.run(options, stream, work, reads=True)
            except Exception as exc:  # the peer failing must not lose allyhub's figures
                report["peer"] = {"server": "medallion", "error": f"{type(exc).__name__}: {exc}"}
    finally:
        if remove:
            shutil.rmtree(work, ignore_errors=True)
    return report


def _n(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, int | float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"
    return str(value)


def _catch_up(variant: dict[str, Any]) -> str:
    """Seconds the fusion worker needed after the last share, or what it had left when
    the wait timed out."""
    seconds = variant.get("fusion_catch_up_s")
    if seconds is None and variant.get("fusion_backlog_left"):
        return f"timed out, {variant['fusion_backlog_left']:,} left"
    return _n(seconds)


def markdown(report: dict[str, Any]) -> str:
    """The figures of a report as Markdown tables."""
    lines: list[str] = []
    m = report.get("machine", {})
    lines += [
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('memory_gib')} GiB; "
        f"Python {m.get('python')}, SQLite {m.get('sqlite')}, Linux {m.get('kernel')}; "
        f"load average at start {m.get('load_average_at_start')}.",
        "",
    ]
    variants = report.get("ingest", [])
    if variants:
        lines += [
            "### Share (POST 1,000-object envelopes)",
            "",
            "| server | conns | synchronous | stored | segment obj/s | last-10k obj/s "
            "| server CPU µs/obj | core share | RSS MB | peak RSS MB | DB MB "
            "| fusion CPU µs/obj | fusion backlog |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for v in variants:
            for c in v.get("checkpoints", []):
                lines.append(
                    f"| allyhub | {v['connections']} | {v['synchronous']} | {_n(c['stored'])} "
                    f"| {_n(c.get('segment_objects_per_s'))} "
                    f"| {_n(c.get('window_objects_per_s'))} "
                    f"| {_n(c.get('server_cpu_us_per_object'))} "
                    f"| {_n(c.get('server_core_share'))} | {_n(c.get('rss_mb'))} "
                    f"| {_n(c.get('peak_rss_mb'))} | {_n(c.get('database_mb'))} "
                    f"| {_n(c.get('fusion_cpu_us_per_object'))} | {_n(c.get('fusion_backlog'))} |"
                )
        peer = report.get("peer")
        if peer:
            for c in peer.get("checkpoints", []):
                lines.append(
                    f"| medallion | 1 | (memory) | {_n(c['stored'])} "
                    f"| {_n(c.get('segment_objects_per_s'))} "
                    f"| {_n(c.get('window_objects_per_s'))} "
                    f"| {_n(c.get('server_cpu_us_per_object'))} | – | {_n(c.get('rss_mb'))} "
                    f"| {_n(c.get('peak_rss_mb'))} | – | – | – |"
                )
        lines.append("")
        lines.append(
            "| server | conns | synchronous | objects | overall obj/s | failures "
            "| fusion catch-up s |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for v in variants:
            lines.append(
                f"| allyhub | {v['connections']} | {v['synchronous']} | {_n(v.get('objects'))} "
                f"| {_n(v.get('objects_per_s'))} | {_n(v.get('failures'))} "
                f"| {_catch_up(v)} |"
            )
        if peer:
            lines.append(
                f"| medallion | 1 | (memory) | {_n(peer.get('objects'))} "
                f"| {_n(peer.get('objects_per_s'))} | {_n(peer.get('failures'))} | – |"
            )
        lines.append("")
    reads = report.get("read", [])
    if reads:
        lines += [
            "### Pages of up to 1,000 objects (allyhub)",
            "",
            "| stored | tier (member) | filter | pages | p50 ms | p99 ms | max ms "
            "| server CPU ms/page | objects/page | full pages |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in reads:
            for tier, kinds in r["tiers"].items():
                for k in kinds:
                    lines.append(
                        f"| {_n(r['stored'])} | {tier} ({r['member'][tier]}) | {k['kind']} "
                        f"| {k['requests']} | {_n(k.get('p50_ms'))} | {_n(k.get('p99_ms'))} "
                        f"| {_n(k.get('max_ms'))} | {_n(k.get('server_cpu_ms_per_page'))} "
                        f"| {_n(k.get('mean_objects'))} | {_n(k.get('full_pages'))} |"
                    )
            lines.append(
                f"| {_n(r['stored'])} | | peak RSS while reading | "
                f"{_n(r.get('peak_rss_while_reading_mb'))} MB | | | | | | |"
            )
        lines.append("")
    peer = report.get("peer")
    if peer and peer.get("error"):
        lines += [f"medallion failed: {peer['error']}", ""]
    if peer and any("reads" in c for c in peer.get("checkpoints", [])):
        lines += [
            f"### Pages of up to 1,000 objects ({peer['server']})",
            "",
            "| stored | filter | pages | p50 ms | p99 ms | max ms | server CPU ms/page "
            "| objects/page | note |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for c in peer["checkpoints"]:
            result = c.get("reads", {})
            for k in result.get("kinds", []):
                note = ", ".join(f"{key}: {val}" for key, val in k.get("errors", {}).items())
                lines.append(
                    f"| {_n(c['stored'])} | {k['kind']} | {k['requests']} "
                    f"| {_n(k.get('p50_ms'))} | {_n(k.get('p99_ms'))} | {_n(k.get('max_ms'))} "
                    f"| {_n(k.get('server_cpu_ms_per_page'))} | {_n(k.get('mean_objects'))} "
                    f"| {note} |"
                )
            if result.get("stopped"):
                lines.append(f"| {_n(c['stored'])} | stopped: {result['stopped']} | | | | | | | |")
        lines.append("")
    return "\n".join(lines)
