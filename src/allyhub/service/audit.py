"""The audit trail: every share, governance act, key change, login and refused access.

Each entry's hash covers the previous entry's hash and the entry's own fields; the hash
is signed with the hub's Ed25519 key. `verify` walks the chain and names the first entry
that was edited, deleted, inserted or reordered. Cutting entries off the end leaves a
valid shorter chain: compare with a head recorded elsewhere (`allyhub audit head`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from allyhub.service.ports import Clock, ObjectStore, ObjectWriter
from allyhub.store.audit import AuditRow, SqlAuditStore

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
            act = Act(entry.principal, entry.member, entry.act, entry.about, entry.subject)
            if (
                _digest(entry.prev, _canonical(entry.seq, entry.at, act, entry.detail))
                != entry.hash
            ):
                findings.append(Finding(entry.seq, "its contents do not match its hash: edited"))
            try:
                public.verify(entry.signature, entry.hash)
            except InvalidSignature:
                findings.append(
                    Finding(entry.seq, "its signature is not the hub's: forged or edited")
                )
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
