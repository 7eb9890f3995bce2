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


def _example_cases() -> dict[str, tuple[Disagreement, object]]:
    """Disagreements shown on one concrete object each, beyond the generated mutations."""
    from tests.unit.stix.examples import MD5, example, ident

    tlp2_red = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        "created": "2022-10-01T00:00:00.000Z",
        "name": "TLP:RED",
        "extensions": {
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                "extension_type": "property-extension",
                "tlp_2_0": "red",
            }
        },
    }
    extension = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
    d = Disagreement
    return {
        "uuid-without-hyphens": (
            d(
                "an identifier whose UUID lacks its hyphens (or has braces)",
                True,
                False,
                "2.9",
                "stix2 parses the UUID with uuid.UUID, which takes such forms",
            ),
            example("identity", id="identity--e2e1a34044154ba89671f7343fbf0836"),
        ),
        "selector-into-list-item": (
            d(
                "a granular marking selector into a list item's property "
                "(external_references.[0].source_name)",
                False,
                True,
                "7.2.3",
                "stix2 does not descend into nested objects when it resolves selectors; the "
                "spec gives this very selector as an example",
            ),
            example(
                "identity",
                external_references=[{"source_name": "a", "url": "https://a.example"}],
                granular_markings=[
                    {"lang": "en", "selectors": ["external_references.[0].source_name"]}
                ],
            ),
        ),
        "selector-of-false-value": (
            d(
                "a granular marking selector of a property whose value is false or 0",
                False,
                True,
                "7.2.3",
                "stix2 treats falsy values as absent when it resolves selectors",
            ),
            example(
                "identity",
                revoked=False,
                granular_markings=[{"lang": "en", "selectors": ["revoked"]}],
            ),
        ),
        "socket-option-without-prefix": (
            d(
                "a socket-ext option key without an SO_, IP_, TCP_… prefix",
                False,
                True,
                "6.12.4",
                "option names are a SHOULD; stix2 enforces a list of prefixes",
            ),
            example(
                "network-traffic",
                extensions={
                    "socket-ext": {"address_family": "AF_INET", "options": {"keepalive": 1}}
                },
            ),
        ),
        "end-without-is-active": (
            d(
                "network-traffic with end but without is_active",
                False,
                True,
                "6.12.1",
                "is_active MUST be false when present with end; stix2 also requires its presence",
            ),
            example("network-traffic", start="2016-01-01T00:00:00Z", end="2016-01-01T00:01:00Z"),
        ),
        "pebinary-only-pe-type": (
            d(
                "windows-pebinary-ext with nothing but pe_type",
                True,
                False,
                "6.7.6",
                "it MUST contain a property other than pe_type; stix2 counts pe_type",
            ),
            example("file", extensions={"windows-pebinary-ext": {"pe_type": "exe"}}),
        ),
        "predefined-extension-on-other-type": (
            d(
                "a predefined extension on a type it does not extend (tcp-ext on file)",
                True,
                False,
                "3.10, 6.12.5",
                "stix2 looks extensions up by name, whatever the object",
            ),
            example("file", extensions={"tcp-ext": {"src_flags_hex": "00"}}),
        ),
        "custom-definition-type": (
            d(
                "a marking definition of a definition_type other than tlp or statement",
                False,
                True,
                "7.2.1",
                "definition_type is an open vocabulary; stix2 knows only tlp and statement",
            ),
            example(
                "marking-definition", definition_type="acme-caveat", definition={"caveat": "NOFORN"}
            ),
        ),
        "tlp2-wrong-id": (
            d(
                "a TLP 2.0 marking whose id or name is not the one its level has",
                True,
                False,
                "7.3 (TLP 2.0 extension)",
                "stix2 does not know the TLP 2.0 extension definition",
            ),
            tlp2_red,
        ),
        "relationship-to-extension-definition": (
            d(
                "a relationship whose source or target is an extension definition",
                True,
                False,
                "5.1.2",
                "source_ref and target_ref MUST be SDOs or SCOs; stix2 rules out only "
                "SROs, bundles, language content and marking definitions",
            ),
            example("relationship", target_ref=ident("extension-definition")),
        ),
        "sighting-of-marking-definition": (
            d(
                "a sighting of a meta object (sighting_of_ref to a marking definition)",
                True,
                False,
                "5.2.1",
                "sighting_of_ref MUST reference an SDO; stix2 rules out only SCOs and SROs",
            ),
            example("sighting", sighting_of_ref=ident("marking-definition")),
        ),
        "new-sdo-on-predefined-type": (
            d(
                "extension_type new-sdo, new-sco or new-sro on a predefined object type",
                True,
                False,
                "7.3",
                "extensions MUST NOT redefine the predefined object types",
            ),
            example("identity", extensions={extension: {"extension_type": "new-sdo"}}),
        ),
        "extension-property-name": (
            d(
                "an extension property name outside a-z, 0-9 and _ (Rank)",
                True,
                False,
                "7.3.2",
                "stix2 does not look inside extensions it has no class for",
            ),
            example(
                "identity",
                extensions={extension: {"extension_type": "property-extension", "Rank": 5}},
            ),
        ),
        "decryption-key-without-algorithm": (
            d(
                "an artifact with decryption_key but no encryption_algorithm",
                True,
                False,
                "6.1.1",
                "stix2 does not check the dependency",
            ),
            example("artifact", decryption_key="infected"),
        ),
        "enc-without-original": (
            d(
                "name_enc without name (path_enc without path)",
                True,
                False,
                "3.1",
                "stix2 does not check the dependency",
            ),
            example("file", name=None, name_enc="windows-1252", hashes={"MD5": MD5}),
        ),
        "capec-and-cve-id-form": (
            d(
                "an external reference to capec or cve whose external_id is not CAPEC-n or "
                "CVE-yyyy-n",
                True,
                False,
                "4.1.1, 4.19.1",
                "stix2 does not check the id form",
            ),
            example(
                "attack-pattern",
                external_references=[{"source_name": "capec", "external_id": "163"}],
            ),
        ),
        "registry-hive-abbreviated": (
            d(
                "a registry key whose hive is abbreviated (HKLM)",
                True,
                False,
                "6.17.1",
                "the hive MUST be fully expanded; stix2 takes any key",
            ),
            example("windows-registry-key", key="HKLM\\System\\Foo"),
        ),
        "observed-only-relationships": (
            d(
                "observed-data whose object_refs hold no SCO",
                True,
                False,
                "4.14.1",
                "object_refs MUST contain at least one SCO reference",
            ),
            example("observed-data", object_refs=[ident("relationship")]),
        ),
        "value-formats-elsewhere": (
            d(
                "other values with a format the spec prescribes: software languages and cpe, "
                "header field lists, language-content translations",
                True,
                False,
                "6.14.1, 6.6.1, 7.1.1",
                "stix2 takes any string or dictionary value there",
            ),
            example("software", languages=["en_US"], cpe="cpe:/a:microsoft:word"),
        ),
        "empty-x509-v3-extensions": (
            d(
                "x509_v3_extensions without any property",
                True,
                False,
                "6.18.2",
                "it MUST contain at least one property",
            ),
            example("x509-certificate", x509_v3_extensions={}),
        ),
        "container-local-references": (
            d(
                "a reference between SCOs of a deprecated observable container by local key "
                '(src_ref: "0")',
                False,
                True,
                "2.13",
                "references inside the container are its keys; stix2 checks them as identifiers",
            ),
            example(
                "observed-data",
                object_refs=None,
                objects={
                    "0": {"type": "ipv4-addr", "value": "198.51.100.3"},
                    "1": {"type": "network-traffic", "src_ref": "0", "protocols": ["tcp"]},
                },
            ),
        ),
        "bundle": (
            d(
                "a bundle",
                True,
                False,
                "8",
                "a bundle is not a STIX Object; the hub validates the objects it carries",
            ),
            {"type": "bundle", "id": ident("bundle"), "objects": [example("identity")]},
        ),
    }


EXAMPLE_DISAGREEMENTS = _example_cases()

PATTERN_EXAMPLE_DISAGREEMENTS: dict[str, tuple[Disagreement, str]] = {
    "base64-with-line-feed": (
        Disagreement(
            "a binary constant with a line feed in its base64",
            False,
            True,
            "9.2",
            "line feeds in base64 MUST be supported and ignored; the grammar has none",
        ),
        "[artifact:payload_bin = b'AQID\nBAUG']",
    ),
}
