"""The plain-pattern fast path (`patterns._plain`) against the parser as its oracle: on
patterns built from the pieces real indicators use and the pieces that trip a reader
(keywords where names go, SDO types, bad hashes, escapes, other spaces, mixed operators,
qualifiers), the fast path either declines or gives exactly the parser's tree, and
`parse_pattern` answers, or fails, exactly as the parser alone does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.stix.patterns import Pattern, PatternError, _Parser, _plain, _tokenize, parse_pattern

TYPES = [
    "ipv4-addr",
    "ipv6-addr",
    "file",
    "url",
    "domain-name",
    "x-acme-widget",
    "email-addr",
    "indicator",  # an SDO: not an SCO
    "true",
    "ab",  # too short
    "a--b",
    "File",
    "3com",
    "x_y",
]
NAMES = ["value", "hashes", "name", "parent_hashes", "size", "AND", "true", "x-y", "_a", "Value9"]
KEYS = [
    None,
    "MD5",
    "'SHA-256'",
    "'SHA-1'",
    "sha256",
    "'a b'",
    "''",
    "OR",
    "false",
    "k-k",
    "5x",
    "'it''s'",
]
SHA256 = "2ec4b3ae2d8f53419f5fb32ffdf5b35c2ec4b3ae2d8f53419f5fb32ffdf5b35c"
VALUES = ["10.0.0.9", SHA256, "d41d8cd98f00b204e9800998ecf8427e", "abc", "", "http://x/y?z=1"]
SPACES = ["", " ", "  ", "\t", "\n", "\u3000", "/* c */"]
OPERATORS = ["=", "==", "!=", "= =", "<", "IN"]
JOINS = ["AND", "OR", "FOLLOWEDBY", "and", "ANDX", "AND("]
TAILS = ["", " WITHIN 5 SECONDS", " REPEATS 2 TIMES", ")", "]", " x"]

value = st.one_of(
    st.sampled_from(VALUES),
    st.sampled_from(VALUES),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)


def _mostly(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """A piece that reads plainly three times in four: both paths get exercised."""
    return st.one_of(
        st.sampled_from(good), st.sampled_from(good), st.sampled_from(good), st.sampled_from(bad)
    )


@st.composite
def observations(draw: st.DrawFn) -> str:
    space = _mostly(["", " "], SPACES)
    key = draw(st.sampled_from([None, None, "'SHA-256'", "MD5", *KEYS]))
    path = draw(_mostly(["value", "hashes", "name"], NAMES)) + ("" if key is None else "." + key)
    raw = draw(value)
    quoted = raw if draw(st.booleans()) else raw.replace("\\", "\\\\").replace("'", "\\'")
    return (
        f"[{draw(space)}{draw(_mostly(TYPES[:7], TYPES))}:{path}{draw(space)}"
        f"{draw(_mostly(['=', '=='], OPERATORS))}{draw(space)}'{quoted}'{draw(space)}]"
    )


@st.composite
def patterns(draw: st.DrawFn) -> str:
    parts = draw(st.lists(observations(), min_size=1, max_size=4))
    operator = draw(st.sampled_from(JOINS[:3]))
    joins = _mostly([operator], JOINS)
    space = _mostly([" "], SPACES)
    text = parts[0]
    for part in parts[1:]:
        text += draw(space) + draw(joins) + draw(space) + part
    return draw(_mostly([""], SPACES)) + text + draw(_mostly([""], TAILS))


def _parsed(text: str) -> Pattern | str:
    try:
        return _Parser(_tokenize(text)).pattern()
    except PatternError as exc:
        return f"error: {exc}"


def _answer(text: str) -> Pattern | str:
    try:
        return parse_pattern(text)
    except PatternError as exc:
        return f"error: {exc}"


@settings(max_examples=3000, deadline=None)
@given(patterns())
def test_the_fast_path_declines_or_agrees_with_the_parser(text: str) -> None:
    fast = _plain(text)
    oracle = _parsed(text)
    if fast is not None:
        assert fast == oracle
    assert _answer(text) == oracle


def test_the_fast_path_reads_the_forms_indicators_take() -> None:
    """It must not decline everything: these are what the benchmark's stream shares."""
    plain = [
        f"[file:hashes.'SHA-256' = '{SHA256}']",
        "[ipv4-addr:value = '10.0.0.9']",
        "[url:value = 'http://drop-12.example.org/gate.php'] AND [ipv4-addr:value = '10.0.0.18']",
        "[domain-name:value = 'c2.example.org'] OR [domain-name:value = 'c3.example.org']",
        "[email-addr:value == 'a@example.org']",
    ]
    for text in plain:
        assert _plain(text) is not None, text
        assert _plain(text) == _parsed(text)
    for declined in (
        "[file:hashes.MD5 = 'not a hash']",  # the parser says why
        "[indicator:name = 'x']",
        "[a:b = 'c'] AND [d-e:f = 'g'] OR [h-i:j = 'k']",  # two operators: precedence
        "[ipv4-addr:value = '10.0.0.9'] WITHIN 5 SECONDS",
        "[ipv4-addr:value = 'it\\'s']",
    ):
        assert _plain(declined) is None, declined
