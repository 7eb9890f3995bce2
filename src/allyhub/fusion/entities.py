"""Which objects name an entity, and with which names and kind. Pure.

STIX objects that stand for a person, group or place carry `name` and often `aliases`;
this maps each to fusion's kind so a person is never compared with a place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a type only: the keys load the lexicon, which the server may never need
    from allyhub.fusion.keys import Kind

_BY_TYPE: dict[str, Kind] = {
    "threat-actor": "threat-actor",
    "intrusion-set": "intrusion-set",
    "campaign": "campaign",
    "location": "location",
    "infrastructure": "infrastructure",
    "malware": "malware",
}
NAMED_TYPES = frozenset(_BY_TYPE) | {"identity"}
"""The types `named` finds names in: no other names an entity."""
_ALIAS_PROPERTIES = ("aliases", "x_aliases")
DECISION = "allyhub-link-decision"
"""An analyst's verdict on a fused link: `object_refs` [a, b], `decision` same|different."""


@dataclass(frozen=True, slots=True)
class Named:
    """An object's names (original forms, never rewritten) and fusion kind."""

    kind: Kind
    names: tuple[str, ...]
    country: str | None = None


def named(obj: Mapping[str, Any]) -> Named | None:
    """The names of an object that can be fused, or None for other objects."""
    object_type = obj.get("type")
    kind: Kind | None = _BY_TYPE.get(str(object_type))
    if object_type == "identity":
        kind = "person" if obj.get("identity_class") == "individual" else "organization"
    if kind is None:
        return None
    names: list[str] = []
    name = obj.get("name")
    if isinstance(name, str) and name.strip():
        names.append(name.strip())
    for prop in _ALIAS_PROPERTIES:
        aliases = obj.get(prop)
        if isinstance(aliases, list):
            names += [a.strip() for a in aliases if isinstance(a, str) and a.strip()]
    if not names:
        return None
    country = obj.get("country")
    unique = tuple(dict.fromkeys(names))
    return Named(kind, unique, country.upper() if isinstance(country, str) else None)
