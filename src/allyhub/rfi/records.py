"""Builders of the records: plain STIX 2.1 objects of the hub's new-SDO extension.

Pure: the service passes the identities, times and markings. Empty lists are left out
(STIX lists are never empty). Responses and capability declarations have ids derived
from what they are about, so each member has one response per request and one
declaration, and its later versions replace the earlier ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from allyhub.rfi.vocabulary import CAPABILITY, REQUIREMENT, RESPONSE, RFI, Priority, Reply, Written
from allyhub.stix import RFI_EXTENSION
from allyhub.timestamps import format_timestamp

_NAMESPACE = uuid.UUID("9e4b1c7d-2f8a-5d36-a0e5-6c3f8b2d4a71")


def response_id(rfi_id: str, member: str) -> str:
    return f"{RESPONSE}--{uuid.uuid5(_NAMESPACE, rfi_id + '/' + member)}"


def capability_id(member: str) -> str:
    return f"{CAPABILITY}--{uuid.uuid5(_NAMESPACE, 'capability/' + member)}"


def new_id(kind: str) -> str:
    return f"{kind}--{uuid.uuid4()}"


def _record(
    kind: str,
    ident: str,
    creator: str,
    created: int,
    modified: int,
    markings: Sequence[str],
    props: Mapping[str, Any],
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": kind,
        "spec_version": "2.1",
        "id": ident,
        "created": format_timestamp(created),
        "modified": format_timestamp(modified),
        "created_by_ref": creator,
    }
    record.update({k: v for k, v in props.items() if v not in ("", [], None)})
    if markings:
        record["object_marking_refs"] = list(markings)
    record["extensions"] = {RFI_EXTENSION: {"extension_type": "new-sdo"}}
    return record


def revise(record: Mapping[str, Any], modified: int, **changes: Any) -> dict[str, Any]:
    """The next version of a record: the same object with some properties changed."""
    updated = {k: v for k, v in record.items() if k not in changes and k != "extensions"}
    updated["modified"] = format_timestamp(modified)
    updated.update({k: v for k, v in changes.items() if v not in ("", [], None)})
    updated["extensions"] = {RFI_EXTENSION: {"extension_type": "new-sdo"}}
    return updated


def rfi_record(
    *,
    ident: str,
    requester: str,
    at: int,
    question: str,
    priority: Priority,
    deadline: int,
    status: Written,
    markings: Sequence[str],
    requirement_ref: str = "",
    region_refs: Sequence[str] = (),
    topic_refs: Sequence[str] = (),
    disciplines: Sequence[str] = (),
    domains: Sequence[str] = (),
    tasked_refs: Sequence[str] = (),
) -> dict[str, Any]:
    """A request's first version, by the requester (`requester` is its identity)."""
    return _record(
        RFI,
        ident,
        requester,
        at,
        at,
        markings,
        {
            "question": question,
            "priority": priority.value,
            "status": status.value,
            "deadline": format_timestamp(deadline),
            "requirement_ref": requirement_ref,
            "region_refs": list(region_refs),
            "topic_refs": list(topic_refs),
            "disciplines": list(disciplines),
            "domains": list(domains),
            "tasked_refs": list(tasked_refs),
        },
    )


def response_record(
    *,
    rfi_ref: str,
    member: str,
    responder: str,
    created: int,
    modified: int,
    reply: Reply,
    markings: Sequence[str],
    answer_refs: Sequence[str] = (),
    comment: str = "",
) -> dict[str, Any]:
    """A version of a tasked member's response (`responder` is its identity)."""
    return _record(
        RESPONSE,
        response_id(rfi_ref, member),
        responder,
        created,
        modified,
        markings,
        {
            "rfi_ref": rfi_ref,
            "response": reply.value,
            "answer_refs": list(answer_refs),
            "comment": comment,
        },
    )


def capability_record(
    *,
    member: str,
    declarer: str,
    created: int,
    modified: int,
    markings: Sequence[str],
    disciplines: Sequence[str] = (),
    domains: Sequence[str] = (),
    region_refs: Sequence[str] = (),
    area_refs: Sequence[str] = (),
    topic_refs: Sequence[str] = (),
    description: str = "",
) -> dict[str, Any]:
    """A version of a member's declared capabilities (it replaces the charter's)."""
    return _record(
        CAPABILITY,
        capability_id(member),
        declarer,
        created,
        modified,
        markings,
        {
            "disciplines": list(disciplines),
            "domains": list(domains),
            "region_refs": list(region_refs),
            "area_refs": list(area_refs),
            "topic_refs": list(topic_refs),
            "description": description,
        },
    )


def requirement_record(
    *,
    ident: str,
    creator: str,
    at: int,
    name: str,
    priority: Priority,
    markings: Sequence[str],
    description: str = "",
    region_refs: Sequence[str] = (),
    topic_refs: Sequence[str] = (),
) -> dict[str, Any]:
    """A standing intelligence requirement (a PIR) that requests may serve."""
    return _record(
        REQUIREMENT,
        ident,
        creator,
        at,
        at,
        markings,
        {
            "name": name,
            "description": description,
            "priority": priority.value,
            "status": "active",
            "region_refs": list(region_refs),
            "topic_refs": list(topic_refs),
        },
    )
