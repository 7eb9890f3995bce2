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

from allyhub.charter import Tlp
from allyhub.errors import NotFound, NotPermitted
from allyhub.fusion.entities import DECISION
from allyhub.policy.filters import visible_clause
from allyhub.policy.governance import RECORD_TYPES
from allyhub.policy.publishing import (
    DEFINITION_TYPES,
    Publisher,
    ReferenceCheck,
    Refused,
    check_authorship,
    check_definition,
    check_grading,
    check_owner,
    labels_for,
)
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels
from allyhub.rfi import RECORD_TYPES as RFI_TYPES
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, ObjectStore, ObjectWriter, ShareTally, no_tally
from allyhub.service.principals import Principal
from allyhub.service.versions import new_version, version_key
from allyhub.stix.drafts import Draft
from allyhub.stix.drafts import build as build_draft
from allyhub.stix.index import references
from allyhub.stix.markings import TLP_MARKINGS, hub_definitions
from allyhub.stix.parse import object_version, parse_envelope
from allyhub.stix.timestamps import format_timestamp, parse_timestamp
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


class _LabelMemo:
    """Labels for the objects of one share, computed once per distinct set of markings:
    in a feed most objects carry the same few marking combinations."""

    def __init__(
        self, publisher: Publisher, definitions: Mapping[str, Mapping[str, Any]], now: int
    ) -> None:
        self._publisher, self._definitions, self._now = publisher, definitions, now
        self._seen: dict[object, Labels | Refused] = {}

    def __call__(self, obj: Mapping[str, Any]) -> Labels:
        if "granular_markings" in obj:
            return labels_for(obj, self._publisher, self._definitions, self._now)
        refs = obj.get("object_marking_refs")
        key = (tuple(refs) if isinstance(refs, list) else refs, obj.get("type") in DEFINITION_TYPES)
        found = self._seen.get(key)
        if found is None:
            try:
                found = labels_for(obj, self._publisher, self._definitions, self._now)
            except Refused as exc:
                found = exc
            self._seen[key] = found
        if isinstance(found, Refused):
            raise found
        return found


def _describe(obj: Any, index: int) -> tuple[str, str]:
    if isinstance(obj, dict):
        ident = obj.get("id")
        return (ident if isinstance(ident, str) else f"objects[{index}]", object_version(obj))
    return f"objects[{index}]", ""


SYSTEM = "allyhub"
"""`shared_by` of what the hub itself publishes (definitions): no member owns it."""


class SharingService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        clock: Clock,
        audit: AuditLog,
        *,
        tally: ShareTally = no_tally,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._clock = clock
        self._audit = audit
        self._tally = tally
        self._known_definitions: dict[str, Mapping[str, Any]] = {}

    def _publisher(self, principal: Principal) -> Publisher:
        state = self._coalition.state()
        return Publisher(
            member=principal.member,
            identity=state.identity_of(principal.member) or "",
            identities=state.identities,
            default_tlp=self._coalition.charter.rules.default_marking,
            denied=state.denied_by(principal.member),
        )

    def _refuse(self, principal: Principal, act: str, reason: str, about: str = "") -> NotPermitted:
        self._audit.record(
            Act(principal.id, principal.member, act, about=about, detail={"reason": reason})
        )
        return NotPermitted(reason)

    def _writable(self, principal: Principal, key: str) -> tuple[MemberState, str]:
        viewer = self._coalition.viewer(principal)
        collection = self._coalition.collection(viewer, key)
        if not self._coalition.can_write(viewer, collection) or not principal.may_share:
            raise self._refuse(
                principal,
                "share.refused",
                f"{principal.id} may not add objects to collection {key!r}",
            )
        if viewer.standing is not Standing.ACTIVE:
            raise self._refuse(
                principal,
                "share.refused",
                f"{principal.member!r} is {viewer.standing} and may not share",
            )
        return viewer, collection.id

    def share(self, principal: Principal, collection_key: str, body: bytes) -> Status:
        """Add the objects of an envelope; each gets its own success or failure."""
        _, collection = self._writable(principal, collection_key)
        objects = parse_envelope(body)
        requested = self._clock()
        publisher = self._publisher(principal)

        failures: dict[int, Detail] = {}
        reasons: dict[int, str] = {}  # why each failure was refused, for the metrics
        candidates: list[tuple[int, dict[str, Any]]] = []
        for index, obj in enumerate(objects):
            problems = validate(obj)
            if not problems and (obj["type"] in RECORD_TYPES or obj["type"] == DECISION):
                ident, version = _describe(obj, index)
                failures[index] = Detail(
                    ident, version, "type: governance records and fusion decisions are made "
                    "through the HTTP API (/api), not shared directly",
                )  # fmt: skip
                reasons[index] = "wrong_path"
                continue
            if not problems and obj["type"] in RFI_TYPES:
                ident, version = _describe(obj, index)
                failures[index] = Detail(
                    ident, version, "type: requests for information are made through /api/rfis"
                )
                reasons[index] = "wrong_path"
                continue
            if problems:
                ident, version = _describe(obj, index)
                failures[index] = Detail(ident, version, "; ".join(str(p) for p in problems[:5]))
                reasons[index] = "invalid"
                continue
            try:
                check_authorship(obj, publisher)
                check_definition(obj)
                check_grading(obj)
            except Refused as exc:
                ident, version = _describe(obj, index)
                failures[index] = Detail(ident, version, str(exc))
                reasons[index] = "policy"
                continue
            candidates.append((index, obj))

        successes: dict[int, Detail] = {}
        with self._store.writing() as writer:
            now = self._clock()
            known = writer.known(obj["id"] for _, obj in candidates)
            owners = {k.stix_id: k.shared_by for k in known}
            present = {(k.stix_id, k.version, k.collection) for k in known}
            definitions = self._definitions(writer, candidates)
            accepted: list[tuple[int, dict[str, Any], Labels, int, str]] = []
            labelled = _LabelMemo(publisher, definitions, now)
            for index, obj in candidates:
                ident, version_text = obj["id"], object_version(obj)
                version_us = parse_timestamp(version_text) if version_text else 0
                identity = (ident, version_us, collection)
                try:
                    check_owner(obj, owners.get(ident), publisher)
                    if identity in present:
                        successes[index] = Detail(ident, version_text, "already present")
                        continue
                    labels = labelled(obj)
                except Refused as exc:
                    failures[index] = Detail(ident, version_text, str(exc))
                    reasons[index] = "policy"
                    continue
                present.add(identity)
                owners.setdefault(ident, publisher.member)
                accepted.append((index, obj, labels, version_us, version_text))
            refs = self._check_references(writer, accepted, failures)
            new: list[NewVersion] = []
            for index, obj, labels, version_us, version_text in accepted:
                if index in failures:
                    continue
                new.append(
                    new_version(
                        obj,
                        collection=collection,
                        shared_by=publisher.member,
                        tlp=int(labels.tlp),
                        audience=labels.audience,
                        excluded=labels.excluded,
                        origin_hub=self._coalition.hub.id,
                        version=version_us,
                        refs=refs[index],
                    )  # fmt: skip
                )
                successes[index] = Detail(obj["id"], version_text)
            dates = writer.add(new, now, versioned={k.stix_id for k in known})
            status = Status(
                id=str(uuid.uuid4()),
                requested=requested,
                total=len(objects),
                successes=tuple(successes[i] for i in sorted(successes)),
                failures=tuple(failures[i] for i in sorted(failures)),
            )
            writer.save_status(_record(status, principal, collection))
            self._audit.append(
                writer,
                Act(
                    principal.id, principal.member, "share", about=principal.member,
                    subject=collection,
                    detail={
                        "status": status.id, "added": len(new), "failed": len(status.failures),
                        "first_added": dates[0] if dates else None,
                        "last_added": dates[-1] if dates else None,
                    },
                ),
            )  # fmt: skip
        self._count(status, reasons)
        return status

    def _count(self, status: Status, reasons: Mapping[int, str]) -> None:
        """Tell the tally what happened to each object; a failure without a reason of its
        own was refused by the reference rule (`_check_references`)."""
        duplicates = sum(1 for d in status.successes if d.message == "already present")
        self._tally("accepted", "", len(status.successes) - duplicates)
        self._tally("duplicate", "", duplicates)
        by_reason: dict[str, int] = {}
        for reason in reasons.values():
            by_reason[reason] = by_reason.get(reason, 0) + 1
        by_reason["references"] = len(status.failures) - len(reasons)
        for reason, count in by_reason.items():
            self._tally("refused", reason, count)

    def _check_references(
        self,
        writer: ObjectWriter,
        accepted: list[tuple[int, dict[str, Any], Labels, int, str]],
        failures: dict[int, Detail],
    ) -> dict[int, tuple[str, ...]]:
        """Refuse objects whose references would reveal their targets to someone who may
        see the referring object but no version of the target (marks failures in place).
        Returns each accepted object's references, which the store indexes."""
        refs = {index: references(obj) for index, obj, *_ in accepted}
        targets: set[str] = set().union(*refs.values()) if refs else set()
        if not targets:
            return refs
        versions: dict[str, list[Labels]] = {
            stix_id: [Labels(Tlp(t), a, x, by, at) for t, a, x, by, at in stored]
            for stix_id, stored in writer.version_labels(targets).items()
        }
        for _index, obj, labels, _version, _text in accepted:
            if obj["id"] in targets:
                versions.setdefault(obj["id"], []).append(labels)
        check = ReferenceCheck(self._coalition.state().members.values())
        for index, obj, labels, _version, version_text in accepted:
            for target in sorted(refs[index]):
                if target in versions and target != obj["id"]:
                    try:
                        check(labels, target, tuple(versions[target]))
                    except Refused as exc:
                        failures[index] = Detail(obj["id"], version_text, f"references: {exc}")
                        break
        return refs

    def share_draft(self, principal: Principal, collection_key: str, draft: Draft) -> Status:
        """Share what a person wrote in the console: the draft becomes STIX 2.1 objects made
        by the principal's member (stix/drafts.py) and takes the ordinary share path."""
        state = self._coalition.state()
        author = state.identity_of(principal.member) or ""
        identities = {m: i for i, m in state.identities.items()}
        objects = build_draft(
            draft, author, identities, format_timestamp(self._clock()),
            lambda kind: f"{kind}--{uuid.uuid4()}",
        )  # fmt: skip
        return self.share(principal, collection_key, orjson.dumps({"objects": objects}))

    def publish_definitions(self) -> int:
        """Put the hub's own definitions (TLP 2.0 markings, allyhub's extension
        definitions) in the `definitions` collection, CLEAR, so any STIX consumer can
        resolve them. Idempotent: returns how many versions were new."""
        definitions = hub_definitions()
        collections = [self._coalition.definitions_collection.id]
        with self._store.writing() as writer:
            present = {
                (k.stix_id, k.version, k.collection)
                for k in writer.known(d["id"] for d in definitions)
            }
            new = [
                new_version(
                    obj,
                    collection=collection,
                    shared_by=SYSTEM,
                    tlp=int(Tlp.CLEAR),
                    origin_hub=self._coalition.hub.id,
                )  # fmt: skip
                for collection in collections
                for obj in definitions
                if (obj["id"], version_key(obj), collection) not in present
            ]
            writer.add(new, self._clock(), versioned=())
        return len(new)

    def _definitions(
        self, writer: ObjectWriter, candidates: list[tuple[int, dict[str, Any]]]
    ) -> dict[str, Mapping[str, Any]]:
        """Marking definitions the candidates refer to: from this envelope, else stored.

        Marking definitions never change (STIX 2.1 §7.2: they are not versioned), so the
        ones read from the store are kept for later shares.
        """
        in_envelope = {
            obj["id"]: obj for _, obj in candidates if obj.get("type") == "marking-definition"
        }
        wanted: set[str] = set()
        for _, obj in candidates:
            wanted.update(r for r in obj.get("object_marking_refs", ()) if isinstance(r, str))
            for granular in obj.get("granular_markings", ()):
                if isinstance(granular, dict) and isinstance(granular.get("marking_ref"), str):
                    wanted.add(granular["marking_ref"])
        missing = wanted - in_envelope.keys() - self._known_definitions.keys() - TLP_MARKINGS.keys()
        if missing:
            for stix_id, body in writer.bodies(missing).items():
                self._known_definitions[stix_id] = orjson.loads(body)
        return {**self._known_definitions, **in_envelope}

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
            raise self._refuse(
                principal, "delete.refused",
                f"{principal.id} may not delete from collection {collection_key!r}",
            )  # fmt: skip
        if any(row.shared_by != principal.member for row in page.rows):
            raise self._refuse(
                principal, "delete.refused", f"only the originator may delete {stix_id}",
                about=page.rows[0].shared_by,
            )  # fmt: skip
        with self._store.writing() as writer:
            count = writer.delete(collection.id, stix_id, [row.version for row in page.rows])
            self._audit.append(
                writer,
                Act(principal.id, principal.member, "delete", about=principal.member,
                    subject=stix_id, detail={"versions": count, "collection": collection.id}),
            )  # fmt: skip
            return count


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
