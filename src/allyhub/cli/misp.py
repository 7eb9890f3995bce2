"""`allyhub import misp` and `allyhub export misp`: MISP events in and out over HTTP.

Both talk to a hub with a member's key, as `allyhub share` and `allyhub pull` do, so
what goes in is shared as that member (through the same service as `POST
/api/misp/events`: each event whole, MISP's inheritance and sharing groups applied) and
what comes out is that key's view (the hub's MISP feed, `/api/misp/<collection>/feed`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
import typer

from allyhub.cli.exits import REFUSED
from allyhub.cli.options import CollectionOption, KeyOption, UrlOption, UserOption
from allyhub.cli.output import JsonOption, print_json, progress_bar, show_rows
from allyhub.client import ApiClient
from allyhub.errors import InvalidRequest
from allyhub.misp import Feed, read_events
from allyhub.timestamps import parse_rfc3339

import_app = typer.Typer(help="Bring data from other tools into the hub.", no_args_is_help=True)
export_app = typer.Typer(help="Take your view of the hub to other tools.", no_args_is_help=True)

_FEED_FILES = frozenset({"manifest.json", "hashes.csv"})


def _files(source: Path) -> list[Path]:
    """The JSON files of a path: the file itself, or every `*.json` under a directory
    (a MISP feed's manifest left out: its event files hold the events)."""
    if source.is_dir():
        return sorted(p for p in source.rglob("*.json") if p.name not in _FEED_FILES)
    if not source.exists():
        raise typer.BadParameter(f"{source}: no such file or directory")
    return [source]


def _events(source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where it came from, event) for every MISP event in the sources."""
    paths: list[Path | None] = [None] if source == "-" else list(_files(Path(source)))
    for path in paths:
        raw = sys.stdin.buffer.read() if path is None else path.read_bytes()
        where = "standard input" if path is None else str(path)
        try:
            found = read_events(orjson.loads(raw))
        except orjson.JSONDecodeError as exc:
            raise typer.BadParameter(f"{where}: not JSON: {exc}") from None
        except InvalidRequest as exc:
            raise typer.BadParameter(f"{where}: {exc}") from None
        for event in found:
            yield where, event


@import_app.command("misp")
def import_misp(
    sources: list[str] = typer.Argument(
        ...,
        help="MISP JSON files (as MISP exports them, PyMISP's to_json, feed event files) "
        "or directories of them (a MISP feed); - for standard input.",
    ),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    collection: str = CollectionOption,
    batch: int = typer.Option(20, "--batch", min=1, help="Events per request."),
    as_json: bool = JsonOption,
) -> None:
    """Share MISP events, each whole, as your member (exit 1 if any object is refused)."""
    events = [found for source in sources for found in _events(source)]
    if not events:
        raise typer.BadParameter(f"no MISP events in {', '.join(sources)}")
    done: list[dict[str, Any]] = []
    path = f"/misp/events?collection={quote(collection)}"
    with ApiClient(url, user=user, key=key) as api, progress_bar("importing") as progress:
        task = progress.add_task("import", total=len(events))
        for start in range(0, len(events), batch):
            chunk = events[start : start + batch]
            answer = api.call("POST", path, {"response": [{"Event": e} for _, e in chunk]})
            for (where, event), one in zip(chunk, answer["events"], strict=True):
                status = one["status"]
                done.append(
                    {
                        "uuid": one["uuid"],
                        "info": str(event.get("info", ""))[:80],
                        "file": where,
                        "shared": int(status.get("success_count", 0)),
                        "refused": int(status.get("failure_count", 0)),
                        "failures": [
                            {"id": f.get("id", ""), "reason": f.get("message", "")}
                            for f in status.get("failures", [])
                        ],
                    }
                )
            progress.advance(task, len(chunk))
    refused = [f | {"event": e["uuid"]} for e in done for f in e["failures"]]
    if as_json:
        print_json({"collection": collection, "events": done})
    else:
        shared = sum(e["shared"] for e in done)
        typer.echo(f"imported {len(done)} events ({shared} objects) into {collection!r}")
        if refused:
            title = f"{len(refused)} refused"
            show_rows(refused, ("event", "id", "reason"), False, title=title)
    if refused:
        raise typer.Exit(REFUSED)


def _selected(
    manifest: dict[str, Any], events: list[str], tags: list[str], since: int | None
) -> list[str]:
    """The events of a manifest that the filters keep (all when none is given)."""
    wanted = {e.lower() for e in events}
    kept = []
    for uuid, entry in manifest.items():
        if wanted and uuid.lower() not in wanted:
            continue
        if not isinstance(entry, dict):
            continue
        names = {
            str(t.get("name", "")).lower() for t in entry.get("Tag", []) if isinstance(t, dict)
        }
        if tags and not all(t.lower() in names for t in tags):
            continue
        if since is not None and int(entry.get("timestamp", 0) or 0) < since:
            continue
        kept.append(uuid)
    return kept


@export_app.command("misp")
def export_misp(
    out: Path = typer.Option(
        ...,
        "--out",
        "-o",
        help="A directory to write a MISP feed into (manifest.json, hashes.csv, "
        "<uuid>.json), or a .json file for all the events in one MISP JSON document.",
    ),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    collection: str = CollectionOption,
    event: list[str] = typer.Option([], "--event", help="Only this event UUID (repeatable)."),
    tag: list[str] = typer.Option(
        [], "--tag", help="Only events with this tag, e.g. tlp:green (repeatable: all of them)."
    ),
    since: str = typer.Option(
        None, "--since", help="Only events changed at or after this RFC 3339 date."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Write your view of a collection as MISP events: a MISP feed directory that MISP
    reads as a local feed, or one JSON file that `allyhub import misp` and MISP import."""
    try:
        after = parse_rfc3339(since) // 1_000_000 if since else None
    except ValueError as exc:
        raise typer.BadParameter(f"--since: {exc}") from None
    base = f"/misp/{quote(collection, safe='')}/feed"
    with ApiClient(url, user=user, key=key) as api:
        manifest = api.call("GET", f"{base}/manifest.json")
        chosen = _selected(manifest, event, tag, after)
        hashes = [
            (digest, uuid)
            for line in api.fetch(f"{base}/hashes.csv").decode().splitlines()
            if line.strip()
            for digest, _, uuid in [line.strip().partition(",")]
        ]
        files: dict[str, dict[str, Any]] = {}
        with progress_bar("exporting") as progress:
            task = progress.add_task("export", total=len(chosen))
            for uuid in chosen:
                files[uuid] = api.call("GET", f"{base}/{uuid}.json")
                progress.advance(task)
    feed = Feed(manifest, hashes, files).only(chosen)
    if out.suffix.lower() == ".json" and not out.is_dir():
        document = {"response": [feed.events[u] for u in chosen]}
        out.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
        written = [out]
    else:
        written = feed.write(out)
    if as_json:
        print_json(
            {
                "collection": collection,
                "events": len(chosen),
                "out": str(out),
                "files": [str(p) for p in written],
            }
        )
        return
    kind = "MISP JSON file" if written == [out] else "MISP feed"
    typer.echo(f"exported {len(chosen)} events from {collection!r} as a {kind} at {out}")
