"""`allyhub demo`: the seed scenario on SQLite, served until Ctrl-C (or checked headless)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import typer

from allyhub.app import open_services
from allyhub.charter import Charter, Role, load_charter
from allyhub.client import TaxiiClient
from allyhub.demo.scenario import build
from allyhub.errors import NotFound
from allyhub.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "rsii.toml"


@dataclass(frozen=True, slots=True)
class Login:
    member: str
    principal: str
    key: str


def _start(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "allyhub", "serve", "--charter", settings.charter,
        "--hub", settings.hub, "--data-dir", settings.data_dir, "--port", str(port),
        "--log-level", "warning",
    ]  # fmt: skip
    environ = {**os.environ, "ALLYHUB_SECRET_KEY": settings.secret_key}
    process = subprocess.Popen(command, env=environ)
    url = f"http://127.0.0.1:{port}/taxii2/"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            typer.echo(f"the {settings.hub} hub did not start (port {port} in use?)", err=True)
            raise typer.Exit(1)
        try:
            httpx.get(url, timeout=1)
            return process
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.1)


def _logins(settings: Settings, charter: Charter) -> dict[str, Login]:
    logins = {}
    with open_services(settings) as services:
        for member in charter.members:
            # liaisons: they share like analysts and may also vote in the console
            key, record = services.keys.create(member.id, Role.LIAISON)
            logins[member.id] = Login(member.id, record.principal, key)
    return logins


def _visible(client: TaxiiClient, url: str, stix_id: str) -> bool:
    try:
        client.get_object(url, stix_id)
    except NotFound:
        return False
    return True


def _check(base: str, logins: dict[str, Login], charter: Charter) -> list[tuple[str, bool]]:
    shares = build(charter)
    by_name = {o.get("name", o["id"]): o for share in shares for o in share.objects}
    visit = by_name["Soleimani visited Moscow in July 2015 to plan the Syria campaign"]
    isil = by_name["Islamic State of Iraq and the Levant"]
    results = []
    for member, expected in (("ir", True), ("ru", True), ("sy", False), ("hz", False)):
        login = logins[member]
        with TaxiiClient(base, user=login.principal, key=login.key) as client:
            url = client.collection_url(client.api_root(), "joint")
            seen = _visible(client, url, visit["id"])
            results.append(
                (f"the Moscow-visit report (AMBER, released to ir and ru) is "
                 f"{'visible' if expected else 'invisible'} to {member}", seen == expected)
            )  # fmt: skip
    with TaxiiClient(base, user=logins["hz"].principal, key=logins["hz"].key) as client:
        url = client.collection_url(client.api_root(), "joint")
        results.append(
            ("ISIL (GREEN) is visible to the associate hz", _visible(client, url, isil["id"]))
        )
    return results


def demo(
    check: bool = typer.Option(
        False, "--check", help="Run headless, verify, exit 0 only if all holds."
    ),
    data_dir: Path = typer.Option(
        Path("data/demo"), "--data-dir", help="Where the demo's hubs keep data (wiped)."
    ),
    charter_path: Path = typer.Option(
        None, "--charter", help="Charter to run (default: examples/rsii.toml, the seed)."
    ),
    port: int = typer.Option(0, "--port", help="Port for the hub (default: from the charter)."),
) -> None:
    """Run the seed scenario: hubs on SQLite, members share over TAXII, logins printed."""
    charter_path = charter_path or EXAMPLE
    charter = load_charter(charter_path)
    hub = charter.hubs[0]
    shutil.rmtree(data_dir, ignore_errors=True)
    settings = Settings(
        charter=str(charter_path), hub=hub.id, data_dir=str(data_dir), secret_key="allyhub-demo"
    )
    logins = _logins(settings, charter)
    port = port or int(hub.url.rsplit(":", 1)[1])
    process = _start(settings, port)
    base = f"http://127.0.0.1:{port}"
    try:
        failures = 0
        for share in build(charter):
            login = logins[share.member]
            with TaxiiClient(base, user=login.principal, key=login.key) as client:
                status = client.add(
                    client.collection_url(client.api_root(), "joint"), share.objects
                )
                failures += int(status.get("failure_count", 0))
                for failure in status.get("failures", []):
                    typer.echo(f"  rejected {failure['id']}: {failure.get('message')}", err=True)
        if check:
            results = [
                ("every scenario object was accepted", failures == 0),
                *_check(base, logins, charter),
            ]
            for text, ok in results:
                typer.echo(f"[{'ok' if ok else 'FAIL'}] {text}")
            raise typer.Exit(0 if all(ok for _, ok in results) else 1)
        typer.echo(f"\n{hub.name}: console at {base}/  (TAXII 2.1 at {base}/taxii2/)")
        typer.echo("Logins (console sign-in, or HTTP Basic: principal / key):")
        for login in logins.values():
            typer.echo(f"  {login.principal:<14} {login.key}")
        typer.echo("\nCtrl-C stops the demo.")
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
