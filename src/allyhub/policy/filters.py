"""The visibility rule of visibility.py as a SQL where-clause over the objects table.

The clause is built per request from the viewer's standing, with the viewer-dependent
branches folded away in Python, so the database sees only indexed-column comparisons and
one small sub-select (the member sets that name the viewer).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, and_, false, or_, select

from allyhub.charter import Tier, Tlp
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import GREEN_TIERS
from allyhub.store.schema import member_set_members


def _sets_naming(member: str) -> object:
    return select(member_set_members.c.set_id).where(member_set_members.c.member == member)


def visible_clause(o: FromClause, viewer: MemberState) -> ColumnElement[bool]:
    """SQL twin of `visibility.visible` for one viewer."""
    if viewer.sees_nothing:
        return false()
    c = o.c
    others: ColumnElement[bool] = c.tlp == int(Tlp.CLEAR)
    if viewer.tier is not Tier.INVITEE:
        by_tier: list[ColumnElement[bool]] = []
        if viewer.tier in GREEN_TIERS:
            by_tier.append(c.tlp == int(Tlp.GREEN))
        if viewer.tier is Tier.FULL:
            by_tier.append(c.tlp == int(Tlp.AMBER))
        member_view = or_(
            and_(c.audience.is_(None), or_(*by_tier)) if by_tier else false(),
            c.audience.in_(_sets_naming(viewer.member)),  # type: ignore[arg-type]
        )
        not_denied = or_(
            c.excluded.is_(None),
            c.excluded.not_in(_sets_naming(viewer.member)),  # type: ignore[arg-type]
        )
        others = or_(others, and_(not_denied, member_view))
    if viewer.standing is Standing.SUSPENDED and viewer.since is not None:
        others = and_(c.origin_added < viewer.since, others)
    return or_(c.shared_by == viewer.member, others)


def visible_to_any_clause(o: FromClause, viewers: tuple[MemberState, ...]) -> ColumnElement[bool]:
    """SQL twin of `visibility.visible_to_any` (a peer hub's export filter)."""
    if not viewers:
        return false()
    return or_(*(visible_clause(o, viewer) for viewer in viewers))
