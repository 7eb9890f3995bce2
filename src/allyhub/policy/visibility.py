"""Who may see one object version: the rule of DESIGN.md's TLP table, decided in Python.

filters.py states the same rule as a SQL where-clause; the property tests hold the two to
each other. Change one, change both.
"""

from __future__ import annotations

from dataclasses import dataclass

from allyhub.charter import Tier, Tlp
from allyhub.policy.standing import MemberState, Standing


@dataclass(frozen=True, slots=True)
class Labels:
    """What the policy knows of a version: fixed when it was shared."""

    tlp: Tlp
    audience: frozenset[str] | None  # members it is released to; None: decided by tier
    excluded: frozenset[str] | None  # members its originator denied when it was shared
    shared_by: str
    origin_added: int


GREEN_TIERS = frozenset({Tier.FULL, Tier.ASSOCIATE})


def visible(viewer: MemberState, labels: Labels) -> bool:
    """May this member, standing as it does now, see this version?"""
    if viewer.sees_nothing:
        return False
    if labels.shared_by == viewer.member:
        return True
    if (
        viewer.standing is Standing.SUSPENDED
        and viewer.since is not None
        and labels.origin_added >= viewer.since
    ):
        return False
    if labels.tlp is Tlp.CLEAR:
        return True
    if viewer.tier is Tier.INVITEE:
        return False
    if labels.excluded is not None and viewer.member in labels.excluded:
        return False
    if labels.audience is not None:
        return viewer.member in labels.audience
    if labels.tlp is Tlp.GREEN:
        return viewer.tier in GREEN_TIERS
    if labels.tlp is Tlp.AMBER:
        return viewer.tier is Tier.FULL
    return False  # AMBER+STRICT and RED always carry a list; without one, nobody else


def visible_to_any(viewers: tuple[MemberState, ...], labels: Labels) -> bool:
    """For a peer hub: visible to at least one of the members it hosts."""
    return any(visible(viewer, labels) for viewer in viewers)
