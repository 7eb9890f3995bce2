"""The audit trail's records: an entry as chained and signed (service/audit.py) and the
rule of which entries a member may read, as the audit store's port takes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    at: int
    principal: str
    member: str
    act: str
    about: str
    subject: str
    detail: bytes  # canonical JSON
    prev: bytes
    hash: bytes
    signature: bytes


@dataclass(frozen=True, slots=True)
class ReadRule:
    """Which entries a member may read, as the service decides it (service/audit.py):
    those it made, except acts in `actor_hidden`, and those about it whose act is in
    `subject_acts`."""

    subject_acts: frozenset[str]
    actor_hidden: frozenset[str]

    def allows(self, member: str, entry: AuditRow) -> bool:
        """May this member read this entry? The Python twin of store/audit.py's
        `readable_by`: an entry made by no member ("": the operator, a peer hub, an
        unknown caller) is read by none."""
        if not member:
            return False
        if entry.member == member and entry.act not in self.actor_hidden:
            return True
        return entry.about == member and entry.act in self.subject_acts
