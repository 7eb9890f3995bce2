"""STIX/TAXII timestamps as integers of microseconds since the Unix epoch.

Versions are compared, indexed and paged by these integers: `modified` and `date_added`
become BIGINT columns that sort the same on SQLite and PostgreSQL. STIX allows more than
microsecond precision; digits past the sixth are kept in the stored JSON but do not take
part in version identity (documented in docs/taxii.md).

Outside `allyhub.stix` so that the TAXII client can read them without importing the
STIX validator (CLI start-up).
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


_RFC3339 = re.compile(
    r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)\Z", re.ASCII
)
_MILLISECOND = 1000


def parse_rfc3339(text: str) -> int:
    """Microseconds since the epoch for a timestamp in any form RFC 3339 allows: `Z` or
    `z`, a numeric offset (`+00:00`, `+02:00`, as Python's `isoformat()` writes), `T`,
    `t` or a space, any number of fractional digits or none. For TAXII parameters, where
    clients write what their language writes; STIX properties keep the strict form of
    `parse_timestamp`.

    A time given to exactly milliseconds (three digits, as JavaScript's `toISOString()`
    writes) means the end of that millisecond: such a client truncated a date this hub
    served (OpenCTI's ingestion truncates X-TAXII-Date-Added-Last), and every commit of
    this hub is alone in its millisecond (store/objects.py `take_commit`), so what it
    saw is exactly what falls in that millisecond. Raises ValueError with a message a
    person can act on.
    """
    found = _RFC3339.match(text)
    if found is None:
        raise ValueError(
            f"{text!r} is not an RFC 3339 timestamp like 2016-05-12T08:17:27.000Z or "
            "2016-05-12T10:17:27+02:00"
        )
    day, clock, fraction, offset = found.groups()
    digits = (fraction or ".")[1:]
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}{'.' + digits[:6] if digits else ''}")
        shift = 0
        if offset not in ("Z", "z"):
            sign = 1 if offset[0] == "+" else -1
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            if hours > 23 or minutes > 59:
                raise ValueError(offset)
            shift = sign * (hours * 60 + minutes) * 60_000_000
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date, time of day and offset") from None
    micros = (moment.replace(tzinfo=UTC) - _EPOCH) // _MICROSECOND - shift
    if len(digits) == 3:
        micros += _MILLISECOND - 1
    return micros


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
