"""Composition root: Settings -> engine, stores, services, ASGI app.

Every concrete object is built here once and handed down through constructors; nothing
else creates engines, reads settings or wires services.
"""

from __future__ import annotations

import base64
import dataclasses
import fcntl
import multiprocessing
import multiprocessing.process
import os
import secrets
import signal
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from starlette.applications import Starlette

from allyhub.charter import Charter, load_charter
from allyhub.charter.load import PUBLIC_KEY_PREFIX
from allyhub.errors import AllyhubError, SettingsInvalid
from allyhub.service import Coalition, Cursors, KeyService, ReadingService, SharingService
from allyhub.service.admission import Admission
from allyhub.service.audit import AuditLog
from allyhub.service.browsing import BrowseService
from allyhub.service.fusion import FusionService
from allyhub.service.governance import GovernanceService
from allyhub.service.listing import ListingService
from allyhub.service.misp import MispService
from allyhub.service.pivots import PivotService
from allyhub.service.ports import Clock
from allyhub.service.replication import ReplicationService
from allyhub.service.rfi import RfiService
from allyhub.service.seals import SealCheck, Sealer
from allyhub.service.search import SearchService
from allyhub.service.sync import SyncService
from allyhub.service.tallies import ShareCounts
from allyhub.service.throttle import AuthThrottle, ThrottlePolicy
from allyhub.settings import Settings
from allyhub.stix.limits import JsonLimits
from allyhub.stix.timestamps import now_micros
from allyhub.store.audit import SqlAuditStore
from allyhub.store.engine import (
    check_revision,
    current_revision,
    head_revision,
    make_engine,
    start_checkpointer,
    upgrade,
)
from allyhub.store.fusion import SqlFusionStore
from allyhub.store.keys import SqlKeyStore
from allyhub.store.objects import SqlObjectStore
from allyhub.store.peers import SqlPeerStore
from allyhub.store.search import SqlSearchStore
from allyhub.store.statuses import SqlStatusStore


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the edges may call, built for one hub."""

    settings: Settings
    charter: Charter
    engine: Engine
    coalition: Coalition
    audit: AuditLog
    keys: KeyService
    sharing: SharingService
    reading: ReadingService
    misp: MispService
    governance: GovernanceService
    replication: ReplicationService
    fusion: FusionService
    rfi: RfiService
    browse: BrowseService
    sync: SyncService
    share_counts: ShareCounts
    listing: ListingService
    search: SearchService
    pivots: PivotService


def hub_secret(settings: Settings) -> bytes:
    """The HMAC key for API key digests: the setting, or a file made on first start."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = Path(settings.data_dir) / f"{settings.hub}.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def hub_signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The hub's Ed25519 key for the audit trail, made on first start (PEM, mode 0600)."""
    path = Path(settings.data_dir) / f"{settings.hub}.ed25519"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SettingsInvalid(f"{path} does not hold an Ed25519 private key")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The hub's public key as the charter pins it (`public_key = "ed25519:..."`)."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PUBLIC_KEY_PREFIX + base64.b64encode(raw).decode()


def check_pinned_key(charter: Charter, hub_id: str, key: Ed25519PrivateKey) -> None:
    """Refuse to start a hub whose key is not the one its charter pins: its peers would
    refuse everything it originates."""
    hub = charter.hub(hub_id)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if hub is not None and hub.public_key is not None and hub.public_key != raw:
        raise SettingsInvalid(
            f"the charter pins another public key for hub {hub_id!r} than this hub's key "
            f"({public_key_text(key)}): put this one in the charter, or restore the key file "
            f"{hub_id}.ed25519 in the data directory"
        )


def json_limits(settings: Settings) -> JsonLimits:
    """The caps on what one request body or peer page may hold (stix/limits.py)."""
    return JsonLimits(
        size=settings.max_content_length,
        objects=settings.max_envelope_objects,
        values=settings.max_json_values,
        depth=settings.max_json_depth,
        items=settings.max_json_items,
        string=settings.max_json_string,
    )


def auth_throttle(settings: Settings) -> AuthThrottle:
    """This process's throttle of failed authentication (its tallies live in memory)."""
    policy = ThrottlePolicy.of_seconds(
        settings.auth_failures_per_principal,
        settings.auth_failures_per_address,
        settings.auth_failure_window,
        settings.auth_lockout,
    )
    return AuthThrottle(policy, now_micros)


def build_services(
    settings: Settings, *, migrate: bool = True, clock: Clock = now_micros
) -> Services:
    """Open the database (migrating it unless told not to) and build the services.

    `clock` is the hub's one source of time (date_added, audit entries, record times);
    tests give hubs a clock they control."""
    if not settings.charter:
        raise SettingsInvalid("charter: give the charter file with --charter or ALLYHUB_CHARTER")
    if not settings.hub:
        raise SettingsInvalid("hub: say which hub this is with --hub or ALLYHUB_HUB")
    charter = load_charter(settings.charter)
    engine = make_engine(settings.db_url, sqlite_synchronous=settings.sqlite_synchronous)
    if migrate:
        upgrade(engine)
    check_revision(engine)
    objects = SqlObjectStore(engine, settings.hub)
    coalition = Coalition(charter, settings.hub, objects)
    key = hub_signing_key(settings)
    check_pinned_key(charter, settings.hub, key)
    audit = AuditLog(objects, SqlAuditStore(engine), key, clock, coalition)
    secret = hub_secret(settings)
    admission = Admission(
        coalition,
        objects,
        clock,
        audit,
        Sealer(key, charter.id, settings.hub),
        SealCheck(charter, (settings.hub, key.public_key())),
    )
    limits = json_limits(settings)
    replication = ReplicationService(
        coalition, objects, SqlPeerStore(engine), clock, audit, secret, admission, limits
    )
    sync = SyncService(coalition, replication)
    keys = KeyService(SqlKeyStore(engine), coalition, secret, clock, audit, auth_throttle(settings))
    share_counts = ShareCounts()
    sharing = SharingService(
        coalition,
        objects,
        clock,
        audit,
        admission,
        limits,
        settings.max_status_failures,
        tally=share_counts,
    )
    reading = ReadingService(
        coalition,
        objects,
        SqlStatusStore(engine),
        settings.page_size,
        audit,
        clock,
        Cursors(secret),
    )
    fusion = FusionService(coalition, objects, SqlFusionStore(engine), clock, audit, admission)
    browse = BrowseService(coalition, objects, sync, audit)
    return Services(
        settings=settings,
        charter=charter,
        engine=engine,
        coalition=coalition,
        audit=audit,
        keys=keys,
        sharing=sharing,
        reading=reading,
        misp=MispService(coalition, objects, sharing, reading),
        replication=replication,
        governance=GovernanceService(coalition, objects, clock, audit, admission),
        fusion=fusion,
        rfi=RfiService(coalition, objects, clock, audit, admission),
        browse=browse,
        sync=sync,
        share_counts=share_counts,
        listing=ListingService(coalition, objects, browse, clock),
        search=SearchService(coalition, SqlSearchStore(engine), browse, fusion),
        pivots=PivotService(browse, fusion),
    )


@contextmanager
def open_services(settings: Settings) -> Iterator[Services]:
    """Services for one short command; the database connections close on the way out."""
    services = build_services(settings)
    try:
        yield services
    finally:
        services.engine.dispose()


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None before the first migration)."""
    return current_revision(engine)


def schema_state(engine: Engine) -> str:
    """`current` when the database's schema is the one this code expects; else `missing`
    (never migrated), `behind` (run `allyhub db upgrade`) or `unknown` (a newer allyhub
    migrated it). Raises when the database does not answer."""
    current = current_revision(engine)
    if current == head_revision():
        return "current"
    if current is None:
        return "missing"
    from alembic.script import ScriptDirectory  # only on the unhappy path

    from allyhub.store.engine import _alembic_config

    known = {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    return "behind" if current in known else "unknown"


def hold_lock(path: Path) -> TextIO | None:
    """An exclusive lock on a file, held while the returned handle stays open; None when
    another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a")  # noqa: SIM115 - kept open on purpose: the lock lives with it
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def start_fusion(settings: Settings) -> multiprocessing.process.BaseProcess:
    """The fusion worker in a process of its own. Scoring names costs far more CPU than
    storing a share (bench: ~0.7 ms against ~0.08 ms an object); in the server's process it
    would hold the GIL the share path needs. It follows the objects table like a peer."""
    process = multiprocessing.get_context("spawn").Process(
        target=run_fusion,
        args=(dataclasses.asdict(settings), os.getpid()),
        name=f"allyhub-fusion-{settings.hub}",
        daemon=True,
    )
    process.start()
    return process


def run_fusion(settings: dict[str, Any], parent: int) -> None:
    """The fusion process: catch up, wait, repeat, until the server that started it is
    gone (also after a SIGKILL of the server, which leaves no chance to say so)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server; it stops us
    os.nice(10)  # derived data waits: on a busy core, serving members comes first
    from allyhub import logs

    logs.configure(str(settings.get("log_level", "info")), str(settings.get("log_format", "text")))
    services = build_services(Settings(**settings), migrate=False)
    stop = threading.Event()

    def watch_parent() -> None:
        while not stop.wait(0.5):
            if os.getppid() != parent:
                stop.set()

    threading.Thread(target=watch_parent, name="parent-watch", daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        services.fusion.run(stop)
    finally:
        services.engine.dispose()


@dataclass(frozen=True, slots=True)
class Background:
    """A server's background work, as the process that runs it sees it."""

    stop: Callable[[], None]
    alive: Callable[[], dict[str, bool]]  # worker name -> running, for readiness and metrics


def start_background(services: Services) -> Background:
    """A server's background work: SQLite WAL checkpoints and statistics, the fusion
    worker, and the sync loop with every peer and feed."""
    from allyhub.federation.peers import PeerWorker, sources

    checkpointer = start_checkpointer(services.engine)
    fusion = start_fusion(services.settings)
    halt_sync = threading.Event()
    interval = services.settings.sync_interval / 1000
    workers = [
        PeerWorker(services.replication, source, halt_sync, interval)
        for source in sources(services.charter, services.settings.hub)
    ]
    for worker in workers:
        worker.start()

    def stop() -> None:
        halt_sync.set()
        fusion.terminate()  # its work is transactional: a cut batch is redone next start
        fusion.join(timeout=10)
        if checkpointer is not None:
            checkpointer.stop.set()

    def alive() -> dict[str, bool]:
        found = {f"sync:{w.source.id}": w.is_alive() for w in workers}
        found["fusion"] = fusion.is_alive()
        return found

    return Background(stop, alive)


def create_app(services: Services, *, sync: bool = False) -> Starlette:
    """The ASGI application: TAXII 2.1 at /taxii2/, the HTTP API at /api (OpenAPI at
    /openapi.json), the web console at / (login at /login), health at /healthz and
    /readyz, metrics at /metrics, the effective settings at /-/settings.json.

    Around it, outermost first: forwarded headers from trusted proxies (`trusted_proxies`),
    the access log and request metrics, gzip for responses over a kilobyte (not the
    console's HTML pages, which carry CSRF tokens beside reflected input: BREACH)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route
    from starlette.types import Scope
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from allyhub.access import AccessLog
    from allyhub.api.health import health_routes
    from allyhub.api.metrics import HubMetrics, metrics_endpoint
    from allyhub.api.routes import api_app
    from allyhub.api.settings import settings_endpoint
    from allyhub.console import routes as console_routes
    from allyhub.console.sessions import COOKIE, Sessions
    from allyhub.credentials import credentials
    from allyhub.guard import RequestGuard
    from allyhub.taxii.exception_handlers import HANDLERS
    from allyhub.taxii.routes import routes as taxii_routes

    api = api_app(services)
    running: list[Background] = []  # the background work, once the lifespan starts it

    def background() -> dict[str, bool]:
        return running[0].alive() if running else {}

    metrics = HubMetrics(services, background)
    sessions = Sessions(hub_secret(services.settings))

    def principal_of(scope: Scope) -> str | None:
        """Who the request says it is, for the access log (not an authentication)."""
        request = Request(scope)
        if "authorization" in request.headers:
            try:
                user, _key = credentials(request)
            except AllyhubError:
                return None
            return user or "bearer"
        session = sessions.read(request.cookies.get(COOKIE))
        return session.principal if session else None

    async def openapi(_request: Request) -> JSONResponse:
        return JSONResponse(api.openapi())

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(services.sharing.publish_definitions)
        # With several worker processes only the one holding the hub's lock file runs the
        # background work; the others just serve requests.
        lock = (
            hold_lock(Path(services.settings.data_dir) / f"{services.settings.hub}.lock")
            if sync
            else None
        )
        if lock is not None:
            running.append(start_background(services))
        yield
        if running:
            running.pop().stop()
        if lock is not None:
            lock.close()

    trusted = services.settings.trusted_proxies
    middleware = [
        *([Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)] if trusted else []),
        Middleware(AccessLog, metrics=metrics, principal_of=principal_of),
        Middleware(
            GZipMiddleware,
            minimum_size=1024,
            compresslevel=6,
            exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "text/html"),
        ),
        # innermost: a body over the limit is refused before any handler reads it
        Middleware(RequestGuard, max_body=services.settings.max_content_length),
    ]
    app = Starlette(
        lifespan=lifespan,
        routes=[
            *health_routes(services, background),
            *taxii_routes(services),
            Route("/openapi.json", openapi, methods=["GET"]),
            Route("/metrics", metrics_endpoint(services, metrics), methods=["GET"]),
            Route("/-/settings.json", settings_endpoint(services), methods=["GET"]),
            Mount("/api", app=api),
            *console_routes(services),
        ],
        middleware=middleware,
        exception_handlers=HANDLERS,
    )
    # Set when the server is asked to stop, so long-lived responses (the console's live
    # updates) end at once instead of holding the shutdown (cli/serve.py sets it).
    app.state.stopping = threading.Event()
    return app
