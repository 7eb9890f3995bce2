"""What the hub indexes of an object beyond its labels: what it is about, and its names.

Both are computed once, when a version is stored, so that the console can find the
responses to an object (opinions, notes, sightings, relationships that refer to it) and
search names through indexed side tables instead of scanning stored bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_NOT_ABOUT = frozenset({"created_by_ref", "object_marking_refs", "marking_ref"})
"""Left out on purpose: every object has them, and they are provenance, not content."""

NAME_PROPERTIES = ("name", "aliases", "value")
TEXT_PROPERTIES = (
    *NAME_PROPERTIES,
    "description",
    "abstract",
    "content",
    "explanation",
    "pattern",
    "opinion",
    "relationship_type",
    "x_mitre_aliases",
)
"""What the search reads of an object beyond its id: its names, its prose, its pattern."""


def references(obj: Mapping[str, Any]) -> tuple[str, ...]:
    """The ids an object is about — every `*_ref` and `*_refs` property at any depth,
    its author and markings excepted — each once, in the order they first appear."""
    found: dict[str, None] = {}
    _walk(obj, found)
    return tuple(found)


def _walk(value: Any, found: dict[str, None]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in _NOT_ABOUT or key == "extensions":
                continue
            if key.endswith("_ref") and isinstance(item, str) and "--" in item:
                found.setdefault(item)
            elif key.endswith("_refs") and isinstance(item, list):
                for ref in item:
                    if isinstance(ref, str) and "--" in ref:
                        found.setdefault(ref)
            elif isinstance(item, Mapping | list):
                _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)


def search_names(obj: Mapping[str, Any]) -> str:
    """The object's names (name, aliases, an observable's value) case-folded, one a line;
    "" when it has none. Case folding is Unicode's, so it works in every script."""
    names: list[str] = []
    for key in NAME_PROPERTIES:
        value = obj.get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(v for v in value if isinstance(v, str))
    return "\n".join(dict.fromkeys(n.casefold() for n in names if n))


def search_text(obj: Mapping[str, Any]) -> str:
    """The object's searchable words — names, description, abstract, content, pattern,
    ... — case-folded, one property value a line; "" when it has none. The search matches
    words as substrings of this text (so "hamadan" finds "Hamadan air base"), and an IP,
    domain or hash inside a pattern is a word of it too. On the share path: one pass over
    a few keys and one case fold of the joined text."""
    parts: list[str] = []
    for key in TEXT_PROPERTIES:
        value = obj.get(key)
        if value.__class__ is str:
            parts.append(value)
        elif value.__class__ is list:
            parts.extend(v for v in value if isinstance(v, str))
    return "\n".join(parts).casefold() if parts else ""


def canonical_references(obj: dict[str, Any]) -> tuple[tuple[str, ...], bool]:
    """In one walk: lower-case every identifier of an object in place — its `id` and every
    `*_ref` and `*_refs` at any depth, author, markings and extensions included — and
    return what it is about (as `references` does) and whether any identifier changed.

    A UUID is case-insensitive (RFC 4122 §3) but ids are compared as strings: without
    this, `indicator--ABC…` and `indicator--abc…` would be two objects, and a reference
    to a member's identity in capitals would slip past the authorship rule.
    """
    changed = False
    ident = obj.get("id")
    if isinstance(ident, str) and ident != ident.lower():
        obj["id"] = ident.lower()
        changed = True
    found: dict[str, None] = {}
    changed = _canonical(obj, found, True) or changed
    return tuple(found), changed


def _canonical(value: dict[str, Any], found: dict[str, None], about: bool) -> bool:
    changed = False
    for key, item in value.items():
        if key.endswith("_ref") and isinstance(item, str):
            if "--" in item:
                if item != item.lower():
                    item = value[key] = item.lower()
                    changed = True
                if about and key not in _NOT_ABOUT:
                    found.setdefault(item)
        elif key.endswith("_refs") and isinstance(item, list):
            lowered = [r.lower() if isinstance(r, str) and "--" in r else r for r in item]
            if lowered != item:
                value[key] = item = lowered
                changed = True
            if about and key not in _NOT_ABOUT:
                for ref in item:
                    if isinstance(ref, str) and "--" in ref:
                        found.setdefault(ref)
        elif isinstance(item, dict):
            inner = about and key not in _NOT_ABOUT and key != "extensions"
            changed = _canonical(item, found, inner) or changed
        elif isinstance(item, list):
            inner = about and key not in _NOT_ABOUT and key != "extensions"
            for element in item:
                if isinstance(element, dict):
                    changed = _canonical(element, found, inner) or changed
    return changed
