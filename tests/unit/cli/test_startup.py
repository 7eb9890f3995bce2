"""`allyhub --help`, `share` and `pull` start without the hub's own code (issue 15: CLI
start-up ≤ 0.3 s). Tests never time things; they check what a start imports instead, in a
fresh interpreter, and that the root's help lines are the commands' own."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from allyhub.cli.main import COMMANDS, app

SERVER_SIDE = (
    "allyhub.composition",
    "allyhub.service",
    "allyhub.store",
    "allyhub.fusion",
    "allyhub.app",
    "sqlalchemy",
    "uvicorn",
    "starlette",
    "numpy",
    "stix2",
    # the STIX validator and its patterns (≈ 100 ms): the client reads pages with
    # allyhub.limits and allyhub.timestamps only
    "allyhub.stix",
)


def _imported(*argv: str) -> set[str]:
    """The modules a fresh `python -m allyhub ARGV` imports (read from -X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "allyhub", *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize("argv", [["--help"], ["share", "--help"], ["pull", "--help"]])
def test_a_client_command_starts_without_the_server_side(argv: list[str]) -> None:
    imported = _imported(*argv)
    assert "allyhub.cli.main" in imported  # the probe sees our imports at all
    heavy = sorted(m for m in imported if any(m == s or m.startswith(f"{s}.") for s in SERVER_SIDE))
    assert not heavy, f"`allyhub {' '.join(argv)}` imports {heavy[:10]}"


def test_the_root_help_imports_no_command() -> None:
    imported = _imported("--help")
    assert not {m for m in imported if m.startswith("allyhub.cli.")} - {
        "allyhub.cli.main",
        "allyhub.cli.group",
        "allyhub.cli.exits",
    }
    assert "httpx" not in imported


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_root_help_line_is_the_commands_own(name: str) -> None:
    root = typer.main.get_command(app)
    command = root.get_command(typer.Context(root), name)  # type: ignore[attr-defined]
    assert command is not None and command.name == name
    assert COMMANDS[name].help == command.help.strip()
