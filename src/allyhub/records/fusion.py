"""Fusion's derived records: links between name entries, correlation values, the newest
version a reader may see of an object, and what one batch derived (service/fusion.py
writes them through the fusion store's port)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class LinkRow:
    a: str  # entries (see `entry_key`), a < b
    b: str
    score: float
    band: str
    why: str


@dataclass(frozen=True, slots=True)
class ValueRow:
    kind: str
    value: str
    lo: str
    hi: str


@dataclass(frozen=True, slots=True)
class Current:
    """The newest version of an object a reader may see, and its name entry if it names
    an entity (None also while the fusion worker has not reached it)."""

    date_added: int
    version: int
    entry: str | None


def entry_key(stix_id: str, kind: str, country: str | None, names: Sequence[str]) -> str:
    """The name entry of a version: its object and a digest of what fusion compares, so
    versions of one object with the same names share an entry."""
    text = "\x1f".join([kind, country or "", *names])
    return f"{stix_id}@{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def object_of(entry: str) -> str:
    """The object a name entry belongs to (STIX ids hold no '@')."""
    return entry.rpartition("@")[0]


@dataclass(slots=True)
class Derived:
    """What fusion derived from one batch of versions, written in one short transaction.

    Rows only ever get added: a version's names, values and place are its own, forever."""

    entries: list[dict[str, Any]] = field(default_factory=list)  # date_added, entry
    names: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # new entries
    links: dict[tuple[str, str], LinkRow] = field(default_factory=dict)
    values: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)

    def link(self, link: LinkRow) -> None:
        a, b = sorted((link.a, link.b))
        self.links[(a, b)] = LinkRow(a, b, link.score, link.band, link.why)
