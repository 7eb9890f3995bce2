"""The audit trail: every share, governance act, key change, login and refused access.

Each entry's hash covers the previous entry's hash and the entry's own fields; the hash
is signed with the hub's Ed25519 key. `verify` walks the chain and names the first entry
that was edited, deleted, inserted or reordered. Cutting entries off the end leaves a
valid shorter chain: compare with a head recorded elsewhere (`allyhub audit head`).
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
from allyhub.service.ports import Clock, ObjectStore, ObjectWriter
from allyhub.store.audit import AuditRow as AuditRow  # re-exported for the edges
from allyhub.store.audit import SqlAuditStore

GENESIS = b"\x00" * 32


@dataclass(frozen=True, slots=True)
class Act:
    """What happened, before it is chained: who, what, about whom, on what."""

    principal: str
    member: str
    act: str
    about: str = ""
    subject: str = ""
    detail: dict[str, Any] | None = None


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
        "seq": entry.seq, "at": entry.at, "principal": entry.principal,
        "member": entry.member, "act": entry.act, "about": entry.about,
        "subject": entry.subject, "detail": entry.detail.decode(),
        "prev": base64.b64encode(entry.prev).decode(),
        "hash": base64.b64encode(entry.hash).decode(),
        "signature": base64.b64encode(entry.signature).decode(),
    }  # fmt: skip


def from_wire(data: Any) -> AuditRow:
    """The inverse of `to_wire`; InvalidRequest names what is missing or malformed."""
    try:
        return AuditRow(
            seq=int(data["seq"]), at=int(data["at"]), principal=str(data["principal"]),
            member=str(data["member"]), act=str(data["act"]), about=str(data["about"]),
            subject=str(data["subject"]), detail=str(data["detail"]).encode(),
            prev=base64.b64decode(data["prev"], validate=True),
            hash=base64.b64decode(data["hash"], validate=True),
            signature=base64.b64decode(data["signature"], validate=True),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidRequest(f"a malformed audit entry from a peer: {exc!r}") from exc


class AuditLog:
    def __init__(
        self, store: ObjectStore, reader: SqlAuditStore, key: Ed25519PrivateKey, clock: Clock
    ) -> None:
        self._store = store
        self._reader = reader
        self._key = key
        self._clock = clock

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._key.public_key()

    def append(self, writer: ObjectWriter, act: Act) -> AuditRow:
        """Chain and sign an entry inside the caller's write transaction."""
        last = writer.audit_head()
        seq = last.seq + 1 if last is not None else 1
        prev = last.hash if last is not None else GENESIS
        at = max(self._clock(), last.at if last is not None else 0)
        detail = orjson.dumps(act.detail or {}, option=orjson.OPT_SORT_KEYS)
        digest = _digest(prev, _canonical(seq, at, act, detail))
        entry = AuditRow(
            seq=seq, at=at, principal=act.principal, member=act.member, act=act.act,
            about=act.about, subject=act.subject, detail=detail, prev=prev, hash=digest,
            signature=self._key.sign(digest),
        )  # fmt: skip
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
        return self._reader.entries(**filters)

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
        """Entries made by or about these members after a sequence number: what a peer
        hub hosting them may take (its members read them there)."""
        return list(self._reader.entries(members=members, after=after, limit=limit))

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
        """(hub, entry) of the peers' entries made by or about a member (filters as for
        `entries`)."""
        return self._reader.peer_entries(member, **filters)
