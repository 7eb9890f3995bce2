"""`allyhub db`: database maintenance."""

from __future__ import annotations

from pathlib import Path

import typer

from allyhub.backup import Report, backup, restore
from allyhub.cli.exits import REFUSED
from allyhub.cli.options import (
    CharterOption,
    DataDirOption,
    DbOption,
    HubOption,
    build_settings,
    hub_services,
)
from allyhub.cli.output import JsonOption, print_json

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
        url = services.database()
        revision = services.revision()
    if as_json:
        print_json({"database": url, "revision": revision, "current": True})
        return
    typer.echo(f"database {url} is current (revision {revision})")


def _say(report: Report, verb: str, as_json: bool) -> None:
    if as_json:
        print_json(report.as_json())
    else:
        typer.echo(
            f"{verb} hub {report.hub} ({report.database}, revision {report.revision}): "
            f"{report.objects} object versions, {report.audit_entries} audit entries -> "
            f"{report.path}"
        )
        for problem in report.audit_problems:
            typer.echo(f"audit: {problem}", err=True)


@app.command("backup")
def backup_command(
    out: Path = typer.Argument(..., help="The backup file to write (a tar file, mode 0600)."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Back up the hub's database and keys while it serves: SQLite's online backup, or
    pg_dump for PostgreSQL (docs/operations.md)."""
    settings = build_settings(charter=charter, hub=hub, db=db, data_dir=data_dir)
    _say(backup(settings, out), "backed up", as_json)


@app.command("restore")
def restore_command(
    source: Path = typer.Argument(..., help="A file written by `allyhub db backup`."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Restore a backup into an empty database and data directory, migrate it, and verify
    the audit trail (exit 1 if it does not verify)."""
    settings = build_settings(charter=charter, hub=hub, db=db, data_dir=data_dir)
    report = restore(settings, source)
    _say(report, "restored", as_json)
    if report.audit_problems:
        raise typer.Exit(REFUSED)
