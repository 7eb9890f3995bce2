"""records.ReadRule.allows: which audit entries a member reads, the Python twin of
store/audit.py's `readable_by` (tests/integration/test_audit_views.py holds them equal)."""

from __future__ import annotations

import pytest

from allyhub.records import AuditRow, ReadRule

RULE = ReadRule(subject_acts=frozenset({"motion"}), actor_hidden=frozenset({"auth.refused"}))


def entry(member: str, act: str, about: str = "") -> AuditRow:
    return AuditRow(1, 1, f"{member}.x", member, act, about, "", b"{}", b"", b"", b"")


@pytest.mark.parametrize(
    ("reader", "row", "allowed"),
    [
        ("ru", entry("ru", "share"), True),  # its own act
        ("ru", entry("ru", "auth.refused"), False),  # a claim nobody checked
        ("ru", entry("sy", "motion", about="ru"), True),  # about it, of a kind it reads
        ("ru", entry("sy", "deny", about="ru"), False),  # about it, private to the actor
        ("ru", entry("sy", "share"), False),  # someone else's
        ("", entry("", "share"), False),  # no member reads the hub's own entries
    ],
)
def test_a_member_reads_its_own_acts_and_some_acts_about_it(
    reader: str, row: AuditRow, allowed: bool
) -> None:
    assert RULE.allows(reader, row) is allowed
