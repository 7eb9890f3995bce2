"""`allyhub pull`: write a collection to JSON lines, resumable from a cursor file."""

from __future__ import annotations

from pathlib import Path

import orjson
import typer

from allyhub.cli.options import CollectionOption, KeyOption, UrlOption, UserOption
from allyhub.cli.output import JsonOption, print_json, spinner


def pull(
    out: Path = typer.Option(..., "--out", "-o", help="JSON-lines file to append to."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    collection: str = CollectionOption,
    cursor: Path = typer.Option(
        None, "--cursor", help="Cursor file (default: OUT.cursor); holds the last date_added."
    ),
    latest: bool = typer.Option(False, "--latest", help="Only the newest version of each object."),
    as_json: bool = JsonOption,
) -> None:
    """Append every object version visible to you, then remember where it stopped."""
    from allyhub.client import TaxiiClient  # httpx: not for `allyhub pull --help`

    cursor = cursor or out.with_name(out.name + ".cursor")
    added_after = cursor.read_text().strip() if cursor.exists() else None
    count = 0
    with TaxiiClient(url, user=user, key=key) as client, out.open("ab") as sink:
        target = client.collection_url(client.api_root(), collection)
        with spinner() as progress:
            task = progress.add_task("pulling")
            for page in client.pages(target, added_after=added_after, all_versions=not latest):
                for obj in page.objects:
                    sink.write(orjson.dumps(obj) + b"\n")
                sink.flush()
                count += len(page.objects)
                if page.last_added:
                    cursor.write_text(page.last_added + "\n")
                progress.update(task, description=f"pulled {count} objects")
    if as_json:
        last = cursor.read_text().strip() if cursor.exists() else None
        print_json({"pulled": count, "out": str(out), "cursor_file": str(cursor), "cursor": last})
        return
    typer.echo(f"pulled {count} objects into {out} (cursor in {cursor})")
