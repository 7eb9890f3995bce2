"""TAXII status resources, persisted so they survive a restart."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select

from allyhub.records import StatusRecord
from allyhub.store.schema import statuses


def save_status(connection: Connection, record: StatusRecord) -> None:
    """Insert a status inside the caller's transaction (the one that stored the objects)."""
    connection.execute(
        statuses.insert().values(
            id=record.id,
            principal=record.principal,
            member=record.member,
            collection=record.collection,
            requested=record.requested,
            total=record.total,
            success=record.success,
            failure=record.failure,
            pending=record.pending,
            details=record.details,
        )
    )


class SqlStatusStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, status_id: str) -> StatusRecord | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(
                    statuses.c.id,
                    statuses.c.principal,
                    statuses.c.member,
                    statuses.c.collection,
                    statuses.c.requested,
                    statuses.c.total,
                    statuses.c.success,
                    statuses.c.failure,
                    statuses.c.pending,
                    statuses.c.details,
                ).where(statuses.c.id == status_id)
            ).one_or_none()
        if row is None:
            return None
        return StatusRecord(*row[:9], details=bytes(row[9]))
