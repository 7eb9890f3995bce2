"""The STIX Domain Objects (§4) and Relationship Objects (§5) as property tables.

Where the OASIS 2.1 Errata 01 text and the 2.1 Standard differ on whether a property is
required (grouping `name`, malware `is_family`), the Standard, the OASIS JSON schemas
and stix2 agree, and so does this table.
"""

from __future__ import annotations

import re

from allyhub.stix._common import (
    KILL_CHAIN_PHASES,
    OPEN_VOCABS,
    STRINGS,
    sdo,
)
from allyhub.stix._formats import (
    identifier_type,
)
from allyhub.stix._observables import SCOS
from allyhub.stix._properties import (
    BOOLEAN,
    OPEN_VOCAB,
    STRING,
    TIMESTAMP,
    Constraint,
    JSONObject,
    Kind,
    Report,
    Structure,
    at,
    at_least_one,
    enum,
    exactly_one,
    formatted,
    identifier,
    integer,
    list_of,
    number,
    ordered,
    spec,
)
from allyhub.stix._vocabularies import (
    OPINION,
    SRO_TYPES,
)
from allyhub.stix.patterns import PatternError, parse_pattern

# ---------------------------------------------------------------------------------------
# STIX Domain Objects (§4)


def _named_references(
    source: str, external_id: re.Pattern[str], example: str, section: str
) -> Constraint:
    """External references to CAPEC or CVE must carry the id in its canonical form."""

    def constraint(obj: JSONObject, path: str, report: Report) -> None:
        references = obj.get("external_references")
        if type(references) is not list:
            return
        for i, reference in enumerate(references):
            if type(reference) is not dict or reference.get("source_name") != source:
                continue
            value = reference.get("external_id")
            if type(value) is str and external_id.match(value) is None:
                report.append(
                    (
                        at(path, f"external_references[{i}].external_id"),
                        f"must be a {source.upper()} id such as {example} when source_name is "
                        f"{source} ({spec(section)})",
                    )
                )

    return constraint


def _first_last(section: str) -> Constraint:
    return ordered("first_seen", "last_seen", section)


def _location(obj: JSONObject, path: str, report: Report) -> None:
    latitude, longitude = "latitude" in obj, "longitude" in obj
    if latitude and not longitude:
        report.append(
            (at(path, "longitude"), f"must be present when latitude is ({spec('4.10.1')})")
        )
    if longitude and not latitude:
        report.append(
            (at(path, "latitude"), f"must be present when longitude is ({spec('4.10.1')})")
        )
    if "precision" in obj and not (latitude and longitude):
        report.append(
            (
                at(path, "precision"),
                f"needs latitude and longitude to be present ({spec('4.10.1')})",
            )
        )
    if "region" not in obj and "country" not in obj and not (latitude and longitude):
        report.append(
            (
                path,
                "a location must have a region, a country, or latitude and longitude "
                f"({spec('4.10')})",
            )
        )


def _malware_family_named(obj: JSONObject, path: str, report: Report) -> None:
    if obj.get("is_family") is True and "name" not in obj:
        report.append(
            (at(path, "name"), f"must be present when is_family is true ({spec('4.11.1')})")
        )


def _indicator_pattern(obj: JSONObject, path: str, report: Report) -> None:
    if obj.get("pattern_type") != "stix":
        return
    pattern = obj.get("pattern")
    if type(pattern) is not str:
        return
    try:
        parse_pattern(pattern)
    except PatternError as error:
        report.append((at(path, "pattern"), f"must be a valid STIX pattern ({spec('9')}): {error}"))


def _observed_sco(obj: JSONObject, path: str, report: Report) -> None:
    """object_refs of observed-data must include at least one SCO (§4.14.1)."""
    refs = obj.get("object_refs")
    if type(refs) is not list or not refs:
        return
    for ref in refs:
        prefix = identifier_type(ref) if type(ref) is str else None
        if prefix is None or prefix not in SRO_TYPES:
            return  # an SCO, a custom type, or a broken id reported elsewhere
    report.append((at(path, "object_refs"), f"must include at least one SCO ({spec('4.14.1')})"))


_PLACEHOLDER_UUID = "00000000-0000-4000-8000-000000000000"
_REFERENCE_DEPTH = 8


def _observable_container(value: object, path: str, report: Report) -> None:
    """The deprecated `objects` dictionary (§2.13): local keys to SCOs.

    Each SCO is checked like a top-level one, except that it needs no id and that its
    references may name other keys of the same container.
    """
    if type(value) is not dict or not value:
        report.append((path, f"must be a non-empty dictionary of SCOs ({spec('2.13')})"))
        return
    types = {key: element.get("type") for key, element in value.items() if type(element) is dict}
    for key, element in value.items():
        where = at(path, key)
        if type(element) is not dict or type(element.get("type")) is not str:
            report.append(
                (where, f"must be a cyber-observable object with a type ({spec('2.13')})")
            )
            continue
        structure = SCOS.get(element["type"])
        if structure is not None:  # else a custom or STIX 2.0 observable: only its type known
            structure.check(_with_local_references(element, types), where, report)


def _with_local_references(element: JSONObject, types: dict[str, object]) -> JSONObject:
    """A copy where references to container keys are identifiers of the referenced type."""

    def resolve(reference: object) -> object:
        referenced = types.get(reference) if type(reference) is str else None
        return f"{referenced}--{_PLACEHOLDER_UUID}" if type(referenced) is str else reference

    def walk(node: object, depth: int) -> object:
        # References sit at most a few levels down (in extensions, MIME parts); deeper
        # values are left alone rather than recursed into without bound.
        if depth > _REFERENCE_DEPTH:
            return node
        if type(node) is list:
            return [walk(item, depth + 1) for item in node]
        if type(node) is not dict:
            return node
        copied: JSONObject = {}
        for name, item in node.items():
            if type(name) is str and name.endswith("_ref"):
                copied[name] = resolve(item)
            elif type(name) is str and name.endswith("_refs") and type(item) is list:
                copied[name] = [resolve(reference) for reference in item]
            else:
                copied[name] = walk(item, depth + 1)
        return copied

    local = walk(element, 0)
    assert type(local) is dict
    local.setdefault("id", f"{element['type']}--{_PLACEHOLDER_UUID}")
    return local


_ANY_OBJECT = identifier(section="4")
_OBJECT_REFS = list_of(_ANY_OBJECT)
_SOFTWARE = identifier(("software",), "4.12.1")

SDOS: dict[str, Structure] = {
    "attack-pattern": sdo(
        "attack-pattern",
        "4.1",
        {
            "name": STRING,
            "description": STRING,
            "aliases": STRINGS,
            "kill_chain_phases": KILL_CHAIN_PHASES,
        },
        required=("name",),
        constraints=(
            _named_references("capec", re.compile(r"CAPEC-[0-9]+\Z"), "CAPEC-163", "4.1.1"),
        ),
    ),
    "campaign": sdo(
        "campaign",
        "4.2",
        {
            "name": STRING,
            "description": STRING,
            "aliases": STRINGS,
            "first_seen": TIMESTAMP,
            "last_seen": TIMESTAMP,
            "objective": STRING,
        },
        required=("name",),
        constraints=(_first_last("4.2.1"),),
    ),
    "course-of-action": sdo(
        "course-of-action", "4.3", {"name": STRING, "description": STRING}, required=("name",)
    ),
    "grouping": sdo(
        "grouping",
        "4.4",
        {"name": STRING, "description": STRING, "context": OPEN_VOCAB, "object_refs": _OBJECT_REFS},
        required=("context", "object_refs"),
    ),
    "identity": sdo(
        "identity",
        "4.5",
        {
            "name": STRING,
            "description": STRING,
            "roles": STRINGS,
            "identity_class": OPEN_VOCAB,
            "sectors": OPEN_VOCABS,
            "contact_information": STRING,
        },
        required=("name",),
    ),
    "incident": sdo("incident", "4.6", {"name": STRING, "description": STRING}, required=("name",)),
    "indicator": sdo(
        "indicator",
        "4.7",
        {
            "name": STRING,
            "description": STRING,
            "indicator_types": OPEN_VOCABS,
            "pattern": STRING,
            "pattern_type": OPEN_VOCAB,
            "pattern_version": STRING,
            "valid_from": TIMESTAMP,
            "valid_until": TIMESTAMP,
            "kill_chain_phases": KILL_CHAIN_PHASES,
        },
        required=("pattern", "pattern_type", "valid_from"),
        constraints=(
            ordered("valid_from", "valid_until", "4.7.1", strictly=True),
            _indicator_pattern,
        ),
    ),
    "infrastructure": sdo(
        "infrastructure",
        "4.8",
        {
            "name": STRING,
            "description": STRING,
            "infrastructure_types": OPEN_VOCABS,
            "aliases": STRINGS,
            "kill_chain_phases": KILL_CHAIN_PHASES,
            "first_seen": TIMESTAMP,
            "last_seen": TIMESTAMP,
        },
        required=("name",),
        constraints=(_first_last("4.8.1"),),
    ),
    "intrusion-set": sdo(
        "intrusion-set",
        "4.9",
        {
            "name": STRING,
            "description": STRING,
            "aliases": STRINGS,
            "first_seen": TIMESTAMP,
            "last_seen": TIMESTAMP,
            "goals": STRINGS,
            "resource_level": OPEN_VOCAB,
            "primary_motivation": OPEN_VOCAB,
            "secondary_motivations": OPEN_VOCABS,
        },
        required=("name",),
        constraints=(_first_last("4.9.1"),),
    ),
    "location": sdo(
        "location",
        "4.10",
        {
            "name": STRING,
            "description": STRING,
            "latitude": number(-90.0, 90.0, "4.10.1"),
            "longitude": number(-180.0, 180.0, "4.10.1"),
            "precision": number(0.0, None, "4.10.1"),
            "region": OPEN_VOCAB,
            "country": STRING,
            "administrative_area": STRING,
            "city": STRING,
            "street_address": STRING,
            "postal_code": STRING,
        },
        constraints=(_location,),
    ),
    "malware": sdo(
        "malware",
        "4.11",
        {
            "name": STRING,
            "description": STRING,
            "malware_types": OPEN_VOCABS,
            "is_family": BOOLEAN,
            "aliases": STRINGS,
            "kill_chain_phases": KILL_CHAIN_PHASES,
            "first_seen": TIMESTAMP,
            "last_seen": TIMESTAMP,
            "operating_system_refs": list_of(identifier(("software",), "4.11.1")),
            "architecture_execution_envs": OPEN_VOCABS,
            "implementation_languages": OPEN_VOCABS,
            "capabilities": OPEN_VOCABS,
            "sample_refs": list_of(identifier(("artifact", "file"), "4.11.1")),
        },
        required=("is_family",),
        constraints=(_first_last("4.11.1"), _malware_family_named),
    ),
    "malware-analysis": sdo(
        "malware-analysis",
        "4.12",
        {
            "product": STRING,
            "version": STRING,
            "host_vm_ref": _SOFTWARE,
            "operating_system_ref": _SOFTWARE,
            "installed_software_refs": list_of(_SOFTWARE),
            "configuration_version": STRING,
            "modules": STRINGS,
            "analysis_engine_version": STRING,
            "analysis_definition_version": STRING,
            "submitted": TIMESTAMP,
            "analysis_started": TIMESTAMP,
            "analysis_ended": TIMESTAMP,
            "result_name": STRING,
            "result": OPEN_VOCAB,
            "analysis_sco_refs": list_of(identifier(section="4.12.1", category="an SCO")),
            "sample_ref": identifier(section="4.12.1", category="an SCO"),
        },
        required=("product",),
        constraints=(at_least_one(("result", "analysis_sco_refs"), "A malware-analysis", "4.12"),),
    ),
    "note": sdo(
        "note",
        "4.13",
        {"abstract": STRING, "content": STRING, "authors": STRINGS, "object_refs": _OBJECT_REFS},
        required=("content", "object_refs"),
    ),
    "observed-data": sdo(
        "observed-data",
        "4.14",
        {
            "first_observed": TIMESTAMP,
            "last_observed": TIMESTAMP,
            "number_observed": integer(1, 999_999_999, "4.14.1"),
            "objects": Kind(check=_observable_container),
            "object_refs": list_of(identifier(section="4.14.1", category="an SCO or SRO")),
        },
        required=("first_observed", "last_observed", "number_observed"),
        constraints=(
            ordered("first_observed", "last_observed", "4.14.1"),
            exactly_one(("objects", "object_refs"), "An observed-data", "4.14"),
            _observed_sco,
        ),
    ),
    "opinion": sdo(
        "opinion",
        "4.15",
        {
            "explanation": STRING,
            "authors": STRINGS,
            "opinion": enum(OPINION, "opinion-enum", "10.18"),
            "object_refs": _OBJECT_REFS,
        },
        required=("opinion", "object_refs"),
    ),
    "report": sdo(
        "report",
        "4.16",
        {
            "name": STRING,
            "description": STRING,
            "report_types": OPEN_VOCABS,
            "published": TIMESTAMP,
            "object_refs": _OBJECT_REFS,
        },
        required=("name", "published", "object_refs"),
    ),
    "threat-actor": sdo(
        "threat-actor",
        "4.17",
        {
            "name": STRING,
            "description": STRING,
            "threat_actor_types": OPEN_VOCABS,
            "aliases": STRINGS,
            "first_seen": TIMESTAMP,
            "last_seen": TIMESTAMP,
            "roles": OPEN_VOCABS,
            "goals": STRINGS,
            "sophistication": OPEN_VOCAB,
            "resource_level": OPEN_VOCAB,
            "primary_motivation": OPEN_VOCAB,
            "secondary_motivations": OPEN_VOCABS,
            "personal_motivations": OPEN_VOCABS,
        },
        required=("name",),
        constraints=(_first_last("4.17.1"),),
    ),
    "tool": sdo(
        "tool",
        "4.18",
        {
            "name": STRING,
            "description": STRING,
            "tool_types": OPEN_VOCABS,
            "aliases": STRINGS,
            "kill_chain_phases": KILL_CHAIN_PHASES,
            "tool_version": STRING,
        },
        required=("name",),
    ),
    "vulnerability": sdo(
        "vulnerability",
        "4.19",
        {"name": STRING, "description": STRING},
        required=("name",),
        constraints=(
            _named_references(
                "cve", re.compile(r"CVE-[0-9]{4}-[0-9]{4,}\Z"), "CVE-2016-1234", "4.19.1"
            ),
        ),
    ),
}

# ---------------------------------------------------------------------------------------
# STIX Relationship Objects (§5)

_SOURCE_OR_TARGET = identifier(section="5.1.2", category="an SDO or SCO")
SROS: dict[str, Structure] = {
    "relationship": sdo(
        "relationship",
        "5.1",
        {
            "relationship_type": formatted(
                lambda v: re.fullmatch(r"[a-z0-9-]+", v, re.ASCII) is not None,
                f"must be lowercase ASCII letters, digits and hyphens, such as indicates "
                f"({spec('5.1.2')})",
            ),
            "description": STRING,
            "source_ref": _SOURCE_OR_TARGET,
            "target_ref": _SOURCE_OR_TARGET,
            "start_time": TIMESTAMP,
            "stop_time": TIMESTAMP,
        },
        required=("relationship_type", "source_ref", "target_ref"),
        constraints=(ordered("start_time", "stop_time", "5.1.2", strictly=True),),
    ),
    "sighting": sdo(
        "sighting",
        "5.2",
        {
            "description": STRING,
            "first_seen": TIMESTAMP,
            "last_seen": TIMESTAMP,
            "count": integer(0, 999_999_999, "5.2.1"),
            "sighting_of_ref": identifier(section="5.2.1", category="an SDO"),
            "observed_data_refs": list_of(identifier(("observed-data",), "5.2.1")),
            "where_sighted_refs": list_of(identifier(("identity", "location"), "5.2.1")),
            "summary": BOOLEAN,
        },
        required=("sighting_of_ref",),
        constraints=(_first_last("5.2.1"),),
    ),
}
