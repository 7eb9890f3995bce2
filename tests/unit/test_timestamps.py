import pytest
from hypothesis import given
from hypothesis import strategies as st

from allyhub.timestamps import compare_timestamps, is_timestamp, parse_rfc3339, parse_timestamp


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2016-05-12T08:17:27Z", id="seconds"),
        pytest.param("2016-05-12T08:17:27.000Z", id="milliseconds"),
        pytest.param("2016-12-31T23:59:59.123456789Z", id="nanoseconds"),
        pytest.param("2016-02-29T00:00:00Z", id="leap-day"),
        pytest.param("2000-02-29T00:00:00Z", id="leap-day-400"),
    ],
)
def test_is_timestamp_accepts_rfc3339_utc(text: str) -> None:
    assert is_timestamp(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2015-02-29T00:00:00Z", id="not-a-leap-year"),
        pytest.param("1900-02-29T00:00:00Z", id="century-not-leap"),
        pytest.param("2016-04-31T00:00:00Z", id="april-31"),
        pytest.param("2016-05-12T08:17:27+00:00", id="offset-not-z"),
        pytest.param("2016-05-12T08:17:27.Z", id="dot-without-digits"),
        pytest.param("2016-5-12T08:17:27Z", id="one-digit-month"),
        pytest.param("2016-05-12 08:17:27Z", id="space-not-t"),
        pytest.param("0000-01-01T00:00:00Z", id="year-zero"),
        pytest.param("2016-05-12T24:00:00Z", id="hour-24"),
    ],
)
def test_is_timestamp_rejects_what_is_not_rfc3339_utc(text: str) -> None:
    assert not is_timestamp(text)


@given(st.text(alphabet="0123456789-:.TZ", max_size=30))
def test_is_timestamp_agrees_with_parse_timestamp(text: str) -> None:
    try:
        parse_timestamp(text)
    except ValueError:
        assert not is_timestamp(text)
    else:
        assert is_timestamp(text)


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        pytest.param("2016-01-01T00:00:00.5Z", "2016-01-01T00:00:00.50Z", 0, id="trailing-zero"),
        pytest.param("2016-01-01T00:00:00Z", "2016-01-01T00:00:00.000Z", 0, id="no-fraction"),
        pytest.param("2016-01-01T00:00:00Z", "2016-01-01T00:00:00.0000001Z", -1, id="100ns"),
        pytest.param("2017-01-01T00:00:00Z", "2016-12-31T23:59:59.9Z", 1, id="year"),
    ],
)
def test_compare_timestamps_orders_exactly(a: str, b: str, order: int) -> None:
    assert compare_timestamps(a, b) == order
    assert compare_timestamps(b, a) == -order


@pytest.mark.parametrize(
    ("text", "micros"),
    [
        pytest.param("1970-01-01T00:00:01Z", 1_000_000, id="seconds-z"),
        pytest.param("1970-01-01T00:00:01.000001Z", 1_000_001, id="microseconds"),
        pytest.param("1970-01-01T00:00:01.000001+00:00", 1_000_001, id="python-isoformat"),
        pytest.param("1970-01-01T02:00:01+02:00", 1_000_000, id="positive-offset"),
        pytest.param("1969-12-31T23:00:01-01:00", 1_000_000, id="negative-offset"),
        pytest.param("1970-01-01t00:00:01z", 1_000_000, id="lower-case"),
        pytest.param("1970-01-01 00:00:01Z", 1_000_000, id="space"),
        pytest.param("1970-01-01T00:00:01.1234567Z", 1_123_456, id="past-microseconds"),
        # JavaScript's toISOString(): the client truncated a date to milliseconds, so
        # the time names the whole millisecond (every commit is alone in its own).
        pytest.param("1970-01-01T00:00:01.123Z", 1_123_999, id="milliseconds-end"),
        pytest.param("1970-01-01T00:00:01.123+00:00", 1_123_999, id="milliseconds-offset"),
    ],
)
def test_parse_rfc3339_reads_every_form_clients_write(text: str, micros: int) -> None:
    assert parse_rfc3339(text) == micros


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2016-05-12", id="date-only"),
        pytest.param("2016-05-12T08:17:27", id="no-offset"),
        pytest.param("2016-05-12T08:17:27+24:00", id="offset-hour-24"),
        pytest.param("2016-02-30T08:17:27Z", id="february-30"),
        pytest.param("yesterday", id="words"),
    ],
)
def test_parse_rfc3339_refuses_what_is_not_rfc3339(text: str) -> None:
    with pytest.raises(ValueError, match="RFC 3339|valid date"):
        parse_rfc3339(text)
