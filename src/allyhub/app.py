"""The ASGI application and a server's background work, on top of the composition.

`composition.py` builds the services; this module builds the application (the edges'
routes and the middleware) and runs the background work. The edges never import this
module, so the application may import them without a cycle.
"""

from __future__ import annotations

import dataclasses
import fcntl
import multiprocessing
import multiprocessing.process
import os
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from starlette.applications import Starlette

from allyhub.composition import (
    Services,
    auth_throttle,
    build_services,
    check_pinned_key,
    hub_secret,
    hub_signing_key,
    json_limits,
    open_services,
    public_key_text,
    schema_revision,
    schema_state,
)
from allyhub.errors import AllyhubError
from allyhub.settings import Settings
from allyhub.store.engine import start_checkpointer

__all__ = [
    "Background",
    "Services",
    "auth_throttle",
    "build_services",
    "check_pinned_key",
    "create_app",
    "hold_lock",
    "hub_secret",
    "hub_signing_key",
    "json_limits",
    "open_services",
    "public_key_text",
    "run_fusion",
    "schema_revision",
    "schema_state",
    "start_background",
    "start_fusion",
]
"""What the application offers; the composition's names are re-exported for callers that
build a hub and its application together (tests, bench)."""


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
