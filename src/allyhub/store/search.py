"""The search's SQL: objects whose newest visible version holds words, an id or a value.

Every query takes the policy's `Visibility` and keeps, of each object, only the newest
version the reader may see (`newest_visible`), so a word, value or id of a version the
reader may not see — or of an older version than the one it sees — never matches, and
limits apply after that choice: a hidden match never takes a visible one's place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, false, func, or_, select

from allyhub.records import Visibility
from allyhub.store.aliases import READ
from allyhub.store.fusion import newest_visible
from allyhub.store.schema import HAS_RANGE, fusion_values, object_text


class SqlSearchStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _ids(self, statement: Select[Any]) -> list[str]:
        with self.engine.connect() as connection:
            return [str(row[0]) for row in connection.execute(statement)]

    def with_words(self, words: Sequence[str], visible: Visibility, limit: int) -> list[str]:
        """Objects whose newest visible version's text (stix/index.py `search_text`) holds
        every one of these case-folded words, newest first, at most `limit`."""
        o = READ
        holds = [object_text.c.text.contains(word, autoescape=True) for word in words]
        return self._newest(
            select(o.c.stix_id, func.max(o.c.date_added))
            .join(o, o.c.date_added == object_text.c.date_added)
            .where(*holds, o.c.deleted == false(), visible(o), newest_visible(o, visible)),
            o,
            limit,
        )

    def with_values(
        self, values: Iterable[tuple[str, str, str, str]], visible: Visibility, limit: int
    ) -> list[str]:
        """Objects whose newest visible version has one of these (kind, value, lo, hi)
        observable values — for IP networks, an overlapping range (either contains the
        other) — newest first, at most `limit`. Values come from the fusion worker
        (`fusion_values`), inside patterns too."""
        same: list[ColumnElement[bool]] = []
        for kind, value, lo, hi in values:
            if lo:
                same.append(
                    and_(
                        fusion_values.c.kind == kind,
                        HAS_RANGE,
                        fusion_values.c.lo <= hi,
                        fusion_values.c.hi >= lo,
                    )
                )
            elif kind.startswith("hash:"):
                same.append(
                    and_(fusion_values.c.kind.like("hash:%"), fusion_values.c.value == value)
                )
            else:
                same.append(and_(fusion_values.c.kind == kind, fusion_values.c.value == value))
        if not same:
            return []
        o = READ
        return self._newest(
            select(o.c.stix_id, func.max(o.c.date_added))
            .join(o, o.c.date_added == fusion_values.c.date_added)
            .where(or_(*same), o.c.deleted == false(), visible(o), newest_visible(o, visible)),
            o,
            limit,
        )

    def with_ids(self, ids: Sequence[str], visible: Visibility) -> list[str]:
        """The ids among these of which the reader may see a version."""
        if not ids:
            return []
        o = READ
        return self._newest(
            select(o.c.stix_id, func.max(o.c.date_added)).where(
                o.c.stix_id.in_(sorted(set(ids))), o.c.deleted == false(), visible(o)
            ),
            o,
            len(ids),
        )

    def _newest(self, statement: Select[Any], o: Any, limit: int) -> list[str]:
        """One row per object, the most recently added first."""
        return self._ids(
            statement.group_by(o.c.stix_id)
            .order_by(func.max(o.c.date_added).desc(), o.c.stix_id)
            .limit(limit)
        )
