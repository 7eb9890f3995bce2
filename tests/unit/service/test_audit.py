"""AuditLog over fakes: a chain that verifies, who reads which entry, what a peer's trail
must hold to be kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from allyhub.errors import InvalidRequest
from allyhub.records import AuditRow
from allyhub.service import from_wire, to_wire
from allyhub.service.audit import Act, member_may_read, refuse_read
from tests.unit.service.hub import FakeHub, member, peer


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_entries_chain_to_each_other_and_verify_until_one_is_cut_off() -> None:
    hub = FakeHub()
    for n in range(3):
        hub.clock.advance(1)
        hub.audit.record(Act(f"ru.analyst{n}", "ru", "share", subject=f"x{n}"))
    entries = list(hub.audit.entries())
    assert [e.seq for e in entries] == [1, 2, 3]
    assert [e.prev for e in entries[1:]] == [e.hash for e in entries[:-1]]
    head = hub.audit.head()
    assert head is not None and hub.audit.verify((head.seq, head.hash)) == []
    hub.tables.audit.pop()
    assert [f.problem for f in hub.audit.verify((head.seq, head.hash))] == [
        "the recorded head is missing: entries were cut off the end"
    ]


def test_a_member_reads_its_own_acts_and_some_acts_about_it_never_others() -> None:
    hub = FakeHub()
    hub.audit.record(Act("ru.analyst", "ru", "share"))
    hub.audit.record(Act("sy.liaison", "sy", "motion", about="ru"))  # about ru: ru reads it
    hub.audit.record(Act("sy.liaison", "sy", "deny", about="ru"))  # sy's deny list: private
    hub.audit.record(Act("ru", "ru", "auth.refused"))  # a claim nobody checked
    seen = [e.act for _, e in hub.audit.view(member("ru"))]
    assert seen == ["share", "motion"]
    assert [e.act for e in hub.tables.audit if member_may_read("ru", e)] == seen
    assert [e.act for _, e in hub.audit.view(member("sy"))] == ["motion", "deny"]


def test_a_peer_hub_reads_what_its_hosted_members_may() -> None:
    hub = FakeHub()
    hub.audit.record(Act("iq.analyst", "iq", "share"))
    hub.audit.record(Act("ru.analyst", "ru", "share"))
    assert hub.audit.readers(peer("baghdad")) == frozenset({"iq", "ir"})
    assert [e.member for _, e in hub.audit.view(peer("baghdad"))] == ["iq"]


def test_a_refused_read_is_recorded_alike_for_hidden_and_missing() -> None:
    hub = FakeHub()
    refuse_read(hub.audit, member("hz"), "indicator--1", "joint", via="taxii")
    refuse_read(hub.audit, member("hz"), "indicator--2", "joint", via="taxii")
    first, second = hub.tables.audit
    assert (first.act, first.member) == (second.act, second.member) == (first.act, "hz")
    assert len(first.detail) == len(second.detail)


def test_entries_travel_on_the_wire_unchanged() -> None:
    hub = FakeHub()
    entry = hub.audit.record(Act("ru.analyst", "ru", "share", detail={"objects": 2}))
    assert from_wire(to_wire(entry)) == entry


def _peer_trail(key: Ed25519PrivateKey, acts: list[Act]) -> list[AuditRow]:
    other = FakeHub(hub="baghdad", key=key)
    for act in acts:
        other.audit.record(act)
    return list(other.tables.audit)


def test_a_peers_entries_are_kept_when_signed_and_refused_whole_when_one_is_not() -> None:
    key = Ed25519PrivateKey.generate()
    rows = _peer_trail(key, [Act("iq.analyst", "iq", "share"), Act("ir.analyst", "ir", "share")])
    hub = FakeHub()
    forged = [rows[0], replace(rows[1], member="ru")]
    with pytest.raises(InvalidRequest, match="entry 2 of baghdad"):
        hub.audit.receive("baghdad", _raw(key), forged)
    assert hub.audit.peer_last("baghdad") == 0
    assert hub.audit.receive("baghdad", _raw(key), rows) == 2
    assert hub.audit.peer_last("baghdad") == 2
    assert [e.member for _, e in hub.audit.view(member("iq"))] == ["iq"]
    with pytest.raises(InvalidRequest, match="another key"):
        hub.audit.receive("baghdad", _raw(Ed25519PrivateKey.generate()), rows)
