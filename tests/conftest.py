"""Shared fixtures. Real parts only: loopback servers, SQLite files, PostgreSQL.

`db_url` runs a test on SQLite and on PostgreSQL (from ALLYHUB_TEST_POSTGRES, one fresh
database per test; skipped with a reason when unset, and failing under CI instead).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import psycopg
import pytest
import uvicorn

from allyhub.app import Services, build_services, create_app, hub_signing_key, public_key_text
from allyhub.charter import Role
from allyhub.charter.load import pin_public_keys
from allyhub.demo.scenario import build
from allyhub.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_RSII = ROOT / "examples" / "rsii.toml"
POSTGRES = os.environ.get("ALLYHUB_TEST_POSTGRES", "")


def _one_room_charter() -> Path:
    """The seed's charter with Damascus hosting every member: single-hub tests act for
    any member there (a hub stores what a member does only where the charter hosts it)."""
    text = SEED_RSII.read_text().replace(
        'hosts = ["sy", "ru", "hz"]', 'hosts = ["sy", "ru", "hz", "ir", "iq"]'
    )
    path = Path(tempfile.mkdtemp(prefix="allyhub-charter-")) / "rsii.toml"
    path.write_text(text)
    return path


RSII = _one_room_charter()


def pin_hub_keys(text: str, data_dirs: dict[str, Path]) -> str:
    """A charter's text with each hub's public key pinned, made in its data directory as
    `allyhub hub key` would: hubs check each other's seals with these keys."""
    keys = {
        hub_id: public_key_text(hub_signing_key(Settings(hub=hub_id, data_dir=str(data_dir))))
        for hub_id, data_dir in data_dirs.items()
    }
    return pin_public_keys(text, keys)


def _admin_url() -> str:
    return POSTGRES.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if not POSTGRES:
        if os.environ.get("ALLYHUB_CI"):
            pytest.fail("ALLYHUB_TEST_POSTGRES is not set under CI")
        pytest.skip(
            "PostgreSQL tests need ALLYHUB_TEST_POSTGRES (e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    name = f"allyhub_t_{secrets.token_hex(6)}"
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = _admin_url().rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(
        charter=str(RSII),
        hub="damascus",
        data_dir=str(tmp_path / "data"),
        db=db_url,
        secret_key="test-secret",
    )


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    yield built
    built.engine.dispose()


@dataclass
class RunningHub:
    """A hub served by uvicorn on 127.0.0.1 in a thread."""

    url: str
    services: Services

    @property
    def root(self) -> str:
        return f"{self.url}/taxii2/{self.services.charter.id}/"

    def collection_url(self, alias: str = "joint") -> str:
        collection = self.services.charter.collection(alias)
        assert collection is not None
        return f"{self.root}collections/{collection.id}/"

    def key(
        self, member: str, role: Role = Role.ANALYST, name: str | None = None
    ) -> tuple[str, str]:
        """(principal id, key) for a new key of this member."""
        key, record = self.services.keys.create(member, role, name)
        return record.principal, key


@pytest.fixture
def member_client(hub: RunningHub) -> Iterator[Callable[[str], httpx.Client]]:
    """Make an httpx client authenticated as a new analyst key of a member."""
    made: list[httpx.Client] = []

    def make(member: str, role: Role = Role.ANALYST) -> httpx.Client:
        user, key = hub.key(member, role)
        taxii = "application/taxii+json;version=2.1"
        made.append(
            httpx.Client(
                auth=(user, key), headers={"Accept": taxii, "Content-Type": taxii}, timeout=60
            )
        )
        return made[-1]

    yield make
    for made_client in made:
        made_client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_port_pair() -> int:
    """A free port whose next port is free too (for a command that takes an offset and
    listens on two neighbouring ports): `free_port() + 1` alone was sometimes taken, and
    the demo then waited minutes for a hub that could not listen."""
    while True:
        port = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port


@dataclass
class HubProcess:
    """`allyhub serve` in its own process, for tests that kill it or need a real process."""

    settings: Settings
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        environ = {**os.environ, "ALLYHUB_SECRET_KEY": self.settings.secret_key}
        command = [
            sys.executable,
            "-m",
            "allyhub",
            "serve",
            "--charter",
            self.settings.charter,
            "--hub",
            self.settings.hub,
            "--db",
            self.settings.db,
            "--data-dir",
            self.settings.data_dir,
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, env=environ)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"allyhub serve exited with {self.process.returncode}")
            try:
                httpx.get(self.url + "/taxii2/", timeout=1)
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no clean-up, no flush, as a crash would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def hub_process(settings: Settings, services: Services) -> Iterator[tuple[HubProcess, RunningHub]]:
    """A real `allyhub serve` process; the RunningHub view shares its database for keys."""
    process = HubProcess(settings, free_port())
    process.start()
    try:
        yield process, RunningHub(process.url, services)
    finally:
        process.stop()


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test runner owns signals
        pass


@contextmanager
def serving(services: Services) -> Iterator[RunningHub]:
    """Serve a hub with uvicorn on 127.0.0.1, port 0, in a thread."""
    app = create_app(services)
    # as `allyhub serve`: forwarded headers are the app's to believe (trusted_proxies)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", proxy_headers=False)
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the hub did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningHub(f"http://127.0.0.1:{port}", services)
    finally:
        app.state.stopping.set()  # as `allyhub serve` does: open console streams end
        server.should_exit = True
        thread.join(timeout=10)


def share_seed(services: Services) -> dict[str, dict[str, Any]]:
    """The seed scenario shared through the services, fused; its objects by name (or type)."""
    for share in build(services.charter):
        key, _ = services.keys.create(share.member, Role.ANALYST, "seed")
        status = services.sharing.share(
            services.keys.authenticate(key), "joint", orjson.dumps({"objects": share.objects})
        )
        assert not status.failures, status.failures
    services.fusion.catch_up()
    return {o.get("name", o["type"]): o for s in build(services.charter) for o in s.objects}


@pytest.fixture
def hub(services: Services) -> Iterator[RunningHub]:
    with serving(services) as running:
        yield running


@pytest.fixture
def hub_pair(tmp_path: Path, db_url: str) -> Iterator[tuple[RunningHub, RunningHub]]:
    """Damascus (on the parametrized database) and Baghdad (SQLite), each serving, as the
    seed's charter places them (Damascus hosts sy, ru, hz; Baghdad iq, ir), keys pinned."""
    charter = tmp_path / "rsii.toml"
    dirs = {"damascus": tmp_path / "d", "baghdad": tmp_path / "b"}
    charter.write_text(pin_hub_keys(SEED_RSII.read_text(), dirs))
    damascus = build_services(
        Settings(
            charter=str(charter),
            hub="damascus",
            data_dir=str(dirs["damascus"]),
            db=db_url,
            secret_key="test-secret",
        )
    )
    baghdad = build_services(
        Settings(
            charter=str(charter),
            hub="baghdad",
            data_dir=str(dirs["baghdad"]),
            db=f"sqlite:///{tmp_path / 'baghdad.sqlite'}",
            secret_key="test-secret",
        )
    )
    with serving(damascus) as first, serving(baghdad) as second:
        for here, there in ((first, second), (second, first)):
            key, _ = there.services.keys.create_peer(here.services.settings.hub)
            here.services.replication.set_credentials(there.services.settings.hub, key)
        yield first, second
    damascus.engine.dispose()
    baghdad.engine.dispose()
