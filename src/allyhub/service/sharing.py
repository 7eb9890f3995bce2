"""Share and delete: the write paths, from a request body to committed versions.

A share validates every object on its own (a bad object fails alone), applies the
coalition's publish rules, then stores the new versions, their visibility labels and the
TAXII status in one transaction: a status that says "complete" describes committed data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from allyhub.errors import NotFound, NotPermitted
from allyhub.policy.filters import visible_clause
from allyhub.policy.publishing import (
    Publisher,
    Refused,
    check_authorship,
    check_owner,
    labels_for,
)
from allyhub.policy.standing import MemberState, Standing
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, ObjectStore
from allyhub.service.principals import Principal
from allyhub.stix.parse import object_version, parse_envelope
from allyhub.stix.timestamps import parse_timestamp
from allyhub.stix.validate import validate
from allyhub.store.objects import NewVersion, ObjectQuery, VersionMatch, VersionPick
from allyhub.store.statuses import StatusRecord


@dataclass(frozen=True, slots=True)
class Detail:
    """One object's line in a TAXII status."""

    id: str
    version: str
    message: str = ""

    def as_json(self) -> dict[str, str]:
        entry = {"id": self.id, "version": self.version}
        if self.message:
            entry["message"] = self.message
        return entry


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    requested: int
    total: int
    successes: tuple[Detail, ...]
    failures: tuple[Detail, ...]
    pendings: tuple[Detail, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.pendings


def _version_key(obj: dict[str, Any]) -> int:
    text = object_version(obj)
    return parse_timestamp(text) if text else 0


def _describe(obj: Any, index: int) -> tuple[str, str]:
    if isinstance(obj, dict):
        ident = obj.get("id")
        return (ident if isinstance(ident, str) else f"objects[{index}]", object_version(obj))
    return f"objects[{index}]", ""


class SharingService:
    def __init__(self, coalition: Coalition, store: ObjectStore, clock: Clock) -> None:
        self._coalition = coalition
        self._store = store
        self._clock = clock

    def _publisher(self, principal: Principal, viewer: MemberState) -> Publisher:
        charter = self._coalition.charter
        member = charter.member(principal.member)
        assert member is not None  # the viewer exists, so the member does
        return Publisher(
            member=member.id,
            identity=member.identity,
            identities={m.identity: m.id for m in charter.members},
            default_tlp=charter.rules.default_marking,
            denied=self._coalition.state().denied_by(member.id),
        )

    def _writable(self, principal: Principal, key: str) -> tuple[MemberState, str]:
        viewer = self._coalition.viewer(principal)
        collection = self._coalition.collection(viewer, key)
        if not self._coalition.can_write(viewer, collection) or not principal.may_share:
            raise NotPermitted(f"{principal.id} may not add objects to collection {key!r}")
        if viewer.standing is not Standing.ACTIVE:
            raise NotPermitted(f"{principal.member!r} is {viewer.standing} and may not share")
        return viewer, collection.id

    def share(self, principal: Principal, collection_key: str, body: bytes) -> Status:
        """Add the objects of an envelope; each gets its own success or failure."""
        viewer, collection = self._writable(principal, collection_key)
        objects = parse_envelope(body)
        requested = self._clock()
        publisher = self._publisher(principal, viewer)

        failures: dict[int, Detail] = {}
        candidates: list[tuple[int, dict[str, Any]]] = []
        for index, obj in enumerate(objects):
            problems = validate(obj)
            if problems:
                ident, version = _describe(obj, index)
                failures[index] = Detail(ident, version, "; ".join(str(p) for p in problems[:5]))
                continue
            try:
                check_authorship(obj, publisher)
            except Refused as exc:
                ident, version = _describe(obj, index)
                failures[index] = Detail(ident, version, str(exc))
                continue
            candidates.append((index, obj))

        successes: dict[int, Detail] = {}
        with self._store.writing() as writer:
            now = self._clock()
            known = writer.known(obj["id"] for _, obj in candidates)
            owners = {k.stix_id: k.shared_by for k in known}
            present = {(k.stix_id, k.version, k.collection) for k in known}
            definitions = self._definitions(writer, candidates)
            new: list[NewVersion] = []
            for index, obj in candidates:
                ident, version_text = obj["id"], object_version(obj)
                version_key = _version_key(obj)
                identity = (ident, version_key, collection)
                try:
                    check_owner(ident, obj["type"], owners.get(ident), publisher)
                    if identity in present:
                        successes[index] = Detail(ident, version_text, "already present")
                        continue
                    labels = labels_for(obj, publisher, definitions, now)
                except Refused as exc:
                    failures[index] = Detail(ident, version_text, str(exc))
                    continue
                present.add(identity)
                owners.setdefault(ident, publisher.member)
                new.append(
                    NewVersion(
                        collection=collection,
                        stix_id=ident,
                        type=obj["type"],
                        version=version_key,
                        spec_version=obj.get("spec_version", "2.1"),
                        shared_by=publisher.member,
                        tlp=int(labels.tlp),
                        audience=labels.audience,
                        excluded=labels.excluded,
                        body=orjson.dumps(obj),
                        origin_hub=self._coalition.hub.id,
                    )
                )
                successes[index] = Detail(ident, version_text)
            writer.add(new, now)
            status = Status(
                id=str(uuid.uuid4()),
                requested=requested,
                total=len(objects),
                successes=tuple(successes[i] for i in sorted(successes)),
                failures=tuple(failures[i] for i in sorted(failures)),
            )
            writer.save_status(_record(status, principal, collection))
        return status

    def _definitions(
        self, writer: Any, candidates: list[tuple[int, dict[str, Any]]]
    ) -> dict[str, Mapping[str, Any]]:
        """Marking definitions the candidates refer to: from this envelope, else stored."""
        in_envelope = {
            obj["id"]: obj for _, obj in candidates if obj.get("type") == "marking-definition"
        }
        wanted: set[str] = set()
        for _, obj in candidates:
            wanted.update(r for r in obj.get("object_marking_refs", ()) if isinstance(r, str))
            for granular in obj.get("granular_markings", ()):
                if isinstance(granular, dict) and isinstance(granular.get("marking_ref"), str):
                    wanted.add(granular["marking_ref"])
        missing = wanted - in_envelope.keys()
        stored = {k: orjson.loads(v) for k, v in writer.bodies(missing).items()} if missing else {}
        return {**stored, **in_envelope}

    def delete(
        self,
        principal: Principal,
        collection_key: str,
        stix_id: str,
        versions: VersionMatch | None = None,
    ) -> int:
        """Delete versions of an object the principal's member originated (all by default)."""
        versions = versions or VersionMatch(frozenset({VersionPick.ALL}))
        viewer = self._coalition.viewer(principal)
        collection = self._coalition.collection(viewer, collection_key)
        readable = self._coalition.can_read(viewer, collection)
        if not readable:
            raise NotFound(f"no collection {collection_key!r} on this API root")
        page = self._store.page(
            ObjectQuery(collection.id, limit=10_000, ids=(stix_id,), versions=versions),
            lambda o: visible_clause(o, viewer),
            with_body=False,
        )
        if not page.rows:
            raise NotFound(f"no object {stix_id} in collection {collection_key!r}")
        if not self._coalition.can_write(viewer, collection) or not principal.may_share:
            raise NotPermitted(f"{principal.id} may not delete from collection {collection_key!r}")
        if any(row.shared_by != principal.member for row in page.rows):
            raise NotPermitted(f"only the originator may delete {stix_id}")
        with self._store.writing() as writer:
            return writer.delete(collection.id, stix_id, [row.version for row in page.rows])


def _record(status: Status, principal: Principal, collection: str) -> StatusRecord:
    details = orjson.dumps(
        {
            "successes": [d.as_json() for d in status.successes],
            "failures": [d.as_json() for d in status.failures],
            "pendings": [d.as_json() for d in status.pendings],
        }
    )
    return StatusRecord(
        id=status.id,
        principal=principal.id,
        member=principal.member,
        collection=collection,
        requested=status.requested,
        total=status.total,
        success=len(status.successes),
        failure=len(status.failures),
        pending=len(status.pendings),
        details=details,
    )


def status_from_record(record: StatusRecord) -> Status:
    details = orjson.loads(record.details)

    def read(key: str) -> tuple[Detail, ...]:
        return tuple(Detail(d["id"], d["version"], d.get("message", "")) for d in details[key])

    return Status(
        id=record.id,
        requested=record.requested,
        total=record.total,
        successes=read("successes"),
        failures=read("failures"),
        pendings=read("pendings"),
    )
