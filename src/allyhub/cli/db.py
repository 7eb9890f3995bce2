"""`allyhub db`: database maintenance."""

from __future__ import annotations

import typer

from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, hub_services
from allyhub.cli.output import JsonOption, print_json
from allyhub.store.engine import current_revision

app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Migrate the hub's database to the newest schema (serve also does this at start)."""
    with hub_services(charter, hub, db, data_dir) as services:
        url = services.engine.url.render_as_string(hide_password=True)
        revision = current_revision(services.engine)
    if as_json:
        print_json({"database": url, "revision": revision, "current": True})
        return
    typer.echo(f"database {url} is current (revision {revision})")
