"""Whole numbers from request parameters, for every HTTP edge.

`str.isdigit` takes '²' (and `int` then fails), `int` refuses 5,000 digits, and a number
past 2^63 - 1 fails in the database (finding 15). So a number a request carries is parsed
here, once: ASCII digits only, within a range, or InvalidRequest naming the parameter
(400). Nothing out of range reaches a query.
"""

from __future__ import annotations

import re

from allyhub.errors import InvalidRequest

INT64 = 2**63 - 1
"""The largest value a BIGINT column holds (SQLite and PostgreSQL alike)."""

_DIGITS = re.compile(r"[0-9]{1,19}\Z")


def whole_number(text: str, name: str, *, least: int = 0, most: int = INT64) -> int:
    """The number `text` spells, from `least` to `most`; InvalidRequest naming `name`."""
    value = int(text) if _DIGITS.match(text) else None
    if value is None or not least <= value <= most:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InvalidRequest(f"{name}={shown!r}: give a whole number from {least} to {most}")
    return value
