"""The reference rule (ReferenceCheck) keeps each member's view as bits and reckons labels
that differ only in time once; it must answer exactly as the rule reads in words: the
first member who may see the referring version but no version of its target."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.charter import Tier, Tlp
from allyhub.policy.publishing import ReferenceCheck, Refused
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels, visible

NAMES = ("m1", "m2", "m3", "m4", "m5")

members = st.lists(
    st.builds(
        MemberState,
        member=st.sampled_from(NAMES),
        tier=st.sampled_from(list(Tier)),
        standing=st.sampled_from(list(Standing)),
        since=st.one_of(st.none(), st.integers(1, 10)),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda m: m.member,
)
groups = st.one_of(st.none(), st.frozensets(st.sampled_from(NAMES), min_size=1))
labels = st.builds(
    Labels,
    tlp=st.sampled_from(list(Tlp)),
    audience=groups,
    excluded=groups,
    shared_by=st.sampled_from(NAMES),
    origin_added=st.integers(1, 10),
)


def blind_member(
    state: list[MemberState], referring: Labels, versions: tuple[Labels, ...]
) -> str | None:
    """The rule in words, member by member (denies of the target not counted)."""
    targets = [replace(v, excluded=None) for v in versions]
    for m in state:
        if m.sees_nothing:
            continue
        if visible(m, referring) and not any(visible(m, v) for v in targets):
            return m.member
    return None


@settings(max_examples=1500, deadline=None)
@given(members, st.lists(st.tuples(labels, st.lists(labels, min_size=1, max_size=3)), max_size=6))
def test_the_check_answers_as_the_rule_reads(
    state: list[MemberState], asks: list[tuple[Labels, list[Labels]]]
) -> None:
    check = ReferenceCheck(state)  # one check for many asks, as a share uses it
    for referring, versions in asks:
        expected = blind_member(state, referring, tuple(versions))
        if expected is None:
            check(referring, "indicator--x", tuple(versions))
        else:
            with pytest.raises(Refused, match=f"'{expected}' may see this object"):
                check(referring, "indicator--x", tuple(versions))


def test_a_suspended_member_keeps_time_in_the_reckoning() -> None:
    """m2, suspended at 5, sees the target shared at 3 but not the note shared at 7 — and
    a note shared at 4 it sees, with a target of time 6 it does not: refused for m2."""
    m1 = MemberState("m1", Tier.FULL)
    m2 = MemberState("m2", Tier.FULL, Standing.SUSPENDED, since=5)
    check = ReferenceCheck([m1, m2])
    green = Labels(Tlp.GREEN, None, None, "m1", 7)
    check(green, "indicator--a", (replace(green, origin_added=3),))
    with pytest.raises(Refused, match="'m2'"):
        check(replace(green, origin_added=4), "indicator--b", (replace(green, origin_added=6),))
