"""The `allyhub` entry point: the typer app and the commands it mounts.

Each command (or command group) lives in its own module, named once in `COMMANDS`. A module
is imported only when its command runs or its help is asked for: `allyhub share` needs an
HTTP client, not the server, the store and fusion's tables (issue 15: start-up ≤ 0.3 s).
"""

from __future__ import annotations

import os
import sys

import typer

from allyhub import __version__
from allyhub.cli.exits import exit_code, one_line
from allyhub.cli.group import CommandGroup, Mounted
from allyhub.errors import AllyhubError

COMMANDS = {
    "serve": Mounted(
        "allyhub.cli.serve",
        "serve",
        "Serve one hub of the charter over TAXII 2.1, migrating its database first.",
    ),
    "demo": Mounted(
        "allyhub.cli.demo",
        "demo",
        "The seed scenario on two hubs: members share over TAXII, govern, and the hubs sync.",
    ),
    "share": Mounted(
        "allyhub.cli.share",
        "share",
        "Share STIX objects; print the rejected ones with reasons (exit 1 if any).",
    ),
    "pull": Mounted(
        "allyhub.cli.pull",
        "pull",
        "Append every object version visible to you, then remember where it stopped.",
    ),
    "key": Mounted("allyhub.cli.key", "app", "Issue, list and revoke API keys."),
    "db": Mounted("allyhub.cli.db", "app", "Database maintenance."),
    "hub": Mounted("allyhub.cli.hub", "app", "This hub's own identity."),
    "member": Mounted(
        "allyhub.cli.member", "app", "Governance: members, motions, votes, invitations, denies."
    ),
    "rfi": Mounted(
        "allyhub.cli.rfi",
        "app",
        "Requests for information: ask, route, accept, decline, answer, close; queue, board, "
        "coverage; capabilities and standing requirements (PIRs).",
    ),
    "audit": Mounted("allyhub.cli.audit", "app", "Verify, show and anchor the signed audit trail."),
    "peer": Mounted(
        "allyhub.cli.sync", "peer_app", "Credentials this hub presents to its peers and feeds."
    ),
    "sync": Mounted("allyhub.cli.sync", "sync_app", "Replication with peer hubs and feeds."),
    "bench": Mounted(
        "allyhub.cli.bench",
        "app",
        "Measure the budgets (share rate, page latency, memory) against medallion.",
    ),
    "resolve": Mounted(
        "allyhub.cli.resolve",
        "app",
        "Resolve names across scripts: same entity or not, and why.",
    ),
    "import": Mounted(
        "allyhub.cli.misp", "import_app", "Bring data from other tools into the hub."
    ),
    "export": Mounted(
        "allyhub.cli.misp", "export_app", "Take your view of the hub to other tools."
    ),
}
"""Command name -> where it lives, and the line `allyhub --help` shows for it without
importing it (tests/unit/cli/test_startup.py holds each line to the command's own)."""


class RootGroup(CommandGroup):
    mounted = COMMANDS


app = typer.Typer(
    name="allyhub",
    cls=RootGroup,
    help="A federated intelligence-sharing hub for coalitions (STIX 2.1 over TAXII 2.1).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"allyhub {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """allyhub: share, fuse and govern a coalition's intelligence."""


def run() -> None:
    """Console-script entry point. Errors become one line and an exit code (cli/exits.py);
    CommandGroup does it for commands, this for what fails before one runs."""
    try:
        app()
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except (AllyhubError, OSError) as exc:
        typer.echo(f"allyhub: {one_line(exc)}", err=True)
        raise SystemExit(exit_code(exc)) from None
