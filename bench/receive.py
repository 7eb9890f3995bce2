"""Where a replicated version's CPU goes, in-process: serving it to a peer, storing it
there, and the peer offering it back to its origin (as every peer of a mesh does).

Two hubs from bench/sync.py's charter, opened in this process (no HTTP, no fusion worker,
nothing else running): alpha takes `--objects` of the benchmark stream from its members,
then beta is given alpha's pages as its sync loop would get them (read through alpha's
reading service as beta's peer principal, provenance and seals through JSON), and then
alpha is given beta's pages, which hold alpha's own versions back. Reports the CPU
(`time.process_time`) per version of each of the four steps. Steadier than the HTTP run
of bench/sync.py on a busy machine, and it separates what the HTTP run adds up.

    python bench/receive.py --objects 20000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson  # noqa: E402

from bench import data, harness, sync  # noqa: E402


def _pages(source: Any, peer: str) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any], float]]:
    """Each page `source` serves to `peer`'s hub principal, as that hub would parse it,
    with the CPU seconds spent serving it."""
    from allyhub.charter import Role
    from allyhub.records import VersionMatch, VersionPick
    from allyhub.service import Filters
    from allyhub.service.principals import Principal

    principal = Principal(f"hub.{peer}", "", Role.PEER, "bench", peer=peer)
    every = VersionMatch(frozenset({VersionPick.ALL}))
    token: str | None = None
    while True:
        started = time.process_time()
        page = source.reading.objects(principal, "joint", Filters(next=token, versions=every))
        served = time.process_time() - started
        objects = [orjson.loads(row.body or b"") for row in page.rows]
        yield objects, orjson.loads(orjson.dumps(page.extensions)), served
        if not page.more:
            return
        token = page.next


def _replicate(source: Any, into: Any, source_id: str, into_id: str) -> dict[str, float]:
    served = stored = 0.0
    versions = added = refused = 0
    for objects, extensions, cpu in _pages(source, into_id):
        served += cpu
        started = time.process_time()
        received = into.replication.receive(
            source_id,
            "joint",
            objects,
            extensions,
            last_added=None,
            next_token=None,
            caught_up=False,
        )
        stored += time.process_time() - started
        versions += len(objects)
        added += received.added
        refused += received.refused
    return {
        "versions": versions,
        "added": added,
        "refused": refused,
        "serve_us": round(served / max(versions, 1) * 1e6, 1),
        "receive_us": round(stored / max(versions, 1) * 1e6, 1),
    }


def run(objects: int = 20_000) -> dict[str, Any]:
    from allyhub.app import open_services
    from allyhub.charter import Role

    work = Path(tempfile.mkdtemp(prefix="allyhub-receive-"))
    try:
        charter = sync.pinned(sync.charter_toml({"alpha": 9, "beta": 10}), work)
        (work / "charter.toml").write_text(charter)
        members = [m for m, _ in data.member_ids()][:25]
        with (
            open_services(sync._settings(work, "alpha")) as alpha,
            open_services(sync._settings(work, "beta")) as beta,
        ):
            principals = {}
            for member in members:
                key, _ = alpha.keys.create(member, Role.ANALYST)
                principals[member] = alpha.keys.authenticate(key)
            stream = data.Stream()
            alpha.sharing.share(principals["m01"], "joint", orjson.dumps(stream.list_definitions()))
            loaded = 0
            while loaded < objects:
                member, envelope = stream.envelope()
                if member in principals:
                    status = alpha.sharing.share(
                        principals[member], "joint", orjson.dumps(envelope)
                    )
                    loaded += len(status.successes)
            new = _replicate(alpha, beta, "alpha", "beta")
            back = _replicate(beta, alpha, "beta", "alpha")
        return {"objects": objects, "machine": harness.machine(), "new": new, "back": back}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def markdown(report: dict[str, Any]) -> str:
    new, back = report["new"], report["back"]
    return "\n".join(
        [
            "| step | versions | CPU µs per version |",
            "|---|---|---|",
            f"| alpha serves its versions to beta | {new['versions']:,} | {new['serve_us']} |",
            f"| beta stores them ({new['added']:,} new) | {new['versions']:,} "
            f"| {new['receive_us']} |",
            f"| beta serves them back to alpha | {back['versions']:,} | {back['serve_us']} |",
            f"| alpha takes its own back ({back['added']:,} new) | {back['versions']:,} "
            f"| {back['receive_us']} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=20_000)
    args = parser.parse_args()
    print(markdown(run(args.objects)))


if __name__ == "__main__":
    main()
