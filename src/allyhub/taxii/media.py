"""TAXII media types and query parameters: negotiation, parsing and rendering helpers."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import QueryParams

from allyhub.errors import InvalidRequest, NotAcceptable, UnsupportedMediaType
from allyhub.params import whole_number
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters
from allyhub.timestamps import parse_rfc3339, parse_timestamp

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"


def _media_ranges(header: str) -> list[tuple[str, dict[str, str]]]:
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        params = {}
        for piece in pieces[1:]:
            if "=" in piece:
                name, value = piece.split("=", 1)
                params[name.strip().lower()] = value.strip().strip('"')
        ranges.append((pieces[0].lower(), params))
    return ranges


def check_accept(header: str | None) -> None:
    """406 unless the client accepts TAXII 2.1 JSON (a missing header is taken as yes)."""
    if header is None or not header.strip():
        return
    for media, params in _media_ranges(header):
        if params.get("q") in ("0", "0.0", "0.00", "0.000"):
            continue
        if media in ("*/*", "application/*"):
            return
        if media == "application/taxii+json" and params.get("version", "2.1") == "2.1":
            return
    raise NotAcceptable(f"cannot produce any of {header!r}; this server answers with {TAXII}")


def check_content_type(header: str | None) -> None:
    """415 unless the body is declared as TAXII 2.1 JSON."""
    ranges = _media_ranges(header or "")
    if ranges:
        media, params = ranges[0]
        if media == "application/taxii+json" and params.get("version", "2.1") == "2.1":
            return
    raise UnsupportedMediaType(
        f"Content-Type {header!r} is not accepted; send a TAXII envelope as {TAXII}"
    )


def _single(params: QueryParams, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise InvalidRequest(f"{name} may be given only once")
    return values[0] if values else None


def _listed(params: QueryParams, name: str) -> tuple[str, ...]:
    value = _single(params, name)
    if value is None:
        return ()
    items = tuple(value.split(","))
    if any(not item for item in items):
        raise InvalidRequest(f"{name}={value!r}: separate values with single commas, no spaces")
    return items


def _versions(values: Sequence[str]) -> VersionMatch:
    if not values:
        return VersionMatch()
    if len(set(values)) != len(values):
        raise InvalidRequest("match[version] must not repeat a value")
    picks: set[VersionPick] = set()
    exact: list[int] = []
    for value in values:
        if value in ("last", "first", "all"):
            picks.add(VersionPick(value))
        else:
            try:
                exact.append(parse_timestamp(value))
            except ValueError as exc:
                raise InvalidRequest(
                    f"match[version]: {exc}; use last, first, all or a timestamp"
                ) from None
    if VersionPick.ALL in picks and len(values) > 1:
        raise InvalidRequest("match[version]=all must not be combined with other values")
    return VersionMatch(frozenset(picks), tuple(exact))


def parse_filters(params: QueryParams, allowed: frozenset[str]) -> Filters:
    """TAXII filter parameters to a Filters value; 400 with a reason for malformed ones.

    `allowed` names the match fields this endpoint supports; others are ignored, as the
    specification permits.
    """
    added_after = _single(params, "added_after")
    after: int | None = None
    if added_after is not None:
        try:
            after = parse_rfc3339(added_after)
        except ValueError as exc:
            raise InvalidRequest(f"added_after: {exc}") from None
    limit_text = _single(params, "limit")
    limit: int | None = None
    if limit_text is not None:
        limit = whole_number(limit_text, "limit", least=1)  # then capped to page_size
    return Filters(
        added_after=after,
        next=_single(params, "next"),
        limit=limit,
        ids=_listed(params, "match[id]") if "id" in allowed else (),
        types=_listed(params, "match[type]") if "type" in allowed else (),
        versions=_versions(_listed(params, "match[version]"))
        if "version" in allowed
        else VersionMatch(),
        spec_versions=_listed(params, "match[spec_version]") if "spec_version" in allowed else (),
    )
