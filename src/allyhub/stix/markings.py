"""Markings in standard STIX 2.1: TLP 1.0 and 2.0, and allyhub's releasability lists.

Releasability is a marking-definition carrying a property extension (defined by the
extension-definition below) that lists the STIX identities of the members an object is
released to. Any STIX tool carries it through unchanged; allyhub also enforces it. The id
of a releasability marking is derived from its sorted list, so the same list always has
the same id on every hub.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from allyhub.charter import Tlp

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

TLP2_MARKINGS: Mapping[str, Tlp] = {
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": Tlp.CLEAR,
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": Tlp.GREEN,
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": Tlp.AMBER,
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": Tlp.AMBER_STRICT,
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": Tlp.RED,
}
TLP1_MARKINGS: Mapping[str, Tlp] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,  # TLP:WHITE
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
}
TLP_MARKINGS: Mapping[str, Tlp] = {**TLP2_MARKINGS, **TLP1_MARKINGS}
TLP2_ID: Mapping[Tlp, str] = {level: ref for ref, level in TLP2_MARKINGS.items()}

ALLYHUB_IDENTITY = "identity--2f1c8a9e-6d3b-4f0a-8e57-1b9c4d2a7e60"
RELEASABILITY_EXTENSION = "extension-definition--5b7e2c1d-9a4f-4e8b-b3d6-0c2a7f1e9d84"
ADMIRALTY_EXTENSION = "extension-definition--8c3d1e7a-2b6f-4a9c-9e15-d7f0b4a2c6e3"
GOVERNANCE_EXTENSION = "extension-definition--d41c6a2e-7f3b-4c8d-a9e0-5b1f2c3d4e6a"
FUSION_EXTENSION = "extension-definition--4e9b2a7c-1d3f-4a6b-8c5e-7f0a9b2c3d4e"
RFI_EXTENSION = "extension-definition--7a2f9c4e-1d6b-4e38-a5c0-3b8d2e6f1a97"
_RELEASABILITY_NAMESPACE = uuid.UUID("0b7d4e2a-6c1f-5a93-8e4b-2d9f7c1a3e56")
_DEFINED = "2015-10-01T00:00:00.000Z"


def tlp_marking_definition(level: Tlp) -> dict[str, Any]:
    """The OASIS TLP 2.0 marking-definition object for a level."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_ID[level],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{level.label.upper()}",
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level.label}
        },
    }


def releasability_id(identities: Iterable[str]) -> str:
    """The marking-definition id of a releasability list (stable across hubs)."""
    key = ",".join(sorted(set(identities)))
    return f"marking-definition--{uuid.uuid5(_RELEASABILITY_NAMESPACE, key)}"


def releasability_marking(identities: Iterable[str], created_by: str) -> dict[str, Any]:
    """A marking-definition releasing objects to these member identities only."""
    members = sorted(set(identities))
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": releasability_id(members),
        "created": _DEFINED,
        "created_by_ref": created_by,
        "name": "Releasable to " + ", ".join(members),
        "extensions": {
            RELEASABILITY_EXTENSION: {
                "extension_type": "property-extension",
                "releasable_to": members,
            }
        },
    }


def releasable_to(marking_definition: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The identities a marking-definition releases to, or None if it is not one of ours."""
    extensions = marking_definition.get("extensions")
    if not isinstance(extensions, Mapping):
        return None
    extension = extensions.get(RELEASABILITY_EXTENSION)
    if not isinstance(extension, Mapping):
        return None
    members = extension.get("releasable_to")
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        return ()
    return tuple(members)


RELIABILITY = "ABCDEF"  # A completely reliable ... E unreliable, F cannot be judged
CREDIBILITY = range(1, 7)  # 1 confirmed ... 5 improbable, 6 cannot be judged
GRADED_TYPES = frozenset({"report", "note", "sighting"})


def grading(obj: Mapping[str, Any]) -> tuple[str, int] | None:
    """The Admiralty grade of an object, e.g. ("B", 2), or None when it has none."""
    extensions = obj.get("extensions")
    extension = extensions.get(ADMIRALTY_EXTENSION) if isinstance(extensions, Mapping) else None
    if not isinstance(extension, Mapping):
        return None
    return extension.get("source_reliability"), extension.get("information_credibility")  # type: ignore[return-value]


def graded(reliability: str, credibility: int) -> dict[str, Any]:
    """The `extensions` entry that grades a report, note or sighting."""
    return {
        ADMIRALTY_EXTENSION: {
            "extension_type": "property-extension",
            "source_reliability": reliability,
            "information_credibility": credibility,
        }
    }


def hub_definitions() -> list[dict[str, Any]]:
    """The definitions every hub publishes: TLP 2.0 markings and allyhub's extensions."""
    identity = {
        "type": "identity",
        "spec_version": "2.1",
        "id": ALLYHUB_IDENTITY,
        "created": _DEFINED,
        "modified": _DEFINED,
        "name": "allyhub",
        "identity_class": "system",
        "description": "The software that runs the coalition's hubs; author of its extensions.",
    }
    releasability = {
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": RELEASABILITY_EXTENSION,
        "created_by_ref": ALLYHUB_IDENTITY,
        "created": _DEFINED,
        "modified": _DEFINED,
        "name": "allyhub releasability",
        "description": "Releases the marked objects only to the listed member identities.",
        "schema": "https://allyhub.invalid/extensions/releasability.json",
        "version": "1.0.0",
        "extension_types": ["property-extension"],
    }
    admiralty = {
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": ADMIRALTY_EXTENSION,
        "created_by_ref": ALLYHUB_IDENTITY,
        "created": _DEFINED,
        "modified": _DEFINED,
        "name": "allyhub admiralty grading",
        "description": "Source reliability (A-F) and information credibility (1-6) of a report, "
        "note or sighting, as in the NATO Admiralty code.",
        "schema": "https://allyhub.invalid/extensions/admiralty.json",
        "version": "1.0.0",
        "extension_types": ["property-extension"],
    }
    governance = {
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": GOVERNANCE_EXTENSION,
        "created_by_ref": ALLYHUB_IDENTITY,
        "created": _DEFINED,
        "modified": _DEFINED,
        "name": "allyhub governance",
        "description": "Coalition governance records: motions (admit, suspend, reinstate, "
        "expel), votes, an invitee's response, withdrawals and deny switches.",
        "schema": "https://allyhub.invalid/extensions/governance.json",
        "version": "1.0.0",
        "extension_types": ["new-sdo"],
    }
    fusion = {
        **governance,
        "id": FUSION_EXTENSION,
        "name": "allyhub fusion decisions",
        "description": "An analyst's verdict that two objects are (decision: same) or are not "
        "(decision: different) the same entity; object_refs names the two.",
        "schema": "https://allyhub.invalid/extensions/fusion-decision.json",
    }
    rfi = {
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": RFI_EXTENSION,
        "created_by_ref": ALLYHUB_IDENTITY,
        "created": _DEFINED,
        "modified": _DEFINED,
        "name": "allyhub requests for information",
        "description": "Collection coordination: requests for information (allyhub-rfi, "
        "versioned by the requester: question, priority, deadline, regions, topics, "
        "disciplines wanted, the members tasked, the outcome), tasked members' responses "
        "(allyhub-rfi-response: accepted, declined or answered with links to their reports, "
        "sightings and notes), members' declared collection capabilities "
        "(allyhub-capability) and standing intelligence requirements (allyhub-requirement).",
        "schema": "https://allyhub.invalid/extensions/rfi.json",
        "version": "1.0.0",
        "extension_types": ["new-sdo"],
    }
    return [
        identity,
        releasability,
        admiralty,
        governance,
        fusion,
        rfi,
        *(tlp_marking_definition(t) for t in Tlp),
    ]
