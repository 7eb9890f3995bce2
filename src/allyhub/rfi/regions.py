"""Regions as STIX locations, and which region covers which.

A country is a STIX `location` the hub makes itself, with an id derived from its ISO 3166
code: every hub makes the same object, so `SY` means the same `location--…` everywhere
without coordination. Members may also point at their own locations (a province, a
city). Each location becomes a path, (country, administrative area, city), and a region
covers another when its path is a prefix of the other's: Syria covers Raqqa.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale

from allyhub.stix import ALLYHUB_IDENTITY

_NAMESPACE = uuid.UUID("5d0c7b2e-8a41-5f96-b3e7-2c9a4f1d6e08")
_DEFINED = "2015-10-01T00:00:00.000Z"
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})

COUNTRIES: Mapping[str, str] = {
    code: name
    for code, name in Locale("en").territories.items()
    if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
}
"""ISO 3166-1 alpha-2 code → English name (CLDR, through babel)."""


def country_location_id(code: str) -> str:
    return f"location--{uuid.uuid5(_NAMESPACE, code.upper())}"


_BY_ID = {country_location_id(code): code for code in COUNTRIES}


def country_code(text: str) -> str:
    """A country code as written by a person (`sy`, `SY`); ValueError for unknown ones."""
    code = text.strip().upper()
    if code not in COUNTRIES:
        raise ValueError(f"{text!r} is not an ISO 3166 country code like SY or IQ")
    return code


def country_location(code: str) -> dict[str, Any]:
    """The hub's STIX location for a country: the same object on every hub."""
    code = country_code(code)
    return {
        "type": "location",
        "spec_version": "2.1",
        "id": country_location_id(code),
        "created": _DEFINED,
        "modified": _DEFINED,
        "created_by_ref": ALLYHUB_IDENTITY,
        "name": COUNTRIES[code],
        "country": code,
    }


def is_country_location(ref: str) -> bool:
    return ref in _BY_ID


@dataclass(frozen=True, slots=True)
class Region:
    """A location as routing sees it. An empty path is a location this reader cannot
    resolve (not visible, or not a location): it covers nothing and nothing covers it."""

    ref: str
    path: tuple[str, ...]
    label: str

    def covers(self, other: Region) -> float:
        """1 when this region contains the other, 0.5 when it lies inside the other
        (it covers part of it), else 0."""
        if not self.path or not other.path:
            return 0.0
        if other.path[: len(self.path)] == self.path:
            return 1.0
        if self.path[: len(other.path)] == other.path:
            return 0.5
        return 0.0


def country(code: str) -> Region:
    code = country_code(code)
    return Region(country_location_id(code), (code,), f"{COUNTRIES[code]} ({code})")


def _text(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    return " ".join(value.strip().lower().split()) if isinstance(value, str) else ""


def region_of(ref: str, locations: Mapping[str, Mapping[str, Any]]) -> Region:
    """The region a reference names: a country of the hub's, or a location object found
    among `locations` (those the reader may see); otherwise unresolved."""
    code = _BY_ID.get(ref)
    if code is not None:
        return Region(ref, (code,), f"{COUNTRIES[code]} ({code})")
    obj = locations.get(ref)
    if obj is None or obj.get("type") != "location":
        return Region(ref, (), ref)
    name = obj.get("name") if isinstance(obj.get("name"), str) else ""
    place = _text(obj, "country").upper()
    if place:
        path = (place, *(p for p in (_text(obj, "administrative_area"), _text(obj, "city")) if p))
    elif _text(obj, "region"):
        path = ("@" + _text(obj, "region"),)
    else:
        path = ("~" + ref,)  # coordinates only: it covers itself
    return Region(ref, path, str(name) or " › ".join(path))
