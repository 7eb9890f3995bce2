"""The command group every `allyhub` command runs under.

It does two things once for all commands: it turns allyhub's errors (and OS errors about
files) into one line on standard error and an exit code from `cli/exits.py`, and it
labels option values in `--help` with plain words (TEXT, INTEGER, PATH, a choice list;
nothing for flags) instead of Python type names.
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click.core import Context
from typer.core import TyperArgument, TyperGroup, TyperOption

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
    """Give every parameter of a command (and of its subcommands) a readable value label."""
    if getattr(command, "_allyhub_labelled", False):
        return
    command._allyhub_labelled = True
    context = typer.Context(command)
    helper = command.get_help_option(context)
    params = [*command.params, *([helper] if helper is not None else [])]
    for param in params:
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


class CommandGroup(TyperGroup):
    """The root group: readable help labels, and one line plus an exit code per error."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        label(self)

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            label(command)
        return command

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader went away; run() leaves quietly
        except (AllyhubError, OSError) as exc:
            typer.echo(f"allyhub: {one_line(exc)}", err=True)
            raise typer.Exit(exit_code(exc)) from None
