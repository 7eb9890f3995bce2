"""Fusion's derived tables in SQL: names, links, correlation values, places, references.

Reads that return objects take the policy's `Visibility` and join the objects table, so a
correlation or a count never includes a version the principal may not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Executable,
    and_,
    bindparam,
    delete,
    false,
    func,
    or_,
    select,
    update,
)

from allyhub.store.engine import WRITE
from allyhub.store.objects import Visibility
from allyhub.store.schema import (
    fusion_links,
    fusion_names,
    fusion_places,
    fusion_state,
    fusion_values,
    object_refs,
    objects,
)


@dataclass(frozen=True, slots=True)
class LinkRow:
    a: str
    b: str
    score: float
    band: str
    why: str


@dataclass(frozen=True, slots=True)
class ValueRow:
    kind: str
    value: str
    lo: str
    hi: str


def _chunks(items: Sequence[str], size: int = 900) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(slots=True)
class Derived:
    """What fusion derived from one batch of versions, written in one short transaction.

    Every id in `ids` has its names, values and place replaced by what is here (none, if
    absent): the newest version decides them all."""

    ids: list[str] = field(default_factory=list)
    names: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    links: dict[tuple[str, str], LinkRow] = field(default_factory=dict)
    values: list[dict[str, str]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)

    def link(self, link: LinkRow) -> None:
        a, b = sorted((link.a, link.b))
        self.links[(a, b)] = LinkRow(a, b, link.score, link.band, link.why)


class FusionWriter:
    """Writes of one fusion transaction (with the cursor move)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def cursor(self) -> int:
        statement = select(fusion_state.c.cursor).where(fusion_state.c.id == 1)
        if self.connection.dialect.name == "postgresql":
            statement = statement.with_for_update()  # one worker at a time
        return int(self.connection.execute(statement).scalar_one())

    def move_cursor(self, to: int) -> None:
        self.connection.execute(
            update(fusion_state).where(fusion_state.c.id == 1).values(cursor=to)
        )

    def apply(self, derived: Derived) -> None:
        """Replace the derived rows of `derived.ids` in a few bulk statements: the write
        lock is held for milliseconds, not for the scoring that produced them."""
        execute = self.connection.execute
        for chunk in _chunks(derived.ids):
            for table in (fusion_names, fusion_values, fusion_places):
                execute(delete(table).where(table.c.stix_id.in_(chunk)))
        names = [
            {"stix_id": stix_id, "name": name, "kind": kind}
            for stix_id, (kind, texts) in derived.names.items()
            for name in dict.fromkeys(texts)
        ]
        if names:
            execute(fusion_names.insert(), names)
        if derived.links:
            pairs = [{"a_": a, "b_": b} for a, b in derived.links]
            execute(
                delete(fusion_links).where(
                    fusion_links.c.a == bindparam("a_"), fusion_links.c.b == bindparam("b_")
                ),
                pairs,
            )
            execute(
                fusion_links.insert(),
                [
                    {"a": r.a, "b": r.b, "score": r.score, "band": r.band, "why": r.why}
                    for r in derived.links.values()
                ],
            )
        if derived.values:
            execute(fusion_values.insert(), derived.values)
        if derived.places:
            execute(fusion_places.insert(), derived.places)


class SqlFusionStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def writing(self) -> Iterator[FusionWriter]:
        with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
            yield FusionWriter(connection)

    def _rows(self, statement: Executable) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(statement))

    def cursor(self) -> int:
        return int(self._rows(select(fusion_state.c.cursor))[0][0])

    def all_names(self) -> Iterator[tuple[str, str, list[str]]]:
        """(stix_id, kind, names) of every named object, for rebuilding the index."""
        statement = select(
            fusion_names.c.stix_id, fusion_names.c.kind, fusion_names.c.name
        ).order_by(fusion_names.c.stix_id)
        current: tuple[str, str, list[str]] | None = None
        with self.engine.connect() as connection:
            for stix_id, kind, name in connection.execute(statement):
                if current is None or current[0] != stix_id:
                    if current is not None:
                        yield current
                    current = (stix_id, kind, [])
                current[2].append(name)
        if current is not None:
            yield current

    def names_filed(self, after: int, upto: int) -> list[tuple[str, str, list[str]]]:
        """(stix_id, kind, names) of the named objects with a version added in (after, upto]:
        what another process's worker filed since a name index was last brought up to date."""
        changed = select(objects.c.stix_id).where(
            objects.c.date_added > after, objects.c.date_added <= upto
        )
        statement = (
            select(fusion_names.c.stix_id, fusion_names.c.kind, fusion_names.c.name)
            .where(fusion_names.c.stix_id.in_(changed))
            .order_by(fusion_names.c.stix_id)
        )
        found: dict[str, tuple[str, list[str]]] = {}
        for stix_id, kind, name in self._rows(statement):
            found.setdefault(stix_id, (kind, []))[1].append(name)
        return [(stix_id, kind, names) for stix_id, (kind, names) in found.items()]

    def names(self, ids: Iterable[str]) -> dict[str, tuple[str, list[str]]]:
        found: dict[str, tuple[str, list[str]]] = {}
        for chunk in _chunks(sorted(set(ids))):
            statement = select(
                fusion_names.c.stix_id, fusion_names.c.kind, fusion_names.c.name
            ).where(fusion_names.c.stix_id.in_(chunk))
            for stix_id, kind, name in self._rows(statement):
                found.setdefault(str(stix_id), (str(kind), []))[1].append(str(name))
        return found

    def links(self, ids: Iterable[str]) -> list[LinkRow]:
        """Links with either end among these ids."""
        found: dict[tuple[str, str], LinkRow] = {}
        for chunk in _chunks(sorted(set(ids))):
            statement = select(
                fusion_links.c.a, fusion_links.c.b, fusion_links.c.score, fusion_links.c.band,
                fusion_links.c.why,
            ).where(or_(fusion_links.c.a.in_(chunk), fusion_links.c.b.in_(chunk)))  # fmt: skip
            for a, b, score, band, why in self._rows(statement):
                found[(str(a), str(b))] = LinkRow(str(a), str(b), float(score), str(band), str(why))
        return list(found.values())

    def refs_to(self, targets: Iterable[str]) -> list[tuple[str, str, str]]:
        """(source id, source type, target) of every stored version referring to these ids
        (the share path indexes references in `object_refs`)."""
        found: set[tuple[str, str, str]] = set()
        for chunk in _chunks(sorted(set(targets))):
            statement = (
                select(objects.c.stix_id, objects.c.type, object_refs.c.ref)
                .join(objects, objects.c.date_added == object_refs.c.date_added)
                .where(object_refs.c.ref.in_(chunk), objects.c.deleted == false())
            )
            found.update((str(s), str(t), str(r)) for s, t, r in self._rows(statement))
        return sorted(found)

    def values(self, stix_id: str) -> list[ValueRow]:
        statement = select(
            fusion_values.c.kind, fusion_values.c.value, fusion_values.c.lo, fusion_values.c.hi
        ).where(fusion_values.c.stix_id == stix_id)
        return [
            ValueRow(str(k), str(v), str(lo), str(hi)) for k, v, lo, hi in self._rows(statement)
        ]

    def sharing_value(
        self, value: ValueRow, visible: Visibility, exclude: str, limit: int
    ) -> list[str]:
        """Visible objects with the same value (for IP networks: overlapping ranges)."""
        o = objects.alias("o")
        same = (
            and_(
                fusion_values.c.kind == value.kind,
                fusion_values.c.lo <= value.hi,
                fusion_values.c.hi >= value.lo,
            )
            if value.lo
            else and_(fusion_values.c.kind == value.kind, fusion_values.c.value == value.value)
        )
        seen = (
            select(o.c.stix_id)
            .where(o.c.stix_id == fusion_values.c.stix_id, o.c.deleted == false(), visible(o))
            .exists()
        )
        statement = (
            select(fusion_values.c.stix_id)
            .where(same, fusion_values.c.stix_id != exclude, seen)
            .distinct()
            .limit(limit)
        )
        return [str(row[0]) for row in self._rows(statement)]

    def places_near(self, latitude: float, degrees: float) -> list[tuple[str, float, float]]:
        """Places within a latitude band (the caller checks the true distance)."""
        statement = select(
            fusion_places.c.stix_id, fusion_places.c.latitude, fusion_places.c.longitude
        ).where(fusion_places.c.latitude.between(latitude - degrees, latitude + degrees))
        return [(str(s), float(a), float(b)) for s, a, b in self._rows(statement)]

    def place(self, stix_id: str) -> tuple[float, float] | None:
        statement = select(fusion_places.c.latitude, fusion_places.c.longitude).where(
            fusion_places.c.stix_id == stix_id
        )
        rows = self._rows(statement)
        return (float(rows[0][0]), float(rows[0][1])) if rows else None

    def count_names(self) -> int:
        return int(self._rows(select(func.count()).select_from(fusion_names))[0][0])

    def backlog(self) -> tuple[int, int | None]:
        """Versions stored but not yet derived (after the fusion cursor), and the
        date_added of the oldest of them: what the hub's metrics report."""
        cursor = select(fusion_state.c.cursor).where(fusion_state.c.id == 1).scalar_subquery()
        statement = select(func.count(), func.min(objects.c.date_added)).where(
            objects.c.date_added > cursor
        )
        count, oldest = self._rows(statement)[0]
        return int(count), int(oldest) if oldest is not None else None
