"""Where allyhub and the oracles (stix2, stix2-patterns) disagree, and why the spec sides
with allyhub. Each entry is keyed by the name of a mutation in strategies.py; the
differential tests expect exactly the verdicts recorded here for those mutations, and
agreement for all others. docs/stix-validation.md renders this table for people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Disagreement:
    case: str
    oracle_valid: bool
    allyhub_valid: bool
    section: str
    why: str


OBJECT_DISAGREEMENTS: dict[str, Disagreement] = {
    # stix2 fills in defaults for required properties that are missing.
    "drop-defaulted-property": Disagreement(
        "a required id, created, modified, spec_version or valid_from is missing",
        True,
        False,
        "3.2, 4.7.1",
        "stix2 generates a default (a new id, the current time, 2.1); a consumer must not "
        "invent the producer's identifiers and times",
    ),
    "modified-before-created": Disagreement(
        "modified is earlier than created",
        True,
        False,
        "3.2",
        "stix2 does not compare the two timestamps",
    ),
    "created-without-milliseconds": Disagreement(
        "created or modified without millisecond precision (…:27Z)",
        True,
        False,
        "3.2",
        "stix2 pads the precision instead of rejecting; the spec says the minimum precision "
        "MUST be milliseconds",
    ),
    "sub-microsecond-timestamps": Disagreement(
        "timestamps with more than 6 fractional digits",
        False,
        True,
        "2.16",
        "stix2 parses with strptime's %f, which stops at microseconds; the spec allows any "
        "number of sub-second digits",
    ),
    "empty-list": Disagreement(
        "an optional list property is []",
        True,
        False,
        "2.12",
        "stix2 drops empty lists as if absent; empty lists are prohibited",
    ),
    "null-property": Disagreement(
        "a defined property is null",
        True,
        False,
        "2, 3.2",
        "stix2 drops null values as if absent; null is not a value of any STIX type",
    ),
    "confidence-out-of-range": Disagreement(
        "confidence outside 0-100",
        True,
        False,
        "3.2",
        "stix2 declares confidence as an integer without bounds",
    ),
    "string-property-holds-a-number": Disagreement(
        "a string property holds a number",
        True,
        False,
        "2.15",
        "stix2 converts any value with str(); likewise it converts integers with int() and "
        "booleans from 't', '1', 'true'",
    ),
    "custom-property-with-hyphen": Disagreement(
        "a custom property name with a hyphen (x-acme-score)",
        True,
        False,
        "11.1.1",
        "stix2 only requires custom property names to start with a-z",
    ),
    "reserved-property": Disagreement(
        "a reserved property name (severity, username, phone_number, action)",
        True,
        False,
        "3.8",
        "stix2 accepts reserved names as custom properties",
    ),
    "bad-lang": Disagreement(
        "lang is not an RFC 5646 language tag",
        True,
        False,
        "3.2",
        "stix2 takes any string",
    ),
    "custom-extension-on-sdo": Disagreement(
        "a deprecated custom extension (x-…-ext) on an SDO, SRO or meta object",
        True,
        False,
        "11.3, 3.2",
        "custom object extensions are for SCOs only; stix2 takes any extension key",
    ),
    "extension-without-type": Disagreement(
        "an extension-definition extension without extension_type",
        True,
        False,
        "3.2",
        "stix2 does not look inside extensions it has no class for; extension_type MUST be "
        "present when the extension facility is used",
    ),
    "relationship-type-uppercase": Disagreement(
        "relationship_type with characters other than a-z, 0-9 and hyphen",
        True,
        False,
        "5.1.2",
        "stix2 takes any string",
    ),
    "ipv4-not-an-address": Disagreement(
        "ipv4-addr value is not an IPv4 address or CIDR block",
        True,
        False,
        "6.8.1",
        "stix2 takes any string as an SCO value",
    ),
    "ipv6-not-an-address": Disagreement(
        "ipv6-addr value is not an IPv6 address or CIDR block",
        True,
        False,
        "6.9.1",
        "stix2 takes any string as an SCO value",
    ),
    "mac-uppercase": Disagreement(
        "mac-addr value not lowercase colon-delimited MAC-48",
        True,
        False,
        "6.10.1",
        "stix2 takes any string as an SCO value",
    ),
    "domain-with-space": Disagreement(
        "domain-name value is not a domain name",
        True,
        False,
        "6.4.1",
        "stix2 takes any string as an SCO value",
    ),
    "url-without-scheme": Disagreement(
        "url value without a scheme",
        True,
        False,
        "6.15.1",
        "stix2 takes any string as an SCO value",
    ),
    "email-with-display-name": Disagreement(
        "email-addr value includes a display name",
        True,
        False,
        "6.5.1",
        "stix2 takes any string as an SCO value",
    ),
    "registry-without-properties": Disagreement(
        "windows-registry-key with no property of its own",
        True,
        False,
        "6.17",
        "stix2 does not check that at least one property is present",
    ),
    "user-account-without-properties": Disagreement(
        "user-account with no property of its own",
        True,
        False,
        "6.16",
        "stix2 does not check that at least one property is present",
    ),
    "custom-object": Disagreement(
        "an invalid object of a custom type (bad type name, id, timestamps, properties)",
        True,
        False,
        "11.2.1, 7.3",
        "with allow_custom=True stix2 returns objects of unknown types unvalidated",
    ),
}

PATTERN_DISAGREEMENTS: dict[str, Disagreement] = {
    "within-zero": Disagreement(
        "WITHIN 0 SECONDS", True, False, "9.5.1", "x MUST be a positive number"
    ),
    "repeats-zero": Disagreement(
        "REPEATS 0 TIMES", True, False, "9.5.1", "x MUST be a positive integer"
    ),
    "february-30": Disagreement(
        "a timestamp constant that is not a calendar date (t'2016-02-30T…')",
        True,
        False,
        "9.2, 2.16",
        "the grammar checks ranges of digits only",
    ),
    "duplicate-qualifier-on-group": Disagreement(
        "two qualifiers of one kind on a parenthesized group",
        True,
        False,
        "9.5.1",
        "stix2-patterns only counts qualifiers on bracketed observation expressions",
    ),
    "uppercase-type": Disagreement(
        "an object type that is not a valid type name (File)",
        True,
        False,
        "9.7, 3.1",
        "the grammar takes any identifier",
    ),
    "sdo-type": Disagreement(
        "an object path on an SDO type (indicator:name)",
        True,
        False,
        "9.7",
        "patterns match SCOs; the grammar takes any identifier",
    ),
    "mixed-set": Disagreement(
        "an IN set mixing constant types ('a', 1)",
        True,
        False,
        "9.6.1",
        "set values MUST be of one data type",
    ),
    "issubset-not-an-ip": Disagreement(
        "ISSUBSET/ISSUPERSET with a string that is not an IP block",
        True,
        False,
        "9.6.1",
        "b MUST be a valid string representation of an ipv4-addr or ipv6-addr",
    ),
    "integer-too-large": Disagreement(
        "an integer constant beyond ±(2**53 - 1)",
        True,
        False,
        "2.10",
        "pattern integers have the range of section 2",
    ),
    "like-on-hash": Disagreement(
        "LIKE or MATCHES on a hash (file:hashes.MD5 LIKE '%8f00%')",
        False,
        True,
        "9.6.1",
        "stix2-patterns checks every constant compared with a hash as a hash, although "
        "LIKE and MATCHES take a pattern",
    ),
    "hash-in-set": Disagreement(
        "IN on a hash (file:hashes.MD5 IN ('d41d…'))",
        False,
        True,
        "9.6.1",
        "stix2-patterns checks the whole set text as one hash value",
    ),
}
