"""The audit trail's rows: appended under the database's write lock, never updated.

Chaining and signing are the service's business (service/audit.py); this module only
keeps the rows in order and hands back the head so the next entry can chain to it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, false, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from allyhub.errors import StoreError
from allyhub.records import AuditRow, ReadRule
from allyhub.store.engine import WRITE
from allyhub.store.schema import audit, hub_clock, peer_audit, peer_audit_keys


def _row(row: Sequence[Any]) -> AuditRow:
    values = tuple(row)
    return AuditRow(
        seq=values[0],
        at=values[1],
        principal=values[2],
        member=values[3],
        act=values[4],
        about=values[5],
        subject=values[6],
        detail=bytes(values[7]),
        prev=bytes(values[8]),
        hash=bytes(values[9]),
        signature=bytes(values[10]),
    )


_COLUMNS = (
    audit.c.seq,
    audit.c.at,
    audit.c.principal,
    audit.c.member,
    audit.c.act,
    audit.c.about,
    audit.c.subject,
    audit.c.detail,
    audit.c.prev,
    audit.c.hash,
    audit.c.signature,
)


def readable_by(table: Table, readers: Collection[str], rule: ReadRule) -> ColumnElement[bool]:
    """The entries of `table` these members may read. An entry made by no member ("": the
    hub operator, a peer hub, an unknown caller) is read by none of them."""
    chosen = sorted(m for m in readers if m)
    if not chosen:
        return false()
    return or_(
        and_(table.c.member.in_(chosen), table.c.act.not_in(sorted(rule.actor_hidden))),
        and_(table.c.about.in_(chosen), table.c.act.in_(sorted(rule.subject_acts))),
    )


def head(connection: Connection, lock: bool) -> AuditRow | None:
    """The newest entry; with `lock` on PostgreSQL, serialize appenders on the hub clock."""
    if lock and connection.dialect.name == "postgresql":
        connection.execute(select(hub_clock.c.id).where(hub_clock.c.id == 1).with_for_update())
    row = connection.execute(select(*_COLUMNS).order_by(audit.c.seq.desc()).limit(1)).first()
    return _row(row) if row is not None else None


def append(connection: Connection, entry: AuditRow) -> None:
    connection.execute(
        audit.insert().values(
            seq=entry.seq,
            at=entry.at,
            principal=entry.principal,
            member=entry.member,
            act=entry.act,
            about=entry.about,
            subject=entry.subject,
            detail=entry.detail,
            prev=entry.prev,
            hash=entry.hash,
            signature=entry.signature,
        )
    )


class SqlAuditStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def last(self) -> AuditRow | None:
        with self.engine.connect() as connection:
            return head(connection, lock=False)

    def entries(
        self,
        *,
        member: str | None = None,
        principal: str | None = None,
        act: str | None = None,
        since: int | None = None,
        until: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        readers: Collection[str] | None = None,
        rule: ReadRule | None = None,
        after: int | None = None,
    ) -> Iterator[AuditRow]:
        """Entries in order (or newest first); `member` keeps those made by or about that
        member (the operator's view), `readers` those these members may read (see
        `readable_by`; `rule` is required with them), `principal` those made by that
        principal, `after` those after a sequence number."""
        statement = select(*_COLUMNS).order_by(audit.c.seq.desc() if newest_first else audit.c.seq)
        if member is not None:
            statement = statement.where((audit.c.member == member) | (audit.c.about == member))
        if readers is not None:
            if rule is None:
                raise ValueError("readers need a ReadRule")
            statement = statement.where(readable_by(audit, readers, rule))
        if after is not None:
            statement = statement.where(audit.c.seq > after)
        if principal is not None:
            statement = statement.where(audit.c.principal == principal)
        if act is not None:
            statement = statement.where(audit.c.act == act)
        if since is not None:
            statement = statement.where(audit.c.at >= since)
        if until is not None:
            statement = statement.where(audit.c.at < until)
        if limit is not None:
            statement = statement.limit(limit)
        try:
            with self.engine.connect() as connection:
                for row in connection.execute(statement):
                    yield _row(row)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the audit trail: {exc}") from exc

    # -- entries replicated from peer hubs ---------------------------------------------

    def peer_key(self, hub: str) -> bytes | None:
        statement = select(peer_audit_keys.c.public_key).where(peer_audit_keys.c.hub == hub)
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        return bytes(row[0]) if row is not None else None

    def peer_last(self, hub: str) -> int:
        """The highest sequence number held from a peer: where its next pull starts."""
        statement = select(func.max(peer_audit.c.seq)).where(peer_audit.c.hub == hub)
        with self.engine.connect() as connection:
            return int(connection.execute(statement).scalar() or 0)

    def add_peer(self, hub: str, public_key: bytes, rows: Sequence[AuditRow]) -> int:
        """Keep verified entries of a peer (pinning its key the first time); returns how
        many were new."""
        try:
            with self.engine.connect().execution_options(**WRITE) as connection:
                with connection.begin():
                    pinned = connection.execute(
                        select(peer_audit_keys.c.hub).where(peer_audit_keys.c.hub == hub)
                    ).first()
                    if pinned is None:
                        connection.execute(
                            peer_audit_keys.insert().values(hub=hub, public_key=public_key)
                        )
                    held = {
                        int(seq)
                        for (seq,) in connection.execute(
                            select(peer_audit.c.seq).where(
                                peer_audit.c.hub == hub,
                                peer_audit.c.seq.in_([r.seq for r in rows]),
                            )
                        )
                    }
                    new = [
                        {"hub": hub, **{c.name: getattr(r, c.name) for c in _COLUMNS}}
                        for r in rows
                        if r.seq not in held
                    ]
                    if new:
                        connection.execute(peer_audit.insert(), new)
                    return len(new)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store {hub}'s audit entries: {exc}") from exc

    def peer_entries(
        self,
        readers: Collection[str],
        rule: ReadRule,
        *,
        act: str | None = None,
        since: int | None = None,
        until: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[tuple[str, AuditRow]]:
        """(hub, entry) of peers' entries these members may read (see `readable_by`), by
        time; the same filters as `entries`."""
        columns = [peer_audit.c[c.name] for c in _COLUMNS]
        order = (peer_audit.c.at, peer_audit.c.hub, peer_audit.c.seq)
        statement = (
            select(peer_audit.c.hub, *columns)
            .where(readable_by(peer_audit, readers, rule))
            .order_by(*(c.desc() for c in order) if newest_first else order)
        )
        if act is not None:
            statement = statement.where(peer_audit.c.act == act)
        if since is not None:
            statement = statement.where(peer_audit.c.at >= since)
        if until is not None:
            statement = statement.where(peer_audit.c.at < until)
        if limit is not None:
            statement = statement.limit(limit)
        with self.engine.connect() as connection:
            return [(str(row[0]), _row(row[1:])) for row in connection.execute(statement)]
