"""`allyhub peer` and `allyhub sync`: credentials for peers, and replication by hand."""

from __future__ import annotations

import typer

from allyhub.cli.exits import REFUSED
from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, hub_services
from allyhub.cli.output import JsonOption, print_json, show_rows
from allyhub.federation.peers import pull_source, sources
from allyhub.federation.push import push_peer
from allyhub.timestamps import format_timestamp

peer_app = typer.Typer(
    help="Credentials this hub presents to its peers and feeds.", no_args_is_help=True
)
sync_app = typer.Typer(help="Replication with peer hubs and feeds.", no_args_is_help=True)


@peer_app.command("credentials")
def credentials(
    peer: str = typer.Argument(..., help="Peer hub id or feed id from the charter."),
    key: str = typer.Option(..., "--key", help="The key the peer issued for this hub."),
    user: str = typer.Option(
        None, "--user", help="Principal at the peer (default for hubs: hub.<this hub>)."
    ),
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Keep the key for pulling from a peer (sealed with the hub secret)."""
    with hub_services(charter, hub, db, data_dir) as services:
        services.replication.set_credentials(peer, key, user)
    typer.echo(f"credentials for {peer} saved")


def _time(micros: int | None) -> str | None:
    return format_timestamp(micros) if micros else None


@sync_app.command("status")
def status(
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Per peer and collection: cursor, versions pulled, lag, last error; and versions served."""
    with hub_services(charter, hub, db, data_dir) as services:
        aliases = services.replication.collection_aliases()
        held = services.replication.quarantine_counts()
        pulled = [
            {
                "peer": cursor.peer,
                "collection": aliases.get(cursor.collection, cursor.collection),
                "cursor": cursor.added_after,
                "pulled": cursor.pulled,
                "refused": cursor.refused,
                "last_pull": _time(cursor.last_pull),
                "caught_up": _time(cursor.caught_up),
                "lag_seconds": cursor.lag / 1e6 if cursor.lag is not None else None,
                "last_error": cursor.last_error,
                "last_refusal": cursor.last_refusal,
                "quarantined": held.get((cursor.peer, cursor.collection), 0),
                "versions": cursor.versions,
            }
            for cursor in services.replication.cursors()
        ]
        served = [
            {"peer": peer, "versions_served": count, "last_served": _time(last)}
            for peer, (count, last) in sorted(services.replication.served().items())
        ]
    if as_json:
        print_json({"pulled": pulled, "served": served})
        return
    columns = ("peer", "collection", "cursor", "pulled", "refused", "last_pull", "caught_up")
    more = ("quarantined", "versions", "lag_seconds", "last_error", "last_refusal")
    show_rows(pulled, (*columns, *more), False)
    show_rows(served, ("peer", "versions_served", "last_served"), False)


@sync_app.command("pull")
def pull(
    peer: str = typer.Argument(None, help="Only this peer or feed (default: all of this hub's)."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Pull from peers and feeds until caught up, once (serve does this continuously).

    Exits 1 when a source sent versions this hub refused: each is quarantined with its
    reason (`allyhub sync quarantine`), and `allyhub sync retry` offers them again."""
    with hub_services(charter, hub, db, data_dir) as services:
        chosen = [
            s for s in sources(services.charter, services.settings.hub) if peer in (None, s.id)
        ]
        if not chosen:
            raise typer.BadParameter(f"{peer!r} is not a peer or feed of this hub")
        done = []
        for source in chosen:
            pulled = pull_source(services.replication, source)
            done.append({"source": source.id, "added": pulled.added, "refused": pulled.refused})
            if not as_json:
                line = f"{source.id}: {pulled.added} new versions"
                if pulled.refused:
                    line += (
                        f", {pulled.refused} refused (quarantined with their reasons: "
                        f"allyhub sync quarantine {source.id})"
                    )
                typer.echo(line)
            for cursor in services.replication.cursors(source.id):
                if cursor.versions != "all" and not as_json:
                    typer.echo(
                        f"{source.id}: the server offers only the latest version of each "
                        "object (match[version]=last)"
                    )
                    break
    if as_json:
        print_json(done)
    if any(entry["refused"] for entry in done):
        raise typer.Exit(REFUSED)


@sync_app.command("quarantine")
def quarantine(
    peer: str = typer.Argument(None, help="Only this peer or feed (default: all)."),
    limit: int = typer.Option(100, "--limit", min=1, help="Most entries shown."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """What peers and feeds sent that this hub refused, held with the reason."""
    with hub_services(charter, hub, db, data_dir) as services:
        aliases = services.replication.collection_aliases()
        rows = [
            {
                "source": entry.source,
                "collection": aliases.get(entry.collection, entry.collection),
                "id": entry.stix_id,
                "version": entry.version,
                "tries": entry.tries,
                "received": _time(entry.received),
                "reason": entry.reason,
            }
            for entry in services.replication.quarantined(peer, limit)
        ]
    if as_json:
        print_json(rows)
        return
    show_rows(rows, ("source", "collection", "id", "version", "tries", "reason"), False)


@sync_app.command("retry")
def retry(
    peer: str = typer.Argument(None, help="Only this peer or feed (default: all)."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Offer the quarantined versions again (after an upgrade or a charter change).

    What is stored now leaves the quarantine; what is still refused stays, with its new
    reason, and the command exits 1."""
    with hub_services(charter, hub, db, data_dir) as services:
        done = services.replication.retry(peer)
        left = sum(
            count
            for (source, _), count in services.replication.quarantine_counts().items()
            if peer in (None, source)
        )
    if as_json:
        print_json({"added": done.added, "refused": done.refused, "quarantined": left})
    else:
        typer.echo(f"{done.added} stored, {done.refused} still refused ({left} quarantined)")
    if done.refused:
        raise typer.Exit(REFUSED)


@sync_app.command("push")
def push(
    peer: str = typer.Argument(None, help="Only this peer hub (default: all of this hub's)."),
    as_json: bool = JsonOption,
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
) -> None:
    """Send peer hubs now what they would pull (only what their members may see)."""
    with hub_services(charter, hub, db, data_dir) as services:
        this = services.coalition.hub
        chosen = [p for p in this.peers if peer in (None, p)]
        if not chosen:
            raise typer.BadParameter(f"{peer!r} is not a peer hub of {this.id}")
        report = []
        for each in chosen:
            target = services.charter.hub(each)
            assert target is not None  # the charter's validation checks peers exist
            done = push_peer(services.reading, services.replication, each, target.url)
            report.append(
                {"peer": each, "sent": done.sent, "added": done.added, "refused": done.refused}
            )
            if not as_json:
                typer.echo(
                    f"{each}: {done.sent} versions sent, {done.added} new there, "
                    f"{done.refused} refused"
                )
    if as_json:
        print_json(report)
