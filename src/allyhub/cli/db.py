"""`allyhub db`: database maintenance."""

from __future__ import annotations

import typer

from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, hub_services

app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Migrate the hub's database to the newest schema (serve also does this at start)."""
    with hub_services(charter, hub, db, data_dir) as services:
        typer.echo(
            f"database {services.engine.url.render_as_string(hide_password=True)} is current"
        )
