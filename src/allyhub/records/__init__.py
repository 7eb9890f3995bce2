"""The records the service layer's ports speak (service/ports.py), owned by the service.

A package of its own, beside `service/`, so the adapters that implement the ports (`store/`,
the fakes in tests/unit/service/fakes.py) import them without loading the use cases: the
store depends on the port's types, never the service on the store's. Plain frozen
dataclasses and enums; nothing here reads a database or decides a rule.
"""

from allyhub.records.audit import AuditRow, ReadRule
from allyhub.records.fusion import Current, Derived, LinkRow, ValueRow, entry_key, object_of
from allyhub.records.keys import KeyRecord
from allyhub.records.objects import (
    Commit,
    Known,
    NewVersion,
    ObjectQuery,
    Page,
    SealPlace,
    SealRecord,
    StoredVersion,
    VersionMatch,
    VersionPick,
)
from allyhub.records.peers import Cursor, PushCursor, Quarantined
from allyhub.records.statuses import StatusRecord
from allyhub.records.visibility import EVERYTHING, Visibility

__all__ = [
    "AuditRow",
    "Commit",
    "Current",
    "Cursor",
    "Derived",
    "EVERYTHING",
    "KeyRecord",
    "Known",
    "LinkRow",
    "NewVersion",
    "ObjectQuery",
    "Page",
    "PushCursor",
    "Quarantined",
    "ReadRule",
    "SealPlace",
    "SealRecord",
    "StatusRecord",
    "StoredVersion",
    "ValueRow",
    "VersionMatch",
    "VersionPick",
    "Visibility",
    "entry_key",
    "object_of",
]
