"""How much JSON one request may hold, checked before the expensive work.

A module of its own, outside `allyhub.stix`, because the TAXII client and the CLI read
pages with these limits too and must not pay for importing the STIX validator.

A body within `max_content_length` can still cost far more memory than its size once
parsed: a 6 MB envelope of 3,000,000 integers grew a hub by 330 MB and left a 320 MB
status row (finding 14), and 32 MB of `{},` would be ten million dicts. So a body is
looked at in three steps, each before the next costs anything:

1. `count_values` on the raw bytes, before parsing: every list element and object member
   is preceded by a comma or an opening bracket, so counting those bounds the number of
   values (and the memory parsing needs, about 100 bytes a value at worst). The count is
   C-speed (`bytes.translate`); commas inside strings count too, so only when that rough
   count is over the limit are the strings' own commas found and taken off (bounded work:
   a body with more strings than twice the limit is over it anyway).
2. orjson parses (itself refusing nesting deeper than 1024).
3. `check_tree` walks the parsed value once, without recursion: nesting depth, items of
   each list or object, length of each string; and no string may hold a NUL character,
   which PostgreSQL cannot keep in a text column (400).

Each refusal of size is a TooLarge (413) that names the setting holding the limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from allyhub.errors import InvalidRequest, TooLarge

_MARKS = b",[{"
_NOT_MARKS = bytes(c for c in range(256) if c not in _MARKS)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


@dataclass(frozen=True, slots=True)
class JsonLimits:
    """The caps of one hub (from its settings; the defaults are the settings' defaults)."""

    size: int = 32 * 1024 * 1024  # max_content_length: bytes of one body or peer page
    objects: int = 10_000  # max_envelope_objects
    values: int = 500_000  # max_json_values
    depth: int = 32  # max_json_depth
    items: int = 20_000  # max_json_items
    string: int = 1_048_576  # max_json_string


DEFAULT_LIMITS = JsonLimits()
"""The caps of a hub with default settings (and of the TAXII client unless told)."""


def count_values(body: bytes, enough: int) -> int:
    """How many JSON values `body` holds, at most: never less than the true number, and
    over `enough` only when the true number is (counting an empty list or object as
    holding one value). The strings are looked into only when the rough count is over."""
    rough = len(body.translate(None, _NOT_MARKS)) + 1
    if rough <= enough:
        return rough
    quotes = body.count(b'"') - body.count(b'\\"')  # at least the strings' own quotes
    if quotes // 2 > 2 * enough:  # a value holds at most two strings (a member's key too)
        return rough
    inside = 0
    for match in _STRING.finditer(body):
        start, end = match.span()
        inside += sum(body.count(mark, start, end) for mark in (b",", b"[", b"{"))
    return rough - inside


def check_size(body: bytes, limits: JsonLimits, what: str) -> None:
    """TooLarge when the raw body holds more values than `max_json_values`."""
    count = count_values(body, limits.values)
    if count > limits.values:
        raise TooLarge(
            f"{what} holds more than {limits.values} JSON values (max_json_values); "
            "split it into smaller requests",
            limits.values,
            "max_json_values",
        )


def check_tree(
    data: Any, limits: JsonLimits, what: str, exempt: object = None, *, strings: bool = True
) -> None:
    """TooLarge at the first list or object nested deeper than `max_json_depth`, with more
    items than `max_json_items` (but `exempt`, the envelope's objects, counted apart), or
    string longer than `max_json_string`; InvalidRequest at a string holding a NUL. The
    top value is at depth 1. With `strings` False only lists and objects are visited
    (`needs_strings` says when the strings cannot break a rule)."""
    if not strings:
        _check_containers(data, limits, what, exempt)
        return
    most, items, longest = limits.depth, limits.items, limits.string
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > most:
            raise _too_deep(what, depth, most)
        if type(value) is dict:
            if len(value) > items:
                raise _too_many(what, "an object", len(value), items)
            children: Any = value.values()
            for key in value:
                if len(key) > longest:
                    raise _too_long(what, len(key), longest)
                if "\x00" in key:
                    raise _nul(what)
        else:
            if len(value) > items and value is not exempt:
                raise _too_many(what, "a list", len(value), items)
            children = value
        for child in children:
            kind = type(child)
            if kind is str:
                if len(child) > longest:
                    raise _too_long(what, len(child), longest)
                if "\x00" in child:
                    raise _nul(what)
            elif kind is dict or kind is list:
                stack.append((child, depth + 1))


def _check_containers(data: Any, limits: JsonLimits, what: str, exempt: object) -> None:
    """Depth and items only: the walk of check_tree that skips every scalar."""
    most, items = limits.depth, limits.items
    stack: list[tuple[Any, int]] = [(data, 1)]
    pop, extend = stack.pop, stack.extend
    while stack:
        value, depth = pop()
        if depth > most:
            raise _too_deep(what, depth, most)
        if type(value) is dict:
            if len(value) > items:
                raise _too_many(what, "an object", len(value), items)
            value = value.values()
        elif len(value) > items and value is not exempt:
            raise _too_many(what, "a list", len(value), items)
        deeper = depth + 1
        extend([(c, deeper) for c in value if type(c) is dict or type(c) is list])


def needs_strings(body: bytes, limits: JsonLimits) -> bool:
    """Whether a body's strings must be looked at: one may be longer than
    `max_json_string` only if the body is, and a NUL can only be written `\\u0000` in
    JSON (orjson refuses a raw one)."""
    return len(body) > limits.string or b"\\u0000" in body


def check_parsed(body: bytes, data: Any, limits: JsonLimits, what: str) -> None:
    """The checks after parsing: the envelope's object count first (before any object is
    looked at), then one walk for depth, items and strings."""
    objects = _objects_of(data)
    if objects is not None:
        check_objects(objects, limits, what)
    if type(data) is dict or type(data) is list:
        check_tree(data, limits, what, objects, strings=needs_strings(body, limits))
    elif type(data) is str:
        check_tree([data], limits, what)


def parse_json(body: bytes, limits: JsonLimits, what: str = "the body") -> Any:
    """Parse a request body within the limits (InvalidRequest if it is not JSON). The
    `objects` list of an envelope is counted against max_envelope_objects as soon as it
    is parsed, before any object in it is looked at."""
    check_size(body, limits, what)
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(f"{what} is not valid JSON: {exc}") from None
    check_parsed(body, data, limits, what)
    return data


def check_objects(objects: list[Any], limits: JsonLimits, what: str) -> None:
    """TooLarge when an envelope holds more objects than `max_envelope_objects`."""
    if len(objects) > limits.objects:
        raise TooLarge(
            f"{what} holds {len(objects)} objects; this hub takes at most {limits.objects} "
            "in one request (max_envelope_objects): split it",
            limits.objects,
            "max_envelope_objects",
        )


def _objects_of(data: Any) -> list[Any] | None:
    """The envelope's `objects` list, which max_envelope_objects bounds instead."""
    objects = data.get("objects") if type(data) is dict else None
    return objects if type(objects) is list else None


def _too_deep(what: str, depth: int, most: int) -> TooLarge:
    return TooLarge(
        f"{what} nests lists and objects {depth} deep; this hub takes at most {most} "
        "(max_json_depth)",
        most,
        "max_json_depth",
    )


def _too_many(what: str, container: str, count: int, items: int) -> TooLarge:
    return TooLarge(
        f"{what} has {container} of {count} items; this hub takes at most {items} (max_json_items)",
        items,
        "max_json_items",
    )


def _too_long(what: str, length: int, longest: int) -> TooLarge:
    return TooLarge(
        f"{what} has a string of {length} characters; this hub takes at most {longest} "
        "(max_json_string)",
        longest,
        "max_json_string",
    )


def _nul(what: str) -> InvalidRequest:
    return InvalidRequest(
        f"{what} has a string holding a NUL character (\\u0000), which this hub does not store"
    )
