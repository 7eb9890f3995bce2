"""MISP events written with PyMISP for the MISP tests: 120 events over the attribute
types and object templates MISP ships (PyMISP's describeTypes and misp-objects), each
with its own TLP and distribution, some attributes with a TLP of their own, galaxies,
and objects with values misp-stix writes in ways STIX 2.1 forbids (registry hives,
header strings, a URL without a scheme).

misp-stix's own fixture events (tests/test_events.py of MISP/misp-stix) ship neither in
its wheel nor in its sdist; they are vendored with their licence in tests/vendor/misp_stix
and read by `misp_stix_events`.
"""

from __future__ import annotations

import copy
import inspect
import json
import uuid
import warnings
from pathlib import Path
from typing import Any

from pymisp import MISPEvent, MISPObject

ORG_A = "6e7c1e1a-8a55-4b8c-9f3e-0b1f2a3c4d5e"  # mapped to a member by the test charter
ORG_B = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d"

ATTRIBUTES: list[tuple[str, str, str]] = [
    ("ip-dst", "Network activity", "198.51.{b}.7"),
    ("ip-src", "Network activity", "203.0.{b}.9"),
    ("domain", "Network activity", "host{n}.example.net"),
    ("hostname", "Network activity", "www{n}.example.org"),
    ("url", "Network activity", "https://example.com/path/{n}"),
    ("md5", "Payload delivery", "{n:032x}"),
    ("sha1", "Payload delivery", "{n:040x}"),
    ("sha256", "Payload delivery", "{n:064x}"),
    ("filename", "Payload delivery", "invoice-{n}.pdf.exe"),
    ("email-src", "Payload delivery", "sender{n}@example.com"),
    ("email-subject", "Payload delivery", "Urgent: payment {n}"),
    ("mutex", "Artifacts dropped", "Global\\mutex{n}"),
    ("user-agent", "Network activity", "Mozilla/5.0 (X11; agent {n})"),
    ("vulnerability", "External analysis", "CVE-2021-{n:04d}"),
    ("AS", "Network activity", "AS{n}"),
    ("mac-address", "Network activity", "00:11:22:33:44:{b:02x}"),
    ("port", "Network activity", "{n}"),
    ("text", "Other", "analyst note {n}"),
]
TLPS = ["tlp:white", "tlp:green", "tlp:amber", "tlp:clear"]
GALAXIES = [
    'misp-galaxy:threat-actor="APT 28"',
    'misp-galaxy:mitre-attack-pattern="Spearphishing Attachment - T1566.001"',
    'misp-galaxy:country="iraq"',
]


def _objects(event: MISPEvent, n: int) -> None:
    kind = n % 5
    if kind == 0:
        registry = MISPObject("registry-key")
        registry.add_attribute("key", value=f"HKLM\\Software\\Run\\item{n}")
        registry.add_attribute("data", value=f"C:\\evil{n}.exe")
        event.add_object(registry)
    elif kind == 1:
        email = MISPObject("email")
        email.add_attribute("from", value=f"a{n}@example.com")
        email.add_attribute("subject", value=f"Invoice {n}")
        email.add_attribute("x-mailer", value="Outlook 16")
        event.add_object(email)
    elif kind == 2:
        domain_ip = MISPObject("domain-ip")
        domain_ip.add_attribute("domain", value=f"c2-{n}.example.net")
        domain_ip.add_attribute("ip", value=f"192.0.2.{n % 250}")
        event.add_object(domain_ip)
    elif kind == 3:
        file = MISPObject("file")
        file.add_attribute("filename", value=f"dropper{n}.dll")
        file.add_attribute("md5", value=f"{n + 7:032x}")
        file.add_attribute("size-in-bytes", value=str(1000 + n))
        event.add_object(file)
    else:
        url = MISPObject("url")
        url.add_attribute("url", value=f"login-{n}.example.com/portal")
        event.add_object(url)


def events(count: int = 120) -> list[dict[str, Any]]:
    """MISP events as PyMISP writes them (`to_dict()`), deterministic in all but UUIDs."""
    made = []
    for n in range(count):
        event = MISPEvent()
        event.uuid = str(uuid.UUID(int=n + 1, version=4))
        event.info = f"Event {n}: activity seen by the joint center"
        event.date = "2024-03-01"
        event.distribution = 1
        event.threat_level_id = 2
        event.analysis = 1
        event.add_tag(TLPS[n % len(TLPS)])
        if n % 3 == 0:
            event.add_tag(GALAXIES[n % len(GALAXIES)])
        for i in range(3):
            kind, category, pattern = ATTRIBUTES[(n + i) % len(ATTRIBUTES)]
            attribute = event.add_attribute(
                kind,
                pattern.format(n=n * 3 + i + 1, b=(n * 3 + i + 1) % 256),
                category=category,
                to_ids=i == 0,
            )
            if i == 2 and n % 4 == 1:
                attribute.add_tag("tlp:amber")  # narrower than its event's TLP:GREEN
        _objects(event, n)
        written = json.loads(event.to_json())
        if n % 10 == 0:  # its first attribute goes to a sharing group of one organisation
            written["Attribute"][0]["distribution"] = 4
            written["Attribute"][0]["SharingGroup"] = {
                "name": "ministries",
                "SharingGroupOrg": [{"Organisation": {"uuid": ORG_A, "name": "Org A"}}],
            }
        made.append(written)
    return made


FEED_ORG = {"name": "CIRCL-like feed", "uuid": "5cf66e53-b5f8-43e7-be9e-49880a3b4631"}


def feed_event(event: dict[str, Any]) -> dict[str, Any]:
    """One event as a MISP feed's `<uuid>.json` holds it (`{"Event": {...}}`), written by
    PyMISP's `to_feed` as MISP's feed generator does, with each distribution and sharing
    group written in as a feed between MISP instances may have them. (Not PyMISP's
    `with_distribution=True`: it adds `distribution` to a set its classes share, so every
    later `to_feed` in the process, the hub's own feed included, would demand one.)"""
    copied = json.loads(json.dumps(event))
    for attribute in copied.get("Attribute", []):
        if attribute.get("SharingGroup"):
            attribute["sharing_group_id"] = "1"  # PyMISP wants MISP's local id with a group
    copied.setdefault("Orgc", FEED_ORG)
    loaded = MISPEvent()
    loaded.from_dict(**copied)
    written: dict[str, Any] = loaded.to_feed(with_meta=True)
    body = written["Event"]
    body["distribution"] = str(event.get("distribution", 1))
    sources = {a["uuid"]: a for a in event.get("Attribute", [])}
    for attribute in body.get("Attribute", []):
        source = sources.get(attribute["uuid"], {})
        attribute["distribution"] = str(source.get("distribution", 5))
        group = source.get("SharingGroup")
        if group:  # as MISP writes a group into a feed
            orgs = [o["Organisation"] for o in group["SharingGroupOrg"]]
            attribute["SharingGroup"] = {
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, group["name"])),
                "name": group["name"],
                "roaming": False,
                "Organisation": orgs[0],
                "SharingGroupOrg": [{"extend": False, "Organisation": o} for o in orgs],
            }
    return written


def write_feed(directory: Path, made: list[dict[str, Any]]) -> dict[str, Any]:
    """A MISP feed directory of these events (manifest.json, hashes.csv, <uuid>.json), as
    MISP's feed generator writes it; returns the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {}
    hashes: list[str] = []
    for event in made:
        feed = feed_event(event)
        body = feed["Event"]
        manifest.update(body.pop("_manifest"))
        hashes += [f"{digest},{body['uuid']}" for digest in body.pop("_hashes", [])]
        (directory / f"{body['uuid']}.json").write_text(json.dumps(feed))
    (directory / "manifest.json").write_text(json.dumps(manifest))
    (directory / "hashes.csv").write_text("".join(line + "\n" for line in hashes))
    return manifest


LEVEL = {"tlp:white": 0, "tlp:clear": 0, "tlp:green": 1, "tlp:amber": 2, "tlp:red": 4}


def _tlp(tags: list[Any]) -> int | None:
    levels = [LEVEL[t.name if hasattr(t, "name") else t["name"]] for t in tags]
    return max(levels) if levels else None


def meant(event: dict[str, Any]) -> dict[str, tuple[str, int | None]]:
    """Attribute uuid -> (value, the TLP level MISP means for it): its own TLP tag, else
    its event's; AMBER at least for a sharing group's (a release list restricts from
    AMBER on)."""
    event_tlp = _tlp([t for t in event.get("Tag", []) if t["name"] in LEVEL])
    attributes = list(event.get("Attribute", []))
    for misp_object in event.get("Object", []):
        attributes += misp_object.get("Attribute", [])
    found = {}
    for attribute in attributes:
        own = _tlp([t for t in attribute.get("Tag", []) if t["name"] in LEVEL])
        level = own if own is not None else event_tlp
        if attribute.get("SharingGroup"):
            level = max(level or 0, LEVEL["tlp:amber"])
        found[attribute["uuid"]] = (attribute["value"], level)
    return found


def assert_whole(written: list[dict[str, Any]], loaded: list[MISPEvent]) -> None:
    """Every written event came back (by UUID, with its info), each attribute with its
    value and the marking MISP meant for it. An object's attribute whose value misp-stix
    wrote in a form STIX forbids, and allyhub repaired (a full hive, a scheme), comes back
    repaired, with a new UUID from misp-stix: it is found by its value."""
    back = {str(e.uuid): e for e in loaded}
    assert {e["uuid"] for e in written} == set(back)
    for event in written:
        again = back[event["uuid"]]
        assert again.info == event["info"]
        found: dict[str, tuple[str, int | None]] = {}
        attributes = list(again.attributes)
        for misp_object in again.objects:
            attributes += misp_object.attributes
        for attribute in attributes:
            level = _tlp([t for t in attribute.tags if t.name in LEVEL])
            found[attribute.uuid] = (attribute.value, level)
        event_tlp = _tlp([t for t in again.tags if t.name in LEVEL])
        by_value = {v: level for v, level in found.values()}
        for uuid_, (value, level) in meant(event).items():
            forms = [value, value.replace("HKLM", "HKEY_LOCAL_MACHINE"), "http://" + value]
            got = found.get(uuid_) or next(((f, by_value[f]) for f in forms if f in by_value), None)
            assert got is not None, (event["info"], value)
            got_value, got_level = got
            assert got_value in forms, (got_value, value)
            assert (got_level if got_level is not None else event_tlp) == level, (
                event["info"],
                value,
            )


_OWN = ("Attribute", "Object", "ObjectReference", "EventReport", "Sighting", "Note", "Opinion")


def _own_uuids(event: dict[str, Any], name: str) -> dict[str, Any]:
    """The event with every UUID of its attributes, objects, references, reports and
    analyst data replaced by one derived from `name`, wherever it is written."""
    found: set[str] = set()

    def collect(value: Any, inside: bool) -> None:
        if isinstance(value, dict):
            if inside and isinstance(value.get("uuid"), str):
                found.add(value["uuid"])
            for key, item in value.items():
                collect(item, inside or key in _OWN)
        elif isinstance(value, list):
            for item in value:
                collect(item, inside)

    collect(event, False)
    text = json.dumps(event)
    for old in sorted(found, key=len, reverse=True):
        text = text.replace(old, str(uuid.uuid5(uuid.NAMESPACE_URL, f"misp-stix/{name}/{old}")))
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def misp_stix_events() -> list[dict[str, Any]]:
    """misp-stix's own test events (tests/vendor/misp_stix), one per fixture function
    (`get_event_with_...`, the STIX 2.1 variant where it takes a version), as
    `{"Event": {...}}`. They all share one event UUID in misp-stix, and many share their
    attributes' and objects' UUIDs with other fixtures (each is tested alone there);
    here each event, attribute and object gets its own, derived from the function's name
    (added to `info`), as MISP's UUIDs are unique, so that one hub and one feed can hold
    them all. Galaxy clusters keep theirs: MISP shares one cluster across events."""
    with warnings.catch_warnings():  # their file writes "\S" and the like in strings
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        from tests.vendor.misp_stix import events as fixtures

    made = []
    for name, function in sorted(inspect.getmembers(fixtures, inspect.isfunction)):
        if not name.startswith("get_"):
            continue
        takes = inspect.signature(function).parameters
        if any(
            p.default is inspect.Parameter.empty and p.name != "version" for p in takes.values()
        ):
            continue
        event = function("2.1") if "version" in takes else function()
        if not isinstance(event, dict) or "Event" not in event:
            continue
        event = _own_uuids(copy.deepcopy(event), name)
        event["Event"]["uuid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"misp-stix/{name}"))
        event["Event"]["info"] = f"{event['Event'].get('info', '')} ({name})"
        made.append(event)
    return made
