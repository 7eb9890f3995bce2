"""Backup and restore of a hub: its database and the keys its data depends on.

A backup is one tar file (mode 0600: it holds the hub's keys):

    manifest.json          hub, coalition, database kind, schema revision, allyhub
                           version, when, the audit trail's head
    database.sqlite        SQLite: the online backup API's copy, one consistent snapshot
                           taken while the hub serves (writers wait only page by page)
    database.pgdump        PostgreSQL: `pg_dump --format=custom`, one snapshot transaction
    keys/<hub>.ed25519     the key that signs the audit trail (its entries verify only
                           with it)
    keys/<hub>.secret      the HMAC key of API key digests and sealed peer credentials
                           (absent when `secret_key` is set: keep that setting instead)

Restore puts the database into an empty one (a SQLite file that does not exist yet, or a
PostgreSQL database without tables), the keys into the data directory (refusing to
replace different ones), migrates the schema if the backup is older than this allyhub,
and verifies the whole audit trail: a restore that does not verify says so and fails.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, func, inspect, select

from allyhub import __version__
from allyhub.composition import build_services
from allyhub.errors import InvalidRequest, StoreError
from allyhub.settings import Settings
from allyhub.store.engine import current_revision, make_engine, upgrade
from allyhub.store.schema import objects
from allyhub.timestamps import format_timestamp, now_micros

FORMAT = 1


@dataclass(frozen=True, slots=True)
class Report:
    """What a backup holds or what a restore found."""

    path: str
    hub: str
    database: str  # sqlite | postgresql
    revision: str | None
    objects: int
    audit_entries: int
    audit_problems: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "hub": self.hub,
            "database": self.database,
            "revision": self.revision,
            "objects": self.objects,
            "audit_entries": self.audit_entries,
            "audit_intact": not self.audit_problems,
            "audit_problems": list(self.audit_problems),
        }


def _libpq_url(engine: Engine) -> str:
    """The URL pg_dump and pg_restore take (no SQLAlchemy driver suffix)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise StoreError(
            f"{command[0]} is not installed: {what} of PostgreSQL needs the PostgreSQL client "
            "tools (Debian: postgresql-client) of the server's major version or newer"
        ) from None
    if done.returncode != 0:
        raise StoreError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(objects)).scalar_one())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(settings: Settings, out: Path) -> Report:
    """Write a consistent backup of a hub (it may be serving meanwhile)."""
    engine = make_engine(
        settings.db_url,
        sqlite_synchronous=settings.sqlite_synchronous,
        sqlite_cache_mb=settings.sqlite_cache_mb,
    )
    try:
        revision = current_revision(engine)
        if revision is None:
            raise StoreError(f"{settings.db_url}: no allyhub database there to back up")
        kind = engine.dialect.name
        with tempfile.TemporaryDirectory(prefix="allyhub-backup-") as work:
            dump = Path(work) / ("database.sqlite" if kind == "sqlite" else "database.pgdump")
            if kind == "sqlite":
                source = sqlite3.connect(engine.url.database or "", timeout=60)
                target = sqlite3.connect(dump)
                try:
                    source.backup(target)  # all pages in one step: one snapshot
                finally:
                    target.close()
                    source.close()
            else:
                options = ["--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"]
                _run(["pg_dump", *options, f"--dbname={_libpq_url(engine)}"], "a backup")
            # What the backup holds: read from the copy itself for SQLite; for PostgreSQL
            # from the database just after pg_dump's snapshot (a busy hub may have added to it).
            held = (
                dataclasses.replace(settings, db=f"sqlite:///{dump}")
                if kind == "sqlite"
                else settings
            )
            services = build_services(held, migrate=False)
            try:
                count = _count(services.engine)
                head = services.audit.head()
                entries = head.seq if head else 0
            finally:
                services.engine.dispose()
            manifest = {
                "format": FORMAT,
                "hub": settings.hub,
                "database": kind,
                "revision": revision,
                "allyhub": __version__,
                "created": format_timestamp(now_micros()),
                "objects": count,
                "audit_head": {"seq": entries, "hash": head.hash.hex() if head else ""},
            }
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(out.name + ".partial")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
                _add_bytes(
                    archive, "manifest.json", orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
                )
                archive.add(dump, arcname=dump.name)
                for suffix in ("ed25519", "secret"):
                    key = Path(settings.data_dir) / f"{settings.hub}.{suffix}"
                    if key.exists():
                        _add_bytes(archive, f"keys/{key.name}", key.read_bytes())
            partial.replace(out)
    finally:
        engine.dispose()
    return Report(str(out), settings.hub, kind, revision, count, entries)


def _members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    found = {}
    for member in archive.getmembers():
        if not member.isfile() or member.name.startswith("/") or ".." in member.name.split("/"):
            raise InvalidRequest(f"{member.name!r}: not a file an allyhub backup holds")
        found[member.name] = member
    return found


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = archive.extractfile(member)
    assert handle is not None
    return handle.read()


def _restore_keys(
    archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo], settings: Settings
) -> None:
    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    for name, member in members.items():
        if not name.startswith("keys/"):
            continue
        target = data_dir / Path(name).name
        data = _read(archive, member)
        if target.exists():
            if target.read_bytes() != data:
                raise InvalidRequest(
                    f"{target} exists and differs from the backup's: restore into a fresh data "
                    "directory (the audit trail verifies only with the backup's keys)"
                )
            continue
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)


def restore(settings: Settings, source: Path) -> Report:
    """Restore a backup into this hub's (empty) database and data directory, migrate,
    and verify the audit trail."""
    try:
        archive = tarfile.open(source, mode="r")
    except (tarfile.TarError, OSError) as exc:
        raise InvalidRequest(f"{source}: not an allyhub backup ({exc})") from None
    with archive:
        members = _members(archive)
        if "manifest.json" not in members:
            raise InvalidRequest(f"{source}: not an allyhub backup (no manifest.json)")
        manifest = orjson.loads(_read(archive, members["manifest.json"]))
        if manifest.get("format") != FORMAT:
            raise InvalidRequest(f"{source}: backup format {manifest.get('format')} is unknown")
        if manifest.get("hub") != settings.hub:
            raise InvalidRequest(
                f"{source} is a backup of hub {manifest.get('hub')!r}, not {settings.hub!r}"
            )
        engine = make_engine(
            settings.db_url,
            sqlite_synchronous=settings.sqlite_synchronous,
            sqlite_cache_mb=settings.sqlite_cache_mb,
        )
        try:
            kind = engine.dialect.name
            if kind != manifest["database"]:
                raise InvalidRequest(
                    f"{source} holds a {manifest['database']} database; this hub uses {kind}"
                )
            if inspect(engine).get_table_names():
                raise InvalidRequest(f"{settings.db_url} is not empty: restore into a new database")
            _restore_keys(archive, members, settings)
            with tempfile.TemporaryDirectory(prefix="allyhub-restore-") as work:
                name = "database.sqlite" if kind == "sqlite" else "database.pgdump"
                dump = Path(work) / name
                dump.write_bytes(_read(archive, members[name]))
                if kind == "sqlite":
                    engine.dispose()
                    target = Path(engine.url.database or "")
                    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                        leftover.unlink(missing_ok=True)  # the empty file make_engine opened
                    shutil.copyfile(dump, target)
                else:
                    options = ["--no-owner", "--no-privileges", "--single-transaction"]
                    target_url = f"--dbname={_libpq_url(engine)}"
                    command = ["pg_restore", *options, "--exit-on-error", target_url, str(dump)]
                    _run(command, "a restore")
            upgrade(engine)  # a backup from an older allyhub: bring its schema up
            revision = current_revision(engine)
            count = _count(engine)
        finally:
            engine.dispose()
    services = build_services(settings, migrate=False)
    try:
        findings = services.audit.verify()
        head = services.audit.head()
    finally:
        services.engine.dispose()
    problems = tuple(f"entry {f.seq}: {f.problem}" for f in findings)
    entries = head.seq if head else 0
    return Report(str(source), settings.hub, kind, revision, count, entries, problems)
