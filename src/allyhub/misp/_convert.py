"""MISP events ↔ STIX 2.1 through misp-stix, with MISP's inheritance made explicit."""

from __future__ import annotations

import copy
import logging
import uuid
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from allyhub.charter import Tlp
from allyhub.errors import InvalidRequest
from allyhub.stix.markings import TLP_MARKINGS, releasability_marking

log = logging.getLogger("allyhub.misp")

_TLP_TAGS = {
    "tlp:clear": Tlp.CLEAR,
    "tlp:white": Tlp.CLEAR,
    "tlp:green": Tlp.GREEN,
    "tlp:amber": Tlp.AMBER,
    "tlp:amber+strict": Tlp.AMBER_STRICT,
    "tlp:red": Tlp.RED,
}
_SHARING_GROUP = 4
_INHERIT = 5
_CONTAINERS = frozenset({"grouping", "report"})


def read_events(data: Any) -> list[dict[str, Any]]:
    """The events in a MISP JSON document: `{"Event": {...}}` (MISP's export, a feed's
    event file), a list of those, `{"response": [...]}` (MISP's REST search), or the
    event dict itself (PyMISP's `to_dict()`)."""
    if isinstance(data, Mapping) and "response" in data:
        data = data["response"]
    items = data if isinstance(data, list) else [data]
    events = []
    for index, item in enumerate(items):
        event = item.get("Event", item) if isinstance(item, Mapping) else None
        if not isinstance(event, Mapping) or not isinstance(event.get("info"), str):
            raise InvalidRequest(
                f"events[{index}]: not a MISP event (a JSON object with `info`, as MISP "
                'exports them: {"Event": {"info": ..., "Attribute": [...]}})'
            )
        events.append(dict(event))
    return events


def _tags(entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    tags = entry.get("Tag")
    return [t for t in tags if isinstance(t, dict)] if isinstance(tags, list) else []


def _tlp_tags(entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [t for t in _tags(entry) if str(t.get("name", "")).lower() in _TLP_TAGS]


def _attributes(event: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    """Every attribute of an event: its own and those of its objects (with the object)."""
    for attribute in event.get("Attribute") or ():
        if isinstance(attribute, dict):
            yield attribute
    for misp_object in event.get("Object") or ():
        if isinstance(misp_object, dict):
            for attribute in misp_object.get("Attribute") or ():
                if isinstance(attribute, dict):
                    yield attribute


def _distribution(entry: Mapping[str, Any], inherited: int) -> int:
    try:
        value = int(entry.get("distribution", _INHERIT))
    except (TypeError, ValueError):
        return inherited
    return inherited if value == _INHERIT else value


def _sharing_orgs(entry: Mapping[str, Any]) -> list[str]:
    group = entry.get("SharingGroup")
    if not isinstance(group, Mapping):
        return []
    orgs = []
    for member in group.get("SharingGroupOrg") or ():
        org = member.get("Organisation") if isinstance(member, Mapping) else None
        if isinstance(org, Mapping) and isinstance(org.get("uuid"), str):
            orgs.append(org["uuid"].lower())
    return orgs


def inherit(
    event: Mapping[str, Any], organisations: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The event with MISP's inheritance written out: each attribute without a TLP tag
    of its own gets the event's (and so does each object's attribute); and, per UUID of
    an attribute or object shared with a sharing group, the member identities its
    organisations are (`organisations`: MISP organisation UUID → member identity)."""
    event = dict(copy.deepcopy(dict(event)))
    event_tlp = _tlp_tags(event)
    event_distribution = _distribution(event, 1)
    event_orgs = _sharing_orgs(event)
    released: dict[str, list[str]] = {}

    def release(entry: dict[str, Any], inherited: int, orgs: list[str]) -> None:
        distribution = _distribution(entry, inherited)
        own = _sharing_orgs(entry) or (orgs if distribution == _SHARING_GROUP else [])
        if distribution == _SHARING_GROUP and own and isinstance(entry.get("uuid"), str):
            members = sorted({organisations[o] for o in own if o in organisations})
            released[entry["uuid"].lower()] = members
        if _distribution(entry, 0) == _SHARING_GROUP and not entry.get("sharing_group_id"):
            # a group written out whole, without MISP's local id: PyMISP (inside
            # misp-stix) drops it unless it has one; the release list replaces it here
            entry["sharing_group_id"] = "1"

    release(event, 1, [])
    for attribute in event.get("Attribute") or ():
        if isinstance(attribute, dict):
            release(attribute, event_distribution, event_orgs)
    for misp_object in event.get("Object") or ():
        if not isinstance(misp_object, dict):
            continue
        release(misp_object, event_distribution, event_orgs)
        object_distribution = _distribution(misp_object, event_distribution)
        for attribute in misp_object.get("Attribute") or ():
            if isinstance(attribute, dict):
                release(attribute, object_distribution, event_orgs)
    for attribute in _attributes(event):
        if not _tlp_tags(attribute) and event_tlp:
            attribute["Tag"] = _tags(attribute) + copy.deepcopy(event_tlp)
    return event, released


def _level(obj: Mapping[str, Any], default: Tlp) -> Tlp:
    levels = [TLP_MARKINGS[r] for r in obj.get("object_marking_refs", ()) if r in TLP_MARKINGS]
    return max(levels) if levels else default


def _uuid_of(stix_id: str) -> str:
    return stix_id.rsplit("--", 1)[-1].lower()


def events_to_stix(
    events: Sequence[Mapping[str, Any]],
    organisations: Mapping[str, str],
    author: str,
    default: Tlp,
) -> list[list[dict[str, Any]]]:
    """Each event as STIX 2.1 objects (one list per event), made by misp-stix and marked
    as MISP meant: inheritance first (`inherit`); then every object misp-stix left
    unmarked takes the marking of what it belongs to (an SCO its observed data's, a
    relationship the narrowest of its ends'), else the event's; the event's container
    is marked as narrowly as what it holds (so it reveals nothing to whoever may not
    see a part); objects of a sharing group get the release list of its members'
    identities, made by `author` (the importing member's identity)."""
    from misp_stix_converter import MISPtoSTIX21Parser

    converted = []
    for event in events:
        explicit, released = inherit(event, organisations)
        tagged = [_TLP_TAGS[str(t["name"]).lower()] for t in _tlp_tags(explicit)]
        event_level = max(tagged, default=default)
        parser = MISPtoSTIX21Parser()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parser.parse_misp_event(explicit)
            objects = [orjson.loads(o.serialize()) for o in parser.stix_objects]
        converted.append(_marked(objects, released, author, event_level))
    return converted


def _marked(
    objects: list[dict[str, Any]], released: Mapping[str, list[str]], author: str, event: Tlp
) -> list[dict[str, Any]]:
    by_id = {o["id"]: o for o in objects}
    level = {o["id"]: _level(o, event) for o in objects if o.get("object_marking_refs")}
    # TLP 1.0's ids where it has the level (misp-stix reads and writes those), else 2.0's
    marking_of = {level_: ref for ref, level_ in TLP_MARKINGS.items()}
    for obj in objects:  # an SCO is its observed data's value: the same marking
        if obj["type"] == "observed-data":
            for ref in obj.get("object_refs", ()):
                if ref in by_id and not by_id[ref].get("object_marking_refs"):
                    mine = level.get(obj["id"], event)
                    level[ref] = max(level.get(ref, Tlp.CLEAR), mine)
    for obj in objects:
        if obj["type"] == "relationship":
            ends = [level.get(obj.get(k, ""), event) for k in ("source_ref", "target_ref")]
            level.setdefault(obj["id"], max(ends))
    for obj in objects:
        if obj["type"] in _CONTAINERS:
            held = [level.get(r, event) for r in obj.get("object_refs", ()) if r in by_id]
            level[obj["id"]] = max([level.get(obj["id"], event), *held])
    lists: dict[tuple[str, ...], dict[str, Any]] = {}
    for obj in objects:
        if obj["type"] == "marking-definition":
            continue
        members = released.get(_uuid_of(obj["id"]))
        if not members:
            # what refers to what a sharing group may see (the event's container, a
            # relationship) is that group's too: it would name it to everyone else
            named = [*obj.get("object_refs", ()), obj.get("source_ref"), obj.get("target_ref")]
            groups = [released.get(_uuid_of(r)) for r in named if isinstance(r, str)]
            members = sorted({m for group in groups if group for m in group}) or None
        wanted = level.get(obj["id"], event)
        if members:  # a release list restricts from AMBER on (docs/policy.md)
            wanted = max(wanted, Tlp.AMBER)
        refs = [r for r in obj.get("object_marking_refs", ()) if r not in TLP_MARKINGS]
        if _level(obj, Tlp.CLEAR) != wanted or not obj.get("object_marking_refs"):
            current = [r for r in obj.get("object_marking_refs", ()) if r in TLP_MARKINGS]
            keep = [r for r in current if TLP_MARKINGS[r] == wanted]
            refs = [*refs, *(keep[:1] or [marking_of[wanted]])]
        else:
            refs = list(obj["object_marking_refs"])
        if members:
            key = tuple(members)
            if key not in lists:
                lists[key] = releasability_marking(members, author)
                if not author:  # a feed's: made by no member
                    del lists[key]["created_by_ref"]
            refs.append(lists[key]["id"])
        obj["object_marking_refs"] = refs
    return [*lists.values(), *objects]


def stix_to_events(objects: Sequence[Mapping[str, Any]], orgc: Mapping[str, str]) -> list[Any]:
    """STIX 2.1 objects → PyMISP MISPEvents, by misp-stix: its internal parser for what
    misp-stix made (events come back whole, with their UUIDs), the external one for the
    rest. Markings that are not TLP (release lists) are left out: a MISP feed is already
    one principal's view. `orgc` (name, uuid) is the creator organisation of events that
    name none (MISP's feed format needs one)."""
    from misp_stix_converter import ExternalSTIX2toMISPParser, InternalSTIX2toMISPParser
    from misp_stix_converter.tools.stix2_to_misp_helpers import is_stix2_from_misp
    from pymisp import MISPOrganisation
    from stix2.parsing import parse as parse_stix

    kept = []
    for obj in objects:
        if obj.get("type") == "marking-definition" and obj.get("id") not in TLP_MARKINGS:
            continue
        copied = dict(obj)
        refs = [r for r in obj.get("object_marking_refs", ()) if r in TLP_MARKINGS]
        if refs:
            copied["object_marking_refs"] = refs
        else:
            copied.pop("object_marking_refs", None)
        kept.append(copied)
    if not kept:
        return []
    bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": kept}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = parse_stix(bundle, allow_custom=True)
        internal = is_stix2_from_misp(kept)
        parser = InternalSTIX2toMISPParser() if internal else ExternalSTIX2toMISPParser()
        parser.load_stix_bundle(loaded)
        parser.parse_stix_bundle(single_event=False) if not internal else parser.parse_stix_bundle()
        found = parser.misp_events
    events = found if isinstance(found, list) else [found]
    for event in events:
        if not getattr(event, "Orgc", None) or not getattr(event.Orgc, "uuid", None):
            organisation = MISPOrganisation()
            organisation.from_dict(name=orgc["name"], uuid=orgc["uuid"])
            event.Orgc = organisation
    return events
