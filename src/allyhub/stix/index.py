"""What the hub indexes of an object beyond its labels: what it is about, and its names.

Both are computed once, when a version is stored, so that the console can find the
responses to an object (opinions, notes, sightings, relationships that refer to it) and
search names through indexed side tables instead of scanning stored bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ABOUT_ONE = ("source_ref", "target_ref", "sighting_of_ref")
ABOUT_MANY = ("object_refs", "where_sighted_refs", "observed_data_refs")
"""The properties by which an object is about others. `created_by_ref` and marking refs
are left out on purpose: every object has them, and they are provenance, not content."""

NAME_PROPERTIES = ("name", "aliases", "value")


def references(obj: Mapping[str, Any]) -> tuple[str, ...]:
    """The ids an object is about, each once, in the order they first appear."""
    found: list[str] = []
    for key in ABOUT_ONE:
        value = obj.get(key)
        if isinstance(value, str):
            found.append(value)
    for key in ABOUT_MANY:
        values = obj.get(key)
        if isinstance(values, list):
            found.extend(v for v in values if isinstance(v, str))
    return tuple(dict.fromkeys(found))


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
