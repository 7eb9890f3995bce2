"""`allyhub key`: issue, list and revoke API keys for members' principals."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum

import typer

from allyhub.charter import Role
from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, hub_services
from allyhub.cli.output import JsonOption, print_json, show_rows
from allyhub.composition import Services
from allyhub.timestamps import format_timestamp, parse_timestamp

app = typer.Typer(help="Issue, list and revoke API keys.", no_args_is_help=True)

EXPIRES_HELP = (
    "Expiry: a date (2027-01-31, midnight UTC), a time (2027-01-31T18:00:00Z; without "
    "an offset, UTC), or a duration from now (90d, 12h, 30m, 2w)."
)
_DURATION = re.compile(r"(\d+)([wdhm])")
_UNITS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60}


class KeyRole(StrEnum):
    """The roles a member's key may have (peer hubs' keys are made with --peer)."""

    ANALYST = Role.ANALYST.value
    LIAISON = Role.LIAISON.value
    READER = Role.READER.value


def _expiry(text: str | None) -> int | None:
    """Every form EXPIRES_HELP names, as microseconds since the epoch."""
    if not text:
        return None
    text = text.strip()
    duration = _DURATION.fullmatch(text)
    if duration:
        now = datetime.now(UTC).timestamp()
        seconds = int(duration.group(1)) * _UNITS[duration.group(2)]
        return int((now + seconds) * 1_000_000)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        text += "T00:00:00Z"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
        text = text.replace(" ", "T")
        text += ":00Z" if text.count(":") == 1 else "Z"  # no offset given: UTC
    try:
        return parse_timestamp(text.replace("t", "T").replace("z", "Z"))
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}. {EXPIRES_HELP}") from None


def _time(micros: int | None) -> str | None:
    return format_timestamp(micros) if micros else None


def _hosting_warning(services: Services, member: str) -> str | None:
    """A word when this hub does not host the member: its people act at their own (a
    key here reads, but what it shares or votes is refused: policy/permissions.py)."""
    here = services.coalition.hub
    state = services.coalition.state()
    if state.hosted_at(member, here.id):
        return None
    homes = sorted(state.hosts.get(member, ()))
    where = f"; {member} is hosted at {', '.join(homes)}" if homes else ""
    return (
        f"warning: hub {here.id} does not host {member} (it hosts {', '.join(here.hosts)})"
        f"{where}. The key reads here, but shares and acts only where the member is hosted."
    )


@app.command("create")
def create(
    member: str = typer.Option(None, "--member", help="Member id from the charter."),
    peer: str = typer.Option(
        None, "--peer", help="Instead of a member: the hub id of a peer that pulls from this hub."
    ),
    role: KeyRole = typer.Option(KeyRole.ANALYST, "--role", help="What the key may do."),
    name: str = typer.Option(None, "--name", help="Principal name (default: the role)."),
    expires: str = typer.Option(None, "--expires", help=EXPIRES_HELP),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Issue a key; it is printed once and only its hash is kept. A key for a member this
    hub does not host is issued with a warning on standard error."""
    if bool(member) == bool(peer):
        raise typer.BadParameter("give either --member or --peer")
    until = _expiry(expires)
    with hub_services(charter, hub, db, data_dir) as services:
        warning = None
        if peer:
            key, record = services.keys.create_peer(peer, until)
        else:
            key, record = services.keys.create(member, Role(role.value), name, until)
            warning = _hosting_warning(services, member)
    if warning:
        typer.echo(warning, err=True)
    if as_json:
        issued = {"principal": record.principal, "key_id": record.key_id, "key": key}
        print_json(
            {
                **issued,
                "member": record.member,
                "role": record.role,
                "expires": _time(record.expires),
            }
        )
        return
    typer.echo(f"principal: {record.principal}")
    typer.echo(f"key id:    {record.key_id}")
    typer.echo(f"key:       {key}")
    typer.echo("Keep the key now: it is not stored and cannot be shown again.", err=True)


@app.command("list")
def list_keys(
    member: str = typer.Option(None, "--member", help="Only this member's keys."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """List keys (never the secrets)."""
    with hub_services(charter, hub, db, data_dir) as services:
        records = services.keys.list(member)
    rows = [
        {
            "key_id": r.key_id,
            "principal": r.principal,
            "member": r.member,
            "role": r.role,
            "created": _time(r.created),
            "expires": _time(r.expires),
            "revoked": _time(r.revoked),
        }
        for r in records
    ]
    columns = ("key_id", "principal", "member", "role", "created", "expires", "revoked")
    show_rows(rows, columns, as_json)


@app.command("revoke")
def revoke(
    key_id: str = typer.Argument(..., help="The key id shown by `key create` or `key list`."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Revoke a key at once: the next request with it gets 401."""
    with hub_services(charter, hub, db, data_dir) as services:
        services.keys.revoke(key_id)
    if as_json:
        print_json({"revoked": key_id})
    else:
        typer.echo(f"revoked {key_id}")
