"""RfiService over fakes: a request asked, tasked, accepted and declined, and who may act."""

from __future__ import annotations

import pytest

from allyhub.charter import Role
from allyhub.errors import InvalidRequest, NotPermitted
from allyhub.rfi import Reply, RfiStatus
from allyhub.service import Principal, Question
from tests.unit.service.hub import FakeHub

HOUR = 3_600_000_000


def analyst(member: str) -> Principal:
    return Principal(f"{member}.analyst", member, Role.ANALYST, "k")


def test_a_request_is_asked_tasked_and_accepted() -> None:
    hub = FakeHub()
    asked = hub.rfi.ask(analyst("sy"), Question("Where is the relay hosted?", within=48 * HOUR))
    assert asked.rfi.status is RfiStatus.OPEN and asked.rfi.requester == "sy"
    hub.clock.advance(1000)
    routed = hub.rfi.route(analyst("sy"), asked.rfi.id, ["ru", "iq"])
    assert routed.rfi.status is RfiStatus.ROUTED
    assert set(routed.rfi.tasked) == {"ru", "iq"}
    hub.clock.advance(1000)
    accepted = hub.rfi.respond(analyst("ru"), asked.rfi.id, Reply.ACCEPTED)
    assert accepted.rfi.status is RfiStatus.ACCEPTED
    acts = [e.act for e in hub.tables.audit]
    assert acts[-3:] == ["rfi.ask", "rfi.route", "rfi.accept"]


def test_only_a_tasked_member_responds_and_a_decline_is_final() -> None:
    hub = FakeHub()
    asked = hub.rfi.ask(analyst("sy"), Question("Who runs the relay?", task=("iq",)))
    with pytest.raises(NotPermitted, match="not tasked"):
        hub.rfi.respond(analyst("ru"), asked.rfi.id, Reply.ACCEPTED)
    hub.clock.advance(1000)
    hub.rfi.respond(analyst("iq"), asked.rfi.id, Reply.DECLINED)
    hub.clock.advance(1000)
    with pytest.raises(InvalidRequest, match="declined"):
        hub.rfi.respond(analyst("iq"), asked.rfi.id, Reply.ACCEPTED)


def test_an_empty_question_or_a_past_deadline_is_refused() -> None:
    hub = FakeHub()
    with pytest.raises(InvalidRequest, match="question"):
        hub.rfi.ask(analyst("sy"), Question("   "))
    with pytest.raises(InvalidRequest, match="has passed"):
        hub.rfi.ask(analyst("sy"), Question("When?", deadline=hub.clock.now - 1))


def test_routing_to_members_already_tasked_is_refused() -> None:
    hub = FakeHub()
    asked = hub.rfi.ask(analyst("sy"), Question("Where?", task=("ru",)))
    hub.clock.advance(1000)
    with pytest.raises(InvalidRequest, match="not tasked already"):
        hub.rfi.route(analyst("sy"), asked.rfi.id, ["ru"])
