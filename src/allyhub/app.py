"""Composition root: Settings -> engine, stores, services, ASGI app.

Every concrete object is built here once and handed down through constructors; nothing
else creates engines, reads settings or wires services.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from starlette.applications import Starlette

from allyhub.charter import Charter, load_charter
from allyhub.errors import SettingsInvalid
from allyhub.service import Coalition, KeyService, ReadingService, SharingService
from allyhub.settings import Settings
from allyhub.stix.timestamps import now_micros
from allyhub.store.engine import check_revision, make_engine, upgrade
from allyhub.store.keys import SqlKeyStore
from allyhub.store.objects import SqlObjectStore
from allyhub.store.statuses import SqlStatusStore


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the edges may call, built for one hub."""

    settings: Settings
    charter: Charter
    engine: Engine
    coalition: Coalition
    keys: KeyService
    sharing: SharingService
    reading: ReadingService


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


def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    """Open the database (migrating it unless told not to) and build the services."""
    if not settings.charter:
        raise SettingsInvalid("charter: give the charter file with --charter or ALLYHUB_CHARTER")
    if not settings.hub:
        raise SettingsInvalid("hub: say which hub this is with --hub or ALLYHUB_HUB")
    charter = load_charter(settings.charter)
    engine = make_engine(settings.db_url, sqlite_synchronous=settings.sqlite_synchronous)
    if migrate:
        upgrade(engine)
    check_revision(engine)
    coalition = Coalition(charter, settings.hub)
    objects = SqlObjectStore(engine, settings.hub)
    clock = now_micros
    return Services(
        settings=settings,
        charter=charter,
        engine=engine,
        coalition=coalition,
        keys=KeyService(SqlKeyStore(engine), coalition, hub_secret(settings), clock),
        sharing=SharingService(coalition, objects, clock),
        reading=ReadingService(coalition, objects, SqlStatusStore(engine), settings.page_size),
    )


@contextmanager
def open_services(settings: Settings) -> Iterator[Services]:
    """Services for one short command; the database connections close on the way out."""
    services = build_services(settings)
    try:
        yield services
    finally:
        services.engine.dispose()


def create_app(services: Services) -> Starlette:
    """The ASGI application: TAXII 2.1 (and, later, the console)."""
    from allyhub.taxii.routes import taxii_app

    return taxii_app(services)
