"""API keys as rows: only their keyed hash is stored, never the key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Row, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from allyhub.errors import StoreError
from allyhub.records import KeyRecord
from allyhub.store.engine import WRITE
from allyhub.store.schema import api_keys


def _record(row: Row[Any]) -> KeyRecord:
    return KeyRecord(
        key_id=row.key_id,
        principal=row.principal,
        member=row.member,
        role=row.role,
        digest=bytes(row.digest),
        created=row.created,
        expires=row.expires,
        revoked=row.revoked,
    )


class SqlKeyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, record: KeyRecord) -> None:
        try:
            with self.engine.connect().execution_options(**WRITE) as connection:
                with connection.begin():
                    connection.execute(
                        api_keys.insert().values(
                            key_id=record.key_id,
                            principal=record.principal,
                            member=record.member,
                            role=record.role,
                            digest=record.digest,
                            created=record.created,
                            expires=record.expires,
                            revoked=record.revoked,
                        )
                    )
        except IntegrityError as exc:
            raise StoreError(f"key {record.key_id} already exists") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store the key: {exc}") from exc

    def by_digest(self, digest: bytes) -> KeyRecord | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(api_keys).where(api_keys.c.digest == digest)
            ).one_or_none()
        return _record(row) if row is not None else None

    def by_id(self, key_id: str) -> KeyRecord | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(api_keys).where(api_keys.c.key_id == key_id)
            ).one_or_none()
        return _record(row) if row is not None else None

    def all(self, member: str | None = None) -> list[KeyRecord]:
        statement = select(api_keys).order_by(api_keys.c.created, api_keys.c.key_id)
        if member is not None:
            statement = statement.where(api_keys.c.member == member)
        with self.engine.connect() as connection:
            return [_record(row) for row in connection.execute(statement)]

    def revoke(self, key_id: str, when: int) -> bool:
        """Revoke a key; False when there is no such key or it was revoked already."""
        with self.engine.connect().execution_options(**WRITE) as connection:
            with connection.begin():
                result = connection.execute(
                    update(api_keys)
                    .where(api_keys.c.key_id == key_id, api_keys.c.revoked.is_(None))
                    .values(revoked=when)
                )
        return bool(result.rowcount)
