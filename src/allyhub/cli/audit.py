"""`allyhub audit`: verify, show and anchor the hub's signed audit trail (operator)."""

from __future__ import annotations

import orjson
import typer

from allyhub.cli.options import (
    CharterOption,
    DataDirOption,
    DbOption,
    HubOption,
    hub_services,
)
from allyhub.cli.output import JsonOption, print_json, show_rows
from allyhub.timestamps import format_timestamp, parse_timestamp

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
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Check every entry's chain link, hash and signature; exit 1 naming any problem."""
    with hub_services(charter, hub, db, data_dir) as services:
        findings = services.audit.verify(_anchor(anchor))
        count = sum(1 for _ in services.audit.entries())
    if as_json:
        problems = [{"seq": f.seq, "problem": f.problem} for f in findings]
        print_json({"intact": not findings, "entries": count, "findings": problems})
        raise typer.Exit(1 if findings else 0)
    if findings:
        for finding in findings:
            typer.echo(f"entry {finding.seq}: {finding.problem}")
        raise typer.Exit(1)
    typer.echo(f"audit trail intact: {count} entries")


@app.command("head")
def head(
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Print the newest entry as SEQ:HASH; keep it elsewhere to detect truncation later."""
    with hub_services(charter, hub, db, data_dir) as services:
        last = services.audit.head()
    if as_json:
        print_json({"seq": last.seq if last else 0, "hash": last.hash.hex() if last else ""})
        return
    typer.echo(f"{last.seq}:{last.hash.hex()}" if last else "0:")


@app.command("show")
def show(
    member: str = typer.Option(None, "--member", help="Entries made by or about this member."),
    act: str = typer.Option(None, "--act", help="Only this act (share, vote, auth.refused, ...)."),
    since: str = typer.Option(None, "--since", help="From this time (RFC 3339)."),
    until: str = typer.Option(None, "--until", help="Before this time (RFC 3339)."),
    limit: int = typer.Option(200, "--limit", help="At most this many entries."),
    as_json: bool = JsonOption,
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
    with hub_services(charter, hub, db, data_dir) as services:
        entries = list(
            services.audit.entries(member=member, act=act, since=start, until=end, limit=limit)
        )
    rows = [
        {
            "seq": entry.seq,
            "at": format_timestamp(entry.at),
            "principal": entry.principal,
            "act": entry.act,
            "about": entry.about,
            "subject": entry.subject,
            "detail": orjson.loads(entry.detail),
        }
        for entry in entries
    ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        row["detail"] = ", ".join(f"{k}={v}" for k, v in row["detail"].items())
    show_rows(rows, ("seq", "at", "principal", "act", "about", "subject", "detail"), False)
