"""A report, note or opinion written by a person, turned into valid STIX 2.1 objects.

The console's share form fills a `Draft`; `build` makes the objects with the author's
identity as `created_by_ref`, the TLP 2.0 marking, a releasability marking when members
are listed, and the Admiralty grade. Pure: the time and the id maker are passed in. A
draft that cannot become valid STIX raises InvalidRequest naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from allyhub.charter import Tlp
from allyhub.errors import InvalidRequest
from allyhub.stix.markings import (
    CREDIBILITY,
    GRADED_TYPES,
    RELIABILITY,
    TLP2_ID,
    graded,
    releasability_marking,
)

KINDS = ("report", "note", "opinion", "sighting", "relationship")
RESPONSES = ("sighting", "relationship", "note", "opinion")
"""What a member writes about any object from the console's respond form."""
SIGHTABLE = (
    "indicator",
    "malware",
    "threat-actor",
    "intrusion-set",
    "campaign",
    "attack-pattern",
    "infrastructure",
    "tool",
    "identity",
    "location",
)
SUBJECT_TYPES = ("threat-actor", "intrusion-set", "campaign", "identity")
"""What a draft may name as a new subject: the types whose only required property is a
name (an identity made here is a person: identity_class individual)."""
OPINIONS = ("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree")


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str  # report, note or opinion
    name: str  # a report's name, a note's abstract (unused for opinions)
    text: str  # description, content or explanation
    tlp: Tlp
    releasable_to: tuple[str, ...] = ()  # member ids
    reliability: str = ""  # A-F, "" for none
    credibility: int = 0  # 1-6, 0 for none
    about: tuple[str, ...] = ()  # ids of the objects it is about
    subject_type: str = ""  # a new object to create and refer to, or ""
    subject_name: str = ""
    opinion: str = ""  # for opinions
    lang: str = ""  # language of the text (RFC 5646), when known
    labels: tuple[str, ...] = ()  # the object's STIX labels (tags)
    relationship_type: str = ""  # for relationships: about[0] --type--> target
    target: str = ""
    count: int = 0  # for sightings: how many times (0: not said)
    first_seen: str = ""  # for sightings: STIX timestamps, "" when not said
    last_seen: str = ""


def build(
    draft: Draft,
    author: str,
    identities: Mapping[str, str],
    now: str,
    new_id: Callable[[str], str],
) -> list[dict[str, Any]]:
    """The objects of one share: the draft's object first, then its new subject and its
    releasability marking when it has them. `identities` maps member ids to STIX ids."""
    if draft.kind not in KINDS:
        raise InvalidRequest(f"kind: one of {', '.join(KINDS)}")
    if draft.tlp in (Tlp.AMBER_STRICT, Tlp.RED) and not draft.releasable_to:
        raise InvalidRequest(
            f"releasable_to: TLP:{draft.tlp.label.upper()} needs the members it is for"
        )
    unknown = [m for m in draft.releasable_to if m not in identities]
    if unknown:
        raise InvalidRequest(f"releasable_to: {', '.join(unknown)} not a member")
    markings: list[dict[str, Any]] = []
    refs = [TLP2_ID[draft.tlp]]
    if draft.releasable_to and draft.tlp is not Tlp.CLEAR:
        listed = {identities[m] for m in draft.releasable_to} | {author}
        markings.append(releasability_marking(listed, author))
        refs.append(markings[0]["id"])

    def sdo(kind: str, **props: Any) -> dict[str, Any]:
        obj = {
            "type": kind,
            "spec_version": "2.1",
            "id": new_id(kind),
            "created": now,
            "modified": now,
            "created_by_ref": author,
            **{k: v for k, v in props.items() if v not in ("", None, [])},
            "object_marking_refs": refs,
        }
        if draft.lang:
            obj["lang"] = draft.lang
        if draft.labels:
            obj["labels"] = list(draft.labels)
        return obj

    subjects: list[dict[str, Any]] = []
    if draft.subject_name.strip():
        if draft.subject_type not in SUBJECT_TYPES:
            raise InvalidRequest(f"subject_type: one of {', '.join(SUBJECT_TYPES)}")
        extra = {"identity_class": "individual"} if draft.subject_type == "identity" else {}
        subjects.append(sdo(draft.subject_type, name=draft.subject_name.strip(), **extra))
    about = list(dict.fromkeys([*draft.about, *(s["id"] for s in subjects)]))
    if not about:
        raise InvalidRequest("about: name at least one object it is about, or a new subject")
    main = _main(draft, sdo, about, now)
    if draft.kind in ("sighting", "relationship") and draft.lang:
        main.pop("lang", None)
    if draft.reliability or draft.credibility:
        if draft.kind not in GRADED_TYPES:
            raise InvalidRequest("grade: only reports and notes are graded")
        if draft.reliability not in tuple(RELIABILITY) or draft.credibility not in CREDIBILITY:
            raise InvalidRequest("grade: source reliability A-F and credibility 1-6, both")
        main["extensions"] = graded(draft.reliability, draft.credibility)
    return [main, *subjects, *markings]


def _main(
    draft: Draft, sdo: Callable[..., dict[str, Any]], about: list[str], now: str
) -> dict[str, Any]:
    if draft.kind == "report":
        if not draft.name.strip():
            raise InvalidRequest("name: a report needs a name")
        return sdo(
            "report",
            name=draft.name.strip(),
            description=draft.text.strip(),
            published=now,
            report_types=["threat-report"],
            object_refs=about,
        )
    if draft.kind == "note":
        if not draft.text.strip():
            raise InvalidRequest("text: a note needs content")
        return sdo(
            "note", abstract=draft.name.strip(), content=draft.text.strip(), object_refs=about
        )
    if draft.kind == "sighting":
        return _sighting(draft, sdo, about)
    if draft.kind == "relationship":
        return _relationship(draft, sdo, about)
    if draft.opinion not in OPINIONS:
        raise InvalidRequest(f"opinion: one of {', '.join(OPINIONS)}")
    return sdo("opinion", opinion=draft.opinion, explanation=draft.text.strip(), object_refs=about)


_RELATIONSHIP_TYPE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


def _sighting(draft: Draft, sdo: Callable[..., dict[str, Any]], about: list[str]) -> dict[str, Any]:
    """A sighting of the object, seen by the author's member (`where_sighted_refs`)."""
    seen = about[0]
    if seen.split("--", 1)[0] not in SIGHTABLE:
        raise InvalidRequest(
            f"about: a sighting is of an indicator, malware, actor, ...; not {seen}"
        )
    if draft.count < 0 or draft.count > 999_999_999:
        raise InvalidRequest("count: a whole number from 0 to 999999999")
    if draft.first_seen and draft.last_seen and draft.last_seen < draft.first_seen:
        raise InvalidRequest("last_seen: it cannot be before first_seen")
    obj = sdo(
        "sighting",
        sighting_of_ref=seen,
        description=draft.text.strip(),
        count=draft.count or None,
        first_seen=draft.first_seen or None,
        last_seen=draft.last_seen or None,
    )
    obj["where_sighted_refs"] = [obj["created_by_ref"]]
    return obj


def _relationship(
    draft: Draft, sdo: Callable[..., dict[str, Any]], about: list[str]
) -> dict[str, Any]:
    kind = draft.relationship_type.strip().lower()
    if not _RELATIONSHIP_TYPE.match(kind):
        raise InvalidRequest("relationship_type: words in lowercase joined by '-', e.g. 'uses'")
    if "--" not in draft.target:
        raise InvalidRequest("target: the id of the object it relates to")
    if draft.target == about[0]:
        raise InvalidRequest("target: an object does not relate to itself here")
    return sdo(
        "relationship",
        relationship_type=kind,
        source_ref=about[0],
        target_ref=draft.target,
        description=draft.text.strip(),
    )
