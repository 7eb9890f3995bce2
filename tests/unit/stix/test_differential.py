"""Differential tests: allyhub's validators against stix2 and stix2-patterns as oracles.

Valid objects and patterns must pass both; broken ones must fail both, except for the
mutations listed in disagreements.py, whose verdicts must be exactly those recorded.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

import pytest
import stix2
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stix2patterns.validator import run_validator

from allyhub.stix import PatternError, parse_pattern, validate
from allyhub.stix.validate import OBJECTS
from tests.unit.stix import strategies
from tests.unit.stix.disagreements import (
    EXAMPLE_DISAGREEMENTS,
    OBJECT_DISAGREEMENTS,
    PATTERN_DISAGREEMENTS,
    PATTERN_EXAMPLE_DISAGREEMENTS,
)
from tests.unit.stix.examples import EXAMPLES

ORACLE = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)


def stix2_accepts(obj: dict[str, Any]) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            stix2.parse(copy.deepcopy(obj), allow_custom=True, version="2.1")
        except Exception:  # stix2 raises many kinds; any of them is a rejection
            return False
    return True


def stix2_patterns_accepts(text: str) -> bool:
    try:
        return not run_validator(text, stix_version="2.1")
    except Exception:  # it crashes on some invalid input, e.g. negative list indexes
        return False


def allyhub_accepts_pattern(text: str) -> bool:
    try:
        parse_pattern(text)
    except PatternError:
        return False
    return True


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_stix2_accepts_every_example(type_name: str) -> None:
    assert stix2_accepts(EXAMPLES[type_name])


@ORACLE
@given(strategies.valid_objects())
def test_valid_objects_pass_allyhub_and_stix2(obj: dict[str, Any]) -> None:
    assert validate(obj) == []
    assert stix2_accepts(obj)


@ORACLE
@given(strategies.broken_objects())
def test_broken_objects_fail_both_or_as_documented(case: tuple[dict[str, Any], str]) -> None:
    check_broken_object(*case)


def check_broken_object(obj: dict[str, Any], kind: str) -> None:
    ours, theirs = not validate(obj), stix2_accepts(obj)
    known = OBJECT_DISAGREEMENTS.get(kind)
    if known is None and obj.get("type") not in OBJECTS:
        known = OBJECT_DISAGREEMENTS["custom-object"]
    if known is None:
        assert (ours, theirs) == (False, False), (kind, validate(obj))
    else:
        assert (ours, theirs) == (known.allyhub_valid, known.oracle_valid), (kind, validate(obj))


@pytest.mark.parametrize("kind", sorted(strategies.MUTATIONS))
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(data=st.data())
def test_each_mutation_fails_both_or_as_documented(kind: str, data: st.DataObject) -> None:
    type_name = data.draw(st.sampled_from(strategies.mutation_types(kind)))
    obj = data.draw(strategies.valid_objects(type_name))
    broken = strategies.MUTATIONS[kind](obj, data.draw)
    assume(broken is not None)
    assert broken is not None
    check_broken_object(broken, kind)


@ORACLE
@given(strategies.valid_patterns())
def test_valid_patterns_pass_allyhub_and_stix2_patterns(text: str) -> None:
    parse_pattern(text)
    assert stix2_patterns_accepts(text)


@pytest.mark.parametrize("kind", strategies.BROKEN_PATTERN_KINDS)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_broken_pattern_fails_both_or_as_documented(kind: str, data: st.DataObject) -> None:
    text = data.draw(strategies.broken_pattern(kind))
    check_broken_pattern(text, kind)


@ORACLE
@given(strategies.broken_patterns())
def test_broken_patterns_fail_both_or_as_documented(case: tuple[str, str]) -> None:
    check_broken_pattern(*case)


def check_broken_pattern(text: str, kind: str) -> None:
    ours, theirs = allyhub_accepts_pattern(text), stix2_patterns_accepts(text)
    known = PATTERN_DISAGREEMENTS.get(kind)
    if known is None:
        assert (ours, theirs) == (False, False), kind
    else:
        assert (ours, theirs) == (known.allyhub_valid, known.oracle_valid), kind


@settings(max_examples=300, deadline=None)
@given(strategies.json_values())
def test_validate_never_raises_on_any_json(value: Any) -> None:
    validate(value)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(EXAMPLES)),
    st.text(min_size=1, max_size=20),
    strategies.json_values(),
)
def test_validate_never_raises_whatever_a_property_holds(
    type_name: str, name: str, value: Any
) -> None:
    obj = copy.deepcopy(EXAMPLES[type_name])
    for key in list(obj)[:: max(1, len(obj) // 3)]:
        validate({**obj, key: value})
    validate({**obj, name: value})


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="[]():=!<>'.,*tbhxXANDOR file:ipv4-addr0123456789 \\\n", max_size=40))
def test_parse_pattern_raises_only_pattern_error(text: str) -> None:
    try:
        parse_pattern(text)
    except PatternError:
        pass


@pytest.mark.parametrize("kind", sorted(EXAMPLE_DISAGREEMENTS))
def test_documented_object_disagreements_hold(kind: str) -> None:
    known, obj = EXAMPLE_DISAGREEMENTS[kind]
    assert isinstance(obj, dict)
    assert (not validate(obj), stix2_accepts(obj)) == (known.allyhub_valid, known.oracle_valid)


@pytest.mark.parametrize("kind", sorted(PATTERN_EXAMPLE_DISAGREEMENTS))
def test_documented_pattern_disagreements_hold(kind: str) -> None:
    known, text = PATTERN_EXAMPLE_DISAGREEMENTS[kind]
    assert (allyhub_accepts_pattern(text), stix2_patterns_accepts(text)) == (
        known.allyhub_valid,
        known.oracle_valid,
    )


def test_every_disagreement_is_written_up() -> None:
    page = (Path(__file__).parents[3] / "docs" / "stix-validation.md").read_text("utf-8")
    cases = [
        *OBJECT_DISAGREEMENTS.values(),
        *PATTERN_DISAGREEMENTS.values(),
        *(known for known, _ in EXAMPLE_DISAGREEMENTS.values()),
        *(known for known, _ in PATTERN_EXAMPLE_DISAGREEMENTS.values()),
    ]
    missing = [known.case for known in cases if known.case not in page]
    assert missing == []
