"""What every STIX 2.1 object shares: common properties, nested types, extensions.

The builders here (`sdo`, `sco`, `meta_object`, `custom_object`) merge an object type's
own property table with the common properties of its category (§3.2) and the rules that
hold for every object: `modified` not before `created`, granular marking selectors that
select something, and `extensions` keyed by extension definitions or predefined names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from allyhub.stix._formats import (
    identifier_pattern,
    is_custom_extension_name,
    is_property_name,
)
from allyhub.stix._properties import (
    BOOLEAN,
    LANGUAGE_TAG,
    OPEN_VOCAB,
    STRING,
    VERSIONING_TIMESTAMP,
    Constraint,
    JSONObject,
    Kind,
    Report,
    Structure,
    at,
    at_least_one,
    constant,
    enum,
    exactly_one,
    forbidden,
    formatted,
    hashes,
    identifier,
    integer,
    list_of,
    ordered,
    own_identifier,
    spec,
)
from allyhub.stix._vocabularies import (
    EXTENSION_TYPE,
    PREDEFINED_EXTENSIONS,
)

# ---------------------------------------------------------------------------------------
# Types nested in objects (§2, §7.2.3)

_SELECTOR = re.compile(r"(?:[^.\[\]]+|\[[0-9]+\])(?:\.(?:[^.\[\]]+|\[[0-9]+\]))*\Z")

EXTERNAL_REFERENCE = Structure(
    "an external reference",
    "2.5",
    {
        "source_name": STRING,
        "description": STRING,
        "url": STRING,
        "hashes": hashes(vocabulary_only=True),
        "external_id": STRING,
    },
    required=("source_name",),
    constraints=(
        at_least_one(("description", "url", "external_id"), "An external reference", "2.5.2"),
    ),
)
KILL_CHAIN_PHASE = Structure(
    "a kill chain phase",
    "2.11",
    {"kill_chain_name": STRING, "phase_name": STRING},
    required=("kill_chain_name", "phase_name"),
)
GRANULAR_MARKING = Structure(
    "a granular marking",
    "7.2.3",
    {
        "lang": LANGUAGE_TAG,
        "marking_ref": identifier(("marking-definition",), "7.2.3"),
        "selectors": list_of(
            formatted(
                lambda v: _SELECTOR.match(v) is not None,
                "must be a selector: property names, dictionary keys and list indexes [n] "
                f"joined by dots, such as external_references.[0].url ({spec('7.2.3')})",
            )
        ),
    },
    required=("selectors",),
    constraints=(exactly_one(("lang", "marking_ref"), "A granular marking", "7.2.3"),),
)
KILL_CHAIN_PHASES = list_of(KILL_CHAIN_PHASE.kind)
STRINGS = list_of(STRING)
OPEN_VOCABS = list_of(OPEN_VOCAB)
SPEC_VERSION = constant("2.1", "3.2")

# ---------------------------------------------------------------------------------------
# Rules shared by every object


def _selectors_resolve(obj: JSONObject, path: str, report: Report) -> None:
    """Selectors must name content present on the marked object (§7.2.3)."""
    markings = obj.get("granular_markings")
    if type(markings) is not list:
        return
    for i, marking in enumerate(markings):
        selectors = marking.get("selectors") if type(marking) is dict else None
        if type(selectors) is not list:
            continue
        for j, selector in enumerate(selectors):
            if type(selector) is str and _SELECTOR.match(selector) and not _selects(obj, selector):
                report.append(
                    (
                        at(path, f"granular_markings[{i}].selectors[{j}]"),
                        f"must select content present on this object, but {selector!r} "
                        f"selects nothing ({spec('7.2.3')})",
                    )
                )


def _selects(obj: JSONObject, selector: str) -> bool:
    current: object = obj
    for part in selector.split("."):
        if part[0] == "[":
            index = int(part[1:-1])
            if type(current) is not list or index >= len(current):
                return False
            current = current[index]
        else:
            if type(current) is not dict or part not in current:
                return False
            current = current[part]
    return True


_VERSIONED = ordered("created", "modified", "3.2")
_COMMON_CONSTRAINTS: tuple[Constraint, ...] = (_VERSIONED, _selectors_resolve)

# ---------------------------------------------------------------------------------------
# Extensions (§3.2 extensions, §3.10, §7.3, §11.3)

_EXTENSION_ID = identifier_pattern(frozenset({"extension-definition"})).match
_EXTENSION_TYPE = enum(EXTENSION_TYPE, "extension-type-enum", "10.5").leaf
_NEW_TYPES = frozenset({"new-sdo", "new-sco", "new-sro"})


def _check_defined_extension(
    content: object, path: str, report: Report, owner: str, predefined_owner: bool
) -> None:
    """The value of an `extension-definition--…` key: extension_type and properties."""
    if type(content) is not dict or not content:
        report.append(
            (path, f"must be a JSON object holding the extension's properties ({spec('3.2')})")
        )
        return
    assert _EXTENSION_TYPE is not None
    if "extension_type" not in content:
        report.append(
            (
                at(path, "extension_type"),
                "must be present in an extension that an extension definition defines "
                f"({spec('3.2')})",
            )
        )
    for name, value in content.items():
        if name == "extension_type":
            problem = _EXTENSION_TYPE(value)
            if problem is not None:
                report.append((at(path, name), problem))
            elif predefined_owner and value in _NEW_TYPES:
                report.append(
                    (
                        at(path, name),
                        f"cannot be {value} on a {owner}: extensions must not redefine the "
                        f"predefined object types ({spec('7.3')})",
                    )
                )
        elif type(name) is not str or not is_property_name(name):
            report.append(
                (
                    at(path, name),
                    "is not a valid extension property name: use 3 to 250 of a-z, 0-9 and _, "
                    f"starting with a letter ({spec('7.3.2')})",
                )
            )


def _check_custom_extension(content: object, path: str, report: Report) -> None:
    """A deprecated custom SCO extension (§11.3.1): one or more validly named properties."""
    if type(content) is not dict or not content:
        report.append(
            (path, f"must be a JSON object with one or more properties ({spec('11.3.1')})")
        )
        return
    for name in content:
        if type(name) is not str or not is_property_name(name):
            report.append(
                (
                    at(path, name),
                    "is not a valid custom extension property name: use 3 to 250 of a-z, 0-9 "
                    f"and _, starting with a letter ({spec('11.3.1')})",
                )
            )


def extensions(
    owner: str, predefined: Mapping[str, Structure], sco: bool, predefined_owner: bool
) -> Kind:
    """The `extensions` dictionary of objects of type `owner`."""
    rule = f"must be a non-empty dictionary of extensions ({spec('3.2')})"
    allowed = "extension-definition--<UUID> ids"
    if predefined:
        allowed += ", the predefined " + ", ".join(sorted(predefined))
    if sco:
        allowed += " or deprecated custom x-…-ext names (§11.3)"
    unknown_rule = f"is not an extension of {owner}: keys must be {allowed} ({spec('3.2')})"

    def check(value: object, path: str, report: Report) -> None:
        if type(value) is not dict or not value:
            report.append((path, rule))
            return
        for key, content in value.items():
            where = at(path, key)
            if type(key) is not str:
                report.append((where, unknown_rule))
                continue
            structure = predefined.get(key)
            if structure is not None:
                structure.check(content, where, report)
            elif key.startswith("extension-definition--"):
                if _EXTENSION_ID(key) is None:
                    report.append(
                        (
                            where,
                            "must be the id of an extension definition: "
                            f"extension-definition--<UUID> ({spec('3.2')})",
                        )
                    )
                else:
                    _check_defined_extension(content, where, report, owner, predefined_owner)
            elif key in PREDEFINED_EXTENSIONS:
                extended, section = PREDEFINED_EXTENSIONS[key]
                report.append(
                    (
                        where,
                        f"is the predefined extension of {extended}, not of {owner} "
                        f"({spec(section)})",
                    )
                )
            elif sco and is_custom_extension_name(key):
                _check_custom_extension(content, where, report)
            else:
                report.append((where, unknown_rule))

    return Kind(check=check)


def extension(
    name: str,
    owner: str,
    section: str,
    properties: Mapping[str, Kind],
    required: tuple[str, ...] = (),
    at_least: tuple[str, ...] = (),
    constraints: tuple[Constraint, ...] = (),
) -> Structure:
    """A predefined extension (§3.10), e.g. ntfs-ext of file."""
    assert PREDEFINED_EXTENSIONS[name] == (owner, section)
    rules = constraints
    if at_least:
        rules = (*rules, at_least_one(at_least, f"The {name} extension", section))
    return Structure(f"the {name} extension", section, properties, required, rules)


# ---------------------------------------------------------------------------------------
# Object categories: the common properties each one takes (§3.2)


def _common(type_name: str, section: str) -> dict[str, Kind]:
    return {
        "type": constant(type_name, section),
        "spec_version": SPEC_VERSION,
        "id": own_identifier(type_name, "3.2"),
        "created_by_ref": identifier(("identity",), "3.2"),
        "created": VERSIONING_TIMESTAMP,
        "modified": VERSIONING_TIMESTAMP,
        "revoked": BOOLEAN,
        "labels": STRINGS,
        "confidence": integer(0, 100, "3.2"),
        "lang": LANGUAGE_TAG,
        "external_references": list_of(EXTERNAL_REFERENCE.kind),
        "object_marking_refs": list_of(identifier(("marking-definition",), "3.2")),
        "granular_markings": list_of(GRANULAR_MARKING.kind),
        "defanged": forbidden(
            f"must not be used outside SCOs: only SCOs may be defanged ({spec('3.2')})"
        ),
    }


_SDO_REQUIRED = ("type", "spec_version", "id", "created", "modified")
_SCO_REQUIRED = ("type", "id")


def _build(
    type_name: str,
    section: str,
    title: str,
    properties: Mapping[str, Kind],
    required: tuple[str, ...],
    constraints: tuple[Constraint, ...],
    *,
    sco: bool,
    predefined_extensions: Mapping[str, Structure] | None = None,
    predefined_type: bool = True,
) -> Structure:
    table = _common(type_name, section)
    if sco:
        table["defanged"] = BOOLEAN
    table["extensions"] = extensions(
        type_name, predefined_extensions or {}, sco=sco, predefined_owner=predefined_type
    )
    table.update(properties)
    return Structure(title, section, table, required, (*_COMMON_CONSTRAINTS, *constraints))


def article(type_name: str) -> str:
    """`an indicator`, `a relationship`: how messages name an object of the type."""
    return f"{'an' if type_name[0] in 'aeiox' else 'a'} {type_name}"


def sdo(
    type_name: str,
    section: str,
    properties: Mapping[str, Kind],
    required: tuple[str, ...] = (),
    constraints: tuple[Constraint, ...] = (),
) -> Structure:
    return _build(
        type_name,
        section,
        article(type_name),
        properties,
        (*_SDO_REQUIRED, *required),
        constraints,
        sco=False,
    )


def sco(
    type_name: str,
    section: str,
    properties: Mapping[str, Kind],
    required: tuple[str, ...] = (),
    constraints: tuple[Constraint, ...] = (),
    predefined_extensions: Mapping[str, Structure] | None = None,
) -> Structure:
    return _build(
        type_name,
        section,
        article(type_name),
        properties,
        (*_SCO_REQUIRED, *required),
        constraints,
        sco=True,
        predefined_extensions=predefined_extensions,
    )


def meta_object(
    type_name: str,
    section: str,
    properties: Mapping[str, Kind],
    required: tuple[str, ...],
    constraints: tuple[Constraint, ...] = (),
) -> Structure:
    return _build(
        type_name,
        section,
        article(type_name),
        properties,
        ("type", "spec_version", "id", *required),
        constraints,
        sco=False,
    )


@lru_cache(maxsize=512)
def custom_object(type_name: str, category: str) -> Structure:
    """A custom object type: only the common properties of its category are known.

    `category` is "sdo", "sro" or "sco" for types defined through an extension
    definition (new-sdo, new-sro, new-sco, §7.3), or "" for deprecated custom objects
    (§11.2), of which only `type` and `id` are required.
    """
    title = f"{article(type_name)} object"
    if category == "sco":
        return _build(
            type_name, "7.3", title, {}, _SCO_REQUIRED, (), sco=True, predefined_type=False
        )
    if category:
        return _build(
            type_name, "7.3", title, {}, _SDO_REQUIRED, (), sco=False, predefined_type=False
        )
    return _build(type_name, "11.2", title, {}, _SCO_REQUIRED, (), sco=True, predefined_type=False)
