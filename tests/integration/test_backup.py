"""`allyhub db backup` while a hub takes shares, then `allyhub db restore` into a fresh
hub: the same objects come back and the audit trail verifies, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path

import httpx
import orjson
import psycopg
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from allyhub.app import build_services
from allyhub.cli.main import app
from allyhub.settings import Settings
from allyhub.store.schema import objects
from tests.conftest import POSTGRES, RSII, RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"


@pytest.fixture
def fresh_db(tmp_path: Path, db_url: str) -> Iterator[Callable[[], str]]:
    """Makes empty databases of the same kind as the hub's, to restore into."""
    admin = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    made: list[str] = []

    def make() -> str:
        if db_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'restored-{secrets.token_hex(4)}.sqlite'}"
        made.append(f"allyhub_r_{secrets.token_hex(6)}")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{made[-1]}"')
        return f"{admin.rsplit('/', 1)[0]}/{made[-1]}"

    yield make
    with psycopg.connect(admin, autocommit=True) if made else nullcontext() as connection:
        for name in made:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _versions(settings: Settings) -> dict[tuple[str, int], bytes]:
    services = build_services(settings, migrate=False)
    try:
        with services.engine.connect() as connection:
            rows = connection.execute(select(objects.c.stix_id, objects.c.version, objects.c.body))
            return {(stix_id, version): bytes(body) for stix_id, version, body in rows}
    finally:
        services.engine.dispose()


def _flags(settings: Settings) -> list[str]:
    return [
        "--charter",
        str(RSII),
        "--hub",
        settings.hub,
        "--db",
        settings.db,
        "--data-dir",
        settings.data_dir,
    ]


def test_backup_under_load_restores_the_same_objects_and_a_verifying_audit(
    hub: RunningHub, tmp_path: Path, fresh_db: Callable[[], str]
) -> None:
    runner = CliRunner()
    source = hub.services.settings
    env = {"ALLYHUB_SECRET_KEY": source.secret_key}
    user, key = hub.key("ru")
    stop = threading.Event()
    shared: list[int] = []

    def share_until_stopped() -> None:
        headers = {"Accept": TAXII, "Content-Type": TAXII}
        with httpx.Client(auth=(user, key), headers=headers, timeout=60) as client:
            while not stop.is_set() and len(shared) < 200:
                batch = [indicator(value=f"10.9.{len(shared)}.{i}") for i in range(20)]
                answer = client.post(
                    hub.collection_url() + "objects/", content=orjson.dumps(envelope(*batch))
                )
                shared.append(answer.status_code)

    writer = threading.Thread(target=share_until_stopped)
    writer.start()
    try:
        while len(shared) < 5:  # the hub is busy sharing
            stop.wait(0.01)
        during = runner.invoke(
            app, ["db", "backup", str(tmp_path / "during.tar"), *_flags(source), "--json"], env=env
        )
    finally:
        stop.set()
        writer.join()
    assert during.exit_code == 0, during.output
    assert set(shared) == {202}
    after = runner.invoke(
        app, ["db", "backup", str(tmp_path / "after.tar"), *_flags(source)], env=env
    )
    assert after.exit_code == 0, after.output
    assert (tmp_path / "after.tar").stat().st_mode & 0o077 == 0  # it holds the hub's keys

    original = _versions(source)
    for backup, complete in (("during.tar", False), ("after.tar", True)):
        target = Settings(
            charter=str(RSII),
            hub="damascus",
            data_dir=str(tmp_path / f"data-{backup}"),
            db=fresh_db(),
            secret_key=source.secret_key,
        )
        restored = runner.invoke(
            app, ["db", "restore", str(tmp_path / backup), *_flags(target), "--json"], env=env
        )
        assert restored.exit_code == 0, restored.output
        report = orjson.loads(restored.stdout)
        assert report["audit_intact"] is True and report["audit_entries"] > 0
        back = _versions(target)
        assert back and all(original[k] == body for k, body in back.items())
        if complete:
            assert back == original
        services = build_services(target, migrate=False)  # a hub starts on it
        services.engine.dispose()
    assert orjson.loads(during.stdout)["objects"] <= len(original)


def test_restore_refuses_a_database_that_is_not_empty(hub: RunningHub, tmp_path: Path) -> None:
    runner = CliRunner()
    source = hub.services.settings
    env = {"ALLYHUB_SECRET_KEY": source.secret_key}
    backup = runner.invoke(app, ["db", "backup", str(tmp_path / "b.tar"), *_flags(source)], env=env)
    assert backup.exit_code == 0, backup.output
    again = runner.invoke(app, ["db", "restore", str(tmp_path / "b.tar"), *_flags(source)], env=env)
    assert again.exit_code == 1 and "not empty" in again.output
