"""The STIX 2.1 patterning language (§9): a tokenizer, a recursive-descent parser, an AST.

Indicators carry patterns; the hub must check every one it ingests and later correlates
indicators by their comparisons. stix2-patterns (an ANTLR parser) manages ~2,000
patterns/s, far below the share budget, so this is a hand-written parser of the same
grammar (the OASIS STIXPattern.g4 of STIX 2.1) that also checks what §9 requires beyond
syntax: one qualifier of each kind per observation expression, positive WITHIN and
REPEATS values, calendar dates in timestamps, SCO type names in object paths, hash
values of the right form, homogeneous IN sets and IP addresses for ISSUBSET/ISSUPERSET.
docs/stix-validation.md lists where that makes us stricter than stix2-patterns.

`parse_pattern` returns an immutable tree; `comparisons` flattens it for correlation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from allyhub.stix._formats import (
    hash_problem,
    is_base64,
    is_ipv4_cidr,
    is_ipv6_cidr,
    is_type_name,
)
from allyhub.stix._vocabularies import META_TYPES, SDO_TYPES, SRO_TYPES
from allyhub.timestamps import is_timestamp

__all__ = [
    "BooleanComparison",
    "Comparison",
    "ComparisonExpression",
    "Observation",
    "ObservationExpression",
    "ObservationOperation",
    "Pattern",
    "PatternError",
    "Qualified",
    "Qualifier",
    "Repeats",
    "StartStop",
    "Within",
    "comparisons",
    "parse_pattern",
]

Scalar = str | int | float | bool
Value = Scalar | tuple[Scalar, ...] | None


class PatternError(ValueError):
    """A pattern that is not valid STIX 2.1; the message names the position and the fix."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comparison expression, e.g. `file:hashes.'SHA-256' = '…'` or `EXISTS x:y`.

    `path` is the object path after the colon in canonical pattern syntax (quoted keys
    only where needed, so `hashes.MD5` and `hashes.'MD5'` compare equal). `value` is the
    decoded constant: str for strings and for binary (base64 text), hex (lowercase
    digits) and timestamp constants, which `value_kind` tells apart; a tuple for IN;
    None for EXISTS.
    """

    object_type: str
    path: str
    operator: str
    negated: bool
    value: Value
    value_kind: str = "string"


@dataclass(frozen=True, slots=True)
class BooleanComparison:
    """Comparison expressions joined by AND or OR inside one observation (§9.6)."""

    operator: str
    operands: tuple[ComparisonExpression, ...]


@dataclass(frozen=True, slots=True)
class Observation:
    """`[ … ]`: comparisons that must hold on one SCO of one observation (§9.5)."""

    expression: ComparisonExpression


@dataclass(frozen=True, slots=True)
class ObservationOperation:
    """Observation expressions joined by AND, OR or FOLLOWEDBY (§9.5.2)."""

    operator: str
    operands: tuple[ObservationExpression, ...]


@dataclass(frozen=True, slots=True)
class Within:
    """`WITHIN x SECONDS` (§9.5.1)."""

    seconds: int | float


@dataclass(frozen=True, slots=True)
class Repeats:
    """`REPEATS x TIMES` (§9.5.1)."""

    times: int


@dataclass(frozen=True, slots=True)
class StartStop:
    """`START t'…' STOP t'…'` (§9.5.1)."""

    start: str
    stop: str


@dataclass(frozen=True, slots=True)
class Qualified:
    """An observation expression restricted by one qualifier."""

    expression: ObservationExpression
    qualifier: Qualifier


@dataclass(frozen=True, slots=True)
class Pattern:
    """A parsed, valid STIX 2.1 pattern."""

    expression: ObservationExpression


ComparisonExpression = Comparison | BooleanComparison
ObservationExpression = Observation | ObservationOperation | Qualified
Qualifier = Within | Repeats | StartStop

# ---------------------------------------------------------------------------------------
# Tokens. The lexer rules are those of the grammar, with ANTLR's longest-match result:
# a typed constant (t'…', b'…', h'…') beats an identifier, a float beats an integer.
# Dispatching on the first character keeps regular expressions for the tokens that need
# them (identifiers, numbers, strings, typed constants).

_WHITESPACE = frozenset(
    " \t\r\n\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_IDENTIFIER = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*")
_NUMBER = re.compile(r"[+-]?(?:([0-9]*\.[0-9]+)|0|[1-9][0-9]*)")
_STRING_LITERAL = re.compile(r"'((?:[^'\\]|\\['\\])*)'")
_TIMESTAMP_LITERAL = re.compile(
    r"t'([0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?Z)'"
)
_BINARY_LITERAL = re.compile(r"b'([A-Za-z0-9+/=\r\n]*)'")
_HEX_LITERAL = re.compile(r"h'((?:[0-9A-Fa-f]{2})*)'")
_COMMENT = re.compile(r"/\*.*?\*/|//[^\r\n]*", re.DOTALL)
_PUNCTUATION = frozenset("[]():,*^")
_KEYWORDS = frozenset(
    {
        "AND",
        "OR",
        "NOT",
        "FOLLOWEDBY",
        "LIKE",
        "MATCHES",
        "ISSUPERSET",
        "ISSUBSET",
        "EXISTS",
        "LAST",
        "IN",
        "START",
        "STOP",
        "SECONDS",
        "WITHIN",
        "REPEATS",
        "TIMES",
    }
)
_OPERATORS = {
    "==": "=",
    "=": "=",
    "!=": "!=",
    "<>": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
}
_UNESCAPE = re.compile(r"\\(['\\])")
_BARE_KEY = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
_MAX_INTEGER = 2**53 - 1
_MAX_DEPTH = 100
_UNTERMINATED = "unterminated string constant (inside quotes a backslash may only escape ' or \\)"
_NOT_SCO = SDO_TYPES | SRO_TYPES | META_TYPES | {"bundle"}

# Token kinds; a token is (kind, text, position, value).
_EOF = "EOF"
_IDENT = "IDENT"  # no hyphen: object types, property names and keys
_IDENT_HYPHEN = "IDENT-"  # with a hyphen: object types only
_STRING, _INT, _FLOAT, _BOOL = "string", "integer", "float", "boolean"
_BINARY, _HEX, _TIMESTAMP = "binary", "hex", "timestamp"
_ERROR = "ERROR"

Token = tuple[str, str, int, Scalar | None]


def _tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    end = len(text)
    while pos < end:
        ch = text[pos]
        if ch in _WHITESPACE:
            pos += 1
        elif ch in _PUNCTUATION:
            append((ch, ch, pos, None))
            pos += 1
        elif ch == "'":
            m = _STRING_LITERAL.match(text, pos)
            if m is None:
                append((_ERROR, _UNTERMINATED, pos, None))
                break
            inner = m.group(1)
            if "\\" in inner:
                inner = _UNESCAPE.sub(r"\1", inner)
            append((_STRING, m.group(), pos, inner))
            pos = m.end()
        elif ch.isalpha() or ch == "_":
            if pos + 1 < end and text[pos + 1] == "'" and ch in "tbh":
                token = _typed_constant(text, pos)
                append(token)
                if token[0] == _ERROR:
                    break
                pos += len(token[1])
                continue
            m = _IDENTIFIER.match(text, pos)
            if m is None:  # a non-ASCII letter
                append((_ERROR, f"unexpected character {ch!r}", pos, None))
                break
            word = m.group()
            if word in _KEYWORDS:
                append((word, word, pos, None))
            elif word == "true" or word == "false":
                append((_BOOL, word, pos, word == "true"))
            elif "-" in word:
                append((_IDENT_HYPHEN, word, pos, word))
            else:
                append((_IDENT, word, pos, word))
            pos = m.end()
        elif ch.isdigit() or ch in "+-.":
            m = _NUMBER.match(text, pos)
            if m is None and ch in "+-.":  # a lone sign or dot
                append((ch, ch, pos, None))
                pos += 1
            elif m is None:  # a digit outside ASCII
                append((_ERROR, f"unexpected character {ch!r}", pos, None))
                break
            elif m.group(1) is not None:
                append((_FLOAT, m.group(), pos, float(m.group())))
                pos = m.end()
            else:
                append((_INT, m.group(), pos, int(m.group())))
                pos = m.end()
        elif ch in "=<>!":
            two = text[pos : pos + 2]
            if two in _OPERATORS:
                append((two, two, pos, None))
                pos += 2
            elif ch in _OPERATORS:
                append((ch, ch, pos, None))
                pos += 1
            else:
                append((_ERROR, f"unexpected character {ch!r}", pos, None))
                break
        elif ch == "/":
            m = _COMMENT.match(text, pos)
            if m is None:
                append((ch, ch, pos, None))
                pos += 1
            else:
                pos = m.end()
        else:
            append((_ERROR, f"unexpected character {ch!r}", pos, None))
            break
    append((_EOF, "end of pattern", end, None))
    return tokens


def _typed_constant(text: str, pos: int) -> Token:
    """A t'…', b'…' or h'…' constant at `pos`, or an ERROR token saying what is wrong."""
    kind = text[pos]
    if kind == "t":
        m = _TIMESTAMP_LITERAL.match(text, pos)
        if m is None:
            return (
                _ERROR,
                "malformed timestamp constant, expected t'YYYY-MM-DDThh:mm:ssZ'",
                pos,
                None,
            )
        stamp = m.group(1)
        # RFC 3339 allows a leap second (:60); the calendar is checked on :59.
        probe = stamp[:17] + "59" + stamp[19:] if stamp[17:19] == "60" else stamp
        if not is_timestamp(probe):
            return (_ERROR, f"t'{stamp}' is not a calendar date and time", pos, None)
        return (_TIMESTAMP, m.group(), pos, stamp)
    if kind == "b":
        m = _BINARY_LITERAL.match(text, pos)
        if m is None:
            return (_ERROR, "malformed binary constant, expected base64 such as b'AQID'", pos, None)
        digits = m.group(1).replace("\r", "").replace("\n", "")
        if not digits or not is_base64(digits):
            return (_ERROR, f"{m.group()[:40]} is not padded base64 (RFC 4648)", pos, None)
        return (_BINARY, m.group(), pos, digits)
    m = _HEX_LITERAL.match(text, pos)
    if m is None:
        return (
            _ERROR,
            "malformed hex constant, expected pairs of hex digits such as h'0a1b'",
            pos,
            None,
        )
    return (_HEX, m.group(), pos, m.group(1).lower())


def _describe(token: Token) -> str:
    kind, text, _, _ = token
    if kind == _EOF:
        return "the end of the pattern"
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Parser:
    """Recursive descent over the tokens; each method is one rule of the grammar."""

    __slots__ = ("tokens", "i", "depth")

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def nest(self) -> None:
        """Enter parentheses; bound the depth so that recursion cannot overflow."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            token = self.tokens[self.i]
            raise PatternError(
                f"at character {token[2]}: parentheses nest deeper than {_MAX_DEPTH}", token[2]
            )

    def fail(self, expected: str, token: Token | None = None) -> PatternError:
        token = token or self.tokens[self.i]
        if token[0] == _ERROR:
            return PatternError(f"at character {token[2]}: {token[1]}", token[2])
        return PatternError(
            f"at character {token[2]}: expected {expected}, found {_describe(token)}",
            token[2],
        )

    def expect(self, kind: str, expected: str) -> Token:
        token = self.tokens[self.i]
        if token[0] != kind:
            raise self.fail(expected)
        self.i += 1
        return token

    # pattern : observationExpressions EOF
    def pattern(self) -> Pattern:
        expression = self.observations()
        if self.tokens[self.i][0] != _EOF:
            raise self.fail("AND, OR, FOLLOWEDBY or a qualifier between observation expressions")
        return Pattern(expression)

    # observationExpressions : observationExpressionOr (FOLLOWEDBY …)*
    def observations(self) -> ObservationExpression:
        first = self.observation_or()
        if self.tokens[self.i][0] != "FOLLOWEDBY":
            return first
        operands = [first]
        while self.tokens[self.i][0] == "FOLLOWEDBY":
            self.i += 1
            operands.append(self.observation_or())
        return ObservationOperation("FOLLOWEDBY", tuple(operands))

    def observation_or(self) -> ObservationExpression:
        first = self.observation_and()
        if self.tokens[self.i][0] != "OR":
            return first
        operands = [first]
        while self.tokens[self.i][0] == "OR":
            self.i += 1
            operands.append(self.observation_and())
        return ObservationOperation("OR", tuple(operands))

    def observation_and(self) -> ObservationExpression:
        first = self.observation()
        if self.tokens[self.i][0] != "AND":
            return first
        operands = [first]
        while self.tokens[self.i][0] == "AND":
            self.i += 1
            operands.append(self.observation())
        return ObservationOperation("AND", tuple(operands))

    # observationExpression : '[' comparisonExpression ']' | '(' … ')' , then qualifiers
    def observation(self) -> ObservationExpression:
        kind = self.tokens[self.i][0]
        node: ObservationExpression
        if kind == "[":
            self.i += 1
            node = Observation(self.comparison_or())
            self.expect("]", "']' to close the observation expression")
        elif kind == "(":
            self.nest()
            self.i += 1
            node = self.observations()
            self.expect(")", "')' to close the parenthesized observation expressions")
            self.depth -= 1
        else:
            raise self.fail("'[' or '(' to start an observation expression")
        seen: set[str] = set()
        while True:
            token = self.tokens[self.i]
            kind = token[0]
            if kind == "WITHIN":
                qualifier: Qualifier = self.within()
            elif kind == "REPEATS":
                qualifier = self.repeats()
            elif kind == "START":
                qualifier = self.start_stop()
            else:
                return node
            if kind in seen:
                raise PatternError(
                    f"at character {token[2]}: an observation expression may have only one "
                    f"{kind} qualifier (STIX 2.1 §9.5.1)",
                    token[2],
                )
            seen.add(kind)
            node = Qualified(node, qualifier)

    def within(self) -> Within:
        self.i += 1
        token = self.tokens[self.i]
        if token[0] not in (_INT, _FLOAT) or token[1].startswith("-"):
            raise self.fail("a positive number of seconds after WITHIN")
        if not token[3]:
            raise PatternError(
                f"at character {token[2]}: WITHIN needs a positive number of seconds, "
                "not 0 (STIX 2.1 §9.5.1)",
                token[2],
            )
        self.i += 1
        self.expect("SECONDS", "SECONDS after the WITHIN value")
        value = token[3]
        assert isinstance(value, int | float)
        return Within(value)

    def repeats(self) -> Repeats:
        self.i += 1
        token = self.tokens[self.i]
        if token[0] != _INT or token[1].startswith("-"):
            raise self.fail("a positive integer after REPEATS")
        value = token[3]
        assert isinstance(value, int)
        if value == 0:
            raise PatternError(
                f"at character {token[2]}: REPEATS needs a positive integer, not 0 "
                "(STIX 2.1 §9.5.1)",
                token[2],
            )
        self.i += 1
        self.expect("TIMES", "TIMES after the REPEATS value")
        return Repeats(value)

    def start_stop(self) -> StartStop:
        self.i += 1
        start = self.expect(_TIMESTAMP, "a timestamp constant t'…' after START")
        self.expect("STOP", "STOP after the START timestamp")
        stop = self.expect(_TIMESTAMP, "a timestamp constant t'…' after STOP")
        assert isinstance(start[3], str) and isinstance(stop[3], str)
        return StartStop(start[3], stop[3])

    # comparisonExpression : comparisonExpressionAnd (OR …)*
    def comparison_or(self) -> ComparisonExpression:
        first = self.comparison_and()
        if self.tokens[self.i][0] != "OR":
            return first
        operands = [first]
        while self.tokens[self.i][0] == "OR":
            self.i += 1
            operands.append(self.comparison_and())
        return BooleanComparison("OR", tuple(operands))

    def comparison_and(self) -> ComparisonExpression:
        first = self.comparison()
        if self.tokens[self.i][0] != "AND":
            return first
        operands = [first]
        while self.tokens[self.i][0] == "AND":
            self.i += 1
            operands.append(self.comparison())
        return BooleanComparison("AND", tuple(operands))

    # propTest
    def comparison(self) -> ComparisonExpression:
        kind = self.tokens[self.i][0]
        if kind == "(":
            self.nest()
            self.i += 1
            inner = self.comparison_or()
            self.expect(")", "')' to close the parenthesized comparison")
            self.depth -= 1
            return inner
        if kind == "EXISTS":
            self.i += 1
            object_type, steps, path = self.object_path()
            return Comparison(object_type, path, "EXISTS", False, None, "none")
        start = self.tokens[self.i]
        object_type, steps, path = self.object_path()
        negated = self.tokens[self.i][0] == "NOT"
        if negated:
            self.i += 1
        token = self.tokens[self.i]
        kind = token[0]
        operator = _OPERATORS.get(kind)
        value: Value
        if operator is not None:
            self.i += 1
            literal = self.tokens[self.i]
            if literal[0] not in (_STRING, _INT, _FLOAT, _BINARY, _HEX, _TIMESTAMP) and not (
                literal[0] == _BOOL and operator in ("=", "!=")
            ):
                what = (
                    "a constant"
                    if operator in ("=", "!=")
                    else "a number, string or typed constant"
                )
                raise self.fail(f"{what} after {token[1]}")
            self.i += 1
            value, value_kind = self.constant(literal), literal[0]
        elif kind == "IN":
            self.i += 1
            operator = "IN"
            value, value_kind = self.set_literal(), "set"
        elif kind in ("LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET"):
            self.i += 1
            literal = self.expect(_STRING, f"a string constant after {kind}")
            operator = kind
            value, value_kind = self.constant(literal), _STRING
            if kind in ("ISSUBSET", "ISSUPERSET"):
                self.check_network(object_type, path, literal)
        else:
            raise self.fail(
                "a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, "
                "ISSUPERSET), optionally after NOT"
            )
        comparison = Comparison(object_type, path, operator, negated, value, value_kind)
        self.check_hash(comparison, steps, start)
        return comparison

    def constant(self, token: Token) -> Scalar:
        value = token[3]
        assert value is not None
        if (
            isinstance(value, int)
            and token[0] == _INT
            and not -_MAX_INTEGER <= value <= _MAX_INTEGER
        ):
            raise PatternError(
                f"at character {token[2]}: integer constants must lie within ±(2**53 - 1) "
                "(STIX 2.1 §2.10)",
                token[2],
            )
        return value

    def set_literal(self) -> tuple[Scalar, ...]:
        self.expect("(", "'(' to open the IN set")
        if self.tokens[self.i][0] == ")":
            self.i += 1
            return ()
        values: list[Scalar] = []
        kinds: set[str] = set()
        while True:
            token = self.tokens[self.i]
            if token[0] not in (_STRING, _INT, _FLOAT, _BOOL, _BINARY, _HEX, _TIMESTAMP):
                raise self.fail("a constant in the IN set")
            self.i += 1
            values.append(self.constant(token))
            kinds.add(_FLOAT if token[0] == _INT else token[0])
            if len(kinds) > 1:
                raise PatternError(
                    f"at character {token[2]}: the constants of an IN set must all be of one "
                    "type (STIX 2.1 §9.6.1)",
                    token[2],
                )
            if self.tokens[self.i][0] == ",":
                self.i += 1
                continue
            self.expect(")", "',' or ')' in the IN set")
            return tuple(values)

    # objectPath : objectType ':' firstPathComponent objectPathComponent?
    def object_path(self) -> tuple[str, list[str | int | None], str]:
        token = self.tokens[self.i]
        if token[0] not in (_IDENT, _IDENT_HYPHEN):
            raise self.fail("an object path such as file:name, or '(' or EXISTS")
        object_type = token[1]
        if not is_type_name(object_type):
            raise PatternError(
                f"at character {token[2]}: {object_type!r} is not a valid object type name "
                "(lowercase a-z, 0-9 and single hyphens, 3-250 characters; STIX 2.1 §3.1)",
                token[2],
            )
        if object_type in _NOT_SCO:
            raise PatternError(
                f"at character {token[2]}: {object_type!r} is not a Cyber-observable Object "
                "type; patterns match SCOs such as file or ipv4-addr (STIX 2.1 §9.7)",
                token[2],
            )
        self.i += 1
        self.expect(":", "':' after the object type")
        first = self.tokens[self.i]
        if first[0] not in (_IDENT, _STRING):
            raise self.fail("a property name after ':'")
        self.i += 1
        name = first[3]
        assert isinstance(name, str)
        steps: list[str | int | None] = [name]
        parts = [_key(name)]
        tokens = self.tokens
        while True:
            kind = tokens[self.i][0]
            if kind == ".":
                self.i += 1
                key = tokens[self.i]
                if key[0] not in (_IDENT, _STRING):
                    raise self.fail("a property name or quoted key after '.'")
                self.i += 1
                assert isinstance(key[3], str)
                steps.append(key[3])
                parts.append("." + _key(key[3]))
            elif kind == "[":
                self.i += 1
                index = tokens[self.i]
                if index[0] == "*":
                    steps.append(None)
                    parts.append("[*]")
                elif index[0] == _INT and not index[1].startswith("-"):
                    assert isinstance(index[3], int)
                    steps.append(index[3])
                    parts.append(f"[{index[3]}]")
                elif index[0] == _INT:
                    raise PatternError(
                        f"at character {index[2]}: list indexes run from 0 (STIX 2.1 §9.7.2)",
                        index[2],
                    )
                else:
                    raise self.fail("a list index or '*' inside '[ ]'")
                self.i += 1
                self.expect("]", "']' after the list index")
            else:
                return object_type, steps, "".join(parts)

    def check_hash(self, comparison: Comparison, steps: list[str | int | None], at: Token) -> None:
        """A constant compared with `…hashes.<ALGORITHM>` must be a hash of that kind."""
        if len(steps) < 2 or comparison.operator in ("LIKE", "MATCHES", "EXISTS"):
            return
        parent, key = steps[-2], steps[-1]
        if not isinstance(key, str) or not isinstance(parent, str):
            return
        if parent != "hashes" and not parent.endswith("_hashes"):
            return
        values = comparison.value if isinstance(comparison.value, tuple) else (comparison.value,)
        for value in values:
            problem = hash_problem(key, value)
            if problem is not None:
                raise PatternError(
                    f"at character {at[2]}: {comparison.object_type}:{comparison.path} is "
                    f"compared with {value!r}, which {problem.replace('must be', 'is not', 1)}",
                    at[2],
                )

    def check_network(self, object_type: str, path: str, literal: Token) -> None:
        """ISSUBSET and ISSUPERSET compare IP address blocks (§9.6.1)."""
        value = literal[3]
        assert isinstance(value, str)
        if object_type == "ipv4-addr" and path == "value":
            ok = is_ipv4_cidr(value)
        elif object_type == "ipv6-addr" and path == "value":
            ok = is_ipv6_cidr(value)
        else:
            ok = is_ipv4_cidr(value) or is_ipv6_cidr(value)
        if not ok:
            raise PatternError(
                f"at character {literal[2]}: {value!r} is not an IP address or CIDR block "
                "such as '198.51.100.0/24' (STIX 2.1 §9.6.1)",
                literal[2],
            )


def _key(name: str) -> str:
    if (
        _BARE_KEY.match(name) is not None
        and name not in _KEYWORDS
        and name
        not in (
            "true",
            "false",
        )
    ):
        return name
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def parse_pattern(text: str) -> Pattern:
    """Parse and check a STIX 2.1 pattern; raise PatternError saying where and why."""
    return _plain(text) or _Parser(_tokenize(text)).pattern()


# The plain form most indicators take, `[type:property = 'value']` (a key after the
# property at most, no escapes, ASCII spaces), or a few of them joined by one operator,
# is read by one regular expression, without the tokenizer and the parser: both the
# share path and the fusion worker parse every indicator. The result is the parser's
# (tests/unit/stix/test_patterns_plain.py holds the two equal on generated patterns);
# whatever the expression does not read, or a check refuses, goes to the parser, which
# says what is wrong.
_PLAIN = re.compile(
    r" *\[ *([a-z][a-z0-9-]*):([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*|'[^'\\]*'))?"
    r" *==? *'([^'\\]*)' *\] *"
)
_JOIN = re.compile(r"(AND|OR|FOLLOWEDBY)(?=[ \[])")
_NOT_NAMES = _KEYWORDS | {"true", "false"}


def _plain(text: str) -> Pattern | None:
    observations: list[ObservationExpression] = []
    operator = ""
    pos, end = 0, len(text)
    while True:
        m = _PLAIN.match(text, pos)
        if m is None:
            return None
        object_type, name, key, value = m.groups()
        if not is_type_name(object_type) or object_type in _NOT_SCO or object_type in _NOT_NAMES:
            return None
        if name in _NOT_NAMES:
            return None
        path = _key(name)
        if key is not None:
            if key[0] == "'":
                key = key[1:-1]
            elif key in _NOT_NAMES:
                return None
            if (name == "hashes" or name.endswith("_hashes")) and hash_problem(key, value):
                return None
            path += "." + _key(key)
        comparison = Comparison(object_type, path, "=", False, value, _STRING)
        observations.append(Observation(comparison))
        pos = m.end()
        if pos == end:
            break
        join = _JOIN.match(text, pos)
        if join is None or (operator and join.group(1) != operator):
            return None
        operator = join.group(1)
        pos = join.end()
    if len(observations) == 1:
        return Pattern(observations[0])
    return Pattern(ObservationOperation(operator, tuple(observations)))


def comparisons(pattern: Pattern) -> list[Comparison]:
    """Every comparison of the pattern, left to right, whatever the operators between."""
    found: list[Comparison] = []
    stack: list[ObservationExpression | ComparisonExpression] = [pattern.expression]
    while stack:
        node = stack.pop()
        if isinstance(node, Comparison):
            found.append(node)
        elif isinstance(node, Observation):
            stack.append(node.expression)
        elif isinstance(node, Qualified):
            stack.append(node.expression)
        else:
            stack.extend(reversed(node.operands))
    return found
