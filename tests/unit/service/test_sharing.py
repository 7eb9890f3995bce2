"""SharingService, ReadingService.status and AuditLog over fakes: the share path's
outcomes without a database (tests/integration runs the same over SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
import pytest

from allyhub.charter import Role, Tlp
from allyhub.errors import NotFound, NotPermitted
from allyhub.service import Principal
from allyhub.stix.markings import TLP2_ID
from tests.factories import indicator
from tests.unit.service.hub import FakeHub


def member(member_id: str, role: Role = Role.ANALYST) -> Principal:
    return Principal(f"{member_id}.{role.value}", member_id, role, "k")


def envelope(*objects: dict[str, Any]) -> bytes:
    return orjson.dumps({"objects": list(objects)})


def test_share_stores_each_object_and_answers_a_complete_status() -> None:
    hub = FakeHub()
    first, second = indicator(), indicator(value="203.0.113.9")
    status = hub.sharing.share(member("sy"), "joint", envelope(first, second))
    assert status.complete and status.failure_count == 0
    assert {d.id for d in status.successes} == {first["id"], second["id"]}
    stored = [v for _, _, v in hub.tables.rows if v.collection != "governance"]
    assert {(v.stix_id, v.shared_by, v.tlp) for v in stored} >= {
        (first["id"], "sy", Tlp.GREEN.value),
        (second["id"], "sy", Tlp.GREEN.value),
    }
    assert all(v.sealed is not None for v in stored)  # every stored version is sealed


def test_unmarked_object_is_stored_with_the_charters_default_marking() -> None:
    hub = FakeHub()
    bare = indicator(tlp=None)
    hub.sharing.share(member("sy"), "joint", envelope(bare))
    (version,) = [v for _, _, v in hub.tables.rows if v.stix_id == bare["id"]]
    assert version.tlp == Tlp.AMBER.value  # rules.default_marking = "amber"
    assert TLP2_ID[Tlp.AMBER] in orjson.loads(version.body)["object_marking_refs"]


def test_sharing_the_same_version_again_stores_nothing_new() -> None:
    hub = FakeHub()
    obj = indicator()
    hub.sharing.share(member("sy"), "joint", envelope(obj))
    rows = len(hub.tables.rows)
    again = hub.sharing.share(member("sy"), "joint", envelope(obj))
    assert again.failure_count == 0 and [d.id for d in again.successes] == [obj["id"]]
    assert len(hub.tables.rows) == rows


def test_another_members_version_of_a_visible_id_is_refused() -> None:
    hub = FakeHub()
    obj = indicator()
    hub.sharing.share(member("sy"), "joint", envelope(obj))
    newer = {**obj, "modified": "2016-01-01T00:00:00.000Z"}
    status = hub.sharing.share(member("ru"), "joint", envelope(newer))
    assert [d.id for d in status.failures] == [obj["id"]]
    assert "sy" in status.failures[0].message or "another" in status.failures[0].message


def test_a_reader_may_not_share() -> None:
    hub = FakeHub()
    with pytest.raises(NotPermitted):
        hub.sharing.share(member("sy", Role.READER), "joint", envelope(indicator()))


def test_status_is_the_sharers_and_a_404_for_anyone_else() -> None:
    hub = FakeHub()
    status = hub.sharing.share(member("sy"), "joint", envelope(indicator()))
    assert hub.reading.status(member("sy"), status.id).successes == status.successes
    with pytest.raises(NotFound) as other:
        hub.reading.status(member("ru"), status.id)
    with pytest.raises(NotFound) as missing:
        hub.reading.status(member("ru"), "no-such-status")
    assert str(other.value).replace(status.id, "X") == str(missing.value).replace(
        "no-such-status", "X"
    )


def test_each_share_is_audited_in_a_chain_that_verifies_and_a_change_is_found() -> None:
    hub = FakeHub()
    for _ in range(3):
        hub.sharing.share(member("sy"), "joint", envelope(indicator()))
    shares = [e for e in hub.tables.audit if e.act == "share"]
    assert [e.member for e in shares] == ["sy", "sy", "sy"]
    assert hub.audit.verify() == []
    hub.tables.audit[1] = replace(hub.tables.audit[1], member="ru")
    assert [f.seq for f in hub.audit.verify()] == [hub.tables.audit[1].seq]
