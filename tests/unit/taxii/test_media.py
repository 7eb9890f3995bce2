"""taxii/media.py alone: content negotiation and the filter parameters, without a server."""

from __future__ import annotations

import pytest
from starlette.datastructures import QueryParams

from allyhub.errors import InvalidRequest, NotAcceptable, UnsupportedMediaType
from allyhub.records import VersionMatch, VersionPick
from allyhub.taxii.endpoints import OBJECT_MATCH, OBJECTS_MATCH
from allyhub.taxii.media import check_accept, check_content_type, parse_filters
from allyhub.timestamps import parse_timestamp


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(None, id="absent"),
        pytest.param("", id="empty"),
        pytest.param("application/taxii+json;version=2.1", id="taxii-2.1"),
        pytest.param("application/taxii+json", id="taxii-no-version"),
        pytest.param("text/html, */*;q=0.1", id="anything"),
        pytest.param("application/*", id="application-any"),
        pytest.param('application/taxii+json; version="2.1"', id="quoted-version"),
    ],
)
def test_accept_that_takes_taxii_2_1_is_answered(header: str | None) -> None:
    check_accept(header)


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("text/html", id="html"),
        pytest.param("application/taxii+json;version=2.0", id="taxii-2.0"),
        pytest.param("application/taxii+json;version=2.1;q=0", id="refused-by-q"),
    ],
)
def test_accept_without_taxii_2_1_is_406(header: str) -> None:
    with pytest.raises(NotAcceptable, match="this server answers with"):
        check_accept(header)


def test_content_type_must_be_taxii_2_1() -> None:
    check_content_type("application/taxii+json;version=2.1")
    for header in (None, "application/json", "application/taxii+json;version=2.0"):
        with pytest.raises(UnsupportedMediaType):
            check_content_type(header)


def _filters(query: str, allowed: frozenset[str] = OBJECTS_MATCH) -> object:
    return parse_filters(QueryParams(query), allowed)


def test_filters_are_parsed_into_plain_values() -> None:
    filters = parse_filters(
        QueryParams(
            "added_after=2016-01-01T00:00:00Z&limit=5&match[type]=indicator,malware"
            "&match[id]=indicator--1&match[version]=first,2016-01-01T00:00:00.000Z"
        ),
        OBJECTS_MATCH,
    )
    assert filters.added_after == parse_timestamp("2016-01-01T00:00:00.000Z")
    assert filters.limit == 5
    assert filters.types == ("indicator", "malware")
    assert filters.ids == ("indicator--1",)
    assert filters.versions == VersionMatch(
        frozenset({VersionPick.FIRST}), (parse_timestamp("2016-01-01T00:00:00.000Z"),)
    )


def test_match_fields_an_endpoint_does_not_take_are_ignored() -> None:
    filters = parse_filters(QueryParams("match[type]=indicator&match[id]=x"), OBJECT_MATCH)
    assert (filters.types, filters.ids) == ((), ())


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        pytest.param("limit=0", "limit", id="limit-zero"),
        pytest.param("limit=ten", "limit", id="limit-word"),
        pytest.param("limit=1&limit=2", "only once", id="limit-twice"),
        pytest.param("added_after=yesterday", "added_after", id="added-after-word"),
        pytest.param("match[type]=a,,b", "single commas", id="empty-item"),
        pytest.param("match[version]=all,last", "must not be combined", id="all-and-last"),
        pytest.param("match[version]=last,last", "must not repeat", id="repeated"),
        pytest.param("match[version]=soon", "use last, first, all", id="version-word"),
    ],
)
def test_malformed_filter_is_a_400_with_its_reason(query: str, reason: str) -> None:
    with pytest.raises(InvalidRequest, match=reason):
        _filters(query)
