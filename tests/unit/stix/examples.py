"""One valid object of every STIX 2.1 type, for table tests to break one rule at a time."""

from __future__ import annotations

import copy
from typing import Any

T = "2016-05-12T08:17:27.000Z"
LATER = "2016-06-01T00:00:00.000Z"


def ident(type_name: str, n: int = 1) -> str:
    return f"{type_name}--{n:08x}-4415-4ba8-9671-f7343fbf0836"


def sco_id(type_name: str, n: int = 1) -> str:
    return f"{type_name}--{n:08x}-4415-5ba8-9671-f7343fbf0836"


def _sdo(type_name: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": type_name,
        "spec_version": "2.1",
        "id": ident(type_name),
        "created": T,
        "modified": T,
        **properties,
    }


def _sco(type_name: str, **properties: Any) -> dict[str, Any]:
    return {"type": type_name, "spec_version": "2.1", "id": sco_id(type_name), **properties}


MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

EXAMPLES: dict[str, dict[str, Any]] = {
    "attack-pattern": _sdo(
        "attack-pattern",
        name="Spear Phishing",
        external_references=[{"source_name": "capec", "external_id": "CAPEC-163"}],
        kill_chain_phases=[{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}],
    ),
    "campaign": _sdo("campaign", name="Green Group Attacks", first_seen=T, last_seen=LATER),
    "course-of-action": _sdo("course-of-action", name="Add TCP port 80 filter"),
    "grouping": _sdo(
        "grouping",
        name="Suspicious",
        context="suspicious-activity",
        object_refs=[ident("indicator")],
    ),
    "identity": _sdo(
        "identity", name="ACME", identity_class="organization", sectors=["technology"]
    ),
    "incident": _sdo("incident", name="Breach"),
    "indicator": _sdo(
        "indicator",
        name="Bad IP",
        indicator_types=["malicious-activity"],
        pattern="[ipv4-addr:value = '198.51.100.1']",
        pattern_type="stix",
        valid_from=T,
        valid_until=LATER,
    ),
    "infrastructure": _sdo(
        "infrastructure", name="Botnet", infrastructure_types=["botnet"], first_seen=T
    ),
    "intrusion-set": _sdo("intrusion-set", name="Bobcat", aliases=["Cat"], goals=["steal"]),
    "location": _sdo("location", name="HQ", latitude=48.8566, longitude=2.3522, precision=100.0),
    "malware": _sdo(
        "malware",
        name="Cryptolocker",
        is_family=True,
        malware_types=["ransomware"],
        sample_refs=[sco_id("file")],
    ),
    "malware-analysis": _sdo(
        "malware-analysis",
        product="microsoft",
        result="malicious",
        analysis_sco_refs=[sco_id("file")],
        operating_system_ref=sco_id("software"),
    ),
    "note": _sdo("note", content="Seen on a forum", object_refs=[ident("campaign")]),
    "observed-data": _sdo(
        "observed-data",
        first_observed=T,
        last_observed=LATER,
        number_observed=1,
        object_refs=[sco_id("ipv4-addr")],
    ),
    "opinion": _sdo("opinion", opinion="agree", object_refs=[ident("report")]),
    "report": _sdo(
        "report",
        name="Report",
        published=T,
        report_types=["campaign"],
        object_refs=[ident("campaign")],
    ),
    "threat-actor": _sdo(
        "threat-actor", name="Evil Org", threat_actor_types=["crime-syndicate"], roles=["agent"]
    ),
    "tool": _sdo("tool", name="VNC", tool_types=["remote-access"], tool_version="1.0"),
    "vulnerability": _sdo(
        "vulnerability",
        name="CVE-2016-1234",
        external_references=[{"source_name": "cve", "external_id": "CVE-2016-1234"}],
    ),
    "relationship": _sdo(
        "relationship",
        relationship_type="indicates",
        source_ref=ident("indicator"),
        target_ref=ident("malware"),
        start_time=T,
        stop_time=LATER,
    ),
    "sighting": _sdo(
        "sighting",
        sighting_of_ref=ident("indicator"),
        count=3,
        where_sighted_refs=[ident("identity")],
        observed_data_refs=[ident("observed-data")],
        first_seen=T,
        last_seen=LATER,
    ),
    "artifact": _sco(
        "artifact", mime_type="image/jpeg", payload_bin="iVBORw0KGgoAAAANSUhEUgAAADI="
    ),
    "autonomous-system": _sco("autonomous-system", number=15139, name="Slime Industries"),
    "directory": _sco("directory", path="C:\\Windows\\System32", contains_refs=[sco_id("file")]),
    "domain-name": _sco("domain-name", value="example.com", resolves_to_refs=[sco_id("ipv4-addr")]),
    "email-addr": _sco("email-addr", value="john@example.com", display_name="John Doe"),
    "email-message": _sco(
        "email-message",
        is_multipart=True,
        from_ref=sco_id("email-addr"),
        to_refs=[sco_id("email-addr", 2)],
        subject="Hello",
        body_multipart=[{"content_type": "text/plain", "body": "Hi"}],
        additional_header_fields={"X-Mailer": ["Mutt"]},
    ),
    "file": _sco(
        "file",
        name="a.exe",
        size=25536,
        hashes={"MD5": MD5, "SHA-256": SHA256},
        extensions={"ntfs-ext": {"sid": "1234567"}},
    ),
    "ipv4-addr": _sco("ipv4-addr", value="198.51.100.3"),
    "ipv6-addr": _sco("ipv6-addr", value="2001:db8::/96"),
    "mac-addr": _sco("mac-addr", value="d2:fb:49:24:37:18"),
    "mutex": _sco("mutex", name="__CLEANSWEEP__"),
    "network-traffic": _sco(
        "network-traffic",
        src_ref=sco_id("ipv4-addr"),
        dst_ref=sco_id("ipv4-addr", 2),
        src_port=223,
        dst_port=80,
        protocols=["ipv4", "tcp", "http"],
        extensions={"http-request-ext": {"request_method": "get", "request_value": "/index.html"}},
    ),
    "process": _sco(
        "process",
        pid=1221,
        command_line="./gedit-bin --new-window",
        extensions={"windows-process-ext": {"aslr_enabled": True}},
    ),
    "software": _sco(
        "software",
        name="Word",
        vendor="Microsoft",
        languages=["en", "fr"],
        cpe="cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*",
    ),
    "url": _sco("url", value="https://example.com/research/index.html"),
    "user-account": _sco(
        "user-account",
        user_id="1001",
        account_login="jdoe",
        extensions={"unix-account-ext": {"gid": 1001, "shell": "/bin/bash"}},
    ),
    "windows-registry-key": _sco(
        "windows-registry-key",
        key="HKEY_LOCAL_MACHINE\\System\\Foo\\Bar",
        values=[{"name": "Foo", "data": "qwerty", "data_type": "REG_SZ"}],
    ),
    "x509-certificate": _sco(
        "x509-certificate",
        issuer="C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc",
        serial_number="36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06",
        x509_v3_extensions={"basic_constraints": "critical,CA:TRUE"},
    ),
    "language-content": _sdo(
        "language-content",
        object_ref=ident("campaign"),
        object_modified=T,
        contents={"de": {"name": "Bank Angriff"}, "fr": {"name": "Attaque"}},
    ),
    "marking-definition": {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": ident("marking-definition"),
        "created": T,
        "definition_type": "statement",
        "definition": {"statement": "Copyright 2016, Example Corp"},
    },
    "extension-definition": _sdo(
        "extension-definition",
        created_by_ref=ident("identity"),
        name="Extension Foo Bar",
        schema="https://www.example.com/schema-foo-1a/v1/",
        version="1.2.1",
        extension_types=["property-extension"],
    ),
}


def example(type_name: str, **changes: Any) -> dict[str, Any]:
    """A fresh copy of the example of `type_name`, with properties set (None deletes)."""
    obj = copy.deepcopy(EXAMPLES[type_name])
    for name, value in changes.items():
        if value is None:
            obj.pop(name, None)
        else:
            obj[name] = value
    return obj
