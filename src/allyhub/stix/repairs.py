"""Repairs of what real producers emit and STIX 2.1 forbids: each to its valid form, said.

The validator (validate.py) is as strict as the specification. Some producers break a
MUST in ways whose meaning is plain (MISP through misp-stix writes one e-mail header
value as a string, OpenCTI writes its internal `id` inside its own extension), and
stix2 and stix2-validator let those through. A hub in `repair` mode (the charter's
`rules.stix_intake`) mends them here before validation, and the sharer reads, in that
object's status, what was changed and which rule asked for it. The repaired object is
valid STIX 2.1, so every peer (strict or not) and every consumer takes it as stored.

One function per rule; each changes only what its rule needs and returns a note, or
None when it had nothing to do. docs/stix-validation.md lists each with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from allyhub.stix._formats import is_url
from allyhub.stix._vocabularies import RESERVED_PROPERTY_NAMES
from allyhub.stix.validate import OBJECTS

__all__ = ["RULES", "repair"]

Repair = Callable[[dict[str, Any], str], list[str]]

_NEW_TYPES = frozenset({"new-sdo", "new-sco", "new-sro"})
_SHORT_NAME = re.compile(r"[a-z0-9_]{1,2}\Z", re.ASCII)
_HIVES = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKU": "HKEY_USERS",
    "HKCC": "HKEY_CURRENT_CONFIG",
    "HKPD": "HKEY_PERFORMANCE_DATA",
}
# A web address written without its scheme: a host name or IPv4 address, then an
# optional port and path; nothing that could be read as another scheme or a file path.
_SCHEMELESS = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}(?::\d{1,5})?"
    r"(?:[/?#][^\s]*)?\Z"
)


def _extension_types(obj: dict[str, Any], where: str) -> list[str]:
    """`new-sdo` (-sro, -sco) on a type STIX 2.1 predefines: OpenCTI flags its incidents
    so. An extension adds properties to a predefined object; it cannot define it anew
    (§7.3), so the valid form of what was meant is `property-extension`."""
    if obj.get("type") not in OBJECTS:
        return []
    notes = []
    for key, content in _defined_extensions(obj):
        kind = content.get("extension_type")
        if isinstance(kind, str) and kind in _NEW_TYPES:
            content["extension_type"] = "property-extension"
            notes.append(
                f"{where}extensions.{key}.extension_type: {kind} on a predefined "
                f"{obj['type']} read as property-extension (STIX 2.1 §7.3)"
            )
    return notes


def _short_extension_properties(obj: dict[str, Any], where: str) -> list[str]:
    """Property names of one or two characters inside an extension (OpenCTI's `id`):
    names have 3 to 250 characters (§3.1, §7.3.2); `x_` is put before them."""
    notes = []
    for key, content in _defined_extensions(obj):
        for name in [n for n in content if isinstance(n, str) and _SHORT_NAME.match(n)]:
            renamed = f"x_{name}"
            if renamed in content:
                continue
            content[renamed] = content.pop(name)
            notes.append(
                f"{where}extensions.{key}.{name} renamed {renamed}: property names have 3 to "
                "250 characters (STIX 2.1 §3.1)"
            )
    return notes


def _reserved_names(obj: dict[str, Any], where: str) -> list[str]:
    """A top-level property with a name STIX 2.1 reserves (`severity` on OpenCTI's
    incidents): no content may use it (§3.8); kept as the custom property `x_<name>`."""
    notes = []
    for name in sorted(RESERVED_PROPERTY_NAMES & obj.keys()):
        renamed = f"x_{name}"
        if renamed in obj:
            continue
        obj[renamed] = obj.pop(name)
        notes.append(f"{where}{name} renamed {renamed}: STIX 2.1 reserves the name (§3.8)")
    return notes


def _header_lists(obj: dict[str, Any], where: str) -> list[str]:
    """E-mail `additional_header_fields` and HTTP `request_header` values given as one
    string (misp-stix does): each value MUST be a list of strings (§6.6.1, §6.12.2), so
    the string becomes a list of one."""
    headers: list[tuple[str, Any]] = []
    if obj.get("type") == "email-message":
        headers.append(("additional_header_fields", obj.get("additional_header_fields")))
    if obj.get("type") == "network-traffic":
        extensions = obj.get("extensions")
        request = extensions.get("http-request-ext") if isinstance(extensions, dict) else None
        if isinstance(request, dict):
            headers.append(
                ("extensions.http-request-ext.request_header", request.get("request_header"))
            )
    notes = []
    for path, fields in headers:
        if not isinstance(fields, dict):
            continue
        for name, value in fields.items():
            if isinstance(value, str):
                fields[name] = [value]
                notes.append(
                    f"{where}{path}.{name}: a string made a list of one string "
                    "(header values are lists, STIX 2.1 §6.6.1, §6.12.2)"
                )
    return notes


def _registry_hive(obj: dict[str, Any], where: str) -> list[str]:
    """A registry key whose hive is abbreviated (HKLM): the hive MUST be written in full
    (§6.17.1), and each abbreviation names exactly one hive."""
    key = obj.get("key") if obj.get("type") == "windows-registry-key" else None
    if not isinstance(key, str):
        return []
    hive, sep, rest = key.partition("\\")
    full = _HIVES.get(hive.upper())
    if full is None:
        return []
    obj["key"] = full + sep + rest
    return [f"{where}key: hive {hive} written in full as {full} (STIX 2.1 §6.17.1)"]


def _url_scheme(obj: dict[str, Any], where: str) -> list[str]:
    """A URL written without a scheme (`example.com/path`, as MISP url attributes often
    are): a URL MUST conform to RFC 3986 §1.1.3, which needs one. Only a value that is
    plainly a web address gets `http://`; anything else stays refused."""
    value = obj.get("value") if obj.get("type") == "url" else None
    if not isinstance(value, str) or is_url(value) or not _SCHEMELESS.match(value):
        return []
    obj["value"] = "http://" + value
    return [f"{where}value: no scheme; http:// put before it (RFC 3986, STIX 2.1 §6.15.1)"]


def _defined_extensions(obj: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    extensions = obj.get("extensions")
    if not isinstance(extensions, dict):
        return []
    return [
        (key, content)
        for key, content in extensions.items()
        if isinstance(key, str)
        and key.startswith("extension-definition--")
        and isinstance(content, dict)
    ]


RULES: tuple[Repair, ...] = (
    _extension_types,
    _short_extension_properties,
    _reserved_names,
    _header_lists,
    _registry_hive,
    _url_scheme,
)
"""Every repair, in the order they run."""


def repair(obj: Any) -> list[str]:
    """Mend `obj` in place where a rule of RULES applies; what was changed, one note
    each. The SCOs of a deprecated observed-data `objects` container are mended too."""
    if not isinstance(obj, dict):
        return []
    notes = [note for rule in RULES for note in rule(obj, "")]
    contained = obj.get("objects") if obj.get("type") == "observed-data" else None
    if isinstance(contained, dict):
        for key, inner in contained.items():
            if isinstance(inner, dict):
                notes += [note for rule in RULES for note in rule(inner, f"objects.{key}.")]
    return notes
