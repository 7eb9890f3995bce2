"""`allyhub share`: post a bundle, envelope or JSON-lines file to a hub, in batches."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer

from allyhub.cli.options import CollectionOption, KeyOption, UrlOption, UserOption
from allyhub.cli.output import JsonOption, print_json, progress_bar, show_rows


def read_objects(source: str) -> list[dict[str, Any]]:
    """Objects from a STIX bundle, a TAXII envelope, a JSON list or JSON lines."""
    raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:
            return [orjson.loads(line) for line in raw.splitlines() if line.strip()]
        except orjson.JSONDecodeError as exc:
            raise typer.BadParameter(f"{source}: neither JSON nor JSON lines: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("objects"), list):
        return list(data["objects"])
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "type" in data:
        return [data]
    raise typer.BadParameter(f"{source}: expected a bundle, an envelope or a list of objects")


def share(
    source: str = typer.Argument(..., help="File to share, or - for standard input."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    collection: str = CollectionOption,
    batch: int = typer.Option(1000, "--batch", min=1, help="Objects per request."),
    as_json: bool = JsonOption,
) -> None:
    """Share STIX objects; print the rejected ones with reasons (exit 1 if any)."""
    from allyhub.client import TaxiiClient  # httpx: not for `allyhub share --help`

    objects = read_objects(source)
    failures: list[dict[str, Any]] = []
    added = 0
    with TaxiiClient(url, user=user, key=key) as client:
        target = client.collection_url(client.api_root(), collection)
        with progress_bar("sharing") as progress:
            task = progress.add_task("share", total=len(objects))
            for start in range(0, len(objects), batch):
                chunk = objects[start : start + batch]
                status = client.add(target, chunk)
                added += int(status.get("success_count", 0))
                failures.extend(status.get("failures", []))
                progress.advance(task, len(chunk))
    rejected = [
        {"id": f.get("id", ""), "version": f.get("version", ""), "reason": f.get("message", "")}
        for f in failures
    ]
    if as_json:
        print_json(
            {"collection": collection, "shared": added, "total": len(objects), "rejected": rejected}
        )
    else:
        typer.echo(f"shared {added} of {len(objects)} objects into {collection!r}")
        if rejected:
            show_rows(
                rejected, ("id", "version", "reason"), False, title=f"{len(rejected)} rejected"
            )
    if rejected:
        raise typer.Exit(1)
