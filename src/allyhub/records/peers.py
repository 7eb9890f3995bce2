"""Federation's records: pull and push cursors per peer and collection, and what a peer
or feed sent that was refused and held for a retry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cursor:
    peer: str
    collection: str
    added_after: str | None = None
    next_token: str | None = None
    view: str = ""
    pulled: int = 0
    last_pull: int | None = None
    caught_up: int | None = None
    last_error: str | None = None
    error_at: int | None = None
    lag: int | None = None
    refused: int = 0  # versions the peer sent that this hub refused, in all
    last_refusal: str | None = None  # the last one's id and reason
    versions: str = "all"  # what the source offers: all versions, or only the last


@dataclass(frozen=True, slots=True)
class PushCursor:
    peer: str
    collection: str
    after: int = 0  # our date_added of the last version the peer has stored
    pushed: int = 0
    last_push: int | None = None


@dataclass(frozen=True, slots=True)
class Quarantined:
    """One refused version a peer or feed sent, kept until a retry admits it."""

    source: str
    collection: str
    stix_id: str
    version: str
    reason: str
    body: bytes
    origin: bytes | None = None  # a peer's provenance record and its seal's signature
    received: int = 0
    tries: int = 1
    id: int | None = None
