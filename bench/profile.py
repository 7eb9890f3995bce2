"""Where the server's time goes during a share over HTTP: py-spy against the hub process.

Starts a hub like bench/ingest.py, attaches `py-spy record` (pip install py-spy; it is
not a dependency of allyhub) to the server process, shares `--objects` objects over one
connection and sorts the samples of active threads into the stages of the share path.
Prints a table of the share of samples and the µs per object of each stage.

    python bench/profile.py --objects 20000
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench import client, harness  # noqa: E402
from bench.harness import TAXII, Hub, Options  # noqa: E402

# First match wins: (stage, any of these frame names in the stack).
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("parse JSON", ("parse_envelope",)),
    ("validate", ("validate (allyhub/stix/validate",)),
    ("policy: authorship, owner, labels", ("check_authorship", "check_owner", "labels_for")),
    ("store: member-set lookups", ("member_set (",)),
    ("store: insert (executemany)", ("do_executemany", "take_dates")),
    ("store: known ids, definitions", ("known (allyhub", "_definitions (", "bodies (allyhub")),
    ("store: status record", ("save_status", "_record (allyhub")),
    ("store: commit", ("commit (", "_commit_impl")),
    ("store: begin, connect", ("writing (allyhub", "_begin (allyhub", "connect (")),
    ("versions, bodies re-serialized", ("SharingService.share", "share (allyhub")),
    ("authenticate", ("authenticate (allyhub",)),
    ("HTTP: body, status JSON, ASGI", ("Endpoints", "uvicorn", "starlette", "h11", "httptools")),
)


def stage_of(stack: str) -> str:
    for stage, needles in STAGES:
        if any(needle in stack for needle in needles):
            return stage
    return "other (event loop, thread hand-off, interpreter)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=20_000)
    parser.add_argument("--synchronous", default="full", choices=("full", "normal"))
    parser.add_argument("--work-dir", default="")
    args = parser.parse_args()
    spy_binary = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy_binary).exists():
        sys.exit("bench/profile.py needs py-spy: pip install py-spy")
    options = Options(objects=args.objects, checkpoints=(args.objects,), peer=False)
    harness.pin_client(options)
    work, remove = harness.work_dir(Options(work_dir=args.work_dir))
    try:
        stream = harness.write_stream(work, options)
        hub = Hub(work / "hub-profile", options, args.synchronous)
        hub.prepare()
        hub.start()
        raw = work / "py-spy.txt"
        try:
            httpx.post(
                hub.collection_url(),
                content=stream.definitions,
                headers={**hub.headers("m01"), "Content-Type": TAXII, "Accept": TAXII},
                timeout=120,
            ).raise_for_status()
            spy = subprocess.Popen(
                [
                    spy_binary,
                    "record",
                    "-p",
                    str(hub.pid),
                    "-r",
                    "1000",
                    "-f",
                    "raw",
                    "-o",
                    str(raw),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
            log = client.IngestLog()
            cpu = harness.cpu_seconds(hub.pid)
            started = time.perf_counter()
            client.post_all(
                hub.collection_url(), hub.headers, stream.read(), stream.envelopes, 1, log
            )
            seconds = time.perf_counter() - started
            cpu = harness.cpu_seconds(hub.pid) - cpu
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
        finally:
            hub.stop()
        samples: Counter[str] = Counter()
        leaves: Counter[tuple[str, str]] = Counter()
        for line in raw.read_text().splitlines():
            stack, _, weight = line.rpartition(" ")
            stage = stage_of(stack)
            samples[stage] += int(weight)
            # The innermost frame of allyhub's own code, and the frame it was in.
            frames = [f.split(" (")[0] for f in stack.split(";")]
            ours = [f for f in stack.split(";") if "allyhub/" in f]
            caller = ours[-1].split(" (")[0] if ours else "-"
            leaves[(frames[-1], caller)] += int(weight)
        objects = sum(p.objects for p in log.posted)
        total = sum(samples.values())
        print(
            f"{objects:,} objects in {seconds:.1f} s ({objects / seconds:,.0f}/s); server CPU "
            f"{cpu * 1e6 / objects:.1f} µs/object; {total} active samples"
        )
        print("| stage | share of samples | ≈ µs/object of server CPU |\n|---|---|---|")
        for stage, count in samples.most_common():
            share = count / total
            print(f"| {stage} | {share:.1%} | {share * cpu * 1e6 / objects:.1f} |")
        print("\n| innermost frame | in allyhub's | share of samples |\n|---|---|---|")
        for (leaf, caller), count in leaves.most_common(20):
            print(f"| {leaf} | {caller} | {count / total:.1%} |")
    finally:
        if remove:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
