"""api/models.py: what the API writes of an audit entry, from the record the service
returns (hex hash, base64 signature, the detail as JSON, the time as a STIX timestamp)."""

from __future__ import annotations

import base64

from allyhub.api.models import AuditEntryOut
from allyhub.service.audit import Act
from allyhub.timestamps import parse_timestamp
from tests.unit.service.hub import FakeHub


def test_an_audit_entry_is_written_as_it_was_signed() -> None:
    hub = FakeHub()
    row = hub.audit.record(Act("ru.analyst", "ru", "share", subject="c", detail={"objects": 2}))
    out = AuditEntryOut.of(row, "damascus")
    assert (out.hub, out.seq, out.member, out.act, out.subject) == (
        "damascus",
        row.seq,
        "ru",
        "share",
        "c",
    )
    assert out.detail == {"objects": 2}
    assert bytes.fromhex(out.hash) == row.hash
    assert base64.b64decode(out.signature) == row.signature
    assert parse_timestamp(out.at) == row.at
