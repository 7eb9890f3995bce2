"""Several hub hosts on one PostgreSQL (docs/deploy.md): three hosts behind HAProxy.

The test builds the deployment for real: three network namespaces (the hosts), each
running `allyhub serve --workers 2` on its own address and data directory, joined by a
bridge to the root namespace, where HAProxy balances HTTP round-robin over them and
forwards a TCP port to PostgreSQL (which listens on the root namespace's loopback only).
The peer hub (Baghdad, SQLite) serves on the bridge too, and records who calls it.

It shares through the balancer while the lock holder pulls a long backlog from the peer,
kills the holder's whole host with SIGKILL mid-sync, and checks: every object of every
status reported complete is present; one sync loop per peer across the deployment before
and after the kill (PostgreSQL's lock table, and the peer's view of who pulls); the
survivors take the work over (sync and fusion) and converge with the peer; a `next`
token, a status and a console session made on one host work on another (the dead one's
included); a live event reaches a console session on another host than the share's.

It needs root (network namespaces), `ip`, `haproxy` and PostgreSQL
(ALLYHUB_TEST_POSTGRES); without them it skips, and under ALLYHUB_CI=1 it fails.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import psycopg
import pytest
import uvicorn

from allyhub.app import Services, build_services, create_app
from allyhub.charter import Role, Tlp
from allyhub.federation.peers import Source, sync_once
from allyhub.settings import Settings
from allyhub.store.engine import make_engine, upgrade
from allyhub.store.holder import AdvisoryLock, FileLock, advisory_key
from tests.conftest import POSTGRES, SEED_RSII, free_port, pin_hub_keys
from tests.factories import envelope, indicator, threat_actor

TAXII = "application/taxii+json;version=2.1"
HOST_PORT = 8600  # each host has an address of its own
BACKLOG = 6000  # indicators the peer holds when the deployment starts pulling
ACTORS = 20
SECRET = "multihost-shared-secret"


def _prerequisites() -> None:
    missing = []
    if os.geteuid() != 0:
        missing.append("root (network namespaces)")
    for tool in ("ip", "haproxy"):
        if shutil.which(tool) is None:
            missing.append(tool)
    if not POSTGRES:
        missing.append("PostgreSQL (ALLYHUB_TEST_POSTGRES)")
    if missing:
        message = "the multi-host deployment test needs " + ", ".join(missing)
        if os.environ.get("ALLYHUB_CI"):
            pytest.fail(message)
        pytest.skip(message)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


def _admin() -> str:
    return POSTGRES.replace("postgresql+psycopg://", "postgresql://")


@dataclass
class Network:
    """A bridge in the root namespace (`<subnet>.1`) and a namespace per host."""

    subnet: str
    bridge: str
    namespaces: list[str]

    def address(self, index: int) -> str:
        """0: the root namespace's address on the bridge; 1..n: the hosts'."""
        return f"{self.subnet}.{index + 1}"


@contextmanager
def network(hosts: int) -> Iterator[Network]:
    tag = secrets.token_hex(3)
    net = Network(
        subnet=f"10.77.{secrets.randbelow(250) + 2}",
        bridge=f"ahbr{tag}",
        namespaces=[f"ah-{tag}-{i + 1}" for i in range(hosts)],
    )
    try:
        _ip("link", "add", net.bridge, "type", "bridge")
        _ip("addr", "add", f"{net.address(0)}/24", "dev", net.bridge)
        _ip("link", "set", net.bridge, "up")
        for index, namespace in enumerate(net.namespaces, start=1):
            outside = f"ahv{tag}{index}"
            _ip("netns", "add", namespace)
            _ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace)
            _ip("link", "set", outside, "master", net.bridge, "up")
            inside = ["netns", "exec", namespace, "ip"]
            _ip(*inside, "addr", "add", f"{net.address(index)}/24", "dev", "eth0")
            _ip(*inside, "link", "set", "eth0", "up")
            _ip(*inside, "link", "set", "lo", "up")
        yield net
    finally:
        for namespace in net.namespaces:
            _kill_all(namespace)
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True)
        subprocess.run(["ip", "link", "del", net.bridge], capture_output=True)


def _pids(namespace: str) -> list[int]:
    found = subprocess.run(["ip", "netns", "pids", namespace], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def _kill_all(namespace: str) -> None:
    """SIGKILL every process in a namespace: the host dies as a machine would."""
    for pid in _pids(namespace):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@dataclass
class Host:
    """`allyhub serve --workers 2` in a namespace of its own."""

    index: int
    namespace: str
    address: str
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.address}:{HOST_PORT}"

    def start(self, charter: Path, db: str) -> None:
        command = [
            *("ip", "netns", "exec", self.namespace, sys.executable, "-m", "allyhub", "serve"),
            *("--charter", str(charter), "--hub", "damascus", "--db", db),
            *("--data-dir", str(self.data_dir), "--host", self.address),
            *("--port", str(HOST_PORT), "--workers", "2", "--log-level", "info"),
        ]
        environ = {**os.environ, "ALLYHUB_SECRET_KEY": SECRET}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=environ, stdout=log, stderr=log)

    def wait_ready(self, deadline: float) -> None:
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"host {self.index} exited: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"host {self.index} not ready: {self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        _kill_all(self.namespace)
        if self.process is not None:
            self.process.wait(timeout=30)


def _haproxy_config(net: Network, hosts: list[Host], web: int, database: int, pg: str) -> str:
    servers = "\n".join(
        f"    server h{h.index} {h.address}:{HOST_PORT} check inter 500ms fall 2 rise 1"
        for h in hosts
    )
    return f"""global
    maxconn 2000

defaults
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch 1

frontend hub
    mode http
    bind {net.address(0)}:{web}
    default_backend hosts

backend hosts
    mode http
    balance roundrobin
    option httpchk GET /healthz
{servers}

frontend database
    mode tcp
    bind {net.address(0)}:{database}
    timeout client 1h
    default_backend postgresql

backend postgresql
    mode tcp
    timeout server 1h
    server pg {pg}
"""


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test runner owns signals
        pass


@dataclass
class Calls:
    """Who called the peer hub: (when, client address, path), as the requests arrived."""

    seen: list[tuple[float, str, str]] = field(default_factory=list)

    def wrap(self, app: Any) -> Any:
        async def recorded(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                client = scope.get("client") or ("", 0)
                self.seen.append((time.monotonic(), str(client[0]), str(scope["path"])))
            await app(scope, receive, send)

        return recorded

    def callers(self, among: set[str], since: float, until: float) -> set[str]:
        """The addresses among `among` that called between `since` and `until`."""
        return {a for at, a, _ in list(self.seen) if since <= at < until and a in among}


@contextmanager
def serve_peer(services: Services, address: str, port: int, calls: Calls) -> Iterator[str]:
    app = create_app(services)
    config = uvicorn.Config(
        calls.wrap(app), host=address, port=port, log_level="warning", proxy_headers=False
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the peer hub did not start"
        time.sleep(0.02)
    try:
        yield f"http://{address}:{port}"
    finally:
        app.state.stopping.set()
        server.should_exit = True
        thread.join(timeout=10)


class Holders:
    """PostgreSQL's lock table: which processes hold the hub's background lock."""

    def __init__(self, database: str) -> None:
        self._database = database
        self._key = advisory_key("damascus")

    def now(self) -> list[int]:
        """The pids of the lock's holders at this moment (from each holder's
        application_name, `allyhub background <hub> <hostname>:<pid>`)."""
        high, low = (self._key >> 32) & 0xFFFFFFFF, self._key & 0xFFFFFFFF
        with psycopg.connect(self._database, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                " WHERE l.locktype = 'advisory' AND l.granted AND l.database ="
                " (SELECT oid FROM pg_database WHERE datname = current_database())"
                " AND l.classid = %s::bigint::oid AND l.objid = %s::bigint::oid",
                (high, low),
            ).fetchall()
        return [int(str(name).rsplit(":", 1)[1]) for (name,) in rows]


def _holder(holders: Holders, hosts: list[Host], deadline: float) -> Host:
    """The host whose process holds the lock, once exactly one does."""
    while time.monotonic() < deadline:
        pids = holders.now()
        if len(pids) == 1:
            for host in hosts:
                if pids[0] in _pids(host.namespace):
                    return host
        time.sleep(0.1)
    raise AssertionError(f"no single holder of the background lock: {holders.now()}")


class Writer(threading.Thread):
    """Shares batches through the balancer until told to stop; keeps each status that
    came back complete (its id and the ids it reports stored)."""

    def __init__(self, url: str, auth: tuple[str, str]) -> None:
        super().__init__(daemon=True)
        self.url, self.auth = url, auth
        self.stop = threading.Event()
        self.complete: dict[str, list[str]] = {}
        self.failed = 0

    def run(self) -> None:
        headers = {"Accept": TAXII, "Content-Type": TAXII}
        with httpx.Client(auth=self.auth, headers=headers, timeout=30) as client:
            while not self.stop.is_set():
                batch = [indicator(value=f"203.0.113.{i}") for i in range(20)]
                try:
                    response = client.post(self.url, content=orjson.dumps(envelope(*batch)))
                    status = response.json() if response.status_code == 202 else {}
                except (httpx.HTTPError, ValueError):
                    status = {}
                if status.get("status") == "complete" and not status.get("failure_count"):
                    self.complete[status["id"]] = [s["id"] for s in status["successes"]]
                else:
                    self.failed += 1


def _all_ids(client: httpx.Client, url: str, types: str = "indicator,threat-actor") -> set[str]:
    found: set[str] = set()
    params = {"match[type]": types, "limit": "500"}
    while True:
        response = client.get(url, params=params)
        assert response.status_code == 200, response.text
        data = response.json()
        found |= {o["id"] for o in data.get("objects", [])}
        if not data.get("more"):
            return found
        params["next"] = data["next"]


def _taxii(auth: tuple[str, str], base: str) -> httpx.Client:
    return httpx.Client(
        base_url=base, auth=auth, headers={"Accept": TAXII, "Content-Type": TAXII}, timeout=30
    )


def _sign_in(base: str, auth: tuple[str, str]) -> str:
    """Sign in to the console at one host; the session cookie's value."""
    with httpx.Client(base_url=base, timeout=20) as browser:
        form = browser.get("/login").text
        token = re.search(r'name="token" value="([^"]+)"', form)
        assert token, form
        signed = browser.post(
            "/login", data={"principal": auth[0], "key": auth[1], "token": token.group(1)}
        )
        assert signed.status_code == 303, signed.text
        return str(browser.cookies["allyhub_session"])


class Stream(threading.Thread):
    """A console session's live updates (`/events`) from one host, read in a thread."""

    def __init__(self, base: str, cookie: str) -> None:
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=base, cookies={"allyhub_session": cookie}, timeout=30)
        feed = self.client.get("/feed")
        assert feed.status_code == 200, feed.text
        mark = re.search(r'data-mark="([^"]+)"', feed.text)
        assert mark, "the feed offers no live updates"
        self.url = f"/events?after={mark.group(1)}"
        self.events: list[dict[str, Any]] = []
        self.opened = threading.Event()

    def run(self) -> None:
        try:
            with self.client.stream("GET", self.url) as response:
                assert response.status_code == 200
                self.opened.set()
                for line in response.iter_lines():
                    if line.startswith("data: {"):
                        self.events.append(orjson.loads(line[6:]))
        except httpx.HTTPError:
            pass
        finally:
            self.opened.set()
            self.client.close()

    def wait_for(self, stix_id: str, seconds: float = 15) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(e["id"] == stix_id for e in self.events):
                return True
            time.sleep(0.1)
        return False


def _stored_from_peer(database: str) -> int:
    with psycopg.connect(database, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM objects WHERE origin_hub = 'baghdad'"
            " AND type IN ('indicator', 'threat-actor')"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _wait(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@dataclass
class Deployment:
    net: Network
    hosts: list[Host]
    balancer: str
    peer: str
    calls: Calls
    damascus: Services  # the test's own view of the shared database (keys, checks)
    baghdad: Services
    database: str  # for the test's own checks (root namespace, direct)


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    _prerequisites()
    name = f"allyhub_t_{secrets.token_hex(6)}"
    with ExitStack() as stack:
        with psycopg.connect(_admin(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(_admin(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        stack.callback(drop)
        net = stack.enter_context(network(3))
        web, pg, peer_port = free_port(), free_port(), free_port()
        database = f"{_admin().rsplit('/', 1)[0]}/{name}"
        hosts = [
            Host(
                i + 1,
                ns,
                net.address(i + 1),
                tmp_path / f"host{i + 1}",
                tmp_path / f"host{i + 1}.log",
            )
            for i, ns in enumerate(net.namespaces)
        ]
        # One hub, one key: made on the first host and copied to the others (the charter
        # pins it; every host seals what it stores with it).
        own = tmp_path / "test-damascus"
        text = SEED_RSII.read_text()
        text = text.replace(
            'url = "http://127.0.0.1:8601"', f'url = "http://{net.address(0)}:{web}"'
        )
        text = text.replace(
            'url = "http://127.0.0.1:8602"', f'url = "http://{net.address(0)}:{peer_port}"'
        )
        charter = tmp_path / "rsii.toml"
        charter.write_text(
            pin_hub_keys(text, {"damascus": hosts[0].data_dir, "baghdad": tmp_path / "b"})
        )
        for place in (*(h.data_dir for h in hosts[1:]), own):
            place.mkdir(parents=True, exist_ok=True)
            shutil.copy2(hosts[0].data_dir / "damascus.ed25519", place / "damascus.ed25519")

        config = tmp_path / "haproxy.cfg"
        server = urlsplit(_admin())  # where PostgreSQL listens, as the test reaches it
        target = f"{server.hostname or '127.0.0.1'}:{server.port or 5432}"
        config.write_text(_haproxy_config(net, hosts, web, pg, target))
        with (tmp_path / "haproxy.log").open("wb") as log:
            haproxy = subprocess.Popen(
                ["haproxy", "-f", str(config), "-db"], stdout=log, stderr=subprocess.STDOUT
            )
        stack.callback(haproxy.wait, 10)
        stack.callback(haproxy.terminate)

        damascus = build_services(
            Settings(
                charter=str(charter),
                hub="damascus",
                data_dir=str(own),
                db=database,
                secret_key=SECRET,
            )
        )
        stack.callback(damascus.close)
        baghdad = build_services(
            Settings(
                charter=str(charter),
                hub="baghdad",
                data_dir=str(tmp_path / "b"),
                db=f"sqlite:///{tmp_path / 'baghdad.sqlite'}",
                secret_key="the-peer's-own-secret",
                page_size=100,  # many pages: the holder is killed in the middle of them
            )
        )
        stack.callback(baghdad.close)
        for here, there in ((damascus, baghdad), (baghdad, damascus)):
            key, _ = there.keys.create_peer(here.settings.hub)
            here.replication.set_credentials(there.settings.hub, key)
        calls = Calls()
        peer = stack.enter_context(serve_peer(baghdad, net.address(0), peer_port, calls))

        # the hosts reach it through the balancer's TCP port, with the test's credentials
        login = server.netloc.rsplit("@", 1)[0] + "@" if "@" in server.netloc else ""
        db_for_hosts = f"postgresql://{login}{net.address(0)}:{pg}/{name}"
        for host in hosts:  # together, as a rollout would: they migrate in turn
            host.start(charter, db_for_hosts)
        deadline = time.monotonic() + 120
        for host in hosts:
            host.wait_ready(deadline)
        balancer = f"http://{net.address(0)}:{web}"
        _wait(
            lambda: httpx.get(balancer + "/healthz", timeout=2).status_code == 200,
            30,
            "the balancer does not answer",
        )
        try:
            yield Deployment(net, hosts, balancer, peer, calls, damascus, baghdad, database)
        finally:
            for host in hosts:
                host.kill()


def _background_reports(host: Host, tries: int) -> list[str | None]:
    """What `/readyz` says of background work over several requests to one host (each
    lands on one of its two worker processes)."""
    return [
        httpx.get(host.url + "/readyz", timeout=10).json()["checks"].get("background")
        for _ in range(tries)
    ]


@pytest.mark.slow
def test_three_hosts_share_one_database_and_survive_the_holder_s_death(
    deployment: Deployment,
) -> None:
    d = deployment
    joint = d.damascus.charter.collection("joint")
    assert joint is not None
    objects_path = f"/taxii2/rsii/collections/{joint.id}/objects/"
    ru_key, ru = d.damascus.keys.create("ru", Role.ANALYST)
    ru_auth = (ru.principal, ru_key)
    sy_key, sy = d.damascus.keys.create("sy", Role.ANALYST)
    sy_auth = (sy.principal, sy_key)
    addresses = {h.address for h in d.hosts}
    holders = Holders(d.database)

    holder = _holder(holders, d.hosts, time.monotonic() + 30)
    survivors = [h for h in d.hosts if h is not holder]
    # Only the holder's host reports background work, in the one process that runs it.
    assert "ok" in _background_reports(holder, 20)
    for host in survivors:
        assert set(_background_reports(host, 8)) == {None}

    # Made on the host about to die: a `next` token, a status, a console session.
    with _taxii(ru_auth, holder.url) as client:
        early = [indicator(value=f"198.51.100.{i}") for i in range(30)]
        posted = client.post(objects_path, content=orjson.dumps(envelope(*early))).json()
        first = client.get(objects_path, params={"limit": "10"}).json()
    assert posted["status"] == "complete" and first["more"]
    cookie = _sign_in(holder.url, ru_auth)

    writer = Writer(d.balancer + objects_path, ru_auth)
    writer.start()
    _wait(lambda: len(writer.complete) >= 5, 60, "no share through the balancer completed")

    # The peer's backlog: the holder pulls it page by page, and dies in the middle.
    ir = d.baghdad.keys.authenticate(d.baghdad.keys.create("ir", Role.ANALYST)[0])
    ir_identity = d.baghdad.charter.member("ir").identity  # type: ignore[union-attr]
    actors = [threat_actor(ir_identity, name=f"Commander {i}") for i in range(ACTORS)]
    backlog = [indicator(value=f"192.0.2.{i % 250}") for i in range(BACKLOG)]
    for start in range(0, BACKLOG, 2000):
        chunk = backlog[start : start + 2000] + (actors if start == 0 else [])
        status = d.baghdad.sharing.share(ir, "joint", orjson.dumps(envelope(*chunk)))
        assert not status.failures, status.failures
    deadline = time.monotonic() + 60
    while _stored_from_peer(d.database) == 0:
        assert time.monotonic() < deadline, "the holder does not pull the peer's backlog"
        time.sleep(0.01)
    killed_at = time.monotonic()
    holder.kill()
    at_kill = _stored_from_peer(d.database)
    assert 0 < at_kill < BACKLOG + ACTORS, "the pull ended before the kill: not mid-sync"

    successor = _holder(holders, survivors, time.monotonic() + 60)
    _wait(lambda: len(writer.complete) >= 40, 60, "shares stopped after the kill")
    _wait(
        lambda: _stored_from_peer(d.database) == BACKLOG + ACTORS,
        180,
        "the survivors do not finish the pull the dead holder began",
    )
    writer.stop.set()
    writer.join(timeout=60)
    synced_at = time.monotonic()

    # One sync loop per peer: the peer saw one host pull before the kill, one after.
    assert d.calls.callers(addresses, 0, killed_at) == {holder.address}
    assert d.calls.callers(addresses, killed_at + 1.0, synced_at) == {successor.address}
    assert holders.now() and len(holders.now()) == 1
    other = next(h for h in survivors if h is not successor)
    assert set(_background_reports(other, 8)) == {None}
    _wait(lambda: "ok" in _background_reports(successor, 4), 30, "no background on the holder")

    # Every status reported complete, read through the balancer: all its objects present.
    with _taxii(ru_auth, d.balancer) as client:
        stored = _all_ids(client, objects_path)
        for status_id in [*writer.complete, posted["id"]]:
            again = client.get(f"/taxii2/rsii/status/{status_id}/")
            assert again.status_code == 200 and again.json()["status"] == "complete"
    missing = [i for ids in writer.complete.values() for i in ids if i not in stored]
    assert writer.complete and not missing
    assert {o["id"] for o in early} <= stored

    # Made on the dead host, used on the survivors: the `next` token, the status, the session.
    for host in survivors:
        with _taxii(ru_auth, host.url) as client:
            rest = client.get(objects_path, params={"limit": "10", "next": first["next"]})
            assert rest.status_code == 200, rest.text
            seen = {o["id"] for o in first["objects"]}
            assert rest.json()["objects"] and not {o["id"] for o in rest.json()["objects"]} & seen
            status = client.get(f"/taxii2/rsii/status/{posted['id']}/").json()
            assert status["success_count"] == len(early)
        with httpx.Client(base_url=host.url, cookies={"allyhub_session": cookie}) as browser:
            page = browser.get("/", timeout=20)
            assert page.status_code == 200, page.headers

    # A live event reaches a console session on another host than the one that stored it.
    watcher, sharer = survivors
    stream = Stream(watcher.url, _sign_in(sharer.url, ru_auth))
    stream.start()
    assert stream.opened.wait(15)
    sy_identity = d.damascus.charter.member("sy").identity  # type: ignore[union-attr]
    news = threat_actor(sy_identity, name="Seen on another host", tlp=Tlp.GREEN)
    with _taxii(sy_auth, sharer.url) as client:
        shared = client.post(objects_path, content=orjson.dumps(envelope(news))).json()
    assert shared["status"] == "complete"
    assert stream.wait_for(news["id"]), stream.events

    # Convergence: the peer pulls the deployment through the balancer (its pages and
    # `next` tokens served by whichever host) and both hold the same objects.
    while sync_once(d.baghdad.replication, Source("damascus", d.balancer)):
        pass
    iq_key, iq = d.baghdad.keys.create("iq", Role.READER)
    with _taxii((iq.principal, iq_key), d.peer) as client:
        at_peer = _all_ids(client, objects_path)
    with _taxii(ru_auth, d.balancer) as client:
        here = _all_ids(client, objects_path)
    assert here == at_peer and len(here) >= BACKLOG + ACTORS + len(early) + 1

    # Fusion was taken over too: the new holder's worker files everything stored.
    _wait(lambda: d.damascus.fusion.backlog()[0] == 0, 120, "fusion did not catch up")


def test_hosts_starting_together_migrate_one_at_a_time(postgres_url: str) -> None:
    """Several hosts starting at once on a fresh PostgreSQL database each run the
    migration; they take turns and every one of them succeeds."""
    engines = [make_engine(postgres_url) for _ in range(4)]
    failures: list[BaseException] = []

    def migrate(engine: Any) -> None:
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=migrate, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for engine in engines:
        engine.dispose()
    assert not failures, failures


def test_the_same_share_at_two_hosts_at_once_is_stored_once(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two hosts (two engines on one database) storing the same versions at the same
    moment: one stores them, the other finds them stored (a duplicate is a success and
    a no-op), and neither fails on the unique index."""
    hosts = [
        build_services(
            Settings(
                charter=str(SEED_RSII),
                hub="damascus",
                data_dir=str(tmp_path / "keys"),
                db=postgres_url,
                secret_key=SECRET,
            )
        )
        for _ in range(2)
    ]
    try:
        key, _ = hosts[0].keys.create("ru", Role.ANALYST)
        for round_ in range(6):
            body = orjson.dumps(
                envelope(*[indicator(value=f"192.0.2.{i}") for i in range(100 + round_)])
            )
            start = threading.Barrier(2)
            outcomes: list[Any] = []

            def share(
                services: Services, body: bytes = body, start: Any = start, outcomes: Any = outcomes
            ) -> None:
                principal = services.keys.authenticate(key)
                start.wait()
                try:
                    outcomes.append(services.sharing.share(principal, "joint", body))
                except Exception as exc:  # noqa: BLE001 - collected for the assertion below
                    outcomes.append(exc)

            threads = [threading.Thread(target=share, args=(s,)) for s in hosts]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert all(not isinstance(o, Exception) and not o.failures for o in outcomes), outcomes
            with psycopg.connect(postgres_url, autocommit=True) as connection:
                ids = [o["id"] for o in orjson.loads(body)["objects"]]
                row = connection.execute(
                    "SELECT count(*) FROM objects WHERE stix_id = ANY(%s)", (ids,)
                ).fetchone()
            assert row is not None and row[0] == len(ids)
    finally:
        for services in hosts:
            services.close()


def test_the_background_lock_passes_on_when_its_holder_s_connection_dies(
    postgres_url: str,
) -> None:
    """One holder at a time; a holder whose connection is cut (a host gone, a network
    split: here the server ends its backend) learns it at its next check, and the next
    contender takes the lock."""
    engine = make_engine(postgres_url)
    first, second = AdvisoryLock(engine, "damascus"), AdvisoryLock(engine, "damascus")
    other_hub = AdvisoryLock(engine, "baghdad")
    try:
        assert first.take() and first.still_held()
        assert not second.take() and not second.still_held()
        assert other_hub.take()  # two hubs on one database do not share a lock
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name LIKE 'allyhub background damascus %'"
                " AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)"
            )
        assert not first.still_held()
        _wait(second.take, 10, "the lock was not released with its holder's connection")
        assert not first.take()  # the old holder is a contender now
        second.release()
        _wait(first.take, 10, "a released lock cannot be taken")
    finally:
        for lock in (first, second, other_hub):
            lock.release()
        engine.dispose()


def test_on_sqlite_the_background_lock_is_a_file_lock(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "hub.lock"), FileLock(tmp_path / "hub.lock")
    assert first.take() and not second.take()
    first.release()
    assert second.take() and second.still_held() and not first.take()
    second.release()
