"""Interim validator (common properties only); replaced by the full fast path on merge."""

from __future__ import annotations

import re
from dataclasses import dataclass

from allyhub.stix.timestamps import parse_timestamp

_ID = re.compile(r"([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}" if self.path else self.rule


def validate(obj: object) -> list[Problem]:
    if not isinstance(obj, dict):
        return [Problem("", "each object must be a JSON object")]
    problems: list[Problem] = []
    kind = obj.get("type")
    if not isinstance(kind, str) or not kind:
        return [Problem("type", "is required")]
    ident = obj.get("id")
    match = _ID.match(ident) if isinstance(ident, str) else None
    if match is None or match.group(1) != kind:
        problems.append(Problem("id", f"must be '{kind}--' followed by a UUID"))
    for name in ("created", "modified"):
        if name in obj:
            value = obj[name]
            try:
                if not isinstance(value, str):
                    raise ValueError("must be a string")
                parse_timestamp(value)
            except ValueError as exc:
                problems.append(Problem(name, str(exc)))
    return problems
