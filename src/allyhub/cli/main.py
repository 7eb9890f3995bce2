"""The `allyhub` entry point: the typer app and the command groups it mounts.

Each command group lives in its own module and is mounted here, once.
"""

from __future__ import annotations

import typer

from allyhub import __version__
from allyhub.cli import resolve

app = typer.Typer(
    name="allyhub",
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


app.add_typer(resolve.app, name="resolve")


def run() -> None:
    """Console-script entry point."""
    app()
