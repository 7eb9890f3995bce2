"""Hypothesis strategies: valid STIX 2.1 objects and patterns, and subtly broken ones.

Broken cases come as `(value, kind)`: `kind` names the one mutation applied, so that
the differential tests can look up where allyhub and the oracles are known to disagree
(disagreements.py) and hold them to agreement everywhere else.
"""

from __future__ import annotations

import base64
import copy
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from allyhub.stix._common import custom_object
from allyhub.stix._vocabularies import TLP1_MARKINGS, TLP2_MARKINGS
from allyhub.stix.validate import OBJECTS, validate

JSON = Any
Obj = dict[str, Any]

# ---------------------------------------------------------------------------------------
# Values


def uuid4s() -> st.SearchStrategy[str]:
    return st.uuids(version=4).map(str)


def identifiers(*types: str) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(types), uuid4s()).map(lambda t: f"{t[0]}--{t[1]}")


def sco_identifiers(type_name: str) -> st.SearchStrategy[str]:
    uuids = st.one_of(st.uuids(version=4), st.uuids(version=5)).map(str)
    return uuids.map(lambda u: f"{type_name}--{u}")


_DATETIMES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31))


def format_time(moment: datetime, digits: int) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if digits:
        text += "." + f"{moment.microsecond:06d}"[:digits]
    return text + "Z"


def timestamps(min_digits: int = 0) -> st.SearchStrategy[str]:
    return st.builds(format_time, _DATETIMES, st.integers(min_digits, 6))


@st.composite
def ordered_timestamps(
    draw: st.DrawFn, min_digits: int = 0, strictly: bool = False
) -> tuple[str, str]:
    """Two timestamps, the second not earlier (or, strictly, later) than the first."""
    first = draw(_DATETIMES).replace(microsecond=0)
    gap = draw(st.integers(1 if strictly else 0, 10**8))
    digits = draw(st.integers(min_digits, 6)), draw(st.integers(min_digits, 6))
    return format_time(first, digits[0]), format_time(first + timedelta(seconds=gap), digits[1])


TEXT = st.text(min_size=1, max_size=12)
WORDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
LANGS = st.sampled_from(["en", "de", "fr", "fa", "ar", "zh-Hant", "zh-Hans-CN", "es-419"])
MD5 = st.text("0123456789abcdef", min_size=32, max_size=32)
SHA256 = st.text("0123456789abcdefABCDEF", min_size=64, max_size=64)
HASHES = st.fixed_dictionaries({}, optional={"MD5": MD5, "SHA-256": SHA256}).filter(bool)
CUSTOM_NAMES = st.from_regex(r"x_[a-z][a-z0-9_]{1,12}", fullmatch=True)
CUSTOM_VALUES = st.one_of(
    TEXT,
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.booleans(),
    st.lists(TEXT, min_size=1, max_size=3),
)


def lists(element: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[list[Any]]:
    return st.lists(element, min_size=1, max_size=max_size)


def json_values() -> st.SearchStrategy[JSON]:
    """Any JSON value, for robustness tests."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=8,
    )


EXTERNAL_REFERENCES = lists(
    st.fixed_dictionaries(
        {"source_name": TEXT},
        optional={"description": TEXT, "external_id": TEXT, "url": st.just("https://x.example")},
    ).filter(lambda r: len(r) > 1)
)
KILL_CHAIN_PHASES = lists(st.fixed_dictionaries({"kill_chain_name": WORDS, "phase_name": WORDS}))
MARKING_REFS = lists(identifiers("marking-definition"))
EXTENSION_ID = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
PROPERTY_EXTENSIONS = st.fixed_dictionaries(
    {
        EXTENSION_ID: st.fixed_dictionaries(
            {"extension_type": st.just("property-extension")}, optional={"rank": st.integers(0, 9)}
        )
    }
)

# ---------------------------------------------------------------------------------------
# Valid objects, one strategy per type

Props = dict[str, st.SearchStrategy[Any]]


def _object(
    type_name: str,
    required: Props,
    optional: Props,
    *,
    sco: bool = False,
    custom: bool = True,
) -> st.SearchStrategy[Obj]:
    if sco:
        base: Props = {"type": st.just(type_name), "id": sco_identifiers(type_name)}
        common: Props = {
            "spec_version": st.just("2.1"),
            "object_marking_refs": MARKING_REFS,
            "defanged": st.booleans(),
        }
    else:
        base = {
            "type": st.just(type_name),
            "spec_version": st.just("2.1"),
            "id": identifiers(type_name),
        }
        common = {
            "created_by_ref": identifiers("identity"),
            "revoked": st.booleans(),
            "labels": lists(TEXT),
            "confidence": st.integers(0, 100),
            "lang": LANGS,
            "external_references": EXTERNAL_REFERENCES,
            "object_marking_refs": MARKING_REFS,
            "extensions": PROPERTY_EXTENSIONS,
        }
    mandatory = {**base, **required}
    choices = {k: v for k, v in {**common, **optional}.items() if k not in mandatory}
    strategy = st.fixed_dictionaries(mandatory, optional=choices)
    if custom:
        strategy = st.tuples(
            strategy, st.dictionaries(CUSTOM_NAMES, CUSTOM_VALUES, max_size=2)
        ).map(lambda pair: {**pair[1], **pair[0]})
    if not sco:
        strategy = st.tuples(strategy, ordered_timestamps(min_digits=3)).map(_versioned)
    return strategy


def _versioned(pair: tuple[Obj, tuple[str, str]]) -> Obj:
    obj, (created, modified) = pair
    return {**obj, "created": created, "modified": modified}


def _with(strategy: st.SearchStrategy[Obj], fix: Callable[[Obj, Any], Obj], extra: Any) -> Any:
    return st.tuples(strategy, extra).map(lambda pair: fix(*pair))


def _span(first: str, last: str, strictly: bool = False) -> Callable[[Obj, Any], Obj]:
    """Give an object an ordered pair of timestamps, half the time."""

    def fix(obj: Obj, extra: tuple[bool, tuple[str, str]]) -> Obj:
        present, (a, b) = extra
        return {**obj, first: a, last: b} if present else obj

    return fix


def spans(strictly: bool = False) -> st.SearchStrategy[tuple[bool, tuple[str, str]]]:
    return st.tuples(st.booleans(), ordered_timestamps(strictly=strictly))


def _located(obj: Obj) -> st.SearchStrategy[Obj]:
    """A location needs a region, a country, or latitude and longitude together."""
    coordinates = st.fixed_dictionaries(
        {"latitude": st.floats(-90, 90), "longitude": st.floats(-180, 180)},
        optional={"precision": st.floats(0, 1e6)},
    )
    if "region" in obj or "country" in obj:
        return st.one_of(st.just(obj), coordinates.map(lambda c: {**obj, **c}))
    return coordinates.map(lambda c: {**obj, **c})


SDO_STRATEGIES: dict[str, st.SearchStrategy[Obj]] = {
    "attack-pattern": _object(
        "attack-pattern",
        {"name": TEXT},
        {"description": TEXT, "aliases": lists(TEXT), "kill_chain_phases": KILL_CHAIN_PHASES},
    ),
    "campaign": _with(
        _object("campaign", {"name": TEXT}, {"aliases": lists(TEXT), "objective": TEXT}),
        _span("first_seen", "last_seen"),
        spans(),
    ),
    "course-of-action": _object("course-of-action", {"name": TEXT}, {"description": TEXT}),
    "grouping": _object(
        "grouping",
        {"context": WORDS, "object_refs": lists(identifiers("indicator", "malware", "file"))},
        {"name": TEXT, "description": TEXT},
    ),
    "identity": _object(
        "identity",
        {"name": TEXT},
        {
            "identity_class": st.sampled_from(["individual", "organization", "class"]),
            "sectors": lists(WORDS),
            "roles": lists(TEXT),
            "contact_information": TEXT,
        },
    ),
    "incident": _object("incident", {"name": TEXT}, {"description": TEXT}),
    "indicator": _with(
        _object(
            "indicator",
            {"pattern_type": st.just("stix")},
            {"name": TEXT, "indicator_types": lists(WORDS), "kill_chain_phases": KILL_CHAIN_PHASES},
        ),
        lambda obj, extra: {
            **obj,
            "pattern": extra[0],
            "valid_from": extra[1][1][0],
            **({"valid_until": extra[1][1][1]} if extra[1][0] else {}),
        },
        st.tuples(st.deferred(lambda: valid_patterns()), spans(strictly=True)),
    ),
    "infrastructure": _with(
        _object(
            "infrastructure",
            {"name": TEXT},
            {"infrastructure_types": lists(WORDS), "kill_chain_phases": KILL_CHAIN_PHASES},
        ),
        _span("first_seen", "last_seen"),
        spans(),
    ),
    "intrusion-set": _with(
        _object(
            "intrusion-set",
            {"name": TEXT},
            {"aliases": lists(TEXT), "goals": lists(TEXT), "resource_level": WORDS},
        ),
        _span("first_seen", "last_seen"),
        spans(),
    ),
    "location": _object(
        "location",
        {},
        {
            "name": TEXT,
            "region": WORDS,
            "country": st.sampled_from(["us", "fr", "iq", "sy"]),
            "city": TEXT,
        },
    ).flatmap(_located),
    "malware": _with(
        _object(
            "malware",
            {"is_family": st.booleans()},
            {
                "name": TEXT,
                "malware_types": lists(WORDS),
                "operating_system_refs": lists(sco_identifiers("software")),
                "sample_refs": lists(sco_identifiers("file")),
                "capabilities": lists(WORDS),
            },
        ).map(lambda obj: {**obj, "name": "family"} if obj["is_family"] else obj),
        _span("first_seen", "last_seen"),
        spans(),
    ),
    "malware-analysis": _object(
        "malware-analysis",
        {"product": WORDS, "result": st.sampled_from(["malicious", "benign", "unknown"])},
        {
            "analysis_sco_refs": lists(sco_identifiers("file")),
            "sample_ref": sco_identifiers("artifact"),
            "host_vm_ref": sco_identifiers("software"),
            "modules": lists(TEXT),
        },
    ),
    "note": _object(
        "note",
        {"content": TEXT, "object_refs": lists(identifiers("campaign", "report"))},
        {"abstract": TEXT, "authors": lists(TEXT)},
    ),
    "observed-data": _with(
        _object(
            "observed-data",
            {
                "number_observed": st.integers(1, 999_999_999),
                "object_refs": st.tuples(
                    sco_identifiers("ipv4-addr"), st.lists(identifiers("relationship"), max_size=2)
                ).map(lambda pair: [pair[0], *pair[1]]),
            },
            {},
        ),
        lambda obj, times: {**obj, "first_observed": times[0], "last_observed": times[1]},
        ordered_timestamps(),
    ),
    "opinion": _object(
        "opinion",
        {
            "opinion": st.sampled_from(
                ["strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"]
            ),
            "object_refs": lists(identifiers("report")),
        },
        {"explanation": TEXT, "authors": lists(TEXT)},
    ),
    "report": _object(
        "report",
        {
            "name": TEXT,
            "published": timestamps(),
            "object_refs": lists(identifiers("indicator", "malware", "relationship")),
        },
        {"description": TEXT, "report_types": lists(WORDS)},
    ),
    "threat-actor": _with(
        _object(
            "threat-actor",
            {"name": TEXT},
            {"threat_actor_types": lists(WORDS), "roles": lists(WORDS), "sophistication": WORDS},
        ),
        _span("first_seen", "last_seen"),
        spans(),
    ),
    "tool": _object("tool", {"name": TEXT}, {"tool_types": lists(WORDS), "tool_version": TEXT}),
    "vulnerability": _object("vulnerability", {"name": TEXT}, {"description": TEXT}),
    "relationship": _with(
        _object(
            "relationship",
            {
                "relationship_type": WORDS,
                "source_ref": identifiers("indicator", "malware", "campaign"),
                "target_ref": st.one_of(
                    identifiers("malware", "x-custom"), sco_identifiers("file")
                ),
            },
            {"description": TEXT},
        ),
        _span("start_time", "stop_time"),
        spans(strictly=True),
    ),
    "sighting": _with(
        _object(
            "sighting",
            {"sighting_of_ref": identifiers("indicator", "malware")},
            {
                "count": st.integers(0, 999_999_999),
                "where_sighted_refs": lists(identifiers("identity", "location")),
                "observed_data_refs": lists(identifiers("observed-data")),
                "summary": st.booleans(),
            },
        ),
        _span("first_seen", "last_seen"),
        spans(),
    ),
}


IPV4 = st.tuples(st.ip_addresses(v=4).map(str), st.none() | st.integers(0, 32)).map(
    lambda t: t[0] if t[1] is None else f"{t[0]}/{t[1]}"
)
IPV6 = st.ip_addresses(v=6).map(str)
DOMAINS = st.lists(
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True), min_size=2, max_size=4
).map(".".join)

SCO_STRATEGIES: dict[str, st.SearchStrategy[Obj]] = {
    "artifact": st.one_of(
        _object(
            "artifact",
            {"payload_bin": st.binary(max_size=20).map(lambda b: base64.b64encode(b).decode())},
            {"mime_type": TEXT, "hashes": HASHES},
            sco=True,
        ),
        _object(
            "artifact",
            {"url": st.just("https://example.com/a.bin"), "hashes": HASHES},
            {"encryption_algorithm": st.just("mime-type-indicated"), "decryption_key": TEXT},
            sco=True,
        ).filter(lambda o: "decryption_key" not in o or "encryption_algorithm" in o),
    ),
    "autonomous-system": _object(
        "autonomous-system",
        {"number": st.integers(0, 2**32)},
        {"name": TEXT, "rir": TEXT},
        sco=True,
    ),
    "directory": _object(
        "directory",
        {"path": TEXT},
        {"ctime": timestamps(), "contains_refs": lists(sco_identifiers("file"))},
        sco=True,
    ),
    "domain-name": _object(
        "domain-name",
        {"value": DOMAINS},
        {"resolves_to_refs": lists(sco_identifiers("ipv4-addr"))},
        sco=True,
    ),
    "email-addr": _object(
        "email-addr",
        {"value": st.tuples(WORDS, DOMAINS).map("@".join)},
        {"display_name": TEXT, "belongs_to_ref": sco_identifiers("user-account")},
        sco=True,
    ),
    "email-message": _object(
        "email-message",
        {"is_multipart": st.just(False)},
        {
            "subject": TEXT,
            "body": TEXT,
            "date": timestamps(),
            "from_ref": sco_identifiers("email-addr"),
            "to_refs": lists(sco_identifiers("email-addr")),
            "received_lines": lists(TEXT),
            "additional_header_fields": st.dictionaries(
                st.from_regex(r"X-[A-Za-z]{1,8}", fullmatch=True),
                lists(TEXT),
                min_size=1,
                max_size=2,
            ),
        },
        sco=True,
    ),
    "file": _object(
        "file",
        {"name": TEXT},
        {
            "hashes": HASHES,
            "size": st.integers(0, 2**40),
            "mime_type": TEXT,
            "magic_number_hex": st.binary(min_size=1, max_size=4).map(bytes.hex),
            "parent_directory_ref": sco_identifiers("directory"),
            "extensions": st.one_of(
                st.just({"ntfs-ext": {"sid": "S-1-5-21"}}),
                st.just({"pdf-ext": {"version": "1.7", "is_optimized": False}}),
                st.just({"windows-pebinary-ext": {"pe_type": "exe", "number_of_sections": 4}}),
                st.just(
                    {
                        "archive-ext": {
                            "contains_refs": ["file--e2e1a340-4415-4ba8-9671-f7343fbf0836"]
                        }
                    }
                ),
            ),
        },
        sco=True,
    ),
    "ipv4-addr": _object(
        "ipv4-addr",
        {"value": IPV4},
        {"belongs_to_refs": lists(sco_identifiers("autonomous-system"))},
        sco=True,
    ),
    "ipv6-addr": _object(
        "ipv6-addr",
        {"value": IPV6},
        {"resolves_to_refs": lists(sco_identifiers("mac-addr"))},
        sco=True,
    ),
    "mac-addr": _object(
        "mac-addr",
        {"value": st.binary(min_size=6, max_size=6).map(lambda b: ":".join(f"{x:02x}" for x in b))},
        {},
        sco=True,
    ),
    "mutex": _object("mutex", {"name": TEXT}, {}, sco=True),
    "network-traffic": _object(
        "network-traffic",
        {"protocols": lists(WORDS), "dst_ref": sco_identifiers("ipv4-addr")},
        {
            "src_ref": sco_identifiers("ipv6-addr"),
            "src_port": st.integers(0, 65535),
            "dst_port": st.integers(0, 65535),
            "src_byte_count": st.integers(0, 2**40),
            "is_active": st.just(True),
            "extensions": st.one_of(
                st.just({"http-request-ext": {"request_method": "get", "request_value": "/"}}),
                st.just({"tcp-ext": {"src_flags_hex": "00000002"}}),
                st.just({"icmp-ext": {"icmp_type_hex": "08", "icmp_code_hex": "00"}}),
                st.just(
                    {"socket-ext": {"address_family": "AF_INET", "options": {"SO_RCVBUF": 8192}}}
                ),
            ),
        },
        sco=True,
    ),
    "process": _object(
        "process",
        {"pid": st.integers(0, 2**31)},
        {
            "command_line": TEXT,
            "cwd": TEXT,
            "created_time": timestamps(),
            "environment_variables": st.dictionaries(
                st.from_regex(r"[A-Z_]{1,8}", fullmatch=True), TEXT, min_size=1, max_size=2
            ),
            "image_ref": sco_identifiers("file"),
            "extensions": st.one_of(
                st.just({"windows-process-ext": {"aslr_enabled": True, "integrity_level": "high"}}),
                st.just(
                    {
                        "windows-service-ext": {
                            "service_name": "sirvizio",
                            "start_type": "SERVICE_AUTO_START",
                        }
                    }
                ),
            ),
        },
        sco=True,
    ),
    "software": _object(
        "software",
        {"name": TEXT},
        {
            "vendor": TEXT,
            "version": TEXT,
            "languages": lists(LANGS),
            "cpe": st.just("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*"),
        },
        sco=True,
    ),
    "url": _object("url", {"value": DOMAINS.map(lambda d: f"https://{d}/x")}, {}, sco=True),
    "user-account": _object(
        "user-account",
        {"user_id": TEXT},
        {
            "account_login": TEXT,
            "account_type": WORDS,
            "is_privileged": st.booleans(),
            "account_created": timestamps(),
            "extensions": st.just({"unix-account-ext": {"gid": 1001, "groups": ["wheel"]}}),
        },
        sco=True,
    ),
    "windows-registry-key": _object(
        "windows-registry-key",
        {"key": st.just("HKEY_LOCAL_MACHINE\\System\\Foo")},
        {
            "values": lists(
                st.fixed_dictionaries(
                    {"name": TEXT}, optional={"data": TEXT, "data_type": st.just("REG_SZ")}
                )
            ),
            "number_of_subkeys": st.integers(0, 100),
        },
        sco=True,
    ),
    "x509-certificate": _object(
        "x509-certificate",
        {"serial_number": TEXT},
        {
            "issuer": TEXT,
            "is_self_signed": st.booleans(),
            "hashes": HASHES,
            "subject_public_key_exponent": st.integers(0, 65537),
        },
        sco=True,
    ),
}

TLP1 = TLP1_MARKINGS
TLP2 = TLP2_MARKINGS


def _tlp1(color: str) -> Obj:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP1[color],
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "name": f"TLP:{color.upper()}",
        "definition": {"tlp": color},
    }


def _tlp2(level: str) -> Obj:
    marking_id, name = TLP2[level]
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id,
        "created": "2022-10-01T00:00:00.000Z",
        "name": name,
        "extensions": {
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                "extension_type": "property-extension",
                "tlp_2_0": level,
            }
        },
    }


META_STRATEGIES: dict[str, st.SearchStrategy[Obj]] = {
    "marking-definition": st.one_of(
        st.sampled_from(sorted(TLP1)).map(_tlp1),
        st.sampled_from(sorted(TLP2)).map(_tlp2),
        st.fixed_dictionaries(
            {
                "type": st.just("marking-definition"),
                "spec_version": st.just("2.1"),
                "id": identifiers("marking-definition"),
                "created": timestamps(3),
                "definition_type": st.just("statement"),
                "definition": TEXT.map(lambda text: {"statement": text}),
            },
            optional={"name": TEXT, "created_by_ref": identifiers("identity")},
        ),
    ),
    "language-content": _object(
        "language-content",
        {
            "object_ref": identifiers("campaign", "indicator"),
            "contents": st.dictionaries(
                LANGS, st.dictionaries(st.just("name"), TEXT, min_size=1), min_size=1
            ),
        },
        {"object_modified": timestamps()},
    ).map(lambda o: {k: v for k, v in o.items() if k != "lang"}),
    "extension-definition": _object(
        "extension-definition",
        {
            "created_by_ref": identifiers("identity"),
            "name": TEXT,
            "schema": TEXT,
            "version": st.just("1.0.0"),
            "extension_types": lists(st.sampled_from(["property-extension", "new-sdo", "new-sco"])),
        },
        {"description": TEXT},
    ).map(lambda o: {k: v for k, v in o.items() if k not in ("lang", "extensions")}),
}

CUSTOM_STRATEGIES: dict[str, st.SearchStrategy[Obj]] = {
    "x-acme-widget": st.fixed_dictionaries(
        {"type": st.just("x-acme-widget"), "id": identifiers("x-acme-widget")},
        optional={"x_acme_color": TEXT, "spec_version": st.just("2.1")},
    ),
    "new-sdo": _object("acme-gadget", {"gadget_name": TEXT}, {}).map(
        lambda obj: {
            **obj,
            "extensions": {
                "extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62": {
                    "extension_type": "new-sdo"
                }
            },
        }
    ),
}

STRATEGIES: dict[str, st.SearchStrategy[Obj]] = {
    **SDO_STRATEGIES,
    **SCO_STRATEGIES,
    **META_STRATEGIES,
    **CUSTOM_STRATEGIES,
}


def valid_objects(type_name: str | None = None) -> st.SearchStrategy[Obj]:
    if type_name is not None:
        return STRATEGIES[type_name]
    return st.sampled_from(sorted(STRATEGIES)).flatmap(lambda name: STRATEGIES[name])


# ---------------------------------------------------------------------------------------
# Patterns

SCO_TYPES_IN_PATTERNS = st.sampled_from(
    ["file", "ipv4-addr", "domain-name", "url", "process", "x-usb-device", "network-traffic"]
)
_PROPERTY = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: name not in ("true", "false", "hashes")
)


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


PATTERN_STRINGS = st.text(alphabet=string.ascii_letters + "0123456789 .-_%'\\/é@", max_size=10).map(
    _quote
)
_QUOTED_KEYS = st.text(alphabet="abcXYZ-_. '\\", min_size=1, max_size=6).map(_quote)
_STEPS = st.lists(
    st.one_of(
        _PROPERTY.map(lambda p: "." + p),
        _QUOTED_KEYS.map(lambda k: "." + k),
        st.integers(0, 9).map(lambda i: f"[{i}]"),
        st.just("[*]"),
    ),
    max_size=2,
).map("".join)
OBJECT_PATHS = st.tuples(SCO_TYPES_IN_PATTERNS, _PROPERTY, _STEPS).map(
    lambda t: f"{t[0]}:{t[1]}{t[2]}"
)
INTEGERS = st.integers(-(2**53) + 1, 2**53 - 1).map(str)
FLOATS = st.tuples(st.integers(-999, 999), st.integers(0, 999)).map(lambda t: f"{t[0]}.{t[1]}")
HEXES = st.binary(max_size=6).map(lambda b: f"h'{b.hex()}'")
BINARIES = st.binary(min_size=1, max_size=9).map(
    lambda b: "b'" + base64.b64encode(b).decode() + "'"
)
PATTERN_TIMESTAMPS = timestamps().map(lambda t: f"t'{t}'")
ORDERABLE = st.one_of(PATTERN_STRINGS, INTEGERS, FLOATS, HEXES, BINARIES, PATTERN_TIMESTAMPS)


def _sets() -> st.SearchStrategy[str]:
    kinds = [
        PATTERN_STRINGS,
        INTEGERS,
        HEXES,
        PATTERN_TIMESTAMPS,
        st.sampled_from(["true", "false"]),
    ]
    return st.one_of(*(st.lists(kind, max_size=3) for kind in kinds)).map(
        lambda items: "(" + ", ".join(items) + ")"
    )


def _not() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "NOT "])


VALID_COMPARISONS = st.one_of(
    st.tuples(
        OBJECT_PATHS,
        _not(),
        st.sampled_from(["=", "!=", "==", "<>"]),
        st.one_of(ORDERABLE, st.sampled_from(["true", "false"])),
    ).map(lambda t: f"{t[0]} {t[1]}{t[2]} {t[3]}"),
    st.tuples(OBJECT_PATHS, _not(), st.sampled_from(["<", ">", "<=", ">="]), ORDERABLE).map(
        lambda t: f"{t[0]} {t[1]}{t[2]} {t[3]}"
    ),
    st.tuples(OBJECT_PATHS, _not(), _sets()).map(lambda t: f"{t[0]} {t[1]}IN {t[2]}"),
    st.tuples(OBJECT_PATHS, _not(), st.sampled_from(["LIKE", "MATCHES"]), PATTERN_STRINGS).map(
        lambda t: f"{t[0]} {t[1]}{t[2]} {t[3]}"
    ),
    st.tuples(_not(), st.sampled_from(["ISSUBSET", "ISSUPERSET"]), IPV4).map(
        lambda t: f"ipv4-addr:value {t[0]}{t[1]} '{t[2]}'"
    ),
    st.tuples(_not(), st.sampled_from(["ISSUBSET", "ISSUPERSET"]), IPV6).map(
        lambda t: f"network-traffic:dst_ref.value {t[0]}{t[1]} '{t[2]}'"
    ),
    OBJECT_PATHS.map(lambda p: f"EXISTS {p}"),
    MD5.map(lambda h: f"file:hashes.MD5 = '{h}'"),
    SHA256.map(lambda h: f"file:hashes.'SHA-256' != '{h}'"),
)


def _comparison_expressions(leaf: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" AND ", " OR "]), inner).map("".join),
            inner.map(lambda e: f"({e})"),
        ),
        max_leaves=4,
    )


_QUALIFIERS = st.dictionaries(
    st.sampled_from(["WITHIN", "REPEATS", "START"]),
    st.none(),
    max_size=2,
).flatmap(
    lambda kinds: st.tuples(
        *[
            {
                "WITHIN": st.one_of(
                    st.integers(1, 10**6).map(str),
                    FLOATS.filter(lambda f: float(f) > 0 and not f.startswith("-")),
                ).map(lambda v: f" WITHIN {v} SECONDS"),
                "REPEATS": st.integers(1, 99).map(lambda v: f" REPEATS {v} TIMES"),
                "START": ordered_timestamps().map(lambda ts: f" START t'{ts[0]}' STOP t'{ts[1]}'"),
            }[kind]
            for kind in kinds
        ]
    ).map("".join)
)


def _patterns_from(comparison: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    observation = st.tuples(_comparison_expressions(comparison), _QUALIFIERS).map(
        lambda t: f"[{t[0]}]{t[1]}"
    )
    return st.recursive(
        observation,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" AND ", " OR ", " FOLLOWEDBY "]), inner).map(
                "".join
            ),
            st.tuples(inner, _QUALIFIERS).map(lambda t: f"({t[0]}){t[1]}"),
        ),
        max_leaves=3,
    )


def valid_patterns() -> st.SearchStrategy[str]:
    return _patterns_from(VALID_COMPARISONS)


# Each broken comparison or qualifier, by the name of what is wrong with it.
BROKEN_COMPARISONS: dict[str, st.SearchStrategy[str]] = {
    "bad-escape": st.just(r"file:name = 'a\nb'"),
    "odd-hex": st.just("file:magic_number_hex = h'abc'"),
    "bad-base64": st.just("artifact:payload_bin = b'QUJ'"),
    "negative-index": st.just("file:x[-1].y = 1"),
    "ordering-a-boolean": st.just("file:size > true"),
    "leading-zeros": st.just("file:size = 007"),
    "hyphen-in-property": st.just("file:a-b = 1"),
    "bad-md5": st.just("file:hashes.MD5 = 'abc'"),
    "lowercase-keyword": st.just("file:name = 'a' and file:size = 1"),
    "missing-value": st.just("file:name ="),
    "unterminated-string": st.just("file:name = 'abc"),
    "uppercase-type": st.just("File:name = 'a'"),
    "sdo-type": st.just("indicator:name = 'a'"),
    "mixed-set": st.just("file:name IN ('a', 1)"),
    "issubset-not-an-ip": st.just("ipv4-addr:value ISSUBSET 'nope'"),
    "like-on-hash": st.just("file:hashes.MD5 LIKE '%8f00%'"),
    "hash-in-set": st.just("file:hashes.MD5 IN ('d41d8cd98f00b204e9800998ecf8427e')"),
    "integer-too-large": st.just("file:size = 9007199254740993"),
}
BROKEN_QUALIFIERS: dict[str, str] = {
    "within-zero": " WITHIN 0 SECONDS",
    "repeats-zero": " REPEATS 0 TIMES",
    "february-30": " START t'2016-02-30T00:00:00Z' STOP t'2016-03-01T00:00:00Z'",
    "duplicate-qualifier": " WITHIN 5 SECONDS WITHIN 6 SECONDS",
    "start-without-stop": " START t'2016-02-01T00:00:00Z'",
}


BROKEN_PATTERN_KINDS = sorted(
    [*BROKEN_COMPARISONS, *BROKEN_QUALIFIERS, "duplicate-qualifier-on-group", "unbalanced"]
)


@st.composite
def broken_pattern(draw: st.DrawFn, kind: str) -> str:
    """A valid pattern with one part broken as `kind` says."""
    valid = draw(valid_patterns())
    if kind in BROKEN_COMPARISONS:
        broken = draw(BROKEN_COMPARISONS[kind])
        other = draw(_comparison_expressions(VALID_COMPARISONS))
        return draw(
            st.sampled_from([f"[{broken}] AND {valid}", f"{valid} OR [{other} AND {broken}]"])
        )
    if kind in BROKEN_QUALIFIERS:
        return f"[file:name = 'a']{BROKEN_QUALIFIERS[kind]} FOLLOWEDBY {valid}"
    if kind == "duplicate-qualifier-on-group":
        return f"({valid}) REPEATS 2 TIMES REPEATS 3 TIMES"
    return valid + "]"


@st.composite
def broken_patterns(draw: st.DrawFn) -> tuple[str, str]:
    """A valid pattern with one broken part, and the name of what is broken."""
    kind = draw(st.sampled_from(BROKEN_PATTERN_KINDS))
    return draw(broken_pattern(kind)), kind


# ---------------------------------------------------------------------------------------
# Broken objects

Mutation = Callable[[Obj, st.DrawFn], Obj | None]
"""Break one rule of a valid object; None when the mutation does not apply to it."""

MUTATIONS: dict[str, Mutation] = {}
DEFAULTED = {"id", "created", "modified", "spec_version", "valid_from"}
"""Required properties that stix2 fills in with a default when they are missing."""


def mutation(name: str) -> Callable[[Mutation], Mutation]:
    def register(function: Mutation) -> Mutation:
        MUTATIONS[name] = function
        return function

    return register


def _structure(obj: Obj) -> Any:
    return OBJECTS.get(obj["type"]) or custom_object(obj["type"], "")


def _sdo_like(obj: Obj) -> bool:
    return "created" in obj and obj["type"] != "marking-definition"


@mutation("drop-required-property")
def _drop_required(obj: Obj, draw: st.DrawFn) -> Obj | None:
    names = [n for n in _structure(obj).required if n not in DEFAULTED and n != "type"]
    if not names:
        return None
    name = draw(st.sampled_from(names))
    return {k: v for k, v in obj.items() if k != name}


@mutation("drop-defaulted-property")
def _drop_defaulted(obj: Obj, draw: st.DrawFn) -> Obj | None:
    # stix2 would default valid_from to now, which may fall after valid_until.
    names = [
        n
        for n in _structure(obj).required
        if n in DEFAULTED and not (n == "valid_from" and "valid_until" in obj)
    ]
    if not names or obj["type"] not in OBJECTS or obj["type"] == "marking-definition":
        return None
    name = draw(st.sampled_from(names))
    return {k: v for k, v in obj.items() if k != name}


@mutation("id-of-another-type")
def _other_id(obj: Obj, draw: st.DrawFn) -> Obj | None:
    return (
        {**obj, "id": "campaign--" + obj["id"].split("--", 1)[1]}
        if obj["type"] != "campaign"
        else None
    )


@mutation("id-with-bad-uuid-variant")
def _bad_variant(obj: Obj, draw: st.DrawFn) -> Obj | None:
    prefix, uuid = obj["id"].split("--", 1)
    return {**obj, "id": f"{prefix}--{uuid[:19]}{draw(st.sampled_from('0123cdef'))}{uuid[20:]}"}


@mutation("bad-created")
def _bad_created(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if "created" not in obj:
        return None
    bad = draw(
        st.sampled_from(
            [
                "2016-13-01T00:00:00.000Z",
                "2016-05-12T08:17:27.000+00:00",
                "2016-02-30T00:00:00.000Z",
                "yesterday",
            ]
        )
    )
    return {**obj, "created": bad}


@mutation("modified-before-created")
def _modified_first(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS:
        return None
    return {**obj, "created": "2030-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z"}


@mutation("created-without-milliseconds")
def _seconds_only(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS:
        return None
    return {**obj, "created": "2016-01-01T00:00:00Z", "modified": "2016-01-01T00:00:00Z"}


@mutation("sub-microsecond-timestamps")
def _nanoseconds(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS:
        return None
    stamp = "2016-01-01T00:00:00.123456789Z"
    return {**obj, "created": stamp, "modified": stamp}


def _optional(obj: Obj, names: list[str]) -> list[str]:
    """Names whose absence leaves the object valid: stix2 reads [] and null as absent."""
    return [n for n in names if not validate({k: v for k, v in obj.items() if k != n})]


@mutation("empty-list")
def _empty_list(obj: Obj, draw: st.DrawFn) -> Obj | None:
    names = _optional(
        obj, [n for n, v in obj.items() if type(v) is list and n in _structure(obj).checks]
    )
    if not names:
        return None
    return {**obj, draw(st.sampled_from(names)): []}


@mutation("confidence-out-of-range")
def _confidence(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS:
        return None
    return {**obj, "confidence": draw(st.sampled_from([-1, 101, 1000]))}


@mutation("string-property-holds-a-number")
def _number_name(obj: Obj, draw: st.DrawFn) -> Obj | None:
    names = [
        n for n in ("name", "description", "content", "subject") if n in obj and type(obj[n]) is str
    ]
    if not names or obj["type"] not in OBJECTS:
        return None
    return {**obj, draw(st.sampled_from(names)): draw(st.integers(0, 99))}


@mutation("created-by-not-identity")
def _created_by(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS:
        return None
    return {**obj, "created_by_ref": "malware--e2e1a340-4415-4ba8-9671-f7343fbf0836"}


@mutation("marking-ref-not-marking")
def _marking_ref(obj: Obj, draw: st.DrawFn) -> Obj | None:
    return {**obj, "object_marking_refs": ["identity--e2e1a340-4415-4ba8-9671-f7343fbf0836"]}


@mutation("external-reference-without-details")
def _bare_reference(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS:
        return None
    return {**obj, "external_references": [{"source_name": "acme"}]}


@mutation("custom-property-capitalized")
def _capitalized(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if obj["type"] not in OBJECTS:
        return None
    return {**obj, "X_acme": 1}


@mutation("custom-property-with-hyphen")
def _hyphenated(obj: Obj, draw: st.DrawFn) -> Obj | None:
    return {**obj, "x-acme-score": 1}


@mutation("reserved-property")
def _reserved(obj: Obj, draw: st.DrawFn) -> Obj | None:
    return {**obj, draw(st.sampled_from(["severity", "username", "phone_number"])): "x"}


@mutation("bad-lang")
def _bad_lang(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS or obj["type"] == "language-content":
        return None
    return {**obj, "lang": draw(st.sampled_from(["english!", "en_US", "e"]))}


@mutation("custom-extension-on-sdo")
def _custom_extension(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if not _sdo_like(obj) or obj["type"] not in OBJECTS or obj["type"] == "extension-definition":
        return None
    return {**obj, "extensions": {"x-acme-ext": {"x_score": 1}}}


@mutation("extension-without-type")
def _untyped_extension(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if obj["type"] not in OBJECTS or obj["type"] == "extension-definition":
        return None
    return {**obj, "extensions": {EXTENSION_ID: {"rank": 5}}}


@mutation("extension-definition-bad-id")
def _bad_extension_id(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if obj["type"] == "extension-definition":
        return None
    return {
        **obj,
        "extensions": {"extension-definition--1234": {"extension_type": "property-extension"}},
    }


@mutation("null-property")
def _null(obj: Obj, draw: st.DrawFn) -> Obj | None:
    if obj["type"] not in OBJECTS:
        return None
    structure = _structure(obj)
    known = {*structure.leaves, *structure.checks}
    names = _optional(obj, [n for n in obj if n in known])
    if not names:
        return None
    return {**obj, draw(st.sampled_from(names)): None}


@dataclass(frozen=True)
class _Specific:
    """A mutation of objects of some types only."""

    types: tuple[str, ...]
    change: Callable[[Obj], Obj | None]

    def __call__(self, obj: Obj, draw: st.DrawFn) -> Obj | None:
        return self.change(copy.deepcopy(obj)) if obj["type"] in self.types else None


_specific = _Specific


def mutation_types(kind: str) -> list[str]:
    """The strategies (by key) whose objects mutation `kind` applies to."""
    found = MUTATIONS[kind]
    return list(found.types) if isinstance(found, _Specific) else sorted(STRATEGIES)


def _set(**changes: Any) -> Callable[[Obj], Obj]:
    return lambda obj: {**obj, **changes}


def _drop(*names: str) -> Callable[[Obj], Obj]:
    return lambda obj: {k: v for k, v in obj.items() if k not in names}


SPECIFIC: set[str] = set()
SEEN = ("campaign", "infrastructure", "intrusion-set", "malware", "threat-actor", "sighting")
_SPECIFIC_MUTATIONS: dict[str, Mutation] = {
    "valid-until-not-after-valid-from": _specific(
        ("indicator",), lambda o: {**o, "valid_until": o["valid_from"]}
    ),
    "pattern-unclosed": _specific(("indicator",), lambda o: {**o, "pattern": o["pattern"] + "["}),
    "pattern-bad-hash": _specific(("indicator",), _set(pattern="[file:hashes.'SHA-256' = 'abc']")),
    "last-seen-before-first-seen": _specific(
        SEEN, _set(first_seen="2030-01-01T00:00:00Z", last_seen="2020-01-01T00:00:00Z")
    ),
    "latitude-out-of-range": _specific(("location",), _set(latitude=91.0, longitude=0.0)),
    "latitude-without-longitude": _specific(
        ("location",), lambda o: {**_drop("longitude", "precision")(o), "latitude": 1.0}
    ),
    "family-without-name": _specific(
        ("malware",), lambda o: {**_drop("name")(o), "is_family": True}
    ),
    "malware-analysis-without-result": _specific(
        ("malware-analysis",), _drop("result", "analysis_sco_refs")
    ),
    "count-out-of-range": _specific(("sighting",), _set(count=1_000_000_000)),
    "sighting-of-sco": _specific(
        ("sighting",), _set(sighting_of_ref="file--e2e1a340-4415-4ba8-9671-f7343fbf0836")
    ),
    "source-is-marking": _specific(("relationship",), _set(source_ref=TLP1["white"])),
    "relationship-type-uppercase": _specific(
        ("relationship",), _set(relationship_type="Indicates")
    ),
    "number-observed-zero": _specific(("observed-data",), _set(number_observed=0)),
    "opinion-not-in-enum": _specific(("opinion",), _set(opinion="maybe")),
    "file-bad-md5": _specific(("file",), _set(hashes={"MD5": "abc"})),
    "file-negative-size": _specific(("file",), _set(size=-1)),
    "file-without-name-or-hashes": _specific(("file",), _drop("name", "hashes")),
    "empty-ntfs-ext": _specific(("file",), _set(extensions={"ntfs-ext": {}})),
    "port-out-of-range": _specific(("network-traffic",), _set(dst_port=65536)),
    "traffic-without-endpoints": _specific(("network-traffic",), _drop("src_ref", "dst_ref")),
    "multipart-with-body": _specific(("email-message",), _set(is_multipart=True, body="hi")),
    "payload-and-url": _specific(
        ("artifact",),
        _set(
            payload_bin="AQID",
            url="https://x.example/a",
            hashes={"MD5": "d41d8cd98f00b204e9800998ecf8427e"},
        ),
    ),
    "ipv4-not-an-address": _specific(("ipv4-addr",), _set(value="198.51.100.256")),
    "ipv6-not-an-address": _specific(("ipv6-addr",), _set(value="2001:db8::g")),
    "mac-uppercase": _specific(
        ("mac-addr",), lambda o: {**o, "value": o["value"].upper().replace("0", "A")}
    ),
    "domain-with-space": _specific(("domain-name",), _set(value="bad domain.example")),
    "url-without-scheme": _specific(("url",), _set(value="example.com/a")),
    "email-with-display-name": _specific(("email-addr",), _set(value="John <john@example.com>")),
    "tlp1-wrong-id": _specific(
        ("marking-definition",),
        lambda o: {
            **_drop("extensions")(o),
            "created": "2017-01-20T00:00:00.000Z",
            "definition_type": "tlp",
            "definition": {"tlp": "amber"},
            "id": "marking-definition--e2e1a340-4415-4ba8-9671-f7343fbf0836",
        },
    ),
    "extension-types-not-in-enum": _specific(
        ("extension-definition",), _set(extension_types=["new-thing"])
    ),
    "language-content-bad-key": _specific(
        ("language-content",), _set(contents={"en!": {"name": "x"}})
    ),
    "custom-type-invalid-name": _specific(
        ("x-acme-widget",),
        lambda o: {**o, "type": "X_Widget", "id": "X_Widget--" + o["id"].split("--")[1]},
    ),
    "registry-without-properties": _specific(
        ("windows-registry-key",), _drop("key", "values", "number_of_subkeys")
    ),
    "user-account-without-properties": _specific(
        ("user-account",),
        lambda o: {
            k: v
            for k, v in o.items()
            if k in ("type", "id", "spec_version", "defanged", "object_marking_refs")
        },
    ),
}
MUTATIONS.update(_SPECIFIC_MUTATIONS)
SPECIFIC.update(_SPECIFIC_MUTATIONS)


@st.composite
def broken_objects(draw: st.DrawFn) -> tuple[Obj, str]:
    """A valid object with one mutation applied, and the mutation's name.

    Mutations are tried in a random order until one applies to the object drawn; half
    the time those particular to its type go first, since they are few.
    """
    obj = draw(valid_objects())
    shuffle = draw(st.randoms(use_true_random=False)).shuffle
    generic, specific = sorted(set(MUTATIONS) - SPECIFIC), sorted(SPECIFIC)
    shuffle(generic)
    shuffle(specific)
    order = [*specific, *generic] if draw(st.booleans()) else [*generic, *specific]
    for kind in order:
        broken = MUTATIONS[kind](obj, draw)
        if broken is not None:
            return broken, kind
    raise AssertionError("marking-ref-not-marking applies to every object")
