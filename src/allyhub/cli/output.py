"""What commands print: tables for people, JSON for scripts.

Every command that lists or reports takes `--json` and then prints one JSON document on
standard output (the same fields a table shows, unabridged), and nothing else there.
Tables take the terminal's width, and the full width of their content when piped, so
that nothing is cut to 80 columns with an ellipsis. rich is imported when something is
printed with it: `allyhub share` and `pull` reach their first request without it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import orjson
import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

JsonOption = typer.Option(
    False, "--json", help="Print one JSON document instead of text (for scripts)."
)

_UNBOUNDED = 1_000_000


def console(*, stderr: bool = False) -> Console:
    """A console as wide as the terminal, or unbounded when the output is not a terminal."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else _UNBOUNDED
    return Console(width=width, stderr=stderr, soft_wrap=width is not None)


def progress_bar(what: str) -> Progress:
    """A bar with a count and the time left, on standard error, gone when done (for work
    of known size). One bar for every command (share, MISP import and export), imported
    when work starts."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    return Progress(*columns, console=console(stderr=True), transient=True)


def spinner() -> Progress:
    """A spinner with a line of text, on standard error, for work of unknown size."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"))
    return Progress(*columns, console=console(stderr=True), transient=True)


def print_json(value: Any) -> None:
    """One JSON document on standard output."""
    typer.echo(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))


def print_table(
    columns: Sequence[str], rows: Iterable[Sequence[str]], *, title: str | None = None
) -> None:
    """A table whose cells are never cut: long cells wrap on a terminal and stay whole in
    a pipe."""
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console().print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def show_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    as_json: bool,
    *,
    title: str | None = None,
) -> None:
    """Rows as a table of these columns (keys; spaces for underscores in the heading),
    or with --json as a list of objects with every key of every row."""
    found = list(rows)
    if as_json:
        print_json(found)
        return
    headings = [c.replace("_", " ") for c in columns]
    print_table(headings, ([_cell(row.get(c)) for c in columns] for row in found), title=title)
