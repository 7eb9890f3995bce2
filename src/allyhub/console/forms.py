"""Query strings and forms of the console, turned into the services' plain arguments.

A malformed value raises InvalidRequest naming the field; the page shows it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from starlette.datastructures import ImmutableMultiDict

from allyhub.charter import Tlp
from allyhub.errors import InvalidRequest
from allyhub.params import whole_number
from allyhub.service import FeedFilter
from allyhub.stix import KINDS, Draft

TYPES = (
    "attack-pattern",
    "campaign",
    "course-of-action",
    "grouping",
    "identity",
    "incident",
    "indicator",
    "infrastructure",
    "intrusion-set",
    "location",
    "malware",
    "malware-analysis",
    "note",
    "observed-data",
    "opinion",
    "report",
    "threat-actor",
    "tool",
    "vulnerability",
    "relationship",
    "sighting",
    "domain-name",
    "ipv4-addr",
    "ipv6-addr",
    "url",
    "file",
    "email-addr",
    "marking-definition",
)
"""The types the feed's filter offers (any other still works in the query string)."""

FILTER_KEYS = ("type", "member", "tlp", "since", "until", "q", "collection")
DRAFT_FIELDS = (
    "name",
    "text",
    "opinion",
    "subject_type",
    "subject_name",
    "lang",
    "tlp",
    "reliability",
    "credibility",
    "collection",
    "labels",
    "relationship_type",
    "target",
    "count",
    "first_seen",
    "last_seen",
)
"""The share form's single-valued fields, given back to it when a draft is refused."""


MultiMap = ImmutableMultiDict[str, object]
"""Starlette's QueryParams and FormData both are one."""


def strings(params: MultiMap, key: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in params.getlist(key) if isinstance(v, str) and v.strip())


def _string(params: MultiMap, key: str) -> str:
    value = params.get(key)
    return value.strip() if isinstance(value, str) else ""


def _day(text: str, field: str) -> int | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"{field}: a date as YYYY-MM-DD, not {text!r}") from None
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return int(start.timestamp()) * 1_000_000


def feed_filter(params: MultiMap) -> FeedFilter:
    """type, member, tlp (repeatable), since and until (dates, both days included), q
    (part of a name), collection (alias)."""
    tlps = []
    for label in strings(params, "tlp"):
        try:
            tlps.append(Tlp.from_label(label))
        except ValueError as exc:
            raise InvalidRequest(f"tlp: {exc}") from None
    since = _day(_string(params, "since"), "since")
    until = _day(_string(params, "until"), "until")
    if until is not None:
        until += int(timedelta(days=1).total_seconds()) * 1_000_000
    return FeedFilter(
        types=strings(params, "type"),
        members=strings(params, "member"),
        tlps=tuple(tlps),
        since=since,
        until=until,
        text=_string(params, "q")[:200],
        collection=_string(params, "collection"),
    )


def filter_query(params: MultiMap) -> str:
    """The filter part of a query string, for links that keep the filters (and /events)."""
    return urlencode([(k, v) for k in FILTER_KEYS for v in strings(params, k)])


def integer(params: MultiMap, key: str) -> int | None:
    """A whole number field (ASCII digits, within BIGINT), or None when empty."""
    text = _string(params, key)
    return whole_number(text, key) if text else None


def draft(form: MultiMap) -> Draft:
    """The share form: kind, name, text, tlp, releasable_to (repeatable), reliability,
    credibility, about (ids, one a line or separated by spaces), subject_type,
    subject_name, opinion, lang."""
    kind = _string(form, "kind") or "report"
    if kind not in KINDS:
        raise InvalidRequest(f"kind: one of {', '.join(KINDS)}")
    try:
        tlp = Tlp.from_label(_string(form, "tlp") or "amber")
    except ValueError as exc:
        raise InvalidRequest(f"tlp: {exc}") from None
    credibility = integer(form, "credibility") or 0
    return Draft(
        kind=kind,
        name=_string(form, "name"),
        text=_string(form, "text"),
        tlp=tlp,
        releasable_to=strings(form, "releasable_to"),
        reliability=_string(form, "reliability").upper(),
        credibility=credibility,
        about=_ids(_string(form, "about")),
        subject_type=_string(form, "subject_type"),
        subject_name=_string(form, "subject_name"),
        opinion=_string(form, "opinion"),
        lang=_string(form, "lang"),
        labels=labels(_string(form, "labels")),
        relationship_type=_string(form, "relationship_type"),
        target=_string(form, "target"),
        count=integer(form, "count") or 0,
        first_seen=_moment(_string(form, "first_seen"), "first_seen"),
        last_seen=_moment(_string(form, "last_seen"), "last_seen"),
    )


def labels(text: str) -> tuple[str, ...]:
    """Labels typed as words separated by commas (each trimmed, none empty, no repeats)."""
    found = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if any(len(label) > 100 for label in found) or len(found) > 50:
        raise InvalidRequest("labels: at most 50, each at most 100 characters")
    return found


def _moment(text: str, field: str) -> str:
    """A date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM) as a STIX timestamp."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"{field}: a date as YYYY-MM-DD, not {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _ids(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part for part in text.replace(",", " ").split() if part))


def local_path(target: str | None, default: str = "/") -> str:
    """A redirect target on this site only (no scheme, no host, no '//')."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
