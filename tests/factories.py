"""Small builders of valid STIX 2.1 objects for tests (plain dicts)."""

from __future__ import annotations

import uuid
from typing import Any

from allyhub.charter import Tlp
from allyhub.stix.markings import TLP2_ID

T0 = "2015-10-01T00:00:00.000Z"


def sid(kind: str) -> str:
    return f"{kind}--{uuid.uuid4()}"


def marked(obj: dict[str, Any], tlp: Tlp | None = None, *extra: str) -> dict[str, Any]:
    refs = ([TLP2_ID[tlp]] if tlp is not None else []) + list(extra)
    if refs:
        obj["object_marking_refs"] = refs
    return obj


def indicator(
    creator: str | None = None,
    *,
    value: str = "198.51.100.7",
    tlp: Tlp | None = Tlp.GREEN,
    markings: tuple[str, ...] = (),
    modified: str = T0,
    ident: str | None = None,
    name: str = "C2 server",
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": ident or sid("indicator"),
        "created": T0,
        "modified": modified,
        "name": name,
        "pattern": f"[ipv4-addr:value = '{value}']",
        "pattern_type": "stix",
        "valid_from": T0,
        "indicator_types": ["malicious-activity"],
    }
    if creator:
        obj["created_by_ref"] = creator
    return marked(obj, tlp, *markings)


def threat_actor(
    creator: str | None = None, *, name: str = "Qasem Soleimani", tlp: Tlp | None = Tlp.GREEN
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "threat-actor",
        "spec_version": "2.1",
        "id": sid("threat-actor"),
        "created": T0,
        "modified": T0,
        "name": name,
    }
    if creator:
        obj["created_by_ref"] = creator
    return marked(obj, tlp)


def ipv4(value: str) -> dict[str, Any]:
    return {
        "type": "ipv4-addr",
        "spec_version": "2.1",
        "id": f"ipv4-addr--{uuid.uuid5(uuid.NAMESPACE_URL, value)}",
        "value": value,
    }


def envelope(*objects: dict[str, Any]) -> dict[str, Any]:
    return {"objects": list(objects)}


def report(
    creator: str,
    *,
    name: str = "Caucasian fighters in Raqqa",
    tlp: Tlp | None = Tlp.AMBER,
    markings: tuple[str, ...] = (),
    refs: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A report by a member (its identity), about `refs` (an indicator by default)."""
    obj: dict[str, Any] = {
        "type": "report",
        "spec_version": "2.1",
        "id": sid("report"),
        "created": T0,
        "modified": T0,
        "created_by_ref": creator,
        "name": name,
        "published": T0,
        "object_refs": list(refs) or [sid("indicator")],
    }
    return marked(obj, tlp, *markings)
