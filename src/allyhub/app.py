"""The ASGI application and a server's background work, on top of the composition.

`composition.py` builds the services; this module builds the application (the edges'
routes and the middleware) and runs the background work. The edges never import this
module, so the application may import them without a cycle.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.applications import Starlette

from allyhub import heap
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
from allyhub.store.engine import start_upkeep
from allyhub.store.holder import HolderLock, holder_lock

__all__ = [
    "Background",
    "Contender",
    "Services",
    "auth_throttle",
    "build_services",
    "check_pinned_key",
    "create_app",
    "fusion_settings",
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

log = logging.getLogger("allyhub.background")

RETRY_SECONDS = 2.0
"""How often a process that does not hold the background lock tries to take it: how long
a deployment may go without its sync loop after the holder dies."""
CHECK_SECONDS = 1.0
"""How often the holder checks that it still holds the lock."""


def start_fusion(settings: Settings) -> subprocess.Popen[bytes]:
    """The fusion worker in a process of its own (`allyhub.worker`). Scoring names costs
    far more CPU than storing a share (bench: ~0.7 ms against ~0.08 ms an object); in the
    server's process it would hold the GIL the share path needs. It follows the objects
    table like a peer, and ends when the server does (see `run_fusion`)."""
    process = subprocess.Popen(
        # -P: the working directory is not put on the import path (a stray allyhub/ or
        # orjson.py there must not run in the worker)
        [sys.executable, "-P", "-m", "allyhub.worker", str(os.getpid())],
        stdin=subprocess.PIPE,
        close_fds=True,
    )
    assert process.stdin is not None
    with process.stdin:
        process.stdin.write(orjson.dumps(dataclasses.asdict(settings)))
    return process


def fusion_settings(settings: Settings) -> Settings:
    """The fusion worker's settings: the server's, with a quarter of its SQLite cache, and
    commits that do not wait for the disk.

    The worker reads each version once, in order, and writes a little; pages it cached
    would not be read again, and at 1M objects a full budget is 48 MB held for nothing.
    What it writes is derived, and each batch moves the fusion cursor in the same
    transaction: if a power loss takes its last commits (SQLite's WAL with `synchronous
    NORMAL` loses whole transactions, never part of one), the cursor goes back with them
    and the worker derives those versions again, so an fsync per batch bought nothing."""
    return dataclasses.replace(
        settings, sqlite_cache_mb=max(4, settings.sqlite_cache_mb // 4), sqlite_synchronous="normal"
    )


def run_fusion(settings: dict[str, Any], parent: int) -> None:
    """The fusion process: catch up, wait, repeat, until the server that started it is
    gone (also after a SIGKILL of the server, which leaves no chance to say so)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server; it stops us
    os.nice(10)  # derived data waits: on a busy core, serving members comes first
    from allyhub import logs

    logs.configure(str(settings.get("log_level", "info")), str(settings.get("log_format", "text")))
    services = build_services(fusion_settings(Settings(**settings)), migrate=False)
    heap.own()
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
    """A server's background work: the database's upkeep (statistics; SQLite's WAL
    checkpoints, PostgreSQL's vacuum where autovacuum is off), the fusion
    worker, and the sync loop with every peer and feed."""
    from allyhub.federation.peers import PeerWorker, sources

    upkeep = start_upkeep(services.engine)
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
        try:
            fusion.wait(timeout=10)
        except subprocess.TimeoutExpired:
            fusion.kill()
            fusion.wait()
        upkeep.stop.set()

    def alive() -> dict[str, bool]:
        found = {f"sync:{w.source.id}": w.is_alive() for w in workers}
        found["fusion"] = fusion.poll() is None
        return found

    return Background(stop, alive)


class Contender:
    """One server process's claim on the hub's background work.

    Every server process of a hub has one; the one that takes the hub's lock
    (store/holder.py: a flock on SQLite, a PostgreSQL advisory lock otherwise) runs the
    background work until it stops or loses the lock, and the others try again every
    RETRY_SECONDS: when the holder's host dies, another host's process takes over."""

    def __init__(self, services: Services, lock: HolderLock) -> None:
        self._services = services
        self._lock = lock
        self._halt = threading.Event()
        self._running: Background | None = None
        self._thread = threading.Thread(target=self._contend, name="background-lock", daemon=True)

    def alive(self) -> dict[str, bool]:
        running = self._running
        return running.alive() if running is not None else {}

    def start(self) -> None:
        """Try at once (a lone server starts its work before it serves), then keep trying."""
        try:
            self._try()
        except Exception:
            self._let_go()  # the server does not start: nor may it keep the lock
            raise
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        self._thread.join(timeout=30)
        self._let_go()

    def _try(self) -> None:
        if self._running is None and not self._halt.is_set() and self._lock.take():
            log.info("this process holds the background lock: it runs the sync loop and fusion")
            self._running = start_background(self._services)

    def _let_go(self) -> None:
        running, self._running = self._running, None
        if running is not None:
            running.stop()
        self._lock.release()

    def _contend(self) -> None:
        while not self._halt.is_set():
            if self._running is None:
                try:
                    self._try()
                except Exception as exc:  # a failed start must not end the contention
                    log.warning("cannot start the background work: %s", exc)
                    self._let_go()
                self._halt.wait(CHECK_SECONDS if self._running is not None else RETRY_SECONDS)
                continue
            if not self._lock.still_held():
                log.warning("the background lock is lost: stopping the sync loop and fusion")
                self._let_go()
            self._halt.wait(CHECK_SECONDS)


GZIP_LEVEL = 3


def create_app(services: Services, *, sync: bool = False) -> Starlette:
    """The ASGI application: TAXII 2.1 at /taxii2/, the HTTP API at /api (OpenAPI at
    /openapi.json), the web console at / (login at /login), health at /healthz and
    /readyz, metrics at /metrics, the effective settings at /-/settings.json.

    Around it, outermost first: forwarded headers from trusted proxies (`trusted_proxies`),
    the access log and request metrics, gzip for responses over a kilobyte (not the
    console's HTML pages, which carry CSRF tokens beside reflected input: BREACH).

    With `sync` (a server: `allyhub serve`), the process contends for the hub's background
    work and, once up, freezes what it has built out of the cycle collector (heap.py);
    without it (the app embedded, as in tests) neither happens."""
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
    contenders: list[Contender] = []  # this process's claim on the background work

    def background() -> dict[str, bool]:
        return contenders[0].alive() if contenders else {}

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
        # Every server process contends for the hub's background lock; the holder (one
        # process of the whole deployment) runs the background work.
        if sync:
            settings = services.settings
            lock = holder_lock(services.engine, settings.data_dir, settings.hub)
            contenders.append(Contender(services, lock))
            await run_in_threadpool(contenders[0].start)
            heap.own()  # what is alive now lives as long as the server (allyhub/heap.py)
        yield
        if contenders:
            await run_in_threadpool(contenders.pop().stop)

    trusted = services.settings.trusted_proxies
    middleware = [
        *([Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)] if trusted else []),
        Middleware(AccessLog, metrics=metrics, principal_of=principal_of),
        Middleware(
            GZipMiddleware,
            minimum_size=1024,
            # zlib's fast levels (1-3) take half the time of its default 6 on a page of
            # 1,000 objects (5.3 against 11.5 ms) for a body 20% larger: the compression
            # is the server's CPU on every page, the bytes a link's (docs/benchmarks.md)
            compresslevel=GZIP_LEVEL,
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
