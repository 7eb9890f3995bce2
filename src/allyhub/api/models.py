"""Request and response bodies of the HTTP API (pydantic, for validation and OpenAPI)."""

from __future__ import annotations

import base64
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field

from allyhub.charter import Tier
from allyhub.policy import Motion, MotionKind, MotionStatus, Standing
from allyhub.records import AuditRow
from allyhub.service import MemberView
from allyhub.timestamps import format_timestamp


def _time(micros: int | None) -> str | None:
    return format_timestamp(micros) if micros is not None else None


class HubInfo(BaseModel):
    hub: str
    name: str
    place: str
    coalition: str
    coalition_name: str
    taxii_api_root: str
    audit_public_key: str = Field(
        description="Ed25519 public key (raw, base64) that signs the audit trail"
    )


class MemberOut(BaseModel):
    id: str
    name: str
    tier: Tier
    standing: Standing
    since: str | None
    identity: str
    denies: list[str] = Field(description="Members this member denies (shown to itself only)")

    @classmethod
    def of(cls, view: MemberView) -> MemberOut:
        return cls(
            id=view.id,
            name=view.name,
            tier=view.tier,
            standing=view.standing,
            since=_time(view.since),
            identity=view.identity,
            denies=list(view.denies),
        )


class MotionIn(BaseModel):
    kind: MotionKind
    subject: str = Field(
        description="Member id the motion is about (for admit: the new member's id)"
    )
    name: str = Field("", description="For admit: the organization's name")
    tier: Tier = Field(Tier.ASSOCIATE, description="For admit: the tier it would join at")


class MotionOut(BaseModel):
    id: str
    kind: MotionKind
    subject: str
    proposer: str
    status: MotionStatus
    created: str
    decided: str | None
    votes: dict[str, Literal["yes", "no"]]
    needed: int
    eligible: list[str]
    subject_name: str
    subject_tier: Tier | None

    @classmethod
    def of(cls, motion: Motion) -> MotionOut:
        return cls(
            id=motion.id,
            kind=motion.kind,
            subject=motion.subject,
            proposer=motion.proposer,
            status=motion.status,
            created=format_timestamp(motion.created),
            decided=_time(motion.decided),
            votes={m: "yes" if v else "no" for m, v in motion.votes.items()},
            needed=motion.needed,
            eligible=list(motion.eligible),
            subject_name=motion.subject_name,
            subject_tier=motion.subject_tier,
        )


class VoteIn(BaseModel):
    vote: Literal["yes", "no"]


class ResponseIn(BaseModel):
    response: Literal["accept", "decline"]


class AuditEntryOut(BaseModel):
    hub: str  # whose audit trail holds it (a peer's entries are replicated, signed by it)
    seq: int
    at: str
    principal: str
    member: str
    act: str
    about: str
    subject: str
    detail: dict[str, object]
    hash: str
    signature: str

    @classmethod
    def of(cls, row: AuditRow, hub: str) -> AuditEntryOut:
        return cls(
            hub=hub,
            seq=row.seq,
            at=format_timestamp(row.at),
            principal=row.principal,
            member=row.member,
            act=row.act,
            about=row.about,
            subject=row.subject,
            detail=orjson.loads(row.detail),
            hash=row.hash.hex(),
            signature=base64.b64encode(row.signature).decode(),
        )


class NameFormOut(BaseModel):
    text: str
    script: str
    object_id: str
    member: str


class LinkOut(BaseModel):
    a: str
    b: str
    score: float
    band: str
    why: str
    decided: bool | None = Field(description="true confirmed, false rejected, null undecided")


class ClaimOut(BaseModel):
    object_id: str
    kind: str
    supporting: list[str] = Field(description="Members supporting the claim")
    opposing: list[str] = Field(description="Members opposing it (contradiction)")


class EntityOut(BaseModel):
    id: str
    kind: str
    names: list[NameFormOut]
    objects: list[str]
    members: list[str]
    links: list[LinkOut]
    corroboration: list[ClaimOut]

    @classmethod
    def of(cls, view: Any) -> EntityOut:
        return cls(
            id=view.id,
            kind=view.kind,
            objects=view.objects,
            members=view.members,
            names=[NameFormOut(**vars_of(n)) for n in view.names],
            links=[LinkOut(**vars_of(link)) for link in view.links],
            corroboration=[ClaimOut(**vars_of(c)) for c in view.corroboration],
        )


class CorrelationOut(BaseModel):
    kind: str
    value: str
    objects: list[str]
    common: bool = Field(description="Shared by too many objects to link: reported only")


class DecisionIn(BaseModel):
    a: str
    b: str
    decision: Literal["same", "different"]


def vars_of(value: Any) -> dict[str, Any]:
    """The fields of a slotted dataclass as a dict."""
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


class SyncOut(BaseModel):
    peer: str
    collection: str
    cursor: str | None = Field(description="The peer's date_added of the last version received")
    pulled: int = Field(description="Versions received from this peer into this collection")
    served: int = Field(description="Versions this hub served to this peer (all collections)")
    last_pull: str | None
    caught_up: str | None = Field(description="When a pull last reached the peer's end")
    lag_seconds: float | None = Field(description="Origin share to arrival, newest page")
    last_error: str | None
    refused: int = Field(
        description="Versions from this peer this hub refused (bad seal, not the origin's "
        "member, misplaced, invalid); each is named in the hub's audit trail"
    )
    last_refusal: str | None = Field(description="The last refused version and why")
    quarantined: int = Field(
        0,
        description="Refused versions held with their reasons until `allyhub sync retry` "
        "admits them (`allyhub sync quarantine` lists them)",
    )
    versions: str = Field(
        "all",
        description="What the source offers: `all` versions, or only the `last` (a TAXII "
        "server that refuses match[version]=all, such as OpenCTI's)",
    )

    @classmethod
    def of(cls, cursor: Any, alias: str, served: int, quarantined: int = 0) -> SyncOut:
        return cls(
            peer=cursor.peer,
            collection=alias,
            cursor=cursor.added_after,
            pulled=cursor.pulled,
            served=served,
            last_pull=_time(cursor.last_pull),
            caught_up=_time(cursor.caught_up),
            lag_seconds=cursor.lag / 1e6 if cursor.lag is not None else None,
            last_error=cursor.last_error,
            refused=cursor.refused,
            last_refusal=cursor.last_refusal,
            quarantined=quarantined,
            versions=cursor.versions,
        )


class PushOut(BaseModel):
    """What a pushed page did at this hub."""

    added: int  # versions this hub did not hold yet
    refused: int  # versions refused (provenance or charter checks; see this hub's log)
