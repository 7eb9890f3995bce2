"""What one reader may see, as the service hands it to a read port: the policy's rule for
that reader, in both of the policy's forms.

The SQL store calls it with a table alias and gets the where-clause (`policy/filters.py`),
so visibility is decided inside the query; anything that holds versions in memory (the
fakes of tests/unit/service/fakes.py) asks `sees` (`policy/visibility.py`). Both forms are
the policy's own functions, held equal by tests/properties/test_visibility.py: nothing
here restates the rule.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, FromClause, and_, true

from allyhub.policy.filters import visible_to_any_clause
from allyhub.policy.standing import MemberState
from allyhub.policy.visibility import Labels, visible_to_any


@dataclass(frozen=True, slots=True)
class Visibility:
    """The versions a reader may see: those any of `viewers` may see (one member, or the
    members a peer hub hosts), only sealed ones for a peer hub, only in `collections` when
    given. `everything` is the hub's own maintenance (governance folding, re-indexing),
    never a principal's."""

    viewers: tuple[MemberState, ...]
    sealed_only: bool = False
    collections: frozenset[str] | None = None
    everything: bool = False

    def __call__(self, o: FromClause) -> ColumnElement[bool]:
        """The where-clause over one alias of the objects table. Built once per reader and
        alias and kept (clauses never change once built): a peer hub's is one clause per
        member it hosts, and building it took a third of serving a page."""
        return _clause(self, o)

    def sees(self, collection: str, labels: Labels, *, sealed: bool) -> bool:
        """The same answer for one version held in memory."""
        if self.everything:
            return True
        if self.collections is not None and collection not in self.collections:
            return False
        if self.sealed_only and not sealed:
            return False
        return visible_to_any(self.viewers, labels)

    def within(self, collections: Iterable[str]) -> Visibility:
        """Narrowed to versions in these collections: what a reader may see where it may
        read (fusion and the search read across collections; TAXII one at a time)."""
        chosen = frozenset(collections)
        if self.collections is not None:
            chosen &= self.collections
        return replace(self, collections=chosen)


@functools.lru_cache(maxsize=256)
def _clause(visible: Visibility, o: FromClause) -> ColumnElement[bool]:
    if visible.everything:
        return true()
    clauses = [visible_to_any_clause(o, visible.viewers)]
    if visible.sealed_only:
        clauses.insert(0, o.c.seal.is_not(None))
    if visible.collections is not None:
        clauses.insert(0, o.c.collection.in_(sorted(visible.collections)))
    return and_(*clauses)


EVERYTHING = Visibility((), everything=True)
"""No restriction: for the hub's own maintenance (bench, re-index), never for a principal."""
