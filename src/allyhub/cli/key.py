"""`allyhub key`: issue, list and revoke API keys for members' principals."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.console import Console
from rich.table import Table

from allyhub.charter import Role
from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, hub_services
from allyhub.stix.timestamps import format_timestamp, parse_timestamp

app = typer.Typer(help="Issue, list and revoke API keys.", no_args_is_help=True)


def _expiry(text: str | None) -> int | None:
    """An RFC 3339 timestamp, a date, or a duration like 30d / 12h."""
    if not text:
        return None
    units = {"d": 86_400, "h": 3_600, "m": 60}
    if text[-1:] in units and text[:-1].isdigit():
        now = datetime.now(UTC).timestamp()
        return int((now + int(text[:-1]) * units[text[-1]]) * 1_000_000)
    if len(text) == 10:
        text += "T00:00:00Z"
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}; or give a duration such as 90d") from None


@app.command("create")
def create(
    member: str = typer.Option(None, "--member", help="Member id from the charter."),
    peer: str = typer.Option(
        None, "--peer", help="Instead of a member: the hub id of a peer that pulls from this hub."
    ),
    role: Role = typer.Option(Role.ANALYST, "--role", help="analyst, liaison or reader."),
    name: str = typer.Option(None, "--name", help="Principal name (default: the role)."),
    expires: str = typer.Option(None, "--expires", help="Expiry: 2027-01-31, or 90d, or 12h."),
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Issue a key; it is printed once and only its hash is kept."""
    with hub_services(charter, hub, db, data_dir) as services:
        if bool(member) == bool(peer):
            raise typer.BadParameter("give either --member or --peer")
        if peer:
            key, record = services.keys.create_peer(peer, _expiry(expires))
        else:
            key, record = services.keys.create(member, role, name, _expiry(expires))
        typer.echo(f"principal: {record.principal}")
        typer.echo(f"key id:    {record.key_id}")
        typer.echo(f"key:       {key}")
        typer.echo("Keep the key now: it is not stored and cannot be shown again.", err=True)


@app.command("list")
def list_keys(
    member: str = typer.Option(None, "--member", help="Only this member's keys."),
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """List keys (never the secrets)."""
    with hub_services(charter, hub, db, data_dir) as services:
        table = Table()
        table.add_column("key id", no_wrap=True)
        table.add_column("principal", no_wrap=True)
        for title in ("member", "role", "created", "expires", "revoked"):
            table.add_column(title)
        for record in services.keys.list(member):
            table.add_row(
                record.key_id,
                record.principal,
                record.member,
                record.role,
                format_timestamp(record.created)[:16],
                format_timestamp(record.expires)[:16] if record.expires else "",
                format_timestamp(record.revoked)[:16] if record.revoked else "",
            )
        Console().print(table)


@app.command("revoke")
def revoke(
    key_id: str = typer.Argument(..., help="The key id shown by `key create` or `key list`."),
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Revoke a key at once: the next request with it gets 401."""
    with hub_services(charter, hub, db, data_dir) as services:
        services.keys.revoke(key_id)
        typer.echo(f"revoked {key_id}")
