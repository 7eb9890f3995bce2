"""The STIX Meta Objects (§7): language content, marking and extension definitions.

Marking definitions get the closest look, since the hub decides visibility by them: the
four TLP 1.0 definitions are the only ones that may exist (§7.2.1.4), and a TLP 2.0
definition must be exactly one of the five that its OASIS extension defines.
"""

from __future__ import annotations

from allyhub.stix._common import (
    STRINGS,
    meta_object,
)
from allyhub.stix._formats import (
    is_language_tag,
)
from allyhub.stix._properties import (
    OPEN_VOCAB,
    STRING,
    TIMESTAMP,
    JSONObject,
    Kind,
    Report,
    Structure,
    at,
    enum,
    identifier,
    list_of,
    spec,
)
from allyhub.stix._vocabularies import (
    EXTENSION_TYPE,
    TLP1_CREATED,
    TLP1_MARKINGS,
    TLP2_EXTENSION,
    TLP2_MARKINGS,
)
from allyhub.timestamps import compare_timestamps, is_timestamp

# ---------------------------------------------------------------------------------------
# STIX Meta Objects (§7)


def _language_contents(value: object, path: str, report: Report) -> None:
    """language-content `contents`: language tags to dictionaries of translations (§7.1.1)."""
    if type(value) is not dict or not value:
        report.append(
            (
                path,
                "must be a non-empty dictionary of language tags to translations "
                f"({spec('7.1.1')})",
            )
        )
        return
    for key, translations in value.items():
        if type(key) is not str or not is_language_tag(key):
            report.append(
                (
                    at(path, key),
                    f"must be an RFC 5646 language tag such as de or zh-Hant ({spec('7.1.1')})",
                )
            )
        elif type(translations) is not dict or not translations:
            report.append(
                (
                    at(path, key),
                    "must be a non-empty dictionary mirroring the translated properties "
                    f"({spec('7.1.1')})",
                )
            )


def _marking_definition(obj: JSONObject, path: str, report: Report) -> None:
    """definition_type and definition go together unless extensions define the marking."""
    definition_type = obj.get("definition_type")
    definition = obj.get("definition")
    if "extensions" not in obj:
        for name in ("definition_type", "definition"):
            if name not in obj:
                report.append(
                    (at(path, name), f"must be present when extensions is not ({spec('7.2.1')})")
                )
    if "definition" in obj and "definition_type" not in obj:
        report.append(
            (
                at(path, "definition_type"),
                f"must be present to say what definition holds ({spec('7.2.1')})",
            )
        )
    if type(definition_type) is not str or type(definition) is not dict:
        return
    if definition_type == "tlp":
        _tlp1(obj, definition, path, report)
    elif definition_type == "statement":
        if set(definition) != {"statement"} or type(definition["statement"]) is not str:
            report.append(
                (
                    at(path, "definition"),
                    f'must be {{"statement": "<text>"}} and nothing else ({spec("7.2.1.3")})',
                )
            )
    elif not definition:
        report.append((at(path, "definition"), f"must hold the marking ({spec('7.2.1')})"))


def _tlp1(obj: JSONObject, definition: JSONObject, path: str, report: Report) -> None:
    """Only the four TLP 1.0 marking definitions of §7.2.1.4 may exist."""
    color = definition.get("tlp")
    if set(definition) != {"tlp"} or type(color) is not str or color not in TLP1_MARKINGS:
        report.append(
            (
                at(path, "definition"),
                'must be {"tlp": "white"}, "green", "amber" or "red" and nothing else '
                f"({spec('7.2.1.4')})",
            )
        )
        return
    if obj.get("id") != TLP1_MARKINGS[color]:
        report.append(
            (
                at(path, "id"),
                f"must be {TLP1_MARKINGS[color]}, the one TLP:{color.upper()} marking "
                f"({spec('7.2.1.4')})",
            )
        )
    created = obj.get("created")
    if type(created) is str and is_timestamp(created) and compare_timestamps(created, TLP1_CREATED):
        report.append(
            (
                at(path, "created"),
                f"must be {TLP1_CREATED}, as in the one TLP:{color.upper()} marking "
                f"({spec('7.2.1.4')})",
            )
        )


_TLP2 = "the TLP 2.0 extension definition, normative by STIX 2.1 §7.3"


def _tlp2(obj: JSONObject, path: str, report: Report) -> None:
    """TLP 2.0 marking definitions must be exactly the ones the OASIS extension defines."""
    extensions_value = obj.get("extensions")
    if type(extensions_value) is not dict:
        return
    content = extensions_value.get(TLP2_EXTENSION)
    if type(content) is not dict:
        return
    where = at(path, f"extensions.{TLP2_EXTENSION}")
    level = content.get("tlp_2_0")
    if (
        type(level) is not str
        or level not in TLP2_MARKINGS
        or set(content) != {"extension_type", "tlp_2_0"}
    ):
        report.append(
            (
                where,
                'must be {"extension_type": "property-extension", "tlp_2_0": <level>} with level '
                f"clear, green, amber, amber+strict or red ({_TLP2})",
            )
        )
        return
    if content.get("extension_type") != "property-extension":
        report.append(
            (
                at(where, "extension_type"),
                f'must be "property-extension" ({_TLP2})',
            )
        )
    expected_id, expected_name = TLP2_MARKINGS[level]
    if obj.get("id") != expected_id:
        report.append(
            (at(path, "id"), f"must be {expected_id}, the one {expected_name} marking ({_TLP2})")
        )
    if obj.get("name") != expected_name:
        report.append((at(path, "name"), f"must be {expected_name} ({_TLP2})"))


def _not_marked_by_itself(obj: JSONObject, path: str, report: Report) -> None:
    """A marking definition must not reference itself (§3.2 object_marking_refs)."""
    own = obj.get("id")
    refs = obj.get("object_marking_refs")
    if type(refs) is list and own in refs:
        report.append(
            (
                at(path, "object_marking_refs"),
                f"must not reference this marking definition itself ({spec('3.2')})",
            )
        )
    markings = obj.get("granular_markings")
    if type(markings) is list:
        for i, marking in enumerate(markings):
            if type(marking) is dict and marking.get("marking_ref") == own:
                report.append(
                    (
                        at(path, f"granular_markings[{i}].marking_ref"),
                        f"must not reference this marking definition itself ({spec('3.2')})",
                    )
                )


def _extension_properties(obj: JSONObject, path: str, report: Report) -> None:
    types = obj.get("extension_types")
    if (
        "extension_properties" in obj
        and type(types) is list
        and "toplevel-property-extension" not in types
    ):
        report.append(
            (
                at(path, "extension_properties"),
                "may only be used when extension_types includes toplevel-property-extension "
                f"({spec('7.3.1')})",
            )
        )


META: dict[str, Structure] = {
    "language-content": meta_object(
        "language-content",
        "7.1",
        {
            "object_ref": identifier(section="7.1.1"),
            "object_modified": TIMESTAMP,
            "contents": Kind(check=_language_contents),
        },
        required=("created", "modified", "object_ref", "contents"),
    ),
    "marking-definition": meta_object(
        "marking-definition",
        "7.2.1",
        {
            "name": STRING,
            "definition_type": OPEN_VOCAB,
            "definition": Kind(
                leaf=lambda v: (
                    None
                    if type(v) is dict
                    else f"must be a JSON object holding the marking ({spec('7.2.1')})"
                )
            ),
        },
        required=("created",),
        constraints=(_marking_definition, _tlp2, _not_marked_by_itself),
    ),
    "extension-definition": meta_object(
        "extension-definition",
        "7.3",
        {
            "name": STRING,
            "description": STRING,
            "schema": STRING,
            "version": STRING,
            "extension_types": list_of(enum(EXTENSION_TYPE, "extension-type-enum", "10.5")),
            "extension_properties": STRINGS,
        },
        required=(
            "created",
            "modified",
            "created_by_ref",
            "name",
            "schema",
            "version",
            "extension_types",
        ),
        constraints=(_extension_properties,),
    ),
}
