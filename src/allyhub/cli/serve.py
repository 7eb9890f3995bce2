"""`allyhub serve`: run one hub (TAXII 2.1 API) until stopped."""

from __future__ import annotations

import logging

import typer
import uvicorn

from allyhub.app import build_services, create_app
from allyhub.cli.options import CharterOption, DataDirOption, DbOption, HubOption, build_settings


def serve(
    charter: str = CharterOption,
    hub: str = HubOption,
    db: str = DbOption,
    data_dir: str = DataDirOption,
    host: str = typer.Option(None, "--host", help="Listen address (default: from the hub's URL)."),
    port: int = typer.Option(None, "--port", help="Listen port (default: from the hub's URL)."),
    log_level: str = typer.Option(None, "--log-level", help="debug, info, warning or error."),
) -> None:
    """Serve one hub of the charter over TAXII 2.1, migrating its database first."""
    settings = build_settings(
        charter=charter, hub=hub, db=db, data_dir=data_dir, host=host, port=port,
        log_level=log_level,
    )  # fmt: skip
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    services = build_services(settings)
    app = create_app(services, sync=True)
    root = f"/taxii2/{services.charter.id}/"
    scheme = "https" if settings.tls_cert else "http"
    typer.echo(
        f"allyhub: hub {settings.hub!r} of {services.charter.name} on "
        f"{scheme}://{settings.host or '127.0.0.1'}:{settings.port or 8600}{root} "
        f"(database {services.engine.url.render_as_string(hide_password=True)})"
    )
    uvicorn.run(
        app,
        host=settings.host or "127.0.0.1",
        port=settings.port or 8600,
        log_level=settings.log_level,
        access_log=settings.log_level == "debug",
        ssl_certfile=settings.tls_cert or None,
        ssl_keyfile=settings.tls_key or None,
    )
