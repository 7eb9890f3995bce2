"""Correlation keys: the observable values of objects, normalized so equal things compare
equal (and IP networks compare by containment). Pure: objects in, values out.

Sources are cyber observables (ipv4-addr, ipv6-addr, domain-name, url, email-addr, file
hashes) and the equality comparisons of indicator patterns; locations give coordinates.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allyhub.stix import PatternError, comparisons, parse_pattern


@dataclass(frozen=True, slots=True)
class Value:
    """One normalized observable value. IP networks carry their range as fixed-width hex
    (`lo`..`hi`), so containment is a range overlap that any database can index."""

    kind: str  # ipv4, ipv6, domain, url, email, hash:<algorithm>
    value: str
    lo: str = ""
    hi: str = ""


_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}")
"""A plain IPv4 address, as `ipaddress` reads one (no leading zeros): most values are."""


def _ip(text: str) -> Value | None:
    text = text.strip()
    plain = _IPV4.fullmatch(text)
    if plain is not None:  # what ipaddress gives for it, without its objects
        digits = "".join(format(int(octet), "02x") for octet in plain.groups())
        return Value("ipv4", text + "/32", digits, digits)
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
    width = 8 if network.version == 4 else 32
    lo = format(int(network.network_address), f"0{width}x")
    hi = format(int(network.broadcast_address), f"0{width}x")
    name = "ipv4" if network.version == 4 else "ipv6"
    return Value(name, str(network), lo, hi)


def _domain(text: str) -> Value:
    return Value("domain", text.strip().rstrip(".").lower())


def _url(text: str) -> Value:
    try:
        parts = urlsplit(text.strip())
        normalized = urlunsplit(
            (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
        )
    except ValueError:
        normalized = text.strip()
    return Value("url", normalized)


def _email(text: str) -> Value:
    return Value("email", text.strip().lower())


def _hash(algorithm: str, text: str) -> Value:
    name = algorithm.upper().replace("_", "-").strip("'\"")
    return Value(f"hash:{name}", text.strip().lower())


def normalize(object_type: str, path: str, value: str) -> Value | None:
    """The correlation key of one (type, property path, value), or None if not one."""
    if object_type in ("ipv4-addr", "ipv6-addr") and path == "value":
        return _ip(value)
    if object_type == "domain-name" and path == "value":
        return _domain(value)
    if object_type == "url" and path == "value":
        return _url(value)
    if object_type == "email-addr" and path == "value":
        return _email(value)
    if object_type in ("file", "artifact") and path.startswith("hashes."):
        return _hash(path.split(".", 1)[1], value)
    return None


_VALUED = frozenset({"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr"})
_HASHED = frozenset({"file", "artifact"})
OBSERVED_TYPES = frozenset({"indicator", "location"}) | _VALUED | _HASHED
"""The types `values_of` and `coordinates` read anything from: no other has either."""


def values_of(obj: Mapping[str, Any]) -> list[Value]:
    """Every correlation key of an object (deduplicated, in order of appearance)."""
    found: list[Value] = []
    for kind, path, value in _observations(obj):
        key = normalize(kind, path, value)
        if key is not None and key not in found:
            found.append(key)
    return found


def _observations(obj: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    kind = obj.get("type")
    if kind == "indicator" and obj.get("pattern_type") == "stix":
        try:
            pattern = parse_pattern(str(obj.get("pattern", "")))
        except PatternError:
            return
        for comparison in comparisons(pattern):
            if comparison.operator not in ("=", "IN") or comparison.negated:
                continue
            values = (
                comparison.value if isinstance(comparison.value, tuple) else (comparison.value,)
            )
            path = comparison.path.replace("'", "")
            for value in values:
                if isinstance(value, str):
                    yield comparison.object_type, path, value
        return
    if kind in _VALUED:
        value = obj.get("value")
        if isinstance(value, str):
            yield str(kind), "value", value
    elif kind in _HASHED:
        hashes = obj.get("hashes")
        if isinstance(hashes, Mapping):
            for algorithm, value in hashes.items():
                if isinstance(value, str):
                    yield str(kind), f"hashes.{algorithm}", value


def coordinates(obj: Mapping[str, Any]) -> tuple[float, float] | None:
    """(latitude, longitude) of a location object, when it has both."""
    if obj.get("type") != "location":
        return None
    latitude, longitude = obj.get("latitude"), obj.get("longitude")
    if isinstance(latitude, int | float) and isinstance(longitude, int | float):
        return float(latitude), float(longitude)
    return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
