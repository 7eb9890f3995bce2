"""Render the CLI reference (docs/cli.md) from the commands themselves.

A test regenerates it and compares, so the reference cannot drift from `--help`.
Run `python -m allyhub.cli.reference > docs/cli.md` after changing a command.
"""

from __future__ import annotations

from typing import Any

import typer

from allyhub.cli.exits import EXIT_CODES
from allyhub.cli.main import app


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    if isinstance(command, typer.core.TyperGroup):
        context = typer.Context(command)
        for name in sorted(command.list_commands(context)):
            found += _walk(command.get_command(context, name), [*path, name])
    return found


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _param(param: Any) -> str:
    if param.param_type_name == "argument":
        return f"| `{param.name.upper()}` | argument | {_cell(getattr(param, 'help', ''))} |"
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    extra = ""
    default = param.default
    if param.required:
        extra = " (required)"
    elif default not in (None, False, "", ()) and not callable(default):
        extra = f" (default: `{getattr(default, 'value', default)}`)"
    if param.envvar:
        extra += f" [env: {param.envvar}]"
    return f"| {names} | option | {_cell(param.help)}{extra} |"


def render() -> str:
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands by `python -m allyhub.cli.reference > docs/cli.md`;",
        "a test fails when this file and `--help` disagree.",
        "",
        "## For scripts",
        "",
        "Every command that lists or reports takes `--json` and then prints one JSON",
        "document on standard output and nothing else there; tables are never cut when",
        "piped. Errors are one line on standard error, `allyhub: <what went wrong>`, never",
        "a traceback. `--url` takes the hub's address or any address under it (the",
        "`.../taxii2/` the demo and `serve` print). Exit codes:",
        "",
        "| code | meaning |",
        "|---|---|",
        *(f"| {code} | {meaning} |" for code, meaning in EXIT_CODES),
        "",
    ]
    for path, command in _walk(typer.main.get_command(app), ["allyhub"]):
        if command.hidden:
            continue
        lines += [f"## `{' '.join(path)}`", ""]
        if command.help:
            lines += [command.help.strip(), ""]
        params = [p for p in command.params if not getattr(p, "hidden", False)]
        if params:
            lines += ["| name | kind | help |", "|---|---|---|", *map(_param, params), ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
