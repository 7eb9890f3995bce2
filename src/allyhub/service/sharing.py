"""Share and delete: the write paths, from a request body to committed versions.

A share parses the envelope and hands its objects to the admission step
(service/admission.py), which judges each one on its own and stores the new versions;
the TAXII status and the audit entry commit in the same transaction, so a status that
says "complete" describes committed data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.limits import DEFAULT_LIMITS, JsonLimits
from allyhub.policy.permissions import Action
from allyhub.records import ObjectQuery, StatusRecord, VersionMatch, VersionPick
from allyhub.rfi import COUNTRIES, country_location
from allyhub.service.admission import Admission, Admitted, Intake
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition, find_collection
from allyhub.service.ports import Clock, ObjectStore, ShareTally, UnitOfWork, no_tally
from allyhub.service.principals import Principal
from allyhub.stix.drafts import Draft
from allyhub.stix.drafts import build as build_draft
from allyhub.stix.markings import hub_definitions
from allyhub.stix.parse import parse_envelope
from allyhub.timestamps import format_timestamp, parse_timestamp


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
    unlisted: int = 0  # failures counted but not described (max_status_failures)

    @property
    def complete(self) -> bool:
        return not self.pendings

    @property
    def failure_count(self) -> int:
        return len(self.failures) + self.unlisted

    def as_json(self) -> dict[str, Any]:
        """The TAXII status resource (TAXII 2.1 §4.3.1), as every edge serves it."""
        data: dict[str, Any] = {
            "id": self.id,
            "status": "complete" if self.complete else "pending",
            "request_timestamp": format_timestamp(self.requested),
            "total_count": self.total,
            "success_count": len(self.successes),
            "failure_count": self.failure_count,
            "pending_count": len(self.pendings),
        }
        for key, details in (
            ("successes", self.successes),
            ("failures", self.failures),
            ("pendings", self.pendings),
        ):
            if details:
                data[key] = [d.as_json() for d in details]
        return data


def kept(status: Status, most: int) -> Status:
    """The status with at most `most` failures described one by one (each line cut to a
    readable length) and the rest counted, so that what a request sent cannot make its
    status row large."""
    listed = tuple(_cut(d) for d in status.failures[:most])
    extra = len(status.failures) - len(listed)
    return replace(status, failures=listed, unlisted=status.unlisted + extra)


def _cut(detail: Detail) -> Detail:
    """A failure line with the id, version and message a refused object echoes cut short."""
    if len(detail.id) <= 200 and len(detail.version) <= 40 and len(detail.message) <= 1000:
        return detail
    return Detail(_short(detail.id, 200), _short(detail.version, 40), _short(detail.message, 1000))


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


class SharingService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        clock: Clock,
        audit: AuditLog,
        admission: Admission,
        limits: JsonLimits = DEFAULT_LIMITS,
        max_failures: int = 1000,
        *,
        tally: ShareTally = no_tally,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._clock = clock
        self._audit = audit
        self._admission = admission
        self._limits = limits  # a body's caps (limits.py)
        self._max_failures = max_failures  # failures a status describes one by one
        self._tally = tally  # what shares did, for the hub's metrics

    def share(self, principal: Principal, collection_key: str, body: bytes) -> Status:
        """Add the objects of an envelope; each gets its own success or failure.

        Who may share here is asked first, of the collection as the charter has it: a
        member who may not act gets the reason (403), whatever it may read."""
        collection = find_collection(self._coalition.all_collections(), collection_key)
        self._admission.require(principal, Action.SHARE, collection)
        objects = parse_envelope(body, self._limits)
        requested = self._clock()
        status_id = str(uuid.uuid4())

        def record(writer: UnitOfWork, admitted: Admitted) -> None:
            status = self._status(status_id, requested, len(objects), admitted)
            writer.save_status(_record(status, principal, collection.id))
            self._audit.append(
                writer,
                Act(
                    principal.id,
                    principal.member,
                    "share",
                    about=principal.member,
                    subject=collection.id,
                    detail={
                        "status": status.id,
                        "added": admitted.stored,
                        "failed": status.failure_count,
                    },
                ),
            )

        admitted = self._admission.local(
            principal, collection, objects, kind=Intake.SHARE, action=Action.SHARE, then=record
        )
        self._count(admitted)
        return self._status(status_id, requested, len(objects), admitted)

    def _status(self, status_id: str, requested: int, total: int, admitted: Admitted) -> Status:
        """The TAXII status of an admission, its failures kept to `max_status_failures`."""
        successes = [v for v in admitted.verdicts if not v.refused]
        failures = [v for v in admitted.verdicts if v.refused]
        status = Status(
            id=status_id,
            requested=requested,
            total=total,
            successes=tuple(Detail(v.id, v.version, v.message) for v in successes),
            failures=tuple(Detail(v.id, v.version, v.message) for v in failures),
        )
        return kept(status, self._max_failures)

    def _count(self, admitted: Admitted) -> None:
        """Tell the tally what the share did with each object, and why it refused one."""
        counts: dict[tuple[str, str], int] = {}
        for verdict in admitted.verdicts:
            outcome = (
                "refused" if verdict.refused else "accepted" if verdict.stored else "duplicate"
            )
            key = (outcome, verdict.reason)
            counts[key] = counts.get(key, 0) + 1
        for (outcome, reason), count in counts.items():
            self._tally(outcome, reason, count)

    def share_draft(self, principal: Principal, collection_key: str, draft: Draft) -> Status:
        """Share what a person wrote in the console: the draft becomes STIX 2.1 objects made
        by the principal's member (stix/drafts.py) and takes the ordinary share path."""
        state = self._coalition.state()
        author = state.identity_of(principal.member) or ""
        identities = {m: i for i, m in state.identities.items()}
        objects = build_draft(
            draft,
            author,
            identities,
            format_timestamp(self._clock()),
            lambda kind: f"{kind}--{uuid.uuid4()}",
        )
        return self.share(principal, collection_key, orjson.dumps({"objects": objects}))

    def relabel(
        self,
        principal: Principal,
        collection_key: str,
        body: Mapping[str, Any],
        labels: Sequence[str],
    ) -> Status:
        """A new version of one's own object with these labels (none: without labels),
        through the ordinary share path: the admission step refuses it unless the
        principal's member is the object's originator."""
        current = dict(body)
        if list(labels) == list(current.get("labels") or []):
            raise InvalidRequest("labels: these are its labels already")
        if labels:
            current["labels"] = list(labels)
        else:
            current.pop("labels", None)
        previous = parse_timestamp(str(current.get("modified", "")))
        current["modified"] = format_timestamp(max(self._clock(), previous + 1000))
        return self.share(principal, collection_key, orjson.dumps({"objects": [current]}))

    def publish_definitions(self) -> int:
        """Put the hub's own definitions (TLP 2.0 markings, allyhub's extension
        definitions, and a location for every country a request for information may
        name) in the `definitions` collection, CLEAR, so any STIX consumer can resolve
        them. Idempotent: returns how many versions were new.

        Country locations are published here, once, rather than when a request first
        names a country: stored then, a CLEAR location's existence and date told every
        member that someone had just asked about that country, even when the request
        itself was hidden from them (found by tests/properties/test_noninterference.py)."""
        places = [country_location(code) for code in sorted(COUNTRIES)]
        return self._admission.own_definitions([*hub_definitions(), *places]).stored

    def delete(
        self,
        principal: Principal,
        collection_key: str,
        stix_id: str,
        versions: VersionMatch | None = None,
    ) -> int:
        """Delete versions the principal's member shared of an object (all by default).

        Only the member's own versions are looked at: another member's versions of the
        same id (an observable both shared) are theirs, visible or not. Whether the
        member may delete at all is asked first, so a refusal for its standing names the
        reason and depends on no object.
        """
        versions = versions or VersionMatch(frozenset({VersionPick.ALL}))
        collection = find_collection(self._coalition.all_collections(), collection_key)
        self._admission.require(principal, Action.DELETE, collection)
        viewer = self._coalition.viewer(principal)
        if not self._coalition.can_read(viewer, collection):
            raise NotFound(f"no collection {collection_key!r} on this API root")
        visibility = self._coalition.visibility_of(viewer)
        query = ObjectQuery(collection.id, limit=10_000, ids=(stix_id,), versions=versions)
        mine = replace(query, shared_by=(principal.member,))
        page = self._store.page(mine, visibility, with_body=False)
        if not page.rows:
            if self._store.page(replace(query, limit=1), visibility, with_body=False).rows:
                raise NotPermitted(f"only the originator may delete {stix_id}")
            raise NotFound(f"no object {stix_id} in collection {collection_key!r}")
        with self._store.writing() as writer:
            count = writer.delete(
                collection.id, stix_id, principal.member, [row.version for row in page.rows]
            )
            self._audit.append(
                writer,
                Act(
                    principal.id,
                    principal.member,
                    "delete",
                    about=principal.member,
                    subject=stix_id,
                    detail={"versions": count, "collection": collection.id},
                ),
            )
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
        failure=status.failure_count,
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
        unlisted=record.failure - len(details["failures"]),
    )
