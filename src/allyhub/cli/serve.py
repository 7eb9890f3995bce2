"""`allyhub serve`: run one hub (TAXII 2.1 API, HTTP API, sync loop) until stopped."""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
from types import FrameType

import orjson
import typer
import uvicorn
from starlette.applications import Starlette

from allyhub import logs
from allyhub.app import build_services, create_app
from allyhub.cli.exits import UNREACHABLE
from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, build_settings
from allyhub.malloc import limit_arenas
from allyhub.settings import Settings

_WORKER_SETTINGS = "ALLYHUB_WORKER_SETTINGS"


class _Server(uvicorn.Server):
    """uvicorn's server, telling the app as soon as it is asked to stop: the console's
    live-update streams then end by themselves and the shutdown does not wait for them."""

    def __init__(self, config: uvicorn.Config, stopping: threading.Event) -> None:
        super().__init__(config)
        self.stopping = stopping

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.stopping.set()
        super().handle_exit(sig, frame)


def worker_app() -> Starlette:
    """The app of one worker process when `workers` > 1 (uvicorn imports it by name).

    The parent has migrated the database already; the settings come from it through the
    environment, as uvicorn gives worker processes nothing else.
    """
    settings = Settings(**orjson.loads(os.environ[_WORKER_SETTINGS]))
    logs.configure(settings.log_level, settings.log_format)  # a fresh process: no handlers yet
    return create_app(build_services(settings, migrate=False), sync=True)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything else happens: a taken port fails the
    command at once (exit 3) instead of after migrating the database and starting the app."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        typer.echo(f"allyhub: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(UNREACHABLE) from None
    sock.set_inheritable(True)
    return sock


def serve(
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
    host: str = typer.Option(None, "--host", help="Listen address (default: from the hub's URL)."),
    port: int = typer.Option(None, "--port", help="Listen port (default: from the hub's URL)."),
    workers: int = typer.Option(
        None, "--workers", help="Server processes (default 1); the sync loop runs in one of them."
    ),
    log_level: str = typer.Option(None, "--log-level", help="debug, info, warning or error."),
    log_format: str = typer.Option(None, "--log-format", help="text or json (one per line)."),
) -> None:
    """Serve one hub of the charter over TAXII 2.1, migrating its database first."""
    settings = build_settings(
        charter=charter,
        hub=hub,
        db=db,
        data_dir=data_dir,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        log_format=log_format,
    )
    logs.configure(settings.log_level, settings.log_format)
    limit_arenas(os.environ)  # before the server's threads; its children inherit it
    sock = listen(settings.host or "127.0.0.1", settings.port or 8600)
    services = build_services(settings)
    if services.engine.dialect.name == "postgresql" and not settings.secret_key:
        logging.getLogger("allyhub.serve").warning(
            "secret_key is not set: this host uses %s/%s.secret; every host serving this "
            "database needs the same secret, or API keys, sessions and `next` tokens made "
            "on one host fail on another (set ALLYHUB_SECRET_KEY alike; docs/deploy.md)",
            settings.data_dir,
            settings.hub,
        )
    root = f"/taxii2/{services.charter.id}/"
    scheme = "https" if settings.tls_cert else "http"
    typer.echo(
        f"allyhub: hub {settings.hub!r} of {services.charter.name} on "
        f"{scheme}://{settings.host or '127.0.0.1'}:{settings.port or 8600}{root} "
        f"(database {services.database()}, "
        f"{settings.workers} worker{'s' if settings.workers > 1 else ''})"
    )
    options = {
        "host": settings.host or "127.0.0.1",
        "port": settings.port or 8600,
        "log_level": settings.log_level,
        "log_config": None,  # logs.configure has set up the handlers
        "access_log": False,  # allyhub.access logs each request, with more to say
        "proxy_headers": False,  # the app trusts forwarded headers per `trusted_proxies`
        "ssl_certfile": settings.tls_cert or None,
        "ssl_keyfile": settings.tls_key or None,
    }
    if settings.workers == 1:
        app = create_app(services, sync=True)
        server = _Server(uvicorn.Config(app, **options), app.state.stopping)  # type: ignore[arg-type]
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        if not server.started:
            raise typer.Exit(UNREACHABLE)
        return
    sock.close()  # uvicorn's supervisor binds the port for its workers itself
    services.close()
    os.environ[_WORKER_SETTINGS] = orjson.dumps(dataclasses.asdict(settings)).decode()
    uvicorn.run(
        "allyhub.cli.serve:worker_app",
        factory=True,
        workers=settings.workers,
        **options,  # type: ignore[arg-type]
    )
