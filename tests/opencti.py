"""STIX objects shaped as OpenCTI writes them (its TAXII server, streams and exports).

Written for these tests with new values, after the shapes of OpenCTI's own test data
(OpenCTI-Platform/opencti, opencti-platform/opencti-graphql/tests/data/stix2-incident.json,
stix2-indicator.json, stix2-report.json, tests/02-integration/.../playbook container
wrapper bundles): every object carries OpenCTI's property extension
`extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba` holding its internal `id`
(two characters: STIX 2.1 wants 3 to 250) and `type`; incidents flag that extension as
`new-sdo` although incident is a predefined SDO, and carry `severity`, a name STIX 2.1
reserves; markings other than TLP carry `x_opencti_*` properties. stix2.parse accepts
all of them.
"""

from __future__ import annotations

import uuid
from typing import Any

OCTI = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"
TLP_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"


def _extension(kind: str, extension_type: str = "property-extension") -> dict[str, Any]:
    return {
        OCTI: {
            "extension_type": extension_type,
            "id": str(uuid.uuid4()),
            "type": kind,
            "created_at": "2024-03-04T10:11:12.345Z",
            "updated_at": "2024-03-05T10:11:12.345Z",
            "is_inferred": False,
            "creator_ids": [str(uuid.uuid4())],
        }
    }


def sample_objects() -> list[dict[str, Any]]:
    """Six objects of one OpenCTI export: author, marking, indicator, two incidents and
    the report that holds them."""
    author = f"identity--{uuid.uuid4()}"
    pap = f"marking-definition--{uuid.uuid4()}"
    indicator = f"indicator--{uuid.uuid4()}"
    incident = f"incident--{uuid.uuid4()}"
    second = f"incident--{uuid.uuid4()}"
    common = {"spec_version": "2.1", "revoked": False, "confidence": 75, "lang": "en"}
    stamps = {"created": "2024-03-04T10:11:12.300Z", "modified": "2024-03-05T10:11:12.345Z"}
    return [
        {
            "type": "identity",
            "id": author,
            **common,
            **stamps,
            "extensions": _extension("Organization"),
            "name": "Joint CERT",
            "identity_class": "organization",
            "x_opencti_organization_type": "csirt",
        },
        {
            "type": "marking-definition",
            "id": pap,
            "spec_version": "2.1",
            "created": "2024-03-04T10:11:12.300Z",
            "extensions": _extension("Marking-Definition"),
            "name": "PAP:GREEN",
            "definition_type": "statement",
            "definition": {"statement": "PAP:GREEN"},
            "x_opencti_definition_type": "PAP",
            "x_opencti_definition": "PAP:GREEN",
            "x_opencti_color": "#2e7d32",
            "x_opencti_order": 2,
        },
        {
            "type": "indicator",
            "id": indicator,
            **common,
            **stamps,
            "extensions": {
                OCTI: {
                    **_extension("Indicator")[OCTI],
                    "detection": True,
                    "score": 60,
                    "main_observable_type": "Domain-Name",
                }
            },
            "labels": ["c2"],
            "object_marking_refs": [TLP_WHITE],
            "created_by_ref": author,
            "name": "c2.example.net",
            "pattern": "[domain-name:value = 'c2.example.net']",
            "pattern_type": "stix",
            "valid_from": "2024-03-01T00:00:00.000Z",
            "x_opencti_score": 60,
            "x_opencti_detection": True,
        },
        {
            "type": "incident",
            "id": incident,
            **common,
            **stamps,
            "extensions": _extension("Incident", "new-sdo"),
            "external_references": [{"source_name": "cve", "external_id": "CVE-2013-1347"}],
            "name": "Phishing wave against ministries",
            "severity": "high",
            "object_marking_refs": [pap],
            "created_by_ref": author,
        },
        {
            "type": "incident",
            "id": second,
            **common,
            **stamps,
            "extensions": _extension("Incident", "new-sdo"),
            "labels": ["akira"],
            "name": "Ransomware at a port authority",
            "description": "",
            "severity": "medium",
            "incident_type": "ransomware",
        },
        {
            "type": "report",
            "id": f"report--{uuid.uuid4()}",
            **common,
            **stamps,
            "extensions": {
                OCTI: {
                    **_extension("Report")[OCTI],
                    "workflow_id": str(uuid.uuid4()),
                    "content": "<p>summary</p>",
                }
            },
            "labels": ["report"],
            "object_marking_refs": [TLP_WHITE],
            "created_by_ref": author,
            "name": "Weekly summary",
            "report_types": ["threat-report"],
            "published": "2024-03-05T10:11:12.345Z",
            "object_refs": [indicator, incident, second],
        },
    ]
