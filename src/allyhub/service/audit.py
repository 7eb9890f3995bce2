"""The audit trail: every share, governance act, key change, login and refused access.

Each entry's hash covers the previous entry's hash and the entry's own fields; the hash
is signed with the hub's Ed25519 key. `verify` walks the chain and names the first entry
that was edited, deleted, inserted or reordered. Cutting entries off the end leaves a
valid shorter chain: compare with a head recorded elsewhere (`allyhub audit head`).

The hub operator reads the whole trail (`allyhub audit show`). A member reads only the
entries it may know of (`AuditLog.view`, the rule in `SUBJECT_MAY_READ` and
`ACTOR_MAY_NOT_READ`): those of its own acts, and those of a few kinds of act about it
(a motion or vote about it, a key made for it, an attempt to delete its object). Its
refused reads carry no `about`, so a refused read of a hidden object and of a missing one
leave the same entry. A peer hub takes the entries its hosted members may read.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from allyhub.errors import InvalidRequest
from allyhub.records import AuditRow, ReadRule
from allyhub.service.coalition import Coalition
from allyhub.service.ports import AuditStore, Clock, ObjectStore, UnitOfWork
from allyhub.service.principals import Principal

GENESIS = b"\x00" * 32

SUBJECT_MAY_READ: frozenset[str] = frozenset({"motion", "vote", "key.create", "delete.refused"})
"""Acts by someone else that the member they are `about` may read: a motion and a vote
about it (the records themselves are released to it), a key the operator made for it,
another member's attempt to delete its object. Every other act made by someone else is
not shown to the member it is about: a `deny` or `allow` names the denied member, but a
deny list is private to the denier (GovernanceService.members shows it only to itself)."""
ACTOR_MAY_NOT_READ: frozenset[str] = frozenset({"auth.refused"})
"""Acts whose `member` is a claim nobody checked (a refused login names whatever
principal the caller typed): the operator's, never shown to the member named."""


MEMBERS_READ = ReadRule(SUBJECT_MAY_READ, ACTOR_MAY_NOT_READ)


def member_may_read(member: str, entry: AuditRow) -> bool:
    """The Python twin of the where-clause `view` uses (store/audit.py `readable_by`):
    may this member read this entry?"""
    return MEMBERS_READ.allows(member, entry)


@dataclass(frozen=True, slots=True)
class Act:
    """What happened, before it is chained: who, what, about whom, on what."""

    principal: str
    member: str
    act: str
    about: str = ""
    subject: str = ""
    detail: dict[str, Any] | None = None


def refuse_read(
    audit: AuditLog, principal: Principal, stix_id: str, collection: str, *, via: str
) -> None:
    """Record a read that found nothing the principal may see, hidden or missing alike:
    the entry names the reader and the id it asked for, never an owner, so it says nothing
    the reader did not know and costs the same work either way."""
    detail = {"collection": collection, "via": via, "reason": "not found"}
    act = Act(principal.id, principal.member, "read.refused", subject=stix_id, detail=detail)
    audit.record(act)


@dataclass(frozen=True, slots=True)
class Finding:
    seq: int
    problem: str


def _canonical(seq: int, at: int, act: Act, detail: bytes) -> bytes:
    return orjson.dumps(
        [seq, at, act.principal, act.member, act.act, act.about, act.subject, detail.decode()]
    )


def _digest(prev: bytes, body: bytes) -> bytes:
    return hashlib.sha256(prev + body).digest()


def _entry_findings(entry: AuditRow, public: Ed25519PublicKey) -> list[Finding]:
    """What is wrong with one entry on its own: its hash, and the hub's signature of it."""
    findings: list[Finding] = []
    act = Act(entry.principal, entry.member, entry.act, entry.about, entry.subject)
    if _digest(entry.prev, _canonical(entry.seq, entry.at, act, entry.detail)) != entry.hash:
        findings.append(Finding(entry.seq, "its contents do not match its hash: edited"))
    try:
        public.verify(entry.signature, entry.hash)
    except InvalidSignature:
        findings.append(Finding(entry.seq, "its signature is not the hub's: forged or edited"))
    return findings


def to_wire(entry: AuditRow) -> dict[str, Any]:
    """An entry as JSON for a peer hub, with every byte it needs to check hash and
    signature (the detail as its canonical JSON text)."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "principal": entry.principal,
        "member": entry.member,
        "act": entry.act,
        "about": entry.about,
        "subject": entry.subject,
        "detail": entry.detail.decode(),
        "prev": base64.b64encode(entry.prev).decode(),
        "hash": base64.b64encode(entry.hash).decode(),
        "signature": base64.b64encode(entry.signature).decode(),
    }


def from_wire(data: Any) -> AuditRow:
    """The inverse of `to_wire`; InvalidRequest names what is missing or malformed."""
    try:
        return AuditRow(
            seq=int(data["seq"]),
            at=int(data["at"]),
            principal=str(data["principal"]),
            member=str(data["member"]),
            act=str(data["act"]),
            about=str(data["about"]),
            subject=str(data["subject"]),
            detail=str(data["detail"]).encode(),
            prev=base64.b64decode(data["prev"], validate=True),
            hash=base64.b64decode(data["hash"], validate=True),
            signature=base64.b64decode(data["signature"], validate=True),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidRequest(f"a malformed audit entry from a peer: {exc!r}") from exc


class AuditLog:
    def __init__(
        self,
        store: ObjectStore,
        reader: AuditStore,
        key: Ed25519PrivateKey,
        clock: Clock,
        coalition: Coalition,
    ) -> None:
        self._store = store
        self._reader = reader
        self._key = key
        self._clock = clock
        self._coalition = coalition

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._key.public_key()

    def append(self, writer: UnitOfWork, act: Act) -> AuditRow:
        """Chain and sign an entry inside the caller's write transaction."""
        last = writer.audit_head()
        seq = last.seq + 1 if last is not None else 1
        prev = last.hash if last is not None else GENESIS
        at = max(self._clock(), last.at if last is not None else 0)
        detail = orjson.dumps(act.detail or {}, option=orjson.OPT_SORT_KEYS)
        digest = _digest(prev, _canonical(seq, at, act, detail))
        entry = AuditRow(
            seq=seq,
            at=at,
            principal=act.principal,
            member=act.member,
            act=act.act,
            about=act.about,
            subject=act.subject,
            detail=detail,
            prev=prev,
            hash=digest,
            signature=self._key.sign(digest),
        )
        writer.audit_append(entry)
        return entry

    def record(self, act: Act) -> AuditRow:
        """Append an entry in a transaction of its own (refusals, key changes)."""
        with self._store.writing() as writer:
            return self.append(writer, act)

    def head(self) -> AuditRow | None:
        """The newest entry: record its SEQ:HASH elsewhere to detect truncation later."""
        return self._reader.last()

    def entries(self, **filters: Any) -> Iterator[AuditRow]:
        """The operator's view: every entry (filters as in AuditStore.entries)."""
        return self._reader.entries(**filters)

    def readers(self, principal: Principal) -> frozenset[str]:
        """The members whose view of the trail a principal gets: its own member, or, for a
        peer hub, the members that hub hosts (as for every other read of a peer)."""
        if not principal.peer:
            return frozenset({principal.member})
        hub = self._coalition.charter.hub(principal.peer)
        return frozenset(hub.hosts) if hub is not None else frozenset()

    def view(
        self,
        principal: Principal,
        *,
        act: str | None = None,
        since: int | None = None,
        until: int | None = None,
        limit: int = 1000,
        newest_first: bool = False,
    ) -> list[tuple[str, AuditRow]]:
        """(hub, entry) of the entries a principal may read, this hub's and those peers
        sent about the members it hosts, by time; the limit applies to what it may read."""
        readers = self.readers(principal)
        here = self._coalition.hub.id
        filters: dict[str, Any] = dict(
            act=act, since=since, until=until, limit=limit, newest_first=newest_first
        )
        found = [
            (here, entry)
            for entry in self._reader.entries(readers=readers, rule=MEMBERS_READ, **filters)
        ]
        found += self._reader.peer_entries(readers, MEMBERS_READ, **filters)
        found.sort(key=lambda pair: (pair[1].at, pair[0], pair[1].seq), reverse=newest_first)
        return found[:limit]

    def verify(self, anchor: tuple[int, bytes] | None = None) -> list[Finding]:
        """Every problem found in the chain, in order; [] means it is intact."""
        findings: list[Finding] = []
        expected, prev = 1, GENESIS
        anchored = anchor is None
        public = self.public_key
        for entry in self._reader.entries():
            if entry.seq != expected:
                findings.append(
                    Finding(
                        entry.seq,
                        f"expected entry {expected} here: entries were deleted or inserted",
                    )
                )
            if entry.prev != prev:
                findings.append(
                    Finding(
                        entry.seq,
                        "does not follow the entry before it: inserted, deleted or reordered",
                    )
                )
            findings += _entry_findings(entry, public)
            if anchor is not None and entry.seq == anchor[0]:
                anchored = entry.hash == anchor[1]
                if not anchored:
                    findings.append(Finding(entry.seq, "does not match the recorded head"))
            expected, prev = entry.seq + 1, entry.hash
        if not anchored:
            findings.append(
                Finding(
                    anchor[0] if anchor else 0,
                    "the recorded head is missing: entries were cut off the end",
                )
            )
        return findings

    # -- entries shared with peer hubs ------------------------------------------------

    def for_members(self, members: Collection[str], after: int, limit: int) -> list[AuditRow]:
        """Entries these members may read (see `view`) after a sequence number: what a
        peer hub hosting them may take (its members read them there)."""
        return list(
            self._reader.entries(readers=members, rule=MEMBERS_READ, after=after, limit=limit)
        )

    def peer_last(self, hub: str) -> int:
        return self._reader.peer_last(hub)

    def receive(self, hub: str, public_key: bytes, entries: Sequence[AuditRow]) -> int:
        """Keep a peer's entries after checking each one's hash and the peer's signature
        with the key pinned at the first pull; a page with any bad entry is refused whole.
        The chain between them is not checked here: a peer sends only the entries about
        the members this hub hosts (the peer's `allyhub audit verify` checks its chain)."""
        pinned = self._reader.peer_key(hub)
        if pinned is not None and pinned != public_key:
            raise InvalidRequest(
                f"hub {hub} now signs its audit trail with another key than the one pinned "
                "at the first pull: refusing its entries"
            )
        try:
            public = Ed25519PublicKey.from_public_bytes(public_key)
        except ValueError as exc:
            raise InvalidRequest(f"hub {hub} sent no valid Ed25519 public key: {exc}") from exc
        for entry in entries:
            problems = _entry_findings(entry, public)
            if problems:
                raise InvalidRequest(
                    f"entry {entry.seq} of {hub}'s audit trail: {problems[0].problem}"
                )
        return self._reader.add_peer(hub, public_key, entries)

    def peer_entries(self, member: str, **filters: Any) -> list[tuple[str, AuditRow]]:
        """(hub, entry) of the peers' entries a member may read (filters as for
        `entries`)."""
        return self._reader.peer_entries({member}, MEMBERS_READ, **filters)
