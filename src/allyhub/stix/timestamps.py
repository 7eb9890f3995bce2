"""STIX/TAXII timestamps as integers of microseconds since the Unix epoch.

Versions are compared, indexed and paged by these integers: `modified` and `date_added`
become BIGINT columns that sort the same on SQLite and PostgreSQL. STIX allows more than
microsecond precision; digits past the sixth are kept in the stored JSON but do not take
part in version identity (documented in docs/taxii.md).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\Z", re.ASCII)
# The same shape with every field range-checked, so that one match decides all but the
# length of the month: validation runs this on every timestamp of every object.
_TIMESTAMP_SHAPE = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z\Z",
    re.ASCII,
)
# The same with at least millisecond precision, which created and modified need (§3.2).
_VERSIONING_SHAPE = re.compile(
    _TIMESTAMP_SHAPE.pattern.replace(r"(?:\.\d+)?", r"\.\d{3,}"), re.ASCII
)
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = datetime(1970, 1, 1).toordinal()
_US_PER_DAY = 86_400_000_000
_MICROSECOND = timedelta(microseconds=1)


def parse_timestamp(text: str) -> int:
    """Return microseconds since the epoch for an RFC 3339 UTC timestamp ending in 'Z'.

    The shape is checked by a regular expression, the calendar by the C datetime parser
    (on the hot path of every share, this is four times faster than doing it by hand).
    Raises ValueError with a message a person can act on.
    """
    if _TIMESTAMP.match(text) is None:
        raise ValueError(f"{text!r} is not an RFC 3339 UTC timestamp like 2016-05-12T08:17:27.000Z")
    if len(text) > 27:  # more than microsecond precision: kept in the JSON, not in the key
        text = text[:26] + "Z"
    try:
        return (datetime.fromisoformat(text) - _EPOCH) // _MICROSECOND
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date and time of day") from None


def is_timestamp(text: str, *, milliseconds: bool = False) -> bool:
    """True when `parse_timestamp` would accept `text`, without building a datetime.

    This is the validation fast path: one regular expression, plus a calendar check
    only for the days that some months lack (29, 30, 31). With `milliseconds`, at least
    three digits of fractional seconds are required too.
    """
    shape = _VERSIONING_SHAPE if milliseconds else _TIMESTAMP_SHAPE
    if shape.match(text) is None or text.startswith("0000"):
        return False
    if text[8] < "2" or text[8:10] <= "28":
        return True
    day = int(text[8:10])
    month = int(text[5:7])
    if day > _DAYS_IN_MONTH[month]:
        return False
    if month == 2 and day == 29:
        year = int(text[0:4])
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def compare_timestamps(a: str, b: str) -> int:
    """Order two valid timestamps exactly: -1, 0 or 1, like a comparison function.

    Sub-microsecond digits take part, so `valid_until` one nanosecond after
    `valid_from` is later, which `parse_timestamp` (microseconds) cannot tell.
    """
    if a == b:
        return 0
    head_a, head_b = a[:19], b[:19]
    if head_a != head_b:
        return -1 if head_a < head_b else 1
    frac_a, frac_b = a[20:-1], b[20:-1]
    width = max(len(frac_a), len(frac_b))
    frac_a, frac_b = frac_a.ljust(width, "0"), frac_b.ljust(width, "0")
    if frac_a == frac_b:
        return 0
    return -1 if frac_a < frac_b else 1


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
