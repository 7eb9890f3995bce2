"""Table tests: one broken rule per case, the Problem's path and a useful message."""

from __future__ import annotations

from typing import Any

import pytest

from allyhub.stix import Problem, validate
from tests.unit.stix.examples import EXAMPLES, LATER, MD5, T, example, ident, sco_id

TLP_WHITE = {
    "type": "marking-definition",
    "spec_version": "2.1",
    "id": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "created": "2017-01-20T00:00:00.000Z",
    "definition_type": "tlp",
    "name": "TLP:WHITE",
    "definition": {"tlp": "white"},
}
TLP2_AMBER_STRICT = {
    "type": "marking-definition",
    "spec_version": "2.1",
    "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "created": "2022-10-01T00:00:00.000Z",
    "name": "TLP:AMBER+STRICT",
    "extensions": {
        "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
            "extension_type": "property-extension",
            "tlp_2_0": "amber+strict",
        }
    },
}
EXTENSION = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_validate_accepts_the_example_of_every_type(type_name: str) -> None:
    assert validate(EXAMPLES[type_name]) == []


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param(TLP_WHITE, id="tlp1-white"),
        pytest.param(TLP2_AMBER_STRICT, id="tlp2-amber-strict"),
        pytest.param(
            example("indicator", x_acme_score=7, x_acme_tags=["a"]), id="custom-properties"
        ),
        pytest.param(
            example(
                "indicator",
                extensions={EXTENSION: {"extension_type": "property-extension", "rank": 5}},
            ),
            id="property-extension",
        ),
        pytest.param(
            example(
                "indicator",
                rank=5,
                extensions={EXTENSION: {"extension_type": "toplevel-property-extension"}},
            ),
            id="toplevel-property-extension",
        ),
        pytest.param(
            {
                "type": "my-favorite-sdo",
                "spec_version": "2.1",
                "id": ident("my-favorite-sdo"),
                "created": T,
                "modified": T,
                "name": "This is the name of my favorite",
                "some_property_name1": "value1",
                "extensions": {EXTENSION: {"extension_type": "new-sdo"}},
            },
            id="new-sdo-object",
        ),
        pytest.param(
            {"type": "x-usb-device", "id": ident("x-usb-device"), "serial_number": "575833"},
            id="deprecated-custom-object",
        ),
        pytest.param(
            example("file", extensions={"x-acme-forensics-ext": {"entropy_bits": 7}}),
            id="deprecated-custom-sco-extension",
        ),
        pytest.param(example("network-traffic", end=LATER, start=T), id="end-without-is-active"),
        pytest.param(
            example(
                "indicator",
                created="2016-05-12T08:17:27.0000001Z",
                modified="2016-05-12T08:17:27.0000001Z",
            ),
            id="sub-microsecond-timestamps",
        ),
        pytest.param(
            example(
                "indicator",
                granular_markings=[
                    {"selectors": ["name", "indicator_types.[0]"], "lang": "en"},
                    {
                        "selectors": ["external_references.[0].source_name"],
                        "marking_ref": TLP_WHITE["id"],
                    },
                ],
                external_references=[{"source_name": "acme", "url": "https://acme.example"}],
            ),
            id="granular-markings",
        ),
        pytest.param(
            example("ipv4-addr", id="ipv4-addr--e2e1a340-4415-4ba8-9671-f7343fbf0836"),
            id="sco-with-uuid4",
        ),
        pytest.param(example("ipv4-addr", spec_version=None), id="sco-without-spec-version"),
        pytest.param(
            example("location", latitude=None, longitude=None, precision=None, region="asia"),
            id="location-by-region",
        ),
    ],
)
def test_validate_accepts_valid_stix(obj: dict[str, Any]) -> None:
    assert validate(obj) == []


CASES = [
    # (object, path, fragment of the rule)
    pytest.param("not an object", "", "JSON object", id="not-a-dict"),
    pytest.param({"id": ident("indicator")}, "type", "must be present", id="no-type"),
    pytest.param(
        {"type": "bundle", "id": ident("bundle"), "objects": []}, "type", "container", id="bundle"
    ),
    pytest.param({"type": "X_Thing", "id": "x"}, "type", "custom type", id="bad-custom-type"),
    pytest.param(example("identity", id=None), "id", "must be present", id="sdo-without-id"),
    pytest.param(
        example("identity", id=ident("indicator")),
        "id",
        "start with identity--",
        id="id-of-another-type",
    ),
    pytest.param(
        example("identity", id="identity--e2e1a340-4415-4ba8-1671-f7343fbf0836"),
        "id",
        "RFC 4122",
        id="id-with-wrong-uuid-variant",
    ),
    pytest.param(
        example("identity", id="identity--e2e1a34044154ba89671f7343fbf0836"),
        "id",
        "RFC 4122",
        id="id-without-hyphens",
    ),
    pytest.param(
        example("identity", spec_version="2.0"), "spec_version", '"2.1"', id="spec-version-2.0"
    ),
    pytest.param(
        example("identity", spec_version=None),
        "spec_version",
        "must be present",
        id="sdo-without-spec-version",
    ),
    pytest.param(
        example("identity", created="2016-05-12T08:17:27+00:00"),
        "created",
        "RFC 3339",
        id="timestamp-with-offset",
    ),
    pytest.param(
        example("identity", created="2016-05-12T08:17:27Z"),
        "created",
        "millisecond",
        id="created-without-milliseconds",
    ),
    pytest.param(
        example("identity", modified="2016-05-11T08:17:27.000Z"),
        "modified",
        "later than or equal to created",
        id="modified-before-created",
    ),
    pytest.param(
        example("identity", confidence=101), "confidence", "0 to 100", id="confidence-101"
    ),
    pytest.param(
        example("identity", confidence=True), "confidence", "integer", id="confidence-bool"
    ),
    pytest.param(example("identity", lang="english!"), "lang", "RFC 5646", id="bad-lang"),
    pytest.param(example("identity", labels=[]), "labels", "non-empty list", id="empty-labels"),
    pytest.param(
        example("identity", labels=["a", 5]), "labels[1]", "string", id="label-not-string"
    ),
    pytest.param(example("identity", name=5), "name", "must be a string", id="name-not-string"),
    pytest.param(example("identity", name=None), "name", "must be present", id="identity-no-name"),
    pytest.param(
        example("identity", created_by_ref=ident("malware")),
        "created_by_ref",
        "of type identity",
        id="created-by-malware",
    ),
    pytest.param(
        example("identity", object_marking_refs=[ident("identity")]),
        "object_marking_refs[0]",
        "marking-definition",
        id="marking-ref-to-identity",
    ),
    pytest.param(
        example("identity", external_references=[{"source_name": "acme"}]),
        "external_references[0]",
        "at least one of description, url, external_id",
        id="external-reference-only-source",
    ),
    pytest.param(
        example("identity", external_references=[{"url": "https://x.example"}]),
        "external_references[0].source_name",
        "must be present",
        id="external-reference-without-source",
    ),
    pytest.param(
        example(
            "identity",
            external_references=[
                {"source_name": "a", "url": "https://x.example", "hashes": {"SHA256": "x"}}
            ],
        ),
        "external_references[0].hashes.SHA256",
        "hash-algorithm-ov",
        id="external-reference-custom-hash",
    ),
    pytest.param(
        example(
            "attack-pattern", external_references=[{"source_name": "capec", "external_id": "163"}]
        ),
        "external_references[0].external_id",
        "CAPEC-163",
        id="capec-id-form",
    ),
    pytest.param(
        example(
            "vulnerability", external_references=[{"source_name": "cve", "external_id": "2016-1"}]
        ),
        "external_references[0].external_id",
        "CVE",
        id="cve-id-form",
    ),
    pytest.param(
        example("tool", kill_chain_phases=[{"kill_chain_name": "lmco"}]),
        "kill_chain_phases[0].phase_name",
        "must be present",
        id="kill-chain-phase-without-phase",
    ),
    pytest.param(
        example("identity", granular_markings=[{"selectors": ["name"]}]),
        "granular_markings[0]",
        "exactly one of lang or marking_ref",
        id="granular-marking-neither",
    ),
    pytest.param(
        example(
            "identity",
            granular_markings=[
                {"selectors": ["name"], "lang": "en", "marking_ref": TLP_WHITE["id"]}
            ],
        ),
        "granular_markings[0]",
        "exactly one of lang or marking_ref",
        id="granular-marking-both",
    ),
    pytest.param(
        example("identity", granular_markings=[{"selectors": ["description"], "lang": "en"}]),
        "granular_markings[0].selectors[0]",
        "selects nothing",
        id="selector-of-absent-property",
    ),
    pytest.param(
        example("identity", granular_markings=[{"selectors": ["sectors.[3]"], "lang": "en"}]),
        "granular_markings[0].selectors[0]",
        "selects nothing",
        id="selector-index-out-of-range",
    ),
    pytest.param(
        example("identity", granular_markings=[{"selectors": ["sectors[0]"], "lang": "en"}]),
        "granular_markings[0].selectors[0]",
        "must be a selector",
        id="selector-without-dot",
    ),
    pytest.param(example("identity", defanged=True), "defanged", "only SCOs", id="defanged-on-sdo"),
    pytest.param(example("identity", action="x"), "action", "reserved", id="reserved-action"),
    pytest.param(
        example("identity", severity="high"), "severity", "reserved", id="reserved-severity"
    ),
    pytest.param(
        example("identity", **{"x-acme": 1}),
        "x-acme",
        "custom property name",
        id="custom-property-with-hyphen",
    ),
    pytest.param(example("identity", xy=1), "xy", "3 to 250", id="custom-property-too-short"),
    pytest.param(
        example("identity", Name="x"), "Name", "did you mean name?", id="capitalized-name"
    ),
    pytest.param(
        example("identity", extensions={}),
        "extensions",
        "non-empty dictionary",
        id="empty-extensions",
    ),
    pytest.param(
        example("identity", extensions={"x-acme-ext": {"a_b": 1}}),
        "extensions.x-acme-ext",
        "is not an extension of identity",
        id="custom-extension-on-sdo",
    ),
    pytest.param(
        example(
            "identity", extensions={"extension-definition--1234": {"extension_type": "new-sdo"}}
        ),
        "extensions.extension-definition--1234",
        "extension-definition--<UUID>",
        id="extension-definition-bad-uuid",
    ),
    pytest.param(
        example("identity", extensions={EXTENSION: {"rank": 5}}),
        f"extensions.{EXTENSION}.extension_type",
        "must be present",
        id="extension-without-type",
    ),
    pytest.param(
        example("identity", extensions={EXTENSION: {"extension_type": "new-sdo"}}),
        f"extensions.{EXTENSION}.extension_type",
        "must not redefine",
        id="new-sdo-on-predefined-type",
    ),
    pytest.param(
        example("identity", extensions={EXTENSION: {"extension_type": "other"}}),
        f"extensions.{EXTENSION}.extension_type",
        "extension-type-enum",
        id="bad-extension-type",
    ),
    pytest.param(
        example("indicator", valid_until="2016-05-12T08:17:27.000Z"),
        "valid_until",
        "later than valid_from",
        id="indicator-valid_until-equal-valid_from",
    ),
    pytest.param(
        example("indicator", valid_until="2016-01-01T00:00:00.000Z"),
        "valid_until",
        "later than valid_from",
        id="indicator-valid_until-before-valid_from",
    ),
    pytest.param(
        example("indicator", valid_from=None),
        "valid_from",
        "must be present",
        id="indicator-without-valid_from",
    ),
    pytest.param(
        example("indicator", pattern="[ipv4-addr:value = '1.2.3.4'"),
        "pattern",
        "expected ']'",
        id="indicator-bad-pattern",
    ),
    pytest.param(
        example("indicator", pattern="[file:hashes.MD5 = 'nope']"),
        "pattern",
        "MD5",
        id="indicator-pattern-bad-hash",
    ),
    pytest.param(
        example("campaign", last_seen="2016-01-01T00:00:00.000Z"),
        "last_seen",
        "later than or equal to first_seen",
        id="campaign-last-seen-first",
    ),
    pytest.param(
        example("location", longitude=None, precision=None, region="europe"),
        "longitude",
        "latitude is",
        id="latitude-without-longitude",
    ),
    pytest.param(
        example("location", latitude=90.5), "latitude", "-90.0 to 90.0", id="latitude-90.5"
    ),
    pytest.param(
        example("location", longitude=float("nan")),
        "longitude",
        "-180.0 to 180.0",
        id="longitude-nan",
    ),
    pytest.param(
        example("location", latitude=None, longitude=None, region="europe"),
        "precision",
        "latitude and longitude",
        id="precision-alone",
    ),
    pytest.param(
        example("malware", name=None), "name", "is_family is true", id="malware-family-without-name"
    ),
    pytest.param(
        example("malware", is_family=None),
        "is_family",
        "must be present",
        id="malware-without-is-family",
    ),
    pytest.param(
        example("malware", sample_refs=[ident("indicator")]),
        "sample_refs[0]",
        "artifact or file",
        id="malware-sample-is-indicator",
    ),
    pytest.param(
        example("malware-analysis", result=None, analysis_sco_refs=None),
        "",
        "at least one of result, analysis_sco_refs",
        id="malware-analysis-without-result",
    ),
    pytest.param(
        example("malware-analysis", analysis_sco_refs=[ident("indicator")]),
        "analysis_sco_refs[0]",
        "of an SCO",
        id="analysis-sco-is-sdo",
    ),
    pytest.param(
        example("observed-data", number_observed=0),
        "number_observed",
        "1 to 999999999",
        id="observed-zero-times",
    ),
    pytest.param(
        example("observed-data", objects={"0": {"type": "ipv4-addr", "value": "1.2.3.4"}}),
        "",
        "exactly one of objects or object_refs",
        id="observed-objects-and-refs",
    ),
    pytest.param(
        example("observed-data", object_refs=[ident("relationship")]),
        "object_refs",
        "at least one SCO",
        id="observed-only-relationships",
    ),
    pytest.param(
        example("observed-data", object_refs=None, objects={"0": {"type": "file"}}),
        "objects.0",
        "at least one of hashes, name",
        id="container-sco-checked",
    ),
    pytest.param(
        example(
            "observed-data",
            object_refs=None,
            objects={
                "0": {"type": "file", "name": "a"},
                "1": {"type": "network-traffic", "src_ref": "0", "protocols": ["tcp"]},
            },
        ),
        "objects.1.src_ref",
        "not of type file",
        id="container-local-reference-of-wrong-type",
    ),
    pytest.param(example("opinion", opinion="maybe"), "opinion", "opinion-enum", id="opinion-enum"),
    pytest.param(
        example("report", object_refs=None),
        "object_refs",
        "must be present",
        id="report-without-object-refs",
    ),
    pytest.param(
        example("relationship", relationship_type="Indicates"),
        "relationship_type",
        "lowercase",
        id="relationship-type-uppercase",
    ),
    pytest.param(
        example("relationship", target_ref=TLP_WHITE["id"]),
        "target_ref",
        "SDO or SCO",
        id="relationship-to-marking",
    ),
    pytest.param(
        example("relationship", stop_time=T, start_time=T),
        "stop_time",
        "later than start_time",
        id="relationship-stop-equals-start",
    ),
    pytest.param(
        example("sighting", count=1_000_000_000),
        "count",
        "0 to 999999999",
        id="sighting-count-too-big",
    ),
    pytest.param(
        example("sighting", count=-1), "count", "0 to 999999999", id="sighting-count-negative"
    ),
    pytest.param(
        example("sighting", sighting_of_ref=sco_id("ipv4-addr")),
        "sighting_of_ref",
        "an SDO",
        id="sighting-of-sco",
    ),
    pytest.param(
        example("sighting", where_sighted_refs=[ident("malware")]),
        "where_sighted_refs[0]",
        "identity or location",
        id="sighted-where-malware",
    ),
    pytest.param(
        example("artifact", url="https://x.example/a", hashes={"MD5": MD5}),
        "",
        "exactly one of payload_bin or url",
        id="artifact-payload-and-url",
    ),
    pytest.param(
        example("artifact", payload_bin=None, url="https://x.example/a"),
        "hashes",
        "when url is",
        id="artifact-url-without-hashes",
    ),
    pytest.param(
        example("artifact", payload_bin="a$b="), "payload_bin", "base64", id="artifact-bad-base64"
    ),
    pytest.param(
        example("artifact", decryption_key="secret"),
        "encryption_algorithm",
        "when decryption_key is",
        id="decryption-key-without-algorithm",
    ),
    pytest.param(
        example("file", hashes=None, name=None),
        "",
        "at least one of hashes, name",
        id="file-without-hashes-or-name",
    ),
    pytest.param(example("file", size=-1), "size", "at least 0", id="file-negative-size"),
    pytest.param(
        example("file", hashes={"MD5": "abc"}), "hashes.MD5", "32 hexadecimal", id="file-bad-md5"
    ),
    pytest.param(
        example("file", hashes={"sha256": MD5}),
        "hashes.sha256",
        "SHA-256",
        id="file-bad-sha256-spelled-lowercase",
    ),
    pytest.param(
        example("file", hashes={"ab": MD5}), "hashes.ab", "3 to 250", id="file-hash-key-too-short"
    ),
    pytest.param(
        example("file", name_enc="windows-1252", name=None, hashes={"MD5": MD5}),
        "name",
        "when name_enc is",
        id="name-enc-without-name",
    ),
    pytest.param(
        example("file", magic_number_hex="abc"), "magic_number_hex", "even number", id="odd-hex"
    ),
    pytest.param(
        example("file", extensions={"ntfs-ext": {}}),
        "extensions.ntfs-ext",
        "at least one of sid, alternate_data_streams",
        id="empty-ntfs-ext",
    ),
    pytest.param(
        example("file", extensions={"windows-pebinary-ext": {"pe_type": "exe"}}),
        "extensions.windows-pebinary-ext",
        "at least one of imphash",
        id="pebinary-only-pe-type",
    ),
    pytest.param(
        example("file", extensions={"tcp-ext": {"src_flags_hex": "00"}}),
        "extensions.tcp-ext",
        "predefined extension of network-traffic",
        id="tcp-ext-on-file",
    ),
    pytest.param(
        example("file", extensions={"archive-ext": {"contains_refs": [ident("indicator")]}}),
        "extensions.archive-ext.contains_refs[0]",
        "directory or file",
        id="archive-of-indicator",
    ),
    pytest.param(
        example("file", extensions={"raster-image-ext": {"exif_tags": {"Make": 1.5}}}),
        "extensions.raster-image-ext.exif_tags.Make",
        "integer or a string",
        id="exif-float",
    ),
    pytest.param(example("ipv4-addr", value="198.51.100.256"), "value", "IPv4", id="ipv4-256"),
    pytest.param(example("ipv4-addr", value="10.2.4.5/33"), "value", "IPv4", id="ipv4-prefix-33"),
    pytest.param(
        example("ipv6-addr", value="2001:db8::/129"), "value", "IPv6", id="ipv6-prefix-129"
    ),
    pytest.param(
        example("mac-addr", value="D2:FB:49:24:37:18"), "value", "lowercase", id="mac-uppercase"
    ),
    pytest.param(
        example("domain-name", value="-bad-.example"),
        "value",
        "domain name",
        id="domain-hyphen-edges",
    ),
    pytest.param(
        example("url", value="example.com/a b"), "value", "scheme", id="url-without-scheme"
    ),
    pytest.param(
        example("email-addr", value="John <john@example.com>"),
        "value",
        "display name",
        id="email-with-display-name",
    ),
    pytest.param(
        example("email-message", body="Hi"),
        "body",
        "is_multipart is true",
        id="multipart-with-body",
    ),
    pytest.param(
        example("email-message", body_multipart=[{"content_type": "text/plain"}]),
        "body_multipart[0]",
        "at least one of body, body_raw_ref",
        id="mime-part-without-body",
    ),
    pytest.param(
        example("email-message", additional_header_fields={"X-Mailer": "Mutt"}),
        "additional_header_fields.X-Mailer",
        "non-empty list",
        id="header-field-not-list",
    ),
    pytest.param(
        example("network-traffic", dst_port=65536), "dst_port", "0 to 65535", id="port-65536"
    ),
    pytest.param(
        example("network-traffic", src_ref=None, dst_ref=None),
        "",
        "at least one of src_ref, dst_ref",
        id="traffic-without-endpoints",
    ),
    pytest.param(
        example("network-traffic", is_active=True, end=T),
        "end",
        "is_active is true",
        id="active-traffic-with-end",
    ),
    pytest.param(
        example("network-traffic", protocols=None),
        "protocols",
        "must be present",
        id="traffic-without-protocols",
    ),
    pytest.param(
        example("network-traffic", extensions={"socket-ext": {"address_family": "AF_FOO"}}),
        "extensions.socket-ext.address_family",
        "network-socket-address-family-enum",
        id="socket-family-enum",
    ),
    pytest.param(
        example("network-traffic", extensions={"http-request-ext": {"request_method": "get"}}),
        "extensions.http-request-ext.request_value",
        "must be present",
        id="http-without-value",
    ),
    pytest.param(
        example("process", pid=None, command_line=None, extensions=None),
        "",
        "a process must have at least one",
        id="empty-process",
    ),
    pytest.param(
        example("process", extensions={"windows-process-ext": {"integrity_level": "max"}}),
        "extensions.windows-process-ext.integrity_level",
        "windows-integrity-level-enum",
        id="integrity-level-enum",
    ),
    pytest.param(
        example("software", languages=["english!"]),
        "languages[0]",
        "RFC 5646",
        id="software-language",
    ),
    pytest.param(example("software", cpe="cpe:/a:microsoft:word"), "cpe", "CPE 2.3", id="cpe-2.2"),
    pytest.param(
        example("user-account", user_id=None, account_login=None, extensions=None),
        "",
        "at least one",
        id="empty-user-account",
    ),
    pytest.param(
        example("windows-registry-key", key="HKLM\\System\\Foo"),
        "key",
        "HKEY_LOCAL_MACHINE",
        id="registry-hive-abbreviated",
    ),
    pytest.param(
        example("windows-registry-key", values=[{"data_type": "REG_FOO"}]),
        "values[0].data_type",
        "windows-registry-datatype-enum",
        id="registry-datatype",
    ),
    pytest.param(
        example("x509-certificate", x509_v3_extensions={}),
        "x509_v3_extensions",
        "at least one",
        id="empty-x509-v3-extensions",
    ),
    pytest.param(
        example("x509-certificate", issuer=None, serial_number=None, x509_v3_extensions=None),
        "",
        "at least one",
        id="empty-certificate",
    ),
    pytest.param(
        example("autonomous-system", number="15139"), "number", "integer", id="as-number-string"
    ),
    pytest.param(
        example("ipv4-addr", defanged="yes"), "defanged", "true or false", id="defanged-not-bool"
    ),
    pytest.param(
        example("language-content", contents={"english!": {"name": "x"}}),
        "contents.english!",
        "RFC 5646",
        id="language-content-bad-tag",
    ),
    pytest.param(
        example("language-content", contents={"de": "Bank Angriff"}),
        "contents.de",
        "non-empty dictionary",
        id="language-content-not-dict",
    ),
    pytest.param(
        example("marking-definition", definition=None),
        "definition",
        "when extensions is not",
        id="marking-without-definition",
    ),
    pytest.param(
        example("marking-definition", definition={"statement": 5}),
        "definition",
        '{"statement": "<text>"}',
        id="statement-not-string",
    ),
    pytest.param(
        {**TLP_WHITE, "id": ident("marking-definition")},
        "id",
        "the one TLP:WHITE",
        id="tlp1-white-wrong-id",
    ),
    pytest.param(
        {**TLP_WHITE, "created": T},
        "created",
        "2017-01-20T00:00:00.000Z",
        id="tlp1-white-wrong-created",
    ),
    pytest.param(
        {**TLP_WHITE, "definition": {"tlp": "clear"}},
        "definition",
        '"green", "amber" or "red"',
        id="tlp1-clear",
    ),
    pytest.param(
        {**TLP2_AMBER_STRICT, "id": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"},
        "id",
        "the one TLP:AMBER+STRICT",
        id="tlp2-wrong-id",
    ),
    pytest.param(
        {**TLP2_AMBER_STRICT, "name": "TLP:AMBER"},
        "name",
        "TLP:AMBER+STRICT",
        id="tlp2-wrong-name",
    ),
    pytest.param(
        {**TLP_WHITE, "object_marking_refs": [TLP_WHITE["id"]]},
        "object_marking_refs",
        "itself",
        id="marking-marks-itself",
    ),
    pytest.param(
        example("extension-definition", created_by_ref=None),
        "created_by_ref",
        "must be present",
        id="extension-definition-without-creator",
    ),
    pytest.param(
        example("extension-definition", extension_types=["new-thing"]),
        "extension_types[0]",
        "extension-type-enum",
        id="extension-definition-bad-type",
    ),
    pytest.param(
        example("extension-definition", extension_properties=["rank"]),
        "extension_properties",
        "toplevel-property-extension",
        id="extension-properties-without-toplevel",
    ),
    pytest.param(
        {"type": "x-widget", "id": ident("x-widget"), "created": "yesterday"},
        "created",
        "RFC 3339",
        id="custom-object-bad-created",
    ),
    pytest.param(
        {"type": "x-widget", "id": ident("x-thing")},
        "id",
        "start with x-widget--",
        id="custom-object-id-of-other-type",
    ),
    pytest.param(
        {
            "type": "x-widget",
            "id": ident("x-widget"),
            "created": T,
            "modified": T,
            "extensions": {EXTENSION: {"extension_type": "new-sdo"}},
        },
        "spec_version",
        "must be present",
        id="new-sdo-without-spec-version",
    ),
]


@pytest.mark.parametrize(("obj", "path", "fragment"), CASES)
def test_validate_names_the_property_and_the_fix(obj: Any, path: str, fragment: str) -> None:
    problems = validate(obj)
    assert [problem.path for problem in problems] == [path], problems
    assert fragment in problems[0].rule
    assert "STIX 2.1 §" in problems[0].rule


def test_problem_str_prefixes_the_path() -> None:
    assert str(Problem("created", "must be a timestamp")) == "created: must be a timestamp"
    assert str(Problem("", "must be a JSON object")) == "must be a JSON object"


def test_validate_reports_every_problem_at_once() -> None:
    obj = example("indicator", confidence=101, lang="??", labels=[], pattern_type=None)
    assert {problem.path for problem in validate(obj)} == {
        "confidence",
        "lang",
        "labels",
        "pattern_type",
    }


def test_validate_does_not_change_the_object() -> None:
    obj = example("indicator", confidence=101)
    before = repr(obj)
    validate(obj)
    assert repr(obj) == before


def test_validate_reports_keys_that_are_not_strings() -> None:
    problems = validate({**example("identity"), 7: "x"})
    assert problems == [Problem("7", "must be named by a string (STIX 2.1 §3.1)")]


def test_validate_survives_deep_nesting_in_a_container() -> None:
    deep: Any = "x"
    for _ in range(5000):
        deep = {"x_deep": deep}
    objects = {"0": {"type": "file", "name": "a", "x_payload": deep}}
    assert validate(example("observed-data", object_refs=None, objects=objects)) == []
