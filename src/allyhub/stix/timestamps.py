"""STIX/TAXII timestamps as integers of microseconds since the Unix epoch.

Versions are compared, indexed and paged by these integers: `modified` and `date_added`
become BIGINT columns that sort the same on SQLite and PostgreSQL. STIX allows more than
microsecond precision; digits past the sixth are kept in the stored JSON but do not take
part in version identity (documented in docs/taxii.md).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z\Z", re.ASCII
)
_EPOCH_ORDINAL = datetime(1970, 1, 1).toordinal()
_US_PER_DAY = 86_400_000_000


def parse_timestamp(text: str) -> int:
    """Return microseconds since the epoch for an RFC 3339 UTC timestamp ending in 'Z'.

    Raises ValueError with a message a person can act on.
    """
    match = _TIMESTAMP.match(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not an RFC 3339 UTC timestamp like 2016-05-12T08:17:27.000Z"
        )
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        ordinal = datetime(int(year), int(month), int(day)).toordinal()
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date: {exc}") from None
    h, m, s = int(hour), int(minute), int(second)
    if h > 23 or m > 59 or s > 59:
        raise ValueError(f"{text!r} has a time of day out of range")
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    return (ordinal - _EPOCH_ORDINAL) * _US_PER_DAY + ((h * 60 + m) * 60 + s) * 1_000_000 + micros


def format_timestamp(micros: int) -> str:
    """Render microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (TAXII style)."""
    days, rest = divmod(micros, _US_PER_DAY)
    date = datetime.fromordinal(_EPOCH_ORDINAL + days)
    seconds, us = divmod(rest, 1_000_000)
    minutes, s = divmod(seconds, 60)
    h, m = divmod(minutes, 60)
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}T{h:02d}:{m:02d}:{s:02d}.{us:06d}Z"


def now_micros() -> int:
    """The wall clock in microseconds; services take a Clock instead of calling this."""
    delta = datetime.now(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
