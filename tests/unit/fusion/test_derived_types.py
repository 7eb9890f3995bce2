"""The fusion worker reads the bodies of `DERIVED_FROM`'s types only: every other type
must yield no name, value or place, whatever properties it carries."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from allyhub.fusion.correlation import coordinates, values_of
from allyhub.fusion.entities import named
from allyhub.service.fusion import DERIVED_FROM

STIX_TYPES = """
    attack-pattern campaign course-of-action grouping identity incident indicator
    infrastructure intrusion-set location malware malware-analysis note observed-data
    opinion report threat-actor tool vulnerability relationship sighting
    marking-definition language-content extension-definition artifact autonomous-system
    directory domain-name email-addr email-message file ipv4-addr ipv6-addr mac-addr mutex
    network-traffic process software url user-account windows-registry-key
    x509-certificate x-allyhub-decision allyhub-link-decision x-custom-thing
""".split()

# Every property any reader of fusion looks at, each with a value it would take.
EVERYTHING: dict[str, Any] = {
    "name": "Qasem Soleimani",
    "aliases": ["Касем Сулеймани"],
    "x_aliases": ["قاسم سليماني"],
    "identity_class": "individual",
    "country": "IR",
    "value": "198.51.100.7",
    "hashes": {"SHA-256": "a" * 64},
    "pattern_type": "stix",
    "pattern": "[ipv4-addr:value = '198.51.100.7']",
    "latitude": 33.5,
    "longitude": 36.3,
}


@given(st.sampled_from(STIX_TYPES), st.sets(st.sampled_from(sorted(EVERYTHING))))
def test_types_left_out_yield_nothing(object_type: str, properties: set[str]) -> None:
    obj = {"type": object_type, "id": f"{object_type}--1"} | {
        key: EVERYTHING[key] for key in properties
    }
    derived = (named(obj), values_of(obj), coordinates(obj))
    if object_type not in DERIVED_FROM:
        assert derived == (None, [], None)


def test_each_type_read_yields_something_given_its_properties() -> None:
    """The list holds nothing the readers ignore: each type read gives a name, a value or
    a place when it has every property."""
    for object_type in DERIVED_FROM:
        obj = {"type": object_type, "id": f"{object_type}--1"} | EVERYTHING
        assert named(obj) or values_of(obj) or coordinates(obj), object_type
