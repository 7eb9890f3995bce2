"""Property kinds: the data types of STIX 2.1 §2 compiled into small check functions.

A kind is either a *leaf* (`value -> None | rule`) for values without inner paths, or a
*check* (`value, path, report -> None`) for lists, dictionaries and nested structures,
whose problems need paths such as `external_references[0].source_name`. Leaves cost one
call and allocate nothing when the value is valid; a check builds a child path only
when it descends into a nested structure. Problems are collected as `(path, rule)`
pairs; `validate` turns them into `Problem`s at the end, and only when there are some.

`Structure` is the one engine behind every JSON object STIX defines, top-level objects
and the types nested in them alike: a table of properties, the required ones, and
constraints between properties. Unknown properties are accepted as deprecated custom
properties (§11.1) when their names are valid, which is what stix2 does with
allow_custom=True; anything else is a problem naming the property.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from allyhub.stix._formats import (
    HASH_ALGORITHMS,
    describe_bad_identifier,
    hash_problem,
    identifier_pattern,
    identifier_type,
    is_base64,
    is_dictionary_key,
    is_hash_key,
    is_hex,
    is_language_tag,
    is_property_name,
)
from allyhub.stix._vocabularies import (
    META_TYPES,
    NOT_OBJECT_TYPES,
    RESERVED_PROPERTY_NAMES,
    SCO_TYPES,
    SDO_TYPES,
    SRO_TYPES,
)
from allyhub.timestamps import compare_timestamps, is_timestamp

Report = list[tuple[str, str]]
"""(path, rule) pairs collected while checking one object."""
JSONObject = dict[str, Any]
"""A parsed JSON object: the boundary where values are still untyped."""
Leaf = Callable[[object], str | None]
Check = Callable[[object, str, Report], None]
Constraint = Callable[[JSONObject, str, Report], None]

MAX_INTEGER = 2**53 - 1


@dataclass(frozen=True, slots=True)
class Kind:
    """How one property's value is checked: exactly one of `leaf` and `check` is set."""

    leaf: Leaf | None = None
    check: Check | None = None


def at(path: str, name: object) -> str:
    """The path of property `name` inside the value at `path` ("" is the object itself)."""
    if path:
        return f"{path}.{name}"
    return name if isinstance(name, str) else str(name)


def spec(section: str) -> str:
    return f"STIX 2.1 §{section}"


# ---------------------------------------------------------------------------------------
# Leaves


def _leaf(predicate: Callable[[Any], bool], rule: str) -> Kind:
    def leaf(value: object) -> str | None:
        return None if predicate(value) else rule

    return Kind(leaf=leaf)


def _string(rule: str) -> Kind:
    def leaf(value: object) -> str | None:
        return None if type(value) is str else rule

    return Kind(leaf=leaf)


STRING = _string(f"must be a string ({spec('2.15')})")
OPEN_VOCAB = _string(f"must be a string, preferably from the suggested vocabulary ({spec('2.14')})")
_BOOLEAN_RULE = f"must be true or false ({spec('2.2')})"
BOOLEAN = Kind(leaf=lambda v: None if v is True or v is False else _BOOLEAN_RULE)


def integer(low: int = -MAX_INTEGER, high: int = MAX_INTEGER, section: str = "2.10") -> Kind:
    if low == -MAX_INTEGER and high == MAX_INTEGER:
        rule = f"must be an integer within ±(2**53 - 1) ({spec(section)})"
    elif high == MAX_INTEGER:
        rule = f"must be an integer of at least {low} ({spec(section)})"
    else:
        rule = f"must be an integer from {low} to {high} ({spec(section)})"

    def leaf(value: object) -> str | None:
        if type(value) is int and low <= value <= high:
            return None
        return rule

    return Kind(leaf=leaf)


INTEGER = integer()
NON_NEGATIVE = integer(0)


def number(low: float | None = None, high: float | None = None, section: str = "2.6") -> Kind:
    """A JSON number (integers included) that is finite and within [low, high]."""
    if low is None and high is None:
        rule = f"must be a finite number ({spec(section)})"
    elif high is None:
        rule = f"must be a number of at least {low} ({spec(section)})"
    else:
        rule = f"must be a number from {low} to {high} ({spec(section)})"
    lowest = float("-inf") if low is None else low
    highest = float("inf") if high is None else high

    def leaf(value: object) -> str | None:
        if isinstance(value, int | float) and value is not True and value is not False:
            if lowest <= value <= highest:  # NaN compares false, so it fails here too
                return None
        return rule

    return Kind(leaf=leaf)


_TIMESTAMP_RULE = (
    f"must be an RFC 3339 UTC timestamp such as 2016-05-12T08:17:27.000Z ({spec('2.16')})"
)


def _timestamp(value: object) -> str | None:
    if type(value) is str and is_timestamp(value):
        return None
    return _TIMESTAMP_RULE


TIMESTAMP = Kind(leaf=_timestamp)


def _versioning_timestamp(value: object) -> str | None:
    if type(value) is str and is_timestamp(value, milliseconds=True):
        return None
    if type(value) is str and is_timestamp(value):
        return (
            "must have at least millisecond precision, such as 2016-05-12T08:17:27.000Z "
            f"({spec('3.2')})"
        )
    return _TIMESTAMP_RULE


VERSIONING_TIMESTAMP = Kind(leaf=_versioning_timestamp)
HEX = _leaf(
    lambda v: type(v) is str and is_hex(v),
    f"must be an even number of hexadecimal digits, such as 0a1b ({spec('2.8')})",
)
BINARY = _leaf(
    lambda v: type(v) is str and is_base64(v),
    f"must be base64 of RFC 4648 with its padding, such as AQID ({spec('2.1')})",
)
LANGUAGE_TAG = _leaf(
    lambda v: type(v) is str and is_language_tag(v),
    f"must be an RFC 5646 language tag such as en, fa or zh-Hant ({spec('3.2')})",
)


def constant(expected: str, section: str) -> Kind:
    return _leaf(
        lambda v: v == expected and type(v) is str, f'must be "{expected}" ({spec(section)})'
    )


def enum(values: Iterable[str], name: str, section: str) -> Kind:
    allowed = frozenset(values)
    rule = f"must be one of {', '.join(values)} ({name}, {spec(section)})"
    return Kind(leaf=lambda v: None if type(v) is str and v in allowed else rule)


def formatted(predicate: Callable[[str], bool], rule: str) -> Kind:
    """A string in a format that `predicate` recognizes."""
    return Kind(leaf=lambda v: None if type(v) is str and predicate(v) else rule)


def forbidden(rule: str) -> Kind:
    """A property that must not appear on this kind of object at all."""
    return Kind(leaf=lambda value: rule)


# Identifiers ----------------------------------------------------------------------------

_SCO_ONLY_EXCLUDES = SDO_TYPES | SRO_TYPES | META_TYPES | NOT_OBJECT_TYPES
_CATEGORY_EXCLUDES = {
    # Which known types each category rules out; types this library does not know are
    # custom types and may belong to any category (§11.2, §7.3).
    "an SDO": SCO_TYPES | SRO_TYPES | META_TYPES | NOT_OBJECT_TYPES,
    "an SCO": _SCO_ONLY_EXCLUDES,
    "an SCO or SRO": SDO_TYPES | META_TYPES | NOT_OBJECT_TYPES,
    "an SDO or SCO": SRO_TYPES | META_TYPES | NOT_OBJECT_TYPES,
    "a STIX Object": NOT_OBJECT_TYPES,
}


def identifier(types: Iterable[str] = (), section: str = "2.9", category: str = "") -> Kind:
    """An identifier `<type>--<UUID>` of one of `types`, or of a category of objects.

    With neither, any object type; a category admits custom types too.
    """
    wanted = frozenset(types)
    if wanted:
        matcher = identifier_pattern(wanted).match
        names = " or ".join(sorted(wanted))

        def specific(value: object) -> str | None:
            if type(value) is str and matcher(value) is not None:
                return None
            return _identifier_rule(value, f"of type {names}", section)

        return Kind(leaf=specific)
    what = category or "a STIX Object"
    excluded = _CATEGORY_EXCLUDES[what]

    def general(value: object) -> str | None:
        if type(value) is str:
            prefix = identifier_type(value)
            if prefix is not None and prefix not in excluded:
                return None
        return _identifier_rule(value, f"of {what}", section)

    return Kind(leaf=general)


def _identifier_rule(value: object, wanted: str, section: str) -> str:
    if type(value) is not str:
        return f"must be an identifier <type>--<UUID> {wanted} ({spec(section)})"
    prefix = identifier_type(value)
    if prefix is None:
        return (
            f"must be an identifier <type>--<UUID> {wanted}, but "
            f"{describe_bad_identifier(value)} ({spec('2.9')})"
        )
    return f"must be an identifier {wanted}, not of type {prefix} ({spec(section)})"


def own_identifier(type_name: str, section: str) -> Kind:
    """The `id` of an object: its own type, then "--", then a UUID (§2.9)."""
    matcher = identifier_pattern(frozenset({type_name})).match

    def leaf(value: object) -> str | None:
        if type(value) is str and matcher(value) is not None:
            return None
        if type(value) is str and identifier_type(value) is not None:
            return (
                f"must start with {type_name}--, the type of this object, and end with a "
                f"UUID ({spec('2.9')})"
            )
        return _identifier_rule(value, f"of type {type_name}", section)

    return Kind(leaf=leaf)


# ---------------------------------------------------------------------------------------
# Checks: lists, dictionaries, hashes


def list_of(item: Kind, section: str = "2.12") -> Kind:
    """A non-empty JSON array whose items are all of kind `item`."""
    rule = f"must be a non-empty list ({spec(section)})"
    leaf, inner = item.leaf, item.check
    if leaf is not None:

        def check_leaves(value: object, path: str, report: Report) -> None:
            if type(value) is not list or not value:
                report.append((path, rule))
                return
            for i, element in enumerate(value):
                problem = leaf(element)
                if problem is not None:
                    report.append((f"{path}[{i}]", problem))

        return Kind(check=check_leaves)
    assert inner is not None

    def check_items(value: object, path: str, report: Report) -> None:
        if type(value) is not list or not value:
            report.append((path, rule))
            return
        for i, element in enumerate(value):
            inner(element, f"{path}[{i}]", report)

    return Kind(check=check_items)


def dictionary(values: Kind | None = None, section: str = "2.3") -> Kind:
    """A non-empty JSON object with dictionary keys (§2.3) and values of kind `values`."""
    rule = f"must be a non-empty dictionary ({spec(section)})"
    key_rule = (
        "must be a dictionary key of ASCII letters, digits, '-' and '_', at most 250 long "
        f"({spec('2.3')})"
    )
    leaf = values.leaf if values is not None else None
    inner = values.check if values is not None else None

    def check(value: object, path: str, report: Report) -> None:
        if type(value) is not dict or not value:
            report.append((path, rule))
            return
        for key, element in value.items():
            if type(key) is not str or not is_dictionary_key(key):
                report.append((at(path, key), key_rule))
            elif leaf is not None:
                problem = leaf(element)
                if problem is not None:
                    report.append((at(path, key), problem))
            elif inner is not None:
                inner(element, at(path, key), report)

    return Kind(check=check)


def hashes(vocabulary_only: bool = False) -> Kind:
    """The hashes type (§2.7): algorithm names as keys, values in each one's format.

    `vocabulary_only` restricts the keys to hash-algorithm-ov exactly, as external
    references must (§2.5.1).
    """
    vocabulary = frozenset(HASH_ALGORITHMS)
    rule = f"must be a non-empty dictionary of hash algorithm names to hashes ({spec('2.7')})"
    key_rule = (
        "must be a hash algorithm name of ASCII letters, digits, '-' and '_', 3 to 250 "
        f"long, preferably one of {', '.join(HASH_ALGORITHMS)} ({spec('2.7')})"
    )
    vocabulary_rule = (
        f"must be one of {', '.join(HASH_ALGORITHMS)} (hash-algorithm-ov, {spec('2.5.1')})"
    )

    def check(value: object, path: str, report: Report) -> None:
        if type(value) is not dict or not value:
            report.append((path, rule))
            return
        for key, digest in value.items():
            if vocabulary_only and key not in vocabulary:
                report.append((at(path, key), vocabulary_rule))
            elif type(key) is not str or not is_hash_key(key):
                report.append((at(path, key), key_rule))
            else:
                problem = hash_problem(key, digest)
                if problem is not None:
                    report.append((at(path, key), problem))

    return Kind(check=check)


# ---------------------------------------------------------------------------------------
# Structures


class Structure:
    """A JSON object of a STIX-defined shape: its properties, required ones, constraints.

    Unknown properties are accepted as deprecated custom properties (§11.1) when their
    names are valid and not reserved, in objects and in the types nested in them alike,
    as stix2 does with allow_custom=True; `constraints` are rules between properties,
    run after every property has been checked.
    """

    __slots__ = ("title", "section", "leaves", "checks", "required", "constraints")

    def __init__(
        self,
        title: str,
        section: str,
        properties: Mapping[str, Kind],
        required: Iterable[str] = (),
        constraints: Iterable[Constraint] = (),
    ) -> None:
        self.title = title
        self.section = section
        self.leaves: dict[str, Leaf] = {}
        self.checks: dict[str, Check] = {}
        for name, kind in properties.items():
            if kind.leaf is not None:
                self.leaves[name] = kind.leaf
            else:
                assert kind.check is not None
                self.checks[name] = kind.check
        self.required = tuple(required)
        self.constraints = tuple(constraints)

    @property
    def kind(self) -> Kind:
        return Kind(check=self.check)

    def check(self, value: object, path: str, report: Report) -> None:
        if type(value) is not dict:
            report.append((path, f"must be a JSON object: {self.title} ({spec(self.section)})"))
            return
        leaves, checks = self.leaves, self.checks
        for name, element in value.items():
            leaf = leaves.get(name)
            if leaf is not None:
                problem = leaf(element)
                if problem is not None:
                    report.append((at(path, name), problem))
                continue
            check = checks.get(name)
            if check is not None:
                check(element, at(path, name), report)
            elif (
                type(name) is not str
                or name in RESERVED_PROPERTY_NAMES
                or not is_property_name(name)
            ):
                report.append((at(path, name), self.unknown(name)))
        for name in self.required:
            if name not in value:
                report.append(
                    (at(path, name), f"must be present in {self.title} ({spec(self.section)})")
                )
        for constraint in self.constraints:
            constraint(value, path, report)

    def unknown(self, name: object) -> str:
        """Say why property `name` is not accepted, and what was probably meant."""
        if type(name) is not str:
            return f"must be named by a string ({spec('3.1')})"
        if name in RESERVED_PROPERTY_NAMES:
            return f"is a reserved name that no STIX 2.1 content may use ({spec('3.8')})"
        known = [*self.leaves, *self.checks]
        guess = difflib.get_close_matches(name.lower().replace("-", "_"), known, n=1)
        hint = f"; did you mean {guess[0]}?" if guess else ""
        return (
            f"is not a property of {self.title}, and not a valid custom property name: use "
            f"3 to 250 of a-z, 0-9 and _, starting with a letter, such as x_acme_score "
            f"({spec('11.1.1')}){hint}"
        )


# ---------------------------------------------------------------------------------------
# Constraints between properties


def _subject(title: str) -> str:
    return title[:1].lower() + title[1:]


def at_least_one(names: Iterable[str], title: str, section: str) -> Constraint:
    wanted = tuple(names)
    listing = ", ".join(wanted)
    title = _subject(title)

    def constraint(value: JSONObject, path: str, report: Report) -> None:
        for name in wanted:
            if name in value:
                return
        report.append((path, f"{title} must have at least one of {listing} ({spec(section)})"))

    return constraint


def exactly_one(names: Iterable[str], title: str, section: str) -> Constraint:
    wanted = tuple(names)
    listing = " or ".join(wanted)
    title = _subject(title)

    def constraint(value: JSONObject, path: str, report: Report) -> None:
        present = sum(1 for name in wanted if name in value)
        if present != 1:
            report.append((path, f"{title} must have exactly one of {listing} ({spec(section)})"))

    return constraint


def requires(name: str, needed: str, section: str) -> Constraint:
    """When `name` is present, `needed` must be too."""

    def constraint(value: JSONObject, path: str, report: Report) -> None:
        if name in value and needed not in value:
            report.append((at(path, needed), f"must be present when {name} is ({spec(section)})"))

    return constraint


def valid_timestamp(value: JSONObject, name: str) -> str | None:
    """The value of timestamp property `name` if present and valid, else None."""
    stamp = value.get(name)
    if type(stamp) is str and is_timestamp(stamp):
        return stamp
    return None


def ordered(first: str, second: str, section: str, strictly: bool = False) -> Constraint:
    """Timestamp `second` must not be earlier than `first` (or must be later)."""
    relation = "later than" if strictly else "later than or equal to"

    def constraint(value: JSONObject, path: str, report: Report) -> None:
        earlier, later = value.get(first), value.get(second)
        if earlier is None or later is None or (earlier == later and not strictly):
            return
        earlier, later = valid_timestamp(value, first), valid_timestamp(value, second)
        if earlier is None or later is None:
            return
        order = compare_timestamps(later, earlier)
        if order < 0 or (strictly and order == 0):
            report.append((at(path, second), f"must be {relation} {first} ({spec(section)})"))

    return constraint
