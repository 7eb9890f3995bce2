"""A report, note or opinion written by a person, turned into valid STIX 2.1 objects.

The console's share form fills a `Draft`; `build` makes the objects with the author's
identity as `created_by_ref`, the TLP 2.0 marking, a releasability marking when members
are listed, and the Admiralty grade. Pure: the time and the id maker are passed in. A
draft that cannot become valid STIX raises InvalidRequest naming the field.
"""

from __future__ import annotations

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

KINDS = ("report", "note", "opinion")
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
    if draft.opinion not in OPINIONS:
        raise InvalidRequest(f"opinion: one of {', '.join(OPINIONS)}")
    return sdo("opinion", opinion=draft.opinion, explanation=draft.text.strip(), object_refs=about)
