"""DESIGN.md's visibility table, row by row, with the seed's members."""

from __future__ import annotations

import pytest

from allyhub.charter import Tier, Tlp
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels, visible

RU = MemberState("ru", Tier.FULL)
HZ = MemberState("hz", Tier.ASSOCIATE)
OBS = MemberState("obs", Tier.OBSERVER)
US = MemberState("us", Tier.INVITEE)


def labels(tlp: Tlp, audience: set[str] | None = None, excluded: set[str] | None = None) -> Labels:
    return Labels(
        tlp=tlp,
        audience=frozenset(audience) if audience is not None else None,
        excluded=frozenset(excluded) if excluded is not None else None,
        shared_by="ir",
        origin_added=100,
    )


@pytest.mark.parametrize(
    ("viewer", "version", "expected"),
    [
        pytest.param(US, labels(Tlp.CLEAR), True, id="clear-invitee-sees"),
        pytest.param(US, labels(Tlp.GREEN), False, id="green-invitee-does-not"),
        pytest.param(HZ, labels(Tlp.GREEN), True, id="green-associate-sees"),
        pytest.param(OBS, labels(Tlp.GREEN), False, id="green-observer-does-not"),
        pytest.param(RU, labels(Tlp.AMBER), True, id="amber-unlisted-full-sees"),
        pytest.param(HZ, labels(Tlp.AMBER), False, id="amber-unlisted-associate-does-not"),
        pytest.param(HZ, labels(Tlp.AMBER, {"hz"}), True, id="amber-listed-associate-sees"),
        pytest.param(RU, labels(Tlp.AMBER, {"hz"}), False, id="amber-listed-other-full-does-not"),
        pytest.param(RU, labels(Tlp.AMBER_STRICT, {"ru"}), True, id="strict-listed-sees"),
        pytest.param(RU, labels(Tlp.RED, {"sy"}), False, id="red-unlisted-does-not"),
        pytest.param(US, labels(Tlp.RED, {"us"}), False, id="red-listed-invitee-clear-only"),
        pytest.param(RU, labels(Tlp.GREEN, excluded={"ru"}), False, id="denied-member-skipped"),
        pytest.param(RU, labels(Tlp.CLEAR, excluded={"ru"}), True, id="deny-does-not-hide-clear"),
        pytest.param(
            MemberState("ir", Tier.FULL), labels(Tlp.RED, {"sy"}), True, id="originator-always"
        ),
    ],
)
def test_visibility_table(viewer: MemberState, version: Labels, expected: bool) -> None:
    assert visible(viewer, version) is expected


def test_suspended_member_sees_only_what_was_shared_before_suspension() -> None:
    suspended = MemberState("ru", Tier.FULL, Standing.SUSPENDED, since=100)
    before = Labels(Tlp.GREEN, None, None, "ir", origin_added=99)
    after = Labels(Tlp.GREEN, None, None, "ir", origin_added=100)
    assert visible(suspended, before) and not visible(suspended, after)


@pytest.mark.parametrize("standing", [Standing.EXPELLED, Standing.WITHDRAWN])
def test_expelled_and_withdrawn_see_nothing_not_even_their_own(standing: Standing) -> None:
    gone = MemberState("ir", Tier.FULL, standing, since=1)
    assert not visible(gone, labels(Tlp.CLEAR))
