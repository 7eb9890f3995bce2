"""Options shared by commands, and the one place settings are built for the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # imported where used: `share` and `pull` start without the hub's code
    from allyhub.composition import Services
    from allyhub.settings import Settings

CharterOption = typer.Option(
    None, "--charter", help="Charter file (TOML). [env: ALLYHUB_CHARTER]", show_default=False
)
HubOption = typer.Option(
    None, "--hub", help="Hub id from the charter. [env: ALLYHUB_HUB]", show_default=False
)
DbOption = typer.Option(
    None,
    "--db",
    help="Database URL; default a SQLite file in the data directory. [env: ALLYHUB_DB]",
    show_default=False,
)
DataDirOption = typer.Option(
    None, "--data-dir", help="Data directory. [env: ALLYHUB_DATA_DIR]", show_default=False
)


def base_url(url: str | None) -> str | None:
    """The hub's base URL from any address under it: the demo and `serve` print the TAXII
    discovery or API root (`.../taxii2/`, `.../taxii2/rsii/`), the console is at `/`."""
    if url is None:
        return None
    text = url.strip()
    if "://" not in text:
        raise typer.BadParameter(f"{url!r}: give a URL such as http://127.0.0.1:8601")
    scheme, rest = text.split("://", 1)
    host, _, path = rest.partition("/")
    parts = [p for p in path.split("/") if p]
    for marker in ("taxii2", "api", "openapi.json"):
        if marker in parts:
            parts = parts[: parts.index(marker)]
            break
    return f"{scheme}://{host}" + "".join(f"/{p}" for p in parts)


UrlOption = typer.Option(
    ...,
    "--url",
    envvar="ALLYHUB_URL",
    callback=base_url,
    help="The hub's address, e.g. http://127.0.0.1:8601 (or its /taxii2/ address).",
)
UserOption = typer.Option(
    None,
    "--user",
    envvar="ALLYHUB_USER",
    help="Principal id for HTTP Basic (e.g. ru.analyst); without it the key is sent as Bearer.",
)
KeyOption = typer.Option(..., "--key", envvar="ALLYHUB_KEY", help="Your API key.")
CollectionOption = typer.Option("joint", "--collection", "-c", help="Collection id or alias.")


@contextmanager
def hub_services(
    charter: str | None, hub: str | None, db: str | None, data_dir: str | None
) -> Iterator[Services]:
    """The services of the hub named by the common options, for one short command."""
    from allyhub.composition import open_services

    with open_services(build_settings(charter=charter, hub=hub, db=db, data_dir=data_dir)) as s:
        yield s


def build_settings(**flags: Any) -> Settings:
    """Settings from flags and the environment (the CLI is the only reader of os.environ)."""
    from allyhub.charter import load_charter
    from allyhub.settings import load_settings

    environ = dict(os.environ)
    charter_path = flags.get("charter") or environ.get("ALLYHUB_CHARTER")
    charter = load_charter(charter_path) if charter_path else None
    return load_settings(charter, flags, environ)
