"""`allyhub demo`: the seed's coalition on two command-room hubs (SQLite), until Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import typer

from allyhub.demo.runner import Demo

# Shipped in the wheel (src/allyhub/examples links to the repository's examples/), so
# `allyhub demo` works from an installed package as from a clone.
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "rsii.toml"


def demo(
    check: bool = typer.Option(
        False, "--check", help="Run headless, verify, exit 0 only if all holds."
    ),
    data_dir: Path = typer.Option(
        Path("data/demo"), "--data-dir", help="Where the demo's hubs keep data (wiped)."
    ),
    charter_path: Path = typer.Option(
        None, "--charter", help="Charter to run (default: the seed's, shipped with allyhub)."
    ),
    port_offset: int = typer.Option(0, "--port-offset", help="Add this to the hubs' ports."),
) -> None:
    """The seed scenario on two hubs: members share over TAXII, govern, and the hubs sync."""
    scenario = Demo(charter_path or EXAMPLE, data_dir, port_offset)
    scenario.prepare()
    scenario.start()
    try:
        failures = scenario.play(lambda line: typer.echo(f"· {line}"))
        if check:
            results = [("every scenario object was accepted", failures == 0), *scenario.check()]
            for text, ok in results:
                typer.echo(f"[{'ok' if ok else 'FAIL'}] {text}")
            raise typer.Exit(0 if all(ok for _, ok in results) else 1)
        typer.echo("")
        for hub in scenario.charter.hubs:
            typer.echo(f"{hub.name}: {scenario.url(hub.id)}/  (console; TAXII at /taxii2/)")
        typer.echo("\nLogins, each at its own hub (console sign-in, or HTTP Basic):")
        typer.echo("  liaisons share and vote; analysts share")
        for (_, role), login in sorted(scenario.logins.items()):
            typer.echo(f"  {login.hub:<9} {role.value:<8} {login.principal:<14} {login.key}")
        typer.echo("\nCtrl-C stops the demo.")
        for process in scenario.processes.values():
            process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        scenario.stop()
