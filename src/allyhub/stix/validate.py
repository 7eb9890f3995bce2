"""Validate one STIX 2.1 object: every MUST of the spec that one object alone can show.

This is the hub's ingestion fast path. stix2 validates about 1,300 objects/s, while a
share must pass 25,000 objects/s through HTTP with full validation; so the rules of
STIX 2.1 are written as tables (`_objects`) compiled at import into small check
functions (`_properties`), and a valid object costs a few dictionary lookups and
predicate calls per property, with no allocation but the result list.

Differential tests hold this module to stix2 (`stix2.parse(obj, allow_custom=True,
version="2.1")`) as an oracle; where the two disagree and the spec sides with us, the
case is listed in docs/stix-validation.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from allyhub.stix._common import custom_object
from allyhub.stix._domain_objects import SDOS, SROS
from allyhub.stix._formats import is_type_name
from allyhub.stix._meta_objects import META
from allyhub.stix._observables import SCOS
from allyhub.stix._properties import Report, Structure, spec
from allyhub.stix._vocabularies import NOT_OBJECT_TYPES

__all__ = ["Problem", "validate"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: where in the object, and what is wrong and how to fix it.

    `path` is a property path such as `created` or `external_references[0].source_name`,
    "" for the object as a whole; `rule` says what the value must be and cites the
    section of STIX 2.1 that requires it.
    """

    path: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}" if self.path else self.rule


OBJECTS: dict[str, Structure] = {**SDOS, **SROS, **SCOS, **META}
"""Every STIX 2.1 object type, by its `type`."""
_NEW_TYPE_CATEGORIES = {"new-sdo": "sdo", "new-sro": "sro", "new-sco": "sco"}


def validate(obj: object) -> list[Problem]:
    """Every MUST of STIX 2.1 that can be checked on one object alone; [] means valid."""
    if type(obj) is not dict:
        return [Problem("", f"must be a JSON object: one STIX Object ({spec('3.2')})")]
    type_name = obj.get("type")
    structure = OBJECTS.get(type_name) if type(type_name) is str else None
    report: Report = []
    if structure is not None:
        structure.check(obj, "", report)
    else:
        _check_custom(obj, type_name, report)
    if not report:
        return []
    return [Problem(path, rule) for path, rule in report]


def _check_custom(obj: dict[str, object], type_name: object, report: Report) -> None:
    """An object of a type STIX 2.1 does not define: a custom object, or no object at all."""
    if type_name is None:
        report.append(("type", f"must be present: every STIX Object has a type ({spec('3.2')})"))
        return
    if type(type_name) is not str:
        report.append(("type", f"must be a string naming the object type ({spec('3.2')})"))
        return
    if type_name in NOT_OBJECT_TYPES:
        report.append(
            (
                "type",
                "is bundle, which is a container and not a STIX Object: validate each of its "
                f"objects instead ({spec('8')})",
            )
        )
        return
    if not is_type_name(type_name):
        report.append(
            (
                "type",
                f"{type_name[:80]!r} is neither a STIX 2.1 object type nor a valid custom type "
                "name: use 3 to 250 of a-z, 0-9 and single hyphens, starting with a letter, "
                f"such as x-acme-widget ({spec('11.2.1')})",
            )
        )
        return
    _custom_structure(obj, type_name).check(obj, "", report)


def _custom_structure(obj: dict[str, object], type_name: str) -> Structure:
    """The common properties a custom object must have, from the extension defining it."""
    category = ""
    extensions = obj.get("extensions")
    if type(extensions) is dict:
        found = {
            _NEW_TYPE_CATEGORIES.get(kind, "")
            for content in extensions.values()
            if type(content) is dict and type(kind := content.get("extension_type")) is str
        } - {""}
        if len(found) == 1:
            category = found.pop()
    return custom_object(type_name, category)
