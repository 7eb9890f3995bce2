"""GovernanceService over fakes: motions, votes and their effect on who may act."""

from __future__ import annotations

import orjson
import pytest

from allyhub.charter import Role
from allyhub.errors import InvalidRequest, NotPermitted
from allyhub.policy import Action, MotionKind, MotionStatus, Standing
from allyhub.service import Principal
from tests.factories import indicator
from tests.unit.service.hub import FakeHub

SECOND = 1_000_000


def liaison(member: str) -> Principal:
    return Principal(f"{member}.liaison", member, Role.LIAISON, "k")


def analyst(member: str) -> Principal:
    return Principal(f"{member}.analyst", member, Role.ANALYST, "k")


def test_an_analyst_may_not_propose_and_the_console_would_not_offer_it() -> None:
    hub = FakeHub()
    assert not hub.governance.allowed(analyst("ru"), Action.PROPOSE)
    assert hub.governance.allowed(liaison("ru"), Action.PROPOSE)
    with pytest.raises(NotPermitted):
        hub.governance.propose(analyst("ru"), MotionKind.SUSPEND, "hz")


def test_a_majority_suspends_a_member_who_then_may_not_share() -> None:
    hub = FakeHub()
    motion = hub.governance.propose(liaison("ru"), MotionKind.SUSPEND, "hz")
    assert motion.status is MotionStatus.OPEN and motion.subject == "hz"
    for member in ("ru", "sy", "ir"):
        hub.clock.advance(SECOND)
        motion = hub.governance.vote(liaison(member), motion.id, True)
    assert motion.status is MotionStatus.PASSED
    assert hub.coalition.state().members["hz"].standing is Standing.SUSPENDED
    body = orjson.dumps({"objects": [indicator()]})
    with pytest.raises(NotPermitted):
        hub.sharing.share(analyst("hz"), "joint", body)
    acts = [e.act for e in hub.tables.audit]
    assert acts.count("vote") == 3 and acts.count("motion") == 1


def test_a_second_motion_about_the_same_member_waits_for_the_first() -> None:
    hub = FakeHub()
    first = hub.governance.propose(liaison("ru"), MotionKind.SUSPEND, "hz")
    with pytest.raises(InvalidRequest, match=first.id):
        hub.governance.propose(liaison("sy"), MotionKind.EXPEL, "hz")


def test_a_member_cannot_move_a_motion_about_itself() -> None:
    with pytest.raises(InvalidRequest, match="itself"):
        FakeHub().governance.propose(liaison("ru"), MotionKind.SUSPEND, "ru")
