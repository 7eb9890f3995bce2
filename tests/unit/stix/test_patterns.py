"""Table tests of the pattern parser: the spec's own examples, the AST, the errors."""

from pathlib import Path

import pytest

from allyhub.stix.patterns import (
    BooleanComparison,
    Comparison,
    Observation,
    ObservationOperation,
    PatternError,
    Qualified,
    Repeats,
    StartStop,
    Within,
    comparisons,
    parse_pattern,
)

# STIX 2.1 §9.8, verbatim, one per line (the backslashes are the pattern's, not JSON's).
SPEC_EXAMPLES = (
    (Path(__file__).parent / "data" / "spec-9.8-patterns.txt").read_text("utf-8").splitlines()
)


@pytest.mark.parametrize(
    "text", SPEC_EXAMPLES, ids=[f"spec-9.8-{i}" for i in range(1, len(SPEC_EXAMPLES) + 1)]
)
def test_parse_pattern_accepts_the_spec_examples(text: str) -> None:
    parse_pattern(text)


def test_parse_pattern_builds_the_tree_with_precedence_and_qualifiers() -> None:
    pattern = parse_pattern(
        "[a-b:x = 1] AND [a-b:y = 2] OR [a-b:z = 3] FOLLOWEDBY [a-b:w = 4] WITHIN 5 SECONDS"
    )
    top = pattern.expression
    assert isinstance(top, ObservationOperation) and top.operator == "FOLLOWEDBY"
    left, right = top.operands
    assert isinstance(left, ObservationOperation) and left.operator == "OR"
    assert isinstance(left.operands[0], ObservationOperation)
    assert left.operands[0].operator == "AND"
    # A qualifier binds to the observation expression right before it.
    assert isinstance(right, Qualified) and right.qualifier == Within(5)
    assert isinstance(right.expression, Observation)


def test_parse_pattern_chains_qualifiers_of_different_kinds() -> None:
    pattern = parse_pattern(
        "[file:name = 'a'] REPEATS 2 TIMES START t'2016-01-01T00:00:00Z' "
        "STOP t'2016-02-01T00:00:00.5Z'"
    )
    outer = pattern.expression
    assert isinstance(outer, Qualified)
    assert outer.qualifier == StartStop("2016-01-01T00:00:00Z", "2016-02-01T00:00:00.5Z")
    assert isinstance(outer.expression, Qualified)
    assert outer.expression.qualifier == Repeats(2)


def test_comparisons_flattens_left_to_right_with_decoded_values() -> None:
    pattern = parse_pattern(
        r"[file:hashes.'MD5' = 'D41D8CD98F00B204E9800998ECF8427E' AND file:name NOT LIKE 'a\'b%']"
        r" OR [ipv4-addr:value IN ('198.51.100.1', '198.51.100.2')]"
        r" FOLLOWEDBY [EXISTS windows-registry-key:values[0].data"
        r" OR artifact:payload_bin = b'AQID' OR file:magic_number_hex = h'FFD8']"
    )
    assert comparisons(pattern) == [
        Comparison("file", "hashes.MD5", "=", False, "D41D8CD98F00B204E9800998ECF8427E"),
        Comparison("file", "name", "LIKE", True, "a'b%"),
        Comparison("ipv4-addr", "value", "IN", False, ("198.51.100.1", "198.51.100.2"), "set"),
        Comparison("windows-registry-key", "values[0].data", "EXISTS", False, None, "none"),
        Comparison("artifact", "payload_bin", "=", False, "AQID", "binary"),
        Comparison("file", "magic_number_hex", "=", False, "ffd8", "hex"),
    ]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        pytest.param("[x-foo:'name' = 1]", "name", id="quoted-first-component-is-canonical"),
        pytest.param("[x-foo:a.'b-c'.d = 1]", "a.'b-c'.d", id="key-needing-quotes-stays-quoted"),
        pytest.param("[x-foo:a.'AND' = 1]", "a.'AND'", id="keyword-key-stays-quoted"),
        pytest.param("[x-foo:a[*].b[+3] = 1]", "a[*].b[3]", id="indexes"),
        pytest.param("[x-foo:a == 1 AND x-foo:b <> 2]", "a", id="operator-synonyms"),
    ],
)
def test_comparison_paths_are_canonical(text: str, path: str) -> None:
    assert comparisons(parse_pattern(text))[0].path == path


def test_operator_synonyms_are_normalized() -> None:
    found = comparisons(parse_pattern("[x-foo:a == 1 AND x-foo:b <> 2]"))
    assert [c.operator for c in found] == ["=", "!="]


def test_comments_and_any_unicode_whitespace_are_skipped() -> None:
    pattern = parse_pattern(
        "[file:name\u3000=\u00a0'a'] /* why */ AND // because\n [file:size = 1]"
    )
    assert isinstance(pattern.expression, ObservationOperation)


def test_nested_parentheses_in_comparisons_group_operands() -> None:
    pattern = parse_pattern("[(file:name = 'a' OR file:name = 'b') AND file:size = 1]")
    assert isinstance(pattern.expression, Observation)
    inner = pattern.expression.expression
    assert isinstance(inner, BooleanComparison) and inner.operator == "AND"
    assert isinstance(inner.operands[0], BooleanComparison)


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        pytest.param("file:name = 'a'", 0, "'[' or '('", id="no-brackets"),
        pytest.param("[file:name = 'a'", 16, "']'", id="unclosed-bracket"),
        pytest.param("[file:name = 'a']]", 17, "AND, OR, FOLLOWEDBY", id="extra-bracket"),
        pytest.param("[file:name = 'a'] and [file:size = 1]", 18, "AND, OR", id="lowercase-and"),
        pytest.param("[file:name = 'a\\nb']", 13, "unterminated string", id="bad-escape"),
        pytest.param("[file:name > true]", 13, "a number, string", id="ordering-a-boolean"),
        pytest.param("[file:size = 007]", 14, "']'", id="leading-zeros"),
        pytest.param("[file:name-x = 'a']", 6, "a property name", id="hyphen-in-property"),
        pytest.param("[file:x[-1] = 1]", 8, "list indexes run from 0", id="negative-index"),
        pytest.param("[file:name = 'a'] WITHIN 0 SECONDS", 25, "positive", id="within-zero"),
        pytest.param("[file:name = 'a'] REPEATS 0 TIMES", 26, "positive", id="repeats-zero"),
        pytest.param(
            "[file:name = 'a'] WITHIN 1 SECONDS WITHIN 2 SECONDS",
            35,
            "only one WITHIN",
            id="duplicate-qualifier",
        ),
        pytest.param(
            "([file:name = 'a']) REPEATS 2 TIMES REPEATS 3 TIMES",
            36,
            "only one REPEATS",
            id="duplicate-qualifier-on-group",
        ),
        pytest.param(
            "[file:name = 'a'] START t'2016-02-30T00:00:00Z' STOP t'2016-03-01T00:00:00Z'",
            24,
            "not a calendar date",
            id="february-30",
        ),
        pytest.param(
            "[file:name = 'a'] START t'2016-02-01' STOP t'2016-03-01'",
            24,
            "malformed timestamp",
            id="timestamp-without-time",
        ),
        pytest.param("[file:payload_bin = b'QUJ']", 20, "not padded base64", id="bad-base64"),
        pytest.param("[file:magic_number_hex = h'abc']", 25, "malformed hex", id="odd-hex"),
        pytest.param("[File:name = 'a']", 1, "not a valid object type name", id="uppercase-type"),
        pytest.param("[indicator:name = 'a']", 1, "not a Cyber-observable Object", id="sdo-type"),
        pytest.param("[file:name IN ('a', 1)]", 20, "of one type", id="mixed-set"),
        pytest.param("[file:hashes.MD5 = 'abc']", 1, "hash of type MD5", id="bad-md5"),
        pytest.param(
            "[file:hashes.'SHA-256' IN ('aa', 'bb')]",
            1,
            "hash of type SHA-256",
            id="bad-sha256-in-set",
        ),
        pytest.param("[file:hashes.MD5 = 5]", 1, "string", id="hash-compared-with-number"),
        pytest.param(
            "[ipv4-addr:value ISSUBSET '::1']", 26, "IP address", id="issubset-ipv6-on-v4"
        ),
        pytest.param("[file:size = 9007199254740992]", 13, "2**53", id="integer-too-large"),
        pytest.param("[file:name = 'a'] # x", 18, "unexpected character '#'", id="stray-char"),
        pytest.param(
            "(" * 120 + "[file:name = 'a']" + ")" * 120, 100, "nest deeper", id="deep-nesting"
        ),
    ],
)
def test_parse_pattern_rejects_with_position_and_reason(
    text: str, position: int, fragment: str
) -> None:
    with pytest.raises(PatternError) as caught:
        parse_pattern(text)
    assert caught.value.position == position
    assert fragment in str(caught.value)
    assert str(caught.value).startswith(f"at character {position}:")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[file:hashes.MD5 LIKE '%8f00%']", id="like-on-hash"),
        pytest.param("[file:hashes.MD5 MATCHES '^d41d']", id="matches-on-hash"),
        pytest.param("[file:hashes.MD5 IN ('d41d8cd98f00b204e9800998ecf8427e')]", id="md5-set"),
        pytest.param("[x-custom:hashes.foo = 'anything']", id="unknown-algorithm"),
        pytest.param("[file:name IN ()]", id="empty-set"),
        pytest.param("[file:size IN (1, 2.5)]", id="numbers-mix"),
        pytest.param(
            "[file:name = 'a'] START t'2016-12-31T23:59:60Z' STOP t'2017-01-01T00:00:00Z'",
            id="leap-second",
        ),
        pytest.param("[artifact:payload_bin = b'AQID\nBAUG']", id="base64-with-line-feed"),
        pytest.param("[file:name = 'a'] WITHIN 0.5 SECONDS", id="fractional-within"),
    ],
)
def test_parse_pattern_accepts_what_the_spec_allows(text: str) -> None:
    parse_pattern(text)
