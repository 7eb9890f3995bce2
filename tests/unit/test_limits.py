"""The caps on what one body holds (limits.py): counted before parsing, walked once
after, each refusal naming its setting."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allyhub.errors import InvalidRequest, TooLarge
from allyhub.limits import JsonLimits, count_values, parse_json
from allyhub.stix.parse import parse_envelope

SMALL = JsonLimits(objects=5, values=1000, depth=6, items=50, string=100)


def _values(value: Any) -> int:
    """The true count: the top value and every list element and object member within."""
    children = value.values() if isinstance(value, dict) else value
    if isinstance(value, dict | list):
        return 1 + sum(_values(child) for child in children)
    return 1


def _empty(value: Any) -> int:
    """Empty lists and objects: each has an opening bracket but holds no value."""
    if isinstance(value, dict | list):
        children = value.values() if isinstance(value, dict) else value
        return (not value) + sum(_empty(child) for child in children)
    return 0


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text(alphabet=',[{"\\ab\u00e9', max_size=8),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(alphabet=',[{"\\x', max_size=4), children, max_size=5)
    ),
    max_leaves=40,
)


@given(json_values, st.integers(min_value=0, max_value=60))
def test_the_raw_count_is_never_below_the_true_count(value: Any, enough: int) -> None:
    body = json.dumps(value).encode()
    assert count_values(body, enough) >= _values(value)


@given(json_values, st.integers(min_value=0, max_value=60))
def test_the_count_is_over_enough_only_when_the_true_count_is(value: Any, enough: int) -> None:
    """No body is refused that holds no more than `enough` values (an empty list or
    object counted as holding one)."""
    body = orjson.dumps(value)
    assert (count_values(body, enough) > enough) == (_values(value) + _empty(value) > enough)


def test_an_envelope_of_many_integers_is_refused_before_parsing() -> None:
    body = b'{"objects":[' + b",".join([b"1"] * 3000) + b"]}"
    with pytest.raises(TooLarge) as refused:
        parse_envelope(body, SMALL)
    assert refused.value.setting == "max_json_values" and refused.value.limit == 1000
    assert "max_json_values" in str(refused.value)


def test_commas_inside_strings_do_not_count() -> None:
    text = "a, b, c, " * 400  # 1,200 commas in one string
    body = orjson.dumps({"objects": [{"type": "note", "content": text}]})
    assert count_values(body, 10**6) > 1000  # the rough count is over...
    assert count_values(body, 1000) == 5  # envelope, list, note, two members
    assert parse_envelope(body, JsonLimits(values=1000)) == [
        {"type": "note", "content": text}
    ]  # ...the exact one is not


def test_too_many_objects_are_refused_naming_the_setting() -> None:
    body = orjson.dumps({"objects": [{"type": "x"}] * 6})
    with pytest.raises(TooLarge) as refused:
        parse_envelope(body, SMALL)
    assert refused.value.setting == "max_envelope_objects" and "6 objects" in str(refused.value)


@pytest.mark.parametrize(
    ("value", "setting"),
    [
        pytest.param({"objects": [{"a": [[[[[1]]]]]}]}, "max_json_depth", id="depth"),
        pytest.param({"objects": [{"refs": list(range(51))}]}, "max_json_items", id="list"),
        pytest.param({"objects": [{str(i): i for i in range(51)}]}, "max_json_items", id="object"),
        pytest.param({"objects": [{"name": "x" * 101}]}, "max_json_string", id="string"),
        pytest.param({"objects": [{"x" * 101: 1}]}, "max_json_string", id="key"),
    ],
)
def test_each_cap_is_refused_naming_its_setting(value: Any, setting: str) -> None:
    with pytest.raises(TooLarge) as refused:
        parse_envelope(orjson.dumps(value), SMALL)
    assert refused.value.setting == setting and setting in str(refused.value)


def test_a_value_at_each_cap_is_taken() -> None:
    value = {"objects": [{"a": [[[1]]], "refs": list(range(50)), "name": "x" * 100}] * 5}
    assert len(parse_envelope(orjson.dumps(value), SMALL)) == 5


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"objects":[{"name":"a\\u0000b"}]}', id="nul-in-value"),
        pytest.param(b'{"objects":[{"a\\u0000":1}]}', id="nul-in-key"),
        pytest.param(b'"\\u0000"', id="nul-at-top"),
        pytest.param(b'{"objects":[{"name":"\\ud800"}]}', id="lone-surrogate"),
        pytest.param(b"[" * 2000 + b"]" * 2000, id="deeper-than-orjson-parses"),
    ],
)
def test_what_no_store_can_keep_is_a_400(body: bytes) -> None:
    with pytest.raises(InvalidRequest) as refused:
        parse_json(body, JsonLimits(values=10_000, depth=6, string=100))
    assert not isinstance(refused.value, TooLarge)
