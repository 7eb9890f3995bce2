"""Parse request bodies: TAXII envelopes (and STIX bundles) into lists of objects."""

from __future__ import annotations

from typing import Any

from allyhub.errors import InvalidRequest
from allyhub.limits import DEFAULT_LIMITS, JsonLimits, parse_json


def parse_envelope(body: bytes, limits: JsonLimits = DEFAULT_LIMITS) -> list[Any]:
    """The objects of a TAXII envelope, or of a STIX bundle (same `objects` shape).

    Raises InvalidRequest when the body is not JSON or not an envelope, and TooLarge
    (naming the setting) when it is over one of the hub's limits (limits.py);
    individual objects are not looked at here (each gets its own result later).
    """
    data = parse_json(body, limits, "the envelope")
    if not isinstance(data, dict):
        raise InvalidRequest(
            'the body must be a TAXII envelope: a JSON object like {"objects": [...]}'
        )
    objects = data.get("objects", [])
    if not isinstance(objects, list):
        raise InvalidRequest('"objects" must be a list of STIX objects')
    return objects


def object_version(obj: dict[str, Any]) -> str:
    """The TAXII version string of an object: modified, else created, else ''."""
    for key in ("modified", "created"):
        value = obj.get(key)
        if isinstance(value, str):
            return value
    return ""
