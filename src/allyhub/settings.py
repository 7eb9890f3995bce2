"""Settings: declared once, each with a default and help, merged from four sources.

Precedence, lowest first: defaults < the charter's hub entry < `ALLYHUB_*` environment
variables < command-line flags. This module is the only reader of the environment, and
only through the `environ` mapping it is given, so tests pass `environ={}`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from allyhub.charter import Charter
from allyhub.errors import SettingsInvalid


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a hub process needs to start; built once by the CLI."""

    charter: str = _setting("", "Path of the coalition's charter (TOML).")
    hub: str = _setting("", "Id of the hub this process runs, as named in the charter.")
    data_dir: str = _setting("data", "Directory for the SQLite database and the hub's keys.")
    db: str = _setting(
        "",
        "Database URL. Empty means a SQLite file `<data_dir>/<hub>.sqlite`; "
        "`postgresql+psycopg://user@host/db` selects PostgreSQL.",
    )
    host: str = _setting("", "Address to listen on. Empty means the host of the hub's URL.")
    port: int = _setting(0, "Port to listen on. 0 means the port of the hub's URL.")
    max_content_length: int = _setting(
        32 * 1024 * 1024, "Largest request body accepted, in bytes (TAXII max_content_length)."
    )
    page_size: int = _setting(
        1000, "Most objects returned in one TAXII page; a client's `limit` is capped to it."
    )
    secret_key: str = _setting(
        "",
        "Key for hashing API keys (HMAC-SHA256). Empty means a random key kept in "
        "`<data_dir>/<hub>.secret`; set it explicitly when several processes share one database.",
    )
    sqlite_synchronous: str = _setting(
        "full", "SQLite `synchronous` pragma: `full` survives power loss, `normal` only crashes."
    )
    sqlite_cache_mb: int = _setting(
        64,
        "Memory for SQLite's page cache in each hub process, shared by all its connections "
        "(a soft heap limit): more pages beyond it are read from the operating system's "
        "file cache.",
    )
    tls_cert: str = _setting("", "PEM certificate file; with tls_key, serve HTTPS.")
    tls_key: str = _setting("", "PEM private key file for tls_cert.")
    log_level: str = _setting("info", "Log level: debug, info, warning or error.")
    log_format: str = _setting(
        "text",
        "Log lines as `text` (timestamp, level, logger, message) or `json` (one object per "
        "line with ts, level, logger, msg and, for the access log, request_id, principal, "
        "method, route, path, status, duration_ms).",
    )
    trusted_proxies: str = _setting(
        "",
        "Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers "
        "are believed, comma-separated (`127.0.0.1`, `10.0.0.5,10.0.0.6`, a network "
        "`10.0.0.0/24`, or `*` for any). Empty means none: the client address and scheme are "
        "the connection's. Behind a TLS-terminating proxy this makes the console's cookies "
        "`Secure`.",
    )
    workers: int = _setting(
        1,
        "Server processes sharing the port. Validation and policy then use several cores; "
        "writes still queue for the database. The sync loop runs in one of them.",
    )
    sync_interval: int = _setting(
        1000, "Milliseconds between pulls from each peer hub or feed once caught up."
    )
    max_envelope_objects: int = _setting(
        10_000,
        "Most objects in one envelope or bundle (a TAXII add, a console upload, a peer's "
        "push or page); more is refused with 413 before any object is looked at.",
    )
    max_json_values: int = _setting(
        500_000,
        "Most JSON values in one request body or peer page (each list element and each "
        "object member counts one), counted on the raw bytes before parsing: it bounds the "
        "memory parsing one request can take (about 100 bytes a value at worst).",
    )
    max_json_depth: int = _setting(
        32, "Deepest nesting of JSON lists and objects in a request body, the envelope included."
    )
    max_json_items: int = _setting(
        20_000,
        "Most elements of one JSON list, or members of one JSON object, in a request body "
        "(the envelope's `objects` list is bounded by max_envelope_objects instead).",
    )
    max_json_string: int = _setting(
        1_048_576, "Longest string in a request body, in characters (a key or a value)."
    )
    max_status_failures: int = _setting(
        1000,
        "Most failures a TAXII status lists one by one; the rest are counted in "
        "`failure_count` but not described, so a status stays small whatever was sent.",
    )
    auth_failures_per_principal: int = _setting(
        10,
        "Failed authentications naming one principal id, within auth_failure_window, after "
        "which that principal id is locked out for auth_lockout (429 with Retry-After).",
    )
    auth_failures_per_address: int = _setting(
        50,
        "Failed authentications from one client address, within auth_failure_window, after "
        "which that address is locked out for auth_lockout (429 with Retry-After).",
    )
    auth_failure_window: int = _setting(
        60, "Seconds over which failed authentications are counted (a window per key)."
    )
    auth_lockout: int = _setting(
        300,
        "Seconds a locked-out principal id or address is answered 429, right key or wrong. "
        "Counts live in each server process's memory: a restart forgets them.",
    )

    @property
    def db_url(self) -> str:
        if self.db:
            return self.db
        return f"sqlite:///{Path(self.data_dir) / (self.hub or 'hub')}.sqlite"


SETTINGS: tuple[dataclasses.Field[Any], ...] = dataclasses.fields(Settings)
_NAMES = {f.name for f in SETTINGS}


def _coerce(name: str, value: Any, source: str) -> Any:
    expected = next(f for f in SETTINGS if f.name == name).type
    if expected in ("int", int):
        if isinstance(value, bool):
            raise SettingsInvalid(f"{name} (from {source}): expected an integer, got {value!r}")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SettingsInvalid(
                f"{name} (from {source}): expected an integer, got {value!r}"
            ) from None
        if number < 0:
            raise SettingsInvalid(f"{name} (from {source}): must not be negative")
        return number
    if not isinstance(value, str):
        raise SettingsInvalid(f"{name} (from {source}): expected a string, got {value!r}")
    return value


def load_settings(
    charter: Charter | None,
    flags: Mapping[str, Any],
    environ: Mapping[str, str],
) -> Settings:
    """Merge defaults < charter < environment < flags, then validate."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(name: str, value: Any, source: str) -> None:
        if name not in _NAMES:
            raise SettingsInvalid(f"{name} (from {source}): no such setting")
        values[name] = _coerce(name, value, source)
        sources[name] = source

    hub_id = flags.get("hub") or environ.get("ALLYHUB_HUB") or ""
    if charter is not None and hub_id:
        hub = charter.hub(hub_id)
        if hub is None:
            known = ", ".join(h.id for h in charter.hubs)
            raise SettingsInvalid(f"hub: {hub_id!r} is not a hub of the charter (known: {known})")
        url = urlsplit(hub.url)
        if url.hostname:
            put("host", url.hostname, "charter")
        if url.port:
            put("port", url.port, "charter")
    for name in _NAMES:
        env_value = environ.get(f"ALLYHUB_{name.upper()}")
        if env_value is not None and env_value != "":
            put(name, env_value, f"ALLYHUB_{name.upper()}")
    for name, value in flags.items():
        if value is not None and value != "":
            put(name, value, f"--{name.replace('_', '-')}")

    settings = Settings(**values)
    _validate(settings, sources)
    return settings


_LEAST = {
    "max_envelope_objects": 1,
    "max_json_values": 1000,
    "max_json_depth": 8,
    "max_json_items": 100,
    "max_json_string": 1024,
    "max_status_failures": 1,
    "auth_failures_per_principal": 1,
    "auth_failures_per_address": 1,
    "auth_failure_window": 1,
    "auth_lockout": 1,
}
"""The smallest value of each limit that still lets a hub work (a STIX object nests a
few levels deep inside an envelope; an id is over 40 characters)."""


def _validate(settings: Settings, sources: Mapping[str, str]) -> None:
    def source(name: str) -> str:
        return sources.get(name, "default")

    if settings.sqlite_synchronous not in ("full", "normal"):
        raise SettingsInvalid(
            f"sqlite_synchronous (from {source('sqlite_synchronous')}): use full or normal"
        )
    if not 4 <= settings.sqlite_cache_mb <= 1 << 20:
        raise SettingsInvalid(
            f"sqlite_cache_mb (from {source('sqlite_cache_mb')}): must be between 4 and 1048576"
        )
    if settings.log_level not in ("debug", "info", "warning", "error"):
        raise SettingsInvalid(
            f"log_level (from {source('log_level')}): use debug, info, warning or error"
        )
    if not 1 <= settings.workers <= 64:
        raise SettingsInvalid(f"workers (from {source('workers')}): must be between 1 and 64")
    if settings.page_size < 1:
        raise SettingsInvalid(f"page_size (from {source('page_size')}): must be at least 1")
    if settings.max_content_length < 1024:
        raise SettingsInvalid(
            f"max_content_length (from {source('max_content_length')}): must be at least 1024"
        )
    for name, least in _LEAST.items():
        if getattr(settings, name) < least:
            raise SettingsInvalid(f"{name} (from {source(name)}): must be at least {least}")
    if settings.log_format not in ("text", "json"):
        raise SettingsInvalid(f"log_format (from {source('log_format')}): use text or json")
    if bool(settings.tls_cert) != bool(settings.tls_key):
        raise SettingsInvalid("tls_cert and tls_key: give both or neither")
    if settings.db and not settings.db.startswith(("sqlite", "postgresql")):
        raise SettingsInvalid(
            f"db (from {source('db')}): use sqlite:///path or postgresql+psycopg://user@host/db"
        )


def public_settings(settings: Settings) -> dict[str, Any]:
    """The effective settings with secrets masked, for `/-/settings.json` and the CLI:
    the secret key, and a password in the database URL."""
    shown = dataclasses.asdict(settings)
    if shown["secret_key"]:
        shown["secret_key"] = "********"
    url = urlsplit(settings.db_url)
    if url.password:
        netloc = url.netloc.replace(f":{url.password}@", ":********@", 1)
        shown["db"] = url._replace(netloc=netloc).geturl()
    else:
        shown["db"] = settings.db_url
    return shown
