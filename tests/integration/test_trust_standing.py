"""Issue 11, finding 12: standing is checked in one place for every act.

An invitee may answer its invitation and nothing more; a suspended member may read what
it saw before and withdraw, nothing more. Each refusal is a 403 whose description says
why, whatever the act: fusion decisions, denies, deletes.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from allyhub.charter import Role, Tlp
from tests.conftest import RunningHub
from tests.factories import indicator
from tests.integration.trust_support import Members, share


@pytest.fixture
def members(hub: RunningHub) -> Iterator[Members]:
    made = Members(hub)
    yield made
    made.close()


def _refused(answer: httpx.Response, reason: str) -> None:
    assert answer.status_code == 403, answer.text
    assert reason in answer.json()["description"], answer.text


def test_finding12_invitees_and_suspended_members_cannot_decide_links(
    hub: RunningHub, members: Members
) -> None:
    author = members.identity("ru")
    a = indicator(author, tlp=Tlp.CLEAR, name="Abu Kamal")
    b = indicator(author, tlp=Tlp.CLEAR, name="Albu Kamal")
    assert share(members.client("ru", Role.ANALYST), hub, a, b)["success_count"] == 2
    members.admit("nv", "associate", answer=None)  # invited, not yet answered
    members.client("hz", Role.ANALYST)  # its key, made before the suspension
    members.carry("suspend", "hz")
    assert members.standing("nv") == ("invitee", "active")
    assert members.standing("hz") == ("associate", "suspended")
    decision = {"a": a["id"], "b": b["id"], "decision": "same"}
    for member, reason in (("nv", "'nv' is an invitee"), ("hz", "'hz' is suspended")):
        for role in (Role.ANALYST, Role.LIAISON):
            _refused(members.api(member, "POST", "/links", decision, role=role), reason)
    allowed = members.api("ru", "POST", "/links", decision, role=Role.ANALYST)
    assert allowed.status_code == 200, allowed.text  # the same decision, by a member


def test_finding12_an_invitee_cannot_deny_members(hub: RunningHub, members: Members) -> None:
    members.admit("nv", "associate", answer=None)
    _refused(members.api("nv", "PUT", "/denies/ru"), "'nv' is an invitee")
    _refused(members.api("nv", "DELETE", "/denies/ru"), "'nv' is an invitee")
    assert members.api("sy", "PUT", "/denies/ru").status_code == 204  # a member may


def test_finding12_a_suspended_member_cannot_delete_its_objects(
    hub: RunningHub, members: Members
) -> None:
    hz = members.client("hz", Role.ANALYST)
    own = indicator(members.identity("hz"), tlp=Tlp.GREEN)
    assert share(hz, hub, own)["success_count"] == 1
    members.carry("suspend", "hz")
    url = f"{hub.collection_url()}objects/{own['id']}/"
    _refused(hz.delete(url), "'hz' is suspended and may not delete objects")
    assert hz.get(url).status_code == 200  # still there, and still its own to read
    members.carry("reinstate", "hz")
    assert hz.delete(url).status_code == 200


def test_finding12_a_suspended_invitee_cannot_accept_its_way_back(
    hub: RunningHub, members: Members
) -> None:
    """Accepting would have made it an active member, lifting the suspension."""
    members.admit("nv", "full", answer=None)
    motion = next(m for m in members.api("ru", "GET", "/motions").json() if m["subject"] == "nv")
    members.carry("suspend", "nv")
    answer = members.api("nv", "POST", f"/motions/{motion['id']}/response", {"response": "accept"})
    _refused(answer, "'nv' is suspended and may not answer an invitation")
    assert members.standing("nv") == ("invitee", "suspended")
