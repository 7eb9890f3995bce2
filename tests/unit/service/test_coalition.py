"""Coalition over fakes: who a principal is now, which collections it reads, and what it
may see, as the read ports receive it (a Visibility the fake store answers by the policy's
own rule)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from allyhub.charter import Role, Tlp
from allyhub.errors import NotFound, NotPermitted
from allyhub.policy import Action
from tests.factories import indicator
from tests.unit.service.hub import FakeHub, member, peer, share


def test_a_peer_hub_is_no_viewer_and_an_unknown_member_may_not_act() -> None:
    hub = FakeHub()
    with pytest.raises(NotPermitted, match="peer hub"):
        hub.coalition.viewer(peer("baghdad"))
    with pytest.raises(NotPermitted, match="not a member"):
        hub.coalition.viewer(member("xx"))
    assert hub.coalition.viewer(member("hz")).member == "hz"


def test_collections_by_alias_or_id_and_a_missing_one_is_not_found() -> None:
    hub = FakeHub()
    viewer = hub.coalition.viewer(member("hz"))
    joint = hub.coalition.collection(viewer, "joint")
    assert hub.coalition.collection(viewer, joint.id) == joint
    assert {"joint", "rfi", "governance"} <= {c.alias for c in hub.coalition.collections(viewer)}
    with pytest.raises(NotFound):
        hub.coalition.collection(viewer, "no-such")


def test_a_members_visibility_is_the_policys_tlp_table() -> None:
    """AMBER reaches full members only; GREEN reaches associates too (DESIGN.md)."""
    hub = FakeHub()
    share(hub, "sy", indicator(tlp=Tlp.AMBER), indicator(tlp=Tlp.GREEN))
    joint = hub.coalition.collection(hub.coalition.viewer(member("sy")), "joint").id
    seen = {
        who: hub.store.count(joint, hub.coalition.visibility_of(hub.coalition.viewer(member(who))))
        for who in ("sy", "ru", "hz")
    }
    assert seen == {"sy": 2, "ru": 2, "hz": 1}


def test_a_peer_reads_only_sealed_versions_its_hosted_members_may_see() -> None:
    hub = FakeHub()
    share(hub, "sy", indicator(tlp=Tlp.AMBER))
    reader = hub.coalition.reader(peer("baghdad"))
    assert {v.member for v in reader.viewers} == {"iq", "ir"}
    visibility = reader.visibility
    assert visibility.sealed_only
    joint = next(c.id for c in reader.readable if c.alias == "joint")
    assert hub.store.count(joint, visibility) == 1
    seq, committed, version = hub.tables.rows[-1]
    hub.tables.rows[-1] = (seq, committed, replace(version, sealed=None))
    assert hub.store.count(joint, visibility) == 0  # an unsealed version never leaves


def test_allowed_answers_what_require_enforces() -> None:
    hub = FakeHub()
    reader = member("ru", Role.READER)
    assert not hub.coalition.allowed(reader, Action.SHARE)
    with pytest.raises(NotPermitted):
        hub.coalition.require(reader, Action.SHARE)
    assert hub.coalition.require(member("ru"), Action.SHARE).member == "ru"
