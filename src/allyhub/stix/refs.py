"""The objects an object points at: every `*_ref` and `*_refs` property, at any depth.

Used by the publish rule that a reference must not reveal an object to someone who may
see the referring object but not its target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_NOT_TARGETS = frozenset({"created_by_ref", "object_marking_refs", "marking_ref"})


def references(obj: Mapping[str, Any]) -> set[str]:
    """Ids of the STIX objects this object refers to (its author and markings excepted)."""
    found: set[str] = set()
    _walk(obj, found)
    return found


def _walk(value: Any, found: set[str]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in _NOT_TARGETS or key == "extensions":
                continue
            if key.endswith("_ref") and isinstance(item, str) and "--" in item:
                found.add(item)
            elif key.endswith("_refs") and isinstance(item, list):
                found.update(i for i in item if isinstance(i, str) and "--" in i)
            elif isinstance(item, Mapping | list):
                _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)
