"""`allyhub --help`, `share` and `pull` start without the hub's own code (issue 15: CLI
start-up ≤ 0.3 s). Tests never time things; they check what a start imports instead, in a
fresh interpreter, and that the root's help lines are the commands' own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from allyhub.cli.main import COMMANDS, app
from tests.conftest import free_port

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
CLIENT_SIDE_EXTRAS = (
    # typer's pydantic adapters (≈ 80 ms): plain values are read by cli/coercion.py
    "pydantic",
    "typer._adapters",
    # what httpx's own command line imports (click, pygments, rich.syntax): allyhub.client
    # blocks `httpx._main` (-X importtime lists the blocked attempt, so not that name)
    "click",
)


def _imported(*argv: str, exit_code: int = 0) -> set[str]:
    """The modules a fresh `python -m allyhub ARGV` imports (read from -X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "allyhub", *argv],
        capture_output=True,
        text=True,
    )
    assert done.returncode == exit_code, done.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize("argv", [["--help"], ["share", "--help"], ["pull", "--help"]])
def test_a_client_command_starts_without_the_server_side(argv: list[str]) -> None:
    imported = _imported(*argv)
    assert "allyhub.cli.main" in imported  # the probe sees our imports at all
    heavy = _heavy(imported, SERVER_SIDE + CLIENT_SIDE_EXTRAS)
    assert not heavy, f"`allyhub {' '.join(argv)}` imports {heavy[:10]}"
    if argv != ["--help"]:
        assert "httpx" not in imported  # the client is imported when the command runs


def _heavy(imported: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in imported if any(m == p or m.startswith(f"{p}.") for p in packages))


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["share", "{bundle}"], id="share"),
        pytest.param(["pull", "--out", "{out}"], id="pull"),
    ],
)
def test_a_client_command_reaches_its_first_request_with_httpx_alone(
    argv: list[str], tmp_path: Path
) -> None:
    """Up to its first request (refused here: nothing listens on the port), `share` and
    `pull` import httpx but neither pydantic, nor httpx's CLI, nor rich."""
    bundle = tmp_path / "bundle.json"
    bundle.write_text('{"type": "bundle", "id": "bundle--1", "objects": []}')
    args = [a.format(bundle=bundle, out=tmp_path / "out.jsonl") for a in argv]
    url = f"http://127.0.0.1:{free_port()}"
    imported = _imported(*args, "--url", url, "--key", "k", exit_code=3)
    assert "httpx" in imported and "allyhub.client" in imported
    heavy = _heavy(imported, SERVER_SIDE + CLIENT_SIDE_EXTRAS + ("rich", "pygments"))
    assert not heavy, f"`allyhub {argv[0]}` imports {heavy[:10]}"


def test_the_root_help_imports_no_command() -> None:
    imported = _imported("--help")
    assert not {m for m in imported if m.startswith("allyhub.cli.")} - {
        "allyhub.cli.main",
        "allyhub.cli.group",
        "allyhub.cli.coercion",
        "allyhub.cli.exits",
    }
    assert "httpx" not in imported


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_root_help_line_is_the_commands_own(name: str) -> None:
    root = typer.main.get_command(app)
    command = root.get_command(typer.Context(root), name)  # type: ignore[attr-defined]
    assert command is not None and command.name == name
    assert COMMANDS[name].help == command.help.strip()
