"""`allyhub audit`: verify, show and anchor the hub's signed audit trail (operator)."""

from __future__ import annotations

import orjson
import typer
from rich.console import Console
from rich.table import Table

from allyhub.cli.options import (
    CharterOption,
    DataDirOption,
    DbOption,
    HubOption,
    hub_services,
)
from allyhub.stix.timestamps import format_timestamp, parse_timestamp

app = typer.Typer(help="Verify, show and anchor the signed audit trail.", no_args_is_help=True)


def _anchor(text: str | None) -> tuple[int, bytes] | None:
    if not text:
        return None
    seq, _, digest = text.partition(":")
    try:
        return int(seq), bytes.fromhex(digest)
    except ValueError:
        raise typer.BadParameter(
            "give the head as SEQ:HASH, as `allyhub audit head` prints it"
        ) from None


@app.command("verify")
def verify(
    anchor: str = typer.Option(
        None, "--anchor", help="A head recorded earlier (SEQ:HASH): detects cut-off entries."
    ),
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Check every entry's chain link, hash and signature; exit 1 naming any problem."""
    with hub_services(charter, hub, db, data_dir) as services:
        findings = services.audit.verify(_anchor(anchor))
        count = sum(1 for _ in services.audit.entries())
    if findings:
        for finding in findings:
            typer.echo(f"entry {finding.seq}: {finding.problem}")
        raise typer.Exit(1)
    typer.echo(f"audit trail intact: {count} entries")


@app.command("head")
def head(
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Print the newest entry as SEQ:HASH; keep it elsewhere to detect truncation later."""
    with hub_services(charter, hub, db, data_dir) as services:
        last = services.audit.head()
    typer.echo(f"{last.seq}:{last.hash.hex()}" if last else "0:")


@app.command("show")
def show(
    member: str = typer.Option(None, "--member", help="Entries made by or about this member."),
    act: str = typer.Option(None, "--act", help="Only this act (share, vote, auth.refused, ...)."),
    since: str = typer.Option(None, "--since", help="From this time (RFC 3339)."),
    until: str = typer.Option(None, "--until", help="Before this time (RFC 3339)."),
    limit: int = typer.Option(200, "--limit", help="At most this many entries."),
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """List audit entries."""
    try:
        start = parse_timestamp(since) if since else None
        end = parse_timestamp(until) if until else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    table = Table("seq", "at", "principal", "act", "about", "subject", "detail")
    with hub_services(charter, hub, db, data_dir) as services:
        for entry in services.audit.entries(
            member=member, act=act, since=start, until=end, limit=limit
        ):
            detail = orjson.loads(entry.detail)
            table.add_row(
                str(entry.seq), format_timestamp(entry.at)[:23], entry.principal, entry.act,
                entry.about, entry.subject, ", ".join(f"{k}={v}" for k, v in detail.items())[:80],
            )  # fmt: skip
    Console().print(table)
