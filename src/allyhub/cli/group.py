"""The command group every `allyhub` command runs under.

It does three things once for all commands: it turns allyhub's errors (and OS errors about
files) into one line on standard error and an exit code from `cli/exits.py`, it labels
option values in `--help` with plain words (TEXT, INTEGER, PATH, a choice list; nothing
for flags) instead of Python type names, and it reads plain values without pydantic
(`cli/coercion.py`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from allyhub.cli.coercion import plain_coercion
from allyhub.cli.exits import exit_code, one_line
from allyhub.errors import AllyhubError

_WORDS = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "NUMBER",
    "int range": "INTEGER",
    "float range": "NUMBER",
    "path": "PATH",
    "file": "PATH",
    "directory": "DIR",
    "list[str]": "TEXT",
}


def _word(label: str) -> str:
    bare = label.strip("<>")
    if "|" in bare:
        return bare  # a choice: its values are the words
    return _WORDS.get(bare, bare.upper())


def label(command: Any) -> None:
    """Give every parameter of a command (and of its subcommands) a readable value label,
    and the plain coercion where it applies."""
    if getattr(command, "_allyhub_labelled", False):
        return
    command._allyhub_labelled = True
    context = typer.Context(command)
    helper = command.get_help_option(context)
    params = [*command.params, *([helper] if helper is not None else [])]
    for param in params:
        if isinstance(param, TyperOption | TyperArgument):
            plain_coercion(param)
        if isinstance(param, TyperOption) and param.metavar is None:
            flag = param.is_flag or param.count
            param.metavar = "" if flag else _word(param.display_type(context))
        elif isinstance(param, TyperArgument):
            word = _word(param.display_type(context))
            param.metavar = param.metavar or (param.name or "value").upper()
            # the type column of an argument ignores metavar: give it the same word
            setattr(param, "display_type_rich", _Label(word))  # noqa: B010
    for sub in getattr(command, "commands", {}).values():
        label(sub)


class _Label:
    """A parameter's `display_type_rich`, answering one word whatever the context."""

    def __init__(self, word: str) -> None:
        self.word = word

    def __call__(self, ctx: Context) -> str:
        return self.word


@dataclass(frozen=True, slots=True)
class Mounted:
    """A command of the root group, imported when it is first needed: `module.attr` is a
    command function or a `typer.Typer` group; `help` is its line in the root's help."""

    module: str
    attr: str
    help: str

    def load(self, name: str) -> Command:
        found = getattr(importlib.import_module(self.module), self.attr)
        if isinstance(found, typer.Typer):
            group: Command = typer.main.get_group(found)
            group.name = name
            return group
        single = typer.Typer(add_completion=False)
        single.command(name)(found)
        return typer.main.get_command(single)


class CommandGroup(TyperGroup):
    """The root group: commands imported on first use, readable help labels, and one line
    plus an exit code per error."""

    mounted: ClassVar[Mapping[str, Mounted]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False
        label(self)

    def list_commands(self, ctx: Context) -> list[str]:
        return [*self.mounted, *(n for n in super().list_commands(ctx) if n not in self.mounted)]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        mounted = self.mounted.get(cmd_name)
        if mounted is not None and cmd_name not in self.commands:
            if self._listing:  # the root's help needs a line, not the command
                return TyperCommand(cmd_name, help=mounted.help)
            self.add_command(mounted.load(cmd_name), cmd_name)
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            label(command)
        return command

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader went away; run() leaves quietly
        except (AllyhubError, OSError) as exc:
            typer.echo(f"allyhub: {one_line(exc)}", err=True)
            raise typer.Exit(exit_code(exc)) from None
