"""The `allyhub` entry point: the typer app and the command groups it mounts.

Each command group lives in its own module and is mounted here, once.
"""

from __future__ import annotations

import os
import sys

import typer

from allyhub import __version__
from allyhub.cli import audit, bench, db, hub, key, member, misp, resolve, rfi, sync
from allyhub.cli.demo import demo
from allyhub.cli.exits import exit_code, one_line
from allyhub.cli.group import CommandGroup
from allyhub.cli.pull import pull
from allyhub.cli.serve import serve
from allyhub.cli.share import share
from allyhub.errors import AllyhubError

app = typer.Typer(
    name="allyhub",
    cls=CommandGroup,
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


app.command()(serve)
app.command()(demo)
app.command()(share)
app.command()(pull)
app.add_typer(key.app, name="key")
app.add_typer(db.app, name="db")
app.add_typer(hub.app, name="hub")
app.add_typer(member.app, name="member")
app.add_typer(rfi.app, name="rfi")
app.add_typer(audit.app, name="audit")
app.add_typer(sync.peer_app, name="peer")
app.add_typer(sync.sync_app, name="sync")
app.add_typer(bench.app, name="bench")
app.add_typer(resolve.app, name="resolve")
app.add_typer(misp.import_app, name="import")
app.add_typer(misp.export_app, name="export")


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
