"""Composition: Settings -> engine, stores, services.

Every concrete store and service is built here once and handed down through constructors;
nothing else creates engines, reads the hub's key files or wires services. The edges (taxii,
api, console, cli) import `Services` from here, and `app.py` builds the ASGI application on
top of it: the arrows run one way, edges -> composition -> service and store, and
app -> edges.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from allyhub.charter import Charter, load_charter
from allyhub.charter.load import PUBLIC_KEY_PREFIX
from allyhub.errors import SettingsInvalid
from allyhub.limits import JsonLimits
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
from allyhub.store.audit import SqlAuditStore
from allyhub.store.engine import (
    check_revision,
    current_revision,
    head_revision,
    make_engine,
    seed_statistics,
    upgrade,
)
from allyhub.store.fusion import SqlFusionStore
from allyhub.store.keys import SqlKeyStore
from allyhub.store.objects import SqlObjectStore
from allyhub.store.peers import SqlPeerStore
from allyhub.store.search import SqlSearchStore
from allyhub.store.statuses import SqlStatusStore
from allyhub.timestamps import now_micros


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

    def database(self) -> str:
        """The database's URL, password hidden: what a command or a log line may show."""
        return self.engine.url.render_as_string(hide_password=True)

    def revision(self) -> str | None:
        """The Alembic revision the database is at."""
        return current_revision(self.engine)

    def close(self) -> None:
        """Close the database connections (a command's end; a server's stop)."""
        self.engine.dispose()


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
    """The caps on what one request body or peer page may hold (limits.py)."""
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
    engine = make_engine(
        settings.db_url,
        sqlite_synchronous=settings.sqlite_synchronous,
        sqlite_cache_mb=settings.sqlite_cache_mb,
    )
    if migrate:
        upgrade(engine)
        seed_statistics(engine)
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
    search = SearchService(coalition, SqlSearchStore(engine), browse, fusion)
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
        listing=ListingService(coalition, objects, browse, clock, search.matching),
        search=search,
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
